"""Global game of strategic risk (MODELS.md §4): c/2 under the improper prior, the
normal-prior cutoff equation, its limits, the uniqueness condition, and an equilibrium
check by numerical integration over θ (independent of the closed-form posterior)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, optimize, stats

from secdilemma.errors import InvalidParameterError
from secdilemma.models.global_game import GlobalGameModel


def cooperation_gain_by_integration(c, sigma, prior, x, k):
    """E[θ | x] − c·Pr(x_j < k | x) by Bayes' rule on a quadrature over θ."""
    lik = lambda t: stats.norm.pdf(x, loc=t, scale=sigma) * prior.pdf(t)  # noqa: E731
    m, sd = prior.mean(), prior.std()
    lo, hi = max(x - 12 * sigma, m - 12 * sd), min(x + 12 * sigma, m + 12 * sd)
    z = integrate.quad(lik, lo, hi, limit=200, epsabs=1e-13)[0]
    mean = integrate.quad(lambda t: t * lik(t), lo, hi, limit=200, epsabs=1e-13)[0] / z
    pr = integrate.quad(lambda t: stats.norm.cdf(k, loc=t, scale=sigma) * lik(t), lo, hi,
                        limit=200, epsabs=1e-13)[0] / z
    return mean - c * pr


def cutoff_equation(x, c, sigma, mu, tau):
    """Equation (2) written out independently of the model."""
    lam = tau ** 2 / (tau ** 2 + sigma ** 2)
    s = math.sqrt(sigma ** 2 * tau ** 2 / (sigma ** 2 + tau ** 2) + sigma ** 2)
    return lam * x + (1 - lam) * mu - c * stats.norm.cdf((1 - lam) * (x - mu) / s)


@pytest.mark.parametrize("sigma", [0.01, 0.3, 1.0, 5.0])
@pytest.mark.parametrize("c", [0.5, 1.0, 3.0])
def test_improper_prior_cutoff_is_half_the_cost(c, sigma):
    model = GlobalGameModel(exploitation_loss=c, signal_noise=sigma)
    assert model.cutoff == c / 2
    res = model.equilibria()
    assert res.unique and res.num_equilibria == 1
    np.testing.assert_allclose(res.cutoffs, [c / 2], atol=1e-8)
    # At the cutoff the other's signal is below it with probability 1/2.
    assert float(model.cooperation_gain(c / 2, c / 2)) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("c, sigma, mu, tau", [
    (1.0, 0.5, 0.3, 1.0), (1.0, 0.1, -1.0, 2.0), (2.0, 1.0, 0.0, 1.0), (1.0, 3.0, 0.3, 1.0),
])
def test_normal_prior_cutoff_solves_the_equation(c, sigma, mu, tau):
    model = GlobalGameModel(c, sigma, prior=stats.norm(mu, tau))
    res = model.equilibria()
    for x in res.cutoffs:
        assert abs(cutoff_equation(x, c, sigma, mu, tau)) < 1e-9
    ref = optimize.brentq(cutoff_equation, -100, 100, args=(c, sigma, mu, tau), xtol=1e-13)
    if model.uniqueness_condition:
        assert res.unique and res.cutoffs[0] == pytest.approx(ref, abs=1e-8)
        assert model.cutoff == pytest.approx(ref, abs=1e-8)


def test_cutoffs_are_equilibria_by_numerical_integration():
    c, sigma, prior = 1.0, 0.6, stats.norm(0.2, 1.0)
    model = GlobalGameModel(c, sigma, prior=prior)
    (x,) = model.equilibria().cutoffs
    assert abs(cooperation_gain_by_integration(c, sigma, prior, x, x)) < 1e-7
    # Types above strictly prefer to cooperate, types below to defect.
    for d in (0.05, 0.5):
        assert cooperation_gain_by_integration(c, sigma, prior, x + d, x) > 0
        assert cooperation_gain_by_integration(c, sigma, prior, x - d, x) < 0


def test_three_cutoffs_are_all_equilibria_by_integration():
    c, sigma, prior = 1.0, 10.0, stats.norm(0.5, 1.0)
    model = GlobalGameModel(c, sigma, prior=prior)
    assert not model.uniqueness_condition
    res = model.equilibria()
    assert res.num_equilibria == 3 and not res.unique
    assert res.stable.tolist() == [True, False, True]
    for x in res.cutoffs:
        assert abs(cooperation_gain_by_integration(c, sigma, prior, x, x)) < 1e-6
        assert cooperation_gain_by_integration(c, sigma, prior, x + 0.5, x) > 0
        assert cooperation_gain_by_integration(c, sigma, prior, x - 0.5, x) < 0


def test_limit_half_cost_as_noise_vanishes():
    errors = []
    for sigma in (0.3, 0.1, 0.03, 0.01, 0.001):
        model = GlobalGameModel(1.0, sigma, prior=stats.norm(0.3, 1.0))
        errors.append(abs(model.cutoff - 0.5))
    assert all(a > b for a, b in zip(errors, errors[1:]))
    assert errors[-1] < 1e-3


def test_limit_half_cost_as_prior_becomes_flat():
    errors = [abs(GlobalGameModel(1.0, 1.0, prior=stats.norm(-2.0, tau)).cutoff - 0.5)
              for tau in (1.0, 10.0, 100.0, 1000.0)]
    assert all(a > b for a, b in zip(errors, errors[1:]))
    assert errors[-1] < 1e-4


def uniqueness_threshold(c, tau):
    """The σ at which c σ = τ² √(2π(1 + λ)) (λ depends on σ)."""
    f = lambda s: c * s - tau ** 2 * math.sqrt(2 * math.pi * (1 + tau ** 2 / (tau ** 2 + s ** 2)))  # noqa: E731,E501
    return optimize.brentq(f, 1e-9, 1e6)


@pytest.mark.parametrize("c, tau", [(1.0, 1.0), (2.0, 0.7), (0.5, 1.5)])
def test_uniqueness_condition(c, tau):
    sigma_bar = uniqueness_threshold(c, tau)
    below = GlobalGameModel(c, 0.95 * sigma_bar, prior=stats.norm(c / 2, tau))
    above = GlobalGameModel(c, 1.1 * sigma_bar, prior=stats.norm(c / 2, tau))
    assert below.uniqueness_condition and not above.uniqueness_condition
    # Under the condition: unique for every prior mean; violated with μ = c/2: three.
    for mu in (c / 2, c / 2 - 1.0, c / 2 + 2.0):
        res = GlobalGameModel(c, 0.95 * sigma_bar, prior=stats.norm(mu, tau)).equilibria()
        assert res.unique and res.num_equilibria == 1
    res = above.equilibria()
    assert res.num_equilibria == 3 and not res.unique
    assert res.lower_bound == res.cutoffs[0] and res.upper_bound == res.cutoffs[-1]
    assert above.cutoff is None


def test_probability_of_defection_reported():
    model = GlobalGameModel(1.0, 1.0, prior=stats.norm(0.5, 1.0))
    res = model.equilibria()
    assert res.cutoffs[0] == pytest.approx(0.5, abs=1e-9)  # G(μ) = μ − c/2 = 0
    assert res.probability_action1[0] == pytest.approx(0.5, abs=1e-9)
    assert np.isnan(GlobalGameModel(1.0, 1.0).equilibria().probability_action1[0])


@pytest.mark.parametrize("kwargs, match", [
    (dict(exploitation_loss=-1.0), "exploitation_loss must be >= 0"),
    (dict(signal_noise=0.0), "signal_noise must be > 0"),
    (dict(signal_noise=-1.0), "signal_noise must be > 0"),
    (dict(prior=stats.uniform(0, 1)), "prior must be None"),
    (dict(prior=stats.poisson(1)), "discrete"),
    (dict(prior="normal"), "frozen continuous"),
])
def test_bad_parameters(kwargs, match):
    args = dict(exploitation_loss=1.0, signal_noise=0.5)
    args.update(kwargs)
    with pytest.raises(InvalidParameterError, match=match):
        GlobalGameModel(**args)
    with pytest.raises(InvalidParameterError, match="grid must be"):
        GlobalGameModel().equilibria(grid=3)


# (c, σ, prior mean, prior sd): three cutoffs, a unique one at c/2 exactly (prior centred
# on c/2, exact in binary), and points where the contagion verdict needs a tolerance
# relative to the model's scale.
_SCALE_POINTS = [(1.0, 10.0, 0.5, 1.0), (1.0, 0.5, 0.5, 1.0), (1.0, 1.0, 0.3, 0.5),
                 (1.0, 3.0, 0.5, 1.0), (1.0, 3.0, 0.5 * (1 + 1e-10), 1.0)]


def _global_signature(point, k):
    c, s, m, t = point
    res = GlobalGameModel(c * k, s * k, prior=stats.norm(m * k, t * k)).equilibria()
    return ((res.num_equilibria, res.unique, res.kinds, res.stable.tolist(), res.converged),
            np.array([res.lower_bound, res.upper_bound, *res.cutoffs]) / k)


def _assert_same_as_unit_scale(point, k):
    ref, ref_x = _global_signature(point, 1.0)
    got, got_x = _global_signature(point, k)
    assert got == ref, k
    np.testing.assert_allclose(got_x, ref_x, rtol=2e-9, atol=1e-12)


@pytest.mark.parametrize("k", [1e-3, 1e6, 1e12])
@pytest.mark.parametrize("point", _SCALE_POINTS)
def test_equilibria_are_scale_free(point, k):
    """c, σ and the prior of the state multiplied by k: every cutoff is multiplied by k
    and nothing else changes. With an absolute cutoff tolerance 1e-10 (and a grid-width
    floor 1e-6), k = 1e-3 gave the cutoffs and the contagion bounds to a relative 1e-7
    only (points 2-4). No shift: the payoff 0 of defecting is fixed (a shift of θ is not
    a shift of the payoffs)."""
    _assert_same_as_unit_scale(point, k)


@pytest.mark.parametrize("point", _SCALE_POINTS[2:4])
def test_equilibria_at_payoff_scale_1e_minus_9(point):
    """(The cutoff solver's tolerances had absolute floors that swallowed every gain
    at this scale.)"""
    _assert_same_as_unit_scale(point, 1e-9)


def test_tolerance_must_be_positive():
    with pytest.raises(InvalidParameterError, match="tol must be"):
        GlobalGameModel(1.0, 1.0).equilibria(tol=0)
