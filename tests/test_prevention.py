"""Preventive war with noisy intelligence (our formalisation of Debs and Monteiro 2014).

Every equilibrium the model returns is checked here, independently of the model's
formulas: beliefs by Bayes' rule from the primitives, D's action optimal after each
signal, R's investment optimal (indifferent when it mixes); and the list is compared
with the general solver (solve_spe on the model's extensive game)."""

import warnings
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma import IncompleteResultWarning, InvalidParameterError, sweep
from secdilemma.models.prevention import PreventionModel
from secdilemma.solvers.extensive import solve_spe

NAMES = ("b", "k", "w", "l", "c", "phi", "p1", "p0")


def _m(**kw):
    return PreventionModel(*(kw[n] for n in NAMES))


F2A = dict(b=2, k=1, w=1, l=2, c=F(1, 2), phi=1, p1=F(4, 5), p0=F(1, 5))
F2B = dict(b=2, k=F(1, 2), w=0, l=2, c=F(1, 2), phi=1, p1=F(3, 5), p0=F(2, 5))
F2F = dict(b=2, k=F(1, 2), w=0, l=4, c=F(1, 2), phi=F(1, 2), p1=F(4, 5), p0=F(1, 5))
THREE = dict(b=2, k=F(1, 2), w=2, l=4, c=F(1, 2), phi=F(1, 2), p1=F(4, 5), p0=F(1, 5))


def _only(m):
    (e,) = m.equilibria()
    return e


# --------------------------------------------------------------------- worked vectors
def test_vector_f2a_alarm_mixing_and_cost_sweep():
    e = _only(_m(**F2A))
    assert e.kind == "alarm_mixing"
    assert (e.investment, e.strike_after_alarm, e.strike_after_quiet) == (F(1, 13), F(5, 11), 0)
    assert e.war_probability == F(16, 143)
    assert e.mistaken_strike_probability == F(12, 143) and e.mistaken_share == F(3, 4)
    for c, war, share in ((1, F(8, 55), F(1, 2)), (F(3, 2), F(16, 77), F(1, 4))):
        e = _only(_m(**{**F2A, "c": c}))
        assert e.kind == "alarm_mixing" and e.war_probability == war and e.mistaken_share == share


def test_vector_f2b_quiet_mixing():
    e = _only(_m(**F2B))
    assert e.kind == "quiet_mixing"
    assert (e.investment, e.strike_after_quiet) == (F(1, 3), F(3, 8))
    assert e.war_probability == F(2, 3) and e.mistaken_strike_probability == F(5, 12)


def test_vector_f2c_intelligence_quality():
    m = _m(**{**F2B, "p1": F(7, 10), "p0": F(3, 10)})
    assert m.critical_quality == F(3, 4)
    e = _only(m)
    assert e.kind == "quiet_mixing"
    assert (e.investment, e.strike_after_quiet, e.war_probability) == (F(7, 16), F(1, 6), F(9, 16))
    e = _only(_m(**{**F2B, "p1": F(4, 5), "p0": F(1, 5)}))
    assert e.kind == "alarm_mixing"
    assert (e.investment, e.strike_after_alarm, e.war_probability) == (F(1, 13), F(15, 16), F(3, 13))


def test_vector_f2f_sure_war():
    e = _only(_m(**F2F))
    assert e.kind == "sure_war" and e.investment == 1 and e.war_probability == 1
    assert (e.strike_after_alarm, e.strike_after_quiet) == (1, 1)


def test_vector_f2g_transparency_deters():
    m = _m(**{**F2A, "p1": 1, "p0": 0})
    e = _only(m)
    assert e.kind == "deterred" and e.investment == 0 and e.war_probability == 0
    assert e.strike_after_alarm == 1 and e.strike_after_quiet == 0
    # R's payoff from investing against strike-iff-alarm: b - k - (phi b + w) = -2 < 0
    assert F2A["b"] - F2A["k"] - (F2A["phi"] * F2A["b"] + F2A["w"]) == -2


def test_three_equilibria_coexist():
    m = _m(**THREE)
    kinds = [e.kind for e in m.equilibria()]
    assert kinds == ["alarm_mixing", "quiet_mixing", "sure_war"]
    ev = PreventionModel.evaluate({n: float(getattr(m, n)) for n in m.parameters})
    assert int(ev["num_equilibria"]) == 3 and int(ev["regime"]) == 5


def test_investment_is_non_monotone_in_intelligence_quality():
    r = np.linspace(0.52, 0.98, 47)
    base = {k: float(v) for k, v in zip(PreventionModel.parameters,
                                        (2, 0.5, 0, 2, 0.5, 1, 0, 0))}
    out = PreventionModel.evaluate({**base, "detection": r, "false_alarm": 1 - r})
    x = out["max_investment"]
    below, above = r < 0.75 - 1e-9, r > 0.75 + 1e-9
    assert np.all(np.diff(x[below]) > 0)     # II: rises with r
    assert x[above][0] < x[below][-1]        # drops at r-hat
    assert np.all(np.diff(x[above]) <= 1e-12)  # I: does not rise
    w = out["max_war_probability"]
    assert w[-1] < w[above][0]  # Pr(war) falls towards 0 as r -> 1


# --------------------------------------------------------------------- independent checks
def _verify(m, e):
    """No profitable deviation, Bayes-consistent beliefs (written from the primitives)."""
    b, k, w, l, c, phi, p1, p0 = (getattr(m, n) for n in m.parameters)
    x, sa, sq = e.investment, e.strike_after_alarm, e.strike_after_quiet
    # beliefs by Bayes' rule (both signals are on the path for interior signals)
    alarm = x * p1 + (1 - x) * p0
    assert e.belief_after_alarm == x * p1 / alarm
    assert e.belief_after_quiet == x * (1 - p1) / (1 - alarm)
    # D: strike value -c - mu (1 - phi) l against hold -mu l, after each signal
    for mu, s in ((e.belief_after_alarm, sa), (e.belief_after_quiet, sq)):
        strike, hold = -c - mu * (1 - phi) * l, -mu * l
        if s > 0:
            assert strike >= hold
        if s < 1:
            assert hold >= strike
    # R: expected payoffs of investing and not, given D's strategy
    struck_i = p1 * sa + (1 - p1) * sq
    struck_n = p0 * sa + (1 - p0) * sq
    invest = struck_i * (-k - w + (1 - phi) * b) + (1 - struck_i) * (b - k)
    idle = struck_n * (-w)
    if x > 0:
        assert invest >= idle
    if x < 1:
        assert idle >= invest
    assert e.payoff_rising == x * invest + (1 - x) * idle
    assert e.war_probability == x * struck_i + (1 - x) * struck_n


def _random_model(rng):
    p1 = F(int(rng.integers(51, 100)), 100)
    p0 = F(int(rng.integers(1, int(p1 * 100))), 100)
    vals = dict(b=F(int(rng.integers(1, 40)), 10), k=F(int(rng.integers(0, 30)), 10),
                w=F(int(rng.integers(0, 30)), 10), l=F(int(rng.integers(1, 40)), 10),
                c=F(int(rng.integers(1, 30)), 10), phi=F(int(rng.integers(1, 11)), 10),
                p1=p1, p0=p0)
    return _m(**vals)


def test_every_equilibrium_verified_and_equal_to_solve_spe_at_sampled_points():
    rng = np.random.default_rng(11)
    kinds = set()
    checked = 0
    while checked < 60:
        m = _random_model(rng)
        if m.degenerate:
            continue
        eqs = m.equilibria()
        assert eqs, "a finite game never has zero equilibria"
        for e in eqs:
            _verify(m, e)
            kinds.add(e.kind)
        res = solve_spe(m.to_game(), exact=True, warn=False)
        got = sorted((e.behaviour["R"]["invest"], e.behaviour["D|alarm"]["strike"],
                      e.behaviour["D|quiet"]["strike"]) for e in res)
        want = sorted((e.investment, e.strike_after_alarm, e.strike_after_quiet) for e in eqs)
        assert got == want
        ev = PreventionModel.evaluate({n: float(getattr(m, n)) for n in m.parameters})
        assert int(ev["num_equilibria"]) == len(eqs)
        assert abs(float(ev["max_war_probability"]) - float(max(e.war_probability
                                                               for e in eqs))) < 1e-12
        checked += 1
    assert {"alarm_mixing", "quiet_mixing", "sure_war"} <= kinds


def test_verified_with_three_equilibria_and_special_cases():
    for kw in (THREE, F2A, F2B, F2F, {**F2A, "k": 3}, {**F2A, "c": 3}):
        m = _m(**kw)
        for e in m.equilibria():
            _verify(m, e)
        res = solve_spe(m.to_game(), exact=True, warn=False)
        assert len(res) == len(m.equilibria())


def test_knife_edge_is_flagged():
    m = _m(**{**F2A, "k": 2})  # b = k
    assert m.degenerate
    with pytest.warns(IncompleteResultWarning):
        m.equilibria()
    ev = PreventionModel.evaluate({n: float(getattr(m, n)) for n in m.parameters})
    assert bool(ev["degenerate"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _m(**F2A).equilibria()


def test_scale_invariance_of_the_float_path():
    base = np.array([2, 0.5, 2, 4, 0.5, 0.5, 0.8, 0.2])
    ref = PreventionModel.evaluate(dict(zip(PreventionModel.parameters, base)))
    for scale in (1e-9, 1e-3, 1e6, 1e12):
        vals = base.copy()
        vals[:5] *= scale  # payoff parameters
        out = PreventionModel.evaluate(dict(zip(PreventionModel.parameters, vals)))
        assert int(out["num_equilibria"]) == int(ref["num_equilibria"]) == 3
        for key in ("max_investment", "min_investment", "max_war_probability",
                    "min_war_probability"):
            assert abs(float(out[key]) - float(ref[key])) < 1e-9, (scale, key)


# --------------------------------------------------------------------- errors, sweeps
@pytest.mark.parametrize("kw,match", [
    (dict(p1=F(1, 5), p0=F(4, 5)), r"PreventionModel\(\): false_alarm must be < detection"),
    (dict(p1=1, p0=F(1, 5)), r"0 < false_alarm < detection < 1"),
    (dict(p1=F(3, 2)), r"detection must be <= 1; got 3/2"),
    (dict(phi=0), r"strike_effectiveness must be > 0; got 0"),
    (dict(c=-1), r"strike_cost must be > 0; got -1"),
    (dict(k=-1), r"investment_cost must be >= 0"),
])
def test_bad_parameters(kw, match):
    with pytest.raises(InvalidParameterError, match=match):
        _m(**{**F2A, **kw})


def test_bad_parameters_in_evaluate():
    with pytest.raises(InvalidParameterError, match=r"PreventionModel.evaluate\(\): false_alarm "
                                                    r"must be < detection"):
        PreventionModel.evaluate({"detection": 0.3, "false_alarm": 0.6})

@pytest.mark.parametrize("kwargs,message", [
    (dict(strike_cost=0), "strike_cost must be > 0; got 0"),
    (dict(detection=F(3, 2)), "detection must be <= 1; got 3/2"),
    (dict(false_alarm=1.0), "false_alarm must be < 1; got 1.0"),
    (dict(shift_gain=np.inf), "shift_gain must be a finite real number; got inf"),
    (dict(investment_cost=-1), "investment_cost must be >= 0; got -1"),
    (dict(strike_effectiveness=None),
     "strike_effectiveness must be a finite real number; got None"),
    (dict(detection=F(1, 5), false_alarm=F(4, 5)),
     "false_alarm must be < detection (an alarm must be evidence of investment); got "
     "false_alarm=4/5 with detection=1/5"),
    (dict(detection=1, false_alarm=F(1, 5)),
     "detection and false_alarm must satisfy 0 < false_alarm < detection < 1 (every signal "
     "possible after both choices) or be perfect intelligence (1, 0); got detection=1, "
     "false_alarm=1/5"),
    (dict(detection=0.5, false_alarm=0.0),
     "detection and false_alarm must satisfy 0 < false_alarm < detection < 1 (every signal "
     "possible after both choices) or be perfect intelligence (1, 0); got detection=0.5, "
     "false_alarm=0.0"),
])
def test_bad_parameter_messages_exactly(kwargs, message):
    """The constructor and evaluate() say the same, with plain values."""
    with pytest.raises(InvalidParameterError) as info:
        PreventionModel(**kwargs)
    assert str(info.value) == f"PreventionModel(): {message}"
    if "detection" in kwargs or "false_alarm" in kwargs:
        arrays = {k: np.array([float(v)]) for k, v in kwargs.items()}
        with pytest.raises(InvalidParameterError) as info:
            PreventionModel.evaluate(arrays)
        float_message = message.replace("3/2", "1.5").replace("4/5", "0.8").replace(
            "1/5", "0.2").replace("detection=1,", "detection=1.0,")
        assert str(info.value) == f"PreventionModel.evaluate(): {float_message}"


def test_sweep_bit_identical_across_executors():
    grid = {"strike_cost": np.linspace(0.05, 2.5, 23), "detection": np.linspace(0.55, 0.99, 19)}
    fixed = dict(shift_gain=2.0, investment_cost=0.5, strike_damage=0.5, shift_loss=2.0,
                 strike_effectiveness=0.8, false_alarm=0.2)
    a = sweep(PreventionModel, grid, fixed=fixed, executor=None, chunk_size=40)
    b = sweep(PreventionModel, grid, fixed=fixed, executor=2, chunk_size=40)
    for name in a.data_vars:
        assert np.array_equal(a[name].values, b[name].values, equal_nan=True), name


def test_cost_of_prevention_comparative_statics_in_alarm_mixing():
    # in I, a costlier strike raises investment and Pr(war) and lowers the share of
    # mistaken strikes 1 - c/(phi l) (written out here)
    prev = None
    for c in (F(1, 4), F(1, 2), 1, F(3, 2)):
        e = _only(_m(**{**F2A, "c": c}))
        assert e.kind == "alarm_mixing"
        assert e.mistaken_share == 1 - c / (F2A["phi"] * F2A["l"])
        if prev is not None:
            assert e.investment > prev.investment and e.war_probability > prev.war_probability
            assert e.mistaken_share < prev.mistaken_share
        prev = e


def test_critical_values_switch_the_regime():
    fixed = dict(shift_gain=2.0, investment_cost=0.5, strike_damage=0.0, shift_loss=2.0,
                 strike_effectiveness=1.0, detection=0.6, false_alarm=0.4)
    (c_star,) = PreventionModel.critical_values("strike_cost", fixed)
    out = PreventionModel.evaluate({**fixed, "strike_cost": np.array([c_star - 1e-6,
                                                                      c_star + 1e-6])})
    assert out["regime"].tolist() == [3, 1]
    (r_star,) = PreventionModel.critical_values("detection", {**fixed, "strike_cost": 0.5})
    assert abs(r_star - 0.75) < 1e-12  # A = 2 pi_1 = b - k = 3/2 (w = 0)
    out = PreventionModel.evaluate({**fixed, "strike_cost": 0.5,
                                    "detection": np.array([r_star - 1e-6, r_star + 1e-6])})
    assert out["regime"].tolist() == [3, 2]
