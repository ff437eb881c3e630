"""Repeated games with imperfect public monitoring (solvers.public_monitoring).

Checks against things outside the module: perfect monitoring as the special case
(solvers.repeated's critical sets and values, which are checked against the literature
in test_critical_discount.py / test_repeated.py), closed forms derived in the tests
(Green and Porter's trigger; grim trigger with implementation noise), brute-force
equilibrium checks on a grid, and scale/shift invariance.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma import bimatrix
from secdilemma.errors import InvalidGameError, InvalidParameterError, SolverError
from secdilemma.games.automaton import (always_defect, contrite_tit_for_tat, grim_trigger,
                                        k_period_punishment, tit_for_tat,
                                        win_stay_lose_shift)
from secdilemma.solvers.public_monitoring import (PublicMonitoring, PublicStrategy,
                                                  check_public_equilibrium,
                                                  public_critical_discount_factor,
                                                  public_values)
from secdilemma.solvers.repeated import automaton_values, critical_discount_factor


def pd_game(T, R, P, S):
    return bimatrix([[R, S], [T, P]], [[R, T], [S, P]])


PD = pd_game(5, 3, 1, 0)
PERFECT = PublicMonitoring.binary(0, 1)


# ---------------------------------------------------------------------- perfect monitoring
def test_grim_on_a_perfect_incident_signal_is_one_half():
    """α = 0, β = 1: the incident signal reveals every defection; grim 1/2 = (T-R)/(T-P)."""
    res = public_critical_discount_factor(PD, PERFECT, PublicStrategy.trigger())
    assert res.description == "[1/2, 1)" and res.threshold == F(1, 2) and res.complete
    assert res.concept == "ppe" and res.parameters["inputs"] == "exact"


@pytest.mark.parametrize("k", [1, 2, 3])
def test_k_period_punishment_on_a_perfect_signal(k):
    """K-period punishment with α = 0, β = 1: IC is δ + ... + δ^K >= (T - R)/(R - P) = 1
    (derivation: (1 - δ)(T - R) <= δ(1 - δ^K)(R - P)), the same set as the perfect-
    monitoring automaton of solvers.repeated."""
    res = public_critical_discount_factor(PD, PERFECT, PublicStrategy.trigger(k))
    ref = critical_discount_factor(PD, k_period_punishment(k))
    assert res.pieces == ref.pieces
    x = res.threshold
    assert abs(sum(float(x) ** j for j in range(1, k + 1)) - 1) < 1e-12 if k > 1 \
        else res.is_empty or x == 1


STRATEGIES = [grim_trigger(), tit_for_tat(), win_stay_lose_shift(), contrite_tit_for_tat(),
              k_period_punishment(2), always_defect()]


@pytest.mark.parametrize("strategy", STRATEGIES, ids=lambda a: a.name)
@pytest.mark.parametrize("concept", ["spe", "nash"])
@pytest.mark.parametrize("noise", [F(0), F(1, 20)])
def test_perfect_monitoring_is_the_special_case(strategy, concept, noise):
    """Automaton profiles with implementation noise, as public strategies on the
    realised-profile signal: the same exact critical sets as solvers.repeated (grim 1/2,
    TFT-Nash 2/3, TFT never SPE, ... at (5, 3, 1, 0))."""
    ref = critical_discount_factor(PD, strategy, concept=concept, noise=noise)
    res = public_critical_discount_factor(
        PD, PublicMonitoring.perfect(PD, noise), PublicStrategy.from_automata(PD, strategy),
        concept="ppe" if concept == "spe" else "nash")
    assert res.pieces == ref.pieces, (res.description, ref.description)


def test_literature_thresholds_as_the_special_case():
    mon = PublicMonitoring.perfect(PD)
    grim = public_critical_discount_factor(PD, mon, PublicStrategy.from_automata(PD, grim_trigger()))
    tft = public_critical_discount_factor(PD, mon, PublicStrategy.from_automata(PD, tit_for_tat()),
                                          concept="nash")
    assert (grim.description, tft.description) == ("[1/2, 1)", "[2/3, 1)")


def test_noisy_grim_threshold_derived():
    """Grim trigger with noise ε (payoffs of the realised profile): the threshold is the
    root of the one-shot gain at cooperation, derived here. With q = (1 - ε)²,
    u_C = qR + ε(1-ε)(S+T) + ε²P, u_D = qP + ε(1-ε)(T+S) + ε²R (punishment),
    u_dev = qT + ε(1-ε)(P+R) + ε²S, and V_C - V_D = (1-δ)(u_C - u_D)/(1 - δq):
    gain = (1-δ)(u_dev - u_C) - δ(q - ε(1-ε))(V_C - V_D) <= 0. solvers.repeated gives
    5200/9253 at ε = 1/20."""
    e = F(1, 20)
    T, R, P, S = 5, 3, 1, 0
    q, m = (1 - e) ** 2, e * (1 - e)
    uC, uD, uDev = q * R + m * (S + T) + e * e * P, q * P + m * (T + S) + e * e * R, \
        q * T + m * (P + R) + e * e * S

    def gain(d):
        return (1 - d) * (uDev - uC) - d * (q - m) * (1 - d) * (uC - uD) / (1 - d * q)

    res = public_critical_discount_factor(PD, PublicMonitoring.perfect(PD, e),
                                          PublicStrategy.from_automata(PD, grim_trigger()))
    x = res.threshold
    assert x == F(5200, 9253) == critical_discount_factor(PD, grim_trigger(), noise=e).threshold
    assert gain(x) == 0 and gain(x - F(1, 10**6)) > 0 and gain(x + F(1, 10**6)) < 0


def test_values_agree_with_the_perfect_monitoring_values():
    prof = (win_stay_lose_shift(), contrite_tit_for_tat())
    ref = automaton_values(PD, prof, F(4, 5), noise=F(1, 20))
    res = public_values(PD, PublicMonitoring.perfect(PD, F(1, 20)),
                        PublicStrategy.from_automata(PD, prof), F(4, 5))
    assert res.initial == ref.initial
    n1 = prof[1].num_states
    for s0 in range(prof[0].num_states):
        for s1 in range(n1):
            for i in (0, 1):
                assert res.exact[i][s0 * n1 + s1] == F(ref.values[i][s0, s1]).limit_denominator(10**12) \
                    or abs(float(res.exact[i][s0 * n1 + s1]) - ref.values[i][s0, s1]) < 1e-12


# ---------------------------------------------------------------------- Green–Porter
def _closed_value(T, R, P, a, d, k):
    tail = 1 if k is None else 1 - d ** k
    return P + (1 - d) * (R - P) / ((1 - d) + a * d * tail)


def _closed_ic(T, R, P, a, b, d, k):
    tail = 1 if k is None else 1 - d ** k
    return d * tail * ((b - a) * (R - P) - a * (T - R)) >= (1 - d) * (T - R)


def test_trigger_values_and_incentives_against_the_derivation():
    """V_K = P + (1-δ)(R-P)/[(1-δ) + αδ(1-δ^K)] from V = (1-δ)R + δ[(1-α)V + αW],
    W = (1-δ^K)P + δ^K V; IC δ(1-δ^K)[(β-α)(R-P) - α(T-R)] >= (1-δ)(T-R)."""
    rng = np.random.default_rng(18)
    for _ in range(40):
        P = F(int(rng.integers(0, 5)))
        R = P + F(int(rng.integers(1, 6)))
        T = R + F(int(rng.integers(1, 6)))
        S = P - F(int(rng.integers(1, 4)))
        a = F(int(rng.integers(0, 30)), 100)
        b = a + F(int(rng.integers(1, 100 - int(a * 100) + 1)), 100)
        d = F(int(rng.integers(1, 100)), 100)
        k = [None, 1, 2, 3, 5][int(rng.integers(0, 5))]
        game = pd_game(T, R, P, S)
        mon = PublicMonitoring.binary(a, b, F(int(rng.integers(0, 101)), 100))
        strat = PublicStrategy.trigger(k)
        v = public_values(game, mon, strat, d)
        assert v.initial == (_closed_value(T, R, P, a, d, k),) * 2
        ok = check_public_equilibrium(game, mon, strat, d)
        assert ok.is_equilibrium == _closed_ic(T, R, P, a, b, d, k), (T, R, P, S, a, b, d, k)


def test_section_vectors_by_the_general_solver():
    """(T, R, P, S) = (5, 3, 1, 0), β = 3/5, δ = 9/10, α = 1/10: δ* = 5/7 (the grim set),
    K* = 4 (3 fails, 4 holds), V_4 = 2.527288833, grim 39/19."""
    mon = PublicMonitoring.binary(F(1, 10), F(3, 5))
    grim = public_critical_discount_factor(PD, mon, PublicStrategy.trigger())
    assert grim.description == "[5/7, 1)"
    d = F(9, 10)
    ks = [k for k in range(1, 10) if check_public_equilibrium(PD, mon, PublicStrategy.trigger(k), d)]
    assert ks[0] == 4 and ks == list(range(4, 10))
    assert round(float(public_values(PD, mon, PublicStrategy.trigger(4), d).initial[0]), 9) \
        == 2.527288833
    assert public_values(PD, mon, PublicStrategy.trigger(), d).initial[0] == F(39, 19)


def test_public_randomisation_reaches_the_bound():
    """Grim started with probability q* = (1-δ)(T-R)/(δA) after an incident: the IC binds
    and the value is R - α(T-R)/(β-α) = 13/5 (the bound of the K-period family)."""
    a, b, d = F(1, 10), F(3, 5), F(9, 10)
    A = (b - a) * 2 - a * 2
    q = (1 - d) * 2 / (d * A)
    mon = PublicMonitoring.binary(a, b)
    strat = PublicStrategy.randomised_trigger(q)
    assert public_values(PD, mon, strat, d).initial[0] == F(13, 5)
    check = check_public_equilibrium(PD, mon, strat, d)
    assert check.is_equilibrium and check.max_gain == 0  # binding
    assert not check_public_equilibrium(PD, mon, PublicStrategy.randomised_trigger(q - F(1, 1000)), d)


def test_nash_set_contains_the_ppe_set():
    mon = PublicMonitoring.binary(F(1, 10), F(3, 5))
    for k in (None, 2, 4):
        ppe = public_critical_discount_factor(PD, mon, PublicStrategy.trigger(k))
        nash = public_critical_discount_factor(PD, mon, PublicStrategy.trigger(k), concept="nash")
        for j in range(100):
            x = F(j, 100)
            assert not ppe.contains(x) or nash.contains(x)
            assert nash.contains(x) == bool(check_public_equilibrium(
                PD, mon, PublicStrategy.trigger(k), x, concept="nash"))


def test_critical_set_agrees_with_checks_on_a_grid():
    rng = np.random.default_rng(7)
    for _ in range(6):
        a = F(int(rng.integers(0, 20)), 100)
        b = a + F(int(rng.integers(20, 60)), 100)
        k = [None, 2, 3][int(rng.integers(0, 3))]
        mon = PublicMonitoring.binary(a, b)
        res = public_critical_discount_factor(PD, mon, PublicStrategy.trigger(k))
        for j in range(40):
            x = F(j, 40)
            assert res.contains(x) == bool(check_public_equilibrium(
                PD, mon, PublicStrategy.trigger(k), x)), (a, b, k, x)


def test_continuous_signal_with_a_trigger_threshold():
    """Green and Porter's continuous signal: incident iff the signal exceeds the
    threshold. Logistic signal, location 0 under (C, C) and 2 when someone defects:
    Pr(incident) = 1 - F(threshold - location); the result equals the binary signal with
    those probabilities, and a higher threshold lowers both α and β."""
    def logistic(mu):
        return lambda x: 1 / (1 + math.exp(-(x - mu)))

    dists = [[logistic(0), logistic(2)], [logistic(2), logistic(2)]]
    mon = PublicMonitoring.trigger(dists, 1.5)
    a = 1 - 1 / (1 + math.exp(-1.5))
    b = 1 - 1 / (1 + math.exp(0.5))
    assert mon.probabilities[0][0][1] == F(a) and mon.probabilities[0][1][1] == F(b)
    res = public_critical_discount_factor(PD, mon, PublicStrategy.trigger())
    ref = public_critical_discount_factor(PD, PublicMonitoring.binary(a, b), PublicStrategy.trigger())
    assert res.pieces == ref.pieces and res.parameters["inputs"].startswith("float")
    thr = res.threshold
    assert thr == F(2) / ((1 - F(a)) * 2 + (F(b) - F(a)) * 2)  # δ* of the model, exactly
    low = PublicMonitoring.trigger(dists, 3.0)
    assert low.probabilities[0][0][1] < mon.probabilities[0][0][1]
    below = PublicMonitoring.trigger([[logistic(2), logistic(0)], [logistic(0), logistic(0)]],
                                     0.5, incident="below")
    assert below.probabilities[0][0][1] == F(1 / (1 + math.exp(1.5)))


@pytest.mark.parametrize("scale,shift", [(1e-9, 0.0), (1e-3, 0.0), (1.0, 0.0), (1e6, 0.0),
                                         (1e12, 0.0), (1e-9, 1e-6), (1.0, -1e9), (1.0, 1e9),
                                         (1e12, -1e9), (1e6, 1e9)])
def test_float_payoffs_scale_and_shift_free(scale, shift):
    """Float payoffs are read exactly: the grim threshold on an incident signal is
    (T-R)/[(1-α)(T-R) + (β-α)(R-P)] of the stored numbers, whatever the scale."""
    T, R, P, S = (v * scale + shift for v in (5.0, 3.0, 1.0, 0.0))
    game = pd_game(T, R, P, S)
    a, b = F(1, 10), F(3, 5)
    res = public_critical_discount_factor(game, PublicMonitoring.binary(a, b),
                                          PublicStrategy.trigger())
    t, r, p = F(T), F(R), F(P)
    assert res.threshold == (t - r) / ((1 - a) * (t - r) + (b - a) * (r - p))
    assert res.complete


def test_mixed_actions_and_float_probabilities():
    """A mixed stage profile: the values are the mixture's; floats read exactly."""
    mon = PublicMonitoring.binary(0.25, 0.75)
    strat = PublicStrategy([((0.5, 0.5), (0.5, 0.5))], [[0, 0]])
    v = public_values(PD, mon, strat, 0.5)
    assert v.initial == (F(9, 4), F(9, 4))  # (3 + 0 + 5 + 1)/4
    chk = check_public_equilibrium(PD, mon, strat, 0.5)
    assert not chk.is_equilibrium and chk.worst_deviation.action == 1  # defect pays


# ---------------------------------------------------------------------- errors
def test_bad_inputs_give_clear_errors():
    with pytest.raises(InvalidParameterError, match=r"PublicMonitoring\(\): probabilities must sum to 1"):
        PublicMonitoring([[[F(1, 2), F(1, 3)]]])
    with pytest.raises(InvalidParameterError, match=r"probabilities must lie in \[0, 1\]"):
        PublicMonitoring([[[F(3, 2), F(-1, 2)]]])
    with pytest.raises(InvalidParameterError, match=r"binary\(\): detection must be <= 1; got 1.5"):
        PublicMonitoring.binary(0.1, 1.5)
    with pytest.raises(InvalidParameterError, match=r"false_alarm must be >= 0"):
        PublicMonitoring.binary(-0.1, 0.5)
    with pytest.raises(InvalidParameterError, match=r"holds? real numbers|must hold real"):
        PublicMonitoring([[["0.5", "0.5"]]])
    with pytest.raises(InvalidParameterError, match=r"length must be an integer >= 1"):
        PublicStrategy.trigger(0)
    with pytest.raises(InvalidParameterError, match=r"transitions\[0\]\[1\] must be a state"):
        PublicStrategy([(0, 0)], [[0, 5]])
    with pytest.raises(InvalidParameterError, match=r"must sum to exactly 1"):
        PublicStrategy([(0, 0), (1, 1)], [[0, {0: F(1, 2), 1: F(1, 3)}], [1, 1]])
    mon = PublicMonitoring.binary(F(1, 10), F(3, 5))
    with pytest.raises(InvalidParameterError, match=r"public_values\(\): discount must be < 1"):
        public_values(PD, mon, PublicStrategy.trigger(), 1)
    with pytest.raises(InvalidParameterError, match=r"strategy must read the 2 signals"):
        public_values(PD, mon, PublicStrategy([(0, 0)], [[0, 0, 0]]), F(1, 2))
    with pytest.raises(InvalidParameterError, match=r"plays action 2 of player 0"):
        public_values(PD, mon, PublicStrategy([(2, 0)], [[0, 0]]), F(1, 2))
    with pytest.raises(InvalidParameterError, match=r"concept must be one of"):
        check_public_equilibrium(PD, mon, PublicStrategy.trigger(), F(1, 2), concept="spe")
    with pytest.raises(InvalidGameError, match=r"stage must be a NormalFormGame"):
        public_values([[1]], mon, PublicStrategy.trigger(), F(1, 2))
    with pytest.raises(InvalidParameterError, match=r"noise must be <= 0.5"):
        PublicMonitoring.perfect(PD, 0.7)
    with pytest.raises(SolverError, match=r"at most 64 public states"):
        public_critical_discount_factor(PD, mon, PublicStrategy.trigger(70))


# ---------------------------------------------------------------------- APS operator
def test_aps_best_symmetric_value_is_the_closed_form():
    """Strongly symmetric PPE payoffs with public randomisation in the incident game:
    [P, R - α(T-R)/(β-α)] when δ >= δ*, {P} otherwise (Mailath and Samuelson 2006,
    §7.2: (C, C) with continuation v̄ after quiet and v̄ - (1-δ)(T-R)/(δ(β-α)) >= P after
    an incident). The exact brackets must contain the closed form."""
    from secdilemma.solvers.public_monitoring import strongly_symmetric_payoffs

    rng = np.random.default_rng(3)
    for _ in range(8):
        a = F(int(rng.integers(0, 20)), 100)
        b = a + F(int(rng.integers(20, 60)), 100)
        d = F(int(rng.integers(50, 96)), 100)
        margin = (b - a) * 2 - a * 2
        dstar = F(2) / (2 + margin) if margin > 0 else None
        top = 3 - a * 2 / (b - a) if dstar is not None and d >= dstar else F(1)
        res = strongly_symmetric_payoffs(PD, PublicMonitoring.binary(a, b), d)
        assert res.complete
        assert res.inner[0] >= res.outer[0] == 1
        assert res.inner[1] <= top <= res.outer[1], (a, b, d, top, res.outer)
        assert res.gap <= F(1, 10**8) * 5


def test_aps_perfect_monitoring():
    from secdilemma.solvers.public_monitoring import strongly_symmetric_payoffs

    full = strongly_symmetric_payoffs(PD, PERFECT, F(1, 2))  # δ = (T-R)/(T-P): [P, R]
    assert full.complete and full.inner == full.outer == (1, 3)
    low = strongly_symmetric_payoffs(PD, PERFECT, F(2, 5))
    assert low.complete and low.inner == (1, 1) and low.outer[1] - 1 < F(1, 10**8)


def test_aps_flags_what_it_cannot_certify():
    from secdilemma.errors import IncompleteResultWarning
    from secdilemma.solvers.public_monitoring import strongly_symmetric_payoffs

    with pytest.warns(IncompleteResultWarning, match="not certified"):
        res = strongly_symmetric_payoffs(PD, PublicMonitoring.binary(F(1, 10), F(3, 5)),
                                         F(9, 10), max_iter=3)
    assert not res.complete and res.warnings and res.outer[1] > F(13, 5)
    asym = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 2]])
    with pytest.raises(InvalidGameError, match=r"stage must be symmetric"):
        strongly_symmetric_payoffs(asym, PERFECT, F(1, 2))
    with pytest.raises(InvalidParameterError, match=r"discount must be < 1"):
        strongly_symmetric_payoffs(PD, PERFECT, 1.0)


def test_float_noise_and_mixed_automata_as_the_special_case():
    """Float noise is read as the binary rational it stores, as solvers.repeated does;
    mixed automata (generous TFT) become mixed public actions. Game (5, 4, 1, 0)."""
    from secdilemma.games.automaton import generous_tit_for_tat

    game = pd_game(5, 4, 1, 0)
    for strat, eps in ((grim_trigger(), 0.05), (generous_tit_for_tat(F(1, 4)), F(1, 16)),
                       (generous_tit_for_tat(0.25), 0.0625), (tit_for_tat(), 0.0)):
        for concept in ("spe", "nash"):
            ref = critical_discount_factor(game, strat, noise=eps, concept=concept)
            res = public_critical_discount_factor(
                game, PublicMonitoring.perfect(game, eps), PublicStrategy.from_automata(game, strat),
                concept="ppe" if concept == "spe" else "nash")
            assert res.pieces == ref.pieces, (strat.name, eps, concept)
