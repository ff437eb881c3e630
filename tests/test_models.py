"""Tests of the 2x2 security-dilemma models (MODELS.md section 1)."""

from fractions import Fraction

import numpy as np
import pytest

from secdilemma import InvalidParameterError, solve_nash
from secdilemma.models import (MODELS, REGIMES, OffenseDefenseModel, StageGameModel,
                               classify_regimes, get_model, trust_thresholds)

# Jervis (1978) via MODELS.md section 1: (R, T, P, S) = (4, 3, 2, 1) -> p* = 1/2
STAG_HUNT = StageGameModel(reward=4, sucker=1, temptation=3, punishment=2)

REGIME_CASES = [
    ((4, 1, 3, 2), "stag_hunt"),
    ((4, 1, 3, 1), "other"),            # P == S: boundary
    ((3, 0, 5, 1), "prisoners_dilemma"),
    ((4, 3, 2, 1), "harmony"),
    ((3, 1, 4, 0), "chicken"),
    ((1, 0, 3, 2), "deadlock"),
    ((3, 0, 3, 1), "other"),            # R == T
    ((4, 1, 3, 3), "stag_hunt"),        # T == P allowed in the stag hunt
]


def test_stag_hunt_trust_threshold_exact():
    assert STAG_HUNT.trust_threshold == Fraction(1, 2)
    assert isinstance(STAG_HUNT.trust_threshold, Fraction)
    assert not STAG_HUNT.cooperation_risk_dominant
    assert StageGameModel(5, 1, 3, 2).cooperation_risk_dominant  # p* = 1/3


def test_mixed_equilibrium_plays_trust_threshold():
    res = solve_nash(STAG_HUNT.to_game(), exact=True)
    mixed = [e for e in res if not e.is_pure]
    assert len(res) == 3 and len(mixed) == 1
    assert mixed[0].exact_strategies[0][0] == STAG_HUNT.trust_threshold


def test_to_game_layout_and_exactness():
    game = StageGameModel(4, Fraction(1, 3), 3, 2).to_game()
    assert game.is_exact
    assert game.actions == (("C", "D"), ("C", "D"))
    assert game.players == ("state 1", "state 2")
    A, B = game.exact_payoffs
    assert A.tolist() == [[4, Fraction(1, 3)], [3, 2]]
    assert np.array_equal(B, A.T)
    assert not StageGameModel(4.0, 1, 3, 2).to_game().is_exact


@pytest.mark.parametrize("payoffs, regime", REGIME_CASES)
def test_regimes(payoffs, regime):
    assert StageGameModel(*payoffs).regime == regime
    assert REGIMES[classify_regimes(*payoffs)] == regime


def test_trust_threshold_undefined_is_nan():
    model = StageGameModel(4, 1, 4, 1)  # (R - T) + (P - S) = 0
    assert np.isnan(model.trust_threshold)
    assert not model.cooperation_risk_dominant
    assert np.isnan(trust_thresholds(4, 1, 4, 1))


def test_stage_payoffs_batch_broadcasts():
    R, S, T, P = StageGameModel.stage_payoffs_batch(reward=[4, 5], sucker=1, temptation=3,
                                                    punishment=[[2], [1]])
    assert R.shape == (2, 2) and P[1, 0] == 1


def test_stage_game_validation_messages():
    with pytest.raises(InvalidParameterError, match=r"StageGameModel\(\): reward must be a real"
                                                    r" number; got 'a'"):
        StageGameModel("a", 1, 2, 3)
    with pytest.raises(InvalidParameterError, match=r"sucker must be finite; got nan"):
        StageGameModel(1, float("nan"), 2, 3)
    with pytest.raises(InvalidParameterError, match=r"punishment must be given"):
        StageGameModel.stage_payoffs_batch(reward=1, sucker=1, temptation=1)
    with pytest.raises(InvalidParameterError, match=r"unknown 'trust'"):
        StageGameModel.stage_payoffs_batch(reward=1, sucker=1, temptation=1, punishment=1,
                                           trust=2)


# MODELS.md section 1: V=10, k=1, g=2, L=4
OD = dict(status_quo=10, arms_cost=1, exploitation_gain=2, exploitation_loss=4)


@pytest.mark.parametrize("theta, regime, p_star", [
    (Fraction(1, 5), "harmony", None),
    (Fraction(2, 5), "stag_hunt", Fraction(3, 4)),
    (Fraction(3, 5), "prisoners_dilemma", None),
])
def test_offense_defense_worked_numbers(theta, regime, p_star):
    model = OffenseDefenseModel(offense_advantage=theta, **OD)
    assert model.regime == regime
    assert OffenseDefenseModel(offense_advantage=float(theta), **OD).regime == regime
    if p_star is not None:
        assert model.trust_threshold == p_star
        assert OffenseDefenseModel(float(theta), **OD).trust_threshold == pytest.approx(0.75)
        mixed = [e for e in solve_nash(model.to_game(), exact=True) if not e.is_pure]
        assert mixed[0].exact_strategies[0][0] == p_star


def test_offense_defense_payoffs_and_closed_form_threshold():
    theta, V, k, g, L = Fraction(2, 5), 10, 1, 2, 4
    model = OffenseDefenseModel(theta, V, k, g, L)
    assert model.payoffs == (V, V - L * theta, V - k + g * theta, V - k)
    assert model.trust_threshold == (L * theta - k) / ((L - g) * theta)
    assert model.stage_game() == StageGameModel(*model.payoffs)


def test_offense_defense_boundaries_match_regimes():
    rng = np.random.default_rng(3)
    for _ in range(200):
        k, g, L = rng.uniform(0.1, 3, size=3)
        theta = rng.uniform(0, 1)
        model = OffenseDefenseModel(theta, 5.0, k, g, L)
        b = model.boundaries()
        if theta < b["harmony_upper"]:
            assert model.regime == "harmony"
        elif b["stag_hunt"] and b["stag_hunt"][0] < theta < b["stag_hunt"][1]:
            assert model.regime == "stag_hunt"
            p = model.trust_threshold
            assert p == pytest.approx((L * theta - k) / ((L - g) * theta))
        elif theta > max(k / g, k / L):
            assert model.regime == "prisoners_dilemma"
        else:
            assert model.regime == "chicken"


def test_offense_defense_batch_matches_scalar_and_closed_form():
    rng = np.random.default_rng(4)
    n = 500
    params = dict(offense_advantage=rng.uniform(0, 1, n), status_quo=rng.normal(size=n),
                  arms_cost=rng.uniform(0.1, 2, n), exploitation_gain=rng.uniform(0.1, 3, n),
                  exploitation_loss=rng.uniform(0.1, 3, n))
    R, S, T, P = OffenseDefenseModel.stage_payoffs_batch(**params)
    codes = classify_regimes(R, S, T, P)
    assert np.array_equal(codes, OffenseDefenseModel.regimes_closed_form(**params))
    for i in range(0, n, 25):
        model = OffenseDefenseModel(**{k: float(v[i]) for k, v in params.items()})
        assert np.allclose(model.payoffs, (R[i], S[i], T[i], P[i]))
        assert REGIMES[codes[i]] == model.regime
    assert set(REGIMES[c] for c in codes) >= {"harmony", "stag_hunt", "prisoners_dilemma",
                                              "chicken"}


@pytest.mark.parametrize("kwargs, message", [
    (dict(offense_advantage=1.5), r"OffenseDefenseModel\(\): offense_advantage must be <= 1; "
                                  r"got 1.5"),
    (dict(offense_advantage=-0.1), r"offense_advantage must be >= 0; got -0.1"),
    (dict(arms_cost=0), r"arms_cost must be > 0; got 0"),
    (dict(exploitation_loss=-1), r"exploitation_loss must be > 0; got -1"),
])
def test_offense_defense_validation(kwargs, message):
    params = dict(offense_advantage=0.5, **OD)
    params.update(kwargs)
    with pytest.raises(InvalidParameterError, match=message):
        OffenseDefenseModel(**params)


def test_offense_defense_batch_validation():
    with pytest.raises(InvalidParameterError,
                       match=r"stage_payoffs_batch\(\): offense_advantage must be <= 1; got 2.0"):
        OffenseDefenseModel.stage_payoffs_batch(offense_advantage=[0.5, 2.0], **OD)


def test_registry():
    from secdilemma import models as m

    from secdilemma.models import arms_talk, distinguishability, noisy_spiral
    from secdilemma.models import repeated_grids as rg

    assert MODELS == {"stage_game": StageGameModel, "offense_defense": OffenseDefenseModel,
                      "security_dilemma": m.SecurityDilemmaModel, "arms_race": m.ArmsRaceModel,
                      "global_game": m.GlobalGameModel, "reassurance": m.ReassuranceModel,
                      "interdependence": m.InterdependenceModel,
                      "interdependence_reassurance": m.InterdependenceReassuranceModel,
                      "sanction_spiral": m.SanctionSpiralModel,
                      "third_state": m.ThirdStateModel,
                      "critical_discount": rg.CriticalDiscountModel,
                      "payoff_set": rg.PayoffSetModel,
                      "cooperation_survival": rg.CooperationSurvivalModel,
                      "risk_return_bargaining": m.RiskReturnModel,
                      "screening_bargaining": m.ScreeningModel,
                      "power_shift": m.PowerShiftModel, "prevention": m.PreventionModel,
                      "green_porter": m.GreenPorterModel,
                      "noisy_spiral": noisy_spiral.NoisySpiralModel,
                      "distinguishability": distinguishability.DistinguishabilityModel,
                      "arms_talk": arms_talk.ArmsTalkModel}
    assert get_model("offense_defense") is OffenseDefenseModel
    for cls in MODELS.values():
        assert isinstance(cls.summary, str) and cls.summary
        assert isinstance(cls.parameters, tuple)
    with pytest.raises(InvalidParameterError, match=r"get_model\(\): name must be one of "
                                                    r"'arms_race', .*'stage_game', 'third_state'; got 'x'"):
        get_model("x")


def test_models_are_frozen():
    with pytest.raises(AttributeError):
        STAG_HUNT.reward = 5
