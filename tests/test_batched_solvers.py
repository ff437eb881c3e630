"""Batched k x m support enumeration and the batched 2-type Bayesian solver equal the
per-game solvers (solve_nash, solve_bayesian) on random batches, degenerate games
included."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secdilemma import BayesianGame, InvalidGameError, bimatrix, solve_bayesian, solve_nash
from secdilemma.models.security_dilemma import security_dilemma_batch
from secdilemma.solvers.batched_bayesian import induced_normal_form_batch, solve_bayesian_batch
from secdilemma.solvers.batched_nash import solve_nash_batch


def nash_reference(A, B):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return solve_nash(bimatrix(A, B), method="vertex_enumeration").equilibria


def bayes_reference(u0, u1, prior):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return solve_bayesian(BayesianGame([u0, u1], prior=prior)).equilibria


def assert_equal_lists(got, ref, atol=1e-8):
    """Equal as sets (a bijection within atol); the order agrees up to rounding ties."""
    assert len(got) == len(ref)
    unused = list(range(len(ref)))
    for x, y in got:
        match = [j for j in unused if np.allclose(x, ref[j].strategies[0], atol=atol)
                 and np.allclose(y, ref[j].strategies[1], atol=atol)]
        assert match, (x, y)
        unused.remove(match[0])


@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (3, 3), (3, 4), (4, 4)])
def test_nash_batch_random_and_degenerate(shape):
    rng = np.random.default_rng(sum(shape))
    n = 120
    A = rng.normal(size=(n,) + shape)
    B = rng.normal(size=(n,) + shape)
    # a third integer games in [-2, 2]: ties, continua, the fallback path
    A[80:] = rng.integers(-2, 3, (40,) + shape)
    B[80:] = rng.integers(-2, 3, (40,) + shape)
    res = solve_nash_batch(A, B)
    assert res.fallback[80:].any()
    assert not res.fallback[:80].any()
    for i in range(n):
        assert_equal_lists(res.equilibria(i), nash_reference(A[i], B[i]))
    assert np.array_equal(res.count, res.mask.sum(axis=1))


@settings(max_examples=40, deadline=None)
@given(data=st.data(), k=st.integers(1, 4), m=st.integers(1, 4))
def test_nash_batch_hypothesis(data, k, m):
    n = 3
    draw = st.lists(st.integers(-3, 3), min_size=n * k * m, max_size=n * k * m)
    A = np.array(data.draw(draw), dtype=float).reshape(n, k, m)
    B = np.array(data.draw(draw), dtype=float).reshape(n, k, m)
    noise = data.draw(st.sampled_from([0.0, 1e-3]))
    A = A + noise * np.arange(A.size).reshape(A.shape) % 0.7
    res = solve_nash_batch(A, B)
    for i in range(n):
        assert_equal_lists(res.equilibria(i), nash_reference(A[i], B[i]))


def test_nash_batch_known_games_and_validation():
    rps = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)
    res = solve_nash_batch(rps, -rps)
    assert res.count.tolist() == [1]
    assert np.allclose(res.row_strategies[0, 0], 1 / 3)
    with pytest.raises(InvalidGameError, match=r"solve_nash_batch\(\): A and B must have"):
        solve_nash_batch(np.zeros((2, 2, 2)), np.zeros((2, 2, 3)))
    with pytest.raises(InvalidGameError, match="must be finite"):
        solve_nash_batch(np.full((1, 2, 2), np.nan), np.zeros((1, 2, 2)))
    with pytest.raises(ValueError):
        res.mask[0, 0] = False


def random_bayesian(rng, n, integer_from):
    u0 = rng.normal(size=(n, 2, 2, 2, 2))
    u1 = rng.normal(size=(n, 2, 2, 2, 2))
    prior = rng.dirichlet(np.ones(4), size=n).reshape(n, 2, 2)
    half = n // 2
    m0, m1 = rng.uniform(0.05, 0.95, (2, half))
    prior[:half] = (np.stack([m0, 1 - m0], -1)[:, :, None]
                    * np.stack([m1, 1 - m1], -1)[:, None, :])  # independent types
    prior[half:half + 10, 0, :] = 0.0  # a type of player 0 with probability zero
    prior[half + 10:half + 20, :, 1] = 0.0  # and of player 1
    prior /= prior.sum(axis=(1, 2), keepdims=True)
    u0[integer_from:] = rng.integers(-2, 3, u0[integer_from:].shape)
    u1[integer_from:] = rng.integers(-2, 3, u1[integer_from:].shape)
    return u0, u1, prior


def test_bayesian_batch_equals_solve_bayesian():
    rng = np.random.default_rng(7)
    u0, u1, prior = random_bayesian(rng, 160, integer_from=110)
    res = solve_bayesian_batch(u0, u1, prior)
    assert res.fallback[110:].any() and not res.fallback[:110].any()
    assert np.bincount(res.count[:110]).nonzero()[0].tolist()[0] >= 1
    for i in range(len(res)):
        assert_equal_lists(res.equilibria(i), bayes_reference(u0[i], u1[i], prior[i]),
                           atol=1e-7)


@settings(max_examples=40, deadline=None)
@given(p1=st.sampled_from([0.0, 0.2, 0.5, 0.6, 0.9, 1.0]),
       p2=st.sampled_from([0.2, 0.5, 0.6, 1.0]),
       c=st.sampled_from([0.25, 0.5, 1.0]), a=st.sampled_from([0.0, 0.5, 0.75]))
def test_bayesian_batch_security_dilemma_grid(p1, p2, c, a):
    """Kydd's model on a grid that includes the threshold itself (degenerate) and
    types of probability zero."""
    u0, u1, prior = security_dilemma_batch(p1, p2, c, a, 2.0)
    res = solve_bayesian_batch(u0, u1, prior)
    assert_equal_lists(res.equilibria(0), bayes_reference(u0[0], u1[0], prior[0]), atol=1e-7)
    on_threshold = np.isclose(min(p1, p2), c / (1 - a + c))
    if not on_threshold:  # trust 0 or 1 (types of probability zero) stay in the batch
        assert not res.fallback[0]


def test_bayesian_batch_equilibria_solve_the_induced_normal_form():
    rng = np.random.default_rng(3)
    u0, u1, prior = random_bayesian(rng, 60, integer_from=60)
    res = solve_bayesian_batch(u0, u1, prior)
    A, B = induced_normal_form_batch(u0, u1, prior)
    plans = list(itertools.product((0, 1), repeat=2))
    for i in range(60):
        for k in np.flatnonzero(res.mask[i]):
            x, y = res.row_behaviour[i, k], res.col_behaviour[i, k]
            # independent randomisation across types: plan (a_t0, a_t1) ~ product
            px = np.array([np.prod([x[t] if a == 0 else 1 - x[t] for t, a in enumerate(p)])
                           for p in plans])
            py = np.array([np.prod([y[s] if a == 0 else 1 - y[s] for s, a in enumerate(p)])
                           for p in plans])
            row_vals, col_vals = A[i] @ py, px @ B[i]
            assert row_vals.max() - px @ row_vals <= 1e-9
            assert col_vals.max() - col_vals @ py <= 1e-9
    # and the induced form matches BayesianGame.to_normal_form
    game = BayesianGame([u0[0], u1[0]], prior=prior[0]).to_normal_form()
    assert np.allclose(game.payoffs[0], A[0]) and np.allclose(game.payoffs[1], B[0])


def test_bayesian_batch_validation():
    u0, u1, prior = security_dilemma_batch(0.5, 0.5, 0.5, 0.5, 2.0)
    with pytest.raises(InvalidGameError, match=r"solve_bayesian_batch\(\): prior must"):
        solve_bayesian_batch(u0, u1, prior * 2)
    with pytest.raises(InvalidGameError, match=r"u0 must have shape"):
        solve_bayesian_batch(u0[:, 0], u1, prior)
