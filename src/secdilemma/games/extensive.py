"""Finite extensive-form games: trees of chance, decision and terminal nodes with
information sets.

Conventions (fixed once for this module):

- A game is built with :class:`ExtensiveGameBuilder` and frozen by
  :meth:`ExtensiveGameBuilder.build`, which validates the whole tree and returns an
  immutable :class:`ExtensiveGame`.
- A node is named by its **path**: the tuple of action labels (chance outcomes included)
  from the root, e.g. ``("In", "Fight")``; the root is ``()``. In messages and strategy
  labels a path is written ``"In/Fight"`` and the root ``"root"``.
- An **information set** is named by a string label, unique in the game. A decision node
  given no label gets a singleton information set labelled ``"<player>|<path>"`` (e.g.
  ``"incumbent|In"``, ``"entrant|root"``).
- Players are numbered in the order given to the builder; chance is not a player.
- Payoffs and chance probabilities given as ints or :class:`~fractions.Fraction` are kept
  exactly (:attr:`ExtensiveGame.is_exact`); floats are accepted too.
- A **pure strategy** of player ``i`` picks one action at each of ``i``'s information
  sets (in the order of :meth:`ExtensiveGame.infosets`); a **reduced** pure strategy
  leaves out the information sets that the player's own earlier actions exclude (shown
  as ``*`` in strategy labels, as in Gambit).
- A **behaviour profile** maps information-set labels to probability distributions over
  their actions: a sequence in action order or a mapping ``{action: probability}``.

Perfect recall is required: every player remembers their own earlier information sets
and actions, so Kuhn's theorem makes behaviour and mixed strategies equivalent.

References
----------
.. [1] Kuhn, H. W. (1953). Extensive games and the problem of information. In
   *Contributions to the Theory of Games II*, Annals of Mathematics Studies 28, 193-216.
.. [2] Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points
   in extensive games. *International Journal of Game Theory* 4(1), 25-55.
.. [3] Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, ch. 6 and 11.
"""

from __future__ import annotations

import itertools
import math
import numbers
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

from .._validation import check_probability_vector, game_error, is_exact_scalar, to_fraction
from ..errors import InvalidGameError, InvalidParameterError, UnsupportedGameError
from .normal_form import NormalFormGame

__all__ = ["ExtensiveGame", "ExtensiveGameBuilder", "Node", "InformationSet", "NodeRef"]

#: Largest number of strategy profiles a normal form may have before it is refused.
MAX_PROFILES = 2_000_000

#: Largest number of pure strategies of one player :meth:`ExtensiveGame.pure_strategies`
#: lists (beyond it, an UnsupportedGameError instead of hours and gigabytes).
MAX_PURE_STRATEGIES = MAX_PROFILES

_BUILDER = "ExtensiveGameBuilder"


def _node_name(path: Sequence[str]) -> str:
    return "/".join(path) if path else "root"


@dataclass(frozen=True)
class Node:
    """One node of an :class:`ExtensiveGame` (read-only).

    Attributes
    ----------
    id : int
        Position in the depth-first (preorder) order of the tree; the root is 0 and a
        node's subtree holds the ids ``id, ..., id + size - 1``.
    path : tuple of str
        Action labels from the root to this node.
    kind : {"decision", "chance", "terminal"}
    player : int or None
        Index of the player who moves (decision nodes).
    infoset : str or None
        Label of the information set (decision nodes).
    actions : tuple of str
        Labels of the actions (empty at terminal nodes).
    probabilities : tuple of Fraction or None
        Chance probabilities, in action order (chance nodes).
    payoffs : tuple of Fraction or None
        One payoff per player (terminal nodes), as exact rationals (a float payoff is
        the binary rational it stores).
    parent : int or None
    children : tuple of int
        Child node ids, in action order.
    size : int
        Number of nodes in the subtree rooted here (this node included).

    Examples
    --------
    >>> from secdilemma.games.extensive import ExtensiveGameBuilder
    >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
    >>> root = b.decision(b.root, "entrant", ["Out", "In"])
    >>> b.terminal(root["Out"], (0, 2))
    >>> b.terminal(root["In"], (1, 1))
    >>> game = b.build()
    >>> game.node("In").kind, game.node("In").payoffs
    ('terminal', (Fraction(1, 1), Fraction(1, 1)))
    """

    id: int
    path: tuple[str, ...]
    kind: str
    player: int | None
    infoset: str | None
    actions: tuple[str, ...]
    probabilities: tuple[Fraction, ...] | None
    payoffs: tuple[Fraction, ...] | None
    parent: int | None
    children: tuple[int, ...]
    size: int

    @property
    def name(self) -> str:
        """The path written ``"a/b/c"`` (``"root"`` for the root)."""
        return _node_name(self.path)

    @property
    def is_terminal(self) -> bool:
        return self.kind == "terminal"


@dataclass(frozen=True)
class InformationSet:
    """An information set of an :class:`ExtensiveGame` (read-only).

    Attributes
    ----------
    label : str
    player : int
        Index of the player who moves here.
    actions : tuple of str
    members : tuple of int
        Ids of the nodes in the set, in preorder.
    own_history : tuple of (str, str)
        The ``(information set, action)`` pairs of the same player on the way to every
        member (equal for all members: perfect recall).

    Examples
    --------
    >>> from secdilemma.games.extensive import ExtensiveGameBuilder
    >>> b = ExtensiveGameBuilder(players=["a", "b"])
    >>> root = b.decision(b.root, "a", ["L", "R"])
    >>> for act in ("L", "R"):
    ...     n = b.decision(root[act], "b", ["l", "r"], infoset="b guesses")
    ...     b.terminal(n["l"], (1, 0)); b.terminal(n["r"], (0, 1))
    >>> info = b.build().infosets("b")[0]
    >>> info.label, info.members
    ('b guesses', (1, 4))
    """

    label: str
    player: int
    actions: tuple[str, ...]
    members: tuple[int, ...]
    own_history: tuple[tuple[str, str], ...]


class NodeRef:
    """A handle on a position of the tree being built by an
    :class:`ExtensiveGameBuilder`; ``ref[action]`` is the position reached by
    ``action`` (once this position holds a decision or chance node).

    Examples
    --------
    >>> from secdilemma.games.extensive import ExtensiveGameBuilder
    >>> b = ExtensiveGameBuilder(players=["a"])
    >>> root = b.decision(b.root, "a", ["x", "y"])
    >>> root["x"]
    NodeRef('x')
    """

    __slots__ = ("_builder", "_path")

    def __init__(self, builder: ExtensiveGameBuilder, path: tuple[str, ...]) -> None:
        self._builder = builder
        self._path = path

    @property
    def path(self) -> tuple[str, ...]:
        """Action labels from the root to this position."""
        return self._path

    def __getitem__(self, action: str) -> NodeRef:
        spec = self._builder._specs.get(self._path)
        if spec is None or spec["kind"] == "terminal":
            raise game_error(
                "NodeRef.__getitem__",
                f"node {_node_name(self._path)!r} must be a decision or chance node before "
                f"its children are used; got {'a terminal node' if spec else 'an empty position'}")
        if action not in spec["actions"]:
            listed = ", ".join(repr(a) for a in spec["actions"])
            raise game_error("NodeRef.__getitem__",
                             f"action at node {_node_name(self._path)!r} must be one of "
                             f"{listed}; got {action!r}")
        return NodeRef(self._builder, self._path + (action,))

    def __repr__(self) -> str:
        return f"NodeRef({_node_name(self._path)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NodeRef):
            return NotImplemented
        return self._builder is other._builder and self._path == other._path

    def __hash__(self) -> int:
        return hash(self._path)


class ExtensiveGameBuilder:
    """Build an :class:`ExtensiveGame` node by node, from the root down.

    Each of :meth:`decision`, :meth:`chance` and :meth:`terminal` fills one position of
    the tree, given as a :class:`NodeRef` (``builder.root`` for the root, ``ref[action]``
    for a child). Local mistakes (unknown player, duplicate actions, probabilities that
    do not sum to 1, a position filled twice, an information set that mixes players or
    action labels) raise :class:`~secdilemma.InvalidGameError` at the call;
    :meth:`build` checks the whole tree (every branch ends in a terminal node with
    payoffs, perfect recall) and returns the immutable game.

    Parameters
    ----------
    players : sequence of str
        Distinct player names; player ``i`` is ``players[i]``.

    Raises
    ------
    InvalidGameError
        If ``players`` is empty or not distinct strings.

    References
    ----------
    .. [1] Kuhn, H. W. (1953). Extensive games and the problem of information.
       *Contributions to the Theory of Games II*, 193-216.
    .. [2] Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, ch. 6
       (perfect information) and ch. 11 (imperfect information).

    Examples
    --------
    A state of unknown type (chance: security seeker ``S`` with probability 1/3, greedy
    ``G`` otherwise) may make a reassuring gesture; the other state sees the gesture but
    not the type:

    >>> from fractions import Fraction
    >>> from secdilemma.games.extensive import ExtensiveGameBuilder
    >>> b = ExtensiveGameBuilder(players=["sender", "receiver"])
    >>> root = b.chance(b.root, {"S": Fraction(1, 3), "G": Fraction(2, 3)})
    >>> for t in ("S", "G"):
    ...     s = b.decision(root[t], "sender", ["gesture", "none"], infoset=f"sender|{t}")
    ...     for m in ("gesture", "none"):
    ...         r = b.decision(s[m], "receiver", ["trust", "arm"], infoset=f"receiver|{m}")
    ...         cost = 1 if m == "gesture" else 0
    ...         b.terminal(r["trust"], (3 - cost if t == "S" else 4 - 2 * cost,
    ...                                 2 if t == "S" else -2))
    ...         b.terminal(r["arm"], (1 - cost, 0))
    >>> game = b.build()
    >>> game
    <ExtensiveGame: 2 players, 15 nodes, 4 information sets, imperfect information>
    >>> [i.label for i in game.infosets("receiver")]
    ['receiver|gesture', 'receiver|none']
    """

    def __init__(self, players: Sequence[str]) -> None:
        func = _BUILDER
        if isinstance(players, str) or not isinstance(players, Sequence):
            raise game_error(func, f"players must be a sequence of distinct names; got {players!r}")
        players = tuple(players)
        if not players or not all(isinstance(p, str) and p for p in players) or len(
                set(players)) != len(players):
            raise game_error(func, f"players must be at least one distinct non-empty name; "
                                   f"got {list(players)}")
        self._players = players
        self._specs: dict[tuple[str, ...], dict[str, Any]] = {}
        self._infosets: dict[str, tuple[int, tuple[str, ...]]] = {}

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def root(self) -> NodeRef:
        """The position of the root."""
        return NodeRef(self, ())

    # ------------------------------------------------------------------ helpers
    def _position(self, func: str, at: Any) -> tuple[str, ...]:
        if at is None:
            path: tuple[str, ...] = ()
        elif isinstance(at, NodeRef):
            if at._builder is not self:
                raise game_error(func, f"at must be a position of this builder; got {at!r} "
                                       f"from another builder")
            path = at.path
        elif isinstance(at, (tuple, list)) and all(isinstance(a, str) for a in at):
            path = tuple(at)
        else:
            raise game_error(func, f"at must be a NodeRef (builder.root or ref[action]) or a "
                                   f"tuple of action labels; got {at!r}")
        if path in self._specs:
            raise game_error(func, f"at must be an empty position; got node "
                                   f"{_node_name(path)!r}, which is already filled")
        if path:
            parent = self._specs.get(path[:-1])
            if parent is not None and "action_set" not in parent:
                # a set of the actions, made once: filling a wide node is not quadratic
                parent["action_set"] = frozenset(parent["actions"])
            if parent is None or parent["kind"] == "terminal" or path[-1] not in parent[
                    "action_set"]:
                raise game_error(func, f"at must be a child position of a decision or chance "
                                       f"node; got {_node_name(path)!r}")
        return path

    @staticmethod
    def _check_actions(func: str, actions: Any) -> tuple[str, ...]:
        if isinstance(actions, str) or not isinstance(actions, Sequence):
            raise game_error(func, f"actions must be a sequence of labels; got {actions!r}")
        actions = tuple(actions)
        if not actions or not all(isinstance(a, str) and a for a in actions):
            raise game_error(func, f"actions must be at least one non-empty string label; "
                                   f"got {list(actions)}")
        if len(set(actions)) != len(actions):
            raise game_error(func, f"actions must be distinct; got {list(actions)}")
        return actions

    def _player_index(self, func: str, player: Any) -> int:
        if isinstance(player, str):
            if player not in self._players:
                listed = ", ".join(repr(p) for p in self._players)
                raise game_error(func, f"player must be one of {listed}; got {player!r}")
            return self._players.index(player)
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool) and (
                0 <= player < len(self._players)):
            return int(player)
        raise game_error(func, f"player must be a player name or an index in "
                               f"[0, {len(self._players) - 1}]; got {player!r}")

    # ------------------------------------------------------------------ filling
    def decision(self, at: NodeRef | None, player: str | int, actions: Sequence[str], *,
                 infoset: str | None = None) -> NodeRef:
        """Put a decision node of ``player`` with ``actions`` at position ``at``.

        Parameters
        ----------
        at : NodeRef
            ``builder.root`` or ``ref[action]`` (a tuple of action labels works too).
        player : str or int
            The player's name or index.
        actions : sequence of str
            Distinct action labels.
        infoset : str, optional
            Label of the information set. Nodes given the same label form one
            information set: they must belong to the same player and have the same
            actions (in the same order). Default: a new singleton set labelled
            ``"<player>|<path>"``.

        Returns
        -------
        NodeRef
            The position just filled; index it by an action to reach a child.

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
        >>> root = b.decision(b.root, "entrant", ["Out", "In"])
        >>> root["In"]
        NodeRef('In')
        """
        func = f"{_BUILDER}.decision"
        path = self._position(func, at)
        p = self._player_index(func, player)
        acts = self._check_actions(func, actions)
        if infoset is None:
            infoset = f"{self._players[p]}|{_node_name(path)}"
            if infoset in self._infosets:
                raise game_error(func, f"infoset must be given: the default label {infoset!r} "
                                       f"is already used")
        elif not isinstance(infoset, str) or not infoset:
            raise game_error(func, f"infoset must be a non-empty string label; got {infoset!r}")
        elif infoset in self._infosets:
            owner, known = self._infosets[infoset]
            if owner != p:
                raise game_error(
                    func, f"information set {infoset!r} must belong to one player; got nodes "
                          f"of {self._players[owner]!r} and {self._players[p]!r}")
            if known != acts:
                raise game_error(
                    func, f"information set {infoset!r} must have the same actions at every "
                          f"node; got {list(known)} and {list(acts)}")
        self._infosets.setdefault(infoset, (p, acts))
        self._specs[path] = {"kind": "decision", "player": p, "actions": acts,
                             "infoset": infoset}
        return NodeRef(self, path)

    def chance(self, at: NodeRef | None, probabilities: Mapping[str, Any]) -> NodeRef:
        """Put a chance node at position ``at``.

        Parameters
        ----------
        at : NodeRef
        probabilities : mapping of str to number
            ``{outcome label: probability}``; non-negative, summing to 1 (exactly when
            given as ints/Fractions, within 1e-9 for floats).

        Returns
        -------
        NodeRef

        Examples
        --------
        >>> from fractions import Fraction
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["a"])
        >>> nature = b.chance(b.root, {"war": Fraction(1, 4), "peace": Fraction(3, 4)})
        >>> nature["peace"]
        NodeRef('peace')
        """
        func = f"{_BUILDER}.chance"
        path = self._position(func, at)
        if not isinstance(probabilities, Mapping):
            raise game_error(func, f"probabilities must be a mapping {{outcome: probability}}; "
                                   f"got {probabilities!r}")
        acts = self._check_actions(func, list(probabilities))
        values = list(probabilities.values())
        for v in values:
            if isinstance(v, bool) or not isinstance(v, numbers.Real):
                raise game_error(func, f"probabilities must be real numbers; got {v!r}")
        check_probability_vector(func, "probabilities", values, error=InvalidGameError)
        probs = tuple(to_fraction(v) for v in values)
        self._specs[path] = {"kind": "chance", "actions": acts, "probabilities": probs,
                             "exact": all(is_exact_scalar(v) for v in values)}
        return NodeRef(self, path)

    def terminal(self, at: NodeRef | None, payoffs: Sequence[Any]) -> None:
        """Put a terminal node with one payoff per player at position ``at``.

        Parameters
        ----------
        at : NodeRef
        payoffs : sequence of number
            One finite real payoff per player, in player order; ints and Fractions are
            kept exactly.

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["a", "b"])
        >>> root = b.decision(b.root, "a", ["x"])
        >>> b.terminal(root["x"], (1, 2))
        >>> b.build().node("x").payoffs
        (Fraction(1, 1), Fraction(2, 1))
        """
        func = f"{_BUILDER}.terminal"
        path = self._position(func, at)
        n = len(self._players)
        if isinstance(payoffs, (str, Mapping)) or not isinstance(payoffs, (Sequence, np.ndarray)):
            raise game_error(func, f"payoffs must be a sequence of {n} numbers (one per "
                                   f"player); got {payoffs!r}")
        payoffs = list(payoffs)
        if len(payoffs) != n:
            raise game_error(func, f"payoffs must hold {n} numbers (one per player); got "
                                   f"{len(payoffs)} at node {_node_name(path)!r}")
        for v in payoffs:
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, (numbers.Real, np.number)):
                raise game_error(func, f"payoffs must be real numbers; got {v!r} at node "
                                       f"{_node_name(path)!r}")
            if not math.isfinite(float(v)):
                raise game_error(func, f"payoffs must be finite; got {v!r} at node "
                                       f"{_node_name(path)!r}")
        self._specs[path] = {"kind": "terminal", "actions": (),
                             "payoffs": tuple(to_fraction(v) for v in payoffs),
                             "exact": all(is_exact_scalar(v) for v in payoffs)}

    # ------------------------------------------------------------------ build
    def build(self) -> ExtensiveGame:
        """Check the whole tree and return the immutable :class:`ExtensiveGame`.

        Raises
        ------
        InvalidGameError
            If the root is empty, a branch ends without a terminal node (a leaf without
            payoffs), or an information set violates perfect recall (its nodes differ in
            the player's own earlier information sets and actions, or one node follows
            another of the same set).

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["a"])
        >>> root = b.decision(b.root, "a", ["x", "y"])
        >>> b.terminal(root["x"], (1,))
        >>> b.build()
        Traceback (most recent call last):
        ...
        secdilemma.errors.InvalidGameError: ExtensiveGameBuilder.build(): every branch must end in a terminal node with payoffs; got no node at 'y'
        """
        func = f"{_BUILDER}.build"
        if () not in self._specs:
            raise game_error(func, "the root must hold a decision, chance or terminal node; "
                                   "got an empty tree")
        nodes: list[Node | None] = []
        parents: list[int | None] = []
        children: list[list[int]] = []
        # preorder walk with an explicit stack (no recursion, so any depth): a node gets
        # its id when visited and its Node once its whole subtree has been numbered
        stack: list[tuple[bool, tuple[str, ...], int | None]] = [(False, (), None)]
        while stack:
            finish, path, k = stack.pop()
            spec = self._specs.get(path)
            if finish:
                nodes[k] = Node(
                    id=k, path=path, kind=spec["kind"], player=spec.get("player"),
                    infoset=spec.get("infoset"), actions=spec["actions"],
                    probabilities=spec.get("probabilities"), payoffs=spec.get("payoffs"),
                    parent=parents[k], children=tuple(children[k]), size=len(nodes) - k)
                continue
            if spec is None:
                raise game_error(func, f"every branch must end in a terminal node with "
                                       f"payoffs; got no node at {_node_name(path)!r}")
            ident = len(nodes)  # k is the parent's id here
            nodes.append(None)
            parents.append(k)
            children.append([])
            if k is not None:
                children[k].append(ident)
            stack.append((True, path, ident))
            stack.extend((False, path + (a,), ident) for a in reversed(spec["actions"]))
        exact = all(spec.get("exact", True) for spec in self._specs.values())
        return ExtensiveGame._from_nodes(
            self._players, tuple(nodes), exact, func)  # type: ignore[arg-type]


class ExtensiveGame:
    """A finite extensive-form game with perfect recall (immutable).

    Build one with :class:`ExtensiveGameBuilder` (or :meth:`from_pygambit`); see the
    module docstring for the conventions (node paths, information-set labels, strategy
    labels).

    Attributes
    ----------
    players : tuple of str
    nodes : tuple of Node
        All nodes in depth-first (preorder) order; ``nodes[0]`` is the root.
    is_exact : bool
        True when every payoff and chance probability was given as an int or Fraction.
    is_perfect_information : bool
        True when every information set holds a single node.

    References
    ----------
    .. [1] Kuhn, H. W. (1953). Extensive games and the problem of information.
       *Contributions to the Theory of Games II*, 193-216.
    .. [2] Selten, R. (1975). Reexamination of the perfectness concept for equilibrium
       points in extensive games. *International Journal of Game Theory* 4(1), 25-55.
    .. [3] Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, ch. 6
       and 11.

    Examples
    --------
    Selten's (1978) chain-store stage game: an entrant stays out or enters; the
    incumbent fights or accommodates an entry.

    >>> from secdilemma.games.extensive import ExtensiveGameBuilder
    >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
    >>> root = b.decision(b.root, "entrant", ["Out", "In"])
    >>> b.terminal(root["Out"], (0, 2))
    >>> inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
    >>> b.terminal(inc["Fight"], (-1, -1))
    >>> b.terminal(inc["Accommodate"], (1, 1))
    >>> game = b.build()
    >>> game.is_perfect_information
    True
    >>> print(game.reduced_normal_form())
          Fight  Accommodate
    Out    0, 2         0, 2
     In  -1, -1         1, 1
    """

    __slots__ = ("_players", "_nodes", "_is_exact", "_infosets", "_by_path", "_subgame_roots",
                 "_subgame_set")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("ExtensiveGame(): build games with ExtensiveGameBuilder(players=...) "
                        "or ExtensiveGame.from_pygambit(game)")

    @classmethod
    def _from_nodes(cls, players: tuple[str, ...], nodes: tuple[Node, ...], exact: bool,
                    func: str) -> ExtensiveGame:
        self = object.__new__(cls)
        self._players = players
        self._nodes = nodes
        self._is_exact = exact
        self._by_path = {n.path: n.id for n in nodes}
        self._infosets = self._collect_infosets(func)
        self._subgame_roots = self._find_subgame_roots()
        self._subgame_set = frozenset(self._subgame_roots)
        return self

    def _collect_infosets(self, func: str) -> dict[str, InformationSet]:
        members: dict[str, list[int]] = {}
        histories: dict[int, tuple[tuple[str, str], ...]] = {}
        for node in self._nodes:
            if node.kind != "decision":
                continue
            history = []
            child = node
            while child.parent is not None:
                parent = self._nodes[child.parent]
                if parent.kind == "decision" and parent.player == node.player:
                    history.append((parent.infoset, child.path[-1]))
                child = parent
            histories[node.id] = tuple(reversed(history))
            members.setdefault(node.infoset, []).append(node.id)
        out = {}
        for label, ids in members.items():
            first = self._nodes[ids[0]]
            for k in ids[1:]:
                if histories[k] != histories[ids[0]]:
                    raise game_error(
                        func,
                        f"information set {label!r} must satisfy perfect recall (all its "
                        f"nodes preceded by the same own information sets and actions of "
                        f"{self._players[first.player]!r}); got node {first.name!r} after "
                        f"{_fmt_history(histories[ids[0]])} and node "
                        f"{self._nodes[k].name!r} after {_fmt_history(histories[k])}")
            out[label] = InformationSet(label=label, player=first.player,
                                        actions=first.actions, members=tuple(ids),
                                        own_history=histories[ids[0]])
        return out

    def _find_subgame_roots(self) -> tuple[int, ...]:
        roots = []
        for node in self._nodes:
            if node.kind == "terminal":
                continue
            lo, hi = node.id, node.id + node.size - 1
            inside = {self._nodes[k].infoset for k in range(lo, hi + 1)
                      if self._nodes[k].kind == "decision"}
            # a subgame: no information set has members both inside and outside
            if all(lo <= m <= hi for label in inside for m in self._infosets[label].members):
                roots.append(node.id)
        return tuple(roots)

    # ------------------------------------------------------------------ structure
    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def num_players(self) -> int:
        return len(self._players)

    @property
    def nodes(self) -> tuple[Node, ...]:
        return self._nodes

    @property
    def root(self) -> Node:
        return self._nodes[0]

    @property
    def is_exact(self) -> bool:
        return self._is_exact

    @property
    def is_perfect_information(self) -> bool:
        return all(len(i.members) == 1 for i in self._infosets.values())

    def node(self, path: str | Sequence[str]) -> Node:
        """The node at ``path`` (a tuple of action labels or ``"a/b/c"``; ``()`` or
        ``"root"`` for the root).

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["a"])
        >>> root = b.decision(b.root, "a", ["x", "y"])
        >>> b.terminal(root["x"], (1,)); b.terminal(root["y"], (0,))
        >>> b.build().node("y").id
        2
        """
        if isinstance(path, str):
            key = () if path in ("", "root") else tuple(path.split("/"))
        else:
            key = tuple(path)
        if key not in self._by_path:
            raise InvalidParameterError(f"ExtensiveGame.node(): path must name a node of the "
                                        f"game; got {path!r}")
        return self._nodes[self._by_path[key]]

    def _player(self, func: str, player: Any) -> int:
        if isinstance(player, str) and player in self._players:
            return self._players.index(player)
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool) and (
                0 <= player < self.num_players):
            return int(player)
        listed = ", ".join(repr(p) for p in self._players)
        raise InvalidParameterError(f"{func}(): player must be one of {listed} or an index; "
                                    f"got {player!r}")

    def infosets(self, player: str | int | None = None) -> tuple[InformationSet, ...]:
        """The information sets of ``player`` (all players when None), in the order of
        their first node in preorder (the order used by strategies).

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
        >>> root = b.decision(b.root, "entrant", ["Out", "In"])
        >>> b.terminal(root["Out"], (0, 2))
        >>> inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
        >>> b.terminal(inc["Fight"], (-1, -1)); b.terminal(inc["Accommodate"], (1, 1))
        >>> [i.label for i in b.build().infosets()]
        ['entrant|root', 'incumbent|In']
        """
        if player is None:
            return tuple(self._infosets.values())
        p = self._player("ExtensiveGame.infosets", player)
        return tuple(i for i in self._infosets.values() if i.player == p)

    def infoset(self, label: str) -> InformationSet:
        """The information set labelled ``label``."""
        if label not in self._infosets:
            raise InvalidParameterError(f"ExtensiveGame.infoset(): label must name an "
                                        f"information set; got {label!r}")
        return self._infosets[label]

    def subgames(self) -> tuple[Node, ...]:
        """The roots of the subgames (the root first, then every non-terminal node whose
        subtree no information set crosses), in preorder.

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
        >>> root = b.decision(b.root, "entrant", ["Out", "In"])
        >>> b.terminal(root["Out"], (0, 2))
        >>> inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
        >>> b.terminal(inc["Fight"], (-1, -1)); b.terminal(inc["Accommodate"], (1, 1))
        >>> [n.name for n in b.build().subgames()]
        ['root', 'In']
        """
        return tuple(self._nodes[k] for k in self._subgame_roots)

    def is_subgame_root(self, node: Node | int) -> bool:
        """Whether the subtree at ``node`` (a Node or an id) is a subgame."""
        k = node.id if isinstance(node, Node) else int(node)
        return k in self._subgame_set

    # ------------------------------------------------------------------ strategies
    def pure_strategies(self, player: str | int, *, reduced: bool = False
                        ) -> tuple[dict[str, str], ...]:
        """The pure strategies of ``player`` as dicts ``{infoset label: action}``.

        With ``reduced=True`` the information sets excluded by the player's own earlier
        actions are left out of each dict (reduced normal form). The order is
        lexicographic in the order of :meth:`infosets` and of the actions.

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["a", "b"])
        >>> r = b.decision(b.root, "a", ["L", "R"])
        >>> b.terminal(r["R"], (1, 1))
        >>> s = b.decision(r["L"], "b", ["l", "r"])
        >>> b.terminal(s["r"], (0, 0))
        >>> t = b.decision(s["l"], "a", ["c", "d"])
        >>> b.terminal(t["c"], (2, 0)); b.terminal(t["d"], (0, 2))
        >>> g = b.build()
        >>> len(g.pure_strategies("a")), len(g.pure_strategies("a", reduced=True))
        (4, 3)
        >>> g.pure_strategies("a", reduced=True)[2]
        {'a|root': 'R'}
        """
        func = "ExtensiveGame.pure_strategies"
        p = self._player(func, player)
        infos = self.infosets(p)
        if not reduced:
            count = math.prod(len(i.actions) for i in infos)
            if count > MAX_PURE_STRATEGIES:
                raise UnsupportedGameError(
                    f"{func}(): player {player!r} has {count:.3g} pure strategies (more "
                    f"than {MAX_PURE_STRATEGIES:.0e}); use reduced=True or a smaller game")
            return tuple(dict(zip((i.label for i in infos), choice))
                         for choice in itertools.product(*(i.actions for i in infos)))
        out: list[dict[str, str]] = []

        def extend(k: int, plan: dict[str, str]) -> None:
            if k == len(infos):
                if len(out) >= MAX_PURE_STRATEGIES:
                    raise UnsupportedGameError(
                        f"{func}(): player {player!r} has more than "
                        f"{MAX_PURE_STRATEGIES:.0e} reduced pure strategies; use a smaller "
                        "game (solve_spe works on subgames without listing them)")
                out.append(dict(plan))
                return
            info = infos[k]
            if all(plan.get(j) == a for j, a in info.own_history):
                for a in info.actions:
                    plan[info.label] = a
                    extend(k + 1, plan)
                    del plan[info.label]
            else:
                extend(k + 1, plan)

        extend(0, {})
        return tuple(out)

    def strategy_label(self, player: str | int, strategy: Mapping[str, str]) -> str:
        """The label of a (reduced) pure strategy: its actions in information-set order,
        joined by ``","``, with ``*`` where the strategy leaves the set out.

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["a"])
        >>> r = b.decision(b.root, "a", ["L", "R"])
        >>> b.terminal(r["R"], (1,))
        >>> t = b.decision(r["L"], "a", ["c", "d"])
        >>> b.terminal(t["c"], (2,)); b.terminal(t["d"], (0,))
        >>> g = b.build()
        >>> [g.strategy_label("a", s) for s in g.pure_strategies("a", reduced=True)]
        ['L,c', 'L,d', 'R,*']
        """
        p = self._player("ExtensiveGame.strategy_label", player)
        infos = self.infosets(p)
        if not infos:
            return "-"
        return ",".join(strategy.get(i.label, "*") for i in infos)

    def _plan_payoffs(self, plans: Sequence[Mapping[str, str]]) -> tuple[Fraction, ...]:
        """Expected payoffs (exact) when every player follows a (reduced) pure plan."""
        n = self.num_players
        total = [Fraction(0)] * n
        stack: list[tuple[int, Fraction]] = [(0, Fraction(1))]
        nodes = self._nodes
        while stack:
            k, w = stack.pop()
            node = nodes[k]
            if node.kind == "terminal":
                for i in range(n):
                    total[i] += w * node.payoffs[i]
            elif node.kind == "chance":
                for c, p in zip(node.children, node.probabilities):
                    if p:
                        stack.append((c, w * p))
            else:
                a = plans[node.player][node.infoset]
                stack.append((node.children[node.actions.index(a)], w))
        return tuple(total)

    def _strategic_form(self, reduced: bool) -> NormalFormGame:
        func = "ExtensiveGame.reduced_normal_form" if reduced else "ExtensiveGame.normal_form"
        strategies = [self.pure_strategies(i, reduced=reduced) for i in range(self.num_players)]
        shape = tuple(len(s) for s in strategies)
        count = math.prod(shape)
        if count > MAX_PROFILES:
            raise UnsupportedGameError(
                f"{func}(): the number of pure strategy profiles must be at most "
                f"{MAX_PROFILES:,}; got {count:,} (strategy counts {shape})")
        arrays = [np.empty(shape, dtype=object) for _ in range(self.num_players)]
        for profile in itertools.product(*(range(m) for m in shape)):
            values = self._plan_payoffs([strategies[i][a] for i, a in enumerate(profile)])
            for i in range(self.num_players):
                arrays[i][profile] = values[i] if self._is_exact else float(values[i])
        labels = [[self.strategy_label(i, s) for s in strategies[i]]
                  for i in range(self.num_players)]
        for i, labs in enumerate(labels):
            if len(set(labs)) != len(labs):  # action labels containing "," may collide
                labels[i] = [f"s{k}" for k in range(len(labs))]
        return NormalFormGame(arrays, actions=labels, players=self._players)

    def normal_form(self) -> NormalFormGame:
        """The (unreduced) normal form: one strategy per choice of an action at every
        information set of the player.

        Returns
        -------
        NormalFormGame
            Exact payoffs when :attr:`is_exact`; strategy labels as in
            :meth:`strategy_label`.

        Raises
        ------
        UnsupportedGameError
            When there are more than ``MAX_PROFILES`` (2,000,000) strategy profiles.

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["a"])
        >>> r = b.decision(b.root, "a", ["L", "R"])
        >>> b.terminal(r["R"], (1,))
        >>> t = b.decision(r["L"], "a", ["c", "d"])
        >>> b.terminal(t["c"], (2,)); b.terminal(t["d"], (0,))
        >>> b.build().normal_form().actions
        (('L,c', 'L,d', 'R,c', 'R,d'),)
        """
        return self._strategic_form(reduced=False)

    def reduced_normal_form(self) -> NormalFormGame:
        """The reduced normal form: strategies that differ only at information sets
        excluded by the player's own earlier actions are merged (labelled with ``*``
        there). It has the same Nash equilibria (as outcomes) as the tree, so
        ``solve_nash(game.reduced_normal_form())`` gives the Nash equilibria of the
        extensive game; :meth:`mixed_strategy` maps behaviour profiles into it.

        Returns
        -------
        NormalFormGame
            Exact payoffs when :attr:`is_exact`. The same strategy sets as Gambit's
            strategic form of the tree.

        Raises
        ------
        UnsupportedGameError
            When there are more than ``MAX_PROFILES`` (2,000,000) strategy profiles.

        References
        ----------
        .. [1] Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*,
           section 6.1 (reduced strategic form) and 11.1.

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["a"])
        >>> r = b.decision(b.root, "a", ["L", "R"])
        >>> b.terminal(r["R"], (1,))
        >>> t = b.decision(r["L"], "a", ["c", "d"])
        >>> b.terminal(t["c"], (2,)); b.terminal(t["d"], (0,))
        >>> nf = b.build().reduced_normal_form()
        >>> nf.actions, nf.payoffs[0]
        ((('L,c', 'L,d', 'R,*'),), array([2., 0., 1.]))
        """
        return self._strategic_form(reduced=True)

    # ------------------------------------------------------------------ behaviour
    def _check_behaviour(self, func: str, behaviour: Any, exact: bool
                         ) -> dict[str, tuple[Any, ...]]:
        if not isinstance(behaviour, Mapping):
            raise InvalidParameterError(f"{func}(): behaviour must be a mapping {{information "
                                        f"set label: probabilities}}; got {behaviour!r}")
        unknown = [k for k in behaviour if k not in self._infosets]
        if unknown:
            raise InvalidParameterError(f"{func}(): behaviour must only name information sets "
                                        f"of the game; got {unknown[0]!r}")
        missing = [k for k in self._infosets if k not in behaviour]
        if missing:
            raise InvalidParameterError(f"{func}(): behaviour must give a distribution at "
                                        f"every information set; got none for "
                                        f"{', '.join(repr(k) for k in missing)}")
        out = {}
        for label, dist in behaviour.items():
            acts = self._infosets[label].actions
            if isinstance(dist, Mapping):
                bad = [a for a in dist if a not in acts]
                if bad:
                    raise InvalidParameterError(
                        f"{func}(): behaviour[{label!r}] must name actions among "
                        f"{list(acts)}; got {bad[0]!r}")
                dist = [dist.get(a, 0) for a in acts]
            check_probability_vector(func, f"behaviour[{label!r}]", dist, size=len(acts))
            values = list(np.asarray(dist, dtype=object).ravel())
            if exact:
                out[label] = tuple(to_fraction(v) for v in values)
            else:
                out[label] = tuple(float(v) for v in values)
        return out

    def _behaviour_values(self, dist: Mapping[str, tuple[Any, ...]], exact: bool,
                          root: int = 0) -> list[Any]:
        """Expected payoffs of the subtree at ``root`` under a checked behaviour."""
        n = self.num_players
        zero = Fraction(0) if exact else 0.0
        total = [zero] * n
        stack: list[tuple[int, Any]] = [(root, Fraction(1) if exact else 1.0)]
        while stack:
            k, w = stack.pop()
            node = self._nodes[k]
            if node.kind == "terminal":
                for i in range(n):
                    total[i] += w * (node.payoffs[i] if exact else float(node.payoffs[i]))
            else:
                probs = (node.probabilities if node.kind == "chance" else dist[node.infoset])
                for c, p in zip(node.children, probs):
                    if p:
                        stack.append((c, w * (p if exact else float(p))))
        return total

    def expected_payoffs(self, behaviour: Mapping[str, Any], *, exact: bool = False
                         ) -> np.ndarray:
        """Expected payoff of each player under a behaviour profile.

        Parameters
        ----------
        behaviour : mapping
            ``{information set label: distribution}`` for every information set; a
            distribution is a probability vector in action order or a mapping
            ``{action: probability}`` (actions left out get 0).
        exact : bool
            Compute with :class:`~fractions.Fraction` (floats taken as the binary
            rationals they store) and return an object array of Fractions.

        Returns
        -------
        numpy.ndarray
            One expected payoff per player.

        References
        ----------
        .. [1] Kuhn, H. W. (1953). Extensive games and the problem of information.

        Examples
        --------
        >>> from fractions import Fraction
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
        >>> root = b.decision(b.root, "entrant", ["Out", "In"])
        >>> b.terminal(root["Out"], (0, 2))
        >>> inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
        >>> b.terminal(inc["Fight"], (-1, -1)); b.terminal(inc["Accommodate"], (1, 1))
        >>> game = b.build()
        >>> game.expected_payoffs({"entrant|root": {"In": 1},
        ...                        "incumbent|In": [Fraction(1, 2), Fraction(1, 2)]},
        ...                       exact=True)
        array([Fraction(0, 1), Fraction(0, 1)], dtype=object)
        """
        func = "ExtensiveGame.expected_payoffs"
        dist = self._check_behaviour(func, behaviour, exact)
        values = self._behaviour_values(dist, exact)
        return np.array(values, dtype=object if exact else float)

    def mixed_strategy(self, behaviour: Mapping[str, Any], *, exact: bool = False
                       ) -> tuple[np.ndarray, ...]:
        """The mixed strategies over the reduced normal form that are realization
        equivalent to a behaviour profile (Kuhn's theorem): the probability of a
        reduced pure strategy is the product of the behaviour probabilities of its
        actions.

        Parameters
        ----------
        behaviour : mapping
            As in :meth:`expected_payoffs`.
        exact : bool
            Return object arrays of Fractions.

        Returns
        -------
        tuple of numpy.ndarray
            One probability vector per player, indexed like the strategies of
            :meth:`reduced_normal_form`.

        References
        ----------
        .. [1] Kuhn, H. W. (1953). Extensive games and the problem of information.
        .. [2] Osborne, M. J. and Rubinstein, A. (1994), Proposition 214.1.

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
        >>> root = b.decision(b.root, "entrant", ["Out", "In"])
        >>> b.terminal(root["Out"], (0, 2))
        >>> inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
        >>> b.terminal(inc["Fight"], (-1, -1)); b.terminal(inc["Accommodate"], (1, 1))
        >>> game = b.build()
        >>> game.mixed_strategy({"entrant|root": {"In": 1}, "incumbent|In": [0, 1]})
        (array([0., 1.]), array([0., 1.]))
        """
        dist = self._check_behaviour("ExtensiveGame.mixed_strategy", behaviour, exact)
        out = []
        one = Fraction(1) if exact else 1.0
        for i in range(self.num_players):
            vec = []
            for plan in self.pure_strategies(i, reduced=True):
                prob = one
                for label, a in plan.items():
                    prob = prob * dist[label][self._infosets[label].actions.index(a)]
                vec.append(prob)
            out.append(np.array(vec, dtype=object if exact else float))
        return tuple(out)

    # ------------------------------------------------------------------ pygambit
    def to_pygambit(self):
        """The game as a ``pygambit`` tree game (exact rational payoffs and chance
        probabilities; information-set, action, node and outcome labels kept).

        Requires the optional dependency pygambit (``pip install pygambit``).

        Raises
        ------
        UnsupportedGameError
            When pygambit is not installed.

        References
        ----------
        .. [1] McKelvey, R. D., McLennan, A. M. and Turocy, T. L. (2016). Gambit:
           Software Tools for Game Theory. https://www.gambit-project.org

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGame, ExtensiveGameBuilder
        >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
        >>> root = b.decision(b.root, "entrant", ["Out", "In"])
        >>> b.terminal(root["Out"], (0, 2))
        >>> inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
        >>> b.terminal(inc["Fight"], (-1, -1)); b.terminal(inc["Accommodate"], (1, 1))
        >>> game = b.build()
        >>> g = game.to_pygambit()
        >>> ExtensiveGame.from_pygambit(g) == game
        True
        """
        gbt = _import_pygambit("ExtensiveGame.to_pygambit")

        def rational(v: Fraction):
            return gbt.Rational(v.numerator, v.denominator)

        g = gbt.Game.new_tree(players=list(self._players), title="secdilemma extensive game")
        gplayers = list(g.players)
        gnodes = {0: g.root}
        made: dict[str, Any] = {}
        for node in self._nodes:
            gnode = gnodes[node.id]
            gnode.label = node.name
            if node.kind == "terminal":
                outcome = g.add_outcome(node.name, [rational(v) for v in node.payoffs])
                g.set_outcome(gnode, outcome)
                continue
            if node.kind == "chance":
                g.append_move(gnode, g.players.chance, list(node.actions))
                g.set_chance_probs(gnode.infoset, [rational(p) for p in node.probabilities])
            elif node.infoset in made:
                g.append_infoset(gnode, made[node.infoset])
            else:
                g.append_move(gnode, gplayers[node.player], list(node.actions))
                gnode.infoset.label = node.infoset
                made[node.infoset] = gnode.infoset
            for c, gchild in zip(node.children, gnode.children):
                gnodes[c] = gchild
        return g

    @classmethod
    def from_pygambit(cls, g) -> ExtensiveGame:
        """An :class:`ExtensiveGame` equal to a pygambit tree game.

        Outcomes attached to non-terminal nodes are added to the payoffs of every
        terminal node below them (Gambit's convention). Empty or repeated labels are
        replaced: players by ``"player k"``, information sets by ``"<player>:<k>"``,
        actions by ``"a<k>"``. Payoffs and probabilities are read exactly.

        Parameters
        ----------
        g : pygambit.Game
            A game with a tree representation and perfect recall.

        Raises
        ------
        InvalidGameError
            When ``g`` has no tree or violates perfect recall.

        Examples
        --------
        >>> import pygambit as gbt
        >>> from secdilemma.games.extensive import ExtensiveGame
        >>> g = gbt.Game.new_tree(players=["a", "b"])
        >>> g.append_move(g.root, "a", ["L", "R"])
        >>> for k, child in enumerate(g.root.children):
        ...     g.set_outcome(child, g.add_outcome(f"o{k}", [k, -k]))
        >>> ExtensiveGame.from_pygambit(g).node("R").payoffs
        (Fraction(1, 1), Fraction(-1, 1))
        """
        func = "ExtensiveGame.from_pygambit"
        _import_pygambit(func)
        if not getattr(g, "is_tree", False):
            raise game_error(func, f"g must be a pygambit game with a tree; got {g!r}")
        gplayers = list(g.players)
        names = [p.label for p in gplayers]
        if any(not n for n in names) or len(set(names)) != len(names):
            names = [n if n and names.count(n) == 1 else f"player {k}"
                     for k, n in enumerate(names)]
        # information-set labels
        gsets = [(k, info) for k, p in enumerate(gplayers) for info in p.infosets]
        raw = [info.label for _, info in gsets]
        labels = {}
        for (k, info), lab in zip(gsets, raw):
            labels[(k, info.number)] = (lab if lab and raw.count(lab) == 1
                                        else f"{names[k]}:{info.number}")
        b = ExtensiveGameBuilder(players=names)
        n = len(names)

        def number(v) -> Fraction:
            return Fraction(str(v))

        def actions_of(info) -> list[str]:
            acts = [a.label for a in info.actions]
            if any(not a for a in acts) or len(set(acts)) != len(acts):
                acts = [f"a{k}" for k in range(len(acts))]
            return acts

        stack = [(g.root, (), [Fraction(0)] * n)]
        while stack:
            gnode, path, carried = stack.pop()
            if gnode.outcome:
                carried = [c + number(gnode.outcome[p]) for c, p in zip(carried, gplayers)]
            children = list(gnode.children)
            if not children:
                b.terminal(path, carried)
                continue
            info = gnode.infoset
            acts = actions_of(info)
            if info.is_chance:
                b.chance(path, {a: number(act.prob) for a, act in zip(acts, info.actions)})
            else:
                k = gplayers.index(info.player)
                b.decision(path, names[k], acts, infoset=labels[(k, info.number)])
            for a, child in zip(acts, children):
                stack.append((child, path + (a,), carried))
        return b.build()

    # ------------------------------------------------------------------ dunder
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtensiveGame):
            return NotImplemented
        return self._players == other._players and self._nodes == other._nodes

    def __hash__(self) -> int:
        return hash((self._players, self._nodes))

    def __repr__(self) -> str:
        info = "perfect information" if self.is_perfect_information else "imperfect information"
        return (f"<ExtensiveGame: {self.num_players} players, {len(self._nodes)} nodes, "
                f"{len(self._infosets)} information sets, {info}>")

    def __iter__(self) -> Iterator[Node]:
        return iter(self._nodes)


def _fmt_history(history: tuple[tuple[str, str], ...]) -> str:
    if not history:
        return "no own moves"
    return "[" + ", ".join(f"{i!r}: {a!r}" for i, a in history) + "]"


def _import_pygambit(func: str):
    try:
        import pygambit
    except ImportError as exc:  # pragma: no cover - pygambit is a test dependency
        raise UnsupportedGameError(f"{func}(): pygambit is needed; install it with "
                                   f"`pip install pygambit`") from exc
    return pygambit
