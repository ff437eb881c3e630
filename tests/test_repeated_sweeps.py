"""Sweep metrics of repeated games against direct solver calls and the closed forms of
MODELS.md §5."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma import bimatrix
from secdilemma.analysis.repeated_sweeps import (critical_discount_grid, payoff_set_area_grid,
                                                 pd_stage)
from secdilemma.errors import InvalidParameterError
from secdilemma.games.automaton import (grim_trigger, k_period_punishment, tit_for_tat,
                                        win_stay_lose_shift)
from secdilemma.solvers.payoff_set import equilibrium_payoff_set
from secdilemma.solvers.repeated import critical_discount_factor

PD = bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])


def test_grim_closed_form_on_every_noise_free_point():
    T, R, P = [4, 5, 6], [2, 3], [0, 1]
    ds = critical_discount_grid("grim_trigger", temptation=T, reward=R, punishment=P,
                                sucker=-1)
    assert ds["critical_discount"].dims == ("temptation", "reward", "punishment")
    for i, t in enumerate(T):
        for j, r in enumerate(R):
            for k, p in enumerate(P):
                expected = F(t - r, t - p)
                assert ds["critical_discount"].values[i, j, k] == float(expected)
                assert ds["upper_discount"].values[i, j, k] == 1.0
                assert ds["num_pieces"].values[i, j, k] == 1
    assert ds.attrs["sucker"] == "-1" and ds.attrs["noise"] == "0"
    assert ds.attrs["method"] == "exact"


def test_tft_nash_closed_form():
    T, S = [5, F(11, 2), 6], [0, F(1, 2)]
    ds = critical_discount_grid(tit_for_tat(), temptation=T, sucker=S, concept="nash")
    for i, t in enumerate(T):
        for j, s in enumerate(S):
            expected = max((t - 3) / F(t - 1), (t - 3) / (3 - F(s)))
            got = ds["critical_discount"].values[i, j]
            if expected >= 1:  # T = 6, S = 0: needs δ >= 1, never
                assert np.isnan(got)
            else:
                assert got == pytest.approx(float(expected), abs=1e-15)
    # TFT is never SPE (the knife edge needs T - R = R - P = ... ; not here)
    spe = critical_discount_grid(tit_for_tat(), temptation=T)
    assert np.all(np.isnan(spe["critical_discount"].values))
    assert np.all(spe["num_pieces"].values == 0)


def test_k_period_closed_form():
    ds = critical_discount_grid(k_period_punishment(2), reward=[3, F(7, 2)])
    # (R - P) δ (1 + δ) = T - R
    for j, r in enumerate([3, 3.5]):
        d = ds["critical_discount"].values[j]
        assert (r - 1) * d * (1 + d) == pytest.approx(5 - r, abs=1e-12)


def test_grid_matches_direct_calls_with_noise():
    noise = [0, F(1, 20), F(1, 10)]
    for strategy, concept in ((grim_trigger(), "spe"), (win_stay_lose_shift(), "spe"),
                              (tit_for_tat(), "nash")):
        ds = critical_discount_grid(strategy, noise=noise, concept=concept)
        for k, eps in enumerate(noise):
            direct = critical_discount_factor(pd_stage(5, 3, 1, 0), strategy, noise=eps,
                                              concept=concept)
            got = ds["critical_discount"].values[k]
            if direct.is_empty:
                assert np.isnan(got)
            else:
                assert got == direct.bounds[0][0]
                assert ds["upper_discount"].values[k] == direct.bounds[-1][1]


def test_bracketing_agrees_with_exact_and_executor_is_transparent():
    exact = critical_discount_grid("grim_trigger", noise=[0, F(1, 20)])
    approx = critical_discount_grid("grim_trigger", noise=[0.0, 0.05])
    assert approx.attrs["method"] == "bracketing"
    np.testing.assert_allclose(approx["critical_discount"].values,
                               exact["critical_discount"].values, atol=1e-8)
    with ThreadPoolExecutor(2) as pool:
        par = critical_discount_grid("grim_trigger", noise=[0, F(1, 20)], executor=pool)
    assert par.identical(exact)


def test_critical_grid_errors():
    with pytest.raises(InvalidParameterError, match="strategy"):
        critical_discount_grid("tit_for_two_tats")
    with pytest.raises(InvalidParameterError, match="needs a parameter"):
        critical_discount_grid("k_period_punishment")
    with pytest.raises(InvalidParameterError, match="noise"):
        critical_discount_grid("grim_trigger", noise=[0.6])
    with pytest.raises(InvalidParameterError, match="concept"):
        critical_discount_grid("grim_trigger", concept="ess")


def test_payoff_set_grid_matches_direct_calls():
    deltas = [0.1, 0.2, 0.3, 0.75, 0.9]
    ds = payoff_set_area_grid(PD, deltas)
    for k, d in enumerate(deltas):
        res = equilibrium_payoff_set(PD, d)
        assert ds["area"].values[k] == res.area
        assert ds["dimension"].values[k] == res.dimension
        assert ds["num_vertices"].values[k] == len(res.vertices)
        assert np.array_equal(ds["punishment_payoff"].values[k], res.punishment_payoffs)
    assert ds["dimension"].values.tolist() == [0, 1, 2, 2, 2]
    assert ds["area"].values[-1] == pytest.approx(40.5, abs=1e-9)  # 81/2
    assert ds["converged"].values.all()


def test_payoff_set_area_grows_with_discount():
    game = bimatrix([[16, 3, 0], [21, 10, -1], [9, 5, -5]],
                    [[9, 13, 3], [1, 4, 0], [0, -4, -15]])
    ds = payoff_set_area_grid(game, np.linspace(0, 0.9, 19))
    assert np.all(np.diff(ds["area"].values) >= -1e-9)
    assert ds["dimension"].values[0] == 0


def test_payoff_set_grid_exact_and_empty():
    ds = payoff_set_area_grid(PD, [F(1, 5), F(3, 4)], exact=True)
    assert ds["area"].values.tolist() == [0.0, 40.5]
    pennies = bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    empty = payoff_set_area_grid(pennies, [0.5])
    assert np.isnan(empty["area"].values[0]) and empty["dimension"].values[0] == -1
    with pytest.raises(InvalidParameterError, match="discounts"):
        payoff_set_area_grid(PD, [1.0])
    with pytest.raises(InvalidParameterError, match="stage"):
        payoff_set_area_grid("pd", [0.5])


def test_cooperation_survival_grid_matches_the_model():
    from secdilemma.analysis.repeated_sweeps import cooperation_survival_grid
    from secdilemma.models.changing_intentions import ChangingIntentionsModel

    ds = cooperation_survival_grid([0, 0.05, 0.1], [0.1, 0.2], prior=0.9, threshold=0.5,
                                   periods=10)
    assert ds["expected_duration"].dims == ("hazard", "noise")
    assert np.all(np.isinf(ds["expected_duration"].values[0]))
    for i, lam in enumerate([0, 0.05, 0.1]):
        for j, eps in enumerate([0.1, 0.2]):
            exact = ChangingIntentionsModel(F(lam).limit_denominator(100),
                                            F(eps).limit_denominator(100), F(9, 10),
                                            F(1, 2)).survival(10)
            # the belief grid is an approximation; its error is largest without hazard
            # (beliefs pile up near 1 and near the threshold)
            tol = 1e-2 if lam == 0 else 1e-3
            assert ds["survival"].values[i, j] == pytest.approx(float(exact.survival[10]),
                                                                abs=tol)
            assert ds["tragic"].values[i, j] == pytest.approx(float(exact.tragic[10]),
                                                              abs=tol)
