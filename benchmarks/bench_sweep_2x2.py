"""Benchmark: a 2x2 security-dilemma sweep, vectorised vs a nashpy per-point loop.

Run by hand: ``python benchmarks/bench_sweep_2x2.py [--points-per-axis 1000]
[--sample 2000] [--seed 0]``.

The offence-defence model (our formalisation of Jervis 1978) is swept over a
``n x n`` grid of (offense_advantage, exploitation_loss), all equilibria per point,
through :func:`secdilemma.sweep` (which calls ``solve_2x2_batch``) and through
``solve_2x2_batch`` alone. A random subsample of the same games is solved one by one
with ``nashpy.Game(A, B).support_enumeration()``; the script checks that both give the
same equilibria there and prints points per second for both and the ratio.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points-per-axis", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    import nashpy

    from secdilemma.analysis import sweep
    from secdilemma.models import OffenseDefenseModel
    from secdilemma.solvers.batched import solve_2x2_batch

    n = args.points_per_axis
    grid = {"offense_advantage": np.linspace(0.0, 1.0, n),
            "exploitation_loss": np.linspace(0.5, 6.0, n)}
    fixed = {"status_quo": 10.0, "arms_cost": 1.0, "exploitation_gain": 2.0}
    points = n * n

    sweep("offense_defense", {k: v[:10] for k, v in grid.items()}, fixed=fixed)  # warm up
    t0 = time.perf_counter()
    ds = sweep("offense_defense", grid, fixed=fixed)
    t_sweep = time.perf_counter() - t0

    theta, L = (m.ravel() for m in np.meshgrid(*grid.values(), indexing="ij"))
    R, S, T, P = OffenseDefenseModel.stage_payoffs_batch(offense_advantage=theta,
                                                         exploitation_loss=L, **fixed)
    A = np.stack([np.stack([R, S], -1), np.stack([T, P], -1)], 1)
    B = A.transpose(0, 2, 1)
    t0 = time.perf_counter()
    res = solve_2x2_batch(A, B)
    t_batch = time.perf_counter() - t0

    rng = np.random.default_rng(args.seed)
    sample = rng.choice(points, size=min(args.sample, points), replace=False)
    found = []
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns on degenerate games
        for i in sample:
            found.append(list(nashpy.Game(A[i], B[i]).support_enumeration()))
    t_nashpy = time.perf_counter() - t0

    disagree = 0
    for i, eqs in zip(sample, found):
        ref = sorted((float(x[0]), float(y[0])) for x, y in eqs)
        got = sorted((float(res.row_probs[i, k]), float(res.col_probs[i, k]))
                     for k in range(res.count[i]))
        if len(ref) != len(got) or not np.allclose(ref, got, atol=1e-9):
            disagree += 1
    # the sweep's metric agrees with the batch result
    assert np.array_equal(ds["num_equilibria"].values.ravel(), res.count)

    rate_sweep = points / t_sweep
    rate_batch = points / t_batch
    rate_nashpy = len(sample) / t_nashpy
    print(f"grid: {n} x {n} = {points:,} offence-defence games, all equilibria per point")
    print(f"degenerate points: {int(res.degenerate.sum())}, "
          f"equilibrium counts: {dict(enumerate(np.bincount(res.count).tolist()))}")
    print(f"sweep (6 metrics)      : {t_sweep:8.3f} s  {rate_sweep:14,.0f} points/s")
    print(f"solve_2x2_batch        : {t_batch:8.3f} s  {rate_batch:14,.0f} points/s")
    print(f"nashpy loop ({len(sample)} pts) : {t_nashpy:8.3f} s  {rate_nashpy:14,.0f} points/s")
    print(f"speed-up sweep / nashpy: {rate_sweep / rate_nashpy:,.0f}x")
    print(f"speed-up batch / nashpy: {rate_batch / rate_nashpy:,.0f}x")
    print(f"agreement on the subsample: {len(sample) - disagree}/{len(sample)} games")
    return 0 if disagree == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
