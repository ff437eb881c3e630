"""Solvers never run unbounded and leave no global state behind.

solve_bayesian: without ``timeout`` a game too large to finish is refused with an error
that names ``timeout=``; with it, the work stops at the budget and the answer is
flagged. ExtensiveGame.pure_strategies refuses to list billions of plans; solve_spe
puts the recursion limit back."""

from __future__ import annotations

import numpy as np
import pytest

from secdilemma import BayesianGame, IncompleteResultWarning, UnsupportedGameError, solve_bayesian
from secdilemma.solvers.bayesian import MAX_PURE_PROFILES


def random_bayesian(players, types, actions, seed=0):
    """A random game: payoffs[i] has axes (type of each player..., action of each
    player...), independent uniform type marginals."""
    rng = np.random.default_rng(seed)
    shape = (types,) * players + (actions,) * players
    payoffs = rng.normal(size=(players,) + shape)
    return BayesianGame(payoffs, marginals=[[1 / types] * types] * players)


def test_pure_method_on_a_huge_game_needs_a_timeout():
    # 3 players, 5 types, 5 actions: (5**5)**3 = 3.05e10 type-contingent profiles
    game = random_bayesian(3, 5, 5)
    assert (5 ** 5) ** 3 > MAX_PURE_PROFILES
    with pytest.raises(UnsupportedGameError, match="timeout="):
        solve_bayesian(game)


def test_pure_method_stops_at_its_budget_and_says_so():
    game = random_bayesian(3, 5, 5)
    with pytest.warns(IncompleteResultWarning, match="timeout"):
        res = solve_bayesian(game, timeout=0.05)
    assert not res.complete
    for eq in res:  # whatever was found is a true equilibrium
        assert eq.max_regret <= res.tol


def test_vertex_enumeration_on_a_huge_game_needs_a_timeout():
    # 2 players, 6 types, 6 actions each: 72 labels would exceed the old 62-label cap;
    # 5 types x 6 actions: 60 labels, polytopes of dimension 30 with 60 facets
    game = random_bayesian(2, 5, 6)
    with pytest.raises(UnsupportedGameError, match="timeout="):
        solve_bayesian(game)


def test_vertex_enumeration_of_a_huge_game_stops_at_its_budget():
    game = random_bayesian(2, 5, 6)
    with pytest.warns(IncompleteResultWarning):
        res = solve_bayesian(game, timeout=0.2)
    assert not res.complete


def test_small_games_are_unaffected():
    res = solve_bayesian(random_bayesian(2, 2, 2, seed=3))
    assert len(res) >= 1


# ---------------------------------------------------------------- extensive games
def _chain(levels):
    """One player moving ``levels`` times in a row with two actions each, every history
    its own information set: 2**(2**levels - 1) pure strategies."""
    from secdilemma.games.extensive import ExtensiveGameBuilder

    b = ExtensiveGameBuilder(players=["a"])
    frontier = [b.root]
    for _ in range(levels):
        nxt = []
        for node in frontier:
            kids = b.decision(node, "a", ["L", "R"])
            nxt += [kids["L"], kids["R"]]
        frontier = nxt
    for k, node in enumerate(frontier):
        b.terminal(node, (k,))
    return b.build()


def test_pure_strategies_are_capped_with_a_clear_error():
    game = _chain(5)  # 31 information sets: 2**31 plans
    with pytest.raises(UnsupportedGameError, match="pure strategies"):
        game.pure_strategies("a")
    assert len(_chain(3).pure_strategies("a")) == 2 ** 7


def test_solve_spe_leaves_the_recursion_limit_as_it_was():
    import sys

    from secdilemma import solve_spe

    before = sys.getrecursionlimit()
    res = solve_spe(_chain(3))
    assert sys.getrecursionlimit() == before
    # the player takes the last leaf (payoff 7) by moving R three times
    assert len(res) == 1 and res[0].path == ("R/R/R",)
    assert res[0].payoffs.tolist() == [7.0]
