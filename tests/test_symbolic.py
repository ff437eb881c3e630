"""The sympy closed forms equal the numeric model code at random points."""

import numpy as np
import pytest
import sympy as sp

from secdilemma import InvalidParameterError
from secdilemma.models import REGIMES, OffenseDefenseModel, StageGameModel, classify_regimes
from secdilemma.models.symbolic import (offense_defense_boundaries, offense_defense_payoffs,
                                        offense_defense_symbols,
                                        offense_defense_trust_threshold, regime_conditions,
                                        trust_threshold_expr)
from secdilemma.symbolic import lambdify_expr, stage_symbols

RNG_SEED = 20240601


def test_trust_threshold_example_exact():
    R, S, T, P = stage_symbols()
    assert trust_threshold_expr().subs({R: 4, S: 1, T: 3, P: 2}) == sp.Rational(1, 2)


def test_trust_threshold_expr_matches_model():
    f = lambdify_expr(trust_threshold_expr(), ["R", "S", "T", "P"])
    rng = np.random.default_rng(RNG_SEED)
    R, S, T, P = rng.normal(size=(4, 200))
    values = f(R, S, T, P)
    for i in range(0, 200, 10):
        assert values[i] == pytest.approx(StageGameModel(R[i], S[i], T[i], P[i]).trust_threshold)


def test_offense_defense_payoffs_match_model():
    theta, V, k, g, L = offense_defense_symbols()
    od = offense_defense_payoffs()
    fs = {key: lambdify_expr(expr, [theta, V, k, g, L]) for key, expr in od.items()}
    rng = np.random.default_rng(RNG_SEED + 1)
    n = 100
    args = (rng.uniform(0, 1, n), rng.normal(size=n), rng.uniform(0.1, 2, n),
            rng.uniform(0.1, 2, n), rng.uniform(0.1, 2, n))
    R, S, T, P = OffenseDefenseModel.stage_payoffs_batch(
        **dict(zip(OffenseDefenseModel.parameters, args)))
    for key, arr in zip("RSTP", (R, S, T, P)):
        assert np.allclose(np.broadcast_to(fs[key](*args), (n,)), arr)


def test_offense_defense_trust_threshold_closed_form():
    theta, V, k, g, L = offense_defense_symbols()
    expr = offense_defense_trust_threshold()
    assert sp.simplify(expr - (L * theta - k) / ((L - g) * theta)) == 0
    assert expr.subs({theta: sp.Rational(2, 5), k: 1, g: 2, L: 4}) == sp.Rational(3, 4)
    f = lambdify_expr(expr, [theta, V, k, g, L])
    rng = np.random.default_rng(RNG_SEED + 2)
    for _ in range(50):
        args = (rng.uniform(0.01, 1), rng.normal(), rng.uniform(0.1, 2), rng.uniform(0.1, 2),
                rng.uniform(0.1, 2))
        model = OffenseDefenseModel(*args)
        assert f(*args) == pytest.approx(model.trust_threshold, rel=1e-9)


def test_boundaries_match_model():
    theta, V, k, g, L = offense_defense_symbols()
    b = offense_defense_boundaries()
    assert sp.simplify(b["exploitation"] - k / g) == 0
    assert sp.simplify(b["vulnerability"] - k / L) == 0
    model = OffenseDefenseModel(0.4, 10, 1, 2, 4)
    assert float(b["exploitation"].subs({k: 1, g: 2})) == model.boundaries()["exploitation"]


def test_regime_conditions_match_classifier():
    R, S, T, P = stage_symbols()
    conds = regime_conditions()
    rng = np.random.default_rng(RNG_SEED + 3)
    points = rng.integers(0, 4, size=(150, 4))
    for r, s, t, p in points:
        code = classify_regimes(r, s, t, p)
        truth = [name for name, c in conds.items()
                 if bool(c.subs({R: int(r), S: int(s), T: int(t), P: int(p)}))]
        assert truth == ([] if REGIMES[code] == "other" else [REGIMES[code]])


def test_lambdify_unknown_name():
    with pytest.raises(InvalidParameterError,
                       match=r"lambdify_expr\(\): params must name free symbols .*got 'X'"):
        lambdify_expr(trust_threshold_expr(), ["R", "S", "T", "X"])
