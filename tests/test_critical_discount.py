"""Critical discount factors (MODELS.md §5): the published closed forms, knife edges,
and agreement with brute-force one-shot-deviation checks on a grid of δ."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from secdilemma import IncompleteResultWarning, InvalidParameterError, SolverError, bimatrix
from secdilemma.games.automaton import (always_cooperate, always_defect, contrite_tit_for_tat,
                                        generous_tit_for_tat, grim_trigger,
                                        k_period_punishment, tit_for_tat,
                                        win_stay_lose_shift)
from secdilemma.solvers.repeated import (critical_discount_factor, is_nash,
                                         is_subgame_perfect)


def pd_game(T, R, P, S):
    """Symmetric PD with row payoffs [[R, S], [T, P]] (action 0 = C)."""
    return bimatrix([[R, S], [T, P]], [[R, T], [S, P]])


PD = pd_game(5, 3, 1, 0)


@st.composite
def pd_payoffs(draw):
    """Integer (T, R, P, S) with T > R > P > S."""
    values = sorted(draw(st.lists(st.integers(-6, 12), min_size=4, max_size=4, unique=True)))
    S, P, R, T = values
    return T, R, P, S


# ---------------------------------------------------------------------- MODELS.md §5 vectors
def test_grim_trigger_threshold_is_one_half_exactly():
    res = critical_discount_factor(PD, grim_trigger())
    assert res.threshold == F(1, 2) and isinstance(res.threshold, F)
    assert res.pieces == ((F(1, 2), F(1), True, False),)
    assert res.description == "[1/2, 1)" and res.exact and res.method == "exact"
    assert res.set == sympy.Interval.Ropen(sympy.Rational(1, 2), 1)
    assert res.contains(F(1, 2)) and not res.contains(F(1, 2) - F(1, 10**12))
    assert res.bounds == ((0.5, 1.0),)


def test_tft_nash_threshold_is_two_thirds():
    res = critical_discount_factor(PD, tit_for_tat(), concept="nash")
    assert res.threshold == F(2, 3) and res.description == "[2/3, 1)"


def test_tft_and_wsls_are_never_spe_in_the_5_3_1_0_game():
    for strategy in (tit_for_tat(), win_stay_lose_shift()):
        res = critical_discount_factor(PD, strategy)
        assert res.is_empty and res.threshold is None and res.description == "empty"
        assert res.set == sympy.S.EmptySet


def test_tft_knife_edge():
    """(T, R, P, S) = (4, 3, 1, 0): (T-R)/(R-S) = (P-S)/(T-P) = 1/3, so TFT is SPE at
    exactly δ = 1/3 and nowhere else."""
    res = critical_discount_factor(pd_game(4, 3, 1, 0), tit_for_tat())
    assert res.is_knife_edge and res.pieces == ((F(1, 3), F(1, 3), True, True),)
    assert res.description == "{1/3}" and res.threshold == F(1, 3)
    assert res.set == sympy.FiniteSet(sympy.Rational(1, 3))
    assert res.contains(F(1, 3)) and not res.contains(0.3333)


def test_wsls_threshold_when_2R_exceeds_T_plus_P():
    res = critical_discount_factor(pd_game(4, 3, 1, 0), win_stay_lose_shift())
    assert res.description == "[1/2, 1)"  # (T - R)/(R - P)


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_k_period_punishment_formula(k):
    """(R - P) δ (1 - δ^k)/(1 - δ) >= T - R."""
    T, R, P = 5, 3, 1
    res = critical_discount_factor(PD, k_period_punishment(k))
    d = sympy.Symbol("d")
    lhs = (R - P) * sum(d ** j for j in range(1, k + 1)) - (T - R)
    if k == 1:
        assert res.is_empty  # 2δ >= 2 never holds for δ < 1
        return
    thr = res.threshold
    assert abs(sympy.N(lhs.subs(d, thr), 50)) < 1e-40
    assert res.pieces[0][1:] == (F(1), True, False)
    for j in range(1, 100):
        x = F(j, 100)
        assert res.contains(x) == (lhs.subs(d, sympy.Rational(j, 100)) >= 0)
    if k == 2:
        assert sympy.simplify(thr - (sympy.sqrt(5) - 1) / 2) == 0


def test_always_defect_and_always_cooperate():
    assert critical_discount_factor(PD, always_defect()).description == "[0, 1)"
    assert critical_discount_factor(PD, always_cooperate()).is_empty
    assert critical_discount_factor(PD, always_cooperate(), concept="nash").is_empty


def test_asymmetric_pair_profile():
    res = critical_discount_factor(PD, (grim_trigger(), tit_for_tat()))
    for k in range(20):
        d = F(k, 20)
        assert res.contains(d) == bool(
            is_subgame_perfect(PD, (grim_trigger(), tit_for_tat()), d))


# ---------------------------------------------------------------------- closed forms, random PDs
@given(pd_payoffs())
@settings(max_examples=20)
def test_closed_forms_on_random_pds(payoffs):
    T, R, P, S = payoffs
    game = pd_game(T, R, P, S)
    grim = critical_discount_factor(game, grim_trigger())
    assert grim.pieces == ((F(T - R, T - P), F(1), True, False),)
    tft_nash = critical_discount_factor(game, tit_for_tat(), concept="nash")
    thr = max(F(T - R, T - P), F(T - R, R - S))
    assert tft_nash.pieces == (((thr, F(1), True, False),) if thr < 1 else ())
    wsls = critical_discount_factor(game, win_stay_lose_shift())
    if 2 * R > T + P:
        assert wsls.pieces == ((F(T - R, R - P), F(1), True, False),)
    else:
        assert wsls.is_empty
    tft = critical_discount_factor(game, tit_for_tat())
    c1, c2 = F(T - R, R - S), F(P - S, T - P)
    assert tft.pieces == (((c1, c1, True, True),) if c1 == c2 and c1 < 1 else ())


STRATEGIES = [grim_trigger(), tit_for_tat(), win_stay_lose_shift(), contrite_tit_for_tat(),
              k_period_punishment(2), generous_tit_for_tat(F(1, 4)), always_defect()]


@given(pd_payoffs(), st.sampled_from(STRATEGIES), st.sampled_from(["spe", "nash"]),
       st.sampled_from([F(0), F(1, 10)]))
@settings(max_examples=15)
def test_critical_set_agrees_with_brute_force_on_a_grid(payoffs, strategy, concept, eps):
    game = pd_game(*payoffs)
    res = critical_discount_factor(game, strategy, concept=concept, noise=eps)
    check = is_subgame_perfect if concept == "spe" else is_nash
    for k in range(0, 20):
        d = F(k, 20)
        assert res.contains(d) == bool(check(game, (strategy, strategy), d, noise=eps)), d


# ---------------------------------------------------------------------- noise
def test_noise_raises_the_grim_threshold():
    plain = critical_discount_factor(PD, grim_trigger()).threshold
    noisy = critical_discount_factor(PD, grim_trigger(), noise=F(1, 20))
    assert noisy.threshold > plain
    assert bool(is_subgame_perfect(PD, (grim_trigger(),) * 2, noisy.threshold,
                                   noise=F(1, 20)))


# ---------------------------------------------------------------------- bracketing
def test_float_payoffs_are_served_exactly():
    """Floats are binary rationals: the default reads them exactly, so float and exact
    payoffs give the same certified sets."""
    game = bimatrix([[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]])
    grim = critical_discount_factor(game, grim_trigger())
    assert grim.method == "exact" and grim.exact and grim.complete
    assert grim.threshold == F(1, 2) and grim.pieces[0][1:] == (F(1), True, False)
    assert grim.parameters["inputs"].startswith("float")
    nash = critical_discount_factor(game, tit_for_tat(), concept="nash")
    assert nash.threshold == F(2, 3)
    assert critical_discount_factor(game, tit_for_tat()).is_empty


def test_bracketing_is_flagged():
    game = bimatrix([[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]])
    with pytest.warns(IncompleteResultWarning, match="not certified"):
        grim = critical_discount_factor(game, grim_trigger(), exact=False)
    assert grim.method == "bracketing" and not grim.exact and not grim.complete
    assert grim.warnings and "not certified" in grim.warnings[0]
    assert grim.threshold == pytest.approx(0.5, abs=1e-8)
    assert grim.pieces[0][1:] == (1.0, True, False)
    with pytest.warns(IncompleteResultWarning):
        nash = critical_discount_factor(game, tit_for_tat(), concept="nash", grid=100,
                                        exact=False)
    assert nash.threshold == pytest.approx(2 / 3, abs=1e-8)
    # exact=False forces bracketing on exact payoffs too
    with pytest.warns(IncompleteResultWarning):
        assert critical_discount_factor(PD, grim_trigger(), exact=False).method == "bracketing"


# ---------------------------------------------------------------------- errors
def test_errors():
    with pytest.raises(InvalidParameterError,
                       match=r"^critical_discount_factor\(\): concept must be one of 'spe', "
                             r"'nash'; got 'ess'"):
        critical_discount_factor(PD, grim_trigger(), concept="ess")
    with pytest.raises(InvalidParameterError, match="exact must be True, False or None"):
        critical_discount_factor(PD, grim_trigger(), exact="yes")
    with pytest.raises(InvalidParameterError, match="grid must be an integer >= 10; got 3"):
        critical_discount_factor(PD, grim_trigger(), grid=3)
    with pytest.raises(InvalidParameterError, match="profile must be an Automaton or a pair"):
        critical_discount_factor(PD, "grim")
    with pytest.raises(InvalidParameterError, match="noise must be <= 0.5"):
        critical_discount_factor(PD, grim_trigger(), noise=F(3, 4))
    with pytest.raises(SolverError, match=r"2\*\*13 deviation policies"):
        critical_discount_factor(PD, k_period_punishment(12), concept="nash")


def test_bounded_interval_against_a_fine_grid():
    """A hand-made 2-state automaton (found by random search) that is SPE only for
    δ in [1/2, 4/5]: the set need not reach 1."""
    from secdilemma.games.automaton import Automaton

    game = pd_game(6, 5, 4, 0)
    odd = Automaton([1, 0], [[[0, 1], [1, 0]], [[1, 0], [0, 1]]])
    res = critical_discount_factor(game, odd)
    assert res.pieces == ((F(1, 2), F(4, 5), True, True),)
    assert critical_discount_factor(game, odd, concept="nash").description == "[0, 4/5]"
    for k in range(0, 200, 3):
        d = F(k, 200)
        assert res.contains(d) == bool(is_subgame_perfect(game, (odd, odd), d))
    with pytest.warns(IncompleteResultWarning):
        approx = critical_discount_factor(game, odd, exact=False)
    assert approx.bounds[0] == pytest.approx((0.5, 0.8), abs=1e-8)


def test_union_with_an_isolated_point():
    """Nash set {0} ∪ [1/3, 1) of a 2-state automaton that opens with D (found by random
    search); at δ = 0 only the first round counts and (D, D) is a stage equilibrium."""
    from secdilemma.games.automaton import Automaton

    game = pd_game(3, 2, -1, -2)
    odd = Automaton([1, 0], [[[0, 1], [0, 1]], [[1, 0], [1, 0]]])
    res = critical_discount_factor(game, odd, concept="nash")
    assert res.pieces == ((F(0), F(0), True, True), (F(1, 3), F(1), True, False))
    assert res.description == "{0} ∪ [1/3, 1)" and res.threshold == 0
    assert res.set == sympy.Union(sympy.FiniteSet(0), sympy.Interval.Ropen(sympy.Rational(1, 3), 1))
    for k in range(0, 300, 7):
        d = F(k, 300)
        assert res.contains(d) == bool(is_nash(game, (odd, odd), d))
