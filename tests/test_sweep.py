"""sweep(): metric values equal what solve_nash gives for each grid point's game."""

import warnings
from datetime import datetime

import numpy as np
import pytest

import secdilemma
from secdilemma import InvalidParameterError, solve_nash
from secdilemma.analysis import METRICS, evaluate_points, sweep
from secdilemma.models import REGIMES, OffenseDefenseModel, StageGameModel

FIXED = {"status_quo": 10, "arms_cost": 1, "exploitation_gain": 2}


@pytest.fixture(scope="module")
def od_sweep():
    # theta = 0.5 = k/g and theta * L = 1 hit the regime boundaries exactly (ties)
    grid = {"offense_advantage": np.array([0.0, 0.2, 0.25, 0.4, 0.5, 0.6, 1.0]),
            "exploitation_loss": np.array([1.0, 2.0, 4.0, 5.0])}
    return sweep("offense_defense", grid, fixed=FIXED)


def expected_metrics(model):
    """Metrics computed the slow way, from solve_nash on the model's game."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = solve_nash(model.to_game(), method="vertex_enumeration")
    coop = any(e.is_pure and e.strategies[0][0] == 1 and e.strategies[1][0] == 1 for e in res)
    fully = [e for e in res if all(0 < s[0] < 1 for s in e.strategies)]
    return {
        "regime": REGIMES.index(model.regime),
        "num_equilibria": len(res),
        "cooperation_is_equilibrium": coop,
        "cooperation_is_unique_equilibrium": coop and len(res) == 1,
        "mixed_cooperation_probability": fully[0].strategies[0][0] if len(fully) == 1 else np.nan,
        "trust_threshold": (float(model.trust_threshold) if model.regime == "stag_hunt"
                            else np.nan),
    }


def test_structure_and_provenance(od_sweep):
    ds = od_sweep
    assert tuple(ds.dims) == ("offense_advantage", "exploitation_loss")
    assert list(ds.data_vars) == list(METRICS)
    assert ds["regime"].attrs["flag_meanings"].split() == list(REGIMES)
    assert ds["regime"].attrs["flag_values"].tolist() == list(range(len(REGIMES)))
    assert ds.attrs["model"] == "offense_defense"
    assert ds.attrs["solver"] == "solve_2x2_batch"
    assert ds.attrs["grid_parameters"] == "offense_advantage, exploitation_loss"
    assert ds.attrs["secdilemma_version"] == secdilemma.__version__
    assert "arms_cost" in ds.attrs["fixed"]
    assert datetime.fromisoformat(ds.attrs["created"]).utcoffset().total_seconds() == 0
    assert ds.attrs["degenerate_points"] > 0


def test_metrics_equal_per_point_solver(od_sweep):
    ds = od_sweep
    for theta in ds["offense_advantage"].values:
        for L in ds["exploitation_loss"].values:
            model = OffenseDefenseModel(float(theta), exploitation_loss=float(L), **FIXED)
            expected = expected_metrics(model)
            point = ds.sel(offense_advantage=theta, exploitation_loss=L)
            for name, value in expected.items():
                got = point[name].item()
                if isinstance(value, float):
                    assert got == pytest.approx(value, nan_ok=True, abs=1e-12), (theta, L, name)
                else:
                    assert got == value, (theta, L, name)


def test_worked_numbers_models_md(od_sweep):
    point = od_sweep.sel(exploitation_loss=4.0)
    codes = point["regime"].sel(offense_advantage=[0.2, 0.4, 0.6]).values
    regimes = [REGIMES[c] for c in codes]
    assert regimes == ["harmony", "stag_hunt", "prisoners_dilemma"]
    sh = point.sel(offense_advantage=0.4)
    assert sh["trust_threshold"].item() == pytest.approx(0.75)
    assert sh["mixed_cooperation_probability"].item() == pytest.approx(0.75)
    assert sh["num_equilibria"].item() == 3
    assert point.sel(offense_advantage=0.6)["cooperation_is_equilibrium"].item() is False
    assert point.sel(offense_advantage=0.2)["cooperation_is_unique_equilibrium"].item() is True


def test_stage_game_sweep_random_points():
    rng = np.random.default_rng(11)
    grid = {"reward": rng.integers(0, 4, 4).astype(float),
            "temptation": np.array([0.0, 1.0, 2.0, 3.0])}
    ds = sweep(StageGameModel, grid, fixed={"sucker": 1, "punishment": 2})
    for r in grid["reward"]:
        for t in grid["temptation"]:
            expected = expected_metrics(StageGameModel(r, 1.0, t, 2.0))
            point = ds.sel(reward=r, temptation=t)
            for name, value in expected.items():
                got = point[name].values.ravel()[0]
                if isinstance(value, float):
                    assert got == pytest.approx(value, nan_ok=True)
                else:
                    assert got == value, (r, t, name)


def test_metrics_subset_and_order():
    ds = sweep("stage_game", {"reward": [4.0, 5.0]},
               fixed={"sucker": 1, "temptation": 3, "punishment": 2},
               metrics=["trust_threshold", "regime"])
    assert list(ds.data_vars) == ["trust_threshold", "regime"]
    assert ds["trust_threshold"].values.tolist() == [0.5, pytest.approx(1 / 3)]
    pd = sweep("stage_game", {"reward": [3.0]},
               fixed={"sucker": 0, "temptation": 5, "punishment": 1}, metrics=["trust_threshold"])
    assert np.isnan(pd["trust_threshold"].item())  # no trust threshold in a PD


def test_evaluate_points_is_chunkable():
    rng = np.random.default_rng(5)
    params = {"offense_advantage": rng.uniform(0, 1, 1000), "status_quo": rng.normal(size=1000),
              "arms_cost": rng.uniform(0.1, 2, 1000), "exploitation_gain": 2.0,
              "exploitation_loss": rng.uniform(0.5, 5, 1000)}
    whole = evaluate_points("offense_defense", params, list(METRICS))
    parts = [evaluate_points(OffenseDefenseModel,
                             {k: (v[i:i + 250] if np.ndim(v) else v) for k, v in params.items()},
                             list(METRICS)) for i in range(0, 1000, 250)]
    for name in METRICS:
        assert np.array_equal(whole[name], np.concatenate([p[name] for p in parts]),
                              equal_nan=name in ("trust_threshold",
                                                 "mixed_cooperation_probability"))


BASE = dict(fixed=FIXED)


@pytest.mark.parametrize("args, kwargs, message", [
    (("nope", {"offense_advantage": [0.1]}), BASE,
     r"sweep\(\): model must be one of 'arms_race', .*'stage_game', 'third_state' or a model class; got 'nope'"),
    (("offense_defense", {"offense_advantage": [0.1]}), dict(fixed=FIXED, metrics=["bogus"]),
     r"sweep\(\): metrics must be among .*got 'bogus'"),
    (("offense_defense", {"trust": [0.1]}), BASE,
     r"sweep\(\): grid parameter must be one of .*got 'trust'"),
    (("offense_defense", {"offense_advantage": [[0.1, 0.2]]}), BASE,
     r"sweep\(\): grid\['offense_advantage'\] must be a 1-D array; got shape \(1, 2\)"),
    (("offense_defense", {"offense_advantage": []}), BASE,
     r"sweep\(\): grid\['offense_advantage'\] must be non-empty"),
    (("offense_defense", {"offense_advantage": [0.1]}),
     dict(fixed={"status_quo": 10, "arms_cost": 1}),
     r"sweep\(\): exploitation_gain must be given in grid or in fixed; got neither"),
    (("offense_defense", {"offense_advantage": [0.1]}),
     dict(fixed={**FIXED, "offense_advantage": 0.2}),
     r"sweep\(\): offense_advantage must be in grid or in fixed, not both"),
    (("offense_defense", {"offense_advantage": [0.1]}), dict(fixed={**FIXED, "wealth": 1}),
     r"sweep\(\): fixed parameter must be one of .*got 'wealth'"),
    (("offense_defense", {"offense_advantage": [0.1, 1.5]}), BASE,
     r"sweep\(\): offense_advantage must be <= 1; got 1.5"),
    (("offense_defense", {"exploitation_loss": [1.0, -2.0]}),
     dict(fixed={**FIXED, "offense_advantage": 0.3}),
     r"sweep\(\): exploitation_loss must be > 0; got -2.0"),
    (("offense_defense", {"offense_advantage": [0.1]}), dict(fixed={**FIXED, "arms_cost": "x"}),
     r"sweep\(\): fixed\['arms_cost'\] must be a real number; got 'x'"),
    (("offense_defense", {}), BASE, r"sweep\(\): grid must be a non-empty dict"),
])
def test_validation_messages(args, kwargs, message):
    if "exploitation_loss" not in args[1] and "exploitation_loss" not in kwargs["fixed"]:
        kwargs = {**kwargs, "fixed": {**kwargs["fixed"], "exploitation_loss": 4}}
    with pytest.raises(InvalidParameterError, match=message):
        sweep(*args, **kwargs)


def test_lazy_attribute_on_package():
    assert secdilemma.sweep is sweep


def test_classes_that_break_the_model_protocol_are_refused():
    class NotAModel:
        parameters = ("x",)

    with pytest.raises(InvalidParameterError,
                       match=r"^sweep\(\): model must satisfy the model protocol "
                             r"\(secdilemma.models.protocol\): model must have a registry "
                             r"name .*; got NotAModel$"):
        sweep(NotAModel, {"x": [1.0]})
