"""Perfect Bayesian equilibria of cheap-talk games: ``solve_cheap_talk``.

A :class:`~secdilemma.games.cheap_talk.CheapTalkGame` is a two-player Bayesian game
(independent types) preceded by one round of simultaneous costless messages. The solver
returns the perfect Bayesian equilibria (PBE) in which

- each player's **message strategy is pure** (a map from its types to its messages; it
  may depend on the type). Equilibria in which some type randomises over messages are
  not searched;
- after **every** message profile, on and off the path, play is a Bayes-Nash equilibrium
  of the *continuation game*: the base game with each player's type distribution
  replaced by its posterior given its message. A type that deviated to a message it was
  not supposed to send plays a best response there (it knows its own type, and the other
  side cannot see the deviation);
- no type gains by sending another message, the continuation play after the deviation
  taken into account.

Posteriors. After a message sent by some type with positive probability, Bayes' rule:
``mu_i(t | m) = p_i(t) / sum_{s: sigma_i(s) = m} p_i(s)`` on the types sending ``m``.
After an unused message Bayes' rule says nothing; ``off_path`` picks the convention:

``"mimic"`` (default)
    An unused message is read as the first used message of that player, and play after
    it copies play after that message. A deviation to it is then never better than a
    deviation to a used message, so every on-path behaviour that *some* off-path belief
    supports is found: the list is complete up to off-path beliefs.
``"prior"``
    An unused message is ignored: the listener keeps the prior. Continuation play after
    it is any BNE of the base game with that prior on the sender's side, chosen so that
    no type gains by deviating to it. Stricter: the on-path behaviour of an equilibrium
    found with ``"prior"`` is also found with ``"mimic"`` (``"prior"`` may list several
    equilibria that differ only off the path).

Classification. ``kind`` describes the messages: ``"babbling"`` when both players pool
(the posterior equals the prior after every on-path message profile), ``"fully
separating"`` when both separate all their positive-probability types, and ``"partially
separating"`` otherwise (some message separates some types). The messages may carry
information that nobody acts upon; an equilibrium is **influential** when on-path play
depends on the messages (some type's action distribution changes with the other side's
message). A non-influential equilibrium is outcome-equivalent to a babbling one (each
type plays the same mixed action whatever is said, which is a BNE of the game without
talk). *Only babbling survives* when no equilibrium is influential: talk cannot change
what happens (Aumann 1990; Baliga and Morris 2002).

Spillovers. In an arms race (Baliga and Sjöström 2004) a type that arms may still prefer
the rival unarmed ((H, D) = h > h − c = (H, H) with c > 0). If, whatever the rival said,
it is at least as likely to arm after my message m1 as after m0, every type weakly
prefers m0 (each type's payoff falls as the rival's arming probability rises), so
"I will arm" is not credible; influential talk then needs *non-monotone* continuation
play. Such equilibria exist with discrete types and strict incentives: with c = 3,
d = 9, cooperative types h = −5, −5/4, −1 (priors 1/2, 1/5, 1/5) and a hawk h = 1
(prior 1/10), the two middle types say m1 and the most dovish type and the hawk say m0;
nobody arms after (m1, m1), both arm after a mismatch, and after (m0, m0) only the hawk
arms. Every type strictly prefers its message (by 7/10, 1/20, 1/10 and 3/10 for
h = −5, −5/4, −1, 1), and ``solve_cheap_talk`` finds this equilibrium (here talk
*raises* the probability of an arms race, to 0.49 against 0.01 in the best equilibrium
without talk). A hawk without spillover, as in the example of :func:`solve_cheap_talk`,
is a knife edge: with any c > 0 for the hawk, that example's separation breaks (the hawk
gains by mimicking the dove) and only babbling survives.

Message labels are interchangeable, so with ``canonical=True`` (default) message
strategies are listed once per partition of the types: the first type sends the first
message, the next type that sends something new sends the next unused message, and so
on. ``canonical=False`` lists every labelling.

References
----------
.. [1] Crawford, V. P. and Sobel, J. (1982). Strategic information transmission.
   *Econometrica* 50(6), 1431-1451.
.. [2] Farrell, J. (1993). Meaning and credibility in cheap-talk games. *Games and
   Economic Behavior* 5(4), 514-531.
.. [3] Aumann, R. J. (1990). Nash equilibria are not self-enforcing. In Gabszewicz,
   Richard and Wolsey (eds.), *Economic Decision-Making: Games, Econometrics and
   Optimisation*, 201-206. North-Holland.
.. [4] Baliga, S. and Morris, S. (2002). Co-ordination, spillovers, and cheap talk.
   *Journal of Economic Theory* 105(2), 450-468.
.. [5] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
   Economic Studies* 71(2), 351-369.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np

from .._validation import check_choice, check_real_number, readonly
from ..display import describe_cheap_talk_equilibrium
from ..errors import (IncompleteResultWarning, InvalidGameError, InvalidParameterError,
                      UnsupportedGameError)
from ..games.bayesian import BayesianGame
from ..games.cheap_talk import CheapTalkGame
from ..results import Equilibrium, SolveResult
from .bayesian import solve_bayesian

__all__ = ["solve_cheap_talk", "CheapTalkEquilibrium", "CheapTalkResult", "OFF_PATH"]

OFF_PATH = ("mimic", "prior")

_SEPARATION_RANK = {"babbling": 0, "partially separating": 1, "fully separating": 2}


@dataclass(frozen=True, eq=False)
class CheapTalkEquilibrium(Equilibrium):
    """A perfect Bayesian equilibrium of a cheap-talk game (pure message strategies).

    The inherited fields hold the talk stage: ``strategies[i]`` is player ``i``'s message
    strategy, a ``(K_i, M_i)`` 0/1 array (one row per type, one column per message);
    ``actions`` are the message labels; ``payoffs`` are ex-ante expected payoffs of the
    whole game; ``kind`` is ``"babbling"``, ``"partially separating"`` or ``"fully
    separating"``; ``beliefs`` maps every message profile ``(label0, label1)`` to the
    pair of posteriors (player 0's types as player 1 sees them, player 1's types as
    player 0 sees them), each an array over all types.

    Attributes
    ----------
    messages : tuple of tuple of str
        Message labels (the same as ``actions``).
    base_actions : tuple of tuple of str
        The base game's action labels.
    continuation : mapping
        ``{(label0, label1): (sigma0, sigma1)}`` for every message profile: the behaviour
        ``(K_i, m_i)`` of every type in the base game after that profile. Rows of types
        that did not send that message are their best response as deviators.
    exact_continuation : mapping or None
        The same with Fractions (``exact=True``).
    on_path : frozenset of tuple of str
        The message profiles sent with positive probability.
    separation : tuple of str
        Per player: ``"pooling"``, ``"partially separating"`` or ``"separating"``.
    influential : bool
        Whether on-path play depends on the messages (otherwise the equilibrium is
        outcome-equivalent to a babbling one).
    outcome : numpy.ndarray
        ``outcome[t0, t1, a0, a1]``: probability of the action profile given the type
        profile, on the equilibrium path.
    action_distribution : numpy.ndarray
        ``(m_0, m_1)``: ex-ante probability of each action profile of the base game.
    off_path : str
        The off-path convention that supports it (``"mimic"`` or ``"prior"``).

    References
    ----------
    .. [1] Fudenberg, D. and Tirole, J. (1991). Perfect Bayesian equilibrium and
       sequential equilibrium. *Journal of Economic Theory* 53(2), 236-260.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma import BayesianGame
    >>> from secdilemma.games.cheap_talk import with_cheap_talk
    >>> from secdilemma.solvers.cheap_talk import solve_cheap_talk
    >>> u = np.array([[[[2, 0], [0, 1]]]])  # a pure coordination game, one type each
    >>> talk = with_cheap_talk(BayesianGame([u, u.transpose(1, 0, 3, 2)],
    ...                        marginals=[[1], [1]]), messages=1)
    >>> eq = solve_cheap_talk(talk, exact=True)[0]
    >>> eq.kind, eq.influential
    ('babbling', False)
    >>> eq.action_distribution
    array([[1., 0.],
           [0., 0.]])
    """

    messages: tuple[tuple[str, ...], ...] = ()
    base_actions: tuple[tuple[str, ...], ...] = ()
    continuation: Mapping[tuple[str, str], tuple[np.ndarray, np.ndarray]] | None = None
    exact_continuation: Mapping[tuple[str, str], tuple[Any, Any]] | None = None
    on_path: frozenset = frozenset()
    separation: tuple[str, ...] = ()
    influential: bool = False
    outcome: np.ndarray | None = None
    action_distribution: np.ndarray | None = None
    off_path: str = "mimic"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.continuation is not None:
            cont = {k: tuple(readonly(np.array(s, dtype=float)) for s in v)
                    for k, v in self.continuation.items()}
            object.__setattr__(self, "continuation", MappingProxyType(cont))
        if self.exact_continuation is not None:
            object.__setattr__(self, "exact_continuation",
                               MappingProxyType(dict(self.exact_continuation)))
        for name in ("outcome", "action_distribution"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, readonly(np.array(value, dtype=float)))
        object.__setattr__(self, "on_path", frozenset(self.on_path))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CheapTalkEquilibrium):
            return NotImplemented
        if not Equilibrium.__eq__(self, other) or self.messages != other.messages:
            return False
        mine, theirs = self.continuation or {}, other.continuation or {}
        return mine.keys() == theirs.keys() and all(
            np.array_equal(a, b) for k in mine for a, b in zip(mine[k], theirs[k]))

    __hash__ = None  # type: ignore[assignment]

    def message_of(self, player: int, type_label: str) -> str:
        """The message that ``player``'s type ``type_label`` sends.

        Examples
        --------
        >>> import numpy as np
        >>> from secdilemma import BayesianGame
        >>> from secdilemma.games.cheap_talk import with_cheap_talk
        >>> from secdilemma.solvers.cheap_talk import solve_cheap_talk
        >>> u = np.zeros((1, 1, 2, 2))
        >>> talk = with_cheap_talk(BayesianGame([u, u], marginals=[[1], [1]]))
        >>> solve_cheap_talk(talk, warn=False)[0].message_of(0, "t0")
        't0'
        """
        row = self.strategies[player][self.types[player].index(type_label)]
        return self.messages[player][int(np.argmax(row))]

    def describe(self) -> str:
        """A one-line description: messages, then on-path play, then payoffs.

        Examples
        --------
        >>> import numpy as np
        >>> from secdilemma import BayesianGame
        >>> from secdilemma.games.cheap_talk import with_cheap_talk
        >>> from secdilemma.solvers.cheap_talk import solve_cheap_talk
        >>> u = np.array([[[[2, 0], [0, 1]]]])
        >>> talk = with_cheap_talk(BayesianGame([u, u.transpose(1, 0, 3, 2)],
        ...                        marginals=[[1], [1]], actions=[["A", "B"]] * 2),
        ...                        messages=["a"])
        >>> print(solve_cheap_talk(talk, exact=True)[0].describe())
        babbling: player 0 says a; player 1 says a; then after (a, a): player 0 plays A; player 1 plays A; payoffs (2, 2)
        """
        return describe_cheap_talk_equilibrium(self)


@dataclass(frozen=True, eq=False)
class CheapTalkResult(SolveResult):
    """The result of :func:`solve_cheap_talk`: a :class:`SolveResult` whose
    :meth:`describe` says whether talk can change play.

    Attributes
    ----------
    only_babbling : bool
        True when no equilibrium found is influential (also in
        ``diagnostics["only_babbling"]``).

    References
    ----------
    .. [1] Baliga, S. and Morris, S. (2002). Co-ordination, spillovers, and cheap talk.
       *Journal of Economic Theory* 105(2), 450-468.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma import BayesianGame
    >>> from secdilemma.games.cheap_talk import with_cheap_talk
    >>> from secdilemma.solvers.cheap_talk import solve_cheap_talk
    >>> u = np.array([[[[2, 0], [0, 1]]]])
    >>> res = solve_cheap_talk(with_cheap_talk(BayesianGame(
    ...     [u, u.transpose(1, 0, 3, 2)], marginals=[[1], [1]])), exact=True)
    >>> res.only_babbling
    True
    """

    @property
    def only_babbling(self) -> bool:
        return bool(self.diagnostics.get("only_babbling", True))

    def describe(self) -> str:
        """The equilibria, then one sentence on what talk achieves.

        Examples
        --------
        >>> import numpy as np
        >>> from secdilemma import BayesianGame
        >>> from secdilemma.games.cheap_talk import with_cheap_talk
        >>> from secdilemma.solvers.cheap_talk import solve_cheap_talk
        >>> u = np.array([[[[2, 0], [0, 1]]]])
        >>> res = solve_cheap_talk(with_cheap_talk(BayesianGame(
        ...     [u, u.transpose(1, 0, 3, 2)], marginals=[[1], [1]])), exact=True)
        >>> print(res.describe().splitlines()[-1])
        Only babbling survives: in every equilibrium found the messages leave play unchanged (each is outcome-equivalent to an equilibrium without talk).
        """
        return super().describe() + "\n" + str(self.diagnostics.get("summary", ""))


# ---------------------------------------------------------------------- solver
def solve_cheap_talk(game: CheapTalkGame, *, exact: bool = False, tol: float = 1e-9,
                     off_path: str = "mimic", canonical: bool = True,
                     max_combinations: int = 2_000_000, warn: bool = True) -> CheapTalkResult:
    """Perfect Bayesian equilibria of a cheap-talk game with pure message strategies.

    See the module docstring for the equilibrium concept, the off-path conventions and
    the classification (babbling / partially / fully separating; influential).

    Parameters
    ----------
    game : CheapTalkGame
        Two players; the base game's prior must be independent across players.
    exact : bool
        Rational arithmetic throughout: continuation equilibria from
        :func:`solve_bayesian` with ``exact=True``, message incentives checked with
        Fractions, every reported equilibrium verified with zero regret.
    tol : float
        Largest gain from a deviation accepted in floating point.
    off_path : {"mimic", "prior"}
        Beliefs after an unused message (module docstring).
    canonical : bool
        List message strategies once per partition of the types (True) or under every
        labelling of the messages (False).
    max_combinations : int
        Cap on the number of combinations of continuation equilibria tried for one pair
        of message strategies.
    warn : bool
        Issue :class:`IncompleteResultWarning` when a continuation game is degenerate
        (only its extreme equilibria are combined). Recorded in the result either way.

    Returns
    -------
    CheapTalkResult
        A :class:`SolveResult` of :class:`CheapTalkEquilibrium`; babbling equilibria
        first. ``diagnostics`` holds ``only_babbling`` (no influential equilibrium),
        ``informative_exists``, counts per kind, the convention used and a ``summary``
        sentence (also printed by :meth:`CheapTalkResult.describe`). ``complete`` is True
        when every continuation game was solved completely and ``off_path="mimic"``:
        then every pure-message PBE outcome is listed (extreme continuation equilibria).

    Raises
    ------
    InvalidGameError
        ``game`` is not a CheapTalkGame.
    UnsupportedGameError
        More than two players, correlated types, or too many combinations.

    References
    ----------
    .. [1] Farrell, J. and Rabin, M. (1996). Cheap talk. *Journal of Economic
       Perspectives* 10(3), 103-118.
    .. [2] Aumann, R. J. (1990). Nash equilibria are not self-enforcing. In
       *Economic Decision-Making: Games, Econometrics and Optimisation*, 201-206.
    .. [3] Baliga, S. and Morris, S. (2002). Co-ordination, spillovers, and cheap
       talk. *Journal of Economic Theory* 105(2), 450-468.
    .. [4] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
       Economic Studies* 71(2), 351-369.

    Examples
    --------
    A discretised Baliga-Sjöström arms race: each state is a coordinator ("dove": arms
    only if the other is likely to arm) or a dominant-strategy hawk that arms whatever
    the other does and whose payoff does not depend on the other's action (no spillover:
    a knife edge, see the module docstring for a hawk with a spillover). Hawks are
    likely (3/5), so without talk doves must arm too; talk lets doves find each other:

    >>> from fractions import Fraction as F
    >>> import numpy as np
    >>> from secdilemma import BayesianGame, solve_bayesian
    >>> from secdilemma.games.cheap_talk import with_cheap_talk
    >>> from secdilemma.solvers.cheap_talk import solve_cheap_talk
    >>> row = np.empty((2, 2, 2, 2), dtype=object)   # actions (D, H) = (no arms, arms)
    >>> row[0, :] = np.array([[0, -3], [-1, -2]], dtype=object)  # dove: h=-1, c=1, d=3
    >>> row[1, :] = np.array([[0, -3], [1, 1]], dtype=object)    # hawk: arms, no spillover
    >>> base = BayesianGame([row, row.transpose(1, 0, 3, 2)],
    ...                     marginals=[[F(2, 5), F(3, 5)]] * 2,
    ...                     types=[["dove", "hawk"]] * 2, actions=[["D", "H"]] * 2)
    >>> [eq.kind for eq in solve_bayesian(base, exact=True)]
    ['pure']
    >>> res = solve_cheap_talk(with_cheap_talk(base), exact=True)
    >>> res.only_babbling
    False
    >>> best = max(res, key=lambda eq: eq.action_distribution[0, 0])
    >>> best.kind, float(best.action_distribution[0, 0])  # Pr(both stay dovish)
    ('fully separating', 0.16)
    """
    func = "solve_cheap_talk"
    if not isinstance(game, CheapTalkGame):
        raise InvalidGameError(f"{func}(): game must be a CheapTalkGame (see "
                               f"with_cheap_talk); got {type(game).__name__}")
    check_choice(func, "off_path", off_path, OFF_PATH)
    check_real_number(func, "tol", tol, low=0)
    if isinstance(max_combinations, bool) or not isinstance(max_combinations, int) \
            or max_combinations < 1:
        raise InvalidParameterError(f"{func}(): max_combinations must be a positive int; "
                                    f"got {max_combinations!r}")
    base = game.base
    if game.num_players != 2:
        raise UnsupportedGameError(f"{func}(): two players only; got {game.num_players}")
    marg = [base.marginal(i, exact=exact) for i in range(2)]
    if not base.independent:
        joint = np.multiply.outer(marg[0], marg[1])
        prior = base.exact_prior if exact else base.prior
        same = (all(a == b for a, b in zip(np.ravel(joint), np.ravel(prior))) if exact
                else np.allclose(np.array(joint, dtype=float), prior, atol=1e-12))
        if not same:
            raise UnsupportedGameError(
                f"{func}(): the base game's types must be independent across players "
                "(Bayes' rule after a message then only concerns the sender); got a "
                "correlated joint prior")
    solver = _Solver(game, exact=exact, tol=tol, off_path=off_path,
                     max_combinations=max_combinations)
    equilibria = []
    pairs = 0
    for s0 in _message_strategies(base.num_types[0], game.num_messages[0], canonical):
        for s1 in _message_strategies(base.num_types[1], game.num_messages[1], canonical):
            pairs += 1
            equilibria.extend(solver.equilibria_for((s0, s1)))
    equilibria.sort(key=lambda pair: (_SEPARATION_RANK[pair[1].kind], pair[0]))
    equilibria = [pair[1] for pair in equilibria]
    n_babbling = sum(e.kind == "babbling" for e in equilibria)
    n_informative = len(equilibria) - n_babbling
    n_influential = sum(e.influential for e in equilibria)
    only_babbling = n_influential == 0
    if not equilibria:
        summary = "No equilibrium with pure message strategies was found."
    elif only_babbling:
        summary = ("Only babbling survives: in every equilibrium found the messages leave "
                   "play unchanged (each is outcome-equivalent to an equilibrium without "
                   "talk).")
        if n_informative:
            summary += (f" {n_informative} of them separate types by their messages, but "
                        "nobody acts on what is said.")
    else:
        summary = (f"Talk matters: {n_influential} of {len(equilibria)} equilibria are "
                   "influential (on-path play depends on the messages).")
    incomplete = solver.incomplete_keys
    complete = not incomplete and off_path == "mimic"
    messages = []
    if incomplete:
        messages.append(f"{func}(): {len(incomplete)} continuation game(s) are degenerate "
                        "or were solved incompletely; only combinations of their extreme "
                        "equilibria were tried")
    if warn:
        for msg in messages:
            warnings.warn(msg, IncompleteResultWarning, stacklevel=2)
    diagnostics = {
        "only_babbling": only_babbling,
        "informative_exists": n_informative > 0,
        "influential_exists": n_influential > 0,
        "babbling": n_babbling,
        "informative": n_informative,
        "influential": n_influential,
        "message_strategy_pairs": pairs,
        "continuation_games": len(solver.cache),
        "combinations": solver.combinations,
        "off_path": off_path,
        "canonical": canonical,
        "restriction": "pure (type-dependent) message strategies",
        "summary": summary,
    }
    return CheapTalkResult(
        game=game, method="pure_messages", equilibria=tuple(equilibria),
        parameters={"exact": exact, "tol": 0.0 if exact else tol, "off_path": off_path,
                    "canonical": canonical, "max_combinations": max_combinations},
        complete=complete, degenerate=None, tol=0.0 if exact else tol, exact=exact,
        diagnostics=diagnostics, warnings=tuple(messages))


def _message_strategies(K: int, M: int, canonical: bool):
    """Maps types -> messages as tuples; canonical = restricted growth strings."""
    if not canonical:
        yield from itertools.product(range(M), repeat=K)
        return

    def grow(prefix, top):
        if len(prefix) == K:
            yield tuple(prefix)
            return
        for m in range(min(top + 2, M)):
            yield from grow(prefix + [m], max(top, m))

    yield from grow([], -1)


class _Solver:
    def __init__(self, game: CheapTalkGame, *, exact: bool, tol: float, off_path: str,
                 max_combinations: int) -> None:
        self.game = game
        self.base = game.base
        self.exact = exact
        self.tol = tol
        self.off_path = off_path
        self.max_combinations = max_combinations
        self.marg = [self.base.marginal(i, exact=exact) for i in range(2)]
        self.payoffs = self.base.exact_payoffs if exact else self.base.payoffs
        self.zero = Fraction(0) if exact else 0.0
        self.cache: dict = {}
        self.incomplete_keys: set = set()
        self.combinations = 0

    # -- continuation games -------------------------------------------------
    def posterior(self, player: int, senders: tuple[int, ...]) -> np.ndarray:
        K = self.base.num_types[player]
        out = np.array([self.zero] * K, dtype=object if self.exact else float)
        total = sum(self.marg[player][t] for t in senders)
        for t in senders:
            out[t] = self.marg[player][t] / total
        return out

    def continuation(self, key):
        """All (extreme) BNE of the continuation game where player i's possible types are
        key[i]; each as (full sigma0, full sigma1, values0, values1, regret)."""
        if key in self.cache:
            return self.cache[key]
        S0, S1 = key
        m0, m1 = self.base.num_actions
        mu = [self.posterior(0, S0), self.posterior(1, S1)]
        sub = [np.asarray(p)[np.ix_(S0, S1, range(m0), range(m1))] for p in self.payoffs]
        sub_game = BayesianGame(sub, marginals=[[mu[0][t] for t in S0], [mu[1][t] for t in S1]],
                                actions=self.base.actions, players=self.base.players)
        res = solve_bayesian(sub_game, exact=self.exact, tol=self.tol, warn=False)
        if not res.complete:
            self.incomplete_keys.add(key)
        out = []
        for eq in res.equilibria:
            if self.exact:
                sig = [np.array(eq.exact_strategies[i], dtype=object) for i in range(2)]
            else:
                sig = [np.array(eq.strategies[i], dtype=float) for i in range(2)]
            full, values = [], []
            for i in range(2):
                j = 1 - i
                senders, osenders = key[i], key[j]
                K, m = self.base.num_types[i], self.base.num_actions[i]
                av = self._action_values(i, sig[j], osenders, mu[j])  # (K, m)
                beh = np.empty((K, m), dtype=object if self.exact else float)
                for t in range(K):
                    if t in senders:
                        beh[t] = sig[i][senders.index(t)]
                    else:
                        best = max(range(m), key=lambda a: (av[t][a], -a))
                        beh[t] = [self.zero] * m
                        beh[t, best] = Fraction(1) if self.exact else 1.0
                full.append(beh)
                values.append([max(av[t]) for t in range(K)])
            out.append((full[0], full[1], values[0], values[1], eq.max_regret))
        self.cache[key] = out
        return out

    def _action_values(self, i, sigma_j, senders_j, mu_j):
        """Interim value of each action of every type of player i against player j's
        behaviour sigma_j (rows = senders_j) with belief mu_j (full length)."""
        K, m = self.base.num_types[i], self.base.num_actions[i]
        mj = self.base.num_actions[1 - i]
        u = self.payoffs[i]
        out = []
        for t in range(K):
            vals = []
            for a in range(m):
                v = self.zero
                for r, s in enumerate(senders_j):
                    w = mu_j[s]
                    if w == 0:
                        continue
                    inner = self.zero
                    for b in range(mj):
                        p = sigma_j[r][b]
                        if p != 0:
                            inner += p * (u[t, s, a, b] if i == 0 else u[s, t, b, a])
                    v += w * inner
                vals.append(v)
            out.append(vals)
        return out

    # -- one pair of message strategies --------------------------------------
    def equilibria_for(self, strat):
        game, base = self.game, self.base
        M = game.num_messages
        K = base.num_types
        senders = [[tuple(t for t in range(K[i]) if strat[i][t] == m and self.marg[i][t] != 0)
                    for m in range(M[i])] for i in range(2)]
        used = [[m for m in range(M[i]) if senders[i][m]] for i in range(2)]
        positive = [tuple(t for t in range(K[i]) if self.marg[i][t] != 0) for i in range(2)]
        prob = [[sum(self.marg[i][t] for t in senders[i][m]) for m in range(M[i])]
                for i in range(2)]

        def read_as(i, m):
            """The type set the listener attributes to player i's message m."""
            if senders[i][m]:
                return senders[i][m]
            if self.off_path == "mimic":
                return senders[i][used[i][0]]
            return positive[i]

        # profiles whose continuation is chosen freely (each independently)
        free = [(a, b) for a in used[0] for b in used[1]]
        if self.off_path == "prior":
            free += [(a, b) for a in range(M[0]) if a not in used[0] for b in used[1]]
            free += [(a, b) for a in used[0] for b in range(M[1]) if b not in used[1]]
        options = [self.continuation((read_as(0, a), read_as(1, b))) for a, b in free]
        if any(len(o) == 0 for o in options):
            return []
        total = int(np.prod([len(o) for o in options]))
        if total > self.max_combinations:
            raise UnsupportedGameError(
                f"solve_cheap_talk(): {total} combinations of continuation equilibria for "
                f"one pair of message strategies (> max_combinations="
                f"{self.max_combinations})")
        self.combinations += total
        index = {p: k for k, p in enumerate(free)}

        def column(p):
            """Map an arbitrary profile to the free profile whose play it copies, or None
            (both messages unused under 'prior': play there is irrelevant)."""
            if p in index:
                return index[p]
            a, b = p
            a2 = a if a in used[0] else (used[0][0] if self.off_path == "mimic" else a)
            b2 = b if b in used[1] else (used[1][0] if self.off_path == "mimic" else b)
            return index.get((a2, b2))

        # float screen over all combinations, vectorised
        grids = np.indices([len(o) for o in options]).reshape(len(options), -1).T
        ok = np.ones(len(grids), dtype=bool)
        for i in range(2):
            j = 1 - i
            deviations = [m for m in range(M[i]) if m in used[i] or self.off_path == "prior"]
            val = {}
            for m in deviations:
                acc = np.zeros((len(grids), K[i]))
                for mj in used[j]:
                    p = (m, mj) if i == 0 else (mj, m)
                    col = column(p)
                    table = np.array([[float(v) for v in opt[2 + i]] for opt in options[col]])
                    acc += float(prob[j][mj]) * table[grids[:, col]]
                val[m] = acc
            for t in range(K[i]):
                own = val[strat[i][t]][:, t]
                for m in deviations:
                    scale = max(1.0, float(np.max(np.abs(base.payoffs[i]))))
                    ok &= val[m][:, t] <= own + (self.tol + 1e-9) * scale
        results = []
        for combo in grids[ok]:
            eq = self._build(strat, senders, used, prob, free, options, combo, column,
                             read_as)
            if eq is not None:
                results.append(eq)
        return results

    def _build(self, strat, senders, used, prob, free, options, combo, column, read_as):
        game, base = self.game, self.base
        M, K = game.num_messages, base.num_types
        exact = self.exact
        chosen = {p: options[k][combo[k]] for k, p in enumerate(free)}
        # every profile's continuation (copy or chosen); both-unused under 'prior'
        cont = {}
        for a in range(M[0]):
            for b in range(M[1]):
                col = column((a, b))
                if col is not None:
                    cont[(a, b)] = options[col][combo[col]]
                else:
                    cont[(a, b)] = self.continuation((read_as(0, a), read_as(1, b)))[0]
        # exact / float incentive check and payoffs
        pay = []
        regret = 0.0
        for i in range(2):
            j = 1 - i
            deviations = [m for m in range(M[i]) if m in used[i] or self.off_path == "prior"]
            total = self.zero
            for t in range(K[i]):
                vals = {}
                for m in deviations:
                    v = self.zero
                    for mj in used[j]:
                        p = (m, mj) if i == 0 else (mj, m)
                        v += prob[j][mj] * cont[p][2 + i][t]
                    vals[m] = v
                own = vals[strat[i][t]]
                gain = max(vals.values()) - own
                if exact and gain > 0:
                    return None
                if not exact and gain > self.tol * max(1.0, float(np.max(np.abs(
                        base.payoffs[i])))):
                    return None
                regret = max(regret, float(gain))
                total += self.marg[i][t] * own
            pay.append(total)
        for p in chosen:
            regret = max(regret, float(chosen[p][4]))
        # posteriors and classification
        post = [[self.posterior(i, read_as(i, m)) for m in range(M[i])] for i in range(2)]
        separation = []
        for i in range(2):
            n_pos = sum(1 for t in range(K[i]) if self.marg[i][t] != 0)
            if len(used[i]) <= 1:
                separation.append("pooling")
            elif len(used[i]) == n_pos:
                separation.append("separating")
            else:
                separation.append("partially separating")
        if separation == ["pooling", "pooling"]:
            kind = "babbling"
        elif separation == ["separating", "separating"]:
            kind = "fully separating"
        else:
            kind = "partially separating"
        influential = False
        for i in range(2):
            j = 1 - i
            for t in range(K[i]):
                if self.marg[i][t] == 0:
                    continue
                rows = []
                for mj in used[j]:
                    p = (strat[i][t], mj) if i == 0 else (mj, strat[i][t])
                    rows.append(np.asarray(cont[p][i][t], dtype=object if exact else float))
                for r in rows[1:]:
                    same = (all(x == y for x, y in zip(r, rows[0])) if exact
                            else np.allclose(r, rows[0], atol=max(self.tol, 1e-9), rtol=0))
                    if not same:
                        influential = True
        m0, m1 = base.num_actions
        outcome = np.zeros((K[0], K[1], m0, m1))
        exact_outcome = np.full((K[0], K[1], m0, m1), self.zero, dtype=object)
        for t0 in range(K[0]):
            for t1 in range(K[1]):
                s0, s1 = cont[(strat[0][t0], strat[1][t1])][:2]
                for a in range(m0):
                    for b in range(m1):
                        exact_outcome[t0, t1, a, b] = s0[t0][a] * s1[t1][b]
        outcome[:] = np.array(exact_outcome, dtype=float)
        dist = np.zeros((m0, m1), dtype=object)
        dist[:] = self.zero
        for t0 in range(K[0]):
            for t1 in range(K[1]):
                dist = dist + self.marg[0][t0] * self.marg[1][t1] * exact_outcome[t0, t1]
        labels = game.messages
        strategies = []
        exact_strategies = []
        for i in range(2):
            s = np.zeros((K[i], M[i]))
            for t in range(K[i]):
                s[t, strat[i][t]] = 1.0
            strategies.append(s)
            exact_strategies.append(tuple(tuple(Fraction(int(v)) for v in row) for row in s))
        beliefs = {(labels[0][a], labels[1][b]): (post[0][a], post[1][b])
                   for a in range(M[0]) for b in range(M[1])}
        continuation = {(labels[0][a], labels[1][b]): (v[0], v[1]) for (a, b), v in cont.items()}
        exact_cont = None
        if exact:
            exact_cont = {k: tuple(tuple(tuple(row) for row in s) for s in v)
                          for k, v in continuation.items()}
        on_path = {(labels[0][a], labels[1][b]) for a in used[0] for b in used[1]}
        eq = CheapTalkEquilibrium(
            strategies=strategies, payoffs=[float(p) for p in pay],
            max_regret=0.0 if exact else max(regret, 0.0), kind=kind,
            exact_strategies=tuple(exact_strategies) if exact else None,
            exact_payoffs=tuple(pay) if exact else None,
            beliefs=beliefs, actions=labels, players=base.players, types=base.types,
            messages=labels, base_actions=base.actions,
            continuation=continuation, exact_continuation=exact_cont,
            on_path=frozenset(on_path), separation=tuple(separation),
            influential=influential, outcome=outcome,
            action_distribution=np.array(dist, dtype=float), off_path=self.off_path)
        return (tuple(strat[0]), tuple(strat[1]), tuple(int(c) for c in combo)), eq
