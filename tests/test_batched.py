"""solve_2x2_batch equals solve_nash(method="vertex_enumeration") game by game."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from secdilemma import InvalidGameError, bimatrix, solve_nash
from secdilemma.solvers.batched import MAX_EQUILIBRIA_2X2, solve_2x2_batch


def reference(A, B):
    """Equilibria (row prob of action 0, col prob of action 0) and degeneracy."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = solve_nash(bimatrix(A, B), method="vertex_enumeration")
    return [(e.strategies[0][0], e.strategies[1][0]) for e in res], bool(res.degenerate)


def assert_same(A, B, res):
    width = res.row_probs.shape[1]
    assert res.row_probs.shape[0] == A.shape[0] and width >= MAX_EQUILIBRIA_2X2
    for i in range(A.shape[0]):
        ref, degenerate = reference(A[i], B[i])
        got = [(res.row_probs[i, k], res.col_probs[i, k]) for k in range(res.count[i])]
        assert len(got) == len(ref), (A[i], B[i], got, ref)
        assert np.allclose(got, ref, atol=1e-9, rtol=0), (A[i], B[i], got, ref)
        assert res.degenerate[i] == degenerate, (A[i], B[i])
        assert np.array_equal(res.mask[i], np.arange(width) < res.count[i])
        assert np.all(np.isnan(res.row_probs[i, res.count[i]:]))


def random_batch(rng, n):
    """Half continuous payoffs, half small integers (ties: degenerate games occur)."""
    A = rng.normal(size=(n, 2, 2))
    B = rng.normal(size=(n, 2, 2))
    h = n // 2
    A[h:] = rng.integers(-2, 3, size=(n - h, 2, 2))
    B[h:] = rng.integers(-2, 3, size=(n - h, 2, 2))
    return A, B


@pytest.mark.parametrize("seed", [0, 1])
def test_random_batches_equal_per_game_solver(seed):
    rng = np.random.default_rng(seed)
    A, B = random_batch(rng, 400)
    res = solve_2x2_batch(A, B)
    assert res.degenerate.sum() > 20  # degenerate games are really exercised
    assert set(res.count.tolist()) >= {1, 2, 3}
    assert_same(A, B, res)
    # every reported profile is an equilibrium
    assert np.nanmax(res.max_regret()) <= 1e-9


def test_near_ties_at_the_tolerance_equal_reference():
    """Payoff differences around the 1e-9 tolerance: the batch follows solve_nash's own
    tolerance rules (including the eps-equilibria it accepts)."""
    rng = np.random.default_rng(5)
    n = 300
    A = rng.integers(-1, 2, size=(n, 2, 2)).astype(float)
    B = rng.integers(-1, 2, size=(n, 2, 2)).astype(float)
    for M in (A, B):
        bump = rng.random((n, 2, 2)) < 0.3
        M += bump * rng.choice([1e-10, 5e-9, 1e-8, 1e-7, 2e-6], size=(n, 2, 2))
    assert_same(A, B, solve_2x2_batch(A, B))


def test_large_payoff_scale_and_symmetric_games():
    rng = np.random.default_rng(7)
    RSTP = rng.integers(0, 4, size=(300, 4)).astype(float) * 1000.0
    R, S, T, P = RSTP.T
    A = np.stack([np.stack([R, S], -1), np.stack([T, P], -1)], 1)
    res = solve_2x2_batch(A, A.transpose(0, 2, 1))
    assert_same(A, A.transpose(0, 2, 1), res)


payoff_ints = arrays(np.float64, (2, 2), elements=st.integers(-2, 2).map(float))
payoff_floats = arrays(np.float64, (2, 2),
                       elements=st.floats(-100, 100, allow_nan=False, allow_infinity=False))


@settings(max_examples=150, deadline=None)
@given(A=payoff_ints, B=payoff_ints)
def test_hypothesis_integer_games(A, B):
    res = solve_2x2_batch(A[None], B[None])
    assert_same(A[None], B[None], res)


@settings(max_examples=150, deadline=None)
@given(A=st.one_of(payoff_floats, payoff_ints), B=st.one_of(payoff_floats, payoff_ints))
def test_hypothesis_float_games(A, B):
    res = solve_2x2_batch(A[None], B[None])
    assert_same(A[None], B[None], res)


@settings(max_examples=60, deadline=None)
@given(A=payoff_ints, B=payoff_ints,
       scale=st.floats(0.1, 10), shift=st.floats(-10, 10))
def test_affine_invariance(A, B, scale, shift):
    res = solve_2x2_batch(A[None], B[None])
    res2 = solve_2x2_batch((scale * A + shift)[None], B[None])
    assert res.count[0] == res2.count[0]
    assert np.allclose(res.row_probs, res2.row_probs, equal_nan=True)


def test_known_games():
    stag = np.array([[4.0, 1.0], [3.0, 2.0]])
    res = solve_2x2_batch(stag, stag.T)
    assert res.count.tolist() == [3]
    assert res.row_probs[0, :3].tolist() == [1.0, 0.0, 0.5]
    constant = np.zeros((2, 2))
    res = solve_2x2_batch(constant, constant)
    assert res.degenerate[0] and res.count[0] == 4


def test_result_is_read_only():
    res = solve_2x2_batch(np.eye(2), np.eye(2))
    with pytest.raises(ValueError):
        res.row_probs[0, 0] = 0.3


@pytest.mark.parametrize("A, B, message", [
    (np.zeros((3, 2, 3)), np.zeros((3, 2, 3)), r"solve_2x2_batch\(\): A must have shape "
                                               r"\(N, 2, 2\); got \(3, 2, 3\)"),
    (np.zeros((3, 2, 2)), np.zeros((2, 2, 2)), r"A and B must have the same shape"),
    (np.full((1, 2, 2), np.nan), np.zeros((1, 2, 2)), r"A must be finite"),
])
def test_validation(A, B, message):
    with pytest.raises(InvalidGameError, match=message):
        solve_2x2_batch(A, B)


def test_degenerate_batch_memory_is_proportional_to_its_output():
    """The vertex-enumeration path of degenerate games works in blocks and keeps only
    the completely labelled vertex pairs: its peak memory (tracemalloc) stays within a
    small multiple of the result's, not the ~25 KiB per game of all 36 x 36 candidate
    pairs, and the games are still solved as solve_nash solves them."""
    import tracemalloc

    from secdilemma.solvers import batched

    rng = np.random.default_rng(7)
    n = 3 * batched._BLOCK + 5  # several blocks
    A = rng.integers(-2, 3, (n, 2, 2)).astype(float)
    B = rng.integers(-2, 3, (n, 2, 2)).astype(float)
    A[:, 0, 0] = A[:, 1, 0]  # a tie in the row player's reply to column 0: degenerate
    solve_2x2_batch(A[:3], B[:3])
    tracemalloc.start()
    try:
        res = solve_2x2_batch(A, B)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert res.degenerate.all()
    output = sum(getattr(res, f).nbytes for f in ("row_probs", "col_probs", "mask", "count",
                                                  "degenerate"))
    per_block = 4096 * batched._BLOCK  # bound on the vertices of one block (bytes)
    assert peak <= 3 * output + per_block, (peak, output)
    idx = rng.choice(n, size=60, replace=False)
    assert_same(A[idx], B[idx], solve_2x2_batch(A[idx], B[idx]))
