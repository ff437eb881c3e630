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


# ---------------------------------------------------------------------- float inputs (issue 12)
def wsls_gain_at_cc(T, R, P, delta):
    """One-shot deviation gain of win-stay lose-shift at the cooperative state.

    WSLS repeats its action after R or T and switches after S or P, so the pair's joint
    states are (C, C) and (D, D) only ((C, D) and (D, C) both lead to (D, D), and
    (D, D) leads back to (C, C)). At (C, C), conforming gives R forever. Defecting once
    gives T, the deviator (who won) stays at D and the victim (who lost) switches to D:
    (D, D) once, then both switch back to (C, C). Normalised value of the deviation:
    (1-δ)T + δ(1-δ)P + δ²R, so the gain is
        (1-δ)T + δ(1-δ)P + δ²R - R = (1-δ)[(T - R) - δ(R - P)].
    At (D, D) deviating to C gives (1-δ)(S - (1-δ)P - δR) < 0. WSLS is therefore SPE
    iff δ >= (T - R)/(R - P); in the PD (5, 3, 1, 0) the gain is 2(1-δ)² > 0 for every
    δ < 1: the set is empty (Nowak and Sigmund 1993 require 2R > T + P).
    """
    return (1 - delta) * ((T - R) - delta * (R - P))


def test_wsls_float_pd_is_never_spe():
    game = pd_game(5.0, 3.0, 1.0, 0.0)
    res = critical_discount_factor(game, win_stay_lose_shift())
    # issue 12: the bracketing default reported [0.99998, 1) because 2(1-δ)² falls
    # under an absolute 1e-9 near δ = 1
    assert res.is_empty and res.exact and res.complete and res.method == "exact"
    assert res.parameters["inputs"].startswith("float")
    # the exact gain matches the derivation, and near δ = 1 it is tiny but positive
    for d in (F(1, 2), F(9, 10), F(99999, 100000)):
        check = is_subgame_perfect(PD, (win_stay_lose_shift(),) * 2, d)
        assert check.max_gain == wsls_gain_at_cc(5, 3, 1, d) == 2 * (1 - d) ** 2
        assert not check
    # float δ = 0.99999 (gain 2e-10, below 1e-9 of the payoff range): a near tie in
    # floats, settled exactly on the binary rational 0.99999 stores
    check = is_subgame_perfect(game, (win_stay_lose_shift(),) * 2, 0.99999)
    assert not check and check.exact
    assert check.max_gain == wsls_gain_at_cc(5, 3, 1, F(0.99999))


def test_wsls_threshold_when_2r_exceeds_t_plus_p():
    # (T, R, P, S) = (5, 4, 1, 0): δ >= (T - R)/(R - P) = 1/3, floats and ints alike
    for game in (pd_game(5, 4, 1, 0), pd_game(5.0, 4.0, 1.0, 0.0)):
        res = critical_discount_factor(game, win_stay_lose_shift())
        assert res.pieces == ((F(1, 3), F(1), True, False),)
    assert wsls_gain_at_cc(5, 4, 1, F(1, 3)) == 0


def test_tft_knife_edge_with_float_payoffs():
    """Tit-for-tat is SPE iff δ = (T - R)/(R - S) and δ = (P - S)/(T - P).

    Joint states (C, C), (C, D), (D, C), (D, D) are all accessible. Normalised values:
    mutual cooperation R; alternation starting with one's own D, (T + δS)/(1 + δ);
    starting with one's own C, (S + δT)/(1 + δ); mutual defection P. One-shot
    deviations: at (C, C) defecting starts the alternation: R >= (T + δS)/(1 + δ) iff
    δ >= (T - R)/(R - S); at the punishing state forgiving restores (C, C):
    (T + δS)/(1 + δ) >= R iff δ <= (T - R)/(R - S); at (D, D) cooperating starts the
    alternation: P >= (S + δT)/(1 + δ) iff δ <= (P - S)/(T - P); when punished,
    defecting gives (D, D) forever: (S + δT)/(1 + δ) >= P iff δ >= (P - S)/(T - P).
    For (5, 4, 1, 0) both ratios are 1/4: the set is the point {1/4}. Issue 12: the
    float bracketing default reported it empty with no flag.
    """
    res = critical_discount_factor(pd_game(5.0, 4.0, 1.0, 0.0), tit_for_tat())
    assert res.pieces == ((F(1, 4), F(1, 4), True, True),) and res.is_knife_edge
    assert res.description == "{1/4}" and res.complete
    assert bool(is_subgame_perfect(pd_game(5.0, 4.0, 1.0, 0.0), (tit_for_tat(),) * 2, 0.25))


@pytest.mark.parametrize("scale, shift", [(2.0 ** -30, 0.0), (2.0 ** 40, 0.0),
                                          (1e12, 0.0), (1.0, 1e9), (1.0, -1e9),
                                          (1e3, 1e9)])
def test_float_critical_sets_are_scale_and_shift_free(scale, shift):
    """A positive affine map of the payoffs leaves every deviation constraint's sign
    unchanged. These scalings and shifts are exact in binary, so the exact sets of
    grim trigger ([1/2, 1)), TFT ({1/4} in (5, 4, 1, 0)) and WSLS (empty) must come out
    identical."""
    def g(T, R, P, S):
        return pd_game(*(scale * v + shift for v in (T, R, P, S)))
    assert critical_discount_factor(g(5, 3, 1, 0), grim_trigger()).description == "[1/2, 1)"
    assert critical_discount_factor(g(5, 4, 1, 0), tit_for_tat()).description == "{1/4}"
    assert critical_discount_factor(g(5, 3, 1, 0), win_stay_lose_shift()).is_empty


@pytest.mark.parametrize("scale", [1e-9, 1e-3])
def test_decimal_scalings_are_exact_for_the_stored_numbers(scale):
    """1e-9 · (5, 3, 1, 0) is not exactly a multiple of (5, 3, 1, 0) in binary: T - R and
    R - P of the stored numbers may differ in the last bits. The answer is exact for the
    stored numbers: grim trigger's threshold (T - R)/(T - P) of the stored values, and
    for WSLS either empty or an interval starting at (T - R)/(R - P) ≈ 1 (stored)."""
    vals = [scale * v for v in (5, 3, 1, 0)]
    T, R, P, S = (F(v) for v in vals)
    game = pd_game(*vals)
    assert critical_discount_factor(game, grim_trigger()).threshold == (T - R) / (T - P)
    wsls = critical_discount_factor(game, win_stay_lose_shift())
    ratio = (T - R) / (R - P)
    assert wsls.is_empty if ratio >= 1 else wsls.threshold == ratio


def test_float_noise_and_probabilities_are_served_exactly():
    # generous TFT with float generosity and float noise: same set as the Fractions the
    # floats store (probabilities rescaled to sum to exactly one)
    from secdilemma.games.automaton import generous_tit_for_tat

    g = 0.25
    res = critical_discount_factor(PD, generous_tit_for_tat(g), noise=0.0625)
    ref = critical_discount_factor(PD, generous_tit_for_tat(F(1, 4)), noise=F(1, 16))
    assert res.pieces == ref.pieces and res.complete


@given(st.lists(st.sampled_from([0.1, 0.3, 0.7, 1.1, 2.9, 3.3, 4.7, 5.5, 7.9, 1e-3, 1e9]),
                min_size=4, max_size=4, unique=True),
       st.sampled_from(STRATEGIES), st.sampled_from(["spe", "nash"]),
       st.sampled_from([0.0, 0.1]))
@settings(max_examples=12)
def test_float_sets_agree_with_exact_checks_on_a_grid(values, strategy, concept, eps):
    """Decimal float payoffs (not exact in binary): the default certified set must agree
    at every grid point with the exact one-shot-deviation / best-reply check of the game
    of the stored rationals (a different computation: exact linear algebra at each δ
    instead of rational functions of δ)."""
    S, P, R, T = sorted(values)
    game = pd_game(T, R, P, S)
    exact_game = pd_game(*(F(v) for v in (T, R, P, S)))
    res = critical_discount_factor(game, strategy, concept=concept, noise=eps)
    assert res.exact and res.complete
    check = is_subgame_perfect if concept == "spe" else is_nash
    for k in range(0, 20):
        d = F(k, 20)
        assert res.contains(d) == bool(check(exact_game, (strategy, strategy), d,
                                             noise=F(eps))), d
