"""Cheap talk before a Bayesian game: babbling always exists, Aumann's stag hunt admits
only babbling, talk lowers the probability of an arms race in a discretised
Baliga-Sjöström game whose hawk has no spillover (a knife edge: with any spillover that
separation breaks), a four-type arms race whose hawk has a spillover has an influential
equilibrium with strict incentives, and every reported equilibrium is verified
independently."""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secdilemma import BayesianGame, InvalidGameError, UnsupportedGameError, solve_bayesian
from secdilemma.games.cheap_talk import CheapTalkGame, with_cheap_talk
from secdilemma.solvers.cheap_talk import CheapTalkEquilibrium, solve_cheap_talk


# ---------------------------------------------------------------------- games
def aumann(trust):
    """Aumann (1990) stag hunt, (S,S)=9, (S,H)=0, (H,S)=8, (H,H)=7, encoded as a
    Bayesian game (Baliga & Morris 2002, positive spillovers). Each player is
    "stag-inclined" (Aumann's payoffs: Stag iff Pr(other Stag) >= 7/8) or
    "hare-inclined" (the same payoffs except (H,S) = 19/2 > 9, so Hare is dominant).
    Every type strictly prefers the other to play Stag whatever it plays itself
    (9 > 0 and 8 > 7, resp. 19/2 > 7), so both types want to send whatever message
    induces Stag, and no message can be credible. ``trust`` = Pr(stag-inclined)."""
    a = np.empty((2, 2, 2, 2), dtype=object)
    a[0, :] = np.array([[9, 0], [8, 7]], dtype=object)
    a[1, :] = np.array([[9, 0], [F(19, 2), 7]], dtype=object)
    return BayesianGame([a, a.transpose(1, 0, 3, 2)], marginals=[[trust, 1 - trust]] * 2,
                        types=[["stag-inclined", "hare-inclined"]] * 2,
                        actions=[["Stag", "Hare"]] * 2)


def arms_race(hawk_share, *, doves=((-1, 1),), d=3):
    """Discretised Baliga & Sjöström (2004): coordinator types with hostility h and arms
    cost c (payoffs (D,D)=0, (D,H)=-d, (H,D)=h, (H,H)=h-c with h < 0 < d - c: assurance)
    and one dominant hawk (arms whatever; payoff 1 whatever the other does: no spillover,
    so the hawk is exactly indifferent to what the other does once it arms — the games
    built here depend on that knife edge, see test_hawk_spillover_breaks_separation)."""
    K = len(doves) + 1
    row = np.empty((K, K, 2, 2), dtype=object)
    for t, (h, c) in enumerate(doves):
        row[t, :] = np.array([[0, -d], [h, h - c]], dtype=object)
    row[K - 1, :] = np.array([[0, -d], [1, 1]], dtype=object)
    rest = (1 - hawk_share) / len(doves)
    marg = [rest] * len(doves) + [hawk_share]
    types = [f"dove{k}" for k in range(len(doves))] + ["hawk"]
    return BayesianGame([row, row.transpose(1, 0, 3, 2)], marginals=[marg, marg],
                        types=[types, types], actions=[["D", "H"]] * 2)


def arms_race_probability_bne(game, eq):
    s0, s1 = [np.array(s, dtype=object) for s in eq.exact_strategies]
    m0, m1 = game.marginal(0, exact=True), game.marginal(1, exact=True)
    return sum(m0[a] * m1[b] * s0[a][1] * s1[b][1] for a in range(len(m0))
               for b in range(len(m1)))


# ---------------------------------------------------------------------- verification
def verify(talk: CheapTalkGame, res):
    """Independent exact checks of every reported equilibrium."""
    base = talk.base
    M = talk.num_messages
    for eq in res:
        assert isinstance(eq, CheapTalkEquilibrium)
        assert eq.max_regret == 0.0
        cont_idx = {}
        for (l0, l1), sig in eq.exact_continuation.items():
            a, b = talk.messages[0].index(l0), talk.messages[1].index(l1)
            sig = [np.array(s, dtype=object) for s in sig]
            cont_idx[(a, b)] = sig
            # continuation: zero interim regret for every type (senders and deviators)
            # under the reported posteriors
            post = [list(p) for p in eq.beliefs[(l0, l1)]]
            cont = BayesianGame(base.exact_payoffs, marginals=post)
            regrets = cont.interim_regrets(sig, exact=True)
            assert all(r == 0 for rr in regrets for r in rr), (l0, l1)
        assert len(cont_idx) == M[0] * M[1]
        # messages: the profile is a BNE of the (message, plan) strategic form, i.e. no
        # type gains by another message with the continuation after it
        big = talk.to_bayesian()
        ms = [np.array(s, dtype=object) for s in eq.exact_strategies]
        profile = talk.bayesian_profile(ms, cont_idx)
        regrets = big.interim_regrets(profile, exact=True)
        assert all(r == 0 for rr in regrets for r in rr)
        # kinds
        pooled = [len(set(np.argmax(np.array(s, dtype=float), axis=1))) == 1
                  for s in eq.strategies]
        assert (eq.kind == "babbling") == all(pooled)
        if eq.kind == "babbling":
            for prof in eq.on_path:
                for i in range(2):
                    assert np.allclose(np.array(eq.beliefs[prof][i], dtype=float),
                                       base.marginal(i))


# ---------------------------------------------------------------------- babbling
@st.composite
def two_type_games(draw):
    vals = draw(st.lists(st.integers(-3, 3), min_size=32, max_size=32))
    arr = np.array(vals, dtype=object).reshape(2, 2, 2, 2, 2)
    p = [F(draw(st.integers(1, 4)), 5), F(draw(st.integers(1, 4)), 5)]
    return BayesianGame([arr[0], arr[1]], marginals=[[p[0], 1 - p[0]], [p[1], 1 - p[1]]])


@settings(max_examples=15)
@given(two_type_games(), st.sampled_from(["mimic", "prior"]))
def test_babbling_always_exists(game, off_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        base_eqs = solve_bayesian(game, exact=True)
        talk = with_cheap_talk(game, messages=2)
        res = solve_cheap_talk(talk, exact=True, off_path=off_path)
    babbling = [e for e in res if e.kind == "babbling"]
    for beq in base_eqs:
        target = tuple(tuple(tuple(r) for r in s) for s in beq.exact_strategies)
        found = [e for e in babbling
                 if e.exact_continuation[("m0", "m0")] == target]
        assert found, "a BNE of the base game is missing as a babbling equilibrium"
    verify(talk, res)


def test_babbling_under_every_labelling():
    game = aumann(F(9, 10))
    res = solve_cheap_talk(with_cheap_talk(game, messages=2), exact=True, canonical=False)
    base = solve_bayesian(game, exact=True)
    for a in ("m0", "m1"):
        for b in ("m0", "m1"):
            found = [e for e in res if e.kind == "babbling" and e.on_path == {(a, b)}]
            assert len(found) == len(base)


# ---------------------------------------------------------------------- Aumann
@pytest.mark.parametrize("trust", [F(9, 10), F(1, 2), F(95, 100)])
@pytest.mark.parametrize("messages", [["Stag", "Hare"], 3])
@pytest.mark.parametrize("off_path", ["mimic", "prior"])
def test_aumann_stag_hunt_only_babbling(trust, messages, off_path):
    game = aumann(trust)
    talk = with_cheap_talk(game, messages=messages)
    res = solve_cheap_talk(talk, exact=True, off_path=off_path)
    assert res.only_babbling
    assert res.diagnostics["only_babbling"] is True
    assert not any(e.influential for e in res)
    assert "Only babbling survives" in res.describe()
    # every equilibrium, informative messages or not, has the outcome of a babbling one
    babbling = {e.outcome.tobytes() for e in res if e.kind == "babbling"}
    assert all(e.outcome.tobytes() in babbling for e in res)
    verify(talk, res)


def test_aumann_revealing_intentions_is_not_credible():
    """A hare-inclined type that announced itself would lose the other's Stag: the
    separating profile in which stag types then play Stag is not an equilibrium."""
    res = solve_cheap_talk(with_cheap_talk(aumann(F(9, 10)), messages=["Stag", "Hare"]),
                           exact=True)
    for e in res:
        if e.kind == "fully separating":
            sig = e.continuation[("Stag", "Stag")]
            assert sig[0][0, 1] == 1.0 and sig[1][0, 1] == 1.0  # stag types play Hare


# ---------------------------------------------------------------------- arms race
@pytest.mark.parametrize("hawk_share, doves", [
    (F(3, 5), ((-1, 1),)),
    (F(7, 10), ((-1, 1),)),
    (F(3, 5), ((-1, 1), (-F(1, 2), 1))),
])
def test_talk_lowers_probability_of_arms_race(hawk_share, doves):
    game = arms_race(hawk_share, doves=doves)
    without = solve_bayesian(game, exact=True, warn=False)
    best_without = min(arms_race_probability_bne(game, e) for e in without)
    talk = with_cheap_talk(game, messages=2)
    res = solve_cheap_talk(talk, exact=True, warn=False)
    assert not res.only_babbling
    informative = [e for e in res if e.kind != "babbling" and e.influential]
    assert informative
    best = min(informative, key=lambda e: e.action_distribution[1, 1])
    assert best.action_distribution[1, 1] < float(best_without) - 1e-12
    # the types that coordinate on peace reveal themselves: after both say the doves'
    # message, nobody arms
    dove_msg = best.message_of(0, "dove0")
    assert best.message_of(0, "hawk") != dove_msg
    sig = best.continuation[(dove_msg, dove_msg)]
    assert sig[0][0, 0] == 1.0 and sig[1][0, 0] == 1.0
    verify(talk, res)


def test_arms_race_numbers():
    game = arms_race(F(3, 5))
    without = solve_bayesian(game, exact=True)
    assert [arms_race_probability_bne(game, e) for e in without] == [1]
    res = solve_cheap_talk(with_cheap_talk(game), exact=True)
    best = min(res, key=lambda e: e.action_distribution[1, 1])
    assert best.kind == "fully separating"
    assert best.action_distribution[1, 1] == pytest.approx(21 / 25)
    assert best.exact_payoffs == (F(3, 25), F(3, 25))


def test_hawk_spillover_breaks_separation():
    """The two-type separation above needs the hawk's payoff not to depend on the other's
    action. With a spillover (H,H) = 1 - c_H < 1 = (H,D), a hawk announcing itself is
    met by an armed rival, while mimicking the dove meets an unarmed one (after two dove
    messages nobody arms), a gain of c_H Pr(dove): only babbling survives."""
    for hawk_hh in (F(1, 2), 0):
        row = arms_race(F(3, 5)).exact_payoffs[0].copy()
        row[1, :, 1, 1] = hawk_hh
        game = BayesianGame([row, row.transpose(1, 0, 3, 2)],
                            marginals=[[F(2, 5), F(3, 5)]] * 2,
                            types=[["dove0", "hawk"]] * 2, actions=[["D", "H"]] * 2)
        res = solve_cheap_talk(with_cheap_talk(game), exact=True)
        assert res.only_babbling and not any(e.influential for e in res)
        verify(with_cheap_talk(game), res)


# Baliga and Sjöström (2004) payoffs for every type, hawk included: (D,D)=0, (D,H)=-d, (H,D)=h,
# (H,H)=h-c; c = 3, d = 9 (Delta = d - c = 6). Three cooperative types and a hawk.
FOUR_H = (-5, F(-5, 4), -1, 1)
FOUR_P = (F(1, 2), F(1, 5), F(1, 5), F(1, 10))
FOUR_C, FOUR_D = 3, 9


def bs_payoff(h, a, b, c=FOUR_C, d=FOUR_D):
    """Row payoff of a type with hostility h; actions 0 = D (no arms), 1 = H (arms)."""
    return [[0, -d], [h, h - c]][a][b]


def four_type_arms_race(c=FOUR_C, d=FOUR_D):
    row = np.empty((4, 4, 2, 2), dtype=object)
    for t, h in enumerate(FOUR_H):
        row[t, :] = np.array([[bs_payoff(h, a, b, c, d) for b in range(2)]
                              for a in range(2)], dtype=object)
    types = ["dove-5", "dove-5/4", "dove-1", "hawk"]
    return BayesianGame([row, row.transpose(1, 0, 3, 2)], marginals=[list(FOUR_P)] * 2,
                        types=[types] * 2, actions=[["D", "H"]] * 2)


# The interval equilibrium, derived by hand. The middle types (h = -5/4, -1) say m1, the
# most dovish type (h = -5) and the hawk say m0. After (m1, m1) nobody arms; after a
# mismatch both arm; after (m0, m0) the hawk arms and the dovish type does not.
FOUR_MESSAGE = (0, 1, 1, 0)
FOUR_PLAY = {(1, 1): (None, 0, 0, None), (0, 1): (1, None, None, 1),
             (1, 0): (None, 1, 1, None), (0, 0): (0, None, None, 1)}


def _message_values(t):
    """Type t's value of each message: the rival follows FOUR_MESSAGE / FOUR_PLAY, type t
    best-responds to the rival's message and play (the deviator's best reply)."""
    h = FOUR_H[t]
    values = []
    for m in (0, 1):
        v = 0
        for m_other in (0, 1):
            senders = [s for s in range(4) if FOUR_MESSAGE[s] == m_other]
            v += max(sum(FOUR_P[s] * bs_payoff(h, a, FOUR_PLAY[(m_other, m)][s])
                         for s in senders) for a in (0, 1))
        values.append(v)
    return values


def test_four_type_arms_race_with_spillover_has_influential_talk():
    """A hawk with a spillover (it prefers the rival unarmed: (H,D) = 1 > (H,H) = -2) and
    still an influential equilibrium with strict incentives, through non-monotone
    continuations (the hawk says what the most dovish type says). Checked by hand first:
    with P0 = Pr(m0) = 3/5, P1 = 2/5 and pi_H = 1/10,
      - after (m0, m0) the dovish type's gain from arming is h + Delta pi_H / P0 =
        -5 + 1 < 0 and the hawk arms (h = 1 > 0); after a mismatch every type's gain is
        h + Delta > 0; after (m1, m1) it is h < 0;
      - the hawk gains 3 (pi_L - P1) = 3/10 by saying m0 (the dovish type does not arm
        then), the dovish type (P0 - P1)(3 - h) - 9 pi_H = 7/10, the middle types
        9 pi_H - (P0 - P1)(3 - h) = 1/20 and 1/10 by saying m1;
    then found by solve_cheap_talk."""
    # continuation play: each sender's action is a strict best reply to the posterior
    for (m_own, m_other), acts in FOUR_PLAY.items():
        senders = [s for s in range(4) if FOUR_MESSAGE[s] == m_other]
        for t in range(4):
            if FOUR_MESSAGE[t] != m_own:
                continue
            vals = [sum(FOUR_P[s] * bs_payoff(FOUR_H[t], a, FOUR_PLAY[(m_other, m_own)][s])
                        for s in senders) for a in (0, 1)]
            assert vals[acts[t]] > vals[1 - acts[t]], (m_own, m_other, t)
    # messages: strict incentives, margins as derived
    margins = []
    for t in range(4):
        values = _message_values(t)
        margins.append(values[FOUR_MESSAGE[t]] - values[1 - FOUR_MESSAGE[t]])
    assert margins == [F(7, 10), F(1, 20), F(1, 10), F(3, 10)]
    # the hawk has a spillover: the example is not the knife edge of arms_race()
    assert bs_payoff(1, 1, 0) > bs_payoff(1, 1, 1)

    game = four_type_arms_race()
    # (floating point: the exact run takes minutes on four types)
    res = solve_cheap_talk(with_cheap_talk(game, messages=2), warn=False)
    assert not res.only_babbling
    found = []
    for e in res:
        msgs = [e.message_of(0, lab) for lab in game.types[0]]
        if msgs != [msgs[0], msgs[1], msgs[1], msgs[0]] or msgs[0] == msgs[1]:
            continue
        label = {0: msgs[0], 1: msgs[1]}
        same = all(
            e.continuation[(label[a], label[b])][0][t, acts[t]] == 1.0
            for (a, b), acts in FOUR_PLAY.items() for t in range(4) if acts[t] is not None)
        if same:
            found.append(e)
    assert len(found) == 1
    best = found[0]
    assert best.influential and best.kind == "partially separating"
    # Pr(both arm) = Pr(mismatch) + Pr(two hawks) = 2 (3/5)(2/5) + 1/100
    assert best.action_distribution[1, 1] == pytest.approx(49 / 100)
    assert best.action_distribution[0, 0] == pytest.approx(41 / 100)
    assert best.max_regret <= res.tol
    # here talk raises the probability of an arms race: without talk, hawks arm in every
    # BNE (dominant), so Pr(both arm) >= 1/100, and "only hawks arm" is a BNE (a dove's
    # gain from arming is h + Delta / 10 < 0 for h <= -1)
    only_hawks = [np.array([[1, 0]] * 3 + [[0, 1]], dtype=object)] * 2
    assert all(r == 0 for rr in game.interim_regrets(only_hawks, exact=True) for r in rr)


def test_float_mode_agrees_with_exact():
    game = arms_race(F(3, 5))
    fgame = BayesianGame([np.array(p, dtype=float) for p in game.payoffs],
                         marginals=[[0.4, 0.6]] * 2)
    exact = solve_cheap_talk(with_cheap_talk(game), exact=True)
    flt = solve_cheap_talk(with_cheap_talk(fgame), exact=False)
    assert len(exact) == len(flt)
    for a, b in zip(exact, flt):
        assert a.kind == b.kind
        assert np.allclose(a.payoffs, b.payoffs)
        assert b.max_regret <= 1e-9


# ---------------------------------------------------------------------- objects & errors
def test_to_bayesian_shape_and_labels():
    talk = with_cheap_talk(aumann(F(1, 2)), messages=["Stag", "Hare"])
    big = talk.to_bayesian()
    assert big.num_actions == (8, 8)
    assert big.num_types == (2, 2)
    assert big.actions[0][0] == "Stag; Stag->Stag, Hare->Stag"
    assert big.independent


def test_message_argument_forms():
    game = aumann(F(1, 2))
    assert with_cheap_talk(game).messages == (("stag-inclined", "hare-inclined"),) * 2
    assert with_cheap_talk(game, 3).num_messages == (3, 3)
    assert with_cheap_talk(game, [["a"], ["b", "c"]]).messages == (("a",), ("b", "c"))
    with pytest.raises(InvalidGameError, match="distinct"):
        with_cheap_talk(game, ["a", "a"])
    with pytest.raises(InvalidGameError, match="at least one"):
        with_cheap_talk(game, [[], ["a"]])
    with pytest.raises(InvalidGameError, match=">= 1"):
        with_cheap_talk(game, 0)
    with pytest.raises(InvalidGameError, match="BayesianGame"):
        with_cheap_talk(np.zeros((2, 2)))


def test_solver_errors():
    with pytest.raises(InvalidGameError, match="CheapTalkGame"):
        solve_cheap_talk(aumann(F(1, 2)))
    with pytest.raises(ValueError, match="off_path"):
        solve_cheap_talk(with_cheap_talk(aumann(F(1, 2))), off_path="any")
    u = np.zeros((2, 2, 2, 2))
    correlated = BayesianGame([u, u], prior=[[0.5, 0.0], [0.0, 0.5]])
    with pytest.raises(UnsupportedGameError, match="independent"):
        solve_cheap_talk(with_cheap_talk(correlated))


def test_result_is_immutable_and_records_parameters():
    res = solve_cheap_talk(with_cheap_talk(arms_race(F(3, 5))), exact=True)
    assert res.parameters["off_path"] == "mimic"
    assert res.complete
    eq = res[0]
    with pytest.raises(Exception):
        eq.kind = "x"
    with pytest.raises(ValueError):
        eq.strategies[0][0, 0] = 0.5
    with pytest.raises(TypeError):
        eq.continuation[("dove", "dove")] = None


def test_equality_sees_continuation_play():
    res = solve_cheap_talk(with_cheap_talk(arms_race(F(3, 5))), exact=True)
    separating = [e for e in res if e.kind == "fully separating"]
    assert len(separating) == 3
    assert separating[0] == separating[0]
    assert separating[0] != separating[1]
