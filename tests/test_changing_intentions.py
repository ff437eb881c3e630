"""Intentions that change: the trust filter, its Bayes identities, and the survival of
cooperation (exact recursion, belief grid, Monte Carlo)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma.errors import InvalidParameterError
from secdilemma.models.changing_intentions import (ChangingIntentionsModel, expected_trust,
                                                   trust_filter)
from secdilemma.models.repeated_grids import CooperationSurvivalModel


def _sequences(T):
    return itertools.product((0, 1), repeat=T)


def _path_probability(res):
    p = F(1)
    for q in res.observation_probability:
        p *= q
    return p


# ------------------------------------------------------------------ the filter
def test_filter_hand_computed():
    # prior 1/2, λ = 1/10, ε = 1/10: predict 9/20; after C: 81/92; predict 729/920; after D
    res = trust_filter("CD", F(1, 2), F(1, 10), F(1, 10))
    assert res.exact
    assert list(res.predicted) == [F(9, 20), F(729, 920)]
    assert list(res.filtered) == [F(81, 92), F(81, 272)]
    # predictive probabilities: Pr(C) = 9/20 * 9/10 + 11/20 * 1/10 = 23/50
    assert res.observation_probability[0] == F(23, 50)
    assert res.final == F(81, 272)
    assert math.isclose(res.log_likelihood, math.log(float(_path_probability(res))))


def test_filter_float_matches_exact():
    exact = trust_filter([0, 1, 1, 0, 0], F(3, 5), F(1, 20), F(1, 5))
    approx = trust_filter([0, 1, 1, 0, 0], 0.6, 0.05, 0.2)
    assert not approx.exact
    np.testing.assert_allclose(approx.filtered, np.array(exact.filtered, dtype=float),
                               rtol=1e-12)


def test_filter_without_hazard_is_bayes_rule():
    # λ = 0: the filter is repeated Bayes' rule; order of observations does not matter
    a = trust_filter("CCD", F(1, 3), 0, F(1, 4)).final
    b = trust_filter("DCC", F(1, 3), 0, F(1, 4)).final
    odds = F(1, 2) * 3 * 3 * F(1, 3)  # prior odds 1/2, two C (×3), one D (×1/3)
    assert a == b == odds / (1 + odds)


@pytest.mark.parametrize("hazard", [F(0), F(1, 10), F(1, 3)])
def test_martingale_and_drift_exactly(hazard):
    """E[μ_t | past] = (1 − λ) μ_{t−1} under the predictive distribution; hence
    E[μ_t] = (1 − λ)^t μ_0 (a martingale when λ = 0)."""
    prior, noise, T = F(2, 5), F(1, 6), 4
    for t in range(1, T + 1):
        mean = F(0)
        total = F(0)
        for seq in _sequences(t):
            res = trust_filter(seq, prior, hazard, noise)
            p = _path_probability(res)
            total += p
            mean += p * res.filtered[-1]
        assert total == 1
        assert mean == expected_trust(prior, hazard, t) == (1 - hazard) ** t * prior
    # one-step drift from an arbitrary trust level
    mu = F(7, 9)
    step = sum(_path_probability(r) * r.final
               for r in (trust_filter([o], mu, hazard, noise) for o in (0, 1)))
    assert step == (1 - hazard) * mu


def test_uninformative_moves_drift_by_the_hazard():
    res = trust_filter("CDDC", F(9, 10), F(1, 5), F(1, 2))
    assert list(res.filtered) == [F(9, 10) * F(4, 5) ** t for t in range(1, 5)]


def test_filter_with_reciprocating_defections():
    # after we defect a reciprocator defects too (secure_cooperation 0): no information
    res = trust_filter("DD", F(1, 2), 0, F(1, 10), secure_cooperation=[1, 0])
    assert res.filtered[0] == F(1, 10)  # D while S would cooperate: strong evidence
    assert res.filtered[1] == res.filtered[0]  # both types defect now


def test_filter_errors():
    with pytest.raises(InvalidParameterError, match="probability zero"):
        trust_filter("D", 1, 0, 0)  # a sure cooperator, full trust, no noise
    with pytest.raises(InvalidParameterError, match="observations"):
        trust_filter("CX", F(1, 2), 0, 0)
    with pytest.raises(InvalidParameterError, match="trust"):
        trust_filter("C", F(3, 2), 0, 0)
    with pytest.raises(InvalidParameterError, match="secure_cooperation"):
        trust_filter("CC", F(1, 2), 0, 0, secure_cooperation=[1])


# ------------------------------------------------------------------ survival
def test_survival_small_case_by_hand():
    m = ChangingIntentionsModel(F(1, 10), F(1, 10), F(9, 10), F(1, 2))
    res = m.survival(3)
    # period 1: predicted trust 81/100 >= 1/2. After D: 9/28 -> predicted 81/280 < 1/2.
    # After C: 729/748 -> predicted 6561/7480 >= 1/2. So survival[2] = Pr(o1 = C).
    p_c1 = F(81, 100) * F(9, 10) + F(19, 100) * F(1, 10)
    assert res.survival[1] == 1
    assert res.survival[2] == p_c1 == F(187, 250)
    # period 3 needs C, C: after C, C trust is higher; after C, D it is
    mu1 = F(729, 748)
    pred2 = F(9, 10) * mu1
    after_cd = pred2 * F(1, 10) / (pred2 * F(1, 10) + (1 - pred2) * F(9, 10))
    assert F(9, 10) * after_cd < F(1, 2)
    p_cc = p_c1 * (pred2 * F(9, 10) + (1 - pred2) * F(1, 10))
    assert res.survival[3] == p_cc
    # tragic breakdowns by period 2: the D observed in period 1 came from an S that is
    # still S in period 2: Pr(S in 1) (1/10) (9/10)
    assert res.tragic[2] == F(81, 100) * F(1, 10) * F(9, 10)


def test_no_cooperation_below_the_threshold():
    res = ChangingIntentionsModel(F(1, 10), F(1, 10), F(1, 2), F(1, 2)).survival(3)
    assert list(res.survival) == [1, 0, 0, 0]
    assert res.tragic[1] == F(9, 20)
    grid = ChangingIntentionsModel(0.1, 0.1, 0.5, 0.5).survival(3, method="grid")
    assert grid.survival.tolist() == [1.0, 0.0, 0.0, 0.0]
    assert grid.expected_duration == 0.0


def test_exact_float_and_grid_agree():
    exact = ChangingIntentionsModel(F(1, 20), F(3, 20), F(4, 5), F(1, 2)).survival(15)
    flt = ChangingIntentionsModel(0.05, 0.15, 0.8, 0.5).survival(15)
    grid = ChangingIntentionsModel(0.05, 0.15, 0.8, 0.5).survival(15, method="grid",
                                                                   grid=4000)
    e = np.array(exact.survival, dtype=float)
    np.testing.assert_allclose(flt.survival, e, atol=1e-12)
    np.testing.assert_allclose(grid.survival, e, atol=5e-3)
    np.testing.assert_allclose(grid.tragic, np.array(exact.tragic, dtype=float), atol=5e-3)
    assert np.all(np.diff(e) <= 0)


def test_expected_duration_matches_the_survival_sum():
    m = ChangingIntentionsModel(0.1, 0.1, 0.9, 0.5)
    res = m.survival(400, method="grid")
    assert res.survival[-1] < 1e-12
    assert res.expected_duration == pytest.approx(float(np.sum(res.survival[1:])), rel=1e-9)


def _duration_by_recursion(hazard, noise, trust, threshold, *, tol=1e-13):
    """E[D] by the forward recursion over the distinct reachable trust values (floats,
    merged when equal), summed until the surviving mass is below ``tol``: no grid."""
    lam, eps = hazard, noise
    mu, ms, mg = np.array([trust]), np.array([trust]), np.array([1 - trust])
    total = 0.0
    for _ in range(20_000):
        pred = (1 - lam) * mu
        go = pred >= threshold
        pred, ps, pg = pred[go], ms[go] * (1 - lam), mg[go] + ms[go] * lam
        alive = ps.sum() + pg.sum()
        total += alive
        if alive < tol:
            return total
        posts, s_mass, g_mass = [], [], []
        for ls, lg in ((1 - eps, eps), (eps, 1 - eps)):      # observe C, observe D
            posts.append(pred * ls / (pred * ls + (1 - pred) * lg))
            s_mass.append(ps * ls)
            g_mass.append(pg * lg)
        mu, inv = np.unique(np.concatenate(posts), return_inverse=True)
        ms = np.bincount(inv, np.concatenate(s_mass), len(mu))
        mg = np.bincount(inv, np.concatenate(g_mass), len(mu))
        assert len(mu) < 100_000
    raise AssertionError("the recursion did not end")


def test_duration_around_the_one_misperception_threshold():
    # eps = 0.05, mu_0 = 0.9, pi* = 1/2. Repeated observed Cs drive trust up to the fixed
    # point mu*(lam) of mu -> post_C((1 - lam) mu). One observed D from trust mu leaves
    # predicted trust (1 - lam) post_D((1 - lam) mu); at mu* it equals pi* at
    # lam_inf ~ 0.0434416. Below lam_inf cooperation survives an isolated D that follows
    # k >= K(lam) observed Cs (K = 2 at lam = 0.043; the thresholds lam_2 ~ 0.043170,
    # lam_3 ~ 0.0434267, ... accumulate at lam_inf); above it, the first D ends it. So the
    # duration really falls from 17.8 to 10 in [0.043, 0.0435]: a genuine cascade of
    # jumps, which the belief grid must place where the model has them.
    eps, mu0, thr = 0.05, 0.9, 0.5
    lams = [0.035, 0.042, 0.043, 0.0432, 0.0433, 0.0434, 0.0435, 0.044, 0.05]
    model = CooperationSurvivalModel()
    grid = model.evaluate({"hazard": lams, "noise": eps, "trust": mu0,
                           "trust_threshold": thr})["expected_duration"]
    direct = [_duration_by_recursion(lam, eps, mu0, thr) for lam in lams]
    np.testing.assert_allclose(grid, direct, rtol=1e-9)
    assert direct[2] > 17.8 and direct[6] < 10          # the fall is real
    # above lam_inf every observed D ends cooperation (trust after Cs stays below mu*),
    # so E[D] = sum_t Pr(no D observed in periods 1..t-1): a two-state linear system
    # over (other S, other G) with all Cs observed so far
    for lam, value in zip(lams[6:], grid[6:]):
        step = np.array([[(1 - lam) * (1 - eps), 0.0], [lam * eps, eps]])
        alive = np.linalg.solve(np.eye(2) - step, [mu0, 1 - mu0])
        # period t is played by the types after the switch: mass (1 - lam) s, g + lam s
        switched = np.array([[1 - lam, 0.0], [lam, 1.0]]) @ alive
        assert value == pytest.approx(switched.sum(), rel=1e-9)


def test_duration_comparative_statics():
    base = ChangingIntentionsModel(0.05, 0.1, 0.9, 0.5).survival(0, method="grid")
    riskier = ChangingIntentionsModel(0.1, 0.1, 0.9, 0.5).survival(0, method="grid")
    noisier = ChangingIntentionsModel(0.05, 0.2, 0.9, 0.5).survival(0, method="grid")
    assert riskier.expected_duration < base.expected_duration
    assert noisier.expected_duration < base.expected_duration
    forever = ChangingIntentionsModel(0, 0.1, 0.9, 0.5).survival(5, method="grid")
    assert forever.expected_duration == math.inf


def test_monte_carlo_agrees_with_exact():
    m = ChangingIntentionsModel(0.05, 0.1, 0.9, 0.5)
    exact = ChangingIntentionsModel(F(1, 20), F(1, 10), F(9, 10), F(1, 2)).survival(12)
    reps = 20000
    sim = m.simulate(12, repetitions=reps, rng=12345)
    emp = sim.survival()
    p = np.array(exact.survival, dtype=float)
    se = np.sqrt(p * (1 - p) / reps) + 1e-12
    assert np.all(np.abs(emp - p) <= 4 * se + 1e-12)
    # tragic breakdowns: the other is still S in the period we first defect
    D = sim.duration
    broke = D < 12
    tragic = np.mean(broke & sim.secure[np.arange(reps), np.minimum(D, 11)])
    q = float(exact.tragic[12])
    assert abs(tragic - q) <= 4 * math.sqrt(q * (1 - q) / reps)
    # expected (predicted) trust at period t is (1 - λ)^t μ0 whatever happened
    for t in (1, 5, 12):
        col = sim.trust[:, t - 1]
        expected = float(expected_trust(0.9, 0.05, t))
        assert abs(col.mean() - expected) <= 4 * col.std() / math.sqrt(reps) + 1e-12


def test_simulation_is_reproducible():
    m = ChangingIntentionsModel(0.05, 0.1, 0.9, 0.5)
    a = m.simulate(10, repetitions=50, rng=3)
    b = m.simulate(10, repetitions=50, rng=np.random.default_rng(3))
    assert np.array_equal(a.observations, b.observations)
    assert np.array_equal(a.duration, b.duration)


def test_long_run_trust():
    assert expected_trust(F(1, 2), F(1, 10), 0) == F(1, 2)
    assert expected_trust(0.5, 0.1, 200) < 1e-9
    m = ChangingIntentionsModel(F(1, 10), F(1, 10), F(1, 2), F(1, 2))
    assert m.expected_trust(3) == F(729, 2000)


def test_from_payoffs_and_validation():
    m = ChangingIntentionsModel.from_payoffs(reward=4, sucker=1, temptation=3,
                                             punishment=2, hazard=F(1, 20),
                                             noise=F(1, 10), trust=F(9, 10))
    assert m.trust_threshold == F(1, 2)
    m2 = ChangingIntentionsModel.from_payoffs(reward=4, sucker=1, temptation=3,
                                              punishment=2, hazard=0, noise=0, trust=1,
                                              secure_cooperation=F(4, 5))
    assert m2.trust_threshold == F(5, 8)
    assert m2.likelihoods == (F(4, 5), 0)
    with pytest.raises(InvalidParameterError, match="noise"):
        ChangingIntentionsModel(0, 0.6, 0.5, 0.5)
    with pytest.raises(InvalidParameterError, match="hazard"):
        ChangingIntentionsModel(1, 0.1, 0.5, 0.5)
    with pytest.raises(InvalidParameterError, match="method"):
        ChangingIntentionsModel(0, 0.1, 0.5, 0.5).survival(3, method="mc")
    with pytest.raises(InvalidParameterError, match="max_states"):
        ChangingIntentionsModel(F(1, 100), F(1, 5), F(9, 10), F(1, 2)).survival(
            30, max_states=100)
