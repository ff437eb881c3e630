"""The exact set of noise levels at a fixed discount factor (critical_noise) and the
certified SanctionSpiralModel.noise_tolerance: against derivations written out here and
against the exact equilibrium checks at rational noise levels on both sides of ε̄."""

from __future__ import annotations

import math
import re
import warnings
from fractions import Fraction as F

import pytest
import sympy

from secdilemma import bimatrix
from secdilemma.errors import IncompleteResultWarning, InvalidParameterError, SolverError
from secdilemma.games import automaton as au
from secdilemma.models.sanction_spiral import STRATEGIES, SanctionSpiralModel
from secdilemma.solvers.repeated import (certified_float, critical_discount_factor,
                                         critical_noise, is_nash, is_subgame_perfect)

PD = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
EPS = sympy.Symbol("e")


def _grim_condition(d, t=5, r=3, p=1, s=0):
    """Grim trigger against itself with noise e, by hand: a polynomial f(e) with
    "SPE at δ = d iff f(e) >= 0".

    Both automata move to the punishment state after any realised D, so the joint state
    is (C, C) or (D, D). (D, D) is absorbing with stage best reply D: no deviation gains
    there. In (C, C): q = (1 - e)^2 keeps cooperation after intended (C, C), m = e(1 - e)
    after the deviation (D, C); u_xy is the expected stage payoff of the intended profile
    xy; V_C - V_D = (1 - d)(u_cc - u_dd)/(1 - d q). No profitable one-shot deviation iff
    (1 - d)(u_cc - u_dc) + d (q - m)(V_C - V_D) >= 0, i.e., times (1 - d q)/(1 - d) > 0,
    f(e) = (u_cc - u_dc)(1 - d q) + d (q - m)(u_cc - u_dd) >= 0.
    """
    e = EPS
    q, m = (1 - e) ** 2, e * (1 - e)
    u_cc = q * r + m * (s + t) + e ** 2 * p
    u_dc = q * t + m * (r + p) + e ** 2 * s
    u_dd = q * p + m * (s + t) + e ** 2 * r
    return sympy.Poly(sympy.expand((u_cc - u_dc) * (1 - d * q) + d * (q - m) * (u_cc - u_dd)),
                      e)


@pytest.mark.parametrize("d", [F(7, 10), F(9, 10), F(19, 20)])
def test_grim_trigger_tolerance_is_the_first_root_of_the_hand_derived_condition(d):
    f = _grim_condition(d)
    assert f.eval(0) > 0                               # SPE without noise at these δ
    roots = [x for x in sympy.real_roots(f) if 0 < x < sympy.Rational(1, 2)]
    by_hand = min(roots, key=lambda x: float(x))
    res = critical_noise(PD, au.grim_trigger(), discount=d)
    assert res.complete and res.method == "exact"
    tol = res.tolerance
    # the same algebraic number: its minimal polynomial divides f, same isolating float
    mp = sympy.Poly(sympy.minimal_polynomial(tol, EPS), EPS)
    assert f.rem(mp).is_zero
    assert certified_float(tol) == certified_float(by_hand)
    # the hand condition holds on [0, ε̄] and fails just above; the solver says the same
    lo = F(certified_float(tol)) - F(1, 10 ** 12)
    hi = F(certified_float(tol)) + F(1, 10 ** 12)
    assert f.eval(sympy.Rational(lo.numerator, lo.denominator)) > 0
    assert f.eval(sympy.Rational(hi.numerator, hi.denominator)) < 0
    assert res.contains(lo) and not res.contains(hi)
    # the set is [0, ε̄], closed at ε̄
    assert res.pieces[0][:3] == (0, tol, True) and res.pieces[0][3] is True


def test_rational_tolerance_is_exact_and_the_set_is_closed_there():
    # (R, S, T, P) = (2, 0, 3, 1), δ = 4/5, grim trigger: the hand condition factors,
    # f(e) = (1 - 2e)(6e - 1)(...) with ε̄ = 1/6
    d = F(4, 5)
    f = _grim_condition(d, t=3, r=2, p=1, s=0)
    assert f.eval(sympy.Rational(1, 6)) == 0
    m = SanctionSpiralModel(discount=d, reward=2, sucker=0, temptation=3, punishment=1)
    assert m.noise_tolerance("grim") == F(1, 6)
    assert m.noise_set("grim").description == "[0, 1/6]"
    game, g = m.to_game(), m.strategy("grim")
    # the profile is an equilibrium at ε̄ itself (closed), not just above it
    assert is_subgame_perfect(game, (g, g), d, noise=F(1, 6))
    assert not is_subgame_perfect(game, (g, g), d, noise=F(1, 6) + F(1, 10 ** 9))
    # contrite TFT at δ = 7/10: ε̄ = 1/7, also closed
    m = SanctionSpiralModel(discount=F(7, 10), reward=2, sucker=0, temptation=3, punishment=1)
    assert m.noise_tolerance("ctft") == F(1, 7)
    c = m.strategy("ctft")
    assert is_subgame_perfect(m.to_game(), (c, c), F(7, 10), noise=F(1, 7))
    assert not is_subgame_perfect(m.to_game(), (c, c), F(7, 10), noise=F(1, 7) + F(1, 10 ** 9))


@pytest.mark.parametrize("strategy", ["ctft", "grim"])
@pytest.mark.parametrize("concept", ["spe", "nash"])
def test_both_sides_of_the_tolerance_against_the_exact_checks(strategy, concept):
    d = F(9, 10)
    m = SanctionSpiralModel(discount=d)
    tol = m.noise_tolerance(strategy, concept=concept)
    assert isinstance(tol, float)                     # irrational here: a certified float
    check = is_subgame_perfect if concept == "spe" else is_nash
    game, a = m.to_game(), m.strategy(strategy)
    for inside, outside in ((F(tol) - F(1, 10 ** 12), F(tol) + F(1, 10 ** 12)),
                            (F(tol) * F(999, 1000), F(tol) * F(1001, 1000))):
        ok = check(game, (a, a), d, noise=inside)
        bad = check(game, (a, a), d, noise=outside)
        assert ok.exact and bad.exact
        assert ok.is_equilibrium and not bad.is_equilibrium
        # the critical discount sets at those noise levels contain δ = 9/10 or not
        assert critical_discount_factor(game, a, noise=inside, concept=concept).contains(d)
        assert not critical_discount_factor(game, a, noise=outside,
                                            concept=concept).contains(d)
    # and everywhere on a rational grid of [0, ε̄)
    for k in range(8):
        assert check(game, (a, a), d, noise=F(tol) * F(k, 8))


def test_float_parameters_are_read_exactly():
    m = SanctionSpiralModel(discount=0.9)
    tol = m.noise_tolerance("ctft")
    assert isinstance(tol, float)
    # 0.9 stores a binary rational slightly above 9/10: ε̄ slightly larger than at 9/10
    exact = SanctionSpiralModel(discount=F(9, 10)).noise_tolerance("ctft")
    assert tol == pytest.approx(exact, rel=1e-14)
    game, a = m.to_game(), m.strategy("ctft")
    assert is_subgame_perfect(game, (a, a), F(0.9), noise=F(tol) - F(1, 10 ** 13))
    assert not is_subgame_perfect(game, (a, a), F(0.9), noise=F(tol) + F(1, 10 ** 13))


@pytest.mark.parametrize("scale, shift", [(1e-9, 0.0), (1e12, 0.0), (1.0, 1e9),
                                          (1.0, -1e9), (1e6, 1e9)])
def test_scale_and_shift_invariance(scale, shift):
    base = SanctionSpiralModel(discount=F(9, 10)).noise_tolerance("ctft")
    kw = {k: v * scale + shift for k, v in
          dict(reward=3, sucker=0, temptation=5, punishment=1).items()}
    got = SanctionSpiralModel(discount=F(9, 10), **kw).noise_tolerance("ctft")
    assert got == pytest.approx(base, rel=1e-12)


def _tft_knife_edge(d, t, r, p, s):
    """TFT against TFT is Nash at a noise level e in (0, 1/2) iff both actions are
    optimal in both states of the deviator's MDP, by hand.

    Against TFT the deviator's state is his own last realised action. Intending a in a
    state where the opponent realises C with probability π, his realised action is a with
    probability 1 - e, so
    Q(C) - Q(D) = (1 - 2e) {(1 - δ)[π (R - T) + (1 - π)(S - P)] + δ (W(C) - W(D))}.
    TFT plays both actions in both states with positive probability (it copies the
    opponent's realised action), and π = 1 - e or e in the two states: indifference in
    both needs R - T = S - P, and then W(C) - W(D) = (1 - δ)(1 - 2e)(R - S) (play C in
    both states) gives δ (1 - 2e)(R - S) = T - R: e* = (1 - (T - R)/(δ (R - S)))/2.
    """
    if t - r != p - s:
        return None
    e = (1 - F(t - r) / (d * (r - s))) / 2
    return e if 0 < e < F(1, 2) else None


def test_tft_nash_set_is_not_an_interval():
    d = F(9, 10)
    m = SanctionSpiralModel(discount=d, reward=2, sucker=0, temptation=3, punishment=1)
    star = _tft_knife_edge(d, 3, 2, 1, 0)
    assert star == F(2, 9)
    res = m.noise_set("tft", concept="nash")
    assert res.pieces == ((0, 0, True, True), (star, star, True, True))
    assert m.noise_tolerance("tft", concept="nash") == 0
    game, a = m.to_game(), m.strategy("tft")
    assert is_nash(game, (a, a), d, noise=star)
    for e in (F(1, 10 ** 9), star - F(1, 10 ** 9), star + F(1, 10 ** 9), F(1, 4)):
        assert not is_nash(game, (a, a), d, noise=e)
    # with T - R != P - S there is no knife-edge: {0}
    assert _tft_knife_edge(d, 5, 3, 1, 0) is None
    assert SanctionSpiralModel(discount=d).noise_set("tft", concept="nash").description == "{0}"


def test_search_for_non_interval_sets_over_the_models_strategies():
    """Every strategy the model offers, both concepts, a grid of δ and payoffs: the only
    sets that are not intervals are tit-for-tat's Nash sets {0} ∪ {e*} of the hand
    derivation above. (A wider search, 1800 profiles — (R, S, T, P) in {(3, 0, 5, 1),
    (3, 0, 4, 1), (3, 0, 10, 1), (2, 0, 3, 1), (5, 0, 6, 1), (10, 0, 11, 9),
    (3, -5, 4, 2), (3, 0, 4, 2), (4, 0, 5, 3)}, δ = 1/20, ..., 19/20 and 99/100, five
    strategies, two concepts — found 40 such sets, all of this form, and no set with a
    failing sub-interval between two pieces of positive length.)"""
    pays = [(3, 0, 5, 1), (2, 0, 3, 1), (4, 0, 5, 3)]
    seen = 0
    for r, s, t, p in pays:
        for d in (F(3, 5), F(4, 5), F(19, 20)):
            m = SanctionSpiralModel(discount=d, reward=r, sucker=s, temptation=t,
                                    punishment=p)
            for name in STRATEGIES:
                for concept in ("spe", "nash"):
                    res = m.noise_set(name, concept=concept)
                    star = _tft_knife_edge(d, t, r, p, s) if (name, concept) == (
                        "tft", "nash") else None
                    if len(res.pieces) > 1:
                        seen += 1
                        assert star is not None
                        assert res.pieces[-1] == (star, star, True, True)
                    else:
                        assert star is None or res.pieces[0][0] == star
    assert seen == 3          # (2, 0, 3, 1) at the three δ


def test_never_failing_below_one_half():
    # always defect is an SPE at every noise: the tolerance is 1/2 (the supremum)
    res = critical_noise(PD, au.always_defect(), discount=F(9, 10))
    assert res.description == "[0, 1/2)"
    assert res.tolerance == F(1, 2)
    # every deviation gain vanishes at e = 1/2 (actions uniformly random)
    g = au.grim_trigger()
    assert is_subgame_perfect(PD, (g, g), F(9, 10), noise=F(1, 2))


def test_not_an_equilibrium_without_noise():
    assert SanctionSpiralModel(discount=F(1, 2)).noise_tolerance("ctft") is None
    assert critical_noise(PD, au.tit_for_tat(), discount=F(9, 10)).is_empty


def test_grid_method_warns_and_is_close():
    m = SanctionSpiralModel(discount=F(9, 10))
    with pytest.warns(IncompleteResultWarning, match="not certified"):
        old = m.noise_tolerance("ctft", method="grid")
    assert old == pytest.approx(m.noise_tolerance("ctft"), abs=1e-6)
    # exact method: no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m.noise_tolerance("grim")


def test_time_budget():
    with pytest.raises(SolverError, match=r"critical_noise\(\): .*timeout=0 s"):
        critical_noise(PD, au.contrite_tit_for_tat(), discount=F(9, 10), timeout=0)


@pytest.mark.parametrize("call, message", [
    (lambda: SanctionSpiralModel().noise_tolerance("ctft", method="bisect"),
     "SanctionSpiralModel.noise_tolerance(): method must be one of"),
    (lambda: SanctionSpiralModel().noise_tolerance("ctft", concept="ppe"),
     "SanctionSpiralModel.noise_tolerance(): concept must be one of"),
    (lambda: critical_noise(PD, au.grim_trigger(), discount=1),
     "critical_noise(): discount must be"),
    (lambda: critical_noise(PD, au.grim_trigger(), discount=F(1, 2), timeout=-1),
     "critical_noise(): timeout must be"),
    (lambda: critical_noise(PD, au.grim_trigger(), discount=F(1, 2)).contains("1/3"),
     "NoiseSetResult.contains(): noise must"),
])
def test_bad_input(call, message):
    with pytest.raises(InvalidParameterError, match="^" + re.escape(message)):
        call()


def test_certified_float_is_within_one_ulp():
    for x in (sympy.sqrt(2) / 3, sympy.CRootOf(sympy.Poly([9, -72, 89, -16], EPS), 0)):
        c = certified_float(x)
        assert abs(sympy.Rational(F(c).numerator, F(c).denominator) - x).evalf(50) \
            <= math.ulp(c)
    assert certified_float(F(1, 3)) == 1 / 3


def test_irrational_end_is_described_in_eps_with_its_value():
    """Grim trigger in the PD (3, 0, 5, 1) at δ = 9/10: the noise tolerance is the root
    in (0, 1/2) of 9ε³ − 72ε² + 89ε − 16 (the test above certifies its float); the
    description names the variable ε (not sympy's x), gives an interval that holds that
    root alone, and the value."""
    res = critical_noise(PD, au.grim_trigger(), discount=F(9, 10))
    value = certified_float(res.tolerance)
    assert res.description == (f"[0, root of 9ε^3 − 72ε^2 + 89ε − 16 in (0.2167, 0.2168) "
                               f"≈ {value!r}]")
    assert 0.2167 < value < 0.2168 and "CRootOf" not in str(res) and "x" not in str(res)
    poly = sympy.Poly([9, -72, 89, -16], EPS)
    assert poly.count_roots(sympy.Rational(2167, 10000), sympy.Rational(2168, 10000)) == 1


def test_root_description_names_the_variable_and_isolates_the_root():
    """sqrt(2) and -sqrt(2) are the roots of x^2 − 2: each is described by an interval
    that holds it alone; the variable is the one asked for (δ for the discount sets)."""
    from secdilemma.solvers.repeated import _root_text

    x = sympy.Symbol("x")
    assert _root_text(sympy.CRootOf(x ** 2 - 2, 1), "δ") == \
        f"root of δ^2 − 2 in (1.4142, 1.4143) ≈ {2 ** 0.5!r}"
    assert _root_text(sympy.CRootOf(x ** 2 - 2, 0), "ε") == \
        f"root of ε^2 − 2 in (-1.4143, -1.4142) ≈ {-(2 ** 0.5)!r}"
    # (x − 0.50005)^2 = 2·10^-12: two roots 2.8e-6 apart, in one 4-decimal interval, so
    # each gets a finer one (5 decimals)
    m = sympy.Rational(50005, 10 ** 5)
    p = sympy.Poly((x - m) ** 2 - sympy.Rational(2, 10 ** 12), x)
    lo, hi = (_root_text(sympy.CRootOf(p, i), "ε") for i in (0, 1))
    assert " in (0.50004, 0.50005) ≈ 0.50004858578" in lo
    assert " in (0.50005, 0.50006) ≈ 0.50005141421" in hi
