"""threshold(), boundaries() and refine_boundary(): closed forms agree with bisection,
boundary curves sit where the model says, the quadtree finds the boundary cheaply."""

from __future__ import annotations

import numpy as np
import pytest

from secdilemma import InvalidParameterError
from secdilemma.analysis import sweep
from secdilemma.analysis.threshold import boundaries, refine_boundary, threshold
from secdilemma.models import REGIMES

OD = {"status_quo": 10.0, "arms_cost": 1.0, "exploitation_gain": 2.1,
      "exploitation_loss": 4.0}
SD = {"trust_2": 0.8, "exploitation_loss": 0.5, "temptation_secure": 0.4,
      "temptation_greedy": 2.0}


@pytest.mark.parametrize("model, parameter, outcome, bounds, fixed, expected", [
    ("offense_defense", "offense_advantage", "cooperation_is_equilibrium", (0, 1), OD,
     1 / 2.1),
    ("offense_defense", "offense_advantage", "regime", (0, 1), OD, 1 / 4.0),
    ("offense_defense", "offense_advantage", "regime", (0.3, 1), OD, 1 / 2.1),
    ("offense_defense", "arms_cost", "cooperation_is_equilibrium", (0.1, 3),
     {**{k: v for k, v in OD.items() if k != "arms_cost"}, "offense_advantage": 0.6},
     0.6 * 2.1),
    ("offense_defense", "exploitation_gain", "regime", (0.5, 5),
     {**{k: v for k, v in OD.items() if k != "exploitation_gain"}, "offense_advantage": 0.6},
     1 / 0.6),
    ("security_dilemma", "trust_1", "cooperation_is_equilibrium", (0, 1), SD,
     0.5 / (1 - 0.4 + 0.5)),
    ("security_dilemma", "exploitation_loss", "num_equilibria", (0.01, 5),
     {**{k: v for k, v in SD.items() if k != "exploitation_loss"}, "trust_1": 0.7},
     0.7 * 0.6 / 0.3),
    ("stage_game", "reward", "regime", (2.5, 6),
     {"sucker": 1.0, "temptation": 4.0, "punishment": 2.0}, 4.0),
])
def test_closed_form_agrees_with_bisection(model, parameter, outcome, bounds, fixed,
                                           expected):
    cf = threshold(model, parameter, outcome=outcome, bounds=bounds, fixed=fixed)
    assert cf.method == "closed_form"
    assert cf.value == pytest.approx(expected, rel=1e-12)
    assert cf.below != cf.above
    bis = threshold(model, parameter, outcome=outcome, bounds=bounds, fixed=fixed,
                    method="bisection", tol=1e-7)
    assert bis.method == "bisection"
    lo, hi = bis.bracket
    assert hi - lo <= 1e-7
    assert abs(bis.value - expected) <= 1e-6
    assert bis.below == cf.below and bis.above != bis.below  # above may be a tie class
    assert bis.evaluations < 200


def test_threshold_result_is_frozen_and_floatable():
    res = threshold("security_dilemma", "trust_1", bounds=(0, 1), fixed=SD)
    assert float(res) == pytest.approx(0.5 / 1.1)
    with pytest.raises(AttributeError):
        res.value = 0.3


@pytest.mark.parametrize("kwargs, message", [
    (dict(parameter="trust"), r"threshold\(\): parameter must be one of"),
    (dict(outcome="bogus"), r"threshold\(\): outcome must be one of"),
    (dict(bounds=(0.6, 0.9)), r"must differ at the two ends of bounds"),
    (dict(bounds=(0.9, 0.1)), r"bounds must have low < high"),
    (dict(bounds=0.5), r"bounds must be a pair"),
    (dict(outcome="mixed_cooperation_probability"), r"categorical or boolean"),
    (dict(method="magic"), r"method must be one of"),
    (dict(fixed={"status_quo": 10}), r"arms_cost must be given in fixed"),
])
def test_threshold_validation(kwargs, message):
    args = dict(parameter="offense_advantage", outcome="cooperation_is_equilibrium",
                bounds=(0, 1), fixed=OD)
    args.update(kwargs)
    parameter = args.pop("parameter")
    with pytest.raises(InvalidParameterError, match=message):
        threshold("offense_defense", parameter, **args)


def test_boundaries_of_a_regime_map():
    ds = sweep("offense_defense", {"offense_advantage": np.linspace(0, 1, 101),
                                   "exploitation_loss": np.linspace(2.5, 6, 36)},
               fixed={k: v for k, v in OD.items() if k != "exploitation_loss"},
               metrics=["regime", "cooperation_is_equilibrium"])
    curves = boundaries(ds, "cooperation_is_equilibrium", "offense_advantage",
                        "exploitation_loss")
    (line,) = curves[True]
    # (C, C) is an equilibrium iff theta <= k/g: a vertical line within one grid step
    assert np.all(np.abs(line[:, 0] - 1 / 2.1) <= 0.01)
    regimes = boundaries(ds, "regime", "offense_advantage", "exploitation_loss")
    assert set(regimes) >= {REGIMES.index(r) for r in ("harmony", "stag_hunt",
                                                       "prisoners_dilemma")}
    harmony = np.concatenate(regimes[REGIMES.index("harmony")])
    inner = harmony[(harmony[:, 1] > 2.6) & (harmony[:, 1] < 5.9)]
    # the harmony / stag-hunt boundary is theta = k/L
    assert np.all(np.abs(inner[:, 0] - 1 / inner[:, 1]) <= 0.011)
    with pytest.raises(InvalidParameterError, match="only the dimensions"):
        boundaries(ds.expand_dims(status_quo=[10.0]), "regime", "offense_advantage",
                   "exploitation_loss")


def test_refine_boundary_finds_the_boundary_with_few_evaluations():
    fixed = {k: v for k, v in OD.items() if k != "exploitation_loss"}
    res = refine_boundary("offense_defense", "offense_advantage", "exploitation_loss",
                          outcome="regime", fixed=fixed, levels=7, initial=8,
                          bounds={"offense_advantage": (0, 1), "exploitation_loss": (0.5, 6)})
    dx, dy = res.resolution
    assert dx == 1 / 1024
    assert res.evaluations < res.full_grid_points / 20  # ~1M-point grid, far fewer calls
    # every boundary cell contains a true boundary point: theta = k/g or theta = k/L
    x0, x1, y0, y1 = res.cells.T
    vertical = (x0 <= 1 / 2.1) & (1 / 2.1 <= x1)
    curve = (x0 <= 1 / y0) & (1 / y1 <= x1)
    assert np.all(vertical | curve)
    # and the true boundaries are covered: sample them
    for L in np.linspace(0.6, 5.9, 50):
        for theta in (1 / 2.1, 1 / L):
            if theta > 1:
                continue
            inside = (x0 <= theta) & (theta <= x1) & (y0 <= L) & (L <= y1)
            assert inside.any(), (theta, L)


def test_refine_boundary_validation():
    with pytest.raises(InvalidParameterError, match="bounds must be a dict"):
        refine_boundary("security_dilemma", "trust_1", "trust_2",
                        outcome="cooperation_is_equilibrium", bounds={"trust_1": (0, 1)},
                        fixed={"exploitation_loss": 1, "temptation_secure": 0.5,
                               "temptation_greedy": 2})
    with pytest.raises(InvalidParameterError, match="x and y must differ"):
        refine_boundary("security_dilemma", "trust_1", "trust_1", outcome="num_equilibria",
                        bounds={"trust_1": (0, 1)})
