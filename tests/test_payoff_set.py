"""Pure-strategy SPE payoff sets of repeated two-player games (MODELS.md §5).

Test vectors: QuantEcon.py ``quantecon/game_theory/tests/test_repeated_game.py`` and
GameTheory.jl ``test/test_repeated_game.jl`` (Abreu and Sannikov 2014's example and a
prisoner's dilemma); degenerate cases (points, segments, empty sets) are worked out by
hand in the comments.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secdilemma import NormalFormGame, bimatrix
from secdilemma.errors import (IncompleteResultWarning, InvalidParameterError, SolverError,
                               UnsupportedGameError)
from secdilemma.solvers import _polygon as poly
from secdilemma.solvers.payoff_set import (NoPureEquilibriumError, PayoffSetResult,
                                           equilibrium_payoff_set)
from secdilemma.solvers.pure import pure_equilibrium_profiles

from strategies import (float_bimatrix_games, fraction_bimatrix_games,
                        integer_bimatrix_games)

F = Fraction

# Prisoner's dilemma of the QuantEcon / GameTheory.jl suites: (R, S, T, P) = (9, 1, 10, 3).
PD = bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
PD_VERTICES = [(3, 3), (9.75, 3), (9, 9), (3, 9.75)]

# Abreu and Sannikov (2014), section 5 example, at δ = 0.3.
AS_BIMATRIX = [[(16, 9), (3, 13), (0, 3)],
               [(21, 1), (10, 4), (-1, 0)],
               [(9, 0), (5, -4), (-5, -15)]]
AS_GAME = bimatrix([[p[0] for p in row] for row in AS_BIMATRIX],
                   [[p[1] for p in row] for row in AS_BIMATRIX])
# Published order (Qhull's): counter-clockwise from (7.34, 10.98).
AS_VERTICES = [(7.33770472, 10.9826253), (1.1256824, 2.8), (7.33770472, 0),
               (7.86308964, 0), (19.7917977, 2.8), (15.5630896, 9.1)]


def _rotate_to_lexmin(vertices):
    vertices = [tuple(map(float, v)) for v in vertices]
    k = vertices.index(min(vertices))
    return vertices[k:] + vertices[:k]


def _feasible_hull(game, exact=False):
    pays = game.exact_payoffs if exact else game.payoffs
    return poly.convex_hull([(pays[0][a], pays[1][a]) for a in game.pure_profiles()])


# ----------------------------------------------------------------------- published vectors
@pytest.mark.parametrize("method", ["abreu-sannikov", "aps"])
@pytest.mark.parametrize("delta", [0.9, 0.75])
def test_prisoners_dilemma_vertices(delta, method):
    res = equilibrium_payoff_set(PD, delta, method=method)
    assert isinstance(res, PayoffSetResult)
    assert res.dimension == 2 and res.converged and not res.exact
    np.testing.assert_allclose(res.vertices, PD_VERTICES, atol=1e-9)
    np.testing.assert_array_equal(res.minmax_payoffs, [3, 3])
    np.testing.assert_allclose(res.punishment_payoffs, [3, 3], atol=1e-9)
    assert res.area == pytest.approx(40.5)  # shoelace: (−20.25 + 60.75 + 60.75 − 20.25) / 2


@pytest.mark.parametrize("delta", [F(9, 10), F(3, 4)])
def test_prisoners_dilemma_exact(delta):
    res = equilibrium_payoff_set(PD, delta, exact=True)
    assert res.exact and res.converged
    assert res.discount == delta
    assert res.exact_vertices == ((3, 3), (F(39, 4), 3), (9, 9), (3, F(39, 4)))
    assert all(isinstance(c, Fraction) for v in res.exact_vertices for c in v)
    assert res.exact_area == F(81, 2)
    assert res.contains((F(39, 4), 3)) and not res.contains((F(39, 4) + F(1, 10**9), 3))
    assert res.contains((6, 6)) and not res.contains((9, F(91, 10)))


@pytest.mark.parametrize("method", ["abreu-sannikov", "aps"])
def test_abreu_sannikov_example(method):
    res = equilibrium_payoff_set(AS_GAME, 0.3, method=method)
    assert res.converged and res.dimension == 2
    np.testing.assert_allclose(res.vertices, _rotate_to_lexmin(AS_VERTICES), atol=1e-7)
    # harshest punishments: player 0 cannot be held to his minmax 0 at δ = 0.3
    np.testing.assert_array_equal(res.minmax_payoffs, [0, 0])
    np.testing.assert_allclose(res.punishment_payoffs, [1.1256824, 0], atol=1e-7)


def test_abreu_sannikov_example_exact_falls_back():
    # The fixed point is a limit with irrational-looking coordinates: no rational fixed
    # point is certified, the float answer is kept, and the user is told.
    with pytest.warns(IncompleteResultWarning, match="no exact rational fixed point"):
        res = equilibrium_payoff_set(AS_GAME, F(3, 10), exact=True)
    assert res.exact_vertices is None and not res.exact
    assert res.converged and res.discount == F(3, 10)
    assert "exact_failure" in res.diagnostics
    np.testing.assert_allclose(res.vertices, _rotate_to_lexmin(AS_VERTICES), atol=1e-7)
    # Why: the limit is irrational. An integer-relation search (mpmath.findpoly) on
    # 150-digit iterates shows player 0's harshest punishment 1.12568239550... is a root
    # of the cubic below (and no quadratic with coefficients up to 1e25 fits it).
    x = float(res.vertices[0, 0])
    assert abs(((-3495 * x + 79764) * x - 201281) * x + 130490) < 1e-3


def test_max_iter_gives_outer_approximation():
    with pytest.warns(IncompleteResultWarning, match="max_iter"):
        res = equilibrium_payoff_set(AS_GAME, 0.3, max_iter=2)
    assert not res.converged and res.iterations == 2
    # iterates decrease to the set: the true vertices lie inside
    for v in AS_VERTICES:
        assert res.contains(v, tol=1e-6)


# ----------------------------------------------------------------------- degenerate answers
@pytest.mark.parametrize("delta", [F(1, 7), F(1, 5), F(6, 25)])
def test_pd_impatient_is_a_segment(delta):
    # For 1/7 <= δ < 1/4 mutual cooperation is supported by grim trigger (δ >= 1/7), but
    # (D, C) would need a continuation worth 3 + 2(1-δ)/δ > 9 to the column player, more
    # than any equilibrium gives her: only the diagonal from (3, 3) to (9, 9) survives.
    # QuantEcon raises a Qhull error here.
    res = equilibrium_payoff_set(PD, delta, exact=True)
    assert res.dimension == 1 and res.exact
    assert res.exact_vertices == ((3, 3), (9, 9))
    assert res.area == 0
    flt = equilibrium_payoff_set(PD, float(delta))
    assert flt.dimension == 1
    np.testing.assert_allclose(flt.vertices, [(3, 3), (9, 9)], atol=1e-8)
    assert flt.contains((6, 6)) and not flt.contains((6, 6.1))


@pytest.mark.parametrize("delta", [F(1, 10), F(1, 8), 0.05, 0])
def test_pd_very_impatient_is_a_point(delta):
    res = equilibrium_payoff_set(PD, delta, exact=True)
    assert res.dimension == 0 and res.exact_vertices == ((3, 3),)
    np.testing.assert_array_equal(res.vertices, [[3, 3]])


def test_pd_quarter_is_the_knife_edge():
    # at δ = 1/4 exactly, (D, C) is enforced with continuation (9, 9): the full set
    res = equilibrium_payoff_set(PD, F(1, 4), exact=True)
    assert res.exact_vertices == ((3, 3), (F(39, 4), 3), (9, 9), (3, F(39, 4)))


@pytest.mark.parametrize("delta", [F(1, 10), F(1, 2), F(99, 100), 0.5])
def test_common_interest_game_is_a_segment(delta):
    game = bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]])
    res = equilibrium_payoff_set(game, delta, exact=isinstance(delta, Fraction))
    assert res.dimension == 1
    np.testing.assert_allclose(res.vertices, [(1, 1), (2, 2)], atol=1e-9)
    np.testing.assert_array_equal(res.minmax_payoffs, [1, 1])
    if isinstance(delta, Fraction):
        assert res.exact_vertices == ((1, 1), (2, 2))


@pytest.mark.parametrize("exact", [False, True])
def test_constant_game_is_a_point(exact):
    game = bimatrix(np.full((3, 2), 5), np.full((3, 2), -1))
    res = equilibrium_payoff_set(game, F(1, 2) if exact else 0.5, exact=exact)
    assert res.dimension == 0 and res.area == 0
    np.testing.assert_array_equal(res.vertices, [[5, -1]])
    assert res.contains((5, -1)) and not res.contains((5, 0))


@pytest.mark.parametrize("delta", [0.5, F(1, 2)])
def test_gametheory_jl_degenerate_cases(delta):
    # GameTheory.jl "AS with degenerate payoff sets": common interest [[4, 0], [0, 1]]
    # gives the segment (1, 1)-(4, 4); the constant game 5 gives the point (5, 5).
    exact = isinstance(delta, Fraction)
    ci = bimatrix([[4, 0], [0, 1]], [[4, 0], [0, 1]])
    res = equilibrium_payoff_set(ci, delta, exact=exact)
    np.testing.assert_allclose(res.vertices, [(1, 1), (4, 4)], atol=1e-9)
    const = bimatrix(np.full((2, 2), 5), np.full((2, 2), 5))
    res = equilibrium_payoff_set(const, delta, exact=exact)
    np.testing.assert_allclose(res.vertices, [(5, 5)])
    if exact:
        assert res.exact_vertices == ((5, 5),)


@pytest.mark.parametrize("shift", [(1e9, -2e9), (-1e6, 3e5)])
def test_translation_invariance(shift):
    # GameTheory.jl "AS is robust to large payoff translations": tolerances follow the
    # spread of the payoffs, not their distance from the origin.
    A = np.array([[9, 1], [10, 3]], dtype=float) + shift[0]
    B = np.array([[9, 10], [1, 3]], dtype=float) + shift[1]
    res = equilibrium_payoff_set(bimatrix(A, B), 0.75)
    assert res.converged and res.dimension == 2
    np.testing.assert_allclose(res.vertices - np.array(shift), PD_VERTICES, atol=1e-4)
    assert res.contains((6 + shift[0], 6 + shift[1]))
    assert not res.contains((9.5 + shift[0], 9.5 + shift[1]))


def test_matching_pennies_has_no_pure_spe():
    game = bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    for delta in (0.1, 0.9, F(99, 100)):
        with pytest.raises(NoPureEquilibriumError, match="no pure-strategy subgame-perfect"):
            equilibrium_payoff_set(game, delta)
    assert issubclass(NoPureEquilibriumError, SolverError)
    assert issubclass(NoPureEquilibriumError, RuntimeError)


def test_no_stage_nash_but_pure_spe_with_patience():
    # No pure stage equilibrium. The minmax values are (-2, 2); at δ = 1/2 the segment
    # from (-2, 2) to (1, 2) is supported: (T, L) = (1, 2) forever, punishing player 0
    # with (B, R) = (-3, 2) followed by continuation (-1, 2). At δ = 1/10 nothing is.
    game = bimatrix([[1, -2], [3, -3]], [[2, 1], [-2, 2]])
    assert pure_equilibrium_profiles(game, exact=True) == []
    res = equilibrium_payoff_set(game, F(1, 2), exact=True)
    assert res.exact_vertices == ((-2, 2), (1, 2))
    with pytest.raises(NoPureEquilibriumError, match="no action profile can be enforced"):
        equilibrium_payoff_set(game, 0.1)


def test_no_stage_nash_polygon():
    game = bimatrix([[-1, 1], [0, 0]], [[0, -1], [0, 1]])
    assert pure_equilibrium_profiles(game, exact=True) == []
    res = equilibrium_payoff_set(game, F(9, 10), exact=True)
    assert res.dimension == 2
    assert res.exact_vertices == ((0, 0), (F(1, 2), 0), (F(1, 10), F(4, 5)), (0, F(7, 10)))
    with pytest.raises(NoPureEquilibriumError):
        equilibrium_payoff_set(game, F(1, 2))


def test_zero_discount_is_the_hull_of_stage_nash_payoffs():
    stag_hunt = bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]])
    res = equilibrium_payoff_set(stag_hunt, 0, exact=True)
    assert res.exact_vertices == ((2, 2), (4, 4)) and res.iterations == 0


# ----------------------------------------------------------------------- validation / result
def test_bad_input():
    with pytest.raises(InvalidParameterError, match=r"discount must be < 1; got 1"):
        equilibrium_payoff_set(PD, 1)
    with pytest.raises(InvalidParameterError, match=r"discount must be >= 0"):
        equilibrium_payoff_set(PD, -0.1)
    with pytest.raises(InvalidParameterError, match="method must be one of"):
        equilibrium_payoff_set(PD, 0.5, method="qhull")
    with pytest.raises(InvalidParameterError, match="max_iter must be a positive integer"):
        equilibrium_payoff_set(PD, 0.5, max_iter=0)
    with pytest.raises(InvalidParameterError, match="stage must be a NormalFormGame"):
        equilibrium_payoff_set([[1, 2], [3, 4]], 0.5)
    three = NormalFormGame([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(UnsupportedGameError, match="two-player"):
        equilibrium_payoff_set(three, 0.5)


def test_result_is_frozen_and_readonly():
    res = equilibrium_payoff_set(PD, 0.75)
    with pytest.raises(AttributeError):
        res.dimension = 1
    with pytest.raises(ValueError):
        res.vertices[0, 0] = 0.0
    assert "polygon" in repr(res)


def test_float_payoffs():
    game = bimatrix(np.array([[9, 1], [10, 3]]) / 10, np.array([[9, 10], [1, 3]]) / 10)
    res = equilibrium_payoff_set(game, 0.75)
    np.testing.assert_allclose(res.vertices, np.array(PD_VERTICES) / 10, atol=1e-10)


# ----------------------------------------------------------------------- properties
def _solve_or_none(game, delta, **kw):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IncompleteResultWarning)
            return equilibrium_payoff_set(game, delta, **kw)
    except NoPureEquilibriumError:
        return None


small_games = integer_bimatrix_games(min_actions=2, max_actions=3)


@settings(max_examples=40)
@given(small_games, st.sampled_from([0.2, 0.5, 0.8]))
def test_vertices_feasible_and_individually_rational(game, delta):
    res = _solve_or_none(game, delta)
    nash = pure_equilibrium_profiles(game, exact=True)
    if res is None:
        assert not nash  # a stage Nash equilibrium repeated is always an SPE
        return
    feasible = _feasible_hull(game)
    for v in res.vertices:
        assert poly.contains(feasible, tuple(v), 1e-9)
        assert np.all(v >= res.minmax_payoffs - 1e-9)
    assert np.all(res.punishment_payoffs >= res.minmax_payoffs - 1e-9)
    for a in nash:
        assert res.contains(game.payoff_profile(a), tol=1e-8)


@settings(max_examples=25)
@given(small_games)
def test_set_grows_with_patience(game):
    deltas = [0.1, 0.3, 0.6, 0.85]
    results = [_solve_or_none(game, d) for d in deltas]
    for small, big in zip(results, results[1:]):
        if small is None:
            continue
        assert big is not None
        for v in small.vertices:
            assert big.contains(tuple(v), tol=1e-7)
        assert big.area >= small.area - 1e-7


@settings(max_examples=25)
@given(small_games, st.sampled_from([0.3, 0.7]))
def test_abreu_sannikov_and_aps_operators_agree(game, delta):
    a = _solve_or_none(game, delta, method="abreu-sannikov")
    b = _solve_or_none(game, delta, method="aps")
    assert (a is None) == (b is None)
    if a is not None:
        va = [tuple(v) for v in a.vertices]
        vb = [tuple(v) for v in b.vertices]
        assert poly.hausdorff_into(va, vb) < 1e-7 and poly.hausdorff_into(vb, va) < 1e-7


@settings(max_examples=20)
@given(small_games, st.sampled_from([F(1, 5), F(1, 2), F(4, 5)]))
def test_exact_certified_sets_are_feasible_and_rational(game, delta):
    res = _solve_or_none(game, delta, exact=True)
    if res is None or not res.exact:
        return
    feasible = _feasible_hull(game, exact=True)
    minmax = [Fraction(m) for m in res.minmax_payoffs]
    for v in res.exact_vertices:
        assert poly.contains(feasible, v)  # exact test
        assert v[0] >= minmax[0] and v[1] >= minmax[1]
    np.testing.assert_allclose(res.vertices, [[float(x), float(y)] for x, y in
                                              res.exact_vertices])
    for a in pure_equilibrium_profiles(game, exact=True):
        assert res.contains(tuple(game.exact_payoffs[i][a] for i in range(2)))


@settings(max_examples=25)
@given(st.one_of(float_bimatrix_games(min_actions=2, max_actions=3),
                 fraction_bimatrix_games(min_actions=2, max_actions=3)),
       st.sampled_from([0.2, 0.5, 0.95]))
def test_float_and_fraction_games_robust(game, delta):
    # arbitrary float payoffs: no crash, converged, feasible, IR, stage Nash inside
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            res = equilibrium_payoff_set(game, delta)
    except NoPureEquilibriumError:
        assert not pure_equilibrium_profiles(game, tol=0)
        return
    assert res.converged
    scale = res.diagnostics["scale"]
    feasible = _feasible_hull(game)
    for v in res.vertices:
        assert poly.contains(feasible, tuple(v), 1e-9 * scale)
        assert np.all(v >= res.minmax_payoffs - 1e-9 * scale)
    for a in pure_equilibrium_profiles(game, tol=0):
        assert res.contains(game.payoff_profile(a))


def test_payoff_differences_far_below_the_tolerance_keep_the_stage_nash_payoffs():
    # found by hypothesis: player 2's only payoff difference is 1e-214
    game = bimatrix([[0.0, 0.0], [0.0, 1.0]], [[0.0, 0.0], [0.0, -1.0738350184361498e-214]])
    res = equilibrium_payoff_set(game, 0.2)
    assert res.contains((0.0, 0.0))


@pytest.mark.parametrize("scale0, shift0, scale1, shift1", [
    (1.0, 0.0, 1e12, 0.0), (1e12, 0.0, 1.0, 0.0), (1.0, 1e9, 1.0, 0.0),
    (2.0 ** -30, 0.0, 1.0, -1e9), (1e6, 1e9, 1.0, 0.0)])
def test_each_player_has_his_own_scale(scale0, shift0, scale1, shift1):
    """The equilibrium payoff set of the game with payoffs (a u0 + b, c u1 + d), a, c > 0,
    is the image of the set under (x, y) -> (a x + b, c y + d): the same APS operator
    with transformed incentive constraints. With the spread of the two players' payoffs
    12 orders of magnitude apart, a tolerance taken from the larger spread erased the
    smaller player's structure (2 vertices instead of 4 in the PD at δ = 0.6)."""
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    ref = equilibrium_payoff_set(bimatrix(A, A.T), 0.6)
    res = equilibrium_payoff_set(bimatrix(A * scale0 + shift0, A.T * scale1 + shift1), 0.6)
    assert len(res.vertices) == len(ref.vertices) == 4
    back = np.column_stack([(res.vertices[:, 0] - shift0) / scale0,
                            (res.vertices[:, 1] - shift1) / scale1])
    np.testing.assert_allclose(back, ref.vertices, atol=1e-9 * 5)
    # contains works in each player's own units
    for x, y in ref.vertices:
        assert res.contains((x * scale0 + shift0, y * scale1 + shift1))
    assert not res.contains((6 * scale0 + shift0, 1 * scale1 + shift1))
