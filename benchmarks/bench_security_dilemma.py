"""Benchmark: a sweep of Kydd's security dilemma over (trust, cost of being exploited).

Run by hand: ``python benchmarks/bench_security_dilemma.py``. Times, in one run and on
the same games,

- ``sweep("security_dilemma", ...)`` (closed forms, vectorised over the grid),
- ``solve_bayesian`` per point (exact block vertex enumeration, a subsample),
- a per-point loop that builds the induced 4x4 normal form and calls nashpy's
  ``support_enumeration`` (a subsample),

checks that all three agree on whether cooperation is an equilibrium outcome, and prints
points per second and the ratios. Not part of the test suite: no timing assertion.
"""

from __future__ import annotations

import time
import warnings

import nashpy
import numpy as np

from secdilemma import sweep
from secdilemma.models import SecurityDilemmaModel
from secdilemma.solvers.bayesian import solve_bayesian

GRID = 1000          # GRID x GRID sweep points
SUBSAMPLE = 300      # points solved one by one


def cooperative_outcome_from_nashpy(model) -> bool:
    nf = model.to_game().to_normal_form()
    A, B = nf.payoffs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sigma_r, sigma_c in nashpy.Game(A, B).support_enumeration():
            # plan (C if S, D if G) is plan index 1 ("C/D") in the induced form
            if sigma_r[1] > 1 - 1e-9 and sigma_c[1] > 1 - 1e-9:
                return True
    return False


def main() -> None:
    trust = np.linspace(0.0, 1.0, GRID)
    cost = np.linspace(0.05, 2.0, GRID)
    fixed = {"trust_2": 0.6, "temptation_secure": 0.5, "temptation_greedy": 2.0}
    t0 = time.perf_counter()
    ds = sweep("security_dilemma", {"trust_1": trust, "exploitation_loss": cost}, fixed=fixed)
    t_sweep = time.perf_counter() - t0
    rate_sweep = GRID * GRID / t_sweep

    rng = np.random.default_rng(0)
    idx = rng.integers(0, GRID, size=(SUBSAMPLE, 2))
    # keep away from the knife edge trust == pi*, where nashpy (like any float method)
    # is unreliable on the degenerate game
    models = []
    for i, j in idx:
        m = SecurityDilemmaModel(float(trust[i]), 0.6, float(cost[j]), 0.5, 2.0)
        if abs(m.trust_1 - m.trust_threshold) > 1e-6 and abs(0.6 - m.trust_threshold) > 1e-6:
            models.append((i, j, m))

    t0 = time.perf_counter()
    ours = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _, _, m in models:
            res = solve_bayesian(m.to_game())
            ours.append(any(eq.is_pure and eq.strategies[0][0, 0] == 1
                            and eq.strategies[1][0, 0] == 1 for eq in res))
    t_solver = time.perf_counter() - t0

    t0 = time.perf_counter()
    theirs = [cooperative_outcome_from_nashpy(m) for _, _, m in models]
    t_nashpy = time.perf_counter() - t0

    swept = [bool(ds["cooperation_is_equilibrium"].values[i, j]) for i, j, _ in models]
    agree = sum(a == b == c for a, b, c in zip(swept, ours, theirs))
    n = len(models)
    rate_solver, rate_nashpy = n / t_solver, n / t_nashpy
    print(f"grid: {GRID} x {GRID} = {GRID * GRID:,} security-dilemma games (trust x cost)")
    print(f"sweep (closed forms)        : {t_sweep:8.3f} s  {rate_sweep:14,.0f} points/s")
    print(f"solve_bayesian loop ({n} pts): {t_solver:8.3f} s  {rate_solver:14,.0f} points/s")
    print(f"nashpy induced-form loop    : {t_nashpy:8.3f} s  {rate_nashpy:14,.0f} points/s")
    print(f"speed-up sweep / nashpy loop: {rate_sweep / rate_nashpy:,.0f}x")
    print(f"speed-up solve_bayesian / nashpy loop: {rate_solver / rate_nashpy:,.1f}x")
    print(f"agreement on the subsample (cooperative BNE exists): {agree}/{n}")


if __name__ == "__main__":
    main()
