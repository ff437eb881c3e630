"""Cutoff equilibria with continuous types (secdilemma.solvers.cutoff).

Constructed games: types θ ~ U[0, 1], action 1 iff θ ≥ c, gain θ − φ(1 − p) with
φ(u) = u − q(u). Then g(c) = q(c) and BR(c) = φ(c) (clipped to [0, 1]), so the
equilibrium cutoffs are the roots of q and BR'(c*) = 1 − q'(c*) — known exactly.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy import stats

from secdilemma.errors import InvalidParameterError, SecDilemmaError
from secdilemma.solvers.cutoff import CutoffResult, cutoff_equilibria, find_all_roots

UNIT = stats.uniform(0, 1)


def constructed(q):
    """The gain θ − φ(1 − p), φ(u) = u − q(u), so that g = q on U[0, 1]."""
    return lambda theta, p: theta - ((1 - p) - q(1 - p))


def poly(roots, scale=1.0):
    return lambda u: scale * np.prod([np.asarray(u, dtype=float) - r for r in roots], axis=0)


@pytest.mark.parametrize("roots", [[0.4], [0.2, 0.5, 0.8], [0.1, 0.3, 0.5, 0.7, 0.9]])
def test_all_roots_of_constructed_games(roots):
    q = poly(roots)
    res = cutoff_equilibria(constructed(q), UNIT)
    assert res.kinds == ("interior",) * len(roots)
    np.testing.assert_allclose(res.cutoffs, roots, atol=1e-9)
    # Stability: BR'(c) = 1 - q'(c).
    dq = [np.prod([r - s for s in roots if s != r]) for r in roots]
    np.testing.assert_allclose(res.slopes, [1 - d for d in dq], atol=1e-5)
    np.testing.assert_array_equal(res.stable, [abs(1 - d) < 1 for d in dq])
    np.testing.assert_allclose(res.probability_action1, 1 - np.array(roots), atol=1e-9)
    assert res.unique == (len(roots) == 1)
    assert res.complete


def test_odd_number_of_roots_alternate_stability():
    res = cutoff_equilibria(constructed(poly([0.1, 0.3, 0.5, 0.7, 0.9])), UNIT)
    assert res.stable.tolist() == [True, False, True, False, True]


def test_tangential_root_found_and_unstable():
    r = 1 / np.sqrt(7)  # not a grid point
    q = lambda u: (u - r) ** 2 * (0.8 - u)  # noqa: E731 - touches zero at r
    res = cutoff_equilibria(constructed(q), UNIT)
    # g(0) = q(0) > 0 and g(1) < 0: both corners are equilibria as well.
    np.testing.assert_allclose(res.cutoffs, [0.0, r, 0.8, 1.0], atol=1e-6)
    assert res.kinds == ("all_action1", "interior", "interior", "no_action1")
    assert res.stable.tolist() == [True, False, False, True]
    assert not res.unique


@pytest.mark.parametrize("n_roots", [1, 3, 5])
def test_find_all_roots_polynomials(n_roots):
    roots = np.linspace(-1, 1, n_roots + 2)[1:-1] + 0.0123
    found, touching = find_all_roots(poly(roots), np.linspace(-1.5, 1.5, 301))
    np.testing.assert_allclose(found, roots, atol=1e-9)
    assert not touching.any()


def test_find_all_roots_tangency_and_grid_points():
    found, touching = find_all_roots(lambda x: (x - 0.2) * (x - 0.5) ** 2 * (x - 0.77) ** 2,
                                     np.linspace(0, 1, 101))
    np.testing.assert_allclose(found, [0.2, 0.5, 0.77], atol=1e-6)
    assert touching.tolist() == [False, True, True]


def test_no_spurious_tangency_on_flat_function():
    found, _ = find_all_roots(lambda x: 1 + 0 * x + 1e-17 * np.sin(1e3 * x),
                              np.linspace(0, 1, 1001))
    assert found.size == 0


# ------------------------------------------------------------------ corners, orientation
def test_corner_everyone_takes_action1_bounded_and_unbounded():
    res = cutoff_equilibria(lambda t, p: 1.0 + 0 * t, UNIT)
    assert res.cutoffs.tolist() == [0.0] and res.kinds == ("all_action1",)
    assert res.probability_action1.tolist() == [1.0] and res.unique
    res = cutoff_equilibria(lambda t, p: 1.0 + 0 * t, stats.norm())
    assert res.cutoffs.tolist() == [-np.inf] and res.corner_all_action1


def test_corner_no_one_takes_action1():
    res = cutoff_equilibria(lambda t, p: -1.0 + 0 * t, UNIT)
    assert res.cutoffs.tolist() == [1.0] and res.kinds == ("no_action1",)
    assert res.probability_action1.tolist() == [0.0]
    assert res.corner_no_action1 and not res.corner_all_action1


def test_orientation_below_mirrors_above():
    # theta = -h: the arms race with h ~ U[-3, 1] written with low types arming.
    above = cutoff_equilibria(lambda h, p: h + 2 * p, stats.uniform(-3, 4))
    below = cutoff_equilibria(lambda t, p: -t + 2 * p, stats.uniform(-1, 4),
                              orientation="below")
    np.testing.assert_allclose(below.cutoffs, -above.cutoffs, atol=1e-9)
    np.testing.assert_allclose(below.probability_action1, above.probability_action1)
    np.testing.assert_allclose(below.iterates_from_top[:5], -above.iterates_from_top[:5])


# ------------------------------------------------------------------ iterated dominance
@pytest.mark.parametrize("dist, delta", [
    (stats.uniform(-3, 4), 2.0), (stats.uniform(-1.5, 1), 2.0), (stats.norm(-1, 0.1), 2.0),
    (stats.norm(0, 1), 0.5), (stats.norm(0, 1), 10.0), (stats.logistic(-1, 0.3), 3.0),
    (stats.uniform(-1, 2), 4.0), (stats.norm(0, 1), 2.5), (stats.norm(0, 0.5), 2.5),
])
def test_bounds_meet_iff_unique(dist, delta):
    res = cutoff_equilibria(lambda h, p: h + delta * p, dist)
    assert res.unique == (res.num_equilibria == 1)
    assert res.lower_bound == res.cutoffs[0] and res.upper_bound == res.cutoffs[-1]
    # Monotone contagion: from the top the iterates increase, from the bottom decrease.
    top = res.iterates_from_top[np.isfinite(res.iterates_from_top)]
    bottom = res.iterates_from_bottom[np.isfinite(res.iterates_from_bottom)]
    assert np.all(np.diff(top) >= -1e-12) and np.all(np.diff(bottom) <= 1e-12)


def test_every_cutoff_is_a_fixed_point_of_the_best_response():
    dist = stats.norm(-1, 0.1)
    res = cutoff_equilibria(lambda h, p: h + 2 * p, dist)
    for c in res.cutoffs:
        assert abs(c + 2 * (1 - dist.cdf(c))) < 1e-9


def test_restricted_bounds_mark_incomplete():
    res = cutoff_equilibria(lambda h, p: h + 2 * p, stats.norm(-1, 0.1), bounds=(-1.5, 0.5))
    assert not res.complete and res.notes
    np.testing.assert_allclose(res.cutoffs, [-1.0, 0.0], atol=1e-6)  # -2 is outside


# ------------------------------------------------------------------ result and errors
def test_result_is_frozen_and_records_parameters():
    res = cutoff_equilibria(lambda h, p: h + 2 * p, stats.uniform(-3, 4), tol=1e-11)
    assert isinstance(res, CutoffResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.unique = False
    with pytest.raises(ValueError):
        res.cutoffs[0] = 0.0
    assert res.parameters["tol"] == 1e-11 and res.parameters["orientation"] == "above"
    assert "uniform" in res.parameters["distribution"]
    assert "cutoff -1" in res.describe()


@pytest.mark.parametrize("kwargs, match", [
    (dict(distribution=stats.poisson(3)), "discrete"),
    (dict(distribution=stats.norm), "frozen continuous"),
    (dict(distribution=0.5), "frozen continuous"),
    (dict(orientation="up"), "orientation must be one of"),
    (dict(grid=10), "grid must be an integer >= 50"),
    (dict(tol=0.0), "tol must be > 0"),
    (dict(indifference=3.0), "indifference must be callable"),
    (dict(indifference=lambda t, p: float(np.sum(t))), "vectorised"),
])
def test_bad_input(kwargs, match):
    args = dict(indifference=lambda h, p: h + 2 * p, distribution=stats.uniform(-3, 4))
    args.update(kwargs)
    indifference, distribution = args.pop("indifference"), args.pop("distribution")
    with pytest.raises(InvalidParameterError, match=match) as info:
        cutoff_equilibria(indifference, distribution, **args)
    assert isinstance(info.value, SecDilemmaError) and isinstance(info.value, ValueError)
    assert str(info.value).startswith("cutoff_equilibria(): ")
