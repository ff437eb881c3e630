"""Kydd's security dilemma and the spiral model (MODELS.md §2)."""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import secdilemma as sd
from secdilemma import InvalidParameterError, solve_bayesian
from secdilemma.models.security_dilemma import SecurityDilemmaModel, cooperation_threshold
from secdilemma.models.spiral import SpiralModel, update_trust


def test_models_md_numbers():
    # a_S = c = 0.5 -> pi* = 0.5
    assert cooperation_threshold(F(1, 2), F(1, 2)) == F(1, 2)
    high = SecurityDilemmaModel(F(3, 5), F(3, 5), F(1, 2), F(1, 2))
    assert high.cooperative_equilibrium_exists
    assert high.tipping_probabilities == (F(5, 6), F(5, 6))   # 0.8333...
    assert high.probability_mutual_cooperation == F(9, 25)    # 0.36
    low = SecurityDilemmaModel(F(2, 5), F(2, 5), F(1, 2), F(1, 2))
    assert not low.cooperative_equilibrium_exists
    assert len(low.closed_form_equilibria()) == 1


def test_bayes_update_numbers():
    assert update_trust(F(1, 2), F(1, 5), F(9, 10)) == F(2, 11)      # 0.181818...
    assert update_trust(F(1, 2), F(4, 5), F(1, 10)) == F(8, 9)       # 0.888889...
    assert update_trust(0.5, 0.2, 0.9) == pytest.approx(0.181818181818, abs=1e-12)
    assert update_trust(0.5, 0.8, 0.1) == pytest.approx(0.888888888889, abs=1e-12)
    np.testing.assert_allclose(update_trust(np.array([0.5, 0.25]), 0.2, 0.9),
                               [2 / 11, 0.05 / 0.725])
    assert update_trust(F(1, 2), 0, 0) is None
    assert np.isnan(update_trust(0.5, 0.0, 0.0))


def _as_set(equilibria):
    return {tuple(tuple(tuple(F(v) for v in row) for row in s) for s in eq)
            for eq in equilibria}


@settings(deadline=None, max_examples=40)
@given(p1=st.fractions(0, 1), p2=st.fractions(0, 1),
       c=st.fractions(F(1, 10), 3), a_s=st.fractions(0, F(99, 100)),
       a_g=st.fractions(F(101, 100), 3))
def test_closed_forms_equal_the_general_solver(p1, p2, c, a_s, a_g):
    model = SecurityDilemmaModel(p1, p2, c, a_s, a_g)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sd.SecDilemmaWarning)
        res = solve_bayesian(model.to_game(), exact=True)
    solver = {tuple(tuple(tuple(row) for row in s) for s in eq.exact_strategies) for eq in res}
    closed = _as_set(model.closed_form_equilibria())
    if res.degenerate:
        assert closed >= solver  # at the threshold the game is degenerate
    else:
        assert solver == closed


def test_vectorised_evaluation_matches_the_model():
    rng = np.random.default_rng(3)
    p1, p2 = rng.uniform(size=50), rng.uniform(size=50)
    c, a = rng.uniform(0.1, 2, size=50), rng.uniform(0, 0.9, size=50)
    out = SecurityDilemmaModel.evaluate({"trust_1": p1, "trust_2": p2, "exploitation_loss": c,
                                          "temptation_secure": a})
    for k in range(50):
        m = SecurityDilemmaModel(p1[k], p2[k], c[k], a[k])
        assert out["cooperation_is_equilibrium"][k] == m.cooperative_equilibrium_exists
        assert out["max_cooperation_probability"][k] == pytest.approx(
            float(m.probability_mutual_cooperation))
        assert out["num_equilibria"][k] == len(m.closed_form_equilibria())


def test_parameter_errors():
    with pytest.raises(InvalidParameterError,
                       match=r"SecurityDilemmaModel\(\): trust_1 must be <= 1; got 1.5"):
        SecurityDilemmaModel(1.5, 0.5)
    with pytest.raises(InvalidParameterError, match="exploitation_loss must be > 0; got -1"):
        SecurityDilemmaModel(0.5, 0.5, exploitation_loss=-1)
    with pytest.raises(InvalidParameterError, match="temptation_greedy must be > 1"):
        SecurityDilemmaModel(0.5, 0.5, temptation_greedy=1)
    with pytest.raises(InvalidParameterError, match="periods must be an integer >= 1"):
        SpiralModel(periods=0, trust_1=0.5, trust_2=0.5)
    with pytest.raises(InvalidParameterError, match="selection must be one of"):
        SpiralModel(periods=2, trust_1=0.5, trust_2=0.5, selection="best")


def test_spiral_cooperative_selection_reveals_types():
    model = SpiralModel(periods=3, trust_1=F(3, 5), trust_2=F(7, 10),
                        exploitation_loss=F(1, 2), temptation_secure=F(1, 2))
    path = model.solve()
    # period 1: Pr(CC) = Pr(both security seekers) = 0.7 * 0.6
    np.testing.assert_allclose(path.outcome_probabilities[0], [0.42, 0.28, 0.18, 0.12])
    # after one period the types are revealed: trust is 0 or 1 and play repeats
    for period in path.nodes[1:]:
        for prob, types, t1, t2 in period:
            assert t1 == (1 if types[1] == 0 else 0)
            assert t2 == (1 if types[0] == 0 else 0)
    np.testing.assert_allclose(path.outcome_probabilities[1], [0.42, 0, 0, 0.58])


@pytest.mark.parametrize("selection", ["most_cooperative", "tipping", "all_defect"])
def test_trust_is_a_martingale_and_each_period_is_an_equilibrium(selection):
    model = SpiralModel(periods=4, trust_1=F(3, 5), trust_2=F(7, 10),
                        exploitation_loss=F(1, 2), temptation_secure=F(1, 2),
                        selection=selection)
    path = model.solve()
    # Bayes' rule: expected posterior = prior, in every period
    for row in path.expected_trust:
        np.testing.assert_allclose(row, [0.6, 0.7], atol=1e-15)
    np.testing.assert_allclose(path.outcome_probabilities.sum(axis=1), 1.0)
    # the strategies played at every belief state are a BNE of that period's game
    for period in path.nodes:
        for _, _, t1, t2 in period:
            (s1, g1), (s2, g2) = model.stage_strategies(t1, t2)
            profile = [np.array([[s1, 1 - s1], [g1, 1 - g1]], dtype=object),
                       np.array([[s2, 1 - s2], [g2, 1 - g2]], dtype=object)]
            game = model.stage(t1, t2).to_game()
            assert max(max(r) for r in game.interim_regrets(profile, exact=True)) == 0


def test_tipping_path_spirals_down():
    model = SpiralModel(periods=3, trust_1=F(3, 5), trust_2=F(3, 5),
                        exploitation_loss=F(1, 2), temptation_secure=F(1, 2),
                        selection="tipping")
    coop = model.solve().cooperation_probability
    assert coop[0] > coop[1]  # a defection observed lowers trust below pi*: a spiral
