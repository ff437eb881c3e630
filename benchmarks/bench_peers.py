"""Benchmark: secdilemma beside its peers (QuantEcon, pygambit, nashpy), in one run.

Run by hand, from the repository root (the peers are optional: a missing one prints
"n/a" with the reason)::

    python benchmarks/bench_peers.py [--quick] [--seed 0] [--only ROW,ROW]
        [--huge] [--reproduce [NAME]] [--scaling] [--markdown]

(with ``PYTHONPATH=src`` to measure a source checkout rather than the installed
package). It prints one table, the table of issue 14: for every row the work, the rate
of secdilemma, the rate of each peer on the same seeded random games (standard normal
payoffs), the ratio secdilemma/peer, how many games have the same equilibrium set
(every equilibrium of one within 1e-6 of an equilibrium of the other, both ways) and
the issue's target with MET / NOT MET. Times are the best of ``repeat`` runs, in CPU
time of the process by default (``--clock wall`` for wall time): the load of a shared
machine disturbs it far less, and every solver measured runs on one thread. The rows
run through the CLI (``--huge``, ``--reproduce``) are wall times, their CPU time beside.

Rows (``--only`` takes these keys):

``per_call_2x2``, ``per_call_3x3``
    ``solve_nash(bimatrix(A, B))`` called once per game, as a user calls it (building
    the game and validation included), against QuantEcon's ``support_enumeration``
    (``NormalFormGame`` construction included; numba JIT compiled before timing) and
    nashpy's ``Game(A, B).support_enumeration()``. Target: at least as fast as
    QuantEcon per call.
``batch_3x3``, ``batch_4x4``
    ``solve_nash_batch`` on N games at once, against a per-game loop of QuantEcon and of
    pygambit's floating-point ``enummixed_solve``. Target: >= 10x the QuantEcon loop,
    sets identical game by game.
``batch_2x2``
    ``solve_2x2_batch`` on N general 2x2 games, against the loops of all three peers.
``bayesian``
    ``solve_bayesian_batch`` on N random two-type, two-action games (Dirichlet priors),
    against QuantEcon and pygambit on the induced 4x4 normal forms (built once, outside
    the timing); their mixed plans are mapped to behaviour strategies before comparing.
    QuantEcon's support enumeration assumes a nondegenerate game, and the induced form
    is degenerate when both types of a player mix: it then misses equilibria, and the
    note counts the games where its set is at least contained in ours.
``sweep``
    ``sweep(OffenseDefenseModel, ...)`` over a 1000 x 1000 grid with its default
    metrics, serially (points/s on one core); ``num_equilibria`` is checked against
    pygambit's ``enummixed`` on a seeded sample of the grid's stage games.
    Target: >= 3e7 points/s/core.
``import``
    ``import secdilemma`` + the first ``solve_nash`` of a 2x2 game in a fresh
    interpreter (best of several subprocesses; time measured inside the child, the
    interpreter's own start-up excluded; bytecode compiled in an untimed first run, in a
    temporary ``PYTHONPYCACHEPREFIX``, even when ``PYTHONDONTWRITEBYTECODE`` is set),
    beside ``import numpy`` alone and the imports of QuantEcon and nashpy. Ratios are
    time ratios. Target: <= 0.15 s (idle machine).

Optional rows, each in subprocesses:

``--huge``
    A 10^8-point sweep (10^6 with ``--quick``) through ``secdilemma sweep`` on an
    experiment file: wall time, peak RSS (``/usr/bin/time -v``, else the children's
    ``getrusage``), output size and format. Target: peak RSS <= 2 GB, compressed file.
``--reproduce [NAME]``
    ``secdilemma reproduce NAME --out <tmpdir> [--force]`` (NAME defaults to ``all``;
    ``--force`` only when the CLI accepts it): wall time and checks passed.
    Target (``all``): <= 30 s with every check passing.
``--scaling``
    A large sweep serially, on running process pools of 1 and 2 workers (the fresh
    interpreter measurement of ``bench_sweep_scale.py``, reused) and on Dask
    LocalClusters of 1 and 2 worker processes. Target: 2 workers >= 1.7x one.

Rates depend on the machine's load (printed in the header): compare ratios from one
run, never rates across runs. ``--quick`` shrinks every size for a smoke test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

#: Two equilibria are the same when every probability differs by at most this.
ATOL = 1e-6

#: Fixed parameters of the offence-defence sweeps (as in bench_sweep_scale.py).
FIXED = {"status_quo": 10.0, "arms_cost": 1.0, "exploitation_gain": 2.0}

#: Row keys in the order they are printed.
ROWS = ("per_call_2x2", "per_call_3x3", "batch_3x3", "batch_4x4", "batch_2x2", "bayesian",
        "sweep", "import")

PEER_NAMES = ("QuantEcon", "pygambit", "nashpy")

#: The clock of the in-process measurements (``--clock``): CPU time of this process by
#: default, which a shared machine's load disturbs far less than wall time (every
#: measured solver runs on one thread); ``time.perf_counter`` with ``--clock wall``.
CLOCKS = {"cpu": "process_time", "wall": "perf_counter"}
CLOCK = "cpu"


@dataclass(frozen=True)
class Sizes:
    """How many games each measurement uses."""

    per_call: int = 2000          # secdilemma solve_nash calls (2x2; half for 3x3)
    per_call_peer: int = 2000     # QuantEcon calls
    nashpy: int = 1000            # nashpy calls (2x2; a fifth for 3x3)
    batch: int = 20000            # solve_nash_batch games (3x3; half for 4x4)
    batch_peer: int = 3000        # QuantEcon loop on the batch games
    gambit: int = 300             # pygambit loop
    batch_2x2: int = 1_000_000    # solve_2x2_batch games
    bayesian: int = 100_000       # solve_bayesian_batch games
    sweep_axis: int = 1000        # sweep grid is sweep_axis**2 points
    sweep_check: int = 200        # sweep points checked against pygambit
    import_repeat: int = 5        # fresh interpreters per import measurement
    repeat: int = 3               # best of
    huge_axis: int = 10_000       # --huge grid is huge_axis**2 points
    scaling_axis: int = 4000      # --scaling grid is scaling_axis**2 points


FULL = Sizes()
QUICK = Sizes(per_call=200, per_call_peer=200, nashpy=100, batch=2000, batch_peer=300,
              gambit=40, batch_2x2=100_000, bayesian=10_000, sweep_axis=300, sweep_check=40,
              import_repeat=2, repeat=1, huge_axis=1000, scaling_axis=600)


# ---------------------------------------------------------------------- records


@dataclass
class Rate:
    """One measurement: a rate (or a time) with its agreement count, or n/a."""

    value: float | None
    agree: int | None = None
    total: int | None = None
    note: str = ""


@dataclass
class Row:
    """One line of the table: our measurement, the peers', the target."""

    work: str
    unit: str                     # "games/s", "points/s" or "s" (a time: lower is better)
    ours: Rate
    peers: dict = field(default_factory=dict)
    target: str = "-"
    met: bool | None = None
    note: str = ""


def na(reason: str) -> Rate:
    return Rate(None, note=f"n/a: {reason}")


def failure(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return text[:110]


def guarded(fn, *args, **kwargs) -> Rate:
    """``fn(*args)``, or an n/a Rate naming the exception (a missing peer, a changed API)."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
        return na(failure(exc))


def best_time(fn, repeat: int):
    """Best time (on :data:`CLOCK`) of ``repeat`` calls of ``fn`` and the last result."""
    clock = getattr(time, CLOCKS[CLOCK])
    best, out = np.inf, None
    for _ in range(max(1, repeat)):
        t0 = clock()
        out = fn()
        best = min(best, clock() - t0)
    return best, out


# ---------------------------------------------------------------------- games


def rng_for(seed: int, row: str) -> np.random.Generator:
    """One independent stream per row: a row's games do not depend on the others' sizes."""
    return np.random.default_rng([seed, ROWS.index(row) if row in ROWS else len(ROWS)])


def random_games(seed: int, row: str, n: int, k: int, m: int):
    rng = rng_for(seed, row)
    return rng.standard_normal((n, k, m)), rng.standard_normal((n, k, m))


def random_bayesian_games(seed: int, n: int):
    rng = rng_for(seed, "bayesian")
    u0 = rng.standard_normal((n, 2, 2, 2, 2))
    u1 = rng.standard_normal((n, 2, 2, 2, 2))
    prior = rng.dirichlet(np.ones(4), size=n).reshape(n, 2, 2)
    return u0, u1, prior


# ---------------------------------------------------------------------- equilibrium sets


def _close(p, q) -> bool:
    return len(p) == len(q) and all(
        np.shape(u) == np.shape(v) and np.allclose(np.asarray(u, float), np.asarray(v, float),
                                                   atol=ATOL)
        for u, v in zip(p, q))


def same_set(ours, theirs) -> bool:
    """Equal as sets of profiles: each equilibrium of one is within ATOL of one of the other."""
    return (all(any(_close(a, b) for b in theirs) for a in ours)
            and all(any(_close(a, b) for a in ours) for b in theirs))


def contained(theirs, ours) -> bool:
    return all(any(_close(b, a) for a in ours) for b in theirs)


# ---------------------------------------------------------------------- peers


def quantecon_solver():
    """``solve(A, B) -> [(x, y), ...]`` through QuantEcon's support enumeration."""
    import quantecon.game_theory as gt

    def solve(A, B):
        return gt.support_enumeration(gt.NormalFormGame((gt.Player(A), gt.Player(B.T))))

    return solve


def gambit_solver():
    """pygambit's ``enummixed_solve`` in floating point."""
    import pygambit

    def solve(A, B):
        g = pygambit.Game.from_arrays(A, B)
        res = pygambit.nash.enummixed_solve(g, rational=False)
        return [tuple(np.array([float(eq[s]) for s in p.strategies]) for p in g.players)
                for eq in res.equilibria]

    return solve


def nashpy_solver():
    """nashpy's support enumeration."""
    import nashpy

    def solve(A, B):
        return list(nashpy.Game(A, B).support_enumeration())

    return solve


PEER_SOLVERS = {"QuantEcon": quantecon_solver, "pygambit": gambit_solver,
                "nashpy": nashpy_solver}


def peer_loop(name: str, A, B, n: int, reference, repeat: int, to_profile=None) -> Rate:
    """Rate of a peer's per-game loop over the first ``n`` games, and agreement with
    ``reference[i]`` (our equilibria of game i). ``to_profile`` maps a peer's
    equilibrium before comparing (identity by default)."""
    solve = PEER_SOLVERS[name]()
    n = min(n, len(reference), len(A))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solve(A[0], B[0])  # numba JIT compilation (QuantEcon) and first-call costs, excluded
        t, found = best_time(lambda: [solve(A[i], B[i]) for i in range(n)], repeat)
    if to_profile is not None:
        found = [[to_profile(eq) for eq in eqs] for eqs in found]
    agree = sum(same_set(reference[i], eqs) for i, eqs in enumerate(found))
    note = ""
    if agree < n:  # a peer that drops equilibria is a lower bound: is it at least that?
        inside = sum(contained(eqs, reference[i]) for i, eqs in enumerate(found))
        note = f"its set within ours in {inside}/{n}"
    return Rate(n / t, agree, n, note=note)


def peer_rates(names, A, B, sizes: dict, reference, repeat: int, to_profile=None) -> dict:
    return {name: guarded(peer_loop, name, A, B, sizes[name], reference, repeat, to_profile)
            for name in names}


# ---------------------------------------------------------------------- secdilemma API


def _solvers_attr(name: str, *modules: str):
    """``secdilemma.solvers.<name>``, else the first module that has it."""
    import importlib

    for mod in ("secdilemma.solvers",) + modules:
        try:
            return getattr(importlib.import_module(mod), name)
        except (ImportError, AttributeError):
            continue
    raise AttributeError(f"secdilemma has no {name} (looked in secdilemma.solvers, "
                         f"{', '.join(modules)})")


def batch_equilibria(res, i: int) -> list:
    """Equilibria of game i of a BatchNashResult as (x, y) pairs."""
    if callable(getattr(res, "equilibria", None)):
        return [tuple(np.asarray(s) for s in eq) for eq in res.equilibria(i)]
    return [(res.row_strategies[i, k], res.col_strategies[i, k])
            for k in np.flatnonzero(res.mask[i])]


def batch_2x2_equilibria(res, i: int) -> list:
    """Equilibria of game i of a Batch2x2Result (probabilities of action 0)."""
    return [(np.array([p, 1.0 - p]), np.array([q, 1.0 - q]))
            for p, q in zip(res.row_probs[i][res.mask[i]], res.col_probs[i][res.mask[i]])]


def bayesian_equilibria(res, i: int) -> list:
    """Equilibria of game i of a BatchBayesianResult as (x, y): P(action 0) per type."""
    return [(res.row_behaviour[i, k], res.col_behaviour[i, k])
            for k in np.flatnonzero(res.mask[i])]


PLANS = list(itertools.product((0, 1), repeat=2))


def plans_to_behaviour(profile):
    """A pair of mixed plans of the induced 4x4 form -> P(action 0) of each type."""
    return tuple(np.array([sum(p for p, plan in zip(np.asarray(mix, float), PLANS)
                               if plan[t] == 0) for t in (0, 1)])
                 for mix in profile)


# ---------------------------------------------------------------------- rows


def target_ratio(row: Row, peer: str, at_least: float) -> None:
    """Fill ``row.met`` with: ours >= at_least x peer, and sets agree game by game."""
    rate = row.peers.get(peer)
    row.target = f">= {at_least:g}x {peer}, same sets"
    if row.ours.value is None or rate is None or rate.value is None:
        row.met = None
        return
    row.met = (row.ours.value / rate.value >= at_least) and rate.agree == rate.total


def row_per_call(key: str, k: int, seed: int, sz: Sizes) -> Row:
    """``solve_nash(bimatrix(A, B))`` one game per call, against peers per call."""
    n = sz.per_call if k == 2 else sz.per_call // 2
    A, B = random_games(seed, key, n, k, k)
    row = Row(f"solve_nash, one {k}x{k} game per call", "games/s", na("not run"))
    reference = []
    try:
        import secdilemma as sd

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sd.solve_nash(sd.bimatrix(A[0], B[0]))  # first-call costs, excluded
            t, results = best_time(lambda: [sd.solve_nash(sd.bimatrix(A[i], B[i]))
                                            for i in range(n)], sz.repeat)
        reference = [[tuple(e.strategies) for e in r.equilibria] for r in results]
        row.ours = Rate(n / t, note=f"{n} games")
    except Exception as exc:  # noqa: BLE001
        row.ours = na(failure(exc))
    nashpy_n = sz.nashpy if k == 2 else sz.nashpy // 5
    row.peers = peer_rates(("QuantEcon", "nashpy"), A, B,
                           {"QuantEcon": sz.per_call_peer, "nashpy": nashpy_n},
                           reference, sz.repeat)
    target_ratio(row, "QuantEcon", 1.0)
    return row


def row_nash_batch(key: str, k: int, seed: int, sz: Sizes) -> Row:
    """``solve_nash_batch`` on N k x k games, against per-game peer loops."""
    n = sz.batch if k == 3 else sz.batch // 2
    A, B = random_games(seed, key, n, k, k)
    row = Row(f"solve_nash_batch, {k}x{k}", "games/s", na("not run"))
    reference = []
    try:
        solve_nash_batch = _solvers_attr("solve_nash_batch", "secdilemma.solvers.batched_nash")
        solve_nash_batch(A[:16], B[:16])  # first-call costs, excluded
        t, res = best_time(lambda: solve_nash_batch(A, B), sz.repeat)
        reference = [batch_equilibria(res, i) for i in range(min(n, sz.batch_peer))]
        fallback = int(np.sum(getattr(res, "fallback", 0)))
        row.ours = Rate(n / t, note=f"{n:,} games, {fallback} by the per-game fallback")
    except Exception as exc:  # noqa: BLE001
        row.ours = na(failure(exc))
    row.peers = peer_rates(("QuantEcon", "pygambit"), A, B,
                           {"QuantEcon": sz.batch_peer, "pygambit": sz.gambit},
                           reference, sz.repeat)
    target_ratio(row, "QuantEcon", 10.0)
    return row


def row_2x2_batch(seed: int, sz: Sizes) -> Row:
    """``solve_2x2_batch`` on N general 2x2 games, against the peers' loops."""
    n = sz.batch_2x2
    A, B = random_games(seed, "batch_2x2", n, 2, 2)
    row = Row("solve_2x2_batch, general 2x2", "games/s", na("not run"))
    reference = []
    try:
        solve_2x2_batch = _solvers_attr("solve_2x2_batch", "secdilemma.solvers.batched")
        solve_2x2_batch(A[:16], B[:16])
        t, res = best_time(lambda: solve_2x2_batch(A, B), sz.repeat)
        reference = [batch_2x2_equilibria(res, i) for i in range(min(n, sz.batch_peer))]
        row.ours = Rate(n / t, note=f"{n:,} games")
    except Exception as exc:  # noqa: BLE001
        row.ours = na(failure(exc))
    row.peers = peer_rates(PEER_NAMES, A, B, {"QuantEcon": sz.batch_peer,
                                              "pygambit": sz.gambit,
                                              "nashpy": sz.nashpy // 2},
                           reference, sz.repeat)
    row.target = "- (no target in the issue)"
    return row


def row_bayesian(seed: int, sz: Sizes) -> Row:
    """``solve_bayesian_batch`` on random 2-type games, against peers on the induced 4x4."""
    n = sz.bayesian
    u0, u1, prior = random_bayesian_games(seed, n)
    row = Row("2-type Bayesian batch (random)", "games/s", na("not run"))
    reference = []
    try:
        solve_bayesian_batch = _solvers_attr("solve_bayesian_batch",
                                             "secdilemma.solvers.batched_bayesian")
        solve_bayesian_batch(u0[:16], u1[:16], prior[:16])
        t, res = best_time(lambda: solve_bayesian_batch(u0, u1, prior), sz.repeat)
        reference = [bayesian_equilibria(res, i) for i in range(min(n, sz.batch_peer))]
        fallback = int(np.sum(getattr(res, "fallback", 0)))
        row.ours = Rate(n / t, note=f"{n:,} games, {fallback} by the per-game fallback")
    except Exception as exc:  # noqa: BLE001
        row.ours = na(failure(exc))
    try:
        from secdilemma.solvers.batched_bayesian import induced_normal_form_batch

        m = len(reference)
        A, B = induced_normal_form_batch(u0[:m], u1[:m], prior[:m])
    except Exception as exc:  # noqa: BLE001
        row.peers = {p: na(f"induced normal form: {failure(exc)}") for p in PEER_NAMES}
        return row
    row.peers = peer_rates(("QuantEcon", "pygambit"), A, B,
                           {"QuantEcon": sz.batch_peer, "pygambit": sz.gambit},
                           reference, sz.repeat, to_profile=plans_to_behaviour)
    row.target = "- (no target in the issue)"
    return row


def offense_defense_games(axis: int, flat_index):
    """The stage games (A, B) of the sweep grid at the given flat indices."""
    from secdilemma.models import OffenseDefenseModel

    theta, loss = sweep_grid(axis).values()
    i, j = np.unravel_index(flat_index, (axis, axis))
    R, S, T, P = OffenseDefenseModel.stage_payoffs_batch(offense_advantage=theta[i],
                                                         exploitation_loss=loss[j], **FIXED)
    A = np.stack([np.stack([R, S], -1), np.stack([T, P], -1)], 1)
    return A, A.transpose(0, 2, 1).copy()


def sweep_grid(axis: int) -> dict:
    return {"offense_advantage": np.linspace(0.0, 1.0, axis),
            "exploitation_loss": np.linspace(0.5, 6.0, axis)}


def row_sweep(seed: int, sz: Sizes) -> Row:
    """The serial sweep of the offence-defence model with its default metrics."""
    axis = sz.sweep_axis
    points = axis * axis
    row = Row(f"sweep(OffenseDefenseModel), {points:,} points, serial",
              "points/s", na("not run"), target=">= 3e7 points/s/core")
    try:
        from secdilemma.analysis import sweep
        from secdilemma.models import OffenseDefenseModel

        sweep(OffenseDefenseModel, {k: v[:5] for k, v in sweep_grid(axis).items()},
              fixed=FIXED)
        t, ds = best_time(lambda: sweep(OffenseDefenseModel, sweep_grid(axis), fixed=FIXED),
                          sz.repeat)
        row.ours = Rate(points / t, note=f"default metrics: {', '.join(ds.data_vars)}")
        row.met = points / t >= 3e7
    except Exception as exc:  # noqa: BLE001
        row.ours = na(failure(exc))
        return row
    try:  # correctness: number of equilibria at sampled points against pygambit
        sample = rng_for(seed, "sweep").choice(points, size=min(sz.sweep_check, points),
                                               replace=False)
        A, B = offense_defense_games(axis, sample)
        solve = gambit_solver()
        counts = ds["num_equilibria"].values.ravel()[sample]
        agree = sum(len(solve(A[i], B[i])) == counts[i] for i in range(len(sample)))
        row.ours.agree, row.ours.total = agree, len(sample)
        row.ours.note += "; agreement: num_equilibria = pygambit enummixed count"
    except Exception as exc:  # noqa: BLE001
        row.ours.note += f"; check n/a: {failure(exc)}"
    return row


IMPORT_SNIPPETS = {
    "secdilemma": "import secdilemma as sd; "
                  "sd.solve_nash(sd.bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]]))",
    "numpy": "import numpy",
    "QuantEcon": "import quantecon",
    "nashpy": "import nashpy",
}


def bytecode_env(cache_dir: str) -> dict:
    """The environment of the import measurements: bytecode written and read (as after
    ``pip install``, which compiles it), in ``cache_dir`` so the source tree stays
    untouched. With ``PYTHONDONTWRITEBYTECODE`` set, a source checkout would otherwise
    be recompiled by every fresh interpreter while the installed peers load their
    bytecode."""
    env = os.environ.copy()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = cache_dir
    return env


def fresh_interpreter_time(snippet: str, repeat: int, env: dict) -> tuple[float, float]:
    """Best in-process time (on :data:`CLOCK`) of ``snippet`` over fresh interpreters,
    and the wall time of that same subprocess (interpreter start-up included). A first,
    untimed run writes the bytecode."""
    clock = f"time.{CLOCKS[CLOCK]}()"
    code = f"import time; _t0 = {clock}\n{snippet}\nprint({clock} - _t0)"
    best = (np.inf, np.inf)
    for attempt in range(repeat + 1):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=env)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError((proc.stderr.strip().splitlines() or ["?"])[-1])
        if attempt:
            best = min(best, (float(proc.stdout.strip().splitlines()[-1]), wall))
    return best


def row_import(sz: Sizes) -> Row:
    row = Row("import secdilemma + first 2x2 solve_nash (fresh process)", "s",
              na("not run"), target="<= 0.15 s (idle machine)")
    times = {}
    with tempfile.TemporaryDirectory(prefix="bench_pycache_") as cache:
        env = bytecode_env(cache)
        for name, snippet in IMPORT_SNIPPETS.items():
            try:
                inner, wall = fresh_interpreter_time(snippet, sz.import_repeat, env)
                times[name] = Rate(inner, note=f"subprocess wall {wall:.3f} s")
            except Exception as exc:  # noqa: BLE001
                times[name] = na(failure(exc))
        try:
            _, start = fresh_interpreter_time("pass", sz.import_repeat, env)
            row.note = (f"empty interpreter start-up: {start:.3f} s (excluded); bytecode "
                        f"cached for every library")
        except Exception as exc:  # noqa: BLE001
            row.note = f"start-up n/a: {failure(exc)}"
    row.ours = times.pop("secdilemma")
    row.peers = {"numpy alone": times.pop("numpy"), **times}
    if row.ours.value is not None:
        row.met = row.ours.value <= 0.15
    return row


# ---------------------------------------------------------------------- optional rows


def cli_command(*args: str) -> list[str]:
    """The ``secdilemma`` command run by this interpreter (so PYTHONPATH applies)."""
    return [sys.executable, "-c", "import sys; from secdilemma.cli import main; "
                                  "sys.exit(main())", *args]


def measured_run(cmd: list[str], timeout: float):
    """Run ``cmd``; return (wall s, CPU s of the command and its children, peak RSS bytes
    or None, how RSS was measured, the CompletedProcess)."""
    import resource

    gnu_time = os.access("/usr/bin/time", os.X_OK)
    full = (["/usr/bin/time", "-v"] + cmd) if gnu_time else cmd
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu0 = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    proc = subprocess.run(full, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu0  # with every process it waited for
    if gnu_time:
        m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", proc.stderr)
        return wall, cpu, (int(m.group(1)) * 1024 if m else None), "/usr/bin/time -v", proc
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    how = "getrusage(RUSAGE_CHILDREN), an upper bound" if after <= before else \
        "getrusage(RUSAGE_CHILDREN)"
    return wall, cpu, after * 1024, how, proc


def file_format(path: str) -> str:
    if os.path.isdir(path):
        names = set(os.listdir(path))
        return "zarr" if names & {".zgroup", "zarr.json", ".zattrs"} else "directory"
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\x89HDF"):
        return "netCDF4/HDF5"
    if head[:3] == b"CDF":
        return f"netCDF-3 (version byte {head[3]}, uncompressed)"
    return f"unknown (starts {head[:4]!r})"


def path_size(path: str) -> int:
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path)
                   for f in fs)
    return os.path.getsize(path)


def row_huge(sz: Sizes, workers: int = 0) -> Row:
    """A 10^8-point sweep through the CLI (serial, or on a pool of ``workers``): wall
    time, peak RSS (of the largest process: the CLI or one worker), output size and
    format."""
    axis = sz.huge_axis
    how_run = f"{workers} pool workers" if workers else "serial"
    row = Row(f"{axis * axis:,}-point sweep (CLI, {how_run})", "s", na("not run"),
              target="peak RSS <= 2 GB, compressed chunked file")
    with tempfile.TemporaryDirectory(prefix="bench_huge_") as tmp:
        exp = os.path.join(tmp, "huge.toml")
        with open(exp, "w") as fh:
            fh.write('model = "offense_defense"\n[fixed]\n'
                     + "".join(f"{k} = {v}\n" for k, v in FIXED.items())
                     + "[grid]\n"
                     + "".join(f"{k} = {{start = {v[0]}, stop = {v[-1]}, num = {axis}}}\n"
                               for k, v in sweep_grid(2).items())
                     + '[output]\npath = "huge.nc"\n')
        try:
            args = ("sweep", exp) + (("--executor", str(workers)) if workers else ())
            wall, cpu, rss, how, proc = measured_run(cli_command(*args), timeout=3600)
        except Exception as exc:  # noqa: BLE001
            row.ours = na(failure(exc))
            return row
        if proc.returncode != 0:
            tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
            row.ours = na(f"exit {proc.returncode}: {tail[:100]}")
            return row
        outputs = [os.path.join(tmp, f) for f in os.listdir(tmp) if f != "huge.toml"]
        size = sum(path_size(p) for p in outputs)
        fmt = ", ".join(file_format(p) for p in outputs) or "no output file"
        rss_text = f"{rss / 2**30:.2f} GiB ({how})" if rss else "RSS n/a"
        row.ours = Rate(wall, note=f"wall time; cpu {cpu:.1f} s; peak RSS "
                                   f"{rss_text}; output {size / 2**30:.2f} GiB, {fmt}")
        row.met = bool(rss) and rss <= 2 * 2**30 and "uncompressed" not in fmt
    return row


def cli_accepts(option: str, *subcommand: str) -> bool:
    proc = subprocess.run(cli_command(*subcommand, "--help"), capture_output=True, text=True)
    return option in proc.stdout


def row_reproduce(name: str) -> Row:
    """``secdilemma reproduce NAME``: wall time and the checks it reports."""
    row = Row(f"secdilemma reproduce {name}", "s", na("not run"),
              target="<= 30 s, every check passing" if name == "all" else "- (one reproduction)")
    with tempfile.TemporaryDirectory(prefix="bench_reproduce_") as tmp:
        args = ["reproduce", name, "--out", tmp]
        force = cli_accepts("--force", "reproduce")
        if force:
            args.append("--force")
        try:
            wall, cpu, _, _, proc = measured_run(cli_command(*args), timeout=3600)
        except Exception as exc:  # noqa: BLE001
            row.ours = na(failure(exc))
            return row
    m = re.search(r"(\d+) of (\d+) checks passed", proc.stdout)
    passed, total = (int(m.group(1)), int(m.group(2))) if m else (None, None)
    row.ours = Rate(wall, passed, total, note=f"wall time; cpu {cpu:.1f} s; "
                                             f"exit {proc.returncode}; --force "
                                             f"{'used' if force else 'not accepted'}")
    if name == "all":
        row.met = (wall <= 30 and proc.returncode == 0 and total is not None
                   and passed == total)
    return row


def dask_scaling(axis: int) -> dict:
    """In a fresh interpreter: the serial sweep and the same sweep on Dask LocalClusters
    of 1 and 2 worker processes (started and warmed before timing)."""
    sys.path.insert(0, HERE)
    import bench_sweep_scale as scale  # reuse: best_of and the fixed parameters
    from dask.distributed import Client, LocalCluster

    from secdilemma.analysis import sweep

    grid = sweep_grid(axis)
    chunk = 1 << 16

    def run(executor=None):
        return sweep("offense_defense", grid, fixed=scale.FIXED, chunk_size=chunk,
                     executor=executor)

    out = {}
    out["serial"], reference = scale.best_of(run, repeat=2)
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            sweep("offense_defense", {k: v[:5] for k, v in grid.items()},
                  fixed=scale.FIXED, executor=client)  # workers import the package
            out[f"dask_{workers}"], ds = scale.best_of(lambda: run(client), repeat=2)
            out[f"identical_{workers}"] = all(
                np.array_equal(reference[v].values, ds[v].values, equal_nan=True)
                for v in reference.data_vars)
    return out


def child_json(cmd: list[str], timeout: float) -> dict:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError((proc.stderr.strip().splitlines() or ["?"])[-1])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def rows_scaling(sz: Sizes) -> list[Row]:
    """Process pools (bench_sweep_scale.py's fresh-interpreter measurement) and Dask."""
    axis = sz.scaling_axis
    pts = axis * axis
    rows = []
    pool = Row(f"sweep on 2 pool workers vs 1, {pts:,} points", "points/s", na("not run"),
               target=">= 1.7x one worker")
    try:
        sc = child_json([sys.executable, os.path.join(HERE, "bench_sweep_scale.py"),
                         "--scaling-only", str(axis)], timeout=3600)
        pool.ours = Rate(pts / sc["pool_2"], note=f"identical: {sc['identical_pool']}")
        pool.peers = {"1 worker": Rate(pts / sc["pool_1"]),
                      "serial": Rate(pts / sc["serial"])}
        pool.met = sc["pool_1"] / sc["pool_2"] >= 1.7 and sc["identical_pool"]
        pool.note = f"running pools ({sc.get('start_method', '?')}), bench_sweep_scale.py"
    except Exception as exc:  # noqa: BLE001
        pool.ours = na(failure(exc))
    rows.append(pool)
    dask = Row(f"sweep on Dask LocalCluster, 2 workers vs 1, {pts:,} points", "points/s",
               na("not run"), target=">= 1.7x one worker")
    try:
        dc = child_json([sys.executable, os.path.abspath(__file__), "--dask-only",
                         str(axis)], timeout=3600)
        dask.ours = Rate(pts / dc["dask_2"], note=f"identical: {dc['identical_2']}")
        dask.peers = {"1 worker": Rate(pts / dc["dask_1"]),
                      "serial": Rate(pts / dc["serial"])}
        dask.met = dc["dask_1"] / dc["dask_2"] >= 1.7 and dc["identical_2"]
    except Exception as exc:  # noqa: BLE001
        dask.ours = na(failure(exc))
    rows.append(dask)
    return rows


# ---------------------------------------------------------------------- printing


def fmt_value(rate: Rate, unit: str) -> str:
    if rate.value is None:
        return "n/a" if rate.note else "-"
    if unit == "s":
        return f"{rate.value:.3f} s"
    return f"{rate.value:,.0f}/s" if rate.value >= 100 else f"{rate.value:.3g}/s"


def fmt_ratio(ours: Rate, peer: Rate) -> str:
    if ours.value is None or peer.value is None or peer.value == 0:
        return "-"
    ratio = ours.value / peer.value
    return f"{ratio:,.0f}x" if ratio >= 1000 else f"{ratio:.3g}x"


def fmt_agree(rate: Rate) -> str:
    return "-" if rate.agree is None else f"{rate.agree}/{rate.total}"


def fmt_target(row: Row) -> str:
    if row.target.startswith("-"):
        return row.target
    verdict = {True: "MET", False: "NOT MET", None: "n/a"}[row.met]
    return f"{row.target}: {verdict}"


def print_table(rows: list[Row]) -> None:
    """Plain text: one line per (row, peer); the work, our rate and the target once."""
    head = (f"{'work':<58} {'secdilemma':>14}  {'peer':<12} {'peer rate':>12} "
            f"{'ratio':>8} {'agree':>11}  target / notes")
    print(head)
    print("-" * len(head))
    for row in rows:
        peers = list(row.peers.items()) or [("-", Rate(None))]
        for j, (name, rate) in enumerate(peers):
            first = j == 0
            work = row.work if first else ""
            ours = f"{fmt_value(row.ours, row.unit)}" if first else ""
            tail = fmt_target(row) if first else ""
            note = rate.note
            print(f"{work:<58} {ours:>14}  {name:<12} {fmt_value(rate, row.unit):>12} "
                  f"{fmt_ratio(row.ours, rate):>8} {fmt_agree(rate):>11}  "
                  + "; ".join(x for x in (tail, note) if x))
        notes = "; ".join(x for x in (row.ours.note, row.note) if x)
        if notes or row.ours.agree is not None:
            extra = f"(checked {fmt_agree(row.ours)}) " if row.ours.agree is not None else ""
            print(f"{'':<4}secdilemma: {extra}{notes}")
    print()


def print_markdown(rows: list[Row]) -> None:
    """The issue's layout: one line per row, a column per peer (rate, ratio, agreement)."""
    names = [n for n in PEER_NAMES if any(n in row.peers for row in rows)]
    for row in rows:
        names += [n for n in row.peers if n not in names]
    print("| work | secdilemma | " + " | ".join(names) + " | target |")
    print("|---" * (len(names) + 3) + "|")
    for row in rows:
        cells = []
        for n in names:
            rate = row.peers.get(n)
            if rate is None or rate.value is None:
                cells.append("-")
            else:
                agree = f", {fmt_agree(rate)} agree" if rate.agree is not None else ""
                cells.append(f"{fmt_value(rate, row.unit)} ({fmt_ratio(row.ours, rate)}"
                             f"{agree})")
        checked = f" ({fmt_agree(row.ours)} checked)" if row.ours.agree is not None else ""
        print(f"| {row.work} | {fmt_value(row.ours, row.unit)}{checked} | " + " | ".join(cells)
              + f" | {fmt_target(row)} |")
    print()


def versions() -> str:
    out = []
    for mod in ("secdilemma", "numpy", "quantecon", "pygambit", "nashpy", "numba"):
        try:
            m = __import__(mod)
            out.append(f"{mod} {getattr(m, '__version__', '?')}")
        except Exception:  # noqa: BLE001
            out.append(f"{mod} absent")
    return ", ".join(out)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


# ---------------------------------------------------------------------- main


def run_rows(keys, seed: int, sz: Sizes) -> list[Row]:
    makers = {
        "per_call_2x2": lambda: row_per_call("per_call_2x2", 2, seed, sz),
        "per_call_3x3": lambda: row_per_call("per_call_3x3", 3, seed, sz),
        "batch_3x3": lambda: row_nash_batch("batch_3x3", 3, seed, sz),
        "batch_4x4": lambda: row_nash_batch("batch_4x4", 4, seed, sz),
        "batch_2x2": lambda: row_2x2_batch(seed, sz),
        "bayesian": lambda: row_bayesian(seed, sz),
        "sweep": lambda: row_sweep(seed, sz),
        "import": lambda: row_import(sz),
    }
    rows = []
    for key in keys:
        t0 = time.perf_counter()
        rows.append(makers[key]())
        print(f"  [{key} measured in {time.perf_counter() - t0:.1f} s]", file=sys.stderr)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random games")
    parser.add_argument("--only", default=",".join(ROWS),
                        help=f"comma-separated rows (default: all of {', '.join(ROWS)})")
    parser.add_argument("--huge", action="store_true", help="add the 1e8-point CLI sweep")
    parser.add_argument("--reproduce", nargs="?", const="all", default=None, metavar="NAME",
                        help="add 'secdilemma reproduce NAME' (default NAME: all)")
    parser.add_argument("--scaling", action="store_true",
                        help="add process-pool and Dask scaling")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                        help="in-process timings: CPU time of the process (default, "
                             "robust to other load) or wall time")
    parser.add_argument("--markdown", action="store_true",
                        help="also print the table in the issue's markdown layout")
    parser.add_argument("--dask-only", type=int, default=None, metavar="AXIS",
                        help=argparse.SUPPRESS)  # internal: the Dask child process
    args = parser.parse_args(argv)
    if args.dask_only is not None:
        print(json.dumps(dask_scaling(args.dask_only)))
        return 0
    keys = [k.strip() for k in args.only.split(",") if k.strip()]
    unknown = [k for k in keys if k not in ROWS]
    if unknown:
        parser.error(f"--only: unknown rows {unknown}; choose from {', '.join(ROWS)}")
    sz = QUICK if args.quick else FULL
    global CLOCK
    CLOCK = args.clock
    print(f"bench_peers: {platform.node()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; {versions()}")
    print(f"seed {args.seed}{', quick sizes' if args.quick else ''}; clock: {CLOCK} "
          f"(time.{CLOCKS[CLOCK]}) in-process, wall for the CLI rows; load average at "
          f"start: {load()} (rates depend on it: compare the ratios within one run)")
    print()
    rows = run_rows(keys, args.seed, sz)
    if args.huge:
        rows.append(row_huge(sz))
        rows.append(row_huge(sz, workers=2))
    if args.reproduce:
        rows.append(row_reproduce(args.reproduce))
    if args.scaling:
        rows += rows_scaling(sz)
    print_table(rows)
    if args.markdown:
        print_markdown(rows)
    print(f"load average at end: {load()}; ratio = secdilemma / peer (rates: > 1 is "
          f"faster; times in s: < 1 is faster); agree = games with the same equilibrium "
          f"set (atol {ATOL:g})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
