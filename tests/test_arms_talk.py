"""Cheap talk before an arms decision with continuous types (models/arms_talk.py and
solvers/continuous_cheap_talk.py): the worked vectors (derived in the comments), every
type's message incentive computed by quadrature over the rival's type from the base
payoffs (not from the closed forms), and solve_bayesian on a finite type grid."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma.errors import InvalidParameterError
from secdilemma.models import MODELS
from secdilemma.models.arms_talk import ArmsTalkModel
from secdilemma.solvers.bayesian import solve_bayesian
from secdilemma.solvers.continuous_cheap_talk import (interval_talk_equilibria,
                                                      no_talk_equilibria,
                                                      threshold_talk_equilibrium)


def payoff(h, arm, rival_arms, c, d):
    """Base payoffs: (H,H) = h - c, (H,D) = h, (D,H) = -d, (D,D) = 0."""
    return np.where(arm, h - c * rival_arms, -d * rival_arms)


def interval_payoffs(h, a, b, lo, hi, c, d, n=200001):
    """Expected payoff of type h from sending m1 and m0 when the rival follows the
    interval profile, by quadrature over the rival's type; in each continuation h plays
    its best reply (arm or not), the rival plays the profile."""
    r = np.linspace(lo, hi, n)
    sends1 = (r > a) & (r < b)
    out = {}
    for mine in (1, 0):
        # the rival's arming given my message and its own
        if mine == 1:
            rival_arms = np.where(sends1, 0.0, 1.0)          # (m1,m1): no; mismatch: yes
        else:
            rival_arms = np.where(sends1, 1.0, (r >= b).astype(float))
        # my best reply is chosen per rival message (I see it)
        total = 0.0
        for rm in (True, False):
            mask = sends1 if rm else ~sends1
            if not mask.any():
                continue
            q = rival_arms[mask].mean()
            best = max(h - c * q, -d * q)
            total += mask.mean() * best
        out[mine] = total
    return out[1], out[0]


# ---------------------------------------------------------------- public vectors
def test_f6a_no_talk_everyone_arms():
    eqs = no_talk_equilibria(F(-3, 2), F(1, 4), 0, 3)
    assert [(e.cutoffs, e.race_probability) for e in eqs] == [((F(-3, 2),), 1)]


def test_f6b_threshold_equilibrium():
    eq = threshold_talk_equilibrium(F(-3, 2), F(1, 4), 0, 3)
    assert eq.valid
    assert (eq.details["pi_H"], eq.details["beta0"]) == (F(1, 7), 1)
    assert eq.race_probability == F(13, 49)   # 1/49 + 2 (1/7)(6/7)


def test_f6d_spillover_breaks_the_threshold_profile():
    eq = threshold_talk_equilibrium(F(-3, 2), F(1, 4), F(1, 10), 3)
    assert not eq.valid
    assert eq.details["hawk_gain_from_m0"] == F(3, 35)   # (6/7)(1/10)(1)
    assert "hawk" in eq.reason


def test_f6e_rare_hawks():
    eq = threshold_talk_equilibrium(F(-3, 2), F(1, 100), 0, 3)
    assert eq.race_probability == F(301, 22801)          # 1 - (150/151)^2
    assert round(float(eq.race_probability), 6) == 0.013201
    assert [e.race_probability for e in no_talk_equilibria(F(-3, 2), F(1, 100), 0, 3)] == [1]


def test_f6f_interval_equilibria():
    assert [e.race_probability for e in no_talk_equilibria(F(-5, 2), F(1, 20), F(1, 5), 3)] \
        == [1]
    eqs = interval_talk_equilibria(-2.5, 0.05, 0.2, 3)
    first = eqs[0]
    a, b = first.cutoffs
    assert a == pytest.approx(-1.079745765, abs=1e-9)
    assert b == pytest.approx(-0.793972386, abs=1e-9)
    assert first.details["P1"] == pytest.approx(0.112067992, abs=1e-9)
    assert first.details["q00"] == pytest.approx(0.372742012, abs=1e-9)
    assert first.race_probability == pytest.approx(0.308558366, abs=1e-9)
    assert len(eqs) == 2     # the second one is held back in the spec
    for e in eqs:
        a, b = e.cutoffs
        W = 2.55
        # the two indifference equations, as written in the spec
        assert (b - a) * (0.2 - b) == pytest.approx(0.2 * (a + 2.5), abs=1e-12)
        assert (W - 2 * (b - a)) * (0.2 - a) == pytest.approx(3 * (0.05 - b), abs=1e-12)


@pytest.mark.parametrize("lo, hi, c", [(-2.5, 0.05, 0.2), (-2.8, -0.5, 0.1),
                                       (-2.0, 0.3, 0.5)])
def test_every_type_incentive_by_quadrature(lo, hi, c):
    d = 3.0
    eqs = interval_talk_equilibria(lo, hi, c, d)
    for e in eqs:
        a, b = e.cutoffs
        for h in np.linspace(lo, hi, 61):
            u1, u0 = interval_payoffs(h, a, b, lo, hi, c, d)
            if a + 1e-3 < h < b - 1e-3:
                assert u1 >= u0 - 1e-4, (h, u1, u0)
            elif h < a - 1e-3 or h > b + 1e-3:
                assert u0 >= u1 - 1e-4, (h, u1, u0)
        # Pr(race) by quadrature over both types
        r = np.linspace(lo, hi, 4001)
        s1 = (r > a) & (r < b)
        arm = np.where(s1, 0.0, (r >= b).astype(float))
        p1 = s1.mean()
        race = 2 * p1 * (1 - p1) + arm[~s1].sum() ** 2 / len(r) ** 2
        assert race == pytest.approx(e.race_probability, abs=2e-3)


def test_threshold_incentives_by_quadrature():
    lo, hi, d = -1.5, 0.25, 3.0
    r = np.linspace(lo, hi, 200001)
    hawk = r > 0
    for h in np.linspace(lo, hi, 36):
        # m1: rival hawk arms; rival dove (m0) arms iff its type >= -d (all, here)
        # m0: rival hawk arms; rival dove does not arm
        u1 = hawk.mean() * max(h, -d) + (~hawk).mean() * max(h, -d * 1.0)
        u0 = hawk.mean() * max(h, -d) + (~hawk).mean() * max(h, 0.0)
        if h < 0:
            assert u0 > u1
        else:
            assert u0 == pytest.approx(u1)  # c = 0: hawks indifferent


def test_talk_can_raise_the_risk():
    m = ArmsTalkModel(F(-14, 5), F(-1, 2), F(1, 10), 3)
    no_talk = sorted(e.race_probability for e in m.no_talk_equilibria())
    assert no_talk[0] == 0 and no_talk[-1] == 1
    interior = no_talk[1]                        # (hi - h*)^2 / W^2 at h* = Δ hi/(Δ - W)
    assert interior == F(25, 36)
    talk = m.interval_equilibria()
    assert talk and max(e.race_probability for e in talk) > float(interior)
    out = ArmsTalkModel.evaluate({"type_low": -2.8, "type_high": -0.5, "spillover": 0.1})
    assert out["talk_raises_risk_is_equilibrium"]


def test_no_talk_against_solve_bayesian_on_a_grid():
    """U[-1, 6/5], c = 0, d = 3: the continuum has a unique BNE, everyone arms; so does
    the 3-type grid (types -19/30, 1/10, 5/6), by the general solver."""
    m = ArmsTalkModel(-1, F(6, 5), 0, 3)
    assert [e.race_probability for e in m.no_talk_equilibria()] == [1]
    res = solve_bayesian(m.to_game(3), exact=True)
    assert len(res) == 1
    assert all(row == (0, 1) for row in res[0].exact_strategies[0])


def test_vectorised():
    out = ArmsTalkModel.evaluate({"type_low": -1.5, "type_high": [0.25, 0.01],
                                  "spillover": [0.0, 0.1]})
    assert out["threshold_is_equilibrium"].tolist() == [True, False]
    assert out["max_arms_race_probability"].tolist() == [1.0, 1.0]


@pytest.mark.parametrize("kw, word", [
    ({"type_high": -2.0}, "type_high must be > type_low"),
    ({"spillover": -0.1}, "spillover must be >= 0"),
    ({"spillover": 3.5}, "exploitation_loss must be > spillover"),
])
def test_bad_parameters(kw, word):
    params = {"type_low": -1.5, "type_high": 0.25, "spillover": 0.0, **kw}
    with pytest.raises(InvalidParameterError, match=word):
        ArmsTalkModel.evaluate(params)
    with pytest.raises(InvalidParameterError, match=word):
        ArmsTalkModel(**params)


def test_registered():
    assert MODELS["arms_talk"] is ArmsTalkModel
