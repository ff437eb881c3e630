"""Hypothesis properties of the defining property of a Nash equilibrium.

- no player gains from a unilateral deviation (regrets recomputed here with plain numpy
  or Fractions, never through NormalFormGame.regrets);
- in exact mode the regret is exactly zero;
- the set of equilibria is invariant to a positive affine transformation of any
  player's payoffs and to relabelling (permuting) actions;
- independent algorithms agree (vertex vs support enumeration on nondegenerate games,
  floating point vs exact arithmetic, Lemke–Howson and pure equilibria inside the
  vertex-enumeration set).
"""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from secdilemma import bimatrix, solve_nash
from strategies import (action_permutations, bimatrix_games, exact_bimatrix_regrets,
                        exact_set, bimatrix_regrets, fraction_bimatrix_games,
                        integer_bimatrix_games, nplayer_games, nplayer_regrets,
                        positive_affine_maps)

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])

exact_games = st.one_of(integer_bimatrix_games(), fraction_bimatrix_games(),
                        integer_bimatrix_games(low=-100, high=100))


def quiet_solve(game, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return solve_nash(game, **kw)


def _float_payoffs(game):
    return game.payoffs[0], game.payoffs[1]


def _exact_payoffs(game):
    return game.exact_payoffs[0].tolist(), game.exact_payoffs[1].tolist()


# --------------------------------------------------------------------------- no deviation
@settings(max_examples=150, **SETTINGS)
@given(game=bimatrix_games(), method=st.sampled_from(
    ["vertex_enumeration", "support_enumeration", "lemke_howson", "pure"]))
def test_float_equilibria_have_no_profitable_deviation(game, method):
    result = quiet_solve(game, method=method)
    A, B = _float_payoffs(game)
    if method == "vertex_enumeration":
        assert len(result) >= 1  # Nash (1951): some equilibrium always exists
    for eq in result:
        x, y = eq.strategies
        assert np.all(x >= 0) and np.all(y >= 0)
        assert abs(x.sum() - 1) <= 1e-12 and abs(y.sum() - 1) <= 1e-12
        assert max(bimatrix_regrets(A, B, x, y)) <= result.tol
        assert eq.max_regret <= result.tol


@settings(max_examples=50, **SETTINGS)
@given(game=exact_games, method=st.sampled_from(
    ["vertex_enumeration", "support_enumeration", "lemke_howson", "pure"]))
def test_exact_equilibria_have_exactly_zero_regret(game, method):
    result = quiet_solve(game, method=method, exact=True)
    A, B = _exact_payoffs(game)
    if method in ("vertex_enumeration", "lemke_howson"):
        assert len(result) >= 1
    for eq in result:
        x, y = eq.exact_strategies
        assert all(type(v) is Fraction for v in x + y)
        assert sum(x) == 1 and sum(y) == 1 and min(x) >= 0 and min(y) >= 0
        assert exact_bimatrix_regrets(A, B, x, y) == (0, 0)
        assert eq.max_regret == 0.0


@settings(max_examples=40, **SETTINGS)
@given(game=nplayer_games(max_players=4))
def test_n_player_pure_equilibria_have_no_profitable_deviation(game):
    result = solve_nash(game, method="pure", exact=True)
    for eq in result:
        assert max(nplayer_regrets(game.payoffs, eq.strategies)) <= 0
    # and no pure profile without a profitable deviation is missing
    found = {tuple(int(np.argmax(s)) for s in eq.strategies) for eq in result}
    for profile in game.pure_profiles():
        strategies = [np.eye(m)[a] for m, a in zip(game.num_actions, profile)]
        if max(nplayer_regrets(game.payoffs, strategies)) <= 0:
            assert profile in found


# --------------------------------------------------------------------------- invariance
@settings(max_examples=50, **SETTINGS)
@given(game=integer_bimatrix_games(max_actions=4), player=st.integers(0, 1),
       affine=positive_affine_maps())
def test_equilibria_invariant_to_positive_affine_transformation(game, player, affine):
    scale, shift = affine
    transformed = game.affine_transform(player, scale, shift)
    assert transformed.is_exact
    before = quiet_solve(game, exact=True)
    after = quiet_solve(transformed, exact=True)
    assert exact_set(after) == exact_set(before)
    assert after.degenerate == before.degenerate
    for old, new in zip(before, after):  # payoffs transform, strategies do not
        assert new.exact_payoffs[player] == scale * old.exact_payoffs[player] + shift
        assert new.exact_payoffs[1 - player] == old.exact_payoffs[1 - player]


@settings(max_examples=50, **SETTINGS)
@given(data=st.data(), game=integer_bimatrix_games(max_actions=4))
def test_equilibria_invariant_to_relabelling_actions(data, game):
    perms = data.draw(action_permutations(game))
    permuted = game.permute_actions(perms)
    before = exact_set(quiet_solve(game, exact=True))
    after = exact_set(quiet_solve(permuted, exact=True))
    # new action k of player i is old action perms[i][k]: map back to old indices
    mapped_back = set()
    for profile in after:
        old = []
        for s, perm in zip(profile, perms):
            vec = [Fraction(0)] * len(s)
            for k, p in enumerate(s):
                vec[perm[k]] = p
            old.append(tuple(vec))
        mapped_back.add(tuple(old))
    assert mapped_back == before


@settings(max_examples=40, **SETTINGS)
@given(game=integer_bimatrix_games(max_actions=4))
def test_equilibria_invariant_to_swapping_players(game):
    A, B = _exact_payoffs(game)
    swapped = bimatrix(np.array(B, dtype=object).T, np.array(A, dtype=object).T)
    before = exact_set(quiet_solve(game, exact=True))
    after = exact_set(quiet_solve(swapped, exact=True))
    assert {(y, x) for x, y in after} == before


# --------------------------------------------------------------------------- agreement
@settings(max_examples=50, **SETTINGS)
@given(game=exact_games)
def test_vertex_and_support_enumeration_agree_on_nondegenerate_games(game):
    vertex = quiet_solve(game, method="vertex_enumeration", exact=True)
    assume(vertex.degenerate is False)
    support = quiet_solve(game, method="support_enumeration", exact=True)
    assert support.degenerate is False and support.complete and vertex.complete
    assert exact_set(support) == exact_set(vertex)
    # nondegenerate: an odd number of equilibria (Shapley 1974), supports of equal size
    assert len(vertex) % 2 == 1
    for eq in vertex:
        assert len(eq.support[0]) == len(eq.support[1])


@settings(max_examples=50, **SETTINGS)
@given(game=integer_bimatrix_games(), method=st.sampled_from(
    ["vertex_enumeration", "support_enumeration", "pure"]))
def test_float_and_exact_modes_agree(game, method):
    exact = quiet_solve(game, method=method, exact=True)
    floating = quiet_solve(game, method=method)
    assert floating.degenerate == exact.degenerate
    if method != "pure" and exact.degenerate:
        # degenerate: float tolerances may merge nearby candidates, so the counts may
        # differ; but the two sets are the same points up to rounding, both ways
        def flat(result, exact_values=False):
            return [np.concatenate([[float(v) for v in s] for s in
                                    (e.exact_strategies if exact_values else e.strategies)])
                    for e in result]

        f_points, e_points = flat(floating), flat(exact, exact_values=True)
        for point in f_points:
            assert min(np.max(np.abs(point - q)) for q in e_points) <= 1e-6
        for point in e_points:
            assert min(np.max(np.abs(point - q)) for q in f_points) <= 1e-6
        return
    assert len(floating) == len(exact)
    for fe, ee in zip(floating, exact):
        for s_float, s_exact in zip(fe.strategies, ee.exact_strategies):
            np.testing.assert_allclose(s_float, [float(v) for v in s_exact], atol=1e-9)


@settings(max_examples=30, **SETTINGS)
@given(game=integer_bimatrix_games(low=-20, high=20))
def test_lemke_howson_and_pure_equilibria_are_among_vertex_enumeration(game):
    vertex = quiet_solve(game, exact=True)
    assume(vertex.degenerate is False)
    everything = exact_set(vertex)
    lh = quiet_solve(game, method="lemke_howson", exact=True)
    # every path (one per dropped label) ends at one equilibrium of the vertex set, and
    # the all-labels result is exactly the union of the single paths
    per_label = set()
    for label in range(sum(game.num_actions)):
        one = quiet_solve(game, method="lemke_howson", exact=True,
                          initial_dropped_label=label)
        assert len(one) == 1, label
        assert exact_set(one) <= everything, label
        per_label |= exact_set(one)
    assert exact_set(lh) == per_label
    assert lh.complete is False  # Lemke-Howson never claims to have found them all
    pure = quiet_solve(game, method="pure", exact=True)
    assert exact_set(pure) == {e for e in everything if all(max(s) == 1 for s in e)}


@settings(max_examples=40, **SETTINGS)
@given(game=integer_bimatrix_games(max_actions=4, low=-100, high=100),
       scale=st.sampled_from([1e-3, 1e3, 1e6, 1e9, 1e12]))
def test_float_solvers_are_scale_free(game, scale):
    """Scaling all payoffs must not change the float answer (tolerances are relative)."""
    base = quiet_solve(game)
    assume(base.degenerate is False)
    A, B = _float_payoffs(game)
    scaled = quiet_solve(bimatrix(A * scale, B * scale))
    assert scaled.degenerate is False
    assert len(scaled) == len(base)
    for a, b in zip(base, scaled):
        for s, t in zip(a.strategies, b.strategies):
            np.testing.assert_allclose(s, t, atol=1e-7)
