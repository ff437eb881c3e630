"""Benchmark: secdilemma's ``equilibrium_payoff_set`` against QuantEcon.py's
``RepeatedGame.equilibrium_payoffs`` (Abreu–Sannikov) on the games of MODELS.md §5,
side by side in one run.

Run with ``python benchmarks/bench_payoff_set.py`` (QuantEcon is optional: ``pip install
quantecon``; without it only our timings are printed). QuantEcon's first call includes
numba JIT compilation, so both a cold (first) and a warm (median of repeats) time are
reported. Our float run uses ``tol=1e-13`` (QuantEcon's default is ``tol=1e-12``).
"finished" says whether each library returned an answer; "max diff" is the
Hausdorff distance between the two answers when both finished.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from fractions import Fraction

import numpy as np

from secdilemma import bimatrix
from secdilemma.solvers import _polygon as poly
from secdilemma.solvers.payoff_set import equilibrium_payoff_set

REPEATS = 7

PD = ([[9, 1], [10, 3]], [[9, 10], [1, 3]])
AS = ([[16, 3, 0], [21, 10, -1], [9, 5, -5]], [[9, 13, 3], [1, 4, 0], [0, -4, -15]])
COMMON = ([[2, 0], [0, 1]], [[2, 0], [0, 1]])
CONSTANT = ([[5, 5], [5, 5]], [[-1, -1], [-1, -1]])

CASES = [
    ("PD", PD, Fraction(9, 10)),
    ("PD", PD, Fraction(3, 4)),
    ("Abreu-Sannikov 3x3", AS, Fraction(3, 10)),
    ("PD (segment)", PD, Fraction(1, 5)),
    ("PD (point)", PD, Fraction(1, 10)),
    ("common interest", COMMON, Fraction(1, 2)),
    ("constant", CONSTANT, Fraction(1, 2)),
]


def _time(func, repeats=REPEATS):
    times = []
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _ours(A, B, delta, exact):
    game = bimatrix(A, B)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # tol=1e-13 (relative Hausdorff step) is about as strict as QuantEcon's default
        # tol=1e-12 on the change of the vertex array
        return equilibrium_payoff_set(game, delta if exact else float(delta), exact=exact,
                                      tol=1e-13)


def _quantecon(A, B, delta):
    import quantecon.game_theory as gt

    # QuantEcon's Player arrays are indexed [own action, opponent action]: B.T for
    # player 2. Threat points start at the pure minmax values, as in its own tests.
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    u_init = np.array([A.max(axis=0).min(), B.max(axis=1).min()])
    game = gt.NormalFormGame((gt.Player(A), gt.Player(B.T)))
    hull = gt.RepeatedGame(game, float(delta)).equilibrium_payoffs(options={"u_init": u_init})
    return hull.points[hull.vertices]


def main() -> int:
    try:
        import quantecon  # noqa: F401
        have_qe = True
    except ImportError:
        have_qe = False
        print("quantecon not installed: only secdilemma timings are shown\n")

    header = (f"{'game':<20} {'delta':>5} {'ours float':>11} {'ours exact':>11} "
              f"{'QE cold':>10} {'QE warm':>10} {'QE/ours':>8} {'ours':>9} {'QE':>22} "
              f"{'max diff':>9}")
    print(header)
    print("-" * len(header))
    for name, (A, B), delta in CASES:
        t_float, res = _time(lambda: _ours(A, B, delta, False))
        t_exact, res_exact = _time(lambda: _ours(A, B, delta, True))
        ours_status = {0: "point", 1: "segment", 2: "polygon"}[res.dimension]
        if res_exact.exact:
            ours_status += "*"
        qe_cold = qe_warm = float("nan")
        qe_status, diff = "-", float("nan")
        if have_qe:
            t0 = time.perf_counter()
            try:
                qe_vertices = _quantecon(A, B, delta)
                qe_cold = time.perf_counter() - t0
                qe_warm, qe_vertices = _time(lambda: _quantecon(A, B, delta))
                qe_status = f"ok ({len(qe_vertices)} vertices)"
                ours_pts = [tuple(v) for v in res.vertices]
                qe_pts = poly.convex_hull([tuple(v) for v in qe_vertices])
                diff = max(poly.hausdorff_into(ours_pts, qe_pts),
                           poly.hausdorff_into(qe_pts, ours_pts))
            except Exception as exc:  # noqa: BLE001 - we report what QuantEcon raised
                qe_cold = time.perf_counter() - t0
                qe_status = f"FAILED {type(exc).__name__}"
        ratio = qe_warm / t_float if qe_warm == qe_warm else float("nan")
        print(f"{name:<20} {str(delta):>5} {t_float * 1e3:>9.2f}ms {t_exact * 1e3:>9.2f}ms "
              f"{qe_cold * 1e3:>8.1f}ms {qe_warm * 1e3:>8.2f}ms {ratio:>8.2f} "
              f"{ours_status:>9} {qe_status:>22} {diff:>9.1e}")
    print("\nours: dimension of the answer; * = exact rational fixed point certified.")
    print("QE/ours: QuantEcon warm time over our float time (> 1: ours is faster).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
