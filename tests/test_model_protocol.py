"""Every registered model satisfies the model protocol, and its closed forms agree with the
general solvers on its ``to_game()``.

For each model in ``MODELS``: the class passes ``check_model``; ``evaluate`` returns the
declared metrics, dtypes and shapes, and agrees point by point with a general solver
(``solve_nash`` / ``solve_bayesian`` / ``solve_pbe`` / ``critical_discount_factor`` /
the cutoff solver) run on ``to_game()`` (or, for the continuum-of-types models, on the
model's own equilibria from the general cutoff solver and a derivation written out
here); and its ``critical_values`` are where the solver's answer changes: every change
along a parameter lies at a critical value (completeness), and where the model says a
value is sharp the answer differs on its two sides. Parameters are drawn from seeded
generators, exact (Fractions) wherever the solver is exact.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma import solve_bayesian, solve_nash
from secdilemma.analysis import sweep
from secdilemma.errors import InvalidParameterError
from secdilemma.games.automaton import grim_trigger
from secdilemma.models import (MODELS, ArmsRaceModel, GlobalGameModel, InterdependenceModel,
                               InterdependenceReassuranceModel, OffenseDefenseModel,
                               ReassuranceModel, SanctionSpiralModel, SecurityDilemmaModel,
                               StageGameModel, ThirdStateModel)
from secdilemma.models.protocol import Metric, Model, Parameter, check_model, provenance
from secdilemma.models.reassurance import CLASS_FLAGS
from secdilemma.models.third_state import POWER_ACTIONS, THIRD_ACTIONS
from secdilemma.solvers.pbe import solve_pbe
from secdilemma.solvers.repeated import critical_discount_factor, is_subgame_perfect

SEEDS = range(6)


def _q(rng, lo, hi, den):
    """A random Fraction n/den with lo <= n <= hi."""
    return F(int(rng.integers(lo, hi + 1)), den)


# ----------------------------------------------------------------------------- samplers
# one valid parameter point per call (exact where the model's solver is exact)

def _stage_game(rng):
    return {n: F(int(rng.integers(0, 5))) for n in StageGameModel.parameters}


def _offense_defense(rng):
    return {"offense_advantage": _q(rng, 0, 20, 20), "status_quo": _q(rng, -4, 4, 1),
            "arms_cost": _q(rng, 1, 8, 4), "exploitation_gain": _q(rng, 1, 8, 4),
            "exploitation_loss": _q(rng, 1, 8, 4)}


def _security_dilemma(rng):
    return {"trust_1": _q(rng, 0, 10, 10), "trust_2": _q(rng, 0, 10, 10),
            "exploitation_loss": _q(rng, 1, 8, 4), "temptation_secure": _q(rng, 0, 3, 4),
            "temptation_greedy": _q(rng, 5, 12, 4)}


def _arms_race(rng):
    c = float(rng.uniform(0, 2))
    return {"arming_cost": c, "exploitation_loss": c + float(rng.uniform(0.1, 6))}


def _global_game(rng):
    return {"exploitation_loss": float(rng.uniform(0, 3)), "signal_noise": float(rng.uniform(0.1, 2))}


def _reassurance(rng):
    tg = _q(rng, 1, 16, 4)
    return {"trust": _q(rng, 1, 9, 10), "gesture_cost": _q(rng, 1, 20, 4),
            "value_trustworthy": _q(rng, 1, 16, 4), "temptation_greedy": tg,
            "value_greedy": tg - _q(rng, 1, 8, 4), "exploitation_loss": _q(rng, 1, 8, 4)}


def _interdependence(rng):
    g = _q(rng, 1, 8, 4)
    return {"interdependence": _q(rng, 0, 10, 10), "trust_1": _q(rng, 0, 10, 10),
            "trust_2": _q(rng, 0, 10, 10), "openness_gain": g,
            "exploitation_loss": _q(rng, 0, 12, 4), "coercion_gain": g + _q(rng, 1, 12, 4),
            "restriction_cost": _q(rng, 0, 4, 4), "decoupling_cost": _q(rng, 0, 4, 4)}


def _interdependence_reassurance(rng):
    return {"interdependence": _q(rng, 0, 10, 10), "gesture_cost": _q(rng, 1, 20, 4),
            "trust": _q(rng, 1, 9, 10), "stake_base": _q(rng, 1, 8, 4),
            "stake_slope": _q(rng, 0, 8, 2), "leverage_base": _q(rng, 1, 8, 4),
            "leverage_slope": _q(rng, 0, 8, 2), "value_greedy": _q(rng, -4, 0, 4),
            "exploitation_loss": _q(rng, 1, 8, 4)}


def _sanction_spiral(rng):
    p = _q(rng, 1, 4, 2)
    r = p + _q(rng, 1, 4, 2)
    return {"noise": _q(rng, 0, 9, 20), "discount": _q(rng, 0, 19, 20), "reward": r,
            "temptation": r + _q(rng, 1, 4, 2), "punishment": p,
            "sucker": F(0)}


def _third_state(rng):
    return {n: _q(rng, 0, 10, 2) for n in ThirdStateModel.parameters}


def _critical_discount(rng):
    p = _q(rng, 1, 4, 2)
    r = p + _q(rng, 1, 4, 2)
    return {"reward": r, "sucker": F(0), "temptation": r + _q(rng, 1, 4, 2), "punishment": p,
            "noise": F(0)}


def _payoff_set(rng):
    return {"discount": _q(rng, 1, 19, 20)}


def _cooperation_survival(rng):
    return {"hazard": _q(rng, 0, 4, 20), "noise": _q(rng, 0, 4, 20),
            "trust": _q(rng, 6, 10, 10), "trust_threshold": _q(rng, 1, 5, 10),
            "secure_cooperation": F(1)}


def _risk_return(rng):
    lo = _q(rng, 0, 3, 10)
    return {"war_chance": _q(rng, 1, 9, 10), "cost_a": _q(rng, 0, 3, 10), "cost_low": lo,
            "cost_high": lo + _q(rng, 1, 6, 10)}


def _screening(rng):
    cl = _q(rng, 0, 2, 10)
    return {"war_chance": F(9, 10), "cost_a": _q(rng, 0, 3, 10), "cost_resolved": cl,
            "cost_unresolved": cl + _q(rng, 1, 5, 10), "resolved_share": _q(rng, 0, 10, 10)}


def _power_shift(rng):
    return {"initial_power": _q(rng, 3, 6, 10), "power_shift": _q(rng, 0, 3, 10),
            "discount": _q(rng, 1, 19, 20), "war_cost_declining": F(1, 20),
            "war_cost_rising": F(1, 20), "trade_gain": _q(rng, 0, 5, 10),
            "controls": _q(rng, 0, 10, 10), "control_effect": _q(rng, 0, 2, 10),
            "post_shift_proposer": F(int(rng.integers(0, 2))), "shift_spread": F(0)}


def _prevention(rng):
    r = _q(rng, 11, 19, 20)
    return {"shift_gain": _q(rng, 1, 4, 1), "investment_cost": _q(rng, 0, 4, 2),
            "strike_damage": _q(rng, 0, 4, 2), "shift_loss": _q(rng, 1, 4, 1),
            "strike_cost": _q(rng, 1, 6, 2), "strike_effectiveness": _q(rng, 1, 10, 10),
            "detection": r, "false_alarm": 1 - r}


def _green_porter(rng):
    a = _q(rng, 0, 30, 100)
    return {"reward": F(3), "sucker": F(0), "temptation": F(5), "punishment": F(1),
            "false_alarm": a, "detection": a + _q(rng, 10, 60, 100),
            "discount": _q(rng, 50, 99, 100), "explained_share": _q(rng, 0, 3, 4)}


def _noisy_spiral(rng):
    return {"noise": _q(rng, 1, 9, 20), "trust": _q(rng, 11, 19, 20),
            "verification": _q(rng, 0, 5, 10), "exploitation_loss": F(1, 2),
            "temptation_secure": F(1, 2), "horizon": F(5), "discount": F(9, 10)}


def _distinguishability(rng):
    return {"offense_advantage": _q(rng, 1, 9, 10), "distinguishability": _q(rng, 11, 19, 20),
            "trust": _q(rng, 1, 9, 10), "posture_value": F(1), "exploitation_gain": F(3),
            "arming_loss": F(1), "exploitation_loss": F(8), "arms_cost": F(1)}


def _arms_talk(rng):
    return {"type_low": -_q(rng, 10, 25, 10), "type_high": _q(rng, 1, 30, 100),
            "spillover": _q(rng, 0, 3, 10), "exploitation_loss": F(3)}


SAMPLERS = {
    "noisy_spiral": _noisy_spiral, "distinguishability": _distinguishability,
    "arms_talk": _arms_talk,
    "critical_discount": _critical_discount, "payoff_set": _payoff_set,
    "cooperation_survival": _cooperation_survival,
    "stage_game": _stage_game, "offense_defense": _offense_defense,
    "security_dilemma": _security_dilemma, "arms_race": _arms_race,
    "global_game": _global_game, "reassurance": _reassurance,
    "interdependence": _interdependence,
    "interdependence_reassurance": _interdependence_reassurance,
    "sanction_spiral": _sanction_spiral, "third_state": _third_state,
    "risk_return_bargaining": _risk_return, "screening_bargaining": _screening,
    "power_shift": _power_shift, "prevention": _prevention,
    "green_porter": _green_porter,
}


def test_every_registered_model_has_a_sampler():
    assert set(SAMPLERS) == set(MODELS)


def _floats(point):
    return {k: float(v) for k, v in point.items()}


def _evaluate_one(cls, point):
    out = cls.evaluate(_floats(point))
    return {k: v.item() for k, v in out.items()}


# ----------------------------------------------------------------------------- protocol

@pytest.mark.parametrize("name", sorted(MODELS))
def test_registered_model_satisfies_the_protocol(name):
    cls = MODELS[name]
    assert check_model(cls) is cls
    assert cls.name == name and issubclass(cls, Model)
    rng = np.random.default_rng(0)
    points = [SAMPLERS[name](rng) for _ in range(3)]
    params = {p: np.array([float(pt[p]) for pt in points]) for p in cls.parameters}
    out = cls.evaluate(params)
    for m in cls.METRICS:
        assert out[m.name].dtype == np.dtype(m.dtype), m.name
        assert out[m.name].shape == (3,)
    # one metric only, on a 2-D broadcast grid
    first = cls.METRICS[0].name
    grid = {p: (v[:, None] if p == cls.parameters[0] else v[None, :2])
            for p, v in params.items()}
    assert set(cls.evaluate(grid, [first])) <= {first, "degenerate"}
    shape = np.broadcast_shapes(*(v.shape for v in grid.values()))
    assert cls.evaluate(grid, [first])[first].shape == shape == ((3, 2) if len(grid) > 1
                                                                  else (3, 1))
    # every instance builds; the provenance names the model and its method
    assert provenance(cls)["model"] == name and provenance(cls)["solver"] == cls.method
    if cls.to_game is None:  # the repeated-game grids: no finite game, and they say why
        assert cls.no_game_reason
    else:
        model = cls(**points[0])
        if name != "global_game":  # the improper prior has no finite game (it raises)
            assert model.to_game() is not None


@pytest.mark.parametrize("name", sorted(MODELS))
def test_registered_model_sweeps(name):
    cls = MODELS[name]
    point = _floats(SAMPLERS[name](np.random.default_rng(1)))
    first = cls.parameters[0]
    values = [point[first]] * 2
    ds = sweep(name, {first: values}, fixed={k: v for k, v in point.items() if k != first})
    assert set(ds.data_vars) == set(cls.sweep_metrics)
    assert ds.attrs["solver"] == cls.method


@pytest.mark.parametrize("name", sorted(MODELS))
def test_evaluate_rejects_bad_input_naming_the_model(name):
    cls = MODELS[name]
    point = _floats(SAMPLERS[name](np.random.default_rng(2)))
    with pytest.raises(InvalidParameterError,
                       match=rf"^{cls.__name__}\.evaluate\(\): metrics must be among"):
        cls.evaluate(point, ["no_such_metric"])
    with pytest.raises(InvalidParameterError,
                       match=rf"^{cls.__name__}\.evaluate\(\): parameters must be among"):
        cls.evaluate({**point, "no_such_parameter": 1.0})
    bounded = [p for p in cls.PARAMETERS if p.low is not None]
    if bounded:
        p = bounded[0]
        with pytest.raises(InvalidParameterError,
                           match=rf"^{cls.__name__}\.evaluate\(\): {p.name} must be"):
            cls.evaluate({**point, p.name: p.low - 1.0})


def test_check_model_names_the_broken_rule():
    @dataclass(frozen=True)
    class Good(Model):
        x: float = 1.0
        name = "good"
        summary = "A toy model."
        references = ("Nobody (2026).",)
        PARAMETERS = (Parameter("x", "a number", "x", low=0, default=1.0),)
        METRICS = (Metric("double", "two times x"),)

        @classmethod
        def _compute(cls, p, metrics, rng):
            return {"double": 2 * p["x"]}

        def to_game(self):
            return None

    assert check_model(Good) is Good
    assert Good.evaluate({"x": [1.0, 2.0]})["double"].tolist() == [2.0, 4.0]
    assert Good.evaluate({})["double"].tolist() == 2.0  # the default, 0-d

    def broken(**changes):
        return type("Broken", (Good,), changes)

    cases = [
        ({"name": "not an identifier"}, "have a registry name"),
        ({"references": "Nobody"}, "have references, a tuple of strings"),
        ({"PARAMETERS": (Parameter("y", "y"),)}, "list its dataclass fields"),
        ({"PARAMETERS": (Parameter("x", ""),)}, "describe every parameter"),
        ({"PARAMETERS": (Parameter("x", "x", low=0, default=-1.0),)},
         "have the default of x inside its domain"),
        ({"METRICS": (Metric("double", "two x", "complex128"),)}, "give each metric a dtype"),
        ({"METRICS": (Metric("double", "two x", "float64", ("a", "b")),)},
         "give flag_meanings only to integer codes"),
        ({"to_game": None}, "have to_game(), or to_game = None with a no_game_reason"),
    ]
    for changes, rule in cases:
        with pytest.raises(InvalidParameterError, match=rf"^check_model\(\): model must "
                                                        rf"{rule.replace('(', '.').replace(')', '.')}"):
            check_model(broken(**changes))
    with pytest.raises(InvalidParameterError, match="have evaluate.params, metrics=None"):
        check_model(broken(evaluate=classmethod(lambda cls, **kw: {})))


# ----------------------------------------------------------------------------- evaluate
# against the general solvers on to_game(), point by point

def _pure_cc(res):
    return any(e.is_pure and np.argmax(e.strategies[0]) == 0 and np.argmax(e.strategies[1]) == 0
               for e in res)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("cls, sampler", [(StageGameModel, _stage_game),
                                          (OffenseDefenseModel, _offense_defense)])
def test_2x2_evaluate_agrees_with_solve_nash(cls, sampler, seed):
    rng = np.random.default_rng(seed)
    for _ in range(8):
        point = sampler(rng)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = solve_nash(cls(**point).to_game(), method="vertex_enumeration", exact=True)
        out = _evaluate_one(cls, point)
        assert out["num_equilibria"] == len(res), point
        assert out["cooperation_is_equilibrium"] == _pure_cc(res), point
        assert out["cooperation_is_unique_equilibrium"] == (_pure_cc(res) and len(res) == 1), point
        mixed = [e.strategies[0][0] for e in res
                 if all(0 < s[0] < 1 for s in e.strategies)]
        if len(mixed) == 1:
            assert out["mixed_cooperation_probability"] == pytest.approx(float(mixed[0]))
        else:
            assert np.isnan(out["mixed_cooperation_probability"])


def _probability_cc(model, eq):
    x, y = eq.strategies  # rows: types (security seeker, greedy); column 0: C
    p1 = float(model.trust_2) * x[0, 0] + (1 - float(model.trust_2)) * x[1, 0]
    p2 = float(model.trust_1) * y[0, 0] + (1 - float(model.trust_1)) * y[1, 0]
    return p1 * p2


@pytest.mark.parametrize("seed", SEEDS)
def test_security_dilemma_evaluate_agrees_with_solve_bayesian(seed):
    rng = np.random.default_rng(seed)
    for _ in range(8):
        point = _security_dilemma(rng)
        model = SecurityDilemmaModel(**point)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = solve_bayesian(model.to_game(), exact=True)
        out = _evaluate_one(SecurityDilemmaModel, point)
        coop = any(np.array_equal(e.strategies[0][:, 0], [1, 0])
                   and np.array_equal(e.strategies[1][:, 0], [1, 0]) for e in res)
        assert out["num_equilibria"] == len(res), point
        assert out["cooperation_is_equilibrium"] == coop, point
        assert out["equilibrium_is_unique"] == (len(res) == 1), point
        pcc = [_probability_cc(model, e) for e in res]
        assert out["max_cooperation_probability"] == pytest.approx(max(pcc)), point
        assert out["min_cooperation_probability"] == pytest.approx(min(pcc), abs=1e-12), point


def _pbe_classes(model):
    return {ReassuranceModel.class_of(e) for e in solve_pbe(model.to_game())}


@pytest.mark.parametrize("seed", SEEDS)
def test_reassurance_evaluate_agrees_with_solve_pbe(seed):
    rng = np.random.default_rng(seed)
    for _ in range(5):
        point = _reassurance(rng)
        model = ReassuranceModel(**point)
        if point["trust"] == model.trust_threshold:
            continue  # the receiver is indifferent after pooling: a continuum of PBE
        out = _evaluate_one(ReassuranceModel, point)
        found = _pbe_classes(model)
        flags = {name for name, bit in CLASS_FLAGS.items() if out["equilibrium_classes"] & bit}
        assert flags == found, point
        assert out["separating_is_equilibrium"] == ("separating" in found)
        assert out["num_classes"] == len(found)


@pytest.mark.parametrize("seed", SEEDS)
def test_interdependence_reassurance_evaluate_agrees_with_solve_pbe(seed):
    rng = np.random.default_rng(seed)
    for _ in range(5):
        point = _interdependence_reassurance(rng)
        model = InterdependenceReassuranceModel(**point)
        if model.trust == model.to_reassurance().trust_threshold:
            continue
        out = _evaluate_one(InterdependenceReassuranceModel, point)
        assert out["separating_is_equilibrium"] == ("separating" in _pbe_classes(model)), point
        assert out["separating_width"] == pytest.approx(
            float(model.value_trustworthy - model.temptation_greedy))


@pytest.mark.parametrize("seed", SEEDS)
def test_interdependence_evaluate_agrees_with_solve_bayesian(seed):
    rng = np.random.default_rng(seed)
    for _ in range(5):
        point = _interdependence(rng)
        res = solve_bayesian(InterdependenceModel(**point).to_game(), method="pure",
                             exact=True)
        profiles = {tuple("".join("ORD"[int(np.argmax(row))] for row in s)
                          for s in e.strategies) for e in res}
        out = _evaluate_one(InterdependenceModel, point)
        assert out["open_is_equilibrium"] == (("OO", "OO") in profiles), point
        assert out["cooperative_is_equilibrium"] == (("OR", "OR") in profiles), point
        assert out["spiral_is_equilibrium"] == (("RR", "RR") in profiles), point
        assert out["cooperation_is_equilibrium"] == any(a[0] == "O" and b[0] == "O"
                                                        for a, b in profiles), point


@pytest.mark.parametrize("seed", SEEDS)
def test_third_state_evaluate_agrees_with_solve_nash(seed):
    rng = np.random.default_rng(seed)
    names = (POWER_ACTIONS, POWER_ACTIONS, THIRD_ACTIONS)
    for _ in range(5):
        point = _third_state(rng)
        res = solve_nash(ThirdStateModel(**point).to_game(), method="pure", exact=True)
        hedges = {tuple(n[int(np.argmax(s))] for s, n in zip(e.strategies, names))
                  for e in res if e.is_pure}
        hedges = {h for h in hedges if h[2] == "hedge"}
        out = _evaluate_one(ThirdStateModel, point)
        assert out["hedging_is_equilibrium"] == bool(hedges), point
        assert out["engaged_hedging_is_equilibrium"] == (("engage", "engage", "hedge") in hedges), point
        assert out["restricted_hedging_is_equilibrium"] == any("restrict" in h for h in hedges), point


@pytest.mark.parametrize("seed", SEEDS)
def test_sanction_spiral_evaluate_agrees_with_critical_discount_factor(seed):
    rng = np.random.default_rng(seed)
    for _ in range(3):
        point = _sanction_spiral(rng)
        res = critical_discount_factor(SanctionSpiralModel(**point).to_game(), grim_trigger())
        out = _evaluate_one(SanctionSpiralModel, point)
        assert out["grim_critical_discount"] == pytest.approx(float(res.threshold)), point


@pytest.mark.parametrize("seed", SEEDS)
def test_critical_discount_evaluate_agrees_with_the_grim_trigger_formula(seed):
    """Grim trigger (the default strategy) is subgame perfect iff
    delta >= (T - R) / (T - P) (Friedman 1971), derived here."""
    rng = np.random.default_rng(seed)
    for _ in range(2):
        point = _critical_discount(rng)
        out = _evaluate_one(MODELS["critical_discount"], point)
        r, t, p = (point[k] for k in ("reward", "temptation", "punishment"))
        assert out["critical_discount"] == pytest.approx(float((t - r) / (t - p))), point


def test_payoff_set_evaluate_agrees_with_the_folk_theorem_region():
    """For the prisoner's dilemma (R, S, T, P) = (3, 0, 5, 1): at a small discount factor
    only the stage equilibrium's (1, 1); at delta = 0.9 the whole feasible, individually
    rational set, the quadrilateral (1, 1), (13/3, 1), (3, 3), (1, 13/3), of area
    20/3 (shoelace)."""
    out = MODELS["payoff_set"].evaluate({"discount": [0.05, 0.9]})
    assert out["area"][0] == 0 and out["dimension"][0] == 0
    assert out["area"][1] == pytest.approx(20 / 3) and out["dimension"][1] == 2
    assert out["punishment_row"].tolist() == [1.0, 1.0]


@pytest.mark.parametrize("seed", SEEDS)
def test_cooperation_survival_evaluate_agrees_with_the_derivation(seed):
    """Without hazard and noise, cooperation with a trusted reciprocator survives for
    ever exactly when the other is a security seeker: Pr = trust, E[D] infinite."""
    point = {**_floats(_cooperation_survival(np.random.default_rng(seed))), "hazard": 0.0,
             "noise": 0.0}
    out = _evaluate_one(MODELS["cooperation_survival"], point)
    assert out["survival"] == pytest.approx(point["trust"])
    assert np.isinf(out["expected_duration"])


def _arms_race_probability(c, d):
    """Pr(a state arms) under the default hostility U[-3, 1], derived here: the best
    response to a cutoff h is -D (1 - F(h)) = -D (1 - h) / 4 (D = d - c), whose fixed
    point h* = -D / (4 - D) lies in the support iff D <= 3; beyond, everyone arms."""
    delta = d - c
    if delta >= 3:
        return 1.0
    h = -delta / (4 - delta)
    return (1 - h) / 4


@pytest.mark.parametrize("seed", SEEDS)
def test_arms_race_evaluate_agrees_with_the_derivation_and_the_finite_game(seed):
    rng = np.random.default_rng(seed)
    for _ in range(4):
        point = _arms_race(rng)
        out = _evaluate_one(ArmsRaceModel, point)
        p = _arms_race_probability(point["arming_cost"], point["exploitation_loss"])
        assert out["num_equilibria"] == 1 and out["equilibrium_is_unique"]
        assert out["max_arming_probability"] == pytest.approx(p, abs=1e-6), point
        # in the finite approximation, "everyone arms" is a Bayes-Nash equilibrium iff
        # the least hostile of its types h_1 still arms: h_1 + D >= 0
        model = ArmsRaceModel(**point)
        game = model.to_game(types=8)
        h1 = float(model.hostility.ppf(1 / 16))
        everyone = [np.tile([1.0, 0.0], (8, 1))] * 2
        delta = point["exploitation_loss"] - point["arming_cost"]
        assert (game.max_regret(everyone) <= 1e-12) == (h1 + delta >= 0), point


@pytest.mark.parametrize("seed", SEEDS)
def test_global_game_evaluate_agrees_with_the_cutoff_solver(seed):
    rng = np.random.default_rng(seed)
    for _ in range(3):
        point = _global_game(rng)
        out = _evaluate_one(GlobalGameModel, point)
        res = GlobalGameModel(**point).equilibria()
        assert out["num_equilibria"] == res.num_equilibria == 1
        assert out["cutoff"] == pytest.approx(float(res.cutoffs[0]), abs=1e-8)


def test_global_game_finite_game_has_the_cutoff_equilibrium():
    """With a normal prior centred on the cutoff c/2 the limit cutoff is the prior median,
    so in the finite game (signal bins at quantiles) the low bins defecting and the high
    bins cooperating is a Bayes-Nash equilibrium (found by solve_bayesian's pure
    enumeration; the discretised game has further pure equilibria around the median, as
    coarse bins of strongly correlated signals allow coordination within a bin)."""
    from scipy import stats

    model = GlobalGameModel(1.0, 0.2, prior=stats.norm(0.5, 2.0))
    assert model.cutoff == pytest.approx(0.5, abs=1e-6)
    res = solve_bayesian(model.to_game(types=6), method="pure")
    cooperate = [e.strategies[0][:, 0].round(9).tolist() for e in res]
    assert [0, 0, 0, 1, 1, 1] in cooperate
    with pytest.raises(InvalidParameterError, match="improper uniform prior"):
        GlobalGameModel(1.0, 0.2).to_game()


# ----------------------------------------------------------------------------- critical values

def _check_critical(cls, parameter, fixed, bounds, outcome, *, sharp=True, n=24):
    """Every change of ``outcome`` (computed by a general solver) along ``parameter`` in
    ``bounds`` lies at one of ``cls.critical_values``; with ``sharp`` the outcome also
    differs on the two sides of each critical value inside ``bounds``."""
    crit = cls.critical_values(parameter, {k: float(v) for k, v in fixed.items()})
    lo, hi = bounds
    delta = 1e-6 * (hi - lo)
    inside = [c for c in crit if lo + 2 * delta < c < hi - 2 * delta]
    xs = sorted(set([lo + (hi - lo) * i / n for i in range(n + 1)]
                    + [c + s * delta for c in inside for s in (-1, 1)]))
    values = [outcome(cls(**{**fixed, parameter: F(x)})) for x in xs]
    for (a, va), (b, vb) in zip(zip(xs, values), zip(xs[1:], values[1:])):
        if va != vb:
            assert any(a <= c <= b for c in crit), (parameter, fixed, a, b, va, vb, crit)
    if sharp:
        for c in inside:
            below = outcome(cls(**{**fixed, parameter: F(c - delta)}))
            above = outcome(cls(**{**fixed, parameter: F(c + delta)}))
            assert below != above, (parameter, fixed, c)
    return inside


def _nash_outcome(model):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = solve_nash(model.to_game(), method="vertex_enumeration", exact=True)
    return len(res), _pure_cc(res)


@pytest.mark.parametrize("seed", SEEDS)
def test_stage_game_critical_values_are_where_the_equilibria_change(seed):
    point = _stage_game(np.random.default_rng(seed))
    fixed = {k: v for k, v in point.items() if k != "temptation"}
    _check_critical(StageGameModel, "temptation", fixed, (-1.0, 6.0), _nash_outcome,
                    sharp=False)


@pytest.mark.parametrize("seed", SEEDS)
def test_offense_defense_critical_values_agree_with_solve_nash(seed):
    rng = np.random.default_rng(seed)
    point = _offense_defense(rng)
    while point["exploitation_gain"] == point["exploitation_loss"]:
        point = _offense_defense(rng)
    fixed = {k: v for k, v in point.items() if k != "offense_advantage"}
    found = _check_critical(OffenseDefenseModel, "offense_advantage", fixed, (0.0, 1.0),
                            _nash_outcome)
    k, g, L = (float(point[n]) for n in ("arms_cost", "exploitation_gain",
                                         "exploitation_loss"))
    assert found == sorted(c for c in (k / g, k / L) if 0 < c < 1)


def _bayes_outcome(model):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = solve_bayesian(model.to_game(), exact=True)
    return any(np.array_equal(e.strategies[0][:, 0], [1, 0])
               and np.array_equal(e.strategies[1][:, 0], [1, 0]) for e in res)


@pytest.mark.parametrize("seed", SEEDS)
def test_security_dilemma_critical_trust_agrees_with_solve_bayesian(seed):
    point = _security_dilemma(np.random.default_rng(seed))
    fixed = {**{k: v for k, v in point.items() if k != "trust_1"}, "trust_2": F(1)}
    found = _check_critical(SecurityDilemmaModel, "trust_1", fixed, (0.0, 1.0),
                            _bayes_outcome, n=10)
    c, a = float(point["exploitation_loss"]), float(point["temptation_secure"])
    assert found == [c / (1 - a + c)]  # Kydd's pi*, always inside (0, 1)
    # and solved for the other parameters, at the least trust
    fixed = {**{k: v for k, v in point.items() if k != "exploitation_loss"},
             "trust_1": F(1, 2), "trust_2": F(3, 5)}
    _check_critical(SecurityDilemmaModel, "exploitation_loss", fixed, (0.05, 3.0),
                    _bayes_outcome, n=10)


@pytest.mark.parametrize("seed", SEEDS)
def test_reassurance_critical_gesture_costs_agree_with_solve_pbe(seed):
    rng = np.random.default_rng(seed)
    point = _reassurance(rng)
    while point["trust"] == ReassuranceModel(**point).trust_threshold:
        point = _reassurance(rng)
    fixed = {k: v for k, v in point.items() if k != "gesture_cost"}
    outcome = _pbe_classes_frozen
    found = _check_critical(ReassuranceModel, "gesture_cost", fixed, (0.1, 5.0), outcome,
                            sharp=False, n=12)
    tg, rs = float(point["temptation_greedy"]), float(point["value_trustworthy"])
    if tg < rs:  # the separating PBE lives exactly on [T_G, R_S]
        for c in found:
            below = "separating" in outcome(ReassuranceModel(**fixed, gesture_cost=F(c) - F(1, 10**6)))
            above = "separating" in outcome(ReassuranceModel(**fixed, gesture_cost=F(c) + F(1, 10**6)))
            assert below != above


def _pbe_classes_frozen(model):
    return frozenset(_pbe_classes(model))


@pytest.mark.parametrize("seed", SEEDS)
def test_sanction_spiral_critical_discount_agrees_with_is_subgame_perfect(seed):
    point = _sanction_spiral(np.random.default_rng(seed))
    fixed = {**{k: v for k, v in point.items() if k != "discount"}, "noise": F(0)}

    def grim_is_spe(model):
        return bool(is_subgame_perfect(model.to_game(), (grim_trigger(), grim_trigger()),
                                       model.discount))

    _check_critical(SanctionSpiralModel, "discount", fixed, (0.0, 0.99), grim_is_spe, n=12)


@pytest.mark.parametrize("seed", SEEDS)
def test_arms_race_critical_loss_agrees_with_the_cutoff_solver(seed):
    c = float(np.random.default_rng(seed).uniform(0, 2))

    def everyone_arms(model):
        res = model.equilibria(grid=501)
        return bool(np.any(res.probability_action1 >= 1 - 1e-12))

    found = _check_critical(ArmsRaceModel, "exploitation_loss", {"arming_cost": F(c)},
                            (c + 0.5, c + 6.0), everyone_arms, n=12)
    assert found == [pytest.approx(c + 3.0)]  # D = d - c = -a = 3


def test_check_model_refuses_a_model_without_compute():
    """The base Model._compute only raises: a model that does not define its own is
    refused when it is checked (at registration), never found at sweep time."""
    from secdilemma.errors import InvalidParameterError
    from secdilemma.models import OffenseDefenseModel
    from secdilemma.models.protocol import Model, check_model

    class NoCompute(OffenseDefenseModel):
        _compute = classmethod(Model._compute.__func__)

    check_model(OffenseDefenseModel)  # the real one passes
    with pytest.raises(InvalidParameterError, match="defines _compute"):
        check_model(NoCompute)
