"""Subgame-perfect equilibria of extensive-form games: ``solve_spe``.

Representation of an equilibrium of an :class:`~secdilemma.games.extensive.ExtensiveGame`
(an :class:`ExtensiveEquilibrium`, a subclass of :class:`~secdilemma.Equilibrium`):

- ``behaviour[infoset label][action]`` is the probability of ``action`` at that
  information set (every information set of the game, on and off the path);
- ``strategies[i]`` is player ``i``'s behaviour strategy as a 2-D array with one row per
  information set of ``i`` (in the order of ``game.infosets(i)``, labels in
  ``infosets[i]``) and one column per action, padded with zeros to the largest action
  count of the player (shape ``(0, 1)`` for a player who never moves);
- ``payoffs`` are the expected payoffs at the root; ``path`` the terminal nodes reached
  with positive probability.

For Nash equilibria that need not be subgame perfect, solve the reduced normal form:
``solve_nash(game.reduced_normal_form())``; ``game.mixed_strategy(eq.behaviour)`` maps a
behaviour profile into it (Kuhn's theorem).

References
----------
.. [1] Kuhn, H. W. (1953). Extensive games and the problem of information.
   *Contributions to the Theory of Games II*, Annals of Mathematics Studies 28, 193-216.
.. [2] Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points
   in extensive games. *International Journal of Game Theory* 4(1), 25-55.
.. [3] Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, ch. 6
   (backward induction, Proposition 99.2) and ch. 11.
"""

from __future__ import annotations

import itertools
import sys
import warnings
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np

from .._validation import is_exact_scalar
from ..display import describe_extensive_equilibrium
from ..errors import IncompleteResultWarning, InvalidParameterError, UnsupportedGameError
from ..games.extensive import ExtensiveGame, ExtensiveGameBuilder
from ..games.normal_form import NormalFormGame
from ..results import Equilibrium, SolveResult
from .nash import solve_nash

__all__ = ["solve_spe", "ExtensiveEquilibrium", "DEFAULT_MAX_EQUILIBRIA"]

#: Default cap on the number of equilibria enumerated (per subgame and in total).
DEFAULT_MAX_EQUILIBRIA = 10_000


@dataclass(frozen=True, eq=False)
class ExtensiveEquilibrium(Equilibrium):
    """An equilibrium of an extensive game as a behaviour profile.

    Attributes
    ----------
    behaviour : mapping
        ``{information set label: {action: probability}}`` at every information set
        (Fractions when solved with ``exact=True``, floats otherwise).
    infosets : tuple of tuple of str
        Per player, the information-set labels of the rows of ``strategies[i]``.
    path : tuple of str
        Names (``"a/b"``) of the terminal nodes reached with positive probability.

    Other attributes are those of :class:`~secdilemma.Equilibrium`; ``strategies[i]``
    holds one row per information set (see the module docstring).

    Examples
    --------
    >>> from secdilemma.games.extensive import ExtensiveGameBuilder
    >>> from secdilemma.solvers.extensive import solve_spe
    >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
    >>> root = b.decision(b.root, "entrant", ["Out", "In"])
    >>> b.terminal(root["Out"], (0, 2))
    >>> inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
    >>> b.terminal(inc["Fight"], (-1, -1)); b.terminal(inc["Accommodate"], (1, 1))
    >>> eq = solve_spe(b.build())[0]
    >>> eq.action("incumbent|In"), eq.path
    ('Accommodate', ('In/Accommodate',))
    >>> eq.strategies[1]
    array([[0., 1.]])
    """

    behaviour: Mapping[str, Mapping[str, Any]] | None = None
    infosets: tuple[tuple[str, ...], ...] = ()
    path: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.behaviour is not None:
            object.__setattr__(self, "behaviour", MappingProxyType(
                {k: MappingProxyType(dict(v)) for k, v in self.behaviour.items()}))

    def action(self, infoset: str) -> str:
        """The action played at ``infoset`` (pure behaviour there), else raise."""
        dist = self.behaviour[infoset]
        positive = [a for a, p in dist.items() if p != 0]
        if len(positive) != 1:
            raise InvalidParameterError(f"ExtensiveEquilibrium.action(): infoset must be one "
                                        f"where play is pure; got {infoset!r} with {dict(dist)}")
        return positive[0]

    def describe(self) -> str:
        """A one-line description: the action (or mix) at every information set.

        Examples
        --------
        >>> from secdilemma.games.extensive import ExtensiveGameBuilder
        >>> from secdilemma.solvers.extensive import solve_spe
        >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
        >>> root = b.decision(b.root, "entrant", ["Out", "In"])
        >>> b.terminal(root["Out"], (0, 2))
        >>> inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
        >>> b.terminal(inc["Fight"], (-1, -1)); b.terminal(inc["Accommodate"], (1, 1))
        >>> print(solve_spe(b.build(), exact=True)[0].describe())
        pure: entrant plays In at entrant|root; incumbent plays Accommodate at incumbent|In; payoffs (1, 1)
        """
        return describe_extensive_equilibrium(self)


class _Solver:
    def __init__(self, game: ExtensiveGame, exact: bool, max_equilibria: int) -> None:
        self.game = game
        self.exact = exact
        self.cap = max_equilibria
        self.capped = False
        self.complete = True
        self.degenerate = False
        self.ties = 0
        self.nash_subgames = 0
        self.max_regret = 0.0
        self.nash_methods: set[str] = set()

    # each equilibrium of a subgame: (dict infoset -> probabilities tuple, payoff tuple)
    def solve(self, x: int) -> list[tuple[dict[str, tuple], tuple]]:
        game = self.game
        nodes = game.nodes
        node = nodes[x]
        if node.kind == "terminal":
            return [({}, node.payoffs)]
        # leaves of the truncated tree: terminal nodes and the next subgame roots
        leaves: list[int] = []
        interior: list[int] = [x]
        stack = list(reversed(node.children))
        while stack:
            k = stack.pop()
            if nodes[k].kind == "terminal" or game.is_subgame_root(k):
                leaves.append(k)
            else:
                interior.append(k)
                stack.extend(reversed(nodes[k].children))
        sub = {k: self.solve(k) for k in leaves}
        if len(interior) == 1:
            return self._one_move(node, sub)
        return self._nash(x, leaves, sub)

    def _combos(self, lists):
        for count, combo in enumerate(itertools.product(*lists)):
            if count >= self.cap:
                self.capped = True
                return
            yield combo

    def _one_move(self, node, sub) -> list[tuple[dict[str, tuple], tuple]]:
        out: list[tuple[dict[str, tuple], tuple]] = []
        lists = [sub[c] for c in node.children]
        for combo in self._combos(lists):
            assign: dict[str, tuple] = {}
            for a, _ in combo:
                assign.update(a)
            values = [v for _, v in combo]
            if node.kind == "chance":
                total = tuple(sum(p * v[i] for p, v in zip(node.probabilities, values))
                              for i in range(self.game.num_players))
                out.append((assign, total))
            else:
                own = [v[node.player] for v in values]
                best = _argmax(own)
                if len(best) > 1:
                    self.ties += 1
                    self.degenerate = True
                m = len(node.actions)
                for k in best:
                    choice = dict(assign)
                    choice[node.infoset] = tuple(Fraction(int(j == k)) for j in range(m))
                    out.append((choice, tuple(values[k])))
            if len(out) >= self.cap:
                self.capped = True
                return out[: self.cap]
        return out

    def _nash(self, x: int, leaves: list[int], sub) -> list[tuple[dict[str, tuple], tuple]]:
        game = self.game
        nodes = game.nodes
        depth = len(nodes[x].path)
        self.nash_subgames += 1
        out: list[tuple[dict[str, tuple], tuple]] = []
        for combo in self._combos([sub[k] for k in leaves]):
            assign: dict[str, tuple] = {}
            for a, _ in combo:
                assign.update(a)
            leaf_values = {k: v for k, (_, v) in zip(leaves, combo)}
            b = ExtensiveGameBuilder(players=game.players)
            stack = [x]
            while stack:
                k = stack.pop()
                node = nodes[k]
                rel = node.path[depth:]
                if k in leaf_values:
                    b.terminal(rel, leaf_values[k])
                elif node.kind == "chance":
                    b.chance(rel, dict(zip(node.actions, node.probabilities)))
                    stack.extend(node.children)
                else:
                    b.decision(rel, node.player, node.actions, infoset=node.infoset)
                    stack.extend(node.children)
            tail = b.build()
            nf = tail.reduced_normal_form()
            active = [i for i in range(game.num_players) if tail.infosets(i)]
            if not active:  # pragma: no cover - a tail without moves is a one-move tail
                raise UnsupportedGameError("solve_spe(): internal error: a subgame without "
                                           "moves was sent to the Nash solver")
            shape = tuple(nf.num_actions[i] for i in active)
            base = nf.exact_payoffs if nf.is_exact else nf.payoffs
            reduced = NormalFormGame([np.reshape(base[i], shape) for i in active],
                                     actions=[nf.actions[i] for i in active],
                                     players=[nf.players[i] for i in active])
            if len(active) > 2:
                try:
                    import pygambit  # noqa: F401
                except ImportError as exc:  # pragma: no cover
                    raise UnsupportedGameError(
                        f"solve_spe(): the subgame at {nodes[x].name!r} has imperfect "
                        f"information among {len(active)} players; solving it needs "
                        f"pygambit (`pip install pygambit`)") from exc
            res = solve_nash(reduced, exact=self.exact, warn=False)
            self.nash_methods.add(res.method)
            if not res.complete:
                self.complete = False
            if res.degenerate or (len(active) == 1 and len(res.equilibria) > 1):
                self.degenerate = True  # one player's ties: mixtures are equilibria too
            for eq in res.equilibria:
                self.max_regret = max(self.max_regret, eq.max_regret)
                mixed = eq.exact_strategies if self.exact else eq.strategies
                dist = dict(assign)
                for slot, i in enumerate(active):
                    plans = tail.pure_strategies(i, reduced=True)
                    sigma = list(mixed[slot])
                    for info in tail.infosets(i):
                        dist[info.label] = _kuhn(info, plans, sigma, self.exact)
                values = tail._behaviour_values(
                    {k: v for k, v in dist.items() if k in {i.label for i in tail.infosets()}},
                    exact=self.exact)
                out.append((dist, tuple(values)))
                if len(out) >= self.cap:
                    self.capped = True
                    return out
        return out


def _kuhn(info, plans, sigma, exact: bool) -> tuple:
    """Behaviour at ``info`` induced by a mixed strategy over reduced plans (Kuhn)."""
    zero = Fraction(0) if exact else 0.0
    reach = zero
    mass = [zero] * len(info.actions)
    for plan, p in zip(plans, sigma):
        if info.label in plan:
            reach += p
            mass[info.actions.index(plan[info.label])] += p
    if reach == 0:  # excluded by the player's own strategy: play the first action
        one = Fraction(1) if exact else 1.0
        return tuple(one if j == 0 else zero for j in range(len(info.actions)))
    return tuple(m / reach for m in mass)


def _argmax(values: list[Any]) -> list[int]:
    if all(is_exact_scalar(v) for v in values):
        top = max(values)
        return [k for k, v in enumerate(values) if v == top]
    floats = [float(v) for v in values]
    top = max(floats)
    tol = 1e-9 * max(1.0, abs(top))
    return [k for k, v in enumerate(floats) if v >= top - tol]


def solve_spe(game: ExtensiveGame, *, exact: bool = False,
              max_equilibria: int = DEFAULT_MAX_EQUILIBRIA, warn: bool = True) -> SolveResult:
    """Subgame-perfect equilibria of an extensive game by backward induction.

    Every subgame is solved before the subgames that contain it. A subgame whose root
    move leads straight to terminal nodes or to smaller subgames (every subgame of a
    perfect-information game) is solved by backward induction: each equilibrium
    combination of the smaller subgames, with **every** best action at the root (ties
    give several equilibria), so all pure subgame-perfect equilibria are enumerated.
    A subgame with imperfect information and no proper subgame left (e.g. a
    simultaneous move, or a signalling stage) is solved, for every equilibrium
    combination of its smaller subgames, with :func:`~secdilemma.solve_nash` on its
    reduced normal form (all extreme equilibria for two active players; pygambit's
    ``enumpoly`` for more), each equilibrium converted to behaviour strategies
    (Kuhn's theorem) and continued upwards.

    Parameters
    ----------
    game : ExtensiveGame
    exact : bool
        Attach exact rational strategies and payoffs (``exact_strategies``,
        ``exact_payoffs``, Fractions in ``behaviour``) and solve imperfect-information
        subgames in exact arithmetic. Backward induction itself always compares the
        payoffs exactly as given (floats as the binary rationals they store), so give
        payoffs as ints or Fractions for ties to be found.
    max_equilibria : int
        Cap on the number of equilibria enumerated in any subgame (and in total). When
        it is reached the result has ``complete=False`` and
        ``diagnostics["capped"] is True``.
    warn : bool
        Issue :class:`~secdilemma.IncompleteResultWarning` when the list may be
        incomplete (recorded in the result either way).

    Returns
    -------
    SolveResult
        ``method="backward_induction"``; ``equilibria`` are
        :class:`ExtensiveEquilibrium` behaviour profiles in a deterministic order
        (product of the subgame solutions, actions in tree order). ``complete`` is
        True when every pure subgame-perfect equilibrium is listed (perfect
        information) and every imperfect-information subgame was solved completely.
        ``degenerate`` is True when a player was indifferent between actions: then
        mixtures of the tied actions are subgame perfect as well (continua, not
        listed). ``diagnostics`` counts ties, subgames and Nash-solved subgames.

    Raises
    ------
    InvalidParameterError
        If ``game`` is not an ExtensiveGame, ``exact`` is not a bool, or
        ``max_equilibria`` is not a positive int.
    UnsupportedGameError
        If an imperfect-information subgame has three or more active players and
        pygambit is not installed.

    See Also
    --------
    secdilemma.solve_nash : ``solve_nash(game.reduced_normal_form())`` gives the Nash
        equilibria (not only the subgame-perfect ones).

    References
    ----------
    .. [1] Kuhn, H. W. (1953). Extensive games and the problem of information.
       *Contributions to the Theory of Games II*, 193-216.
    .. [2] Selten, R. (1975). Reexamination of the perfectness concept for equilibrium
       points in extensive games. *International Journal of Game Theory* 4(1), 25-55.
    .. [3] Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*,
       Proposition 99.2 (backward induction) and ch. 11.

    Examples
    --------
    Entry deterrence (Selten's chain-store stage): the threat to fight is not credible.

    >>> from secdilemma.games.extensive import ExtensiveGameBuilder
    >>> from secdilemma.solvers.extensive import solve_spe
    >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
    >>> root = b.decision(b.root, "entrant", ["Out", "In"])
    >>> b.terminal(root["Out"], (0, 2))
    >>> inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
    >>> b.terminal(inc["Fight"], (-1, -1)); b.terminal(inc["Accommodate"], (1, 1))
    >>> result = solve_spe(b.build(), exact=True)
    >>> print(result.describe())
    1 equilibrium by backward_induction (exact, complete)
      0. pure: entrant plays In at entrant|root; incumbent plays Accommodate at incumbent|In; payoffs (1, 1)

    When the incumbent is indifferent, both of its choices are subgame perfect:

    >>> b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
    >>> root = b.decision(b.root, "entrant", ["Out", "In"])
    >>> b.terminal(root["Out"], (0, 2))
    >>> inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
    >>> b.terminal(inc["Fight"], (-1, 1)); b.terminal(inc["Accommodate"], (1, 1))
    >>> [eq.path for eq in solve_spe(b.build())]
    [('Out',), ('In/Accommodate',)]
    """
    func = "solve_spe"
    if not isinstance(game, ExtensiveGame):
        raise InvalidParameterError(f"{func}(): game must be an ExtensiveGame; got "
                                    f"{type(game).__name__}")
    if not isinstance(exact, bool):
        raise InvalidParameterError(f"{func}(): exact must be True or False; got {exact!r}")
    if isinstance(max_equilibria, bool) or not isinstance(max_equilibria, (int, np.integer)) \
            or max_equilibria < 1:
        raise InvalidParameterError(f"{func}(): max_equilibria must be a positive int; got "
                                    f"{max_equilibria!r}")
    solver = _Solver(game, exact, int(max_equilibria))
    depth = max(len(n.path) for n in game.nodes) * 3 + 100
    old_limit = sys.getrecursionlimit()
    try:  # deep trees: raise the limit for this call only, and put it back
        if depth > old_limit:
            sys.setrecursionlimit(depth)
        raw = solver.solve(0)
    finally:
        sys.setrecursionlimit(old_limit)
    equilibria = [_equilibrium(game, dist, values, exact, solver.max_regret)
                  for dist, values in raw]
    complete = solver.complete and not solver.capped
    messages = []
    if solver.capped:
        messages.append(f"{func}(): stopped after max_equilibria={max_equilibria} "
                        f"equilibria; more subgame-perfect equilibria exist")
    elif not solver.complete:
        messages.append(f"{func}(): an imperfect-information subgame was solved "
                        f"incompletely (degenerate); some equilibria may be missing")
    if warn:
        for m in messages:
            warnings.warn(m, IncompleteResultWarning, stacklevel=2)
    diagnostics = {"subgames": len(game.subgames()), "nash_subgames": solver.nash_subgames,
                   "ties": solver.ties, "capped": solver.capped}
    parameters: dict[str, Any] = {"exact": exact, "max_equilibria": int(max_equilibria)}
    if solver.nash_methods:
        parameters["subgame_method"] = ",".join(sorted(solver.nash_methods))
    return SolveResult(game=game, method="backward_induction", equilibria=tuple(equilibria),
                       parameters=parameters, complete=complete,
                       degenerate=solver.degenerate, tol=0.0 if exact else 1e-9,
                       exact=exact, diagnostics=diagnostics, warnings=tuple(messages))


def _equilibrium(game: ExtensiveGame, dist: dict[str, tuple], values: tuple, exact: bool,
                 max_regret: float) -> ExtensiveEquilibrium:
    strategies = []
    exact_strategies = []
    labels = []
    behaviour: dict[str, dict[str, Any]] = {}
    pure = True
    for i in range(game.num_players):
        infos = game.infosets(i)
        width = max((len(info.actions) for info in infos), default=1)
        rows, exact_rows = [], []
        for info in infos:
            probs = dist[info.label]
            if sum(1 for p in probs if p != 0) != 1:
                pure = False
            padded = list(probs) + [0] * (width - len(probs))
            rows.append([float(p) for p in padded])
            exact_rows.append(tuple(Fraction(p) for p in padded) if exact else None)
            behaviour[info.label] = {a: (Fraction(p) if exact else float(p))
                                     for a, p in zip(info.actions, probs)}
        strategies.append(np.array(rows, dtype=float).reshape(len(infos), width))
        exact_strategies.append(tuple(exact_rows))
        labels.append(tuple(info.label for info in infos))
    # terminal nodes reached
    path = []
    stack = [(0, 1.0)]
    while stack:
        k, w = stack.pop()
        node = game.nodes[k]
        if node.kind == "terminal":
            path.append(node.id)
            continue
        probs = node.probabilities if node.kind == "chance" else dist[node.infoset]
        for c, p in zip(node.children, probs):
            if p != 0:
                stack.append((c, w))
    names = tuple(game.nodes[k].name for k in sorted(path))
    actions = []
    for i in range(game.num_players):
        sets = {info.actions for info in game.infosets(i)}
        actions.append(next(iter(sets)) if len(sets) == 1 else ())
    return ExtensiveEquilibrium(
        strategies=tuple(strategies),
        payoffs=np.array([float(v) for v in values]),
        max_regret=0.0 if exact else max_regret,
        kind="pure" if pure else "mixed",
        exact_strategies=tuple(exact_strategies) if exact else None,
        exact_payoffs=tuple(Fraction(v) for v in values) if exact else None,
        actions=tuple(actions),
        players=game.players,
        behaviour=behaviour,
        infosets=tuple(labels),
        path=names,
    )
