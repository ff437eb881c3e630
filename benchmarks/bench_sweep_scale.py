"""Benchmark: sweeps at scale, against per-point loops of nashpy, pygambit and QuantEcon.

Run by hand (takes a minute or two)::

    python benchmarks/bench_sweep_scale.py [--points-per-axis 2000] [--sample 1000]
        [--large 4000] [--seed 0] [--quick]

Prints one table:

1. 2x2 (offence-defence model, our formalisation of Jervis 1978): the ``sweep`` on one
   core (all six metrics; the two equilibrium metrics only), the fast symmetric kernel
   alone, the general ``solve_2x2_batch`` (padded equilibria of arbitrary 2x2 games),
   and per-point loops of nashpy (``support_enumeration``), pygambit
   (``enummixed_solve``, floating point) and QuantEcon (``support_enumeration``,
   numba-compiled; JIT warm-up excluded) on a random subsample of the same games, with
   a check that every peer finds the same equilibria.
2. 2-type Bayesian games (Kydd's security dilemma, 4x4 induced normal form):
   ``solve_bayesian_batch`` on the agent form, the model's closed-form ``sweep``, our
   per-game ``solve_bayesian``, and the peers on the induced 4x4 normal form (their
   equilibria mapped to behaviour strategies must be among ours).
3. Scaling: the same large 2x2 sweep serially, on a running pool of 1 and of 2 workers,
   and on a pool started by the sweep (``executor=2``), measured in a fresh interpreter.
4. Peak memory (tracemalloc) against grid size at a fixed chunk size.

Targets of issue 6: 2x2 >= 1e7 points/s/core, >= 4000x nashpy, >= 150x QuantEcon;
2-type Bayesian >= 1e6 points/s; 2 workers >= 1.7x one. The machine's other load
matters: run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
import tracemalloc
import warnings

import numpy as np

FIXED = {"status_quo": 10.0, "arms_cost": 1.0, "exploitation_gain": 2.0}


def _warm_worker(_):
    """Start a pool worker: import the package so the timing excludes start-up."""
    import secdilemma.analysis.sweep  # noqa: F401

    return os.getpid()


def process_cpu(pids) -> float:
    """CPU seconds (user + system) used so far by the processes ``pids`` (Linux
    ``/proc/<pid>/stat``; 0 elsewhere)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def cpu_profile(run, pids, chunks: int, repeat=3) -> dict:
    """Best wall time of ``run()``, and the CPU time of this process (the parent of a
    sweep) and of the worker processes ``pids`` per chunk, from the same best run: CPU
    times that the machine's other load disturbs far less than the wall time. The result
    returned is the last run's; each run's result is dropped before the next starts
    (as in :func:`best_of`)."""
    best, out = None, None
    for _ in range(repeat):
        out = None
        w0, p0, t0 = process_cpu(pids), time.process_time(), time.perf_counter()
        out = run()
        t, p, w = time.perf_counter() - t0, time.process_time() - p0, process_cpu(pids) - w0
        if best is None or t < best[0]:
            best = (t, p, w)
    t, p, w = best
    return {"wall": t, "parent_cpu_per_chunk_ms": 1e3 * p / chunks,
            "worker_cpu_per_chunk_ms": 1e3 * w / chunks, "result": out}


def best_of(fn, repeat=3):
    """Best wall time of ``repeat`` runs (and the last result). The previous run's
    result is dropped before the clock starts: freeing it (the shared output memory of
    a parallel sweep: about 55 ms for a 16-million-point result) is not the next run's
    work."""
    best, out = np.inf, None
    for _ in range(repeat):
        out = None
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def od_games(n):
    from secdilemma.models import OffenseDefenseModel

    theta, L = (m.ravel() for m in np.meshgrid(np.linspace(0, 1, n), np.linspace(0.5, 6, n),
                                               indexing="ij"))
    R, S, T, P = OffenseDefenseModel.stage_payoffs_batch(offense_advantage=theta,
                                                         exploitation_loss=L, **FIXED)
    A = np.stack([np.stack([R, S], -1), np.stack([T, P], -1)], 1)
    return A, A.transpose(0, 2, 1).copy()


def peers_2x2(A, B, sample, reference):
    """Per-point loops of the peers; returns {name: (points/s, agreeing games)}."""
    out = {}
    import nashpy
    import pygambit
    import quantecon.game_theory as gt

    def same(found, i):
        ref = sorted((round(float(reference.row_probs[i, k]), 7),
                      round(float(reference.col_probs[i, k]), 7))
                     for k in range(reference.count[i]))
        got = sorted((round(float(x[0]), 7), round(float(y[0]), 7)) for x, y in found)
        return ref == got

    def run(name, solve, idx):
        t0 = time.perf_counter()
        found = [solve(i) for i in idx]
        dt = time.perf_counter() - t0
        agree = sum(same(f, i) for f, i in zip(found, idx))
        out[name] = (len(idx) / dt, agree, len(idx))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run("nashpy support_enumeration",
            lambda i: list(nashpy.Game(A[i], B[i]).support_enumeration()), sample)

        def gambit(i):
            g = pygambit.Game.from_arrays(A[i], B[i])
            res = pygambit.nash.enummixed_solve(g, rational=False)
            return [tuple(np.array([float(eq[s]) for s in p.strategies]) for p in g.players)
                    for eq in res.equilibria]

        run("pygambit enummixed", gambit, sample[: max(1, len(sample) // 2)])

        def qe(i):
            return gt.support_enumeration(gt.NormalFormGame((gt.Player(A[i]),
                                                             gt.Player(B[i].T))))

        qe(sample[0])  # numba JIT compilation, excluded
        run("QuantEcon support_enumeration", qe, sample)
    return out


def bayes_peers(u0, u1, prior, sample, batch):
    """Peers on the induced 4x4 normal form; behaviour strategies must be among ours."""
    import nashpy
    import pygambit
    import quantecon.game_theory as gt

    from secdilemma import BayesianGame, solve_bayesian
    from secdilemma.solvers.batched_bayesian import induced_normal_form_batch

    A, B = induced_normal_form_batch(u0[sample], u1[sample], prior[sample])
    plans = list(itertools.product((0, 1), repeat=2))

    def behaviour(mix):
        mix = np.asarray(mix, dtype=float)
        return np.array([sum(p for p, plan in zip(mix, plans) if plan[t] == 0)
                         for t in (0, 1)])

    def consistent(found, i):
        ours = [(batch.row_behaviour[i, k], batch.col_behaviour[i, k])
                for k in np.flatnonzero(batch.mask[i])]
        ok = all(any(np.allclose(behaviour(x), a, atol=1e-6)
                     and np.allclose(behaviour(y), b, atol=1e-6) for a, b in ours)
                 for x, y in found)
        # a type of prior probability zero does not move ex-ante payoffs: the induced
        # normal form then has equilibria in which it does not best-reply (not
        # Bayes-Nash); those games are counted apart
        zero_type = bool(np.any(prior[i].sum(axis=0) == 0) or np.any(prior[i].sum(axis=1) == 0))
        return ok or zero_type, zero_type

    out = {}

    def run(name, solve, n):
        t0 = time.perf_counter()
        found = [solve(j) for j in range(n)]
        dt = time.perf_counter() - t0
        checks = [consistent(f, sample[j]) for j, f in enumerate(found)]
        out[name] = (n / dt, sum(c[0] for c in checks), n, sum(c[1] for c in checks))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run("solve_bayesian (ours, per game)",
            lambda j: [(_plan_of(e.strategies[0]), _plan_of(e.strategies[1]))
                       for e in solve_bayesian(BayesianGame(
                           [u0[sample[j]], u1[sample[j]]], prior=prior[sample[j]]),
                           warn=False).equilibria], len(sample) // 4)
        run("nashpy support_enumeration (4x4)",
            lambda j: list(nashpy.Game(A[j], B[j]).support_enumeration()), len(sample))

        def gambit(j):
            g = pygambit.Game.from_arrays(A[j], B[j])
            res = pygambit.nash.enummixed_solve(g, rational=False)
            return [tuple(np.array([float(eq[s]) for s in p.strategies]) for p in g.players)
                    for eq in res.equilibria]

        run("pygambit enummixed (4x4)", gambit, len(sample) // 2)

        def qe(j):
            return gt.support_enumeration(gt.NormalFormGame((gt.Player(A[j]),
                                                             gt.Player(B[j].T))))

        qe(0)
        run("QuantEcon support_enumeration (4x4)", qe, len(sample))
    return out


def _plan_of(behaviour):
    """A mixed plan inducing a behaviour strategy (independent across types)."""
    x = behaviour[:, 0]
    return np.array([(x[0] if a == 0 else 1 - x[0]) * (x[1] if b == 0 else 1 - x[1])
                     for a, b in itertools.product((0, 1), repeat=2)])


def scaling(L: int) -> dict:
    """Time the same large 2x2 sweep serially, on running pools of 1 and 2 workers, and
    with ``executor=2``; returns the times (s) and whether the datasets are identical.

    Run by :func:`main` in a fresh interpreter: measured after the other sections in
    the same process, the pools ran up to twice as slow (the parent by then holds
    the peers' libraries and a large, fragmented heap), which says nothing about
    the sweep.
    """
    import concurrent.futures as cf
    import multiprocessing as mp

    from secdilemma.analysis import sweep

    lgrid = {"offense_advantage": np.linspace(0, 1, L),
             "exploitation_loss": np.linspace(0.5, 6, L)}
    chunk = 1 << 16
    sweep("offense_defense", {k: v[:5] for k, v in lgrid.items()}, fixed=FIXED)
    t1, d1 = best_of(lambda: sweep("offense_defense", lgrid, fixed=FIXED, chunk_size=chunk),
                     repeat=3)
    t2, d2 = best_of(lambda: sweep("offense_defense", lgrid, fixed=FIXED, chunk_size=chunk,
                                   executor=2), repeat=2)
    # pools that are already running (workers started and secdilemma imported): the
    # steady-state scaling a long sweep sees; one worker and two, the same code path;
    # workers from a fork server (clean processes), as Python 3.14 makes the default
    context = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods()
                             else "spawn")
    warm, cpu = {}, {}
    chunks = -(-L * L // chunk)
    for workers in (1, 2):
        with cf.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pids = set(pool.map(_warm_worker, range(4 * workers)))
            prof = cpu_profile(lambda: sweep("offense_defense", lgrid, fixed=FIXED,
                                             chunk_size=chunk, executor=pool),
                               pids, chunks, repeat=3)
            warm[workers] = (prof.pop("wall"), prof.pop("result"))
            cpu[workers] = prof
    serial = cpu_profile(lambda: sweep("offense_defense", lgrid, fixed=FIXED,
                                       chunk_size=chunk), (), chunks, repeat=2)

    def same(d):
        return all(np.array_equal(d1[k].values, d[k].values, equal_nan=True)
                   for k in d1.data_vars)

    return {"serial": t1, "new_pool_2": t2, "pool_1": warm[1][0], "pool_2": warm[2][0],
            "identical_new": same(d2), "identical_pool": same(warm[2][1]) and same(warm[1][1]),
            "start_method": context.get_start_method(),
            "serial_cpu_per_chunk_ms": serial["parent_cpu_per_chunk_ms"],
            "pool_1_cpu": cpu[1], "pool_2_cpu": cpu[2],
            "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points-per-axis", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--large", type=int, default=4000,
                        help="points per axis of the scaling sweep")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    parser.add_argument("--scaling-only", type=int, metavar="L", default=None,
                        help=argparse.SUPPRESS)  # internal: the scaling section alone
    args = parser.parse_args(argv)
    if args.scaling_only is not None:
        import json

        print(json.dumps(scaling(args.scaling_only)))
        return 0
    if args.quick:
        args.points_per_axis, args.sample, args.large = 300, 60, 600

    from secdilemma.analysis import sweep
    from secdilemma.models.security_dilemma import security_dilemma_batch
    from secdilemma.models.stage_metrics import symmetric_2x2_metrics
    from secdilemma.solvers.batched import solve_2x2_batch
    from secdilemma.solvers.batched_bayesian import solve_bayesian_batch

    rng = np.random.default_rng(args.seed)
    rows = []

    def row(section, name, rate, note=""):
        rows.append((section, name, rate, note))

    # ------------------------------------------------------------------ 2x2
    n = args.points_per_axis
    points = n * n
    grid = {"offense_advantage": np.linspace(0, 1, n),
            "exploitation_loss": np.linspace(0.5, 6, n)}
    sweep("offense_defense", {k: v[:5] for k, v in grid.items()}, fixed=FIXED)
    t_all, ds = best_of(lambda: sweep("offense_defense", grid, fixed=FIXED))
    t_eq, _ = best_of(lambda: sweep("offense_defense", grid, fixed=FIXED,
                                    metrics=["num_equilibria",
                                             "cooperation_is_equilibrium"]))
    A, B = od_games(n)
    R, S, T, P = A[:, 0, 0].copy(), A[:, 0, 1].copy(), A[:, 1, 0].copy(), A[:, 1, 1].copy()
    t_kernel, _ = best_of(lambda: [symmetric_2x2_metrics(
        R[i:i + 65536], S[i:i + 65536], T[i:i + 65536], P[i:i + 65536], ["num_equilibria"])
        for i in range(0, points, 65536)])
    t_batch, res = best_of(lambda: solve_2x2_batch(A, B), repeat=1)
    assert np.array_equal(ds["num_equilibria"].values.ravel(), res.count)
    rate_sweep = points / t_all
    row("2x2", f"sweep, 6 metrics, 1 core ({points:,} pts)", rate_sweep)
    row("2x2", "sweep, equilibrium metrics only, 1 core", points / t_eq)
    row("2x2", "symmetric kernel (num_equilibria) alone", points / t_kernel)
    row("2x2", "solve_2x2_batch (padded equilibria, general 2x2)", points / t_batch)
    sample = rng.choice(points, size=min(args.sample, points), replace=False)
    peers = peers_2x2(A, B, sample, res)
    for name, (rate, agree, total) in peers.items():
        row("2x2", f"{name} loop", rate,
            f"agrees {agree}/{total}; sweep is {rate_sweep / rate:,.0f}x")

    # ------------------------------------------------------------------ Bayesian
    m = max(100, n // 2)
    p1, p2 = (v.ravel() for v in np.meshgrid(np.linspace(0, 1, m), np.linspace(0, 1, m),
                                             indexing="ij"))
    u0, u1, prior = security_dilemma_batch(p1, p2, 0.5, 0.4, 2.0)
    solve_bayesian_batch(u0[:100], u1[:100], prior[:100])
    t_bb, bres = best_of(lambda: solve_bayesian_batch(u0, u1, prior), repeat=2)
    rate_bb = m * m / t_bb
    row("2-type Bayesian", f"solve_bayesian_batch, agent form ({m * m:,} games)", rate_bb,
        f"fallback (degenerate) games: {int(bres.fallback.sum())}")
    sgrid = {"trust_1": np.linspace(0, 1, n), "trust_2": np.linspace(0, 1, n)}
    sfixed = {"exploitation_loss": 0.5, "temptation_secure": 0.4, "temptation_greedy": 2.0}
    t_sd, _ = best_of(lambda: sweep("security_dilemma", sgrid, fixed=sfixed))
    row("2-type Bayesian", f"sweep of the closed forms, 1 core ({points:,} pts)",
        points / t_sd)
    bsample = rng.choice(m * m, size=min(args.sample // 2, m * m), replace=False)
    for name, (rate, ok, total, zero) in bayes_peers(u0, u1, prior, bsample, bres).items():
        row("2-type Bayesian", f"{name} loop", rate,
            f"consistent {ok}/{total} ({zero} with a zero-probability type); "
            f"batch is {rate_bb / rate:,.0f}x")

    # ------------------------------------------------------------------ scaling
    import json
    import subprocess
    import sys

    L = args.large
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--scaling-only",
                           str(L)], capture_output=True, text=True, check=True)
    sc = json.loads(proc.stdout.strip().splitlines()[-1])
    t1, t2, t_w1, t3 = sc["serial"], sc["new_pool_2"], sc["pool_1"], sc["pool_2"]
    how = sc["start_method"]
    row("scaling", f"serial (executor=None), {L * L:,} pts, fresh process", L * L / t1)
    row("scaling", f"1 worker (pool already running, {how})", L * L / t_w1,
        f"{t1 / t_w1:.2f}x serial")
    row("scaling", f"2 workers (pool already running, {how})", L * L / t3,
        f"{t_w1 / t3:.2f}x 1 worker; {t1 / t3:.2f}x serial; "
        f"identical: {sc['identical_pool']}")
    row("scaling", "2 workers (executor=2: new forked pool each sweep)", L * L / t2,
        f"{t1 / t2:.2f}x serial; identical: {sc['identical_new']}; cores: {os.cpu_count()}")
    for w in (1, 2):
        c = sc[f"pool_{w}_cpu"]
        row("scaling", f"CPU per chunk of 2**16 points, {w} worker(s)", None,
            f"parent {c['parent_cpu_per_chunk_ms']:.2f} ms, workers "
            f"{c['worker_cpu_per_chunk_ms']:.2f} ms (serial sweep: "
            f"{sc['serial_cpu_per_chunk_ms']:.2f} ms); load average {sc['load_average']}")

    # ------------------------------------------------------------------ memory
    mem = []
    for k in (250, 1000, 2000, 4000) if not args.quick else (100, 300, 600):
        g = {"offense_advantage": np.linspace(0, 1, k),
             "exploitation_loss": np.linspace(0.5, 6, k)}
        tracemalloc.start()
        d = sweep("offense_defense", g, fixed=FIXED, chunk_size=1 << 16)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        outb = sum(d[v].values.nbytes for v in d.data_vars)
        mem.append((k * k, outb / 2**20, peak / 2**20))
        del d

    # ------------------------------------------------------------------ print
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cores: {os.cpu_count()}; load average before the table: {load:.2f}")
    print(f"{'section':<16} {'what':<58} {'points/s':>14}  note")
    print("-" * 120)
    for section, name, rate, note in rows:
        shown = f"{rate:>14,.0f}" if rate is not None else f"{'-':>14}"
        print(f"{section:<16} {name:<58} {shown}  {note}")
    print()
    print(f"{'grid points':>12} {'output MiB':>11} {'peak MiB':>9} {'peak - output':>14}")
    for pts, outm, peakm in mem:
        print(f"{pts:>12,} {outm:>11.1f} {peakm:>9.1f} {peakm - outm:>14.1f}")
    print()
    nashpy_rate = peers["nashpy support_enumeration"][0]
    qe_rate = peers["QuantEcon support_enumeration"][0]
    targets = [
        ("2x2 sweep >= 1e7 points/s/core", rate_sweep >= 1e7, f"{rate_sweep:,.0f}"),
        (">= 4000x nashpy loop", rate_sweep / nashpy_rate >= 4000,
         f"{rate_sweep / nashpy_rate:,.0f}x"),
        (">= 150x QuantEcon loop", rate_sweep / qe_rate >= 150, f"{rate_sweep / qe_rate:,.0f}x"),
        ("2-type Bayesian batch >= 1e6 points/s", rate_bb >= 1e6, f"{rate_bb:,.0f}"),
        ("2 workers >= 1.7x one worker (pools running)", t_w1 / t3 >= 1.7,
         f"{t_w1 / t3:.2f}x"),
        ("2 workers >= 1.7x serial (pool running)", t1 / t3 >= 1.7, f"{t1 / t3:.2f}x"),
    ]
    for name, met, value in targets:
        print(f"target {name:<40} {'MET' if met else 'NOT MET':<8} ({value})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
