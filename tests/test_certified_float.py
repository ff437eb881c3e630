"""Float answers of the two-player solvers are right or flagged, at any payoff scale,
shift and size (issue 12): the reproducers, scale/shift invariance against independent
exact computations, and the size limits (pivoting enumeration, timeout, clear error)."""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from secdilemma import (BayesianGame, IncompleteResultWarning, UnsupportedGameError,
                        bimatrix, solve_bayesian, solve_nash)
from secdilemma.solvers.batched_nash import solve_nash_batch

RPS = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])


def exact_relative_regrets(A, B, x, y):
    """Both players' regrets at (x, y), evaluated exactly on the stored floats and
    divided by that player's payoff range."""
    A = [[F(v) for v in row] for row in np.asarray(A, dtype=float)]
    B = [[F(v) for v in row] for row in np.asarray(B, dtype=float)]
    x = [F(v) for v in x]
    y = [F(v) for v in y]
    m, n = len(A), len(A[0])
    # the float strategy may not sum to 1 exactly: renormalise exactly
    x = [v / sum(x) for v in x]
    y = [v / sum(y) for v in y]
    rows = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
    cols = [sum(B[i][j] * x[i] for i in range(m)) for j in range(n)]
    span_a = max(max(r) for r in A) - min(min(r) for r in A) or 1
    span_b = max(max(r) for r in B) - min(min(r) for r in B) or 1
    return (float((max(rows) - sum(a * b for a, b in zip(x, rows))) / span_a),
            float((max(cols) - sum(a * b for a, b in zip(y, cols))) / span_b))


def assert_certified(A, B, result, tol=1e-9):
    assert len(result) >= 1  # a finite game has an equilibrium
    for eq in result:
        assert max(exact_relative_regrets(A, B, *eq.strategies)) <= tol


def quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


# ------------------------------------------------------------------ reproducers
def test_rock_paper_scissors_at_scale_1e_minus_7():
    """Zero-sum RPS has the unique equilibrium (1/3, 1/3, 1/3) for both players at any
    positive scale (it was 0 equilibria, complete=True)."""
    A, B = 1e-7 * RPS, -1e-7 * RPS
    res = solve_nash(bimatrix(A, B))
    assert res.complete and len(res) == 1
    for s in res[0].strategies:
        np.testing.assert_allclose(s, [1 / 3] * 3, atol=1e-12)
    assert_certified(A, B, res)


def test_rps_with_a_dominated_row_of_minus_1e7():
    """Row 4 pays -1e7 against everything: strictly dominated, so the equilibria are
    those of RPS, with row 4 unused. Column payoffs of row 4 (1, 2, 3) do not matter
    then. Unique: (1/3, 1/3, 1/3, 0), (1/3, 1/3, 1/3)."""
    A = np.vstack([RPS, [[-1e7] * 3]])
    B = np.vstack([-RPS, [[1, 2, 3]]])
    res = solve_nash(bimatrix(A, B))
    assert res.complete and len(res) == 1
    np.testing.assert_allclose(res[0].strategies[0], [1 / 3, 1 / 3, 1 / 3, 0], atol=1e-12)
    np.testing.assert_allclose(res[0].strategies[1], [1 / 3] * 3, atol=1e-12)
    assert_certified(A, B, res)


def test_game_with_a_payoff_of_1e9():
    """A = [[1e9, 1], [3, 2]], B = [[4, 3], [1, 2]]. Pure: (0, 0) (1e9 > 3, 4 > 3) and
    (1, 1) (2 > 1, 2 > 1). Mixed: the column player is indifferent iff
    4x + (1 - x) = 3x + 2(1 - x), x = 1/2; the row player iff
    1e9 y + (1 - y) = 3y + 2(1 - y), y = 1/(1e9 - 2). Before: a non-equilibrium with
    regret 0.5 was reported."""
    A, B = [[1e9, 1], [3, 2]], [[4, 3], [1, 2]]
    res = solve_nash(bimatrix(A, B))
    assert res.complete and len(res) == 3
    mixed = res[2]
    np.testing.assert_allclose(mixed.strategies[0], [0.5, 0.5], atol=1e-12)
    assert mixed.strategies[1][0] == pytest.approx(1 / (1e9 - 2), rel=1e-9)
    assert_certified(A, B, res)
    assert all(eq.max_regret <= res.tol for eq in res)


def kydd_game(scale, trust=0.6, a_secure=0.5, cost=0.5, a_greedy=1.5):
    """Kydd (2005, ch. 2): CC = 1, DD = 0, CD = -c, DC = a_t, payoffs times ``scale``."""
    row = np.empty((2, 2, 2, 2))
    for t, a in enumerate((a_secure, a_greedy)):
        row[t, :] = np.array([[1, -cost], [a, 0]]) * scale
    return BayesianGame([row, row.transpose(1, 0, 3, 2)],
                        marginals=[[trust, 1 - trust], [trust, 1 - trust]])


@pytest.mark.parametrize("scale", [1.0, 1000.0, 1e-6, 1e9])
def test_kydd_security_dilemma_at_any_scale(scale):
    """a_S = c = 0.5, trust 0.6: pi* = c / (1 - a_S + c) = 0.5 <= 0.6, so three BNE:
    cooperative (S: C, G: D), all-defect, and the tipping one with S cooperating with
    probability pi*/p = 5/6 (it was 0 equilibria, complete=True, at scale 1000)."""
    res = solve_bayesian(kydd_game(scale))
    assert res.complete and len(res) == 3
    coop = sorted(float(eq.strategies[0][0, 0]) for eq in res)
    np.testing.assert_allclose(coop, [0.0, 5 / 6, 1.0], atol=1e-9)
    for eq in res:  # greedy types always defect
        assert eq.strategies[0][1, 1] == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_random_two_type_games_with_payoffs_in_the_hundreds(seed):
    """Float answers equal the exact ones (one in three lost equilibria before)."""
    rng = np.random.default_rng(seed)
    for _ in range(8):
        u0 = rng.integers(-300, 301, (2, 2, 2, 2)).astype(float)
        u1 = rng.integers(-300, 301, (2, 2, 2, 2)).astype(float)
        prior = rng.dirichlet(np.ones(4)).reshape(2, 2)
        game = BayesianGame([u0, u1], prior=prior)
        floating = quiet(solve_bayesian, game)
        exact = quiet(solve_bayesian, game, exact=True)
        assert len(floating) == len(exact) and floating.complete == exact.complete
        got = sorted(np.concatenate([s.ravel() for s in eq.strategies]).tolist()
                     for eq in floating)
        want = sorted(np.concatenate([s.ravel() for s in eq.strategies]).tolist()
                      for eq in exact)
        np.testing.assert_allclose(got, want, atol=1e-9)


# ------------------------------------------------------------------ scale and shift
def _nondegenerate_exact(A, B):
    """The exact equilibria by support enumeration (independent code: equal-size
    supports, complete for nondegenerate games), or None when the game is degenerate."""
    ref = quiet(solve_nash, bimatrix(A, B), exact=True)
    if ref.degenerate:
        return None
    support = quiet(solve_nash, bimatrix(A, B), method="support_enumeration", exact=True)
    assert sorted(e.exact_strategies for e in support) == sorted(
        e.exact_strategies for e in ref)
    return ref


small_games = st.integers(2, 4).flatmap(lambda m: st.integers(2, 4).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-50, 50), min_size=m * n, max_size=m * n).map(
            lambda v: np.array(v).reshape(m, n)),
        st.lists(st.integers(-50, 50), min_size=m * n, max_size=m * n).map(
            lambda v: np.array(v).reshape(m, n)))))


@settings(max_examples=80, deadline=None)
@given(game=small_games, exponent=st.integers(-9, 12),
       shift=st.sampled_from([0.0, 1e9, -1e9]))
def test_float_path_is_scale_and_shift_invariant(game, exponent, shift):
    """A nondegenerate integer game, scaled by 10**exponent (1e-9..1e12) and shifted by
    +-1e9: the float solver reports the equilibria of the integer game (computed
    exactly, and checked against exact support enumeration), complete, each with
    range-relative regret <= 1e-9 evaluated exactly on the stored floats. A shift that
    rounds payoffs (scale < 1e-6 with shift 1e9) changes the game itself: then it must
    agree with the exact solution of the stored game instead."""
    A, B = game
    ref = _nondegenerate_exact(A, B)
    assume(ref is not None)
    As = A * 10.0 ** exponent + shift
    Bs = B * 10.0 ** exponent - shift
    res = quiet(solve_nash, bimatrix(As, Bs))
    assert_certified(As, Bs, res)
    lossless = np.array_equal((As - shift) / 10.0 ** exponent, A) and np.array_equal(
        (Bs + shift) / 10.0 ** exponent, B)
    if not lossless:
        ref = quiet(solve_nash, bimatrix(As, Bs), exact=True)
    assert len(res) == len(ref)
    # complete as the exact answer, or flagged: a gap below what floats of this size
    # can store (shift 1e9, range 100: 1e-7 of the range) is reported as a possible tie
    assert res.complete == ref.complete or (
        not res.complete and "near_degenerate" in res.diagnostics and res.warnings)
    for eq, want in zip(sorted(res, key=lambda e: np.concatenate(e.strategies).tolist()),
                        sorted(ref, key=lambda e: np.concatenate(e.strategies).tolist())):
        for s, t in zip(eq.strategies, want.strategies):
            np.testing.assert_allclose(s, t, atol=1e-7)


@settings(max_examples=40, deadline=None)
@given(exponent=st.integers(-9, 12), shift=st.sampled_from([0.0, 1e9, -1e9]),
       seed=st.integers(0, 10_000))
def test_bayesian_float_path_is_scale_and_shift_invariant(exponent, shift, seed):
    rng = np.random.default_rng(seed)
    u0 = rng.integers(-9, 10, (2, 2, 2, 2)).astype(float)
    u1 = rng.integers(-9, 10, (2, 2, 2, 2)).astype(float)
    prior = rng.dirichlet(np.ones(4)).reshape(2, 2)
    scaled = BayesianGame([u0 * 10.0 ** exponent + shift, u1 * 10.0 ** exponent - shift],
                          prior=prior)
    floating = quiet(solve_bayesian, scaled)
    exact = quiet(solve_bayesian, scaled, exact=True)  # the stored game, exactly
    assert len(floating) >= 1 and len(floating) == len(exact)
    # 1e9 + 1e-3 * payoff keeps few digits: a gap below that precision is flagged
    assert floating.complete == exact.complete or (
        not floating.complete and "near_degenerate" in floating.diagnostics
        and floating.warnings)
    got = sorted(np.concatenate([s.ravel() for s in e.strategies]).tolist() for e in floating)
    want = sorted(np.concatenate([s.ravel() for s in e.strategies]).tolist() for e in exact)
    np.testing.assert_allclose(got, want, atol=1e-7)


@pytest.mark.parametrize("seed", range(3))
def test_against_pygambit_enummixed(seed):
    """pygambit's exact enummixed (payoffs below 2**31) as an outside reference."""
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(seed)
    for _ in range(10):
        m, n = rng.integers(2, 6, 2)
        A = rng.integers(-1000, 1001, (m, n))
        B = rng.integers(-1000, 1001, (m, n))
        g = gbt.Game.from_arrays(A.tolist(), B.tolist())
        ref = gbt.nash.enummixed_solve(g, rational=True).equilibria
        want = sorted(tuple(float(eq[p][s]) for p in g.players for s in p.strategies)
                      for eq in ref)
        for scale, shift in ((1e-9, 0.0), (1e12, 0.0), (1.0, 1e9)):
            res = quiet(solve_nash, bimatrix(A * scale + shift, B * scale + shift))
            got = sorted(tuple(np.concatenate(e.strategies).tolist()) for e in res)
            assert len(got) == len(want)
            np.testing.assert_allclose(got, want, atol=1e-7)


# ------------------------------------------------------------------ escalation
def test_degenerate_float_game_is_decided_exactly():
    """A tie (degenerate game) is never decided by floats: the float answer is the
    exact one, and the reason is recorded."""
    A = np.array([[1.0, 1.0], [0.0, 1.0]])  # a tie against column 1
    B = np.array([[1.0, 0.0], [0.0, 1.0]])
    res = quiet(solve_nash, bimatrix(A, B))
    exact = quiet(solve_nash, bimatrix(A, B), exact=True)
    assert "exact_fallback" in res.diagnostics
    assert res.degenerate and exact.degenerate and not res.complete
    assert [tuple(np.concatenate(e.strategies)) for e in res] == [
        tuple(float(v) for s in e.exact_strategies for v in s) for e in exact]


def test_tie_broken_only_by_rounding_is_flagged():
    """Scaling this degenerate integer game by 1e-9 breaks a linear tie only at the
    rounding level (relative 1e-17): the stored floats form a nondegenerate game, but
    the game meant has a tie. Such an answer is flagged, not reported complete."""
    A = np.array([[1, 0], [-2, 3], [3, -2]])
    B = np.array([[-1, 2], [-3, 2], [-1, 1]])
    assert quiet(solve_nash, bimatrix(A, B), exact=True).degenerate
    with pytest.warns(IncompleteResultWarning, match="degenerate up to rounding"):
        res = solve_nash(bimatrix(A * 1e-9, B * 1e-9))
    assert not res.complete and res.diagnostics["near_degenerate"] < 1e-12
    assert_certified(A * 1e-9, B * 1e-9, res)
    # a genuinely small but clear gap (the probability 1e-9 above) is not flagged
    assert "near_degenerate" not in solve_nash(
        bimatrix([[1e9, 1], [3, 2]], [[4, 3], [1, 2]])).diagnostics


def test_batch_uses_the_same_rule_at_small_scale():
    A = np.stack([1e-7 * RPS, 1e-7 * RPS + 1e9]).astype(float)
    B = -A
    res = solve_nash_batch(A, B)
    assert res.count.tolist() == [1, 1]
    np.testing.assert_allclose(res.row_strategies[:, 0], 1 / 3, atol=1e-9)


# ------------------------------------------------------------------ size
def test_nine_by_nine_exact_equals_float_and_support_enumeration():
    """Pivoting makes exact 9 x 9 practical (it took minutes with every basis)."""
    rng = np.random.default_rng(11)
    A = rng.integers(-99, 100, (9, 9))
    B = rng.integers(-99, 100, (9, 9))
    exact = solve_nash(bimatrix(A, B), exact=True)
    floating = solve_nash(bimatrix(A.astype(float), B.astype(float)))
    assert exact.complete and floating.complete and len(exact) % 2 == 1
    np.testing.assert_allclose(
        sorted(tuple(float(v) for s in e.exact_strategies for v in s) for e in exact),
        sorted(tuple(np.concatenate(e.strategies)) for e in floating), atol=1e-9)
    assert_certified(A, B, floating)


def test_twelve_by_twelve_float():
    rng = np.random.default_rng(12)
    A, B = rng.normal(size=(12, 12)), rng.normal(size=(12, 12))
    res = solve_nash(bimatrix(A, B))
    assert res.complete and len(res) % 2 == 1
    assert_certified(A, B, res)
    # each equilibrium is one of Lemke-Howson's (independent pivoting code) or more
    lh = quiet(solve_nash, bimatrix(A, B), method="lemke_howson")
    found = [np.concatenate(e.strategies) for e in res]
    for e in lh:
        assert any(np.allclose(np.concatenate(e.strategies), f, atol=1e-8) for f in found)


def test_too_large_game_gives_a_clear_error_or_a_flagged_partial_answer():
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(30, 30)), rng.normal(size=(30, 30))
    with pytest.raises(UnsupportedGameError, match=r"solve_nash\(\): a 30 x 30 game is too "
                       r"large.*method='lemke_howson'.*timeout="):
        solve_nash(bimatrix(A, B))
    with pytest.warns(IncompleteResultWarning, match="timeout"):
        res = solve_nash(bimatrix(A, B), timeout=0.2)
    assert not res.complete
    assert_certified(A, B, res) if len(res) else None
    assert res.parameters["timeout"] == 0.2


def test_support_enumeration_on_a_huge_game_needs_a_timeout():
    A = np.zeros((20, 20))
    with pytest.raises(UnsupportedGameError, match=r"support_enumeration' would try .* "
                       r"support pairs on a 20 x 20 game.*timeout="):
        solve_nash(bimatrix(A, A), method="support_enumeration")


def test_tiny_timeout_on_support_enumeration_is_flagged():
    # 7 x 7: beyond the compiled kernel (up to 6 x 6 it answers in microseconds, a
    # complete answer whatever the budget)
    rng = np.random.default_rng(1)
    A, B = rng.normal(size=(7, 7)), rng.normal(size=(7, 7))
    with pytest.warns(IncompleteResultWarning):
        res = solve_nash(bimatrix(A, B), method="support_enumeration", timeout=1e-9)
    assert not res.complete


def test_bayesian_timeout_is_flagged():
    with pytest.warns(IncompleteResultWarning, match="timeout"):
        res = solve_bayesian(kydd_game(1.0), timeout=0)
    assert not res.complete


def test_subnormal_payoffs_are_solved_exactly_without_overflow():
    """A subnormal payoff (2.2e-313) makes exact slack ratios overflow a float in the
    near-tie measurement; the game is still solved (it raised OverflowError)."""
    A = np.zeros((2, 2))
    B = np.array([[2.22507386e-313, 0.0], [0.0, 0.0]])
    res = quiet(solve_nash, bimatrix(A, B))
    assert len(res) >= 1 and not res.complete  # the row player is indifferent everywhere
