"""The one-game fast path of ``solve_nash`` (issue 14): a small two-player float game
that the compiled support enumeration certifies nondegenerate is answered by it, and the
answer is the general path's answer (vertex enumeration, with its exact fallback), at
every payoff scale and shift; everything else goes through the general path unchanged.

Each equilibrium is also checked here from first principles: exact rational regrets of
the stored floats, written out below, not the package's own regret code.
"""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secdilemma import bimatrix, solve_nash
from secdilemma.solvers import _bimatrix_kernel

SCALES = [1e-9, 1e-3, 1.0, 1e3, 1e6, 1e12]
SHIFTS = [0.0, 1e9, -1e9]


def exact_relative_regrets(A, B, x, y):
    """Both players' gains from the best pure deviation at (x, y), computed exactly on
    the stored floats (strategies renormalised exactly) and divided by that player's
    payoff range."""
    A = [[F(v) for v in row] for row in np.asarray(A, dtype=float)]
    B = [[F(v) for v in row] for row in np.asarray(B, dtype=float)]
    x = [F(v) for v in x]
    y = [F(v) for v in y]
    x = [v / sum(x) for v in x]
    y = [v / sum(y) for v in y]
    m, n = len(A), len(A[0])
    rows = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
    cols = [sum(B[i][j] * x[i] for i in range(m)) for j in range(n)]
    span_a = max(max(r) for r in A) - min(min(r) for r in A) or 1
    span_b = max(max(r) for r in B) - min(min(r) for r in B) or 1
    return (float((max(rows) - sum(a * b for a, b in zip(x, rows))) / span_a),
            float((max(cols) - sum(a * b for a, b in zip(y, cols))) / span_b))


def quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


def assert_same_answer(fast, general, span):
    """The fast result equals the general one: same flags, same equilibria in the same
    order, payoffs equal up to rounding relative to the payoff range."""
    assert fast.complete == general.complete
    assert fast.degenerate == general.degenerate
    assert len(fast) == len(general)
    for a, b in zip(fast, general):
        assert a.kind == b.kind
        assert a.support == b.support
        for s, t in zip(a.strategies, b.strategies):
            np.testing.assert_allclose(s, t, atol=1e-9, rtol=0)
        np.testing.assert_allclose(a.payoffs, b.payoffs, atol=1e-9 * span, rtol=1e-12)
        assert 0.0 <= a.max_regret <= fast.tol


def random_games(seed, shape, count):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(count, 2) + shape)


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 3), (3, 2), (4, 4), (3, 5)])
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("shift", SHIFTS)
def test_fast_path_equals_vertex_enumeration(shape, scale, shift):
    for A, B in random_games(hash((shape, 7)) % 2**32, shape, 12):
        A = A * scale + shift * scale
        B = B * scale - shift * scale
        game = bimatrix(A, B)
        fast = quiet(solve_nash, game)
        general = quiet(solve_nash, game, method="vertex_enumeration")
        span = max(np.ptp(A), np.ptp(B))
        assert_same_answer(fast, general, span)
        for eq in fast:
            assert max(exact_relative_regrets(A, B, *eq.strategies)) <= 1e-9


def test_fast_path_is_taken_for_a_nondegenerate_game():
    """With the compiled kernel present, a nondegenerate game is answered by it (the
    diagnostics say so; without it, by vertex enumeration); the stag hunt's three equilibria come out as by hand: both
    hunt stag, both hunt hare, and the mixture that makes (R - T) p = (P - S)(1 - p),
    p = (P - S) / (R - T + P - S) = 1/2 for (R, T, P, S) = (4, 3, 2, 1)."""
    res = solve_nash(bimatrix([[4.0, 1.0], [3.0, 2.0]], [[4.0, 3.0], [1.0, 2.0]]))
    if _bimatrix_kernel.NATIVE:
        assert res.method == "support_enumeration" and "kernel" in res.diagnostics
    else:  # no C compiler at install: the general path gives the same answer
        assert res.method == "vertex_enumeration" and "kernel" not in res.diagnostics
    assert res.complete and res.degenerate is False
    assert [eq.kind for eq in res] == ["pure", "pure", "mixed"]
    np.testing.assert_allclose(res[0].strategies[0], [1, 0])
    np.testing.assert_allclose(res[1].strategies[0], [0, 1])
    np.testing.assert_allclose(res[2].strategies[0], [0.5, 0.5], atol=1e-15)
    np.testing.assert_allclose(res[2].payoffs, [2.5, 2.5], atol=1e-14)
    assert res.tol == pytest.approx(3e-9)  # tol times the payoff range 4 - 1


def test_degenerate_games_take_the_general_path():
    """Integer games with ties are degenerate: the kernel is unsure and the general path
    answers, flagged, exactly as when asked for vertex enumeration."""
    A = np.array([[1.0, 1.0], [0.0, 0.0]])  # row player indifferent between columns
    B = np.array([[1.0, 1.0], [1.0, 1.0]])  # column player indifferent everywhere
    res = quiet(solve_nash, bimatrix(A, B))
    assert res.method == "vertex_enumeration"
    assert res.degenerate and not res.complete


def test_result_is_read_only_and_pickles():
    import pickle

    res = solve_nash(bimatrix([[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]]))
    eq = res[0]
    for arr in eq.strategies + (eq.payoffs,):
        assert not arr.flags.writeable
    with pytest.raises(TypeError):
        res.parameters["tol"] = 1.0
    back = pickle.loads(pickle.dumps(res))
    assert back[0] == eq and back.method == res.method
    assert dict(back.diagnostics) == dict(res.diagnostics)


def test_options_that_need_the_general_path():
    """exact=True, a tolerance below the default and other methods never take the fast
    path."""
    game = bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]])
    assert solve_nash(game, exact=True).method == "vertex_enumeration"
    assert solve_nash(game, tol=1e-12).method == "vertex_enumeration"
    assert solve_nash(game, method="vertex_enumeration").method == "vertex_enumeration"


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(2, 2), (3, 3), (4, 4), (2, 4)]),
       st.sampled_from(SCALES))
def test_hypothesis_fast_equals_general(seed, shape, scale):
    A, B = random_games(seed, shape, 1)[0] * scale
    game = bimatrix(A, B)
    fast = quiet(solve_nash, game)
    general = quiet(solve_nash, game, method="vertex_enumeration")
    assert_same_answer(fast, general, max(np.ptp(A), np.ptp(B)))


def test_numeric_array_games_equal_list_games():
    """The one-copy constructor for numeric arrays builds the same game as the
    entry-by-entry one (floats, ints, exact values, labels)."""
    A = np.array([[4, 1], [3, 2]])
    B = np.array([[4, 3], [1, 2]])
    from_arrays = bimatrix(A, B)
    from_lists = bimatrix(A.tolist(), B.tolist())
    assert from_arrays == from_lists and from_arrays.is_exact and from_lists.is_exact
    assert from_arrays.exact_payoffs[0][0, 1] == F(1)
    floats = bimatrix(A / 10, B / 10)
    assert not floats.is_exact
    assert floats.exact_payoffs[0][0, 0] == F(0.4)  # the binary value stored
    with pytest.raises(Exception, match="finite"):
        bimatrix(np.array([[1.0, np.inf], [0.0, 0.0]]), B)
    big = np.array([[1e308, 1e308], [1e308, 1e308]])  # sums overflow, entries finite
    assert bimatrix(big, big).payoffs[0][0, 0] == 1e308


def test_strided_payoff_arrays_are_solved():
    """Payoff arrays that are views with strides (a transposed matrix, as file readers
    make) reach the kernel as contiguous copies: same answer as a fresh game."""
    from secdilemma import NormalFormGame

    rng = np.random.default_rng(11)
    A, B = rng.normal(size=(2, 3, 3))
    game = bimatrix(A, B)
    strided = NormalFormGame.__new__(NormalFormGame)
    for slot in NormalFormGame.__slots__:
        object.__setattr__(strided, slot, getattr(game, slot))
    object.__setattr__(strided, "_payoffs", (A.T.copy().T, B.T.copy().T))
    assert not strided.payoffs[0].flags.c_contiguous
    assert_same_answer(quiet(solve_nash, strided), quiet(solve_nash, game), 10.0)
