"""Finite Bayesian games (games of incomplete information, Harsanyi 1967-68).

Conventions:

- Player ``i`` has ``K_i`` types and ``m_i`` actions.
- ``payoffs[i]`` has shape ``(K_0, ..., K_{n-1}, m_0, ..., m_{n-1})``: player ``i``'s
  payoff when the type profile is ``t`` and the action profile is ``a`` is
  ``payoffs[i][t + a]``.
- The common prior is either a joint array over type profiles (``prior=``) or one
  marginal vector per player, drawn independently (``marginals=``).
- A behaviour strategy of player ``i`` is a ``(K_i, m_i)`` array: one probability vector
  per type.
- Interim beliefs: a type with positive probability believes the prior conditional on
  its type. A type with zero prior probability has no conditional; by convention it
  believes the prior marginal over the others' types (which is the conditional belief
  whenever types are independent). The convention is recorded in
  :attr:`BayesianGame.zero_probability_types`.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .._validation import (as_exact_array, check_index, check_mixed_profile,
                           check_probability_vector, check_real_entries, game_error,
                           is_exact_scalar, readonly)
from .normal_form import NormalFormGame

__all__ = ["BayesianGame"]


class BayesianGame:
    """A finite Bayesian game with a common prior over type profiles.

    Parameters
    ----------
    payoffs : sequence of array_like
        ``n`` arrays of shape ``(K_0, ..., K_{n-1}, m_0, ..., m_{n-1})``.
    prior : array_like, optional
        Joint prior of shape ``(K_0, ..., K_{n-1})``: non-negative, sums to 1.
    marginals : sequence of array_like, optional
        Independent priors, one vector of length ``K_i`` per player. Give exactly one
        of ``prior`` and ``marginals``.
    types, actions : sequence of sequence of str, optional
        Labels (default ``t0, t1, ...`` and ``a0, a1, ...``).
    players : sequence of str, optional

    Raises
    ------
    InvalidGameError
        Negative or non-normalised priors, shapes that disagree, non-finite payoffs.

    References
    ----------
    .. [1] Harsanyi, J. C. (1967-68). Games with incomplete information played by
       "Bayesian" players, I-III. *Management Science* 14, 159-182, 320-334, 486-502.

    Examples
    --------
    Kydd's security dilemma with two types per state (security seeker S, greedy G):

    >>> import numpy as np
    >>> from secdilemma import BayesianGame
    >>> u = {"S": [[1, -0.5], [0.5, 0]], "G": [[1, -0.5], [1.5, 0]]}
    >>> row = np.empty((2, 2, 2, 2))
    >>> for t, own in enumerate("SG"):
    ...     row[t, :] = np.asarray(u[own])
    >>> col = row.transpose(1, 0, 3, 2)
    >>> game = BayesianGame([row, col], marginals=[[0.6, 0.4], [0.6, 0.4]],
    ...                     types=[["S", "G"], ["S", "G"]])
    >>> game.num_types, game.num_actions
    ((2, 2), (2, 2))
    >>> game.interim_belief(0, 0)
    array([0.6, 0.4])
    """

    def __init__(self, payoffs: Sequence[Any], *, prior: Any = None,
                 marginals: Sequence[Any] | None = None,
                 types: Sequence[Sequence[str]] | None = None,
                 actions: Sequence[Sequence[str]] | None = None,
                 players: Sequence[str] | None = None) -> None:
        func = "BayesianGame"
        if (prior is None) == (marginals is None):
            raise game_error(func, "give exactly one of prior (joint) and marginals "
                                   f"(independent); got prior={prior!r}, marginals={marginals!r}")
        if isinstance(payoffs, np.ndarray) and payoffs.ndim >= 1:
            payoff_list = [payoffs[i] for i in range(payoffs.shape[0])]
        else:
            try:
                payoff_list = list(payoffs)
            except TypeError as exc:
                raise game_error(func, f"payoffs must be a sequence of arrays, one per player; "
                                       f"got {payoffs!r}") from exc
        n = len(payoff_list)
        if n == 0:
            raise game_error(func, "payoffs must hold one array per player; got 0 arrays")
        arrays = []
        for i, p in enumerate(payoff_list):
            # the rule NormalFormGame applies: real numbers, never bools or strings
            arr = check_real_entries(func, f"payoffs[{i}]", p)
            if arr.ndim != 2 * n:
                raise game_error(func, f"payoffs[{i}] must have 2n = {2 * n} axes (types of "
                                       f"each player, then actions of each player); got shape "
                                       f"{arr.shape}")
            arrays.append(arr)
        shape = arrays[0].shape
        for i, arr in enumerate(arrays):
            if arr.shape != shape:
                raise game_error(func, f"payoffs must all have the same shape; got {shape} "
                                       f"for player 0 and {arr.shape} for player {i}")
        if any(k == 0 for k in shape):
            raise game_error(func, f"every player needs at least one type and one action; "
                                   f"got shape {shape}")
        self._num_types = tuple(int(k) for k in shape[:n])
        self._num_actions = tuple(int(m) for m in shape[n:])
        floats = []
        for i, arr in enumerate(arrays):
            try:
                f = np.array(arr, dtype=float)
            except OverflowError as exc:
                raise game_error(func, f"payoffs[{i}] must be representable as floats "
                                       f"(|payoff| < 1.8e308)") from exc
            bad = np.argwhere(~np.isfinite(f))
            if bad.size:
                where = tuple(int(k) for k in bad[0])
                raise game_error(func, f"payoffs must be finite; got {arr[where]!r} for player "
                                       f"{i} at index {where}")
            floats.append(readonly(f))
        self._payoffs = tuple(floats)
        self._exact = tuple(readonly(as_exact_array(a)) for a in arrays)
        self._is_exact = all(is_exact_scalar(v) for a in arrays for v in a.ravel())

        if marginals is not None:
            marginals = list(marginals)
            if len(marginals) != n:
                raise game_error(func, f"marginals must give one vector per player ({n}); got "
                                       f"{len(marginals)}")
            exact_margs = []
            for i, mvec in enumerate(marginals):
                exact_margs.append(self._check_distribution(
                    func, f"marginals[{i}]", mvec, (self._num_types[i],)))
            joint = exact_margs[0]
            for mvec in exact_margs[1:]:
                joint = np.multiply.outer(joint, mvec)
            self._independent = True
            exact_prior = np.asarray(joint, dtype=object).reshape(self._num_types)
        else:
            exact_prior = self._check_distribution(func, "prior", prior, self._num_types)
            self._independent = False
        self._exact_prior = readonly(exact_prior)
        self._prior = readonly(np.array(exact_prior, dtype=float))
        self._prior_is_exact = all(is_exact_scalar(v) for v in exact_prior.ravel())

        self._types = self._labels(func, "types", types, self._num_types, "t")
        self._actions = self._labels(func, "actions", actions, self._num_actions, "a")
        if players is None:
            self._players = tuple(f"player {i}" for i in range(n))
        else:
            self._players = tuple(str(p) for p in players)
            if len(self._players) != n or len(set(self._players)) != n:
                raise game_error(func, f"players must be {n} distinct labels; got "
                                       f"{list(players)}")

    # ------------------------------------------------------------------ validation
    @staticmethod
    def _check_distribution(func, name, values, shape) -> np.ndarray:
        arr = check_real_entries(func, name, values)
        if arr.shape != tuple(shape):
            raise game_error(func, f"{name} must have shape {tuple(shape)} (one entry per "
                                   f"type{' profile' if len(shape) > 1 else ''}); got "
                                   f"{arr.shape}")
        try:
            f = np.array(arr, dtype=float)
        except (TypeError, ValueError, OverflowError) as exc:
            raise game_error(func, f"{name} must hold real numbers; got {values!r}") from exc
        if not np.all(np.isfinite(f)):
            raise game_error(func, f"{name} must be finite; got {values!r}")
        if np.any(f < 0):
            raise game_error(func, f"{name} must be non-negative; got {values!r}")
        if all(is_exact_scalar(v) for v in arr.ravel()):
            total = sum(Fraction(int(v)) if not isinstance(v, Fraction) else v
                        for v in arr.ravel())
            if total != 1:
                raise game_error(func, f"{name} must sum to 1; got {total}")
            return as_exact_array(arr)
        if abs(f.sum() - 1.0) > 1e-9:
            raise game_error(func, f"{name} must sum to 1; got {f.sum():.12g}")
        return as_exact_array(arr)

    @staticmethod
    def _labels(func, name, labels, counts, prefix):
        if labels is None:
            return tuple(tuple(f"{prefix}{k}" for k in range(c)) for c in counts)
        labels = tuple(tuple(str(x) for x in row) for row in labels)
        if len(labels) != len(counts) or any(len(r) != c for r, c in zip(labels, counts)):
            raise game_error(func, f"{name} must give {list(counts)} labels per player; got "
                                   f"{[list(r) for r in labels]}")
        if any(len(set(r)) != len(r) for r in labels):
            raise game_error(func, f"{name} labels must be distinct; got "
                                   f"{[list(r) for r in labels]}")
        return labels

    # ------------------------------------------------------------------ properties
    @property
    def num_players(self) -> int:
        return len(self._payoffs)

    @property
    def num_types(self) -> tuple[int, ...]:
        return self._num_types

    @property
    def num_actions(self) -> tuple[int, ...]:
        return self._num_actions

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """Float payoff arrays (read-only), indexed ``[types..., actions...]``."""
        return self._payoffs

    @property
    def exact_payoffs(self) -> tuple[np.ndarray, ...]:
        return self._exact

    @property
    def is_exact(self) -> bool:
        """Whether every payoff and prior entry is an int or a Fraction."""
        return self._is_exact and self._prior_is_exact

    @property
    def prior(self) -> np.ndarray:
        """The joint prior over type profiles (float, read-only)."""
        return self._prior

    @property
    def exact_prior(self) -> np.ndarray:
        return self._exact_prior

    @property
    def independent(self) -> bool:
        """Whether the prior was given as independent marginals."""
        return self._independent

    @property
    def types(self) -> tuple[tuple[str, ...], ...]:
        return self._types

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        return self._actions

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    def marginal(self, player: int, *, exact: bool = False) -> np.ndarray:
        """The prior probability of each of ``player``'s types."""
        prior = self._exact_prior if exact else self._prior
        axes = tuple(j for j in range(self.num_players) if j != player)
        return np.sum(prior, axis=axes) if axes else prior.copy()

    @property
    def zero_probability_types(self) -> tuple[tuple[int, ...], ...]:
        """Per player, the types with zero prior probability."""
        return tuple(tuple(int(k) for k in np.flatnonzero(self.marginal(i) == 0))
                     for i in range(self.num_players))

    def interim_belief(self, player: int, type_index: int, *, exact: bool = False) -> np.ndarray:
        """Belief of ``player``'s type ``type_index`` over the others' type profiles.

        An array over the other players' types (axes in player order). A zero-probability
        type believes the prior marginal over the others (see the module docstring).
        """
        func = "BayesianGame.interim_belief"
        player = check_index(func, "player", player, self.num_players)
        type_index = check_index(func, "type_index", type_index, self._num_types[player])
        prior = self._exact_prior if exact else self._prior
        slab = np.take(prior, type_index, axis=player)
        total = slab.sum()
        if total != 0:
            return slab / total
        others = np.sum(prior, axis=player)
        return others / others.sum()

    # ------------------------------------------------------------------ evaluation
    def interim_action_values(self, profile: Sequence[Any], player: int, type_index: int, *,
                              exact: bool = False) -> np.ndarray:
        """Expected payoff of each action of ``player`` of type ``type_index`` against
        the others' behaviour strategies (each a ``(K_j, m_j)`` array)."""
        func = "BayesianGame.interim_action_values"
        player = check_index(func, "player", player, self.num_players)
        type_index = check_index(func, "type_index", type_index, self._num_types[player])
        profile = self._profile(func, profile, skip=player)
        return self._interim_action_values(profile, player, type_index, exact)

    def _profile(self, func: str, profile: Any, skip: int | None = None) -> list:
        """Check a behaviour profile: per player a ``(K_i, m_i)`` array whose rows are
        probability vectors."""
        return check_mixed_profile(func, profile, self._num_actions, rows=self._num_types,
                                   skip=skip)

    def _interim_action_values(self, profile, player: int, type_index: int, exact: bool):
        n = self.num_players
        payoff = (self._exact if exact else self._payoffs)[player]
        belief = self.interim_belief(player, type_index, exact=exact)
        dtype = object if exact else float
        sub = np.take(payoff, type_index, axis=player)  # types of others..., actions...
        # sub axes: other players' types (n-1), then all actions (n)
        others = [j for j in range(n) if j != player]
        # contract others' actions with their behaviour given their types
        # Contract the other players from the last to the first: player j's type axis
        # sits at its position among the others, its action axis at (n - 1) + j (only
        # higher players' action axes have been removed before it).
        values = sub
        for pos in reversed(range(len(others))):
            j = others[pos]
            sigma = np.asarray(profile[j], dtype=dtype)  # (K_j, m_j)
            values = _contract_type_action(values, sigma, pos, (n - 1) + j)
        # remaining axes: the others' types, then the own action
        return _apply_belief(values, belief)

    def behaviour_payoffs(self, profile: Sequence[Any], *, exact: bool = False) -> np.ndarray:
        """Ex-ante expected payoff of each player."""
        profile = self._profile("BayesianGame.behaviour_payoffs", profile)
        out = []
        for i in range(self.num_players):
            marg = self.marginal(i, exact=exact)
            sigma = np.asarray(profile[i], dtype=object if exact else float)
            total = 0
            for t in range(self._num_types[i]):
                if marg[t] == 0:
                    continue
                total = total + marg[t] * np.dot(
                    self._interim_action_values(profile, i, t, exact), sigma[t])
            out.append(total)
        return np.array(out, dtype=object if exact else float)

    def interim_regrets(self, profile: Sequence[Any], *, exact: bool = False) -> list[np.ndarray]:
        """Per player, the regret of each type (gain from its best deviation)."""
        profile = self._profile("BayesianGame.interim_regrets", profile)
        return self._interim_regrets(profile, exact)

    def _interim_regrets(self, profile, exact: bool) -> list[np.ndarray]:
        out = []
        for i in range(self.num_players):
            sigma = np.asarray(profile[i], dtype=object if exact else float)
            regrets = []
            for t in range(self._num_types[i]):
                vals = self._interim_action_values(profile, i, t, exact)
                regrets.append(max(vals) - np.dot(vals, sigma[t]))
            out.append(np.array(regrets, dtype=object if exact else float))
        return out

    def max_regret(self, profile: Sequence[Any]) -> float:
        """The largest interim regret over all players and types (float)."""
        profile = self._profile("BayesianGame.max_regret", profile)
        return float(max(max(r) for r in self._interim_regrets(profile, False)))

    # ------------------------------------------------------------------ conversions
    def to_normal_form(self) -> NormalFormGame:
        """The induced normal form: pure strategies are type-contingent plans (tuples
        of one action per type, in lexicographic order), payoffs are ex-ante expected
        payoffs. Its Nash equilibria induce the Bayes–Nash equilibria of this game.

        Examples
        --------
        >>> from secdilemma import BayesianGame
        >>> import numpy as np
        >>> one_type = BayesianGame([np.array([[[[3, 0], [5, 1]]]]),
        ...                          np.array([[[[3, 5], [0, 1]]]])],
        ...                         marginals=[[1], [1]])
        >>> one_type.to_normal_form().num_actions
        (2, 2)
        """
        n = self.num_players
        plans = [list(itertools.product(range(m), repeat=k))
                 for m, k in zip(self._num_actions, self._num_types)]
        exact = self.is_exact
        payoffs = [np.empty(tuple(len(p) for p in plans), dtype=object) for _ in range(n)]
        prior = self._exact_prior if exact else self._prior
        source = self._exact if exact else self._payoffs
        type_profiles = list(itertools.product(*(range(k) for k in self._num_types)))
        for idx in itertools.product(*(range(len(p)) for p in plans)):
            chosen = [plans[i][idx[i]] for i in range(n)]
            for i in range(n):
                total = Fraction(0) if exact else 0.0
                for t in type_profiles:
                    w = prior[t]
                    if w == 0:
                        continue
                    a = tuple(chosen[j][t[j]] for j in range(n))
                    total += w * source[i][t + a]
                payoffs[i][idx] = total
        labels = [["/".join(self._actions[i][a] for a in plan) for plan in plans[i]]
                  for i in range(n)]
        if not exact:
            payoffs = [np.array(p, dtype=float) for p in payoffs]
        return NormalFormGame(payoffs, actions=labels, players=self._players)

    def to_agent_form(self) -> NormalFormGame:
        """The agent form: one player per (player, type) — an *agent* — choosing that
        type's action; each agent's payoff is its type's interim expected payoff (under
        the interim beliefs of :meth:`interim_belief`). Its Nash equilibria are exactly
        the Bayes–Nash equilibria in behaviour strategies (Selten 1975), zero-probability
        types included.

        Agents are ordered player by player, type by type and labelled
        ``"<player> [<type>]"``.

        References
        ----------
        .. [1] Selten, R. (1975). Reexamination of the perfectness concept for
           equilibrium points in extensive games. *International Journal of Game Theory*
           4, 25-55.

        Examples
        --------
        >>> from secdilemma import BayesianGame, solve_nash
        >>> import numpy as np
        >>> pd = np.array([[[[3, 0], [5, 1]]]])
        >>> game = BayesianGame([pd, pd.transpose(0, 1, 3, 2)], marginals=[[1], [1]])
        >>> agents = game.to_agent_form()
        >>> agents.players, agents.num_actions
        (('player 0 [t0]', 'player 1 [t0]'), (2, 2))
        """
        n = self.num_players
        exact = self.is_exact
        agents = [(i, t) for i in range(n) for t in range(self._num_types[i])]
        shape = tuple(self._num_actions[i] for i, _ in agents)
        payoffs = [np.empty(shape, dtype=object) for _ in agents]
        one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
        for profile in itertools.product(*(range(m) for m in shape)):
            behaviour = []
            for i in range(n):
                sigma = np.full((self._num_types[i], self._num_actions[i]), zero,
                                dtype=object if exact else float)
                behaviour.append(sigma)
            for k, (i, t) in enumerate(agents):
                behaviour[i][t, profile[k]] = one
            for k, (i, t) in enumerate(agents):
                values = self._interim_action_values(behaviour, i, t, exact)
                payoffs[k][profile] = values[profile[k]]
        if not exact:
            payoffs = [np.array(p, dtype=float) for p in payoffs]
        labels = [f"{self._players[i]} [{self._types[i][t]}]" for i, t in agents]
        actions = [self._actions[i] for i, _ in agents]
        return NormalFormGame(payoffs, actions=actions, players=labels)

    def plan_to_behaviour(self, player: int, mixed_plan: Sequence[Any]) -> np.ndarray:
        """Behaviour strategy ``(K_i, m_i)`` induced by a mixed strategy over the plans
        of :meth:`to_normal_form`."""
        func = "BayesianGame.plan_to_behaviour"
        player = check_index(func, "player", player, self.num_players)
        plans = list(itertools.product(range(self._num_actions[player]),
                                        repeat=self._num_types[player]))
        check_probability_vector(func, "mixed_plan", mixed_plan, size=len(plans))
        exact = any(isinstance(v, Fraction) for v in mixed_plan)
        out = np.zeros((self._num_types[player], self._num_actions[player]),
                       dtype=object if exact else float)
        if exact:
            out[:] = Fraction(0)
        for prob, plan in zip(mixed_plan, plans):
            for t, a in enumerate(plan):
                out[t, a] = out[t, a] + prob
        return out

    def __repr__(self) -> str:
        return (f"<BayesianGame: {self.num_players} players, types {self._num_types}, "
                f"actions {self._num_actions}, "
                f"{'independent' if self._independent else 'joint'} prior>")


def _contract_type_action(values: np.ndarray, sigma: np.ndarray, type_axis: int,
                          action_axis: int) -> np.ndarray:
    """Replace the pair (type axis, action axis) of ``values`` by the type axis alone,
    contracting the action with ``sigma[type]``."""
    # move the two axes to the end: (..., K, m)
    moved = np.moveaxis(values, (type_axis, action_axis), (-2, -1))
    contracted = (moved * sigma).sum(axis=-1)  # (..., K)
    return np.moveaxis(contracted, -1, type_axis)


def _apply_belief(values: np.ndarray, belief: np.ndarray) -> np.ndarray:
    """``values`` has the others' type axes first then the own action axis."""
    k = belief.ndim
    return np.tensordot(belief, values, axes=(list(range(k)), list(range(k))))
