"""Fuzz: secdilemma's default float solvers against pygambit's exact ``enummixed``.

Run by hand: ``python benchmarks/fuzz_against_gambit.py [--games 10000] [--seed 0]
[--quick] [--timeout 20] [--show 3]``.

What is generated
-----------------
*Base games*, each drawn from its own generator ``numpy.random.default_rng([seed, i])``
(so base game ``i`` of a seed can be rebuilt alone):

- ``int``: bimatrix games, 2-6 actions per player, integer payoffs in [-10, 10];
- ``decimal``: payoffs k/100 with k in [-1000, 1000];
- ``normal``: standard-normal payoffs rounded to multiples of 2**-20 (so the float the
  solver receives *is* the rational the oracle receives);
- ``ties``, ``duplicate``, ``constant``, ``zero``: degenerate bimatrix games (payoffs in
  {-1, 0, 1}; a row and a column copied; a row and a column on which the deviating
  player's payoff is constant; the zero game, or one player's zero matrix);
- ``bayes-int``, ``bayes-decimal``, ``bayes-normal``, ``bayes-kydd``: two-player Bayesian
  games with two types per player, 2-3 actions, independent types with priors k/10
  (``bayes-kydd``: Kydd's security dilemma, a_S in [0, 1), a_G > 1, c > 0, random trust).

Every base game is solved in eight *variants*: as drawn (``x1``), scaled by 1e-9, 1e-3,
1e3, 1e6 and 1e12, and shifted by +1e9 and -1e9 (each player's payoffs). Each variant
counts as one game. Scaling and shifting a player's payoffs leave the equilibrium set
unchanged, so the oracle is computed once per base game, exactly.

The oracle
----------
``pygambit.nash.enummixed_solve(game, rational=True)`` on the rationalised, unscaled base
game, given integer payoffs (the rational payoffs times a common denominator; all below
2**31 in absolute value, pygambit's own limit). For a Bayesian game the oracle solves the
strategic form (a pure strategy = an action per type; payoffs the ex-ante expectation)
and maps each extreme equilibrium to behaviour per type (``sigma_t(a) = sum of x_s over
the pure strategies s with s(t) = a``). That map is linear, so the extreme points of the
Bayes-Nash set are among the images (duplicates removed).

*Continua.* Two distinct oracle equilibria ``(x1, y1)``, ``(x2, y2)`` lie in one convex
set of equilibria iff ``(x1, y2)`` and ``(x2, y1)`` are equilibria too (then every type's
support is a best reply to both of the other side's strategies, hence to their mixtures).
Every positive-dimensional set of equilibria has two such extreme points, so the game has
infinitely many equilibria iff some pair passes this exact test (Fractions; for Bayesian
games on the behaviour images).

How a solver's answer is judged (one verdict per game, first that applies)
--------------------------------------------------------------------------
``crash``
    Any exception that is not a :class:`secdilemma.errors.SecDilemmaError`.
``hang``
    No answer within the per-game time budget (``--timeout``, SIGALRM).
``false``
    Some reported equilibrium is not an equilibrium: a probability vector that is not
    one (entries below -1e-9 or a sum off 1 by more than 1e-9), a regret above
    ``REGRET_TOL`` = 1e-6 *relative to the player's payoff range* (measured on the exact
    base game; interim regret of every type for Bayesian games), or, when the oracle set
    is finite, a point farther than ``MATCH_TOL`` = 1e-6 (max norm) from every oracle
    equilibrium. In a game with a continuum, a reported point with small regret is
    accepted (a non-extreme member of a continuum is still an equilibrium).
``miss`` (silent miss)
    ``complete=True`` and no warning, yet an oracle equilibrium is farther than
    ``MATCH_TOL`` from every reported one, or the game has a continuum of equilibria
    (``complete=True`` asserts that the list is the whole set, which a finite list of a
    continuum is not). Zero equilibria with ``complete=True`` is a miss.
``flagged``
    ``complete=False``, a warning (a :class:`secdilemma.errors.SecDilemmaWarning`, or
    one recorded in ``result.warnings``; numpy's RuntimeWarnings do not count), or a
    clear ``SecDilemmaError``, with no false
    equilibrium. Degenerate games with a continuum land here when the solver flags them
    (the package's convention: a list of extreme equilibria of a degenerate game is
    ``complete=False``). What a flagged answer lists is not compared further.
``agree``
    Unflagged, complete, every reported equilibrium valid and every oracle equilibrium
    matched.

The verdicts are printed per family and per variant, with totals, followed by how many
flagged games have a continuum (the rest are flagged although their equilibria are
finitely many: degenerate, near-degenerate, or out of caution) and a few examples of
each failure (family, base index, variant), which ``make_base(family, seed, index)``
rebuilds. Exit status 1 when any game is a miss, false, crash or hang.
"""

from __future__ import annotations

import argparse
import itertools
import math
import signal
import sys
import time
import warnings
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pygambit

import secdilemma as sd
from secdilemma.errors import SecDilemmaError, SecDilemmaWarning

SCALES = (1e-9, 1e-3, 1e3, 1e6, 1e12)
SHIFTS = (1e9, -1e9)
VARIANTS = ("x1",) + tuple(f"x{s:g}" for s in SCALES) + tuple(f"{s:+g}" for s in SHIFTS)
REGRET_TOL = 1e-6
MATCH_TOL = 1e-6
PROB_TOL = 1e-9
GAMBIT_LIMIT = 2 ** 31
COLUMNS = ("games", "agree", "miss", "false", "flagged", "crash", "hang")
NASH_FAMILIES = ("int", "decimal", "normal", "ties", "duplicate", "constant", "zero")
BAYES_FAMILIES = ("bayes-int", "bayes-decimal", "bayes-normal", "bayes-kydd")


# ------------------------------------------------------------------ base games
@dataclass
class Base:
    """A base game: exact payoffs (Fractions) and the floats the solver receives."""

    family: str
    index: int
    exact: tuple            # (A, B) or (u0, u1), object arrays of Fractions
    floats: tuple           # the same as float64 arrays
    marginals: tuple = ()   # Bayesian: per player, tuple of Fractions
    oracle: list = field(default_factory=list)
    continuum: bool = False


def _frac(arr, den=1):
    return np.vectorize(lambda v: Fraction(int(v), den), otypes=[object])(arr)


def _draw_payoffs(rng, shape, kind):
    """(exact, float) payoff arrays of one kind."""
    if kind == "int":
        k = rng.integers(-10, 11, shape)
        return _frac(k), k.astype(float)
    if kind == "decimal":
        k = rng.integers(-1000, 1001, shape)
        return _frac(k, 100), k / 100.0
    if kind == "normal":
        k = np.rint(np.clip(rng.standard_normal(shape), -4, 4) * 2 ** 20).astype(np.int64)
        return _frac(k, 2 ** 20), k / 2.0 ** 20
    raise ValueError(kind)


def _nash_base(family, rng, index):
    m, n = (int(v) for v in rng.integers(2, 7, 2))
    if family in ("int", "decimal", "normal"):
        (A, Af), (B, Bf) = (_draw_payoffs(rng, (m, n), family) for _ in range(2))
        return Base(family, index, (A, B), (Af, Bf))
    if family == "ties":
        A, B = rng.integers(-1, 2, (2, m, n))
    elif family == "duplicate":
        A, B = rng.integers(-10, 11, (2, m, n))
        i, j = rng.choice(m, 2, replace=False)
        A[j], B[j] = A[i], B[i]
        i, j = rng.choice(n, 2, replace=False)
        A[:, j], B[:, j] = A[:, i], B[:, i]
    elif family == "constant":
        A, B = rng.integers(-10, 11, (2, m, n))
        A[int(rng.integers(m))] = int(rng.integers(-10, 11))      # row player indifferent
        B[:, int(rng.integers(n))] = int(rng.integers(-10, 11))   # column player too
    elif family == "zero":
        A, B = np.zeros((2, m, n), dtype=np.int64)
        which = int(rng.integers(3))
        if which == 1:
            B = rng.integers(-10, 11, (m, n))
        elif which == 2:
            A = rng.integers(-10, 11, (m, n))
    else:
        raise ValueError(family)
    return Base(family, index, (_frac(A), _frac(B)), (A.astype(float), B.astype(float)))


def _prior(rng):
    k = int(rng.integers(1, 10))
    return (Fraction(k, 10), Fraction(10 - k, 10))


def _bayes_base(family, rng, index):
    marg = (_prior(rng), _prior(rng))
    if family == "bayes-kydd":
        # Kydd (2005): CC = 1, DD = 0, CD = -c, DC = a_t; types (S, G), actions (C, D)
        u = []
        for _ in range(2):
            a_s = Fraction(int(rng.integers(0, 10)), 10)
            a_g = 1 + Fraction(int(rng.integers(1, 11)), 10)
            c = Fraction(int(rng.integers(1, 21)), 10)
            own = np.empty((2, 2, 2, 2), dtype=object)
            for t, a in enumerate((a_s, a_g)):
                own[t, :] = np.array([[1, -c], [a, 0]], dtype=object)
            u.append(own)
        u0 = u[0]
        u1 = u[1].transpose(1, 0, 3, 2)   # player 1's payoffs indexed [t0, t1, a0, a1]
        u1 = np.array(u1, dtype=object)
        exact = (u0, u1)
        floats = tuple(np.vectorize(float)(x).astype(float) for x in exact)
        return Base(family, index, exact, floats, marg)
    kind = family.split("-")[1]
    m0, m1 = (int(v) for v in rng.integers(2, 4, 2))
    (u0, f0), (u1, f1) = (_draw_payoffs(rng, (2, 2, m0, m1), kind) for _ in range(2))
    return Base(family, index, (u0, u1), (f0, f1), marg)


def make_base(family, seed, index):
    rng = np.random.default_rng([seed, index, sum(map(ord, family))])
    if family in NASH_FAMILIES:
        return _nash_base(family, rng, index)
    return _bayes_base(family, rng, index)


# ------------------------------------------------------------------ the oracle
def _lcm_den(arrays):
    den = 1
    for arr in arrays:
        for v in np.asarray(arr, dtype=object).ravel():
            den = math.lcm(den, Fraction(v).denominator)
    return den


def _gambit_extreme(A, B):
    """pygambit's exact extreme equilibria of the bimatrix game (A, B) (Fractions)."""
    den = _lcm_den((A, B))
    Ai = np.vectorize(lambda v: int(v * den), otypes=[object])(A)
    Bi = np.vectorize(lambda v: int(v * den), otypes=[object])(B)
    top = max(max(abs(int(v)) for v in X.ravel()) for X in (Ai, Bi))
    if top >= GAMBIT_LIMIT:
        raise OverflowError(f"payoffs reach {top} >= 2**31 in the oracle's game")
    game = pygambit.Game.from_arrays(Ai, Bi)
    result = pygambit.nash.enummixed_solve(game, rational=True)
    out = []
    for eq in result.equilibria:
        values = {}
        for strategy, prob in eq:
            values.setdefault(strategy.player.label, []).append(Fraction(str(prob)))
        out.append(tuple(tuple(values[p.label]) for p in game.players))
    return out


def _bimatrix_is_nash(A, B, x, y):
    Ay = [sum(a * b for a, b in zip(row, y)) for row in A]
    xB = [sum(x[i] * B[i][j] for i in range(len(x))) for j in range(len(y))]
    return (all(Ay[i] == max(Ay) for i in range(len(x)) if x[i])
            and all(xB[j] == max(xB) for j in range(len(y)) if y[j]))


def _strategic_form(base):
    """The strategic form of a 2-player Bayesian game with independent types (exact)."""
    u0, u1 = base.exact
    p, q = base.marginals
    K0, K1, m0, m1 = u0.shape
    S0 = list(itertools.product(range(m0), repeat=K0))
    S1 = list(itertools.product(range(m1), repeat=K1))
    A = np.empty((len(S0), len(S1)), dtype=object)
    B = np.empty_like(A)
    for i, s in enumerate(S0):
        for j, r in enumerate(S1):
            A[i, j] = sum(p[t] * q[k] * u0[t, k, s[t], r[k]] for t in range(K0)
                          for k in range(K1))
            B[i, j] = sum(p[t] * q[k] * u1[t, k, s[t], r[k]] for t in range(K0)
                          for k in range(K1))
    return A, B, S0, S1


def _behaviour(x, pure, K, m):
    out = [[Fraction(0)] * m for _ in range(K)]
    for prob, s in zip(x, pure):
        for t in range(K):
            out[t][s[t]] += prob
    return tuple(tuple(row) for row in out)


def _interim_values(base, player, other):
    """values[t][a]: type t's expected payoff of action a against ``other`` (behaviour)."""
    u = base.exact[player]
    p = base.marginals[1 - player]
    K0, K1, m0, m1 = u.shape
    if player == 0:
        return [[sum(p[k] * other[k][b] * u[t, k, a, b] for k in range(K1) for b in range(m1))
                 for a in range(m0)] for t in range(K0)]
    return [[sum(p[t] * other[t][a] * u[t, k, a, b] for t in range(K0) for a in range(m0))
             for b in range(m1)] for k in range(K1)]


def _bayes_is_nash(base, s0, s1):
    for player, own, other in ((0, s0, s1), (1, s1, s0)):
        for t, vals in enumerate(_interim_values(base, player, other)):
            best = max(vals)
            if any(own[t][a] and vals[a] != best for a in range(len(vals))):
                return False
    return True


def compute_oracle(base):
    """Fill ``base.oracle`` (flattened exact equilibria) and ``base.continuum``."""
    if base.family in NASH_FAMILIES:
        A, B = base.exact
        points = _gambit_extreme(A, B)
        isnash = lambda x, y: _bimatrix_is_nash(A, B, x, y)  # noqa: E731
    else:
        A, B, S0, S1 = _strategic_form(base)
        K0, K1, m0, m1 = base.exact[0].shape
        seen = []
        for x, y in _gambit_extreme(A, B):
            pt = (_behaviour(x, S0, K0, m0), _behaviour(y, S1, K1, m1))
            if pt not in seen:
                seen.append(pt)
        points = seen
        isnash = lambda x, y: _bayes_is_nash(base, x, y)  # noqa: E731
    base.oracle = points
    base.continuum = any(isnash(a[0], b[1]) and isnash(b[0], a[1])
                         for a, b in itertools.combinations(points, 2))
    return base


def _flat(point):
    """Flatten an (exact) equilibrium to a float vector."""
    out = []
    for part in point:
        for v in part:
            if isinstance(v, tuple):
                out.extend(float(w) for w in v)
            else:
                out.append(float(v))
    return np.array(out)


# ------------------------------------------------------------------ solving one variant
class Timeout(BaseException):
    """The per-game time budget ran out (a BaseException, so that no ``except
    Exception`` in the code under test swallows it)."""


def _alarm(signum, frame):
    raise Timeout


def variant_floats(base, variant):
    if variant == "x1":
        return base.floats
    if variant.startswith("x"):
        s = float(variant[1:])
        return tuple(f * s for f in base.floats)
    t = float(variant)
    return tuple(f + t for f in base.floats)


def solve_variant(base, variant, timeout):
    """(result or exception, warning messages, seconds)."""
    payoffs = variant_floats(base, variant)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    t0 = time.perf_counter()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if base.family in NASH_FAMILIES:
                out = sd.solve_nash(sd.bimatrix(*payoffs))
            else:
                marg = [[float(v) for v in m] for m in base.marginals]
                out = sd.solve_bayesian(sd.BayesianGame(list(payoffs), marginals=marg))
        msgs = [str(w.message) for w in caught
                if issubclass(w.category, SecDilemmaWarning)]
    except Timeout as exc:
        out, msgs = exc, []
    except BaseException as exc:  # noqa: BLE001 - a crash is what we count
        if isinstance(exc, KeyboardInterrupt):
            raise
        out, msgs = exc, []
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return out, msgs, time.perf_counter() - t0


def _ranges(base):
    return [float(max(u.ravel()) - min(u.ravel())) for u in base.exact]


def _bad_point(base, eq):
    """Why a reported equilibrium is not one (None if it is, within the tolerances)."""
    strategies = [np.asarray(s, dtype=float) for s in eq.strategies]
    for s in strategies:
        rows = s.reshape(-1, s.shape[-1])
        if (not np.all(np.isfinite(rows)) or rows.min() < -PROB_TOL
                or np.max(np.abs(rows.sum(axis=1) - 1)) > PROB_TOL):
            return "not a probability vector"
    rng = _ranges(base)
    if base.family in NASH_FAMILIES:
        A, B = (np.vectorize(float)(u).astype(float) for u in base.exact)
        x, y = strategies
        Ay, xB = A @ y, x @ B
        regret = [(Ay.max() - x @ Ay), (xB.max() - xB @ y)]
    else:
        regret = []
        for player in (0, 1):
            u = np.vectorize(float)(base.exact[player]).astype(float)
            p = np.array([float(v) for v in base.marginals[1 - player]])
            other = strategies[1 - player]
            if player == 0:
                vals = np.einsum("k,kb,tkab->ta", p, other, u)
            else:
                vals = np.einsum("t,ta,tkab->kb", p, other, u)
            own = strategies[player]
            regret.append(float(np.max(vals.max(axis=1) - np.sum(own * vals, axis=1))))
    rel = max(r / g if g > 0 else 0.0 for r, g in zip(regret, rng))
    if rel > REGRET_TOL:
        return f"relative regret {rel:.3g}"
    if not base.continuum:
        flat = np.concatenate([s.ravel() for s in strategies])
        dist = min((np.max(np.abs(flat - _flat(o))) for o in base.oracle), default=np.inf)
        if dist > MATCH_TOL:
            return f"{dist:.3g} from every oracle equilibrium"
    return None


def judge(base, out, msgs):
    """(verdict, detail) for one solved variant."""
    if isinstance(out, Timeout):
        return "hang", "time budget exhausted"
    if isinstance(out, SecDilemmaError):
        return "flagged", f"{type(out).__name__}: {out}"
    if isinstance(out, BaseException):
        return "crash", f"{type(out).__name__}: {out}"
    for eq in out.equilibria:
        why = _bad_point(base, eq)
        if why is not None:
            return "false", why
    flagged = (not out.complete) or bool(msgs) or bool(getattr(out, "warnings", ()))
    if flagged:
        return "flagged", "complete=False" if not out.complete else "warning"
    if base.continuum:
        return "miss", "complete=True on a game with a continuum of equilibria"
    reported = [np.concatenate([np.asarray(s, dtype=float).ravel() for s in eq.strategies])
                for eq in out.equilibria]
    for o in base.oracle:
        target = _flat(o)
        if not any(np.max(np.abs(target - r)) <= MATCH_TOL for r in reported):
            return "miss", f"oracle equilibrium {np.round(target, 4).tolist()} not reported " \
                           f"({len(reported)} reported, {len(base.oracle)} exist)"
    return "agree", ""


# ------------------------------------------------------------------ the run
def families_for(n_base):
    """Family of each base game: 60% random bimatrix, 20% degenerate, 20% Bayesian."""
    cycle = (["int", "decimal", "normal"] * 4 + list(NASH_FAMILIES[3:])
             + list(BAYES_FAMILIES))
    return [cycle[i % len(cycle)] for i in range(n_base)]


def run(games=10_000, seed=0, timeout=20.0, log=None):
    """Fuzz ``games`` games (rounded up to whole base games of 8 variants).

    Returns
    -------
    dict
        ``counts[family][column]`` and ``failures``: a list of (verdict, family, base
        index, variant, detail) for every game that did not agree or get flagged.
    """
    n_base = -(-games // len(VARIANTS))
    counts = {}
    by_variant = {v: dict.fromkeys(COLUMNS, 0) for v in VARIANTS}
    failures = []
    flagged_continuum = 0
    t_oracle = t_solve = 0.0
    for i, family in enumerate(families_for(n_base)):
        base = make_base(family, seed, i)
        t0 = time.perf_counter()
        compute_oracle(base)
        t_oracle += time.perf_counter() - t0
        row = counts.setdefault(family, dict.fromkeys(COLUMNS, 0))
        for variant in VARIANTS:
            out, msgs, dt = solve_variant(base, variant, timeout)
            t_solve += dt
            verdict, detail = judge(base, out, msgs)
            for r in (row, by_variant[variant]):
                r["games"] += 1
                r[verdict] += 1
            if verdict not in ("agree", "flagged"):
                failures.append((verdict, family, i, variant, detail))
            flagged_continuum += verdict == "flagged" and base.continuum
        if log is not None and (i + 1) % 50 == 0:
            done = sum(r["games"] for r in counts.values())
            print(f"  ... {done} games ({t_oracle:.0f} s oracle, {t_solve:.0f} s solving)",
                  file=log, flush=True)
    return {"counts": counts, "by_variant": by_variant, "failures": failures,
            "flagged_continuum": flagged_continuum,
            "seconds_oracle": t_oracle,
            "seconds_solve": t_solve}


def format_table(counts, title="family"):
    """The table of verdicts, one row per key of ``counts`` and a total."""
    fams = list(counts)
    total = {c: sum(counts[f][c] for f in fams) for c in COLUMNS}
    width = max(len(f) for f in fams + ["total", title])
    lines = [f"{title:<{width}}  " + "  ".join(f"{c:>7}" for c in COLUMNS)]
    for name, row in [(f, counts[f]) for f in fams] + [("total", total)]:
        lines.append(f"{name:<{width}}  " + "  ".join(f"{row[c]:>7}" for c in COLUMNS))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="400 games")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="time budget per game, seconds")
    parser.add_argument("--show", type=int, default=3,
                        help="examples printed per verdict and family")
    args = parser.parse_args(argv)
    games = 400 if args.quick else args.games
    print(f"secdilemma {sd.__version__} ({sd.__file__}), pygambit {pygambit.__version__}; "
          f"{games} games, seed {args.seed}, {args.timeout:g} s per game")
    t0 = time.perf_counter()
    out = run(games, args.seed, args.timeout, log=sys.stderr)
    order = [f for f in NASH_FAMILIES + BAYES_FAMILIES if f in out["counts"]]
    print(format_table({f: out["counts"][f] for f in order}))
    print()
    print(format_table(out["by_variant"], "variant"))
    print(f"wall {time.perf_counter() - t0:.0f} s (oracle {out['seconds_oracle']:.0f} s, "
          f"secdilemma {out['seconds_solve']:.0f} s); miss = silent miss, false = false "
          "equilibrium; see the module docstring")
    flagged = sum(row["flagged"] for row in out["counts"].values())
    print(f"flagged: {out['flagged_continuum']} of {flagged} have a continuum of equilibria "
          "(oracle); the others have finitely many (degenerate, near-degenerate or "
          "flagged out of caution)")
    shown = {}
    for verdict, family, i, variant, detail in out["failures"]:
        key = (verdict, family)
        shown[key] = shown.get(key, 0) + 1
        if shown[key] <= args.show:
            print(f"  {verdict:5} {family:13} base {i:5} {variant:6} {detail}")
    bad = sum(out["counts"][f][c] for f in out["counts"]
              for c in ("miss", "false", "crash", "hang"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
