"""Cheap talk: one round of costless, simultaneous messages before a Bayesian game.

Conventions:

- The base game is a :class:`~secdilemma.games.bayesian.BayesianGame`. Before it is
  played, every player, knowing its own type, sends one message from a finite set;
  messages are costless (payoffs do not depend on them) and both players observe the
  whole message profile; then the base game is played with beliefs updated by Bayes'
  rule.
- ``messages[i]`` are player ``i``'s message labels. Every message is available to
  every type; a message strategy may depend on the type.
- :meth:`CheapTalkGame.to_bayesian` is the (reduced) strategic form of the whole game:
  an action of player ``i`` is a pair (message, plan), where the plan gives an action
  of the base game for every profile of the *other* players' messages (a plan only
  needs to say what to do after the player's own message). Its Bayes-Nash equilibria
  are the Nash equilibria of the cheap-talk game; perfect Bayesian equilibria (optimal
  play after every message profile, on and off the path) are computed by
  :func:`secdilemma.solvers.cheap_talk.solve_cheap_talk`.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .._validation import game_error
from ..errors import UnsupportedGameError
from .bayesian import BayesianGame

__all__ = ["CheapTalkGame", "with_cheap_talk"]

_MAX_ENTRIES = 5_000_000


class CheapTalkGame:
    """A Bayesian game preceded by one round of simultaneous cheap talk.

    Parameters
    ----------
    game : BayesianGame
        The game played after the messages (the "base game").
    messages : int, sequence of str, or sequence of sequence of str, optional
        The message sets. ``None`` (default): player ``i`` has one message per type,
        labelled like its types (a message is then a claim "I am type ...").
        An int ``k``: every player has ``k`` messages ``m0, ..., m{k-1}``. A sequence of
        labels: the same labels for every player. A sequence of sequences: one set of
        labels per player.

    Attributes
    ----------
    base : BayesianGame
    messages : tuple of tuple of str
    num_messages : tuple of int

    Raises
    ------
    InvalidGameError
        ``game`` is not a BayesianGame, a message set is empty or has repeated labels.

    See Also
    --------
    with_cheap_talk : the functional spelling.
    secdilemma.solvers.cheap_talk.solve_cheap_talk : its perfect Bayesian equilibria.

    References
    ----------
    .. [1] Farrell, J. and Rabin, M. (1996). Cheap talk. *Journal of Economic
       Perspectives* 10(3), 103-118.
    .. [2] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
       Economic Studies* 71(2), 351-369.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma import BayesianGame
    >>> from secdilemma.games.cheap_talk import CheapTalkGame
    >>> row = np.zeros((2, 1, 2, 2))  # player 0 has types S and G, player 1 one type
    >>> base = BayesianGame([row, row], marginals=[[0.5, 0.5], [1]],
    ...                     types=[["S", "G"], ["S"]])
    >>> talk = CheapTalkGame(base)
    >>> talk.messages
    (('S', 'G'), ('S',))
    >>> talk.to_bayesian().num_actions  # (2 messages x 2^1 plans, 1 message x 2^2 plans)
    (4, 4)
    """

    def __init__(self, game: BayesianGame, messages: Any = None) -> None:
        func = "CheapTalkGame"
        if not isinstance(game, BayesianGame):
            raise game_error(func, f"game must be a BayesianGame; got {type(game).__name__}")
        n = game.num_players
        if messages is None:
            labels = [tuple(t) for t in game.types]
        elif isinstance(messages, (int, np.integer)) and not isinstance(messages, bool):
            if messages < 1:
                raise game_error(func, f"messages must be >= 1; got {messages}")
            labels = [tuple(f"m{k}" for k in range(int(messages)))] * n
        else:
            try:
                seq = list(messages)
            except TypeError as exc:
                raise game_error(func, "messages must be an int, a sequence of labels or "
                                       f"one sequence of labels per player; got {messages!r}"
                                 ) from exc
            if seq and all(isinstance(x, str) for x in seq):
                labels = [tuple(seq)] * n
            else:
                labels = []
                for row in seq:
                    if isinstance(row, str):
                        raise game_error(func, "messages must not mix labels and label "
                                               f"sequences; got {messages!r}")
                    labels.append(tuple(str(x) for x in row))
                if len(labels) != n:
                    raise game_error(func, f"messages must give one label set per player "
                                           f"({n}); got {len(labels)}")
        for i, row in enumerate(labels):
            if len(row) == 0:
                raise game_error(func, f"messages[{i}] must hold at least one message; got "
                                       "none")
            if len(set(row)) != len(row):
                raise game_error(func, f"messages[{i}] labels must be distinct; got "
                                       f"{list(row)}")
        self._base = game
        self._messages = tuple(tuple(str(x) for x in row) for row in labels)

    # ------------------------------------------------------------------ properties
    @property
    def base(self) -> BayesianGame:
        """The Bayesian game played after the messages."""
        return self._base

    @property
    def messages(self) -> tuple[tuple[str, ...], ...]:
        """Message labels, one tuple per player."""
        return self._messages

    @property
    def num_messages(self) -> tuple[int, ...]:
        return tuple(len(m) for m in self._messages)

    @property
    def num_players(self) -> int:
        return self._base.num_players

    @property
    def players(self) -> tuple[str, ...]:
        return self._base.players

    @property
    def types(self) -> tuple[tuple[str, ...], ...]:
        return self._base.types

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """The base game's action labels."""
        return self._base.actions

    # ------------------------------------------------------------------ strategic form
    def _opponent_profiles(self, player: int) -> list[tuple[int, ...]]:
        others = [j for j in range(self.num_players) if j != player]
        return list(itertools.product(*(range(self.num_messages[j]) for j in others)))

    def plans(self, player: int) -> list[tuple[int, tuple[int, ...]]]:
        """The actions of ``player`` in :meth:`to_bayesian`, in order.

        Each is ``(message, plan)``: ``plan[k]`` is the base-game action taken when the
        other players' message profile is the ``k``-th of
        ``itertools.product(*(range(M_j) for j != player))``.

        Examples
        --------
        >>> import numpy as np
        >>> from secdilemma import BayesianGame
        >>> from secdilemma.games.cheap_talk import CheapTalkGame
        >>> u = np.zeros((1, 1, 2, 2))
        >>> talk = CheapTalkGame(BayesianGame([u, u], marginals=[[1], [1]]), messages=2)
        >>> talk.plans(0)[:3]
        [(0, (0, 0)), (0, (0, 1)), (0, (1, 0))]
        """
        m = self._base.num_actions[player]
        k = len(self._opponent_profiles(player))
        return [(msg, plan) for msg in range(self.num_messages[player])
                for plan in itertools.product(range(m), repeat=k)]

    def to_bayesian(self) -> BayesianGame:
        """The equivalent Bayesian game whose actions are (message, plan) pairs.

        Payoffs of a type profile and a profile of (message, plan) pairs are the base
        game's payoffs at the actions the plans prescribe after the realised message
        profile. The prior is the base game's. Its Bayes-Nash equilibria are the Nash
        equilibria of the cheap-talk game (without the sequential rationality off the
        path that :func:`~secdilemma.solvers.cheap_talk.solve_cheap_talk` imposes).

        Returns
        -------
        BayesianGame

        Raises
        ------
        UnsupportedGameError
            When the strategic form would have more than 5 million payoff entries.

        Examples
        --------
        >>> import numpy as np
        >>> from secdilemma import BayesianGame
        >>> from secdilemma.games.cheap_talk import CheapTalkGame
        >>> u = np.array([[[[9, 0], [8, 7]]]])
        >>> base = BayesianGame([u, u.transpose(1, 0, 3, 2)], marginals=[[1], [1]],
        ...                     actions=[["S", "H"], ["S", "H"]])
        >>> big = CheapTalkGame(base, messages=["Stag", "Hare"]).to_bayesian()
        >>> big.num_actions
        (8, 8)
        >>> big.actions[0][1]
        'Stag; Stag->S, Hare->H'
        """
        base = self._base
        n = self.num_players
        plans = [self.plans(i) for i in range(n)]
        size = int(np.prod(base.num_types)) * int(np.prod([len(p) for p in plans])) * n
        if size > _MAX_ENTRIES:
            raise UnsupportedGameError(
                f"CheapTalkGame.to_bayesian(): the strategic form would have {size} payoff "
                f"entries (> {_MAX_ENTRIES}); use solve_cheap_talk, which works message "
                "profile by message profile")
        exact = base.is_exact
        source = base.exact_payoffs if exact else base.payoffs
        dtype = object if exact else float
        shape = tuple(base.num_types) + tuple(len(p) for p in plans)
        out = [np.empty(shape, dtype=dtype) for _ in range(n)]
        opp_index = []
        for i in range(n):
            opp_index.append({prof: k for k, prof in enumerate(self._opponent_profiles(i))})
        types_slice = (slice(None),) * n
        for idx in itertools.product(*(range(len(p)) for p in plans)):
            msgs = tuple(plans[i][idx[i]][0] for i in range(n))
            acts = []
            for i in range(n):
                opp = tuple(msgs[j] for j in range(n) if j != i)
                acts.append(plans[i][idx[i]][1][opp_index[i][opp]])
            for i in range(n):
                out[i][types_slice + idx] = source[i][types_slice + tuple(acts)]
        labels = [[self._plan_label(i, msg, plan) for msg, plan in plans[i]]
                  for i in range(n)]
        if base.independent:
            prior_kw = {"marginals": [base.marginal(i, exact=exact) for i in range(n)]}
        else:
            prior_kw = {"prior": base.exact_prior if exact else base.prior}
        return BayesianGame(out, types=base.types, actions=labels, players=base.players,
                            **prior_kw)

    def _plan_label(self, player: int, msg: int, plan: tuple[int, ...]) -> str:
        others = [j for j in range(self.num_players) if j != player]
        parts = []
        for prof, a in zip(self._opponent_profiles(player), plan):
            key = "/".join(self._messages[j][k] for j, k in zip(others, prof))
            parts.append(f"{key}->{self._base.actions[player][a]}")
        return f"{self._messages[player][msg]}; " + ", ".join(parts)

    def bayesian_profile(self, message_strategies: Sequence[Any],
                         continuation: dict) -> list[np.ndarray]:
        """A cheap-talk strategy profile as behaviour in :meth:`to_bayesian` (2 players).

        Parameters
        ----------
        message_strategies : sequence of array_like
            Per player, a ``(K_i, M_i)`` array: one probability vector over messages per
            type (pure, as :func:`solve_cheap_talk` reports them, or mixed).
        continuation : mapping
            ``{(m0, m1): (sigma0, sigma1)}`` with message *indices* as keys and
            ``(K_i, m_i)`` behaviour arrays (every type) as values.

        Returns
        -------
        list of numpy.ndarray
            Per player a ``(K_i, len(plans(i)))`` behaviour strategy; the continuation
            mixtures at different message profiles are taken as independent.

        Examples
        --------
        >>> import numpy as np
        >>> from secdilemma import BayesianGame
        >>> from secdilemma.games.cheap_talk import CheapTalkGame
        >>> u = np.zeros((1, 1, 2, 2))
        >>> talk = CheapTalkGame(BayesianGame([u, u], marginals=[[1], [1]]), messages=1)
        >>> play = np.array([[1.0, 0.0]])
        >>> talk.bayesian_profile([[[1.0]], [[1.0]]], {(0, 0): (play, play)})[0]
        array([[1., 0.]])
        """
        if self.num_players != 2:
            raise UnsupportedGameError("CheapTalkGame.bayesian_profile(): two players only; "
                                       f"got {self.num_players}")
        out = []
        for i in range(2):
            ms = np.asarray(message_strategies[i], dtype=object)
            exact = any(isinstance(v, Fraction) for v in ms.ravel()) or any(
                isinstance(v, Fraction) for sig in continuation.values()
                for v in np.asarray(sig[i], dtype=object).ravel())
            plans = self.plans(i)
            K = self._base.num_types[i]
            beh = np.empty((K, len(plans)), dtype=object if exact else float)
            for t in range(K):
                for k, (msg, plan) in enumerate(plans):
                    p = ms[t, msg]
                    for j_msg, a in enumerate(plan):
                        key = (msg, j_msg) if i == 0 else (j_msg, msg)
                        p = p * np.asarray(continuation[key][i], dtype=object)[t, a]
                    beh[t, k] = p
            out.append(beh)
        return out

    def __repr__(self) -> str:
        return (f"<CheapTalkGame: {self.num_players} players, messages {self.num_messages}, "
                f"base {self._base!r}>")


def with_cheap_talk(game: BayesianGame, messages: Any = None) -> CheapTalkGame:
    """Add one round of simultaneous costless messages before ``game``.

    Parameters
    ----------
    game : BayesianGame
    messages : int, sequence of str, or sequence of sequence of str, optional
        See :class:`CheapTalkGame` (default: one message per type, named like the type).

    Returns
    -------
    CheapTalkGame

    References
    ----------
    .. [1] Farrell, J. and Rabin, M. (1996). Cheap talk. *Journal of Economic
       Perspectives* 10(3), 103-118.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma import BayesianGame
    >>> from secdilemma.games.cheap_talk import with_cheap_talk
    >>> u = np.zeros((2, 2, 2, 2))
    >>> talk = with_cheap_talk(BayesianGame([u, u], marginals=[[0.5, 0.5]] * 2),
    ...                        messages=["dove", "hawk"])
    >>> talk.messages
    (('dove', 'hawk'), ('dove', 'hawk'))
    """
    return CheapTalkGame(game, messages)
