"""signaling_game_from_extensive: recognising a signalling game in an ExtensiveGame."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma.errors import InvalidGameError
from secdilemma.games.extensive import ExtensiveGameBuilder
from secdilemma.games.signaling_from_extensive import signaling_game_from_extensive
from secdilemma.models.reassurance import ReassuranceModel
from secdilemma.solvers.pbe import solve_pbe

TYPES = ("trustworthy", "greedy")
MESSAGES = ("no gesture", "gesture")


def reassurance_tree(model: ReassuranceModel, *, message_order=MESSAGES, action_order=None,
                     break_receiver_infoset=False, tie=False):
    """Kydd's reassurance timing as an ExtensiveGame (payoffs net of the gesture)."""
    rs, tg, rg, c, k = (model.value_trustworthy, model.temptation_greedy, model.value_greedy,
                        model.exploitation_loss, model.gesture_cost)
    honour = {"trustworthy": (rs, 1), "greedy": (rg, 1)}
    exploit = {"trustworthy": (0, -c), "greedy": (tg if not tie else rg, -c)}
    b = ExtensiveGameBuilder(players=["sender", "receiver"])
    mu = model.trust
    nature = b.chance(b.root, {"trustworthy": mu, "greedy": 1 - mu})
    acts = action_order or ("cooperate", "not cooperate")
    for t in TYPES:
        order = message_order if t == "trustworthy" else MESSAGES
        s = b.decision(nature[t], "sender", list(order), infoset=f"sender|{t}")
        for m in order:
            cost = k if m == "gesture" else 0
            label = f"receiver|{m}" + (f"|{t}" if break_receiver_infoset else "")
            r = b.decision(s[m], "receiver", list(acts), infoset=label)
            last = b.decision(r["cooperate"], "sender", ["honour", "exploit"])
            b.terminal(last["honour"], (honour[t][0] - cost, honour[t][1]))
            b.terminal(last["exploit"], (exploit[t][0] - cost, exploit[t][1]))
            b.terminal(r["not cooperate"], (-cost, 0))
    return b.build()


MODELS = [
    ReassuranceModel(trust=F(3, 10), gesture_cost=F(5, 2)),   # separating
    ReassuranceModel(trust=F(3, 10), gesture_cost=1),         # semi-separating
    ReassuranceModel(trust=F(7, 10), gesture_cost=1),         # pooling with trust
    ReassuranceModel(trust=F(7, 10), gesture_cost=F(5, 2), value_trustworthy=2,
                     temptation_greedy=3),                          # single crossing fails
]


@pytest.mark.parametrize("model", MODELS)
def test_reassurance_tree_equals_model_game(model):
    tree = reassurance_tree(model)
    got = signaling_game_from_extensive(tree, message_costs=[0, model.gesture_cost])
    want = model.to_game()
    assert got.types == want.types and got.messages == want.messages
    assert got.actions == want.actions
    assert got.exact_prior == want.exact_prior
    assert got.is_exact
    for name in ("exact_sender_payoffs", "exact_receiver_payoffs", "exact_message_costs",
                 "exact_net_sender_payoffs"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name
    # terminal outcomes (no last stage) are left out of last_stage
    assert dict(got.last_stage) == {key: v for key, v in want.last_stage.items()
                                    if key[1] == "cooperate"}


@pytest.mark.parametrize("model", MODELS)
def test_same_pbe_as_model(model):
    got = signaling_game_from_extensive(reassurance_tree(model))
    want = model.to_game()
    # without message_costs the sender payoffs are the tree's net payoffs
    assert np.array_equal(got.exact_net_sender_payoffs, want.exact_net_sender_payoffs)
    a = solve_pbe(got, exact=True)
    b = solve_pbe(want, exact=True)
    assert len(a) == len(b) > 0
    for e, f in zip(a, b):
        assert e == f
        assert e.kind == f.kind
        assert e.exact_payoffs == f.exact_payoffs
        for m in MESSAGES:
            assert e.beliefs[m].vertices == f.beliefs[m].vertices
    assert {ReassuranceModel.class_of(e) for e in a} == set(model.equilibrium_classes)


def test_action_and_message_order_follow_first_type():
    model = MODELS[0]
    tree = reassurance_tree(model, message_order=("gesture", "no gesture"),
                            action_order=("not cooperate", "cooperate"))
    g = signaling_game_from_extensive(tree)
    assert g.messages == ("gesture", "no gesture")
    assert g.actions == ("not cooperate", "cooperate")
    want = model.to_game()
    # permute: got[t, m, a] == want[t, 1 - m, 1 - a]
    assert np.array_equal(g.exact_net_sender_payoffs,
                          want.exact_net_sender_payoffs[:, ::-1, ::-1])


def test_float_tree_gives_float_game():
    model = ReassuranceModel(trust=0.3, gesture_cost=2.5)
    g = signaling_game_from_extensive(reassurance_tree(model))
    assert not g.is_exact
    assert np.allclose(g.net_sender_payoffs, model.to_game().net_sender_payoffs)


def test_tie_in_last_stage():
    tree = reassurance_tree(MODELS[0], tie=True)   # greedy: honour 1 = exploit 1
    with pytest.raises(InvalidGameError, match="unique best option.*greedy.*honour.*exploit"):
        signaling_game_from_extensive(tree)
    g = signaling_game_from_extensive(tree, tie_break="first")
    assert dict(g.last_stage)[("greedy", "cooperate")] == "honour"
    with pytest.raises(InvalidGameError, match="tie_break"):
        signaling_game_from_extensive(tree, tie_break="last")


def test_receiver_seeing_type_is_rejected():
    tree = reassurance_tree(MODELS[0], break_receiver_infoset=True)
    with pytest.raises(InvalidGameError, match="must not see the type"):
        signaling_game_from_extensive(tree)


def test_receiver_seeing_nothing_is_rejected():
    # one receiver information set across both messages: it does not see the message
    b = ExtensiveGameBuilder(players=["sender", "receiver"])
    nat = b.chance(b.root, {"s": F(1, 2), "g": F(1, 2)})
    for t in ("s", "g"):
        s = b.decision(nat[t], "sender", ["m0", "m1"], infoset=f"S{t}")
        for m in ("m0", "m1"):
            r = b.decision(s[m], "receiver", ["x", "y"], infoset="R")
            b.terminal(r["x"], (1, 0))
            b.terminal(r["y"], (0, 1))
    with pytest.raises(InvalidGameError, match="must see the message.*'R'.*4 nodes"):
        signaling_game_from_extensive(b.build())


def test_explicit_players_and_three_player_tree():
    # a bystander who never moves; players named explicitly
    b = ExtensiveGameBuilder(players=["bystander", "receiver", "sender"])
    nat = b.chance(b.root, {"s": F(1, 2), "g": F(1, 2)})
    for t in ("s", "g"):
        s = b.decision(nat[t], "sender", ["m0", "m1"], infoset=f"S{t}")
        for m in ("m0", "m1"):
            r = b.decision(s[m], "receiver", ["x", "y"], infoset=f"R{m}")
            b.terminal(r["x"], (7, 1 if t == "s" else 0, 2))
            b.terminal(r["y"], (7, 0 if t == "s" else 1, 1))
    g = signaling_game_from_extensive(b.build(), sender="sender", receiver=1)
    assert g.exact_sender_payoffs[0, 0].tolist() == [2, 1]
    assert g.exact_receiver_payoffs[1, 1].tolist() == [0, 1]
    assert g.last_stage is None
    with pytest.raises(InvalidGameError, match="sender must be one of"):
        signaling_game_from_extensive(b.build(), sender="nobody")
    with pytest.raises(InvalidGameError, match="must be a move of the sender 'bystander'"):
        signaling_game_from_extensive(b.build(), sender="bystander")


def test_root_must_be_chance():
    b = ExtensiveGameBuilder(players=["sender", "receiver"])
    root = b.decision(b.root, "sender", ["a", "b"])
    b.terminal(root["a"], (0, 0))
    b.terminal(root["b"], (1, 1))
    with pytest.raises(InvalidGameError, match="root must be a chance node"):
        signaling_game_from_extensive(b.build())


def test_zero_prior_type_rejected():
    b = ExtensiveGameBuilder(players=["sender", "receiver"])
    nat = b.chance(b.root, {"s": 1, "g": 0})
    for t in ("s", "g"):
        s = b.decision(nat[t], "sender", ["m"], infoset=f"S{t}")
        r = b.decision(s["m"], "receiver", ["x"], infoset="R")
        b.terminal(r["x"], (0, 0))
    with pytest.raises(InvalidGameError, match="positive prior"):
        signaling_game_from_extensive(b.build())


def test_sender_not_knowing_type_rejected():
    b = ExtensiveGameBuilder(players=["sender", "receiver"])
    nat = b.chance(b.root, {"s": F(1, 2), "g": F(1, 2)})
    for t in ("s", "g"):
        s = b.decision(nat[t], "sender", ["m0", "m1"], infoset="S")
        for m in ("m0", "m1"):
            r = b.decision(s[m], "receiver", ["x"], infoset=f"R{m}")
            b.terminal(r["x"], (0, 0))
    with pytest.raises(InvalidGameError, match="must know its type"):
        signaling_game_from_extensive(b.build())


def test_receiver_move_in_last_stage_rejected():
    b = ExtensiveGameBuilder(players=["sender", "receiver"])
    nat = b.chance(b.root, {"s": F(1, 2), "g": F(1, 2)})
    for t in ("s", "g"):
        s = b.decision(nat[t], "sender", ["m"], infoset=f"S{t}")
        r = b.decision(s["m"], "receiver", ["x"], infoset="R")
        again = b.decision(r["x"], "receiver", ["y", "z"])
        b.terminal(again["y"], (0, 0))
        b.terminal(again["z"], (0, 1))
    with pytest.raises(InvalidGameError, match="last stage.*sender 'sender' only"):
        signaling_game_from_extensive(b.build())


def test_different_messages_rejected():
    b = ExtensiveGameBuilder(players=["sender", "receiver"])
    nat = b.chance(b.root, {"s": F(1, 2), "g": F(1, 2)})
    for t, msgs in (("s", ["m0", "m1"]), ("g", ["m0", "m2"])):
        s = b.decision(nat[t], "sender", msgs, infoset=f"S{t}")
        for m in msgs:
            r = b.decision(s[m], "receiver", ["x"], infoset=f"R{m}")
            b.terminal(r["x"], (0, 0))
    with pytest.raises(InvalidGameError, match="same messages"):
        signaling_game_from_extensive(b.build())


def test_chance_in_last_stage_and_message_dependent_choice():
    # the last stage: the sender chooses, then chance decides success; the greedy
    # type's choice depends on the message (a message-specific payoff)
    b = ExtensiveGameBuilder(players=["sender", "receiver"])
    nat = b.chance(b.root, {"s": F(1, 3), "g": F(2, 3)})
    for t in ("s", "g"):
        s = b.decision(nat[t], "sender", ["m0", "m1"], infoset=f"S{t}")
        for m in ("m0", "m1"):
            r = b.decision(s[m], "receiver", ["x", "y"], infoset=f"R{m}")
            b.terminal(r["y"], (0, 0))
            last = b.decision(r["x"], "sender", ["keep", "grab"])
            b.terminal(last["keep"], (1, 1))
            lottery = b.chance(last["grab"], {"win": F(1, 2), "lose": F(1, 2)})
            gain = 4 if (t == "g" and m == "m0") else 1
            b.terminal(lottery["win"], (gain, -1))
            b.terminal(lottery["lose"], (0, -1))
    g = signaling_game_from_extensive(b.build())
    ls = dict(g.last_stage)
    assert ls[("g", "m0", "x")] == "grab"
    assert ls[("g", "m1", "x")] == "keep"
    assert g.exact_sender_payoffs[1, 0, 0] == 2
    assert g.exact_receiver_payoffs[1, 0, 0] == -1
    assert g.exact_sender_payoffs[0, 1, 0] == 1


def test_not_an_extensive_game():
    with pytest.raises(InvalidGameError, match="must be an ExtensiveGame"):
        signaling_game_from_extensive(MODELS[0].to_game())
