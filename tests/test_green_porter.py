"""GreenPorterModel: the closed forms against the general public-monitoring solver at
sampled parameter points, the worked vectors, guardrails and hotlines, and errors."""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma.errors import InvalidParameterError
from secdilemma.models.green_porter import GreenPorterModel, shortest_punishment
from secdilemma.models.protocol import check_model
from secdilemma.solvers.public_monitoring import (PublicMonitoring, PublicStrategy,
                                                  check_public_equilibrium,
                                                  public_critical_discount_factor,
                                                  public_values)


def sample_point(rng, *, exact=True):
    """A random exact parameter point (also usable as a protocol sampler)."""
    P = F(int(rng.integers(0, 4)))
    R = P + F(int(rng.integers(1, 5)))
    T = R + F(int(rng.integers(1, 5)))
    S = P - F(int(rng.integers(1, 3)))
    a = F(int(rng.integers(0, 40)), 100)
    b = a + F(int(rng.integers(5, 100 - int(a * 100) + 1)), 100)
    d = F(int(rng.integers(30, 100)), 100)
    phi = F(int(rng.integers(0, 3)), 4)
    return dict(reward=R, sucker=S, temptation=T, punishment=P, false_alarm=a, detection=b,
                discount=d, explained_share=phi)


def _points(n, seed):
    rng = np.random.default_rng(seed)
    return [GreenPorterModel(**sample_point(rng)) for _ in range(n)]


def _general(m):
    return m.to_game(), m.monitoring()


def test_protocol():
    assert check_model(GreenPorterModel) is GreenPorterModel
    assert GreenPorterModel.name == "green_porter"


# ------------------------------------------------------------------ the worked vectors
VECTORS = [  # α, δ*, K*, V_{K*} (9 digits or exact), bound
    (F(1, 10), F(5, 7), 4, 2.527288833, F(13, 5)),
    (F(1, 20), F(2, 3), 3, 2.782610633, F(31, 11)),
    (F(1, 50), F(25, 39), 3, None, None),
    (F(3, 20), F(10, 13), 5, None, None),
    (F(1, 5), F(5, 6), 8, None, None),
]


@pytest.mark.parametrize("alpha,dstar,kstar,value,bound", VECTORS)
def test_worked_vectors(alpha, dstar, kstar, value, bound):
    m = GreenPorterModel(false_alarm=alpha, detection=F(3, 5), discount=F(9, 10))
    assert m.critical_discount == dstar and m.shortest_punishment == kstar
    if value is not None:
        assert round(float(m.optimal_value), 9) == value
    if bound is not None:
        assert m.randomised_value == bound
    if alpha == F(1, 10):
        assert m.value() == F(39, 19)
        # x* = 5/18 (derivation: (T-R)(1-δ)/(δA) with A = 0.5*2 - 0.1*2 = 4/5)
        assert F(2) * F(1, 10) / (F(9, 10) * F(4, 5)) == F(5, 18)


# ------------------------------------------------------------------ ≥ 100 sampled points
def test_closed_forms_agree_with_the_general_solver_at_sampled_points():
    """At 150 random exact points: δ* (grim is a PPE at δ*, not just below), K* (the
    K*-trigger is a PPE, the (K*-1)-trigger is not), V_K and grim values (public_values),
    the randomised bound (the binding lottery's value), the guardrail α̂ and the hotline
    share (grim is a PPE exactly from there)."""
    checked = {"dstar": 0, "kstar": 0, "bound": 0, "guardrail": 0, "hotline": 0}
    for m in _points(150, 2026):
        game, mon = _general(m)
        grim = PublicStrategy.trigger()
        d = F(m.discount)
        # values of grim and of a short trigger: always defined
        assert public_values(game, mon, grim, d).initial[0] == m.value()
        assert public_values(game, mon, PublicStrategy.trigger(2), d).initial[0] == m.value(2)
        # δ*
        ds = m.critical_discount
        if ds is None:
            assert m.incentive_margin <= 0
            assert not check_public_equilibrium(game, mon, grim, F(999, 1000))
        elif ds < 1:
            checked["dstar"] += 1
            assert check_public_equilibrium(game, mon, grim, ds)
            assert not check_public_equilibrium(game, mon, grim, ds - F(1, 10**6))
        # K* at the model's δ
        k = m.shortest_punishment
        ok = check_public_equilibrium(game, mon, grim, d).is_equilibrium
        assert ok == m.cooperation_possible == (k is not None)
        if k is not None and k != math.inf and k <= 60:
            checked["kstar"] += 1
            assert check_public_equilibrium(game, mon, PublicStrategy.trigger(k), d)
            if k > 1:
                assert not check_public_equilibrium(game, mon, PublicStrategy.trigger(k - 1), d)
            assert public_values(game, mon, PublicStrategy.trigger(k), d).initial[0] \
                == m.optimal_value
        if k is not None:
            checked["bound"] += 1
            _, _, _, a, b, _ = m._q()
            r, t = F(m.reward), F(m.temptation)
            q = (1 - d) * (t - r) / (d * m.incentive_margin)
            strat = PublicStrategy.randomised_trigger(q)
            assert public_values(game, mon, strat, d).initial[0] == m.randomised_value
            assert check_public_equilibrium(game, mon, strat, d).max_gain == 0
        # guardrail: α̂ with β' fixed
        top = m.max_false_alarm
        if top is not None:
            checked["guardrail"] += 1
            _, _, _, _, b, _ = m._q()
            at = PublicMonitoring.binary(top, b)
            assert check_public_equilibrium(game, at, grim, d)
            if top + F(1, 10**6) < b:
                assert not check_public_equilibrium(
                    game, PublicMonitoring.binary(top + F(1, 10**6), b), grim, d)
        # hotline: the share needed makes grim a PPE, a little less does not
        phi = m.hotline_share_needed
        if phi is not None and 0 < phi <= 1:
            checked["hotline"] += 1
            h = GreenPorterModel(**{**_fields(m), "explained_share": phi})
            assert check_public_equilibrium(game, h.monitoring(), grim, d)
            h2 = GreenPorterModel(**{**_fields(m), "explained_share": phi - F(1, 10**6)})
            assert not check_public_equilibrium(game, h2.monitoring(), grim, d)
    assert min(checked.values()) >= 10, checked


def _fields(m):
    return {n: getattr(m, n) for n in GreenPorterModel.parameters}


def test_critical_sets_are_the_closed_form():
    """The exact set of the general solver is [δ*, 1) for grim at 12 points."""
    for m in _points(12, 5):
        res = public_critical_discount_factor(*_general(m), PublicStrategy.trigger())
        ds = m.critical_discount
        if ds is None or ds >= 1:
            assert res.is_empty
        else:
            assert res.pieces == ((ds, F(1), True, False),)


def test_vectorised_evaluate_agrees_with_the_exact_scalars():
    models = _points(150, 11)
    params = {n: np.array([float(getattr(m, n)) for m in models])
              for n in GreenPorterModel.parameters}
    out = GreenPorterModel.evaluate(params)
    for j, m in enumerate(models):
        # the float point is the binary rational of the exact one: compare with it
        mf = GreenPorterModel(**{n: float(params[n][j]) for n in GreenPorterModel.parameters})
        k = mf.shortest_punishment
        got = out["shortest_punishment"][j]
        assert (np.isnan(got) and k is None) or got == (np.inf if k == math.inf else k)
        assert out["cooperation_possible"][j] == mf.cooperation_possible
        for name in ("critical_discount", "optimal_value", "randomised_value",
                     "max_false_alarm", "required_cut", "hotline_share_needed"):
            v = getattr(mf, name)
            if v is None:
                assert np.isnan(out[name][j]), (name, j)
            else:
                assert out[name][j] == pytest.approx(float(v), rel=1e-11, abs=1e-12), name
        assert out["grim_value"][j] == pytest.approx(float(mf.value()), rel=1e-12)


def test_near_ties_are_decided_exactly():
    """δ exactly δ* (binary rationals): K* = ∞ (only grim), flagged degenerate; a
    ln-ratio that is an integer (δ^K = 1 - x*) is decided exactly."""
    # (5, 3, 1, 0), α = 0, β = 1: δ* = 1/2 exactly in binary
    out = GreenPorterModel.evaluate({"false_alarm": 0.0, "detection": 1.0, "discount": 0.5})
    assert out["shortest_punishment"] == np.inf and out["degenerate"]
    assert shortest_punishment(3, 5, 1, 0, 1, F(1, 2)) == math.inf
    # K* against the IC written out, δ(1 - δ^K)·2 >= (1 - δ)·2 (α = 0, β = 1, A = 2)
    for d in (0.55, 0.6, 0.75, 0.9, 0.99):
        k = int(GreenPorterModel.evaluate({"false_alarm": 0.0, "detection": 1.0,
                                           "discount": d})["shortest_punishment"])
        dd = F(d)
        assert dd * (1 - dd ** k) * 2 >= (1 - dd) * 2
        assert k == 1 or not dd * (1 - dd ** (k - 1)) * 2 >= (1 - dd) * 2


def test_guardrails_lower_the_threshold_and_shorten_punishment():
    """Lower α (β fixed): δ* falls, K* shortens (weakly), the values rise."""
    base = dict(detection=F(3, 5), discount=F(9, 10))
    alphas = [F(j, 100) for j in range(0, 21)]
    ms = [GreenPorterModel(false_alarm=a, **base) for a in alphas]
    ds = [m.critical_discount for m in ms]
    ks = [m.shortest_punishment for m in ms]
    vs = [m.optimal_value for m in ms]
    assert all(x < y for x, y in zip(ds, ds[1:]))
    assert all(x <= y for x, y in zip(ks, ks[1:]))
    assert all(x > y for x, y in zip(vs, vs[1:]))
    # the guardrail needed at α = 3/10 (no cooperation at δ = 9/10): cut to α̂ = 11/45
    m = GreenPorterModel(false_alarm=F(3, 10), **base)
    assert not m.cooperation_possible and m.max_false_alarm == F(11, 45)
    assert m.required_cut == 1 - F(11, 45) / F(3, 10)
    assert GreenPorterModel(false_alarm=F(11, 45), **base).critical_discount == F(9, 10)


def test_hotline():
    """α' = α(1 - φ), β' = 1 - (1 - α')(1 - η), η = (β - α)/(1 - α)."""
    m = GreenPorterModel(false_alarm=F(3, 10), detection=F(3, 5), explained_share=F(1, 2))
    eta = (F(3, 5) - F(3, 10)) / (1 - F(3, 10))
    assert m.effective_false_alarm == F(3, 20)
    assert m.effective_detection == 1 - (1 - F(3, 20)) * (1 - eta)
    assert GreenPorterModel().effective_detection == F(3, 5)  # φ = 0: β unchanged
    need = GreenPorterModel(false_alarm=F(3, 10), detection=F(3, 5)).hotline_share_needed
    h = GreenPorterModel(false_alarm=F(3, 10), detection=F(3, 5), explained_share=need)
    assert h.critical_discount == F(9, 10)


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize("kwargs,match", [
    ({"false_alarm": F(-1, 10)}, r"GreenPorterModel\(\): false_alarm must be >= 0; got"),
    ({"detection": F(11, 10)}, r"detection must be <= 1"),
    ({"false_alarm": F(1, 2), "detection": F(1, 2)}, r"detection must be > false_alarm"),
    ({"false_alarm": F(3, 5), "detection": F(1, 2)}, r"detection must be > false_alarm"),
    ({"discount": 1}, r"discount must be < 1; got 1"),
    ({"discount": -0.1}, r"discount must be >= 0"),
    ({"explained_share": 2}, r"explained_share must be <= 1"),
    ({"temptation": 2}, r"temptation > reward > punishment > sucker"),
    ({"reward": "3"}, r"reward must be a real number"),
    ({"discount": float("nan")}, r"discount must be finite"),
])
def test_bad_parameters(kwargs, match):
    with pytest.raises(InvalidParameterError, match=match):
        GreenPorterModel(**kwargs)


def test_evaluate_errors():
    with pytest.raises(InvalidParameterError,
                       match=r"GreenPorterModel.evaluate\(\): detection must be > false_alarm"):
        GreenPorterModel.evaluate({"false_alarm": [0.1, 0.7], "detection": 0.6})
    with pytest.raises(InvalidParameterError, match=r"evaluate\(\): discount must be < 1"):
        GreenPorterModel.evaluate({"discount": [0.5, 1.0]})
    with pytest.raises(InvalidParameterError, match=r"evaluate\(\): false_alarm must be >= 0"):
        GreenPorterModel.evaluate({"false_alarm": -0.5})
    with pytest.raises(InvalidParameterError, match=r"a prisoner's dilemma"):
        GreenPorterModel.evaluate({"temptation": [5.0, 2.0]})
    with pytest.raises(InvalidParameterError, match=r"length must be an integer >= 1"):
        GreenPorterModel().value(0)


# ------------------------------------------------------------------ floats, sweeps, figure
@pytest.mark.parametrize("scale,shift", [(1e-9, 0.0), (1e-3, 0.0), (1e6, 0.0), (1e12, 0.0),
                                         (1.0, 1e9), (1.0, -1e9), (1e3, 1e9)])
def test_evaluate_is_scale_and_shift_free(scale, shift):
    """δ*, K*, α̂ and the cuts do not depend on the payoff unit or origin; the values
    move with them."""
    pay = {n: v * scale + shift for n, v in
           (("reward", 3.0), ("sucker", 0.0), ("temptation", 5.0), ("punishment", 1.0))}
    a = np.array([0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.28])  # 0.3 is a knife edge (A = 0)
    base = GreenPorterModel.evaluate({"false_alarm": a, "detection": 0.6, "discount": 0.9})
    out = GreenPorterModel.evaluate({"false_alarm": a, "detection": 0.6, "discount": 0.9,
                                     **pay})
    np.testing.assert_array_equal(out["shortest_punishment"], base["shortest_punishment"])
    for name in ("critical_discount", "max_false_alarm", "required_cut",
                 "hotline_share_needed"):
        np.testing.assert_allclose(out[name], base[name], rtol=1e-6, equal_nan=True)
    for name in ("optimal_value", "randomised_value", "grim_value"):
        np.testing.assert_allclose((out[name] - shift) / scale, base[name], rtol=1e-6,
                                   atol=1e-6, equal_nan=True)


def test_sweep_and_figure():
    import matplotlib

    matplotlib.use("Agg")
    import xarray as xr

    from secdilemma import sweep
    from secdilemma.plotting import monitoring_panels

    ds = sweep("green_porter", {"false_alarm": [0.05, 0.1, 0.3], "discount": [0.8, 0.9]},
               fixed={"detection": 0.6})
    assert ds["shortest_punishment"].sel(discount=0.9).values.tolist()[:2] == [3.0, 4.0]
    assert bool(np.isnan(ds["shortest_punishment"].sel(false_alarm=0.3, discount=0.9)))
    with pytest.raises(InvalidParameterError, match=r"monitoring_panels\(\): ds must have"):
        monitoring_panels(xr.Dataset({"unrelated": ("x", [1.0])}))
