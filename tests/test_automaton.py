"""Automaton strategies and the RepeatedGame container: structure, behaviour, validation."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest

from secdilemma import InvalidGameError, InvalidParameterError, bimatrix
from secdilemma.games.automaton import (CLASSIC_STRATEGIES, Automaton, always_cooperate,
                                        always_defect, contrite_tit_for_tat,
                                        generous_tit_for_tat, grim_trigger,
                                        k_period_punishment, tit_for_tat,
                                        win_stay_lose_shift)
from secdilemma.games.repeated import RepeatedGame

C, D = 0, 1


def play(a: Automaton, b: Automaton, rounds: int, flips=()):
    """Deterministic play of two pure automata; ``flips`` lists (round, player) whose
    intended action is flipped. Returns the realised profiles."""
    sa, sb = a.initial_state, b.initial_state
    out = []
    for t in range(rounds):
        x, y = a.actions[sa], b.actions[sb]
        if (t, 0) in flips:
            x = 1 - x
        if (t, 1) in flips:
            y = 1 - y
        out.append((x, y))
        sa, sb = a.next_state(sa, x, y), b.next_state(sb, y, x)
    return out


# ---------------------------------------------------------------------- classic strategies
def test_always_strategies():
    assert always_cooperate().actions == (C,)
    assert always_defect().actions == (D,)
    assert always_cooperate().num_states == always_defect().num_states == 1


def test_grim_trigger_never_forgives():
    g = grim_trigger()
    assert play(g, g, 4, flips={(1, 1)}) == [(C, C), (C, D), (D, D), (D, D)]


def test_tit_for_tat_echoes_a_mistake():
    t = tit_for_tat()
    assert play(t, t, 5, flips={(1, 0)}) == [(C, C), (D, C), (C, D), (D, C), (C, D)]


def test_contrite_tit_for_tat_accepts_punishment():
    """Boyd (1989): after its own mistake CTFT takes the punishment and mutual
    cooperation resumes (no echo)."""
    c = contrite_tit_for_tat()
    assert play(c, c, 5, flips={(1, 0)}) == [(C, C), (D, C), (C, D), (C, C), (C, C)]
    # against ALLD it defends itself after the first exploitation
    assert play(c, always_defect(), 3) == [(C, D), (D, D), (D, D)]


def test_contrite_tit_for_tat_states():
    c = contrite_tit_for_tat()
    assert c.actions == (C, D, C, C)
    # (own standing, other's standing): 0=(g,g), 1=(g,b), 2=(b,g), 3=(b,b)
    assert c.next_state(0, C, D) == 1     # the other defected without cause
    assert c.next_state(1, D, C) == 0     # my justified defection keeps me good
    assert c.next_state(2, D, D) == 2     # I defect while in bad standing: still bad
    assert c.next_state(3, D, D) == 3


def test_win_stay_lose_shift_recovers_in_two_rounds():
    w = win_stay_lose_shift()
    assert play(w, w, 5, flips={(1, 0)}) == [(C, C), (D, C), (D, D), (C, C), (C, C)]
    assert play(w, always_defect(), 4) == [(C, D), (D, D), (C, D), (D, D)]


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_k_period_punishment_cycle(k):
    p = k_period_punishment(k)
    assert p.num_states == k + 1
    realised = play(p, p, k + 3, flips={(0, 1)})
    assert realised[0] == (C, D)
    assert realised[1:k + 1] == [(D, D)] * k
    assert realised[k + 1:] == [(C, C)] * 2


def test_generous_tit_for_tat_is_mixed_and_exact():
    g = generous_tit_for_tat(Fraction(1, 4))
    assert g.is_exact and not g.is_pure
    assert g.probabilities[1] == (Fraction(1, 4), Fraction(3, 4))
    f = generous_tit_for_tat(0.25)
    assert not f.is_exact and f.probabilities[1] == (0.25, 0.75)
    assert generous_tit_for_tat(0).is_pure


def test_registry_and_names():
    assert set(CLASSIC_STRATEGIES) == {
        "always_cooperate", "always_defect", "grim_trigger", "tit_for_tat",
        "generous_tit_for_tat", "contrite_tit_for_tat", "win_stay_lose_shift",
        "k_period_punishment"}
    assert repr(tit_for_tat()) == "<Automaton 'TFT': 2 states, 2 actions>"


def test_automaton_is_immutable_and_comparable():
    t = tit_for_tat()
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.initial_state = 1
    with pytest.raises(ValueError):
        t.transitions[0, 0, 0] = 1
    assert t == tit_for_tat() and hash(t) == hash(tit_for_tat())
    assert t != grim_trigger()


def test_three_action_automaton():
    a = Automaton([0, [Fraction(1, 3)] * 3], np.zeros((2, 3, 2), dtype=int))
    assert a.num_actions == 3 and a.num_opponent_actions == 2
    assert a.actions[0] == 0 and a.actions[1] == (Fraction(1, 3),) * 3


# ---------------------------------------------------------------------- validation
TFT_T = [[[0, 1], [0, 1]], [[0, 1], [0, 1]]]


@pytest.mark.parametrize("actions, transitions, initial, message", [
    ([0, 1], [[0, 1], [0, 1]], 0, "transitions must be an integer array of shape"),
    ([0, 1], [[[0.5, 1], [0, 1]], [[0, 1], [0, 1]]], 0, "transitions must hold integer"),
    ([0, 1], [[[0, 2], [0, 1]], [[0, 1], [0, 1]]], 0, "transitions must point to states in 0..1; got 2"),
    ([0], TFT_T, 0, "actions_per_state must have one entry per state (2, from transitions); got 1"),
    ([0, 2], TFT_T, 0, "actions_per_state[1] must be an action index in 0..1; got 2"),
    ([0, [0.5, 0.6]], TFT_T, 0, "actions_per_state[1] must sum to 1; got 1.1"),
    ([0, [Fraction(1, 2), Fraction(1, 3)]], TFT_T, 0, "actions_per_state[1] must sum to 1; got 5/6"),
    ([0, [-0.5, 1.5]], TFT_T, 0, "actions_per_state[1] must be non-negative"),
    ([0, [1, 0, 0]], TFT_T, 0, "probability vector of length 2"),
    ([0, [np.nan, 1]], TFT_T, 0, "finite real probabilities"),
    ([0, 1], TFT_T, 2, "initial_state must be a state index in 0..1; got 2"),
    ([0, 1], TFT_T, True, "initial_state must be a state index"),
])
def test_automaton_errors(actions, transitions, initial, message):
    with pytest.raises(InvalidGameError) as info:
        Automaton(actions, transitions, initial_state=initial)
    assert message in str(info.value)
    assert str(info.value).startswith("Automaton(): ")


def test_automaton_name_must_be_string():
    with pytest.raises(InvalidGameError, match="name must be a string"):
        Automaton([0, 1], TFT_T, name=3)


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), "half"])
def test_generosity_errors(bad):
    with pytest.raises(InvalidParameterError, match=r"^generous_tit_for_tat\(\): generosity"):
        generous_tit_for_tat(bad)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_k_errors(bad):
    with pytest.raises(InvalidParameterError,
                       match=r"^k_period_punishment\(\): k must be an integer >= 1"):
        k_period_punishment(bad)


# ---------------------------------------------------------------------- RepeatedGame
def test_repeated_game_holds_parameters(prisoners_dilemma):
    g = RepeatedGame(prisoners_dilemma, discount=Fraction(9, 10), noise=0.05)
    assert g.stage is prisoners_dilemma and g.discount == Fraction(9, 10) and g.noise == 0.05
    with pytest.raises(dataclasses.FrozenInstanceError):
        g.discount = 0.5
    assert RepeatedGame(prisoners_dilemma, discount=0).noise == 0.0


@pytest.mark.parametrize("kwargs, error, message", [
    ({"discount": 1}, InvalidParameterError, "RepeatedGame(): discount must be < 1; got 1"),
    ({"discount": -0.1}, InvalidParameterError, "RepeatedGame(): discount must be >= 0; got -0.1"),
    ({"discount": "0.9"}, InvalidParameterError, "discount must be a real number"),
    ({"discount": 0.9, "noise": 0.6}, InvalidParameterError,
     "RepeatedGame(): noise must be <= 0.5; got 0.6"),
    ({"discount": 0.9, "noise": -1e-3}, InvalidParameterError, "noise must be >= 0"),
])
def test_repeated_game_parameter_errors(prisoners_dilemma, kwargs, error, message):
    with pytest.raises(error) as info:
        RepeatedGame(prisoners_dilemma, **kwargs)
    assert message in str(info.value)


def test_repeated_game_stage_errors(three_player_coordination):
    with pytest.raises(InvalidGameError, match="stage must be a two-player game; got 3"):
        RepeatedGame(three_player_coordination, discount=0.5)
    with pytest.raises(InvalidGameError, match="stage must be a NormalFormGame; got list"):
        RepeatedGame([[1, 2], [3, 4]], discount=0.5)
    with pytest.raises(TypeError):
        RepeatedGame(bimatrix([[1]], [[1]]), 0.5)  # discount is keyword-only
