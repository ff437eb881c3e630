"""Recognise a signalling game in an extensive-form tree (``SignalingGame`` from an
``ExtensiveGame``).

The recognised structure (Fudenberg and Tirole 1991, §8.2), checked node by node:

1. the root is a **chance** node: its outcomes are the sender's types, its probabilities
   the prior (every type must have positive probability);
2. each type's node is a **decision node of the sender**, in its own information set
   (the sender knows its type); every type has the same message labels (any order);
3. after type ``t`` sends message ``m`` comes a **decision node of the receiver**; the
   nodes reached by message ``m`` (one per type, and nothing else) form one information
   set (the receiver sees the message, not the type); every message has the same action
   labels;
4. after the receiver's action comes either a **terminal node** or a **last stage** in
   which only the sender moves (singleton information sets; chance nodes allowed),
   solved by backward induction for each type (the sender honouring or exploiting).

Ties in the last stage: a sender indifferent between options that give the receiver
different payoffs makes backward induction ambiguous; ``tie_break="error"`` (default)
raises, ``tie_break="first"`` takes the first listed option. Options that tie for the
sender and give the receiver the same payoff are harmless (the first is recorded).

The terminal payoffs of the tree are the sender's payoffs **net** of any message cost.
Pass ``message_costs`` to express them as gross payoffs minus costs (the costs are added
back to the tree's sender payoffs and recorded as message costs, so the net payoffs are
the tree's either way).

References
----------
.. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §3.2 (backward induction)
   and ch. 8 (signalling games). MIT Press.
.. [2] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
   Organization* 54(2), 325-357.
"""

from __future__ import annotations

from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np

from .._validation import game_error
from .extensive import ExtensiveGame, Node
from .signaling import SignalingGame

__all__ = ["signaling_game_from_extensive"]

_FUNC = "signaling_game_from_extensive"


def _player_index(game: ExtensiveGame, who: Any, role: str) -> int | None:
    if who is None:
        return None
    if isinstance(who, str):
        if who not in game.players:
            raise game_error(_FUNC, f"{role} must be one of the players {game.players}; got "
                                    f"{who!r}")
        return game.players.index(who)
    if isinstance(who, (int, np.integer)) and not isinstance(who, bool) and (
            0 <= who < game.num_players):
        return int(who)
    raise game_error(_FUNC, f"{role} must be a player name or index; got {who!r}")


def _fold(game: ExtensiveGame, node: Node, sender: int, receiver: int, tie_break: str,
          where: str) -> tuple[Fraction, Fraction, str]:
    """Backward induction over a last stage in which only the sender (and chance) moves:
    ``(sender value, receiver value, plan)``."""
    if node.kind == "terminal":
        return node.payoffs[sender], node.payoffs[receiver], ""
    if node.kind == "chance":
        vs, vr, plans = Fraction(0), Fraction(0), []
        for act, p, child in zip(node.actions, node.probabilities, node.children):
            s, r, plan = _fold(game, game.nodes[child], sender, receiver, tie_break, where)
            vs += p * s
            vr += p * r
            if plan:
                plans.append(f"{act}->{plan}")
        return vs, vr, ("{" + ", ".join(plans) + "}") if plans else ""
    if node.player != sender:
        raise game_error(
            _FUNC, f"the last stage ({where}) must hold moves of the sender "
                   f"{game.players[sender]!r} only (and chance); got a move of "
                   f"{game.players[node.player]!r} at node {node.name!r}")
    if len(game.infoset(node.infoset).members) != 1:
        raise game_error(
            _FUNC, f"the sender's last-stage moves ({where}) must be at singleton information "
                   f"sets (it knows its type, message and the receiver's action); got "
                   f"information set {node.infoset!r} with "
                   f"{len(game.infoset(node.infoset).members)} nodes")
    rows = [(act,) + _fold(game, game.nodes[child], sender, receiver, tie_break, where)
            for act, child in zip(node.actions, node.children)]
    best = max(r[1] for r in rows)
    winners = [r for r in rows if r[1] == best]
    if tie_break == "error" and len({r[2] for r in winners}) > 1:
        names = ", ".join(repr(w[0]) for w in winners)
        raise game_error(
            _FUNC, f"the last stage must have a unique best option for the sender ({where}, "
                   f"node {node.name!r}); got a tie between {names} that gives the receiver "
                   f"different payoffs (pass tie_break='first')")
    act, s, r, plan = winners[0]
    return s, r, act + ("/" + plan if plan else "")


def signaling_game_from_extensive(game: ExtensiveGame, *, sender: Any = None,
                                  receiver: Any = None, message_costs: Any = None,
                                  tie_break: str = "error") -> SignalingGame:
    """The signalling game of an extensive-form tree with the structure chance → sender
    (one information set per type) → receiver (one information set per message) →
    optional sender last stage, solved by backward induction type by type.

    Parameters
    ----------
    game : ExtensiveGame
        Two players or more; only the sender and the receiver may move.
    sender, receiver : str or int, optional
        The players (default: the player moving after the chance root, and the player
        moving after the sender's message).
    message_costs : array_like, optional
        ``(M,)`` or ``(T, M)`` in the order of the first type's message labels. The
        tree's payoffs are net of them: the result has ``sender_payoffs`` = tree payoff +
        cost and these ``message_costs`` (default: no costs, gross = net).
    tie_break : {"error", "first"}
        What to do when a type is indifferent in the last stage between options giving
        the receiver different payoffs: raise, or take the first listed option.

    Returns
    -------
    SignalingGame
        Types = the chance outcomes (in order), messages = the first type's actions,
        actions = the first message's receiver actions. Exact when the tree is.
        :attr:`SignalingGame.last_stage` maps ``(type, action) -> option`` (the folded
        last-stage choice: action labels along the backward-induction path, ``"/"``
        separated) when the choice does not depend on the message, else
        ``(type, message, action) -> option``; terminal outcomes (no last stage) are
        left out. It is None when no action has a last stage.

    Raises
    ------
    InvalidGameError
        Naming the part of the tree that does not fit the signalling structure: a root
        that is not a chance node, a type with zero probability, a type node that is not
        the sender's or shares an information set, different message or action labels, a
        receiver information set that does not hold exactly one node per type of one
        message, a last stage with receiver moves, or a last-stage tie.

    References
    ----------
    .. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §3.2 and ch. 8. MIT
       Press.
    .. [2] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.

    Examples
    --------
    Kydd's (2000) reassurance timing (our formalisation) as a tree: chance draws
    the type, the sender gestures or not, the receiver cooperates or not, the sender
    honours or exploits.

    >>> from fractions import Fraction as F
    >>> from secdilemma.games.extensive import ExtensiveGameBuilder
    >>> from secdilemma.games.signaling_from_extensive import signaling_game_from_extensive
    >>> b = ExtensiveGameBuilder(players=["sender", "receiver"])
    >>> nature = b.chance(b.root, {"trustworthy": F(3, 10), "greedy": F(7, 10)})
    >>> pay = {"trustworthy": {"honour": 3, "exploit": 0}, "greedy": {"honour": 1, "exploit": 2}}
    >>> for t in ("trustworthy", "greedy"):
    ...     s = b.decision(nature[t], "sender", ["no gesture", "gesture"], infoset=f"S|{t}")
    ...     for m, k in (("no gesture", 0), ("gesture", F(5, 2))):
    ...         r = b.decision(s[m], "receiver", ["cooperate", "not cooperate"],
    ...                        infoset=f"R|{m}")
    ...         last = b.decision(r["cooperate"], "sender", ["honour", "exploit"])
    ...         b.terminal(last["honour"], (pay[t]["honour"] - k, 1))
    ...         b.terminal(last["exploit"], (pay[t]["exploit"] - k, -1))
    ...         b.terminal(r["not cooperate"], (-k, 0))
    >>> sg = signaling_game_from_extensive(b.build(), message_costs=[0, F(5, 2)])
    >>> dict(sg.last_stage)[("greedy", "cooperate")]
    'exploit'
    >>> sg.exact_net_sender_payoffs[:, 1, 0].tolist()
    [Fraction(1, 2), Fraction(-1, 2)]
    """
    if not isinstance(game, ExtensiveGame):
        raise game_error(_FUNC, f"game must be an ExtensiveGame; got {type(game).__name__}")
    if tie_break not in ("error", "first"):
        raise game_error(_FUNC, f"tie_break must be 'error' or 'first'; got {tie_break!r}")
    s_idx = _player_index(game, sender, "sender")
    r_idx = _player_index(game, receiver, "receiver")
    nodes = game.nodes
    root = game.root
    if root.kind != "chance":
        raise game_error(_FUNC, f"the root must be a chance node drawing the sender's type; "
                                f"got a {root.kind} node")
    types = root.actions
    prior = root.probabilities
    for t, p in zip(types, prior):
        if p == 0:
            raise game_error(_FUNC, f"every type must have positive prior probability; got "
                                    f"Pr({t!r}) = 0")
    # --- the sender's type nodes
    type_nodes = [nodes[c] for c in root.children]
    messages: tuple[str, ...] | None = None
    for t, node in zip(types, type_nodes):
        if node.kind != "decision":
            raise game_error(_FUNC, f"the node after type {t!r} must be the sender's choice of "
                                    f"message; got a {node.kind} node")
        if s_idx is None:
            s_idx = node.player
        if node.player != s_idx:
            raise game_error(_FUNC, f"the node after type {t!r} must be a move of the sender "
                                    f"{game.players[s_idx]!r}; got a move of "
                                    f"{game.players[node.player]!r}")
        members = game.infoset(node.infoset).members
        if len(members) != 1:
            raise game_error(_FUNC, f"the sender must know its type: the information set "
                                    f"{node.infoset!r} of type {t!r} must hold only that "
                                    f"type's node; got {len(members)} nodes")
        if messages is None:
            messages = node.actions
        elif set(node.actions) != set(messages):
            raise game_error(_FUNC, f"every type must have the same messages; got "
                                    f"{list(messages)} for type {types[0]!r} and "
                                    f"{list(node.actions)} for type {t!r}")
    assert messages is not None and s_idx is not None
    # --- the receiver's nodes: (type, message) -> node
    actions: tuple[str, ...] | None = None
    rnode: dict[tuple[int, int], Node] = {}
    for ti, (t, node) in enumerate(zip(types, type_nodes)):
        for mi, m in enumerate(messages):
            child = nodes[node.children[node.actions.index(m)]]
            if child.kind != "decision":
                raise game_error(_FUNC, f"after type {t!r} sends {m!r} the receiver must move; "
                                        f"got a {child.kind} node at {child.name!r}")
            if r_idx is None:
                r_idx = child.player
            if child.player != r_idx or child.player == s_idx:
                who = game.players[child.player]
                raise game_error(_FUNC, f"after type {t!r} sends {m!r} the receiver must move; "
                                        f"got a move of {who!r} at {child.name!r}")
            if actions is None:
                actions = child.actions
            elif set(child.actions) != set(actions):
                raise game_error(_FUNC, f"the receiver must have the same actions after every "
                                        f"message; got {list(actions)} and {list(child.actions)} "
                                        f"at {child.name!r}")
            rnode[(ti, mi)] = child
    assert actions is not None and r_idx is not None
    for mi, m in enumerate(messages):
        label = rnode[(0, mi)].infoset
        want = {rnode[(ti, mi)].id for ti in range(len(types))}
        for ti in range(len(types)):
            if rnode[(ti, mi)].infoset != label:
                raise game_error(
                    _FUNC, f"the receiver must not see the type: the nodes after message "
                           f"{m!r} must form one information set; got {label!r} for type "
                           f"{types[0]!r} and {rnode[(ti, mi)].infoset!r} for type "
                           f"{types[ti]!r}")
        have = set(game.infoset(label).members)
        if have != want:
            raise game_error(
                _FUNC, f"the receiver must see the message: information set {label!r} must "
                       f"hold exactly the {len(types)} nodes after message {m!r} (one per "
                       f"type); got {len(have)} nodes, including "
                       f"{sorted(nodes[k].name for k in have - want)[:3]}")
    # --- payoffs, folding the last stage
    T, M, A = len(types), len(messages), len(actions)
    sp = np.empty((T, M, A), dtype=object)
    rp = np.empty((T, M, A), dtype=object)
    choices: dict[tuple[int, int, int], str] = {}
    for (ti, mi), node in rnode.items():
        for ai, a in enumerate(actions):
            child = nodes[node.children[node.actions.index(a)]]
            where = f"type {types[ti]!r}, message {messages[mi]!r}, action {a!r}"
            s, r, plan = _fold(game, child, s_idx, r_idx, tie_break, where)
            sp[ti, mi, ai] = s
            rp[ti, mi, ai] = r
            if child.kind != "terminal":
                choices[(ti, mi, ai)] = plan
    costs = None
    if message_costs is not None:
        raw = np.array(message_costs, dtype=object)
        if raw.shape == (M,):
            raw = np.array([list(raw)] * T, dtype=object)
        if raw.shape != (T, M):
            raise game_error(_FUNC, f"message_costs must have shape ({M},) or ({T}, {M}); got "
                                    f"{np.shape(message_costs)}")
        costs = raw
        for ti in range(T):
            for mi in range(M):
                for ai in range(A):
                    sp[ti, mi, ai] = sp[ti, mi, ai] + costs[ti, mi]
    if not game.is_exact:
        sp = np.array(sp, dtype=float)
        rp = np.array(rp, dtype=float)
        prior_in: Any = [float(p) for p in prior]
    else:
        prior_in = list(prior)
    out = SignalingGame(list(types), prior_in, list(messages), list(actions), sp, rp,
                        message_costs=costs)
    if choices:
        by_ta: dict[tuple[str, str], set] = {}
        for (ti, mi, ai), plan in choices.items():
            by_ta.setdefault((types[ti], actions[ai]), set()).add(plan)
        if all(len(v) == 1 for v in by_ta.values()) and all(
                sum(1 for (ti, _, ai) in choices if (types[ti], actions[ai]) == key) == M
                for key in by_ta):
            mapping = {key: next(iter(v)) for key, v in by_ta.items()}
        else:
            mapping = {(types[ti], messages[mi], actions[ai]): plan
                       for (ti, mi, ai), plan in choices.items()}
        # SignalingGame keeps the folded choices in a private slot (as from_last_stage)
        out._last_stage = MappingProxyType(mapping)
    return out
