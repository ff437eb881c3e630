"""Sweep metrics of repeated games against direct solver calls and the closed forms of
MODELS.md §5."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma import bimatrix
from secdilemma.analysis.repeated_sweeps import critical_discount_grid, payoff_set_area_grid
from secdilemma.models.repeated_grids import symmetric_stage
from secdilemma.errors import IncompleteResultWarning, InvalidParameterError
from secdilemma.games.automaton import (grim_trigger, k_period_punishment, tit_for_tat,
                                        win_stay_lose_shift)
from secdilemma.solvers.payoff_set import equilibrium_payoff_set
from secdilemma.solvers.repeated import critical_discount_factor

PD = bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])


def test_grim_closed_form_on_every_noise_free_point():
    T, R, P = [4, 5, 6], [2, 3], [0, 1]
    ds = critical_discount_grid("grim_trigger", temptation=T, reward=R, punishment=P,
                                sucker=-1)
    assert ds["critical_discount"].dims == ("reward", "temptation", "punishment")  # R, S, T, P
    for i, t in enumerate(T):
        for j, r in enumerate(R):
            for k, p in enumerate(P):
                expected = F(t - r, t - p)
                assert ds["critical_discount"].values[j, i, k] == float(expected)
                assert ds["upper_discount"].values[j, i, k] == 1.0
                assert ds["num_pieces"].values[j, i, k] == 1
    assert ds.attrs["sucker"] == "-1" and ds.attrs["noise"] == "0"
    assert ds.attrs["method"] == "exact"


def test_tft_nash_closed_form():
    T, S = [5, F(11, 2), 6], [0, F(1, 2)]
    ds = critical_discount_grid(tit_for_tat(), temptation=T, sucker=S, concept="nash")
    for i, t in enumerate(T):
        for j, s in enumerate(S):
            expected = max((t - 3) / F(t - 1), (t - 3) / (3 - F(s)))
            got = ds["critical_discount"].values[j, i]  # dimensions in R, S, T, P order
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
            direct = critical_discount_factor(symmetric_stage(3, 0, 5, 1), strategy, noise=eps,
                                              concept=concept)
            got = ds["critical_discount"].values[k]
            if direct.is_empty:
                assert np.isnan(got)
            else:
                assert got == direct.bounds[0][0]
                assert ds["upper_discount"].values[k] == direct.bounds[-1][1]


def test_bracketing_agrees_with_exact_and_executor_is_transparent():
    exact = critical_discount_grid("grim_trigger", noise=[0, F(1, 20)])
    with pytest.warns(IncompleteResultWarning, match="not certified"):
        approx = critical_discount_grid("grim_trigger", noise=[0.0, 0.05], exact=False)
    assert approx.attrs["method"] == "bracketing"
    np.testing.assert_allclose(approx["critical_discount"].values,
                               exact["critical_discount"].values, atol=1e-8)
    with ThreadPoolExecutor(2) as pool:
        par = critical_discount_grid("grim_trigger", noise=[0, F(1, 20)], executor=pool)
    assert par.identical(exact)


def test_floats_are_exact_by_default():
    """Floats get the certified method, read as the rationals they store (0.05 is
    1/20): the same values as the grid given as Fractions, and (T - R)/(T - P) = 1/2
    for grim trigger without noise (Mailath and Samuelson 2006, §2.4)."""
    floats = critical_discount_grid("grim_trigger", noise=[0.0, 0.05])
    fractions = critical_discount_grid("grim_trigger", noise=[0, F(1, 20)])
    assert floats.attrs["method"] == "exact"
    assert floats["critical_discount"].values[0] == 0.5
    assert floats["critical_discount"].values.tobytes() == \
        fractions["critical_discount"].values.tobytes()


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

    ds = cooperation_survival_grid([0, 0.05, 0.1], [0.1, 0.2], trust=0.9, trust_threshold=0.5,
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


# --- the repeated-game grids are models of the one sweep engine ------------------------

import concurrent.futures as cf  # noqa: E402
import pickle  # noqa: E402
import warnings  # noqa: E402

from secdilemma.analysis import sweep  # noqa: E402
from secdilemma.games.repeated import RepeatedGame  # noqa: E402
from secdilemma.models.protocol import check_model  # noqa: E402
from secdilemma.models.repeated_grids import (CooperationSurvivalModel,  # noqa: E402
                                              CriticalDiscountModel, PayoffSetModel,
                                              exact_value, symmetric_stage)

CASES = {
    "critical_wsls": (CriticalDiscountModel(strategy="win_stay_lose_shift"),
                      {"temptation": [4.0, 5.0, 6.0], "noise": [0.0, 0.05]},
                      {"reward": 3.0, "sucker": 0.0, "punishment": 1.0}),
    "critical_tft_nash_floats": (
        CriticalDiscountModel(strategy=tit_for_tat(), concept="nash", exact=False),
        {"temptation": [4.5, 5.0, 6.0], "sucker": [0.0, 0.5]},
        {"reward": 3.0, "punishment": 1.0, "noise": 0.0}),
    "payoff_set": (PayoffSetModel(stage=PD), {"discount": [0.1, 0.2, 0.3, 0.5, 0.7]}, {}),
    "survival": (CooperationSurvivalModel(periods=10, grid=400),
                 {"hazard": [0.05, 0.1], "noise": [0.1, 0.2]},
                 {"trust": 0.9, "trust_threshold": 0.5}),
}


def _same(a, b):
    assert list(a.data_vars) == list(b.data_vars)
    for name in list(a.data_vars) + list(a.coords):
        assert a[name].dtype == b[name].dtype, name
        assert a[name].values.tobytes() == b[name].values.tobytes(), name
    strip = lambda attrs: {k: v for k, v in attrs.items() if k != "created"}  # noqa: E731
    assert strip(a.attrs) == strip(b.attrs)


@pytest.fixture(scope="module")
def serial():
    return {k: sweep(m, g, fixed=f, chunk_size=3) for k, (m, g, f) in CASES.items()}


def test_models_satisfy_the_protocol_and_pickle():
    for model in (CriticalDiscountModel, PayoffSetModel, CooperationSurvivalModel):
        assert check_model(model) is model
    for model, _, _ in CASES.values():
        again = pickle.loads(pickle.dumps(model))
        assert again == model and again.settings() == model.settings()


def test_serial_sweep_equals_direct_solver_calls(serial):
    ds = serial["critical_wsls"]
    for i, t in enumerate([4, 5, 6]):
        for j, eps in enumerate([0, F(1, 20)]):
            direct = critical_discount_factor(symmetric_stage(3, 0, t, 1), win_stay_lose_shift(),
                                              noise=eps)  # exact: 0.05 read as 1/20
            got = ds["critical_discount"].values[i, j]
            if direct.is_empty:
                assert np.isnan(got)
            else:
                assert got == float(direct.bounds[0][0])
    assert ds["exact"].values.all()
    ps = serial["payoff_set"]
    for k, d in enumerate([0.1, 0.2, 0.3, 0.5, 0.7]):
        res = equilibrium_payoff_set(PD, d)
        assert ps["area"].values[k] == res.area
        assert ps["punishment_row"].values[k] == res.punishment_payoffs[0]
        assert ps["punishment_column"].values[k] == res.punishment_payoffs[1]


@pytest.mark.parametrize("name", list(CASES))
def test_process_pool_is_bit_identical(serial, name):
    model, grid, fixed = CASES[name]
    _same(sweep(model, grid, fixed=fixed, chunk_size=3, executor=2), serial[name])


def test_dask_local_cluster_is_bit_identical(serial):
    distributed = pytest.importorskip("dask.distributed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            for name, (model, grid, fixed) in CASES.items():
                _same(sweep(model, grid, fixed=fixed, chunk_size=3, executor=client),
                      serial[name])
            # the front ends failed here with "'Future' object is not subscriptable"
            exact = critical_discount_grid("grim_trigger", noise=[0, F(1, 20)])
            on_dask = critical_discount_grid("grim_trigger", noise=[0, F(1, 20)],
                                             executor=client)
            assert on_dask.identical(exact)
            assert payoff_set_area_grid(PD, [0.1, 0.5], executor=client).identical(
                payoff_set_area_grid(PD, [0.1, 0.5]))


def test_front_ends_on_a_process_pool_and_with_checkpoints(tmp_path):
    from secdilemma.analysis.repeated_sweeps import cooperation_survival_grid

    ref = critical_discount_grid("grim_trigger", temptation=[4, 5, 6], noise=[0, F(1, 20)])
    with cf.ProcessPoolExecutor(2) as pool:
        par = critical_discount_grid("grim_trigger", temptation=[4, 5, 6],
                                     noise=[0, F(1, 20)], executor=pool)
    assert par.identical(ref)
    cp = tmp_path / "cp"
    first = cooperation_survival_grid([0.05, 0.1], [0.1], trust=0.9, trust_threshold=0.5,
                                      periods=10, grid=400, checkpoint=cp, chunk_size=1)
    assert len(list(cp.glob("chunk-*.npz"))) == 2
    again = cooperation_survival_grid([0.05, 0.1], [0.1], trust=0.9, trust_threshold=0.5,
                                      periods=10, grid=400, checkpoint=cp, chunk_size=1)
    assert again.identical(first)
    # the settings are part of the plan: another horizon is another sweep
    from secdilemma.analysis.checkpoint import CheckpointMismatchError

    with pytest.raises(CheckpointMismatchError, match="model_settings"):
        cooperation_survival_grid([0.05, 0.1], [0.1], trust=0.9, trust_threshold=0.5,
                                  periods=11, grid=400, checkpoint=cp, chunk_size=1)


def test_strategy_is_in_the_provenance_and_the_checkpoint(tmp_path):
    cp = tmp_path / "cp"
    grid, fixed = {"temptation": [4.0, 5.0]}, {"noise": 0.0}
    ds = sweep(CriticalDiscountModel(strategy=grim_trigger()), grid, fixed=fixed,
               checkpoint=cp)
    assert "grim" in ds.attrs["model_settings"].lower()
    assert ds.attrs["model"] == "critical_discount"
    from secdilemma.analysis.checkpoint import CheckpointMismatchError

    with pytest.raises(CheckpointMismatchError, match="model_settings"):
        sweep(CriticalDiscountModel(strategy=tit_for_tat()), grid, fixed=fixed,
              checkpoint=cp)


def test_exact_values_travel_through_float64():
    assert exact_value(0.05) == F(1, 20) and exact_value(1 / 3) == F(1, 3)
    assert exact_value(5.5) == F(11, 2) and exact_value(0.0) == 0
    rng = np.random.default_rng(1)
    for x in rng.normal(size=200) * 10.0 ** rng.integers(-300, 300, 200):
        assert float(exact_value(x)) == x  # never another float
    with pytest.raises(InvalidParameterError, match="carries exactly"):
        critical_discount_grid("grim_trigger", noise=[F(1, 3 * 10**20)])


def test_repeated_game_gives_the_model_and_its_point():
    game = RepeatedGame(symmetric_stage(3, 0, 5, 1), discount=F(9, 10), noise=F(1, 20))
    model, params = CriticalDiscountModel.for_game(game, "grim_trigger")
    out = model.evaluate(params)
    direct = critical_discount_factor(game.stage, grim_trigger(), noise=F(1, 20))
    assert out["critical_discount"][()] == float(direct.bounds[0][0])
    with pytest.raises(InvalidParameterError, match="symmetric 2x2"):
        CriticalDiscountModel.for_game(RepeatedGame(bimatrix([[1, 0], [0, 1]],
                                                             [[2, 0], [0, 1]]),
                                                    discount=0.5))
    ds = payoff_set_area_grid(RepeatedGame(PD, discount=0.5), [0.5])
    assert ds["area"].values[0] == equilibrium_payoff_set(PD, 0.5).area


def test_parameter_and_setting_errors_are_named():
    with pytest.raises(InvalidParameterError, match=r"cooperation_survival_grid\(\): hazard"):
        __import__("secdilemma.analysis.repeated_sweeps", fromlist=["x"]) \
            .cooperation_survival_grid([1.5], [0.1], trust=0.9, trust_threshold=0.5)
    with pytest.raises(InvalidParameterError, match=r"CriticalDiscountModel\(\): concept"):
        CriticalDiscountModel(concept="ess")
    with pytest.raises(InvalidParameterError, match=r"settings must be among"):
        CriticalDiscountModel(colour="red")
    with pytest.raises(InvalidParameterError, match=r"sweep\(\): noise must be <= 0.5"):
        sweep(CriticalDiscountModel, {"noise": [0.6]})
