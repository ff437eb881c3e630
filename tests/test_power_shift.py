"""The commitment problem with export controls (our formalisation of Powell 2006).

Checks: the worked vectors (exact), and at sampled parameter points the SPE outcome
derived here from the primitives (war values, the stationary post-shift split, and the
best acceptable period-1 offer of each proposer), written without the model's
thresholds."""

from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma import InvalidParameterError, sweep
from secdilemma.models.power_shift import PowerShiftModel


def _m(p, s, d, dd, dr, g, e=0, lam=0, beta=0, sigma=0):
    return PowerShiftModel(p, s, d, dd, dr, g, e, lam, beta, sigma)


F1E = dict(p=F(3, 10), s=F(1, 5), d=F(4, 5), dd=F(1, 20), dr=F(1, 20), g=F(1, 10), lam=F(3, 20))
F1F = dict(p=F(1, 5), s=F(3, 20), d=F(4, 5), dd=F(1, 20), dr=F(1, 20), g=F(1, 2), lam=F(1, 20))


# --------------------------------------------------------------------- worked vectors
def test_vector_f1e_controls_prevent():
    m = _m(**F1E)
    t_d, _ = m.thresholds
    assert m.discount * m.shift == F(4, 25) and t_d == F(9, 100)
    assert m.war_by == "preventive_war" and m.critical_shift == F(9, 80)
    assert m.controls_slope == F(1, 10) and m.controls_effect == "prevent"
    assert m.controls_threshold == F(7, 10)
    one = m.with_controls(1)
    assert one.discount * one.shift == F(1, 25) and one.thresholds[0] == F(7, 100)
    assert one.war_by == "peace"
    assert m.with_controls(F(69, 100)).war_by == "preventive_war"
    assert m.with_controls(F(71, 100)).war_by == "peace"
    assert m.with_controls(F(7, 10)).degenerate


def test_vector_f1f_controls_provoke():
    m = _m(**F1F)
    assert m.discount * m.shift == F(3, 25) and m.thresholds[0] == F(3, 20)
    assert m.war_by == "peace" and m.controls_slope == F(-3, 50)
    assert m.controls_effect == "provoke" and m.controls_threshold == F(1, 2)
    one = m.with_controls(1)
    assert one.discount * one.shift == F(2, 25) and one.thresholds[0] == F(1, 20)
    assert one.war_by == "preventive_war"
    assert m.with_controls(F(49, 100)).war_by == "peace"
    assert m.with_controls(F(51, 100)).war_by == "preventive_war"


def test_vector_f1h_only_the_mean_shift_matters():
    m = _m(**{**F1E, "lam": 0})
    assert m.values()["declining_war_premium"] == F(7, 20)
    assert m.values([0, F(2, 5)], [F(1, 2), F(1, 2)])["declining_war_premium"] == F(7, 20)
    # per-period premium = delta*Delta - T_D
    assert (1 - m.discount) * F(7, 20) == m.discount * m.shift - m.thresholds[0]


def test_vector_f1i_declining_proposer_keeps_peace():
    m = _m(**F1E, beta=1)
    assert m.thresholds[0] == F(1, 4) and m.discount * m.shift == F(4, 25)
    assert m.war_by == "peace"


def test_powell_critical_shift_and_patience():
    base = dict(p=F(3, 10), d=F(4, 5), dd=F(1, 20), dr=F(1, 20), g=F(1, 10))
    s_star = (1 - base["d"]) * (base["p"] + base["dd"] + base["g"]) / base["d"]
    assert _m(s=s_star, **base).critical_shift == s_star
    assert _m(s=s_star + F(1, 1000), **base).war_by == "preventive_war"
    assert _m(s=s_star - F(1, 1000), **base).war_by == "peace"
    # every shift is too large as delta -> 1
    for d in (F(9, 10), F(99, 100), F(999, 1000)):
        assert _m(**{**base, "d": d}, s=F(1, 10)).critical_shift < F(1, 10) or d == F(9, 10)
    assert _m(**{**base, "d": F(999, 1000)}, s=F(1, 100)).war_by == "preventive_war"


def test_controls_window_rising_state_strikes():
    m = _m(F(1, 2), F(1, 20), F(9, 10), F(1, 50), F(1, 50), 0, 0, F(1, 2))
    assert m.war_by == "peace"
    assert m.with_controls(1).war_by == "rising_war"
    e_r = m.rising_controls_threshold
    assert 0 < e_r < 1
    assert m.with_controls(e_r - F(1, 1000)).war_by == "peace"
    assert m.with_controls(e_r + F(1, 1000)).war_by == "rising_war"


# --------------------------------------------------------------------- independent SPE check
def _outcome_by_hand(m):
    """The SPE outcome from the primitives. Post-shift: the fixed proposer offers the
    responder exactly its war value, accepted; checked here to be a stationary SPE
    (feasible offer, proposer prefers it to war). Period 1: for each proposer, the
    responder accepts x iff x + delta V2_resp >= W_resp(p); the proposer offers the least
    acceptable x in [0, 1 + G_e] if it beats its own war value. Peace iff that works."""
    p, s, d, dd, dr, g, e, lam, beta, _ = (getattr(m, n) for n in m.parameters)
    ge = g * (1 - e)
    flow = 1 + ge
    p2 = p + s - lam * e
    war = {"D": lambda q: (1 - q - dd) / (1 - d), "R": lambda q: (q - dr) / (1 - d)}
    proposer2 = "D" if beta == 1 else "R"
    responder2 = "R" if proposer2 == "D" else "D"
    y = (1 - d) * war[responder2](p2)  # responder's per-period flow
    assert 0 <= y <= flow
    # responder: accepting y forever gives y/(1-d) = its war value (indifferent; accept)
    assert y / (1 - d) == war[responder2](p2)
    # proposer: y is the least acceptable offer, and peace beats attacking
    assert (flow - y) / (1 - d) > war[proposer2](p2)
    v2 = {responder2: y / (1 - d), proposer2: (flow - y) / (1 - d)}
    peace_with = {}
    for prop, resp in (("D", "R"), ("R", "D")):
        need = war[resp](p) - d * v2[resp]  # least flow the responder accepts
        x = max(need, 0)
        if x > flow:
            peace_with[prop] = False
            continue
        peace_with[prop] = (flow - x) + d * v2[prop] >= war[prop](p)
    assert peace_with["D"] == peace_with["R"]  # the period-1 proposer does not matter
    if peace_with["D"]:
        return "peace"
    # who strikes: the state whose war value beats its best peace (whole flow)
    if war["D"](p) > flow + d * v2["D"]:
        return "preventive_war"
    assert war["R"](p) > flow + d * v2["R"]
    return "rising_war"


def _random_model(rng):
    while True:
        p = F(int(rng.integers(5, 95)), 100)
        s = F(int(rng.integers(-40, 41)), 100)
        d = F(int(rng.integers(1, 99)), 100)
        dd, dr = F(int(rng.integers(0, 10)), 100), F(int(rng.integers(0, 10)), 100)
        g = F(int(rng.integers(0, 60)), 100)
        e, lam = F(int(rng.integers(0, 101)), 100), F(int(rng.integers(0, 30)), 100)
        beta = int(rng.integers(0, 2))
        p2 = p + s - lam * e
        if dr < min(p, p2) and dd < 1 - max(p, p2):
            return _m(p, s, d, dd, dr, g, e, lam, beta)


def test_spe_outcome_by_hand_at_sampled_points():
    rng = np.random.default_rng(7)
    seen = set()
    for _ in range(400):
        m = _random_model(rng)
        if m.degenerate:
            continue
        by_hand = _outcome_by_hand(m)
        assert m.war_by == by_hand
        seen.add(by_hand)
        ev = PowerShiftModel.evaluate({n: float(getattr(m, n)) for n in m.parameters})
        assert ("peace", "preventive_war", "rising_war")[int(ev["war_by"])] == by_hand
    assert seen == {"peace", "preventive_war", "rising_war"}


def test_war_probability_with_a_uniform_shift_revealed_before_bargaining():
    base = dict(initial_power=0.3, power_shift=0.15, discount=0.8, war_cost_declining=0.05,
                war_cost_rising=0.05, trade_gain=0.1, controls=0.3, control_effect=0.15,
                post_shift_proposer=0.0)
    out = PowerShiftModel.evaluate({**base, "shift_spread": 0.1})
    # realisations on a fine grid, each a complete-information game
    shifts = np.linspace(0.05, 0.25, 20001)
    wars = PowerShiftModel.evaluate({**base, "power_shift": shifts, "shift_spread": 0.0})["war"]
    assert abs(float(out["war_probability"]) - wars.mean()) < 1e-3
    # revealed after period 1: only the mean matters
    mean = PowerShiftModel.evaluate({**base, "shift_spread": 0.0})
    assert bool(out["war"]) == bool(mean["war"])


def test_critical_values_flip_the_outcome():
    fixed = dict(initial_power=0.3, power_shift=0.2, discount=0.8, war_cost_declining=0.05,
                 war_cost_rising=0.05, trade_gain=0.1, control_effect=0.15,
                 post_shift_proposer=0.0, shift_spread=0.0)
    (e_star,) = PowerShiftModel.critical_values("controls", fixed)
    w = PowerShiftModel.evaluate({**fixed, "controls": np.array([e_star - 1e-6, e_star + 1e-6])})
    assert w["war"].tolist() == [True, False]
    (d_star,) = PowerShiftModel.critical_values("discount", {**fixed, "controls": 0.0})
    w = PowerShiftModel.evaluate({**fixed, "controls": 0.0,
                                  "discount": np.array([d_star - 1e-6, d_star + 1e-6])})
    assert w["war"].tolist() == [False, True]


# --------------------------------------------------------------------- errors, sweeps
@pytest.mark.parametrize("kwargs,match", [
    (dict(beta=F(1, 2)), r"PowerShiftModel\(\): post_shift_proposer must be 0 .* random "
                         r"recognition"),
    (dict(d=1), r"PowerShiftModel\(\): discount must be < 1; got 1"),
    (dict(d=F(3, 2)), r"discount must be < 1"),
    (dict(p=F(3, 2)), r"initial_power must be <= 1"),
    (dict(dd=F(-1, 10)), r"war_cost_declining must be >= 0"),
    (dict(dd=F(3, 5)), r"war_cost_declining must be <= 1 - max\(p_1, p_2\)"),
    (dict(s=F(-7, 20)), r"war_cost_rising must be <= min\(p_1, p_2\)"),
    (dict(e=F(3, 2)), r"controls must be <= 1"),
])
def test_bad_parameters(kwargs, match):
    args = dict(p=F(3, 10), s=F(1, 5), d=F(4, 5), dd=F(1, 20), dr=F(1, 20), g=F(1, 10))
    args.update(kwargs)
    with pytest.raises(InvalidParameterError, match=match):
        _m(**args)


def test_bad_parameters_in_evaluate():
    with pytest.raises(InvalidParameterError, match=r"PowerShiftModel.evaluate\(\): "
                                                    r"post_shift_proposer must be 0"):
        PowerShiftModel.evaluate({"initial_power": 0.3, "post_shift_proposer": 0.5})
    with pytest.raises(InvalidParameterError, match=r"discount must be < 1"):
        PowerShiftModel.evaluate({"initial_power": 0.3, "discount": 1.0})

@pytest.mark.parametrize("kwargs,message", [
    (dict(initial_power="0.3"), "initial_power must be a finite real number; got '0.3'"),
    (dict(initial_power=float("nan")), "initial_power must be a finite real number; got nan"),
    (dict(initial_power=True), "initial_power must be a finite real number; got True"),
    (dict(initial_power=F(3, 2)), "initial_power must be <= 1; got 3/2"),
    (dict(initial_power=np.float64(1.5)), "initial_power must be <= 1; got 1.5"),
    (dict(initial_power=0.3, discount=1), "discount must be < 1; got 1"),
    (dict(initial_power=0.3, discount=0.0), "discount must be > 0; got 0.0"),
    (dict(initial_power=0.3, war_cost_rising=-0.5), "war_cost_rising must be >= 0; got -0.5"),
])
def test_bad_parameter_messages_exactly(kwargs, message):
    with pytest.raises(InvalidParameterError) as info:
        PowerShiftModel(**kwargs)
    assert str(info.value) == f"PowerShiftModel(): {message}"


def test_sweep_bit_identical_across_executors():
    grid = {"controls": np.linspace(0, 1, 21), "power_shift": np.linspace(0, 0.4, 17)}
    fixed = dict(initial_power=0.3, discount=0.8, war_cost_declining=0.05,
                 war_cost_rising=0.05, trade_gain=0.1, control_effect=0.15,
                 post_shift_proposer=0.0, shift_spread=0.05)
    a = sweep(PowerShiftModel, grid, fixed=fixed, executor=None, chunk_size=50)
    b = sweep(PowerShiftModel, grid, fixed=fixed, executor=2, chunk_size=50)
    for name in a.data_vars:
        assert np.array_equal(a[name].values, b[name].values, equal_nan=True), name


def test_prevent_provoke_boundary_over_slowdown_and_trade():
    lam = np.linspace(0, 0.5, 26)
    g = np.linspace(0, 1, 21)
    for beta in (0.0, 1.0):
        out = PowerShiftModel.evaluate({"initial_power": 0.3, "power_shift": 0.0,
                                        "discount": 0.8, "war_cost_declining": 0.05,
                                        "war_cost_rising": 0.05, "control_effect": lam[:, None],
                                        "trade_gain": g[None, :], "post_shift_proposer": beta,
                                        "controls": 0.0})
        slope = 0.8 * lam[:, None] - g[None, :] * (1 - 0.8 + 0.8 * beta)
        want = np.where(slope > 0, 0, np.where(slope < 0, 1, 2))
        assert np.array_equal(out["controls_effect"], want)
