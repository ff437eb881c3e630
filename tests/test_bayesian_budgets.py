"""solve_bayesian never runs unbounded: without ``timeout`` a game too large to finish is
refused with an error that names ``timeout=``; with it, the work stops at the budget and
the answer is flagged."""

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
