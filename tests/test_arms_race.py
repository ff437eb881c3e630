"""Baliga & Sjöström (2004) arms race: MODELS.md §4 numbers, contagion, equilibrium checks
by numerical integration (independent of the cutoff solver)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats

from secdilemma.errors import InvalidParameterError
from secdilemma.models.arms_race import ArmsRaceModel


def expected_payoffs(model, h, cutoff):
    """(E[H], E[D]) of type h when the other arms iff h' >= cutoff, by integrating the
    stage payoffs against the density of F (not its cdf, not the solver)."""
    dist = model.hostility
    a, b = dist.support()
    (hh, hd), (dh, dd) = model.stage_payoffs(h)

    def integral(fn, lo, hi):
        lo, hi = max(lo, a), min(hi, b)
        if lo >= hi:
            return 0.0
        return integrate.quad(lambda t: fn * dist.pdf(t), lo, hi, limit=200)[0]

    p_arm = integral(1.0, cutoff, np.inf)
    p_not = integral(1.0, -np.inf, cutoff)
    return hh * p_arm + hd * p_not, dh * p_arm + dd * p_not


def check_is_equilibrium(model, res, delta=1e-3):
    a, b = model.support
    for c, kind in zip(res.cutoffs, res.kinds):
        if kind == "interior":
            eh, ed = expected_payoffs(model, c, c)
            assert abs(eh - ed) < 1e-7
        for h in (c - delta, c + delta):
            if a < h < b:
                eh, ed = expected_payoffs(model, h, c)
                assert (eh > ed) if h > c else (eh < ed), (c, h, eh, ed)


def test_models_md_example():
    model = ArmsRaceModel(arming_cost=1, exploitation_loss=3, hostility=stats.uniform(-3, 4))
    res = model.equilibria()
    np.testing.assert_allclose(res.cutoffs, [-1.0], atol=1e-10)
    np.testing.assert_allclose(res.probability_action1, [0.5], atol=1e-10)
    assert res.unique and res.stable.tolist() == [True]
    np.testing.assert_allclose(res.slopes, [0.5], atol=1e-6)  # BR' = Δ f = 2 / 4
    assert float(model.probability_of_arming(-1.0)) == 0.5
    assert float(model.probability_of_arms_race(-1.0)) == 0.25
    assert model.complementarity == 2.0
    check_is_equilibrium(model, res)


def test_contagion_iterates_match_closed_form():
    model = ArmsRaceModel(1, 3, hostility=stats.uniform(-3, 4))
    top, bottom = model.contagion_iterates()
    for seq, start in ((top, -3.0), (bottom, 1.0)):
        h, expect = start, [start]
        for _ in range(len(seq) - 1):
            h = float(np.clip(-2.0 * (1 - (h + 3) / 4), -3, 1))
            expect.append(h)
        np.testing.assert_allclose(seq, expect, atol=1e-9)
    assert bottom[:4].tolist() == pytest.approx([1.0, 0.0, -0.5, -0.75])
    assert abs(top[-1] + 1) < 1e-5 and abs(bottom[-1] + 1) < 1e-5


def test_multiple_equilibria_narrow_uniform():
    model = ArmsRaceModel(1, 3, hostility=stats.uniform(-1.5, 1))
    res = model.equilibria()
    np.testing.assert_allclose(res.cutoffs, [-1.5, -1.0, -0.5], atol=1e-10)
    assert res.kinds == ("all_action1", "interior", "no_action1")
    assert res.probability_action1.tolist() == pytest.approx([1.0, 0.5, 0.0])
    assert res.stable.tolist() == [True, False, True]
    assert not res.unique and (res.lower_bound, res.upper_bound) == (-1.5, -0.5)
    check_is_equilibrium(model, res)


def test_multiple_equilibria_narrow_normal_with_tail_roots():
    model = ArmsRaceModel(1, 3, hostility=stats.norm(-1, 0.1))
    res = model.equilibria()
    assert res.num_equilibria == 3 and not res.unique
    np.testing.assert_allclose(res.cutoffs, [-2.0, -1.0, 0.0], atol=1e-6)
    for c in res.cutoffs:  # h* = -Δ (1 - F(h*))
        assert abs(c + 2 * (1 - model.hostility.cdf(c))) < 1e-9
    check_is_equilibrium(model, res)


def test_contagion_makes_everyone_arm():
    # Dominant hawks above h̄ = 0; Δ = 4 is large relative to the spread of U[-1, 1].
    model = ArmsRaceModel(arming_cost=1, exploitation_loss=5, hostility=stats.uniform(-1, 2))
    assert model.dominant_hawk_threshold == 0.0
    res = model.equilibria()
    assert res.unique and res.num_equilibria == 1 and res.kinds == ("all_action1",)
    assert res.probability_action1.tolist() == [1.0]
    assert float(model.probability_of_arms_race(res.cutoffs[0])) == 1.0
    assert res.iterates_from_bottom.tolist() == [1.0, 0.0, -1.0]
    check_is_equilibrium(model, res)


def test_unbounded_hostility_large_complementarity():
    model = ArmsRaceModel(1, 11, hostility=stats.norm(0, 1))
    res = model.equilibria()
    assert res.unique
    np.testing.assert_allclose(res.cutoffs, [-10.0], atol=1e-8)
    assert res.probability_action1[0] == pytest.approx(1.0)


@pytest.mark.parametrize("d", [1.5, 2.0, 3.0, 4.0, 6.0])
@pytest.mark.parametrize("dist", [stats.uniform(-3, 4), stats.norm(-0.5, 0.3),
                                  stats.norm(-1, 1)])
def test_bounds_meet_iff_unique_and_all_are_equilibria(d, dist):
    model = ArmsRaceModel(1, d, hostility=dist)
    res = model.equilibria()
    assert res.unique == (res.num_equilibria == 1)
    assert res.lower_bound == res.cutoffs[0] and res.upper_bound == res.cutoffs[-1]
    check_is_equilibrium(model, res)


def test_to_game_and_evaluate():
    model = ArmsRaceModel(1, 3)
    game = model.to_game(types=3)
    assert game.num_types == (3, 3)
    np.testing.assert_allclose(game.payoffs[0][0, 0], model.stage_payoffs(-3 + 4 / 6))
    out = ArmsRaceModel.evaluate({"arming_cost": [1.0, 1.0, 1.0],
                                  "exploitation_loss": [3.0, 5.0, 3.0]})
    assert out["num_equilibria"].tolist() == [1, 1, 1]
    assert out["max_arms_race_probability"].tolist() == pytest.approx([0.25, 1.0, 0.25])


@pytest.mark.parametrize("kwargs, match", [
    (dict(arming_cost=-1), "arming_cost must be >= 0"),
    (dict(exploitation_loss=0), "exploitation_loss must be > 0"),
    (dict(exploitation_loss=-2), "exploitation_loss must be > 0"),
    (dict(hostility=stats.poisson(2)), "discrete"),
    (dict(hostility=0.3), "frozen continuous"),
    (dict(arming_cost="1"), "real number"),
])
def test_bad_parameters(kwargs, match):
    args = dict(arming_cost=1, exploitation_loss=3)
    args.update(kwargs)
    with pytest.raises(InvalidParameterError, match=match):
        ArmsRaceModel(**args)
    with pytest.raises(InvalidParameterError, match="types must be"):
        ArmsRaceModel().to_game(types=0)


# (c, d, a, width) with hostility U[a, a + width]: generic points, the corner tie
# a + Δ = 0 (Δ = d − c = 2, a = −2: exact in binary), and points a relative 1e-10 off it.
_SCALE_POINTS = [(1.0, 3.0, -1.5, 1.0), (1.0, 3.0, -3.0, 4.0), (1.0, 3.0, -2.0, 1.0),
                 (1.0, 3.0, -2.0 * (1 + 1e-10), 1.0), (1.0, 3.0, -2.0 * (1 - 1e-10), 1.0),
                 (1.0, 3.0, -2.2, 1.5), (0.5, 1.0, -1.0, 3.0), (1.0, 5.0, -4.0, 4.5)]


def _arms_signature(point, k):
    c, d, a, w = point
    res = ArmsRaceModel(c * k, d * k, hostility=stats.uniform(a * k, w * k)).equilibria()
    return ((res.num_equilibria, res.unique, res.kinds, res.stable.tolist(), res.converged),
            np.array([res.lower_bound, res.upper_bound, *res.cutoffs]) / k)


def _assert_same_as_unit_scale(point, k):
    ref, ref_x = _arms_signature(point, 1.0)
    got, got_x = _arms_signature(point, k)
    assert got == ref, k
    np.testing.assert_allclose(got_x, ref_x, rtol=2e-9, atol=1e-12)


@pytest.mark.parametrize("k", [1e-3, 1e6, 1e12])
@pytest.mark.parametrize("point", _SCALE_POINTS)
def test_equilibria_are_scale_free(point, k):
    """c, d and the hostility types multiplied by k: every cutoff is multiplied by k and
    nothing else changes (equilibria, kinds, stability, the contagion verdict). With an
    absolute cutoff tolerance 1e-10, k = 1e6 found a third equilibrium a relative 1e-10
    from the corner tie a + Δ = 0 (point 4). No shift: adding a constant to every payoff
    is not a change of c, d and the types (the payoff 0 of (D, D) is fixed)."""
    _assert_same_as_unit_scale(point, k)


@pytest.mark.parametrize("point", _SCALE_POINTS[:3])
def test_equilibria_at_payoff_scale_1e_minus_9(point):
    """(The cutoff solver's tolerances had absolute floors that swallowed every gain
    at this scale.)"""
    _assert_same_as_unit_scale(point, 1e-9)
