"""The noisy spiral between two security seekers (models/noisy_spiral.py).

Checks against things outside the model's code: the worked vectors (derived by hand,
below), Bayes' rule applied to every sequence of reports (enumerated here), the general
Bayesian solver on the stage game, the cheap-talk solver for the costless message, and
a seeded simulation within a binomial confidence bound.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma.errors import InvalidParameterError
from secdilemma.models import MODELS
from secdilemma.models.noisy_spiral import (NoisySpiralModel, false_alarm_tolerance,
                                            ruin_step_probability, simulate_noisy_spiral)
from secdilemma.solvers.bayesian import solve_bayesian
from secdilemma.solvers.cheap_talk import solve_cheap_talk

HALF = F(1, 2)


def model(noise, trust, verification=0, **kw):
    return NoisySpiralModel(noise=noise, trust=trust, verification=verification,
                            exploitation_loss=HALF, temptation_secure=HALF, **kw)


# ----------------------------------------------------------------- the public vectors
@pytest.mark.parametrize("noise, trust, n, per_side, pair", [
    (F(1, 5), F(9, 10), 2, F(1, 16), F(31, 256)),
    (F(6, 25), F(9, 10), 2, F(36, 361), None),
    (F(13, 50), F(9, 10), 3, F(2197, 50653), None),
    (F(1, 5), F(3, 5), 1, F(1, 4), F(7, 16)),
    (F(1, 5), F(7, 10), 1, F(1, 4), F(7, 16)),
    (F(1, 5), F(19, 20), 3, F(1, 64), F(127, 4096)),     # 0.031006
    (F(1, 5), F(99, 100), 4, F(1, 256), F(511, 65536)),  # 0.007797
])
def test_public_vectors(noise, trust, n, per_side, pair):
    m = model(noise, trust)
    assert m.trust_threshold == HALF
    assert m.false_alarm_tolerance == n
    assert m.ruin_probability == per_side
    if pair is not None:
        assert m.spiral_probability == pair
    # the float path agrees
    out = NoisySpiralModel.evaluate({"noise": float(noise), "trust": float(trust),
                                     "exploitation_loss": 0.5, "temptation_secure": 0.5})
    assert out["false_alarm_tolerance"] == n
    assert out["ruin_probability"] == pytest.approx(float(per_side), rel=1e-12)


def test_public_vector_rounded_values():
    assert round(float(model(F(1, 5), F(19, 20)).spiral_probability), 6) == 0.031006
    assert round(float(model(F(1, 5), F(99, 100)).spiral_probability), 6) == 0.007797
    assert round(float(model(F(6, 25), F(9, 10)).ruin_probability), 7) == 0.0997230
    assert round(float(model(F(13, 50), F(9, 10)).ruin_probability), 7) == 0.0433735


def test_hotline_vector():
    m = model(F(1, 5), F(9, 10), F(1, 2))
    assert float(m.ruin_step_probability) == pytest.approx(0.104356076, abs=5e-10)
    assert float(m.ruin_probability) == pytest.approx(0.010890191, abs=5e-10)
    assert float(m.spiral_probability) == pytest.approx(0.021661785, abs=5e-10)
    # r(φ) is the smaller root of (1-φ)(1-ε) r² - r + (1-φ)ε = 0, by hand
    eps, phi = 0.2, 0.5
    r = float(m.ruin_step_probability)
    assert (1 - phi) * (1 - eps) * r * r - r + (1 - phi) * eps == pytest.approx(0, abs=1e-15)


def test_sawtooth_less_noise_more_spirals():
    sharper, noisier = model(F(6, 25), F(9, 10)), model(F(13, 50), F(9, 10))
    assert sharper.ruin_probability > noisier.ruin_probability
    # the teeth: n* drops by one just below each critical noise level
    crit = NoisySpiralModel.critical_values(
        "noise", {"trust": 0.9, "exploitation_loss": 0.5, "temptation_secure": 0.5})
    assert crit[0] == pytest.approx(0.1) and crit[1] == pytest.approx(0.25)
    for e in crit[:4]:
        lo, hi = false_alarm_tolerance(0.9, [e * (1 - 1e-9), e * (1 + 1e-9)], 0.5)
        assert hi == lo + 1
    # at ε = 1/4 exactly, odds 9 * (1/3)^2 = 1 = odds π*: still cooperates, so n* = 3
    assert false_alarm_tolerance(F(9, 10), F(1, 4), HALF) == 3
    assert false_alarm_tolerance(0.9, 0.25, 0.5) == 3


def test_hotline_always_lowers_the_spiral_probability():
    phis = np.linspace(0, 0.99, 100)
    out = NoisySpiralModel.evaluate({"noise": 0.3, "trust": 0.95, "verification": phis,
                                     "exploitation_loss": 0.5})
    assert np.all(np.diff(out["spiral_probability"]) < 0)
    assert len(set(out["false_alarm_tolerance"].tolist())) == 1


# ------------------------------------------ enumeration of report sequences (by hand)
def _bayes(mu, report, eps):
    """Bayes' rule with S -> C, G -> D: a report is C, D or a verified C ('V')."""
    if report == "V":
        return F(1)
    like_s = (1 - eps) if report == "C" else eps      # S played C
    like_g = eps if report == "C" else (1 - eps)      # G played D
    return mu * like_s / (mu * like_s + (1 - mu) * like_g)


def _enumerated_spiral_probability(mu0, eps, phi, periods, pi=HALF):
    """Pr(some belief falls below π* within `periods` periods), both S, by enumerating
    the joint report sequences of both sides (no closed form used)."""
    outcomes = [("C", (1 - phi) * (1 - eps)), ("D", (1 - phi) * eps)]
    if phi:
        outcomes.append(("V", phi))
    total = F(0)
    for seq in itertools.product(outcomes, repeat=2 * periods):
        prob = F(1)
        for _, p in seq:
            prob *= p
        beliefs = [mu0, mu0]  # trust in side 1, in side 2
        spiral = min(beliefs) < pi
        for t in range(periods):
            if spiral:
                break        # all-D: beliefs freeze
            for side in range(2):
                beliefs[side] = _bayes(beliefs[side], seq[2 * t + side][0], eps)
            spiral = min(beliefs) < pi
        total += prob * spiral
    return total


@pytest.mark.parametrize("mu0, eps, phi, periods", [
    (F(9, 10), F(1, 5), 0, 4),
    (F(19, 20), F(1, 5), 0, 4),
    (F(3, 5), F(1, 3), 0, 3),
    (F(9, 10), F(1, 5), F(1, 2), 3),
    (F(9, 10), F(13, 50), F(1, 4), 3),
])
def test_finite_horizon_by_enumerating_report_sequences(mu0, eps, phi, periods):
    m = model(eps, mu0, phi)
    expected = _enumerated_spiral_probability(mu0, eps, phi, periods)
    assert m.horizon_spiral_probability(periods) == expected
    out = NoisySpiralModel.evaluate({"noise": float(eps), "trust": float(mu0),
                                     "verification": float(phi), "horizon": periods,
                                     "exploitation_loss": 0.5})
    assert out["horizon_spiral_probability"] == pytest.approx(float(expected), abs=1e-14)


def test_value_against_enumerated_survival():
    """(1-δ) Σ δ^t s_t² with s_t from enumerated report sequences of one side (12
    periods) plus a tail bound."""
    eps, mu0, delta = F(1, 5), F(9, 10), F(1, 2)
    periods = 12
    surv = []
    for t in range(periods + 1):
        alive = F(0)
        for seq in itertools.product(("C", "D"), repeat=t):
            prob, mu, ok = F(1), mu0, True
            for rep in seq:
                prob *= (1 - eps) if rep == "C" else eps
                mu = _bayes(mu, rep, eps)
                ok = ok and mu >= HALF
            alive += prob * ok
        surv.append(alive)
    head = sum((1 - delta) * delta ** t * s ** 2 for t, s in enumerate(surv))
    tail_max = delta ** (periods + 1)
    out = NoisySpiralModel.evaluate({"noise": 0.2, "trust": 0.9, "discount": 0.5,
                                     "exploitation_loss": 0.5}, ("cooperation_value",))
    w = float(out["cooperation_value"])
    s_inf = 1 - 1 / 16
    assert float(head) + tail_max * s_inf ** 2 - 1e-12 <= w <= float(head) + tail_max + 1e-12


def test_hotline_break_even_cost():
    base = dict(noise=0.25, trust=0.8, exploitation_loss=0.5, discount=0.95)
    out = NoisySpiralModel.evaluate({**base, "verification": [0.0, 0.2, 0.5]},
                                    ("cooperation_value", "hotline_break_even_cost"))
    w = out["cooperation_value"]
    assert out["hotline_break_even_cost"][0] == 0
    assert np.allclose(out["hotline_break_even_cost"], w - w[0], atol=1e-13)
    assert np.all(np.diff(out["hotline_break_even_cost"]) > 0)


# ------------------------------------------------------ general solvers on the games
@pytest.mark.parametrize("eps, mu0", [(F(1, 5), F(9, 10)), (F(13, 50), F(9, 10)),
                                      (F(1, 5), F(99, 100))])
def test_tolerance_against_solve_bayesian(eps, mu0):
    """After n* - 1 false alarms the stage game still has the cooperative BNE; after n*
    it has only all-defect (solve_bayesian on the stage game at that trust)."""
    m = model(eps, mu0)
    n = m.false_alarm_tolerance
    mu = mu0
    for k in range(n + 1):
        stage = m.stage(mu, mu).to_game()
        res = solve_bayesian(stage, exact=True)
        coop = any(eq.exact_strategies[0][0][0] == 1 and eq.exact_strategies[1][0][0] == 1
                   for eq in res)
        assert coop == (k < n), (k, n)
        mu = _bayes(mu, "D", eps)


@pytest.mark.parametrize("trust", [F(9, 10), F(3, 5)])
def test_costless_message_is_babbling_only(trust):
    m = model(F(1, 5), trust)
    res = solve_cheap_talk(m.message_game(), exact=True)
    assert res.only_babbling
    assert len(res) >= 1


# ------------------------------------------------------------------------- simulator
@pytest.mark.parametrize("eps, mu0, phi", [(0.2, 0.9, 0.0), (0.3, 0.95, 0.3),
                                           (0.26, 0.9, 0.0)])
def test_simulator_matches_closed_forms(eps, mu0, phi):
    m = NoisySpiralModel(noise=eps, trust=mu0, verification=phi, exploitation_loss=0.5)
    paths, periods = 20000, 200
    sample = simulate_noisy_spiral(m, periods, paths, np.random.default_rng(20231))
    for T in (5, 20):
        p = float(m.horizon_spiral_probability(T))
        hat = np.mean((sample.spiral_period > 0) & (sample.spiral_period <= T + 1))
        assert abs(hat - p) <= 4 * math.sqrt(p * (1 - p) / paths) + 1e-12, (T, hat, p)
    # 200 periods are close to "ever" (s_200 - s_inf is negligible here)
    p = float(m.spiral_probability)
    hat = np.mean(sample.spiral_period > 0)
    assert abs(hat - p) <= 4 * math.sqrt(p * (1 - p) / paths) + 1e-3
    # beliefs freeze after the spiral
    k = np.flatnonzero(sample.spiral_period > 0)[:50]
    for i in k:
        t = sample.spiral_period[i]
        assert np.all(sample.trust[i, t - 1:] == sample.trust[i, t - 1])


def test_simulator_is_reproducible():
    m = NoisySpiralModel(noise=0.2, trust=0.9, exploitation_loss=0.5)
    a = simulate_noisy_spiral(m, 30, 100, np.random.default_rng(5))
    b = simulate_noisy_spiral(m, 30, 100, np.random.default_rng(5))
    assert np.array_equal(a.spiral_period, b.spiral_period)


# -------------------------------------------------------------------- edge cases, errors
def test_edges():
    assert model(F(1, 5), F(2, 5)).spiral_probability == 1       # starts below π*
    assert model(F(0), F(9, 10)).spiral_probability == 0         # no noise
    assert model(F(1, 5), F(1)).spiral_probability == 0          # certain trust
    assert model(F(1, 5), F(9, 10), F(1)).spiral_probability == 0  # always verified
    out = NoisySpiralModel.evaluate({"noise": [0.0, 0.2], "trust": [0.9, 1.0],
                                     "exploitation_loss": 0.5})
    assert out["spiral_probability"].tolist() == [0.0, 0.0]
    assert ruin_step_probability(F(1, 5), 1) == 0


@pytest.mark.parametrize("kw, word", [
    ({"noise": 0.5}, "noise must be < 0.5"),
    ({"noise": -0.1}, "noise must be >= 0"),
    ({"trust": 1.2}, "trust must be <= 1"),
    ({"verification": -0.1}, "verification must be >= 0"),
    ({"verification": 1.5}, "verification must be <= 1"),
    ({"horizon": 2.5}, "horizon must be an integer"),
])
def test_bad_parameters(kw, word):
    params = {"noise": 0.2, "trust": 0.9, **kw}
    with pytest.raises(InvalidParameterError, match=word):
        NoisySpiralModel.evaluate(params)
    with pytest.raises(InvalidParameterError, match=word):
        NoisySpiralModel(**params)


def test_simulator_bad_input():
    m = NoisySpiralModel(noise=0.2, trust=0.9)
    with pytest.raises(InvalidParameterError, match="paths must be an integer"):
        simulate_noisy_spiral(m, 10, 0, np.random.default_rng(0))
    with pytest.raises(InvalidParameterError, match="rng must be"):
        simulate_noisy_spiral(m, 10, 10, 3)


def test_registered():
    assert MODELS["noisy_spiral"] is NoisySpiralModel
