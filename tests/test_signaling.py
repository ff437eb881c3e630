"""SignalingGame: construction, validation, backward-induction folding, strategic form.

Reference numbers: Kydd (2000) reassurance game as formalised in MODELS.md §3
(R_S = 3, T_G = 2, R_G = 1, c_r = 1).
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma.errors import InvalidGameError
from secdilemma.games.signaling import SignalingGame

TYPES, MESSAGES, ACTIONS = ["S", "G"], ["none", "gesture"], ["coop", "not"]
LAST = {"coop": {"honour": ([3, 1], [1, 1]), "exploit": ([0, 2], [-1, -1])},
        "not": {"status quo": (0, 0)}}


def reassurance(k=F(5, 2), mu=F(3, 10)):
    return SignalingGame.from_last_stage(TYPES, [mu, 1 - mu], MESSAGES, ACTIONS, LAST,
                                         message_costs=[0, k])


def test_from_last_stage_folds_by_backward_induction():
    game = reassurance()
    assert dict(game.last_stage) == {("S", "coop"): "honour", ("G", "coop"): "exploit",
                                     ("S", "not"): "status quo", ("G", "not"): "status quo"}
    # sender: S gets R_S = 3 after cooperation, G gets T_G = 2; receiver 1 / -1
    assert game.exact_sender_payoffs[:, 0, 0].tolist() == [3, 2]
    assert game.exact_receiver_payoffs[:, 1, 0].tolist() == [1, -1]
    assert game.exact_net_sender_payoffs[:, 1, 0].tolist() == [F(1, 2), F(-1, 2)]
    assert game.exact_net_sender_payoffs[:, 1, 1].tolist() == [F(-5, 2), F(-5, 2)]
    assert game.is_exact and game.exact_prior == (F(3, 10), F(7, 10))


def test_arrays_are_read_only_and_costs_broadcast():
    game = reassurance()
    for arr in (game.prior, game.sender_payoffs, game.receiver_payoffs, game.message_costs,
                game.net_sender_payoffs):
        with pytest.raises(ValueError):
            arr[(0,) * arr.ndim] = 9
    assert game.message_costs.shape == (2, 2)
    typed = SignalingGame(TYPES, [0.5, 0.5], MESSAGES, ACTIONS, np.zeros((2, 2, 2)),
                          np.zeros((2, 2, 2)), message_costs=[[0, 1], [0, 2]])
    assert typed.net_sender_payoffs[:, 1, 0].tolist() == [-1.0, -2.0]
    assert not typed.is_exact


def test_strategic_form_payoffs():
    game = reassurance()
    nf = game.to_normal_form()
    assert nf.shape == (4, 4)
    s = nf.actions[0].index("S:gesture|G:none")
    r = nf.actions[1].index("none:not|gesture:coop")
    u_s, u_r = nf.exact_payoffs[0][s, r], nf.exact_payoffs[1][s, r]
    assert u_s == F(3, 10) * F(1, 2) + F(7, 10) * 0
    assert u_r == F(3, 10)
    assert game.expected_payoffs([[0, 1], [1, 0]], [[0, 1], [1, 0]], exact=True) == (u_s, u_r)


@pytest.mark.parametrize("kwargs, match", [
    ({"prior": [F(1, 2), F(1, 3)]}, "prior must sum to 1"),
    ({"prior": [F(3, 2), F(-1, 2)]}, "prior must be non-negative"),
    ({"prior": [0.5, 0.6]}, "prior must sum to 1"),
    ({"sender_payoffs": np.zeros((2, 2, 3))}, r"sender_payoffs must have shape \(2, 2, 2\)"),
    ({"receiver_payoffs": [[[0, np.inf], [0, 0]], [[0, 0], [0, 0]]]},
     "receiver_payoffs must be finite"),
    ({"message_costs": [1, 2, 3]}, "message_costs must have shape"),
    ({"types": ["S", "S"]}, "types must be distinct"),
    ({"messages": []}, "messages must have at least one label"),
    ({"sender_payoffs": [[["a", 0], [0, 0]], [[0, 0], [0, 0]]]},
     "sender_payoffs must hold real numbers"),
])
def test_invalid_games_raise_clear_errors(kwargs, match):
    args = {"types": TYPES, "prior": [F(1, 2), F(1, 2)], "messages": MESSAGES,
            "actions": ACTIONS, "sender_payoffs": np.zeros((2, 2, 2), dtype=int),
            "receiver_payoffs": np.zeros((2, 2, 2), dtype=int)}
    args.update(kwargs)
    with pytest.raises(InvalidGameError, match=match) as info:
        SignalingGame(args.pop("types"), args.pop("prior"), args.pop("messages"),
                      args.pop("actions"), **args)
    assert str(info.value).startswith("SignalingGame(): ")
    assert isinstance(info.value, ValueError)


def test_last_stage_errors():
    tie = {"coop": {"honour": ([1, 1], [1, 1]), "exploit": ([1, 2], [-1, -1])},
           "not": {"status quo": (0, 0)}}
    with pytest.raises(InvalidGameError, match="unique best option for type 'S'"):
        SignalingGame.from_last_stage(TYPES, [F(1, 2)] * 2, MESSAGES, ACTIONS, tie)
    game = SignalingGame.from_last_stage(TYPES, [F(1, 2)] * 2, MESSAGES, ACTIONS, tie,
                                         tie_break="first")
    assert dict(game.last_stage)[("S", "coop")] == "honour"
    with pytest.raises(InvalidGameError, match=r"last_stage\['not'\] must be a non-empty"):
        SignalingGame.from_last_stage(TYPES, [F(1, 2)] * 2, MESSAGES, ACTIONS,
                                      {"coop": LAST["coop"]})
    with pytest.raises(InvalidGameError, match="last_stage keys must be actions"):
        SignalingGame.from_last_stage(TYPES, [F(1, 2)] * 2, MESSAGES, ACTIONS,
                                      {**LAST, "attack": {"x": (0, 0)}})
    with pytest.raises(InvalidGameError, match="must be a pair"):
        SignalingGame.from_last_stage(TYPES, [F(1, 2)] * 2, MESSAGES, ACTIONS,
                                      {**LAST, "not": {"status quo": 0}})
