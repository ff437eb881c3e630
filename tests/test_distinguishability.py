"""Jervis's four worlds (models/distinguishability.py): the worked vectors (derived by
hand in the comments), and every closed-form equilibrium list against the general
solvers on the model's game (solve_bayesian for rho < 1, solve_pbe for rho = 1)."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma.errors import InvalidParameterError
from secdilemma.models import MODELS
from secdilemma.models.distinguishability import DistinguishabilityModel
from secdilemma.solvers.bayesian import solve_bayesian
from secdilemma.solvers.pbe import solve_pbe

MU = F(3, 5)


def world(theta, rho, mu=MU, **kw):
    return DistinguishabilityModel(theta, rho, mu, **kw)


def behaviours(model):
    return sorted((e.secure_offence, e.greedy_offence, e.arm_after_defensive_signal,
                   e.arm_after_offensive_signal) for e in model.equilibria())


def solver_behaviours(model):
    """(Pr(o|S), Pr(o|G), s_d, s_o) of every BNE found by solve_bayesian on to_game()."""
    res = solve_bayesian(model.to_game(), exact=True)
    out = set()
    for eq in res:
        a, b = eq.exact_strategies
        plan = b[0]                       # NN, NA, AN, AA: (after d, after o)
        out.add((F(a[0][1]), F(a[1][1]), F(plan[2] + plan[3]), F(plan[1] + plan[3])))
    return sorted(out)


# ---------------------------------------------------------------- public vectors
def test_w1_offence_indistinguishable():
    # X = 1/2 > 0 = Z (rho = 1/2), both o; J = 2/5 > kappa = 1/6: B always arms
    eqs = world(F(3, 4), F(1, 2)).equilibria()
    assert len(eqs) == 1 and eqs[0].kind == "pooling_on_offence"
    assert eqs[0].tragic_arming == 1


def test_w2_defence_indistinguishable():
    # X = -1/2 < 0 < Y = 1/4: S d, G o; J = 2/5 < kappa = 1/2: B never arms
    eqs = world(F(1, 4), F(1, 2)).equilibria()
    assert len(eqs) == 1 and eqs[0].kind == "honest_postures_no_arming"
    assert eqs[0].tragic_arming == 0 and eqs[0].undeterred_offence == 1


def test_w3_offence_distinguishable():
    # separating: h(2rho-1) = 4/5 in [X, Y] = [1/2, 11/4]; J_o = 6/7 >= 1/6 >= J_d = 2/29
    eqs = {e.kind: e for e in world(F(3, 4), F(9, 10)).equilibria()}
    assert len(eqs) == 3
    sep = eqs["separating"]
    assert (sep.tragic_arming, sep.undeterred_offence) == (F(1, 10), F(1, 10))
    assert eqs["pooling_on_offence"].tragic_arming == 1
    # third (derived here): B arms after o-hat, after d-hat w.p. s with (4/5)(1 - s) = 1/2
    # -> s = 3/8; J_d = kappa: 0.04 / (0.04 + 0.6 P(d-hat|S)) = 1/6 -> P = 1/3 = 0.9 - 0.8 sigma
    semi = eqs["semi_separating"]
    assert (semi.secure_offence, semi.arm_after_defensive_signal) == (F(17, 24), F(3, 8))


def test_w4_defence_distinguishable():
    eqs = world(F(1, 4), F(9, 10)).equilibria()
    assert len(eqs) == 1
    e = eqs[0]
    assert (e.secure_offence, e.greedy_offence) == (0, F(1, 4))
    assert (e.arm_after_defensive_signal, e.arm_after_offensive_signal) == (0, F(5, 16))
    assert (e.tragic_arming, e.undeterred_offence) == (F(1, 32), F(23, 32))


def test_dual_use_threshold():
    assert world(F(3, 4), F(4, 5)).critical_distinguishability == F(10, 13)
    assert any(e.kind == "separating" for e in world(F(3, 4), F(4, 5)).equilibria())
    assert not any(e.kind == "separating" for e in world(F(3, 4), F(19, 25)).equilibria())
    assert any(e.kind == "separating" for e in world(F(3, 4), F(10, 13)).equilibria())


# -------------------------------------------------- against the general solvers
SAMPLES = [(F(3, 4), F(1, 2)), (F(1, 4), F(1, 2)), (F(3, 4), F(9, 10)),
           (F(1, 4), F(9, 10)), (F(3, 4), F(4, 5)), (F(3, 4), F(19, 25)),
           (F(3, 5), F(7, 10)), (F(9, 10), F(3, 5)), (F(1, 3), F(17, 20)),
           (F(1, 50), F(19, 20))]  # a tie (Y = -h(2rho-1)) whose continuum is infeasible


@pytest.mark.parametrize("theta, rho", SAMPLES)
def test_equilibria_match_solve_bayesian(theta, rho):
    m = world(theta, rho)
    assert not m.degenerate
    assert behaviours(m) == solver_behaviours(m)


_OTHER = [(F(1, 2), 2, F(1, 2), 2), (F(4, 5), 1, 2, F(1, 2)), (F(1, 5), 5, F(3, 2), 3)]
# (theta, rho) = (2/3, 3/4) with (mu, g, h, k) = (4/5, 1, 2, 1/2) lies on a tie line (a
# continuum, flagged degenerate): the finite-set comparison leaves it out
_OTHER_POINTS = [(mu, g, h, k, th, r) for (mu, g, h, k) in _OTHER
                 for (th, r) in [(F(2, 3), F(3, 4)), (F(1, 5), F(19, 20))]
                 if not ((mu, g, h, k) == _OTHER[1] and (th, r) == (F(2, 3), F(3, 4)))]


@pytest.mark.parametrize("mu, g, h, k, theta, rho", _OTHER_POINTS)
def test_other_parameters_match_solve_bayesian(mu, g, h, k, theta, rho):
    m = world(theta, rho, mu, exploitation_gain=g, arming_loss=h, arms_cost=k)
    assert not m.degenerate
    assert behaviours(m) == solver_behaviours(m)


def test_tie_line_point_is_flagged_degenerate():
    mu, g, h, k = _OTHER[1]
    assert world(F(2, 3), F(3, 4), mu, exploitation_gain=g, arming_loss=h,
                 arms_cost=k).degenerate


@pytest.mark.parametrize("theta", [F(3, 4), F(1, 4)])
def test_rho_one_uses_off_path_beliefs(theta):
    m = world(theta, 1)
    res = solve_pbe(m.to_game(), exact=True)
    assert len(m.equilibria()) == len(res)
    if theta == F(3, 4):
        # X = 1/2 <= h = 1 <= Y: the separating PBE; B arms exactly after o
        assert [e.kind for e in m.equilibria()] == ["separating"]
    else:
        # Y = 1/4 < h: G is deterred by an off-path threat after o: pooling on d, with
        # B's arming after o anywhere in [Y/h, 1] (a continuum: flagged)
        assert {e.kind for e in m.equilibria()} == {"pooling_on_defence"}
        assert m.degenerate


def test_vectorised_agrees_with_exact():
    out = DistinguishabilityModel.evaluate({"offense_advantage": [0.75, 0.25, 0.75, 0.25],
                                            "distinguishability": [0.5, 0.5, 0.9, 0.9],
                                            "trust": 0.6})
    assert out["num_equilibria"].tolist() == [1, 1, 3, 1]
    assert out["max_tragic_arming_probability"][3] == pytest.approx(1 / 32)
    assert out["max_undeterred_offence_probability"][3] == pytest.approx(23 / 32)
    assert out["critical_distinguishability"][0] == pytest.approx(10 / 13)
    regimes = DistinguishabilityModel.metric_info["regime"].flag_meanings
    assert [regimes[r] for r in out["regime"]] == [
        "pooling_on_offence", "honest_postures_no_arming", "separating_or_pooling",
        "semi_separating"]


@pytest.mark.parametrize("kw, word", [
    ({"distinguishability": 0.4}, "distinguishability must be >= 0.5"),
    ({"distinguishability": 1.1}, "distinguishability must be <= 1"),
    ({"trust": -0.1}, "trust must be >= 0"),
    ({"offense_advantage": 2}, "offense_advantage must be <= 1"),
])
def test_bad_parameters(kw, word):
    params = {"offense_advantage": 0.5, "distinguishability": 0.8, "trust": 0.6, **kw}
    with pytest.raises(InvalidParameterError, match=word):
        DistinguishabilityModel.evaluate(params)
    with pytest.raises(InvalidParameterError, match=word):
        DistinguishabilityModel(**params)


def test_registered():
    assert MODELS["distinguishability"] is DistinguishabilityModel


_PAYOFFS = ("posture_value", "exploitation_gain", "arming_loss", "exploitation_loss",
            "arms_cost")


@pytest.mark.parametrize("scale", [1e-9, 1e-3, 1e6, 1e12])
@pytest.mark.parametrize("theta, rho", SAMPLES[:6])
def test_float_equilibria_are_scale_free(theta, rho, scale):
    """Multiplying every payoff parameter by the same factor changes no incentive (each
    comparison is between two payoffs of the same player), so the float path must return
    the same equilibria, in the same order, as the exact model."""
    exact = world(theta, rho)
    kw = {p.name: float(getattr(exact, p.name)) for p in exact.PARAMETERS}
    for name in _PAYOFFS:
        kw[name] *= scale
    scaled = type(exact)(**kw)
    ref, got = exact.equilibria(), scaled.equilibria()
    assert [e.kind for e in got] == [e.kind for e in ref]
    for a, b in zip(got, ref):
        for field in ("secure_offence", "greedy_offence", "arm_after_defensive_signal",
                      "arm_after_offensive_signal"):
            assert float(getattr(a, field)) == pytest.approx(float(getattr(b, field)),
                                                             abs=1e-9)


# Points exactly on a tie (every number exact in binary, so the float path sees the tie
# at c = 1) and within a relative 1e-10 of one, for the scale test below. Defaults
# v = 1, g = 3, h = 1, L = 8, k = 1 unless given: X = v(2θ − 1), Y = X + gθ,
# c = h(2ρ − 1), κ = k/(Lθ), J⁺ = ρ when μ = 1/2.
_NEAR = 1 + 1e-10
_TIE_POINTS = [
    dict(offense_advantage=0.5, distinguishability=0.75, trust=0.5),       # X = 0
    dict(offense_advantage=0.75, distinguishability=0.75, trust=0.5),      # X = c = 1/2
    dict(offense_advantage=0.25, distinguishability=0.625, trust=0.25),    # Y = c = 1/4
    dict(offense_advantage=0.25, distinguishability=0.75, trust=0.5),      # κ = 1 − μ = 1/2
    dict(offense_advantage=1.0, distinguishability=0.75, trust=0.5,
         arms_cost=6.0),                                                   # κ = J⁺ = 3/4
    dict(offense_advantage=0.5 * _NEAR, distinguishability=0.75, trust=0.5),
    dict(offense_advantage=0.5 / _NEAR, distinguishability=0.75, trust=0.5),
    dict(offense_advantage=0.75, distinguishability=0.75 * _NEAR, trust=0.5),
    dict(offense_advantage=0.25, distinguishability=0.625 / _NEAR, trust=0.25),
    dict(offense_advantage=0.25, distinguishability=0.75, trust=0.5 * _NEAR),
    dict(offense_advantage=1.0, distinguishability=0.75, trust=0.5, arms_cost=6.0 * _NEAR),
    dict(offense_advantage=1.0, distinguishability=0.75, trust=0.5, arms_cost=6.0 / _NEAR),
]


def _scaled(point, c):
    kw = {p.name: float(point.get(p.name, p.default if p.default is not None else 0))
          for p in DistinguishabilityModel.PARAMETERS}
    for name in _PAYOFFS:
        kw[name] *= c
    return kw


def _signature(model):
    eqs = model.equilibria()
    return sorted(e.kind for e in eqs), model.degenerate


@pytest.mark.parametrize("point", _TIE_POINTS)
def test_float_path_is_scale_free_at_and_near_ties(point):
    """At a tie (or within a relative 1e-10 of one) multiplying every payoff by c in
    1e-9..1e12 changes no equilibrium and no flag (each player's payoffs are rescaled by
    a positive factor): the float enumeration must give the c = 1 answer and the exact
    (Fraction) answer at the same point. No shift: v, g, h, L, k enter the payoffs as
    multipliers (v(1 − θ), gθ, Lθ), so adding a constant to them changes the game."""
    exact = DistinguishabilityModel(**{k: F(v) for k, v in _scaled(point, 1).items()})
    ref = _signature(exact)
    sweep_ref = None
    for c in (1e-9, 1e-3, 1, 1e6, 1e12):
        kw = _scaled(point, c)
        assert _signature(DistinguishabilityModel(**kw)) == ref, c
        out = DistinguishabilityModel.evaluate(kw)
        got = (int(out["num_equilibria"]), int(out["regime"]), bool(out["degenerate"]))
        sweep_ref = sweep_ref or got
        assert got == sweep_ref, c
        assert got[0] == len(ref[0]) and got[2] == ref[1], c
