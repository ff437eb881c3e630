"""Values, long-run averages, equilibrium checks and Monte-Carlo play of automaton
profiles (MODELS.md §5)."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secdilemma import InvalidGameError, InvalidParameterError, bimatrix
from secdilemma.games.automaton import (Automaton, always_cooperate, always_defect,
                                        contrite_tit_for_tat, generous_tit_for_tat,
                                        grim_trigger, k_period_punishment, tit_for_tat,
                                        win_stay_lose_shift)
from secdilemma.solvers.repeated import (automaton_values, is_nash, is_subgame_perfect,
                                         long_run_average, simulate)


def pd_game(T, R, P, S):
    """Symmetric PD with row payoffs [[R, S], [T, P]] (action 0 = C)."""
    return bimatrix([[R, S], [T, P]], [[R, T], [S, P]], actions=[["C", "D"], ["C", "D"]])


PD = pd_game(5, 3, 1, 0)


@st.composite
def pd_payoffs(draw):
    """Integer (T, R, P, S) with T > R > P > S."""
    values = sorted(draw(st.lists(st.integers(-6, 12), min_size=4, max_size=4, unique=True)))
    S, P, R, T = values
    return T, R, P, S


CLASSICS = [always_cooperate(), always_defect(), grim_trigger(), tit_for_tat(),
            win_stay_lose_shift(), contrite_tit_for_tat(), k_period_punishment(2),
            generous_tit_for_tat(F(1, 3))]


# ---------------------------------------------------------------------- values
def test_grim_vs_grim_is_R_everywhere_on_path():
    v = automaton_values(PD, (grim_trigger(), grim_trigger()), F(1, 2))
    assert v.exact and v.initial == (F(3), F(3))
    assert v.exact_values[0][1, 1] == 1  # mutual punishment: P
    assert v.values.shape == (2, 2, 2) and not v.values.flags.writeable


@pytest.mark.parametrize("delta", [F(0), F(1, 3), F(9, 10)])
def test_tft_values_closed_forms(delta):
    T, R, P, S = 5, 3, 1, 0
    d = delta
    v = automaton_values(PD, (tit_for_tat(), tit_for_tat()), d).exact_values
    assert v[0][0, 0] == R and v[0][1, 1] == P
    # joint state (C, D): player 0 plays C, player 1 plays D, then they alternate
    assert v[0][0, 1] == (S + d * T) / (1 + d)
    assert v[1][0, 1] == (T + d * S) / (1 + d)
    w = automaton_values(PD, (tit_for_tat(), always_defect()), d).initial
    assert w == ((1 - d) * S + d * P, (1 - d) * T + d * P)


def test_float_and_exact_values_agree():
    prof = (win_stay_lose_shift(), contrite_tit_for_tat())
    ex = automaton_values(PD, prof, F(4, 5), noise=F(1, 20))
    fl = automaton_values(PD, prof, 0.8, noise=0.05)
    assert ex.exact and not fl.exact and fl.exact_values is None
    np.testing.assert_allclose(fl.values, ex.values, rtol=1e-12)
    assert isinstance(fl.initial[0], float)


def test_noise_values_single_state():
    """ALLD vs ALLC with noise ε: each realised profile has its product probability."""
    e = F(1, 10)
    v = automaton_values(PD, (always_defect(), always_cooperate()), F(1, 2), noise=e).initial
    expected0 = (1 - e) ** 2 * 5 + e * (1 - e) * (1 + 3) + e * e * 0
    assert v[0] == expected0


def test_values_of_mixed_automaton_are_exact():
    v = automaton_values(PD, (generous_tit_for_tat(F(1, 2)), always_defect()), F(1, 2))
    # state D of GTFT: C or D with prob 1/2; against ALLD the state stays D after round 1
    stay = F(1, 2) * 0 + F(1, 2) * 1
    assert v.exact_values[0][1, 0] == stay
    assert v.initial[0] == F(1, 2) * 0 + F(1, 2) * stay


# ---------------------------------------------------------------------- long-run averages
@pytest.mark.parametrize("eps", [F(1, 2), F(1, 10), F(1, 1000), 0.01])
def test_noisy_tft_averages_all_four_payoffs(eps):
    avg = long_run_average(PD, (tit_for_tat(), tit_for_tat()), noise=eps)
    assert avg[0] == pytest.approx((5 + 3 + 1 + 0) / 4, abs=1e-12)
    if isinstance(eps, F):
        assert avg == (F(9, 4), F(9, 4))


@given(pd_payoffs(), st.sampled_from([F(1, 10**3), F(1, 10**4), F(1, 10**6)]))
@settings(max_examples=20)
def test_wsls_recovers_R_as_noise_vanishes(payoffs, eps):
    T, R, P, S = payoffs
    avg = long_run_average(pd_game(T, R, P, S), (win_stay_lose_shift(),) * 2, noise=eps)
    assert abs(avg[0] - R) <= 4 * eps * (abs(T) + abs(R) + abs(P) + abs(S))
    assert long_run_average(pd_game(T, R, P, S), (win_stay_lose_shift(),) * 2,
                            noise=0) == (R, R)


def test_long_run_grim_with_noise_ends_in_punishment():
    e = F(1, 100)
    avg = long_run_average(PD, (grim_trigger(), grim_trigger()), noise=e)
    assert avg[0] == (1 - e) ** 2 * 1 + e * (1 - e) * (5 + 0) + e * e * 3


def test_long_run_periodic_chain_without_noise():
    tft = tit_for_tat()
    out_of_phase = Automaton([0, 1], tft.transitions, initial_state=1)
    assert long_run_average(PD, (tft, out_of_phase), noise=0) == (F(5, 2), F(5, 2))
    assert long_run_average(PD, (tft, always_defect()), noise=0) == (1, 1)


def test_long_run_average_is_the_limit_of_discounted_values():
    prof = (contrite_tit_for_tat(), win_stay_lose_shift())
    avg = long_run_average(PD, prof, noise=F(1, 20))
    v = automaton_values(PD, prof, F(999999, 10**6), noise=F(1, 20)).initial
    assert float(abs(v[0] - avg[0])) < 1e-4


# ---------------------------------------------------------------------- equilibrium checks
def test_subgame_perfect_grim_threshold_and_result_fields():
    g = (grim_trigger(), grim_trigger())
    ok = is_subgame_perfect(PD, g, F(1, 2))
    assert ok and ok.exact and ok.tol == 0 and ok.concept == "spe"
    assert ok.max_gain == 0
    assert set(ok.states_checked) == {(0, 0), (1, 1)}
    bad = is_subgame_perfect(PD, g, F(1, 2) - F(1, 10**9))
    assert not bad
    dev = bad.worst_deviation
    assert (dev.player in (0, 1), dev.state, dev.action) == (True, (0, 0), 1)
    assert dev.gain == (1 - bad.discount) * 5 + bad.discount * 1 - 3


def test_states_all_is_stronger_than_spe():
    """No history leads grim trigger to (cooperate, punish); checking it anyway fails."""
    g = (grim_trigger(), grim_trigger())
    assert is_subgame_perfect(PD, g, F(9, 10))
    strict = is_subgame_perfect(PD, g, F(9, 10), states="all")
    assert not strict and strict.worst_deviation.state in ((0, 1), (1, 0))


def test_always_defect_is_always_spe():
    for d in (0, F(1, 2), 0.99):
        assert is_subgame_perfect(PD, (always_defect(), always_defect()), d)


def test_nash_needs_more_than_on_path_one_shot_deviations():
    """PD (6, 5, 2, 0): (T-R)/(R-S) = 1/5 < (T-R)/(T-P) = 1/4. At δ = 0.22 no one-shot
    deviation from the path pays (alternation loses), but always-defect does."""
    game = pd_game(6, 5, 2, 0)
    t = (tit_for_tat(), tit_for_tat())
    res = is_nash(game, t, F(22, 100))
    assert not res and res.concept == "nash"
    assert res.worst_deviation.policy == (1, 1)  # defect whatever TFT's state
    assert res.worst_deviation.gain == (1 - F(22, 100)) * 6 + F(22, 100) * 2 - 5
    one_shot = [g for g in _on_path_one_shot_gains(game, t, F(22, 100))]
    assert max(one_shot) <= 0
    assert is_nash(game, t, F(1, 4))


def _on_path_one_shot_gains(game, profile, delta):
    v = automaton_values(game, profile, delta).exact_values
    T, R = 6, 5
    # deviate to D at (C, C) then follow TFT: T, then alternation from (C, D)
    return [(1 - delta) * T + delta * v[0][0, 1] - R]


@given(pd_payoffs(), st.integers(1, 19))
@settings(max_examples=25)
def test_tft_nash_condition_on_random_pds(payoffs, k):
    T, R, P, S = payoffs
    d = F(k, 20)
    threshold = max(F(T - R, T - P), F(T - R, R - S))
    assert bool(is_nash(pd_game(T, R, P, S), (tit_for_tat(),) * 2, d)) == (d >= threshold)


@given(pd_payoffs(), st.integers(0, 19))
@settings(max_examples=25)
def test_grim_spe_condition_on_random_pds(payoffs, k):
    T, R, P, S = payoffs
    d = F(k, 20)
    res = is_subgame_perfect(pd_game(T, R, P, S), (grim_trigger(),) * 2, d)
    assert bool(res) == (d >= F(T - R, T - P))
    # an SPE is a Nash equilibrium
    if res:
        assert is_nash(pd_game(T, R, P, S), (grim_trigger(),) * 2, d)


def test_float_check_uses_tolerance():
    # grim trigger at δ = 0.6: defecting at (C, C) gains (1-δ)5 + δ·1 - 3 = -0.4 (and the
    # other one-shot deviations lose too): far from a tie, decided in floats
    res = is_subgame_perfect(PD, (grim_trigger(), grim_trigger()), 0.6)
    assert res and not res.exact and res.tol == 1e-9
    assert isinstance(res.worst_deviation.gain, float)
    assert res.method == "one_shot_deviation"


def test_float_knife_edge_is_settled_exactly():
    # δ = 0.5 is grim trigger's critical discount factor (T-R)/(T-P) = 2/4: the
    # deviation gain (1-δ)5 + δ - 3 = 2 - 4δ is exactly 0, a near tie in floats; the
    # float 0.5 is exactly 1/2, so the exact check says SPE with gain 0
    res = is_subgame_perfect(PD, (grim_trigger(), grim_trigger()), 0.5)
    assert res and res.exact and "read exactly" in res.method
    assert res.max_gain == 0


# ---------------------------------------------------------------------- errors
def test_profile_errors():
    with pytest.raises(InvalidParameterError,
                       match=r"^automaton_values\(\): profile must be a pair of Automaton"):
        automaton_values(PD, tit_for_tat(), 0.5)
    three = bimatrix(np.zeros((3, 3)), np.zeros((3, 3)))
    with pytest.raises(InvalidGameError, match=r"profile\[0\] must have transitions of shape"
                                               r" \(states, 3, 3\)"):
        is_subgame_perfect(three, (tit_for_tat(), tit_for_tat()), 0.5)
    with pytest.raises(InvalidParameterError, match=r"^is_nash\(\): discount must be < 1"):
        is_nash(PD, (tit_for_tat(), tit_for_tat()), 1.0)
    with pytest.raises(InvalidParameterError, match=r"noise must be <= 0.5; got 0.7"):
        long_run_average(PD, (tit_for_tat(), tit_for_tat()), noise=0.7)
    with pytest.raises(InvalidParameterError, match=r"states must be one of"):
        is_subgame_perfect(PD, (tit_for_tat(), tit_for_tat()), 0.5, states="reachable")
    with pytest.raises(InvalidGameError, match="stage must be a NormalFormGame"):
        automaton_values("PD", (tit_for_tat(), tit_for_tat()), 0.5)


def test_simulate_errors():
    with pytest.raises(InvalidParameterError, match=r"^simulate\(\): rounds must be an "
                                                    r"integer >= 1; got 0"):
        simulate(PD, (tit_for_tat(), tit_for_tat()), rounds=0)
    with pytest.raises(InvalidParameterError, match="repetitions must be an integer"):
        simulate(PD, (tit_for_tat(), tit_for_tat()), rounds=3, repetitions=1.5)


# ---------------------------------------------------------------------- Monte-Carlo play
def test_simulation_is_reproducible_and_uses_no_global_state():
    prof = (generous_tit_for_tat(0.3), win_stay_lose_shift())
    a = simulate(PD, prof, rounds=50, noise=0.1, rng=7, repetitions=3)
    np.random.seed(0)
    b = simulate(PD, prof, rounds=50, noise=0.1, rng=np.random.default_rng(7), repetitions=3)
    np.testing.assert_array_equal(a.realised, b.realised)
    assert a.payoffs.shape == (3, 50, 2) and a.rounds == 50 and a.repetitions == 3
    assert not a.payoffs.flags.writeable
    flips = a.intended != a.realised
    assert 0 < flips.mean() < 0.25


def test_noise_free_simulation_follows_the_automata():
    play = simulate(PD, (tit_for_tat(), win_stay_lose_shift()), rounds=4, rng=0)
    assert play.realised[0].tolist() == [[0, 0]] * 4
    np.testing.assert_array_equal(play.intended, play.realised)


@given(st.sampled_from(CLASSICS), st.sampled_from(CLASSICS),
       st.sampled_from([F(1, 2), F(4, 5)]), st.sampled_from([F(0), F(1, 20), F(1, 5)]),
       st.integers(0, 2**32 - 1))
@settings(max_examples=12, derandomize=True)  # a 4-SE band: fixed examples, no flakes
def test_monte_carlo_agrees_with_values(a, b, delta, eps, seed):
    exact = automaton_values(PD, (a, b), delta, noise=eps)
    rounds = 120  # truncation error <= 0.8**120 * 5 < 1e-10
    sim = simulate(PD, (a, b), rounds=rounds, noise=float(eps), rng=seed, repetitions=3000)
    vals = sim.discounted_values(float(delta))
    mean = vals.mean(axis=0)
    se = vals.std(axis=0, ddof=1) / np.sqrt(vals.shape[0])
    for i in (0, 1):
        assert abs(mean[i] - float(exact.initial[i])) <= 4 * se[i] + 1e-9


def test_long_run_average_agrees_with_simulation():
    prof = (win_stay_lose_shift(), contrite_tit_for_tat())
    avg = long_run_average(PD, prof, noise=F(1, 10))
    sim = simulate(PD, prof, rounds=4000, noise=0.1, rng=3, repetitions=20)
    per_run = sim.payoffs[:, 200:].mean(axis=1)
    se = per_run.std(axis=0, ddof=1) / np.sqrt(per_run.shape[0])
    assert np.all(np.abs(per_run.mean(axis=0) - np.array(avg, dtype=float)) <= 4 * se + 1e-9)


# ---------------------------------------------------------------------- scale-free float checks
@pytest.mark.parametrize("scale, shift", [(1.0, 0.0), (1e-9, 0.0), (1e12, 0.0), (1.0, 1e9),
                                          (1.0, -1e9), (1e-3, 1e9)])
def test_float_checks_are_scale_and_shift_free(scale, shift):
    """Equilibrium is invariant under a positive affine map of the payoffs; the
    reported gains scale with the payoffs.

    Grim trigger, PD (5, 3, 1, 0): defecting at (C, C) gains (1-δ)T + δP - R = 2 - 4δ,
    i.e. -0.4 at δ = 0.6 (SPE) and +0.4 at δ = 0.4 (not SPE). Tit-for-tat's best reply at
    δ = 0.6 < 2/3 alternates D, C: (T + δS)/(1 + δ) = 5/1.6 = 3.125 against R = 3, a
    gain of 0.125 (always defect gives (1-δ)T + δP = 2.6); at δ = 0.7 no reply gains.
    """
    T, R, P, S = (scale * v + shift for v in (5, 3, 1, 0))
    game = pd_game(T, R, P, S)
    # the derivations on the numbers actually stored (1e9 + 0.005 is not exact)
    T, R, P, S, d = (F(v) for v in (T, R, P, S, 0.4))
    grim_gain = (1 - d) * T + d * P - R
    d = F(0.6)
    tft_gain = (T + d * S) / (1 + d) - R
    g, t = (grim_trigger(),) * 2, (tit_for_tat(),) * 2
    assert is_subgame_perfect(game, g, 0.6)
    bad = is_subgame_perfect(game, g, 0.4)
    assert not bad and bad.max_gain == pytest.approx(float(grim_gain), rel=1e-6)
    assert grim_gain == pytest.approx(0.4 * scale, rel=1e-3)
    assert is_nash(game, t, 0.7)
    bad = is_nash(game, t, 0.6)
    assert not bad and bad.max_gain == pytest.approx(float(tft_gain), rel=1e-6)
    assert tft_gain == pytest.approx(0.125 * scale, rel=1e-3)


def test_tiny_payoffs_are_not_all_ties():
    # payoffs of order 1e-12: an absolute 1e-9 tolerance called every profile an
    # equilibrium; gains relative to the payoff range do not (gain 0.4 of 5 at δ = 0.4)
    game = pd_game(*(1e-12 * v for v in (5, 3, 1, 0)))
    assert not is_subgame_perfect(game, (grim_trigger(),) * 2, 0.4)
    assert not is_nash(game, (always_cooperate(), always_cooperate()), 0.5)


def test_near_tie_of_a_large_profile_is_labelled():
    # every Nash equilibrium has best-reply gain 0: a near tie in floats. Two 12-period
    # punishments have 13 x 13 = 169 joint states, more than are settled exactly, so the
    # verdict is the tolerance's and the method says so; with Fractions it is exact.
    # (12-period punishment is Nash at δ = 9/10: δ + ... + δ^12 >= (T - R)/(R - P) = 1.)
    k = (k_period_punishment(12),) * 2
    check = is_nash(PD, k, 0.9)
    assert check and not check.exact and "tolerance verdict" in check.method
    check = is_subgame_perfect(PD, k, 0.9)
    assert check and not check.exact
    assert is_nash(pd_game(5, 3, 1, 0), (k_period_punishment(3),) * 2, F(9, 10)).exact


# ------------------------------------------------- solve() on a RepeatedGame
def test_solve_dispatches_repeated_games():
    """solve(RepeatedGame) answers the two questions of a repeated game. Grim trigger in
    the PD (R, S, T, P) = (3, 0, 5, 1) is subgame perfect iff delta >= (T - R)/(T - P) =
    1/2 (derivation: cooperating gives R forever; the best deviation gives
    (1 - delta) T + delta P, so the condition is R >= (1 - delta) T + delta P). The
    payoff set at delta = 3/4 contains the mutual-cooperation payoff (3, 3) and the
    stage Nash payoff (1, 1)."""
    from fractions import Fraction

    import secdilemma as sd

    pd = sd.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    for delta, expected in [(Fraction(1, 2), True), (Fraction(49, 100), False),
                            (Fraction(9, 10), True)]:
        check = sd.solve(sd.RepeatedGame(pd, discount=delta), profile=sd.grim_trigger())
        assert check.is_equilibrium is expected
        pair = sd.solve(sd.RepeatedGame(pd, discount=delta),
                        profile=(sd.grim_trigger(), sd.grim_trigger()))
        assert pair.is_equilibrium is expected
    payoffs = sd.solve(sd.RepeatedGame(pd, discount=Fraction(3, 4)))
    assert isinstance(payoffs, sd.PayoffSetResult)
    assert payoffs.contains((3, 3)) and payoffs.contains((1, 1))
    assert not payoffs.contains((5, 5))
    with pytest.raises(sd.UnsupportedGameError, match=r"^solve\(\): the equilibrium payoff "
                                                      r"set is for perfect monitoring"):
        sd.solve(sd.RepeatedGame(pd, discount=Fraction(3, 4), noise=Fraction(1, 10)))


def test_classic_automata_at_top_level():
    import secdilemma as sd
    from secdilemma.games import automaton

    for name in automaton.__all__:
        assert getattr(sd, name) is getattr(automaton, name)
