"""The technology security dilemma (MODELS.md §7; our formalisation): closed forms
against the general solvers on random draws, sweeps, bad parameters, reproductions."""

from __future__ import annotations

import re
import warnings
from dataclasses import fields
from fractions import Fraction as F

import numpy as np
import pytest

import secdilemma
from secdilemma.errors import InvalidParameterError
from secdilemma.models.interdependence import InterdependenceModel
from secdilemma.models.interdependence_reassurance import InterdependenceReassuranceModel
from secdilemma.models.reassurance import ReassuranceModel
from secdilemma.models.sanction_spiral import SanctionSpiralModel, tft_spiral_length
from secdilemma.models.third_state import POWER_ACTIONS, THIRD_ACTIONS, ThirdStateModel
from secdilemma.solvers.bayesian import solve_bayesian
from secdilemma.solvers.nash import solve_nash
from secdilemma.solvers.pbe import solve_pbe


def _frac(rng, lo, hi, den=997):
    return F(lo) + (F(hi) - F(lo)) * F(int(rng.integers(1, den)), den)


def _fixed(cls, grid):
    default = cls()
    return {f.name: float(getattr(default, f.name)) for f in fields(cls)
            if f.name not in grid}


# ---------------------------------------------------------------------------------------
# interdependence game


def _interdependence_draw(rng):
    g = _frac(rng, 0, 2)
    return dict(interdependence=_frac(rng, 0, 1), trust_1=_frac(rng, 0, 1),
                trust_2=_frac(rng, 0, 1), openness_gain=g, exploitation_loss=_frac(rng, 0, 3),
                coercion_gain=g + _frac(rng, 0, 3), restriction_cost=_frac(rng, 0, 1),
                decoupling_cost=_frac(rng, 0, 1))


def _bne_profiles(model):
    res = solve_bayesian(model.to_game(), method="pure", exact=True)
    assert all(e.max_regret == 0 for e in res)
    return {tuple("".join("ORD"[int(np.argmax(row))] for row in s) for s in e.strategies)
            for e in res}


@pytest.mark.parametrize("seed", range(40))
def test_interdependence_closed_forms_match_solve_bayesian(seed):
    rng = np.random.default_rng(seed)
    kw = _interdependence_draw(rng)
    model = InterdependenceModel(**kw)
    profs = _bne_profiles(model)
    assert model.open_equilibrium_exists == (("OO", "OO") in profs)
    assert model.cooperative_equilibrium_exists == (("OR", "OR") in profs)
    assert model.spiral_equilibrium_exists == (("RR", "RR") in profs)
    coop = any(a[0] == "O" and b[0] == "O" for a, b in profs)
    assert model.cooperation_is_equilibrium == coop
    # cooperation iff x <= x*, and the float batch agrees with the exact properties
    assert (kw["interdependence"] <= model.critical_interdependence) == coop
    out = InterdependenceModel.evaluate({k: float(v) for k, v in kw.items()})
    assert bool(out["cooperation_is_equilibrium"]) == coop
    assert bool(out["cooperative_is_equilibrium"]) == model.cooperative_equilibrium_exists


@pytest.mark.parametrize("seed", range(10))
def test_interdependence_trust_threshold_is_the_security_seekers_indifference(seed):
    rng = np.random.default_rng(100 + seed)
    kw = _interdependence_draw(rng)
    model = InterdependenceModel(**kw)
    thr = model.trust_threshold
    x, g, v = kw["interdependence"], kw["openness_gain"], kw["exploitation_loss"]
    m = min(kw["restriction_cost"], kw["decoupling_cost"])
    if 0 < thr < 1:   # at p = π*, open pays exactly the best outside option
        assert thr * g * x - (1 - thr) * v * x == -m


def test_interdependence_cooperation_region_is_an_interval():
    x = np.linspace(0, 1, 401)
    for p in (0.0, 0.1, 0.3, 0.45, 0.7):
        out = InterdependenceModel.evaluate({"interdependence": x, "trust_1": p, "trust_2": p})
        coop = out["cooperation_is_equilibrium"]
        assert np.array_equal(coop, x <= out["critical_interdependence"][0] + 1e-12)
        # symmetric closed form x* = max(r / (l - g), min(r, d) / ((1 - p) v - p g))
        k = (1 - p) * 2 - p * 1
        expected = max(0.5 / 2, 0.5 / k if k > 0 else np.inf)
        assert out["critical_interdependence"][0] == pytest.approx(min(expected, 1.0))


def test_interdependence_sweep():
    grid = {"interdependence": [0.1, 0.5, 0.9], "trust_1": [0.2, 0.8]}
    ds = secdilemma.sweep(InterdependenceModel, grid,
                          fixed=_fixed(InterdependenceModel, grid))
    assert ds["regime"].values.tolist() == [[0, 0], [3, 1], [3, 1]]


@pytest.mark.parametrize("kw, message", [
    ({"interdependence": 1.5},
     "InterdependenceModel(): interdependence must be <= 1; got 1.5"),
    ({"interdependence": -0.1},
     "InterdependenceModel(): interdependence must be >= 0; got -0.1"),
    ({"restriction_cost": -1}, "InterdependenceModel(): restriction_cost must be >= 0; got -1"),
    ({"decoupling_cost": -2}, "InterdependenceModel(): decoupling_cost must be >= 0; got -2"),
    ({"trust_1": 2}, "InterdependenceModel(): trust_1 must be <= 1; got 2"),
    ({"coercion_gain": 1},
     "InterdependenceModel(): coercion_gain must be > openness_gain (the greedy type "
     "prefers coercion to mutual openness); got 1 <= 1"),
])
def test_interdependence_bad_parameters(kw, message):
    with pytest.raises(InvalidParameterError, match=f"^{re.escape(message)}$"):
        InterdependenceModel(**kw)


def test_interdependence_evaluate_bad_arrays():
    with pytest.raises(InvalidParameterError, match=re.escape(
            "InterdependenceModel.evaluate(): interdependence must be <= 1; got 1.5")):
        InterdependenceModel.evaluate({"interdependence": np.array([0.5, 1.5]),
                                      "trust_1": 0.5, "trust_2": 0.5})
    with pytest.raises(InvalidParameterError, match=re.escape(
            "InterdependenceModel.evaluate(): restriction_cost must be >= 0; got -0.5")):
        InterdependenceModel.evaluate({"interdependence": 0.5, "trust_1": 0.5, "trust_2": 0.5,
                                      "restriction_cost": -0.5})


# ---------------------------------------------------------------------------------------
# reassurance through interdependence


@pytest.mark.parametrize("seed", range(12))
def test_interdependence_reassurance_matches_solve_pbe(seed):
    rng = np.random.default_rng(200 + seed)
    # redraw until R_S(x) and T_G(x) are positive (a draw that is not must be refused)
    for _ in range(100):
        kw = dict(interdependence=_frac(rng, 0, 1, 8), gesture_cost=_frac(rng, 0, 5, 8),
                  trust=_frac(rng, 0, 1, 10), stake_base=_frac(rng, 0, 3, 4),
                  stake_slope=_frac(rng, -1, 4, 4), leverage_base=_frac(rng, 0, 3, 4),
                  leverage_slope=_frac(rng, -1, 4, 4))
        x = kw["interdependence"]
        if (kw["stake_base"] + kw["stake_slope"] * x > 0
                and kw["leverage_base"] + kw["leverage_slope"] * x > 0):
            break
        with pytest.raises(InvalidParameterError):
            InterdependenceReassuranceModel(**kw)
    model = InterdependenceReassuranceModel(**kw)
    inner = model.to_reassurance()
    assert isinstance(inner, ReassuranceModel)
    found = {ReassuranceModel.class_of(e) for e in solve_pbe(model.to_game())}
    rs, tg, k = model.value_trustworthy, model.temptation_greedy, kw["gesture_cost"]
    assert ("separating" in found) == (tg <= k <= rs)
    out = InterdependenceReassuranceModel.evaluate({a: float(b) for a, b in kw.items()})
    assert bool(out["separating_is_equilibrium"]) == (tg <= k <= rs)
    assert int(out["equilibrium_classes"]) == int(ReassuranceModel.evaluate(
        {"trust": float(kw["trust"]), "gesture_cost": float(k),
         "value_trustworthy": float(rs), "temptation_greedy": float(tg), "value_greedy": 0.0,
         "exploitation_loss": 1.0})["equilibrium_classes"])


def test_deeper_interdependence_reassures_iff_stake_grows_faster():
    x = np.linspace(0, 1, 11)
    for ss, ls in ((4, 2), (1, 4), (3, 3)):
        w = InterdependenceReassuranceModel.evaluate(
            {"interdependence": x, "gesture_cost": 2.0, "stake_slope": ss,
             "leverage_slope": ls})["separating_width"]
        assert np.allclose(np.diff(w), (ss - ls) / 10)
        assert InterdependenceReassuranceModel(stake_slope=ss, leverage_slope=ls).reassures \
            == (ss > ls)
    m = InterdependenceReassuranceModel(stake_base=3, stake_slope=1, leverage_base=1,
                                        leverage_slope=4)
    assert m.separation_threshold == F(2, 3) and not m.reassures


@pytest.mark.parametrize("kw, message", [
    ({"interdependence": 2},
     "InterdependenceReassuranceModel(): interdependence must be <= 1; got 2"),
    ({"gesture_cost": -1},
     "InterdependenceReassuranceModel(): gesture_cost must be > 0; got -1"),
    ({"leverage_slope": -3},
     "InterdependenceReassuranceModel(): leverage_base + leverage_slope * interdependence "
     "must be > 0; got Fraction(-1, 2)"),
])
def test_interdependence_reassurance_bad_parameters(kw, message):
    with pytest.raises(InvalidParameterError, match=f"^{re.escape(message)}$"):
        InterdependenceReassuranceModel(**kw)


# ---------------------------------------------------------------------------------------
# sanction spiral


@pytest.mark.parametrize("eps", [F(1, 1000), F(1, 50), F(1, 7), F(2, 5)])
def test_tft_spiral_length_chain_equals_closed_form(eps):
    assert SanctionSpiralModel(noise=eps).spiral_length("tft") == tft_spiral_length(eps)
    assert SanctionSpiralModel(noise=float(eps)).spiral_length("tft") == pytest.approx(
        float(tft_spiral_length(eps)))


def test_spiral_lengths():
    # without noise a TFT echo never ends; CTFT ends it in two periods
    assert SanctionSpiralModel(noise=0).spiral_length("tft") == float("inf")
    assert SanctionSpiralModel(noise=0).spiral_length("ctft") == 2
    m = SanctionSpiralModel(noise=F(1, 20))
    assert m.spiral_length("ctft") < m.spiral_length("tft")


def test_noise_tolerance_is_where_critical_discount_reaches_delta():
    m = SanctionSpiralModel(discount=0.85)
    tol = m.noise_tolerance("ctft")
    crit = SanctionSpiralModel(noise=tol).critical_discount("ctft")
    assert crit.complete
    assert float(crit.threshold) == pytest.approx(0.85, abs=1e-3)
    assert m.is_equilibrium("ctft", noise=tol * 0.9)
    assert not m.is_equilibrium("ctft", noise=min(tol * 1.1, 0.49))
    # at eps = 0 CTFT's critical delta is (T - R) / (R - S) = 2/3
    assert SanctionSpiralModel(noise=0).critical_discount("ctft").threshold == F(2, 3)
    assert SanctionSpiralModel(discount=0.5).noise_tolerance("ctft") is None


def _grim_critical_discount(eps, t=5, r=3, p=1, s=0):
    """Grim trigger against itself with noise eps (intended actions flipped), by hand.

    q = (1 - eps)^2 keeps the cooperative state from intended (C, C), eps (1 - eps) from
    a deviation (D, C); u_xy is the expected stage payoff of intended (x, y). With
    V_C - V_D = (1 - d)(u_cc - u_dd)/(1 - d q), the one-shot deviation condition
    (1 - d)(u_cc - u_dc) + d (q - eps (1 - eps))(V_C - V_D) >= 0 is, after dividing by
    (1 - d), linear in d: (u_cc - u_dc)(1 - d q) + d (q - e(1 - e))(u_cc - u_dd) >= 0
    (the punishment state is absorbing and D is a stage best reply there).
    """
    e, q = F(eps), (1 - F(eps)) ** 2
    m = e * (1 - e)
    u_cc = q * r + m * (s + t) + e * e * p
    u_dc = q * t + m * (p + r) + e * e * s
    u_dd = q * p + m * (s + t) + e * e * r
    slope = (q - m) * (u_cc - u_dd) + q * (u_dc - u_cc)   # coefficient of d
    d = (u_dc - u_cc) / slope if slope > 0 else None
    return d if d is not None and d < 1 else None


def test_spiral_reproduction_is_certified_and_silent():
    from secdilemma.reproduce.technology import _NOISE, compute_spiral

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = compute_spiral()
    got = ds["critical_discount_grim"].values
    for e, value in zip(_NOISE, got):
        by_hand = _grim_critical_discount(e)
        if by_hand is None:
            assert np.isnan(value), e
        else:
            assert value == pytest.approx(float(by_hand), rel=1e-12), e
    assert np.isnan(got).sum() == 3          # eps = 0.26, 0.28, 0.30: no delta < 1 works


@pytest.mark.parametrize("kw, message", [
    ({"noise": 0.6}, "SanctionSpiralModel(): noise must be < 0.5; got 0.6"),
    ({"noise": -0.1}, "SanctionSpiralModel(): noise must be >= 0; got -0.1"),
    ({"discount": 1}, "SanctionSpiralModel(): discount must be < 1; got 1"),
    ({"reward": 6},
     "SanctionSpiralModel(): payoffs must satisfy temptation > reward "
     "> punishment > sucker (a prisoner's dilemma); got R=6, S=0, T=5, P=1"),
])
def test_sanction_spiral_bad_parameters(kw, message):
    with pytest.raises(InvalidParameterError, match=f"^{re.escape(message)}$"):
        SanctionSpiralModel(**kw)


# ---------------------------------------------------------------------------------------
# third state


def _third_draw(rng):
    return dict(engagement_gain=_frac(rng, 0, 4, 8), exploitation_loss=_frac(rng, 0, 3, 8),
                restriction_gain=_frac(rng, 0, 6, 8), alignment_value=_frac(rng, 0, 2, 8),
                leakage=_frac(rng, 0, 3, 8), alignment_benefit=_frac(rng, 0, 3, 8),
                hedging_gain=_frac(rng, 0, 5, 8), sanction_cost=_frac(rng, 0, 2, 8))


def _pure_profiles(res):
    names = (POWER_ACTIONS, POWER_ACTIONS, THIRD_ACTIONS)
    return {tuple(n[int(np.argmax(s))] for s, n in zip(e.strategies, names))
            for e in res if e.is_pure}


@pytest.mark.parametrize("seed", range(60))
def test_hedging_closed_form_matches_solve_nash(seed):
    rng = np.random.default_rng(300 + seed)
    kw = _third_draw(rng)
    model = ThirdStateModel(**kw)
    res = solve_nash(model.to_game(), method="pure", exact=True)
    hedges = {p for p in _pure_profiles(res) if p[2] == "hedge"}
    assert hedges == set(model.hedging_equilibria)
    assert model.hedging_is_equilibrium == bool(hedges)
    out = ThirdStateModel.evaluate({k: float(v) for k, v in kw.items()})
    assert bool(out["hedging_is_equilibrium"]) == bool(hedges)


@pytest.mark.filterwarnings("ignore::secdilemma.errors.IncompleteResultWarning")
@pytest.mark.parametrize("kw", [dict(hedging_gain=5, sanction_cost=1), dict(hedging_gain=1),
                                dict(leakage=0.5, hedging_gain=4.5)])
def test_third_state_mixed_equilibria_through_gambit(kw):
    model = ThirdStateModel(**kw)
    mixed = model.solve(method="gambit_enumpoly", exact=False)
    pure = model.solve(method="pure", exact=False)
    assert all(e.max_regret < 1e-6 for e in mixed)
    assert _pure_profiles(pure) <= _pure_profiles(mixed)


@pytest.mark.parametrize("kw, message", [
    ({"sanction_cost": -1}, "ThirdStateModel(): sanction_cost must be >= 0; got -1"),
    ({"leakage": -0.5}, "ThirdStateModel(): leakage must be >= 0; got -0.5"),
    ({"exploitation_loss": -2}, "ThirdStateModel(): exploitation_loss must be >= 0; got -2"),
])
def test_third_state_bad_parameters(kw, message):
    with pytest.raises(InvalidParameterError, match=f"^{re.escape(message)}$"):
        ThirdStateModel(**kw)


def test_sweeps_of_the_other_models():
    grid = {"hedging_gain": [1.0, 3.0, 5.0], "leakage": [0.5, 2.0]}
    ds = secdilemma.sweep(ThirdStateModel, grid, fixed=_fixed(ThirdStateModel, grid))
    assert ds["regime"].values.tolist() == [[0, 0], [0, 1], [2, 3]]
    grid = {"noise": [0.1]}
    ds = secdilemma.sweep(SanctionSpiralModel, grid, fixed=_fixed(SanctionSpiralModel, grid))
    assert float(ds["tft_spiral_length"][0]) == pytest.approx(140 / 9)
    grid = {"interdependence": [0.1, 0.5, 0.9], "gesture_cost": [1.0, 2.5]}
    ds = secdilemma.sweep(InterdependenceReassuranceModel, grid,
                          fixed=_fixed(InterdependenceReassuranceModel, grid))
    assert ds["separating_is_equilibrium"].values.tolist() == [[False, False], [False, True],
                                                [False, False]]


# ---------------------------------------------------------------------------------------
# reproductions


@pytest.mark.parametrize("name", ["interdependence-cooperation", "sanction-spiral-noise",
                                  "third-state-hedging", "interdependence-reassurance"])
def test_technology_reproductions_pass(name):
    import secdilemma.reproduce.technology  # noqa: F401  (registers the entries)
    from secdilemma.reproduce import get

    entry = get(name)
    checks = entry.check(entry.compute())
    failed = [c for c in checks if not c.passed]
    assert checks and not failed, failed


def test_third_state_solve_passes_its_time_budget():
    """The budget reaches solve_nash: it is recorded in the result's parameters."""
    res = ThirdStateModel().solve(method="gambit_enumpoly", exact=False, timeout=3.0)
    assert res.parameters["timeout"] == 3.0
