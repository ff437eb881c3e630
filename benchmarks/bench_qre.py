"""Benchmark: secdilemma's ``solve_qre`` against Gambit's logit tracer
(``pygambit.nash.logit_solve``) on seeded random games, side by side in one run.

Run with ``python benchmarks/bench_qre.py`` (pygambit is optional: ``pip install
pygambit``; without it only our timings are printed). For each game shape it prints the
median time of each library, their ratio, whether our limit was verified (regret at most
1e-9 times the payoff range) and the largest probability difference between the two
limits ("agree" counts games where it is below 1e-3; Gambit stops at regret 1e-8, so its
probabilities differ from the exact limit by up to about 1e-4 in degenerate games).
"""

from __future__ import annotations

import statistics
import time
import warnings

import numpy as np

from secdilemma import NormalFormGame, solve_qre
from secdilemma.solvers.qre import payoff_range

SHAPES = [(2, 2), (5, 5), (10, 10), (2, 2, 3), (3, 3, 3), (4, 4, 4), (3, 3, 3, 3),
          (2, 2, 2, 2, 2)]
GAMES_PER_SHAPE = 8


def main() -> None:
    try:
        import pygambit as gbt

        from secdilemma.solvers.gambit_backend import to_gambit
    except ImportError:
        gbt = None
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(2024)
    print(f"{'shape':<16}{'ours (s)':>10}{'gambit (s)':>12}{'ratio':>8}{'verified':>10}"
          f"{'agree':>8}{'max diff':>10}")
    for shape in SHAPES:
        ours, theirs, diffs, verified = [], [], [], 0
        for _ in range(GAMES_PER_SHAPE):
            game = NormalFormGame([rng.integers(-20, 21, shape) for _ in shape])
            start = time.perf_counter()
            res = solve_qre(game)
            ours.append(time.perf_counter() - start)
            limit = res.limit
            if limit is not None and game.max_regret(limit.strategies) <= \
                    1e-9 * payoff_range(game):
                verified += 1
            if gbt is None:
                continue
            g = to_gambit(game)
            start = time.perf_counter()
            eq = gbt.nash.logit_solve(g, use_strategic=True).equilibria[0]
            theirs.append(time.perf_counter() - start)
            profile = [np.array([float(eq[s]) for s in p.strategies]) for p in g.players]
            if limit is not None:
                diffs.append(max(float(np.max(np.abs(a - b)))
                                 for a, b in zip(limit.strategies, profile)))
        t_ours = statistics.median(ours)
        if theirs:
            t_theirs = statistics.median(theirs)
            agree = sum(d < 1e-3 for d in diffs)
            print(f"{'x'.join(map(str, shape)):<16}{t_ours:>10.3f}{t_theirs:>12.3f}"
                  f"{t_ours / t_theirs:>8.2f}{verified:>7}/{GAMES_PER_SHAPE}"
                  f"{agree:>5}/{len(diffs)}{max(diffs, default=0):>10.1e}")
        else:
            print(f"{'x'.join(map(str, shape)):<16}{t_ours:>10.3f}{'-':>12}{'-':>8}"
                  f"{verified:>7}/{GAMES_PER_SHAPE}")


if __name__ == "__main__":
    main()
