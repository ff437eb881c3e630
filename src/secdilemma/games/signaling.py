"""Finite signalling games: a sender with private type, a message, a receiver's action.

Conventions (fixed once for signalling games):

- Nature draws the sender's type ``t`` (``T`` types) from ``prior``; the sender observes
  it and sends a message ``m`` (``M`` messages); the receiver observes ``m`` (not ``t``)
  and chooses an action ``a`` (``A`` actions).
- ``sender_payoffs[t, m, a]`` and ``receiver_payoffs[t, m, a]`` are the payoffs at the
  end of the game; ``message_costs[t, m]`` (optional, type-dependent) is subtracted from
  the sender's payoff: the sender's *net* payoff is
  ``sender_payoffs[t, m, a] - message_costs[t, m]``.
- A sender behaviour strategy is a ``(T, M)`` array (one probability vector per type), a
  receiver behaviour strategy a ``(M, A)`` array (one probability vector per message), a
  belief system a ``(M, T)`` array (the receiver's posterior over types after each
  message).
- Payoffs and priors given as ints or :class:`fractions.Fraction` are kept exactly
  (``exact_*`` attributes), so the equilibria of :func:`~secdilemma.solvers.pbe.solve_pbe`
  are exact rationals.

References
----------
.. [1] Spence, M. (1973). Job market signaling. *Quarterly Journal of Economics* 87(3),
   355-374.
.. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8 (signalling games and
   perfect Bayesian equilibrium). MIT Press.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import numpy as np

from .._validation import (as_exact_array, check_probability_vector, check_real_entries,
                           game_error, is_exact_scalar, readonly, to_fraction)
from ..errors import InvalidParameterError
from .normal_form import NormalFormGame

__all__ = ["SignalingGame"]


def _labels(func: str, name: str, labels: Any) -> tuple[str, ...]:
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Sequence):
        raise game_error(func, f"{name} must be a sequence of labels; got {labels!r}")
    out = tuple(str(v) for v in labels)
    if not out:
        raise game_error(func, f"{name} must have at least one label; got {labels!r}")
    if len(set(out)) != len(out):
        raise game_error(func, f"{name} must be distinct labels; got {labels!r}")
    return out


def _real_array(func: str, name: str, values: Any, shape: tuple[int, ...]) -> np.ndarray:
    try:
        arr = np.array(values, dtype=object)
    except ValueError as exc:
        raise game_error(func, f"{name} must be a rectangular array of shape {shape}; got a "
                               "ragged nested sequence") from exc
    if arr.shape != shape:
        raise game_error(func, f"{name} must have shape {shape}; got {arr.shape}")
    for idx, v in np.ndenumerate(arr):
        if isinstance(v, bool) or not isinstance(v, (int, float, Fraction, np.integer,
                                                     np.floating)):
            raise game_error(func, f"{name} must hold real numbers; got {v!r} at index {idx}")
        if not np.isfinite(float(v)):
            raise game_error(func, f"{name} must be finite; got {v!r} at index {idx}")
    return arr


class SignalingGame:
    """A finite signalling game (sender types, costly messages, receiver actions).

    Parameters
    ----------
    types : sequence of str
        Labels of the sender's types (``T`` of them).
    prior : array_like
        Prior probability of each type: non-negative, sums to 1 (exactly, for ints and
        Fractions; within 1e-9 for floats).
    messages : sequence of str
        Labels of the sender's messages (``M``).
    actions : sequence of str
        Labels of the receiver's actions (``A``).
    sender_payoffs, receiver_payoffs : array_like
        Shape ``(T, M, A)``: payoffs when type ``t`` sent ``m`` and the receiver chose
        ``a`` (the sender's before message costs).
    message_costs : array_like, optional
        Shape ``(M,)`` (the same for every type) or ``(T, M)`` (type-dependent), subtracted
        from the sender's payoff. Default: no costs.

    Attributes
    ----------
    net_sender_payoffs : numpy.ndarray
        ``sender_payoffs[t, m, a] - message_costs[t, m]`` (float, read-only).
    exact_prior, exact_sender_payoffs, exact_receiver_payoffs, exact_message_costs,
    exact_net_sender_payoffs
        The same as Fractions (object arrays / tuple), exact whenever the input was.
    last_stage : mapping or None
        For games built by :meth:`from_last_stage`: ``{(type, action): option}``, the
        sender's folded last-stage choice.

    Raises
    ------
    InvalidGameError
        Labels missing or repeated, shapes that disagree, non-finite payoffs, a prior that
        is negative or does not sum to 1.

    See Also
    --------
    secdilemma.games.signaling_from_extensive.signaling_game_from_extensive :
        The signalling game of an extensive-form tree (chance, sender, receiver).

    References
    ----------
    .. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §8.2. MIT Press.
    .. [2] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.

    Examples
    --------
    A beer-quiche style game: the strong type likes beer, the weak type quiche; the
    receiver fights only the weak type.

    >>> from secdilemma.games.signaling import SignalingGame
    >>> game = SignalingGame(
    ...     ["weak", "strong"], [0.1, 0.9], ["beer", "quiche"], ["fight", "not"],
    ...     sender_payoffs=[[[0, 2], [1, 3]], [[1, 3], [0, 2]]],
    ...     receiver_payoffs=[[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
    >>> game.shape
    (2, 2, 2)
    >>> game.net_sender_payoffs[1, 0].tolist()
    [1.0, 3.0]
    """

    def __init__(self, types: Sequence[str], prior: Any, messages: Sequence[str],
                 actions: Sequence[str], sender_payoffs: Any, receiver_payoffs: Any, *,
                 message_costs: Any = None) -> None:
        func = "SignalingGame"
        self._types = _labels(func, "types", types)
        self._messages = _labels(func, "messages", messages)
        self._actions = _labels(func, "actions", actions)
        T, M, A = len(self._types), len(self._messages), len(self._actions)
        prior_arr = _real_array(func, "prior", prior, (T,))
        if any(v < 0 for v in prior_arr):
            raise game_error(func, f"prior must be non-negative; got {list(prior_arr)!r}")
        if all(is_exact_scalar(v) for v in prior_arr):
            total = sum(to_fraction(v) for v in prior_arr)
            if total != 1:
                raise game_error(func, f"prior must sum to 1; got {total}")
            exact_prior = tuple(to_fraction(v) for v in prior_arr)
        else:
            total = float(sum(float(v) for v in prior_arr))
            if abs(total - 1.0) > 1e-9:
                raise game_error(func, f"prior must sum to 1; got {total:.12g}")
            exact_prior = tuple(to_fraction(v) for v in prior_arr)
            # normalise the binary floats exactly so that Bayes' rule is consistent
            s = sum(exact_prior)
            exact_prior = tuple(v / s for v in exact_prior)
        sp = _real_array(func, "sender_payoffs", sender_payoffs, (T, M, A))
        rp = _real_array(func, "receiver_payoffs", receiver_payoffs, (T, M, A))
        if message_costs is None:
            costs = np.full((T, M), 0, dtype=object)
        else:
            raw = np.array(message_costs, dtype=object)
            if raw.shape == (M,):
                raw = np.array([list(raw)] * T, dtype=object)
            costs = _real_array(func, "message_costs", raw, (T, M)) if raw.shape == (T, M) \
                else None
            if costs is None:
                raise game_error(func, f"message_costs must have shape ({M},) or ({T}, {M}); "
                                       f"got {np.shape(message_costs)}")
        self._is_exact = all(is_exact_scalar(v) for arr in (prior_arr, sp, rp, costs)
                             for v in arr.ravel())
        self._exact_prior = exact_prior
        self._exact_sender = readonly(as_exact_array(sp))
        self._exact_receiver = readonly(as_exact_array(rp))
        self._exact_costs = readonly(as_exact_array(costs))
        net = np.empty((T, M, A), dtype=object)
        for t, m, a in itertools.product(range(T), range(M), range(A)):
            net[t, m, a] = self._exact_sender[t, m, a] - self._exact_costs[t, m]
        self._exact_net = readonly(net)
        self._prior = readonly(np.array([float(v) for v in prior_arr], dtype=float))
        self._sender = readonly(np.array(sp, dtype=float))
        self._receiver = readonly(np.array(rp, dtype=float))
        self._costs = readonly(np.array(costs, dtype=float))
        self._net = readonly(self._sender - self._costs[:, :, None])
        self._last_stage: Mapping | None = None

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_last_stage(cls, types: Sequence[str], prior: Any, messages: Sequence[str],
                        actions: Sequence[str], last_stage: Mapping[str, Mapping[str, Any]],
                        *, message_costs: Any = None, tie_break: str = "error"
                        ) -> "SignalingGame":
        """Build a signalling game whose last stage (a sender move after the receiver's
        action) is solved by backward induction, type by type.

        Parameters
        ----------
        types, prior, messages, actions, message_costs
            As in :class:`SignalingGame`.
        last_stage : mapping
            ``{action: {option: (sender_payoffs, receiver_payoffs)}}``: after receiver
            action ``action`` the sender chooses one of the options; each option gives a
            payoff per type to the sender and to the receiver (length-``T`` sequences, or
            scalars for all types). An action with a single option is a terminal outcome.
            Payoffs do not depend on the message (its cost is ``message_costs``).
        tie_break : {"error", "first"}
            What to do when a type is indifferent between last-stage options: raise (the
            backward induction is not unique) or take the first listed option.

        Returns
        -------
        SignalingGame
            With :attr:`last_stage` recording each type's folded choice.

        Raises
        ------
        InvalidGameError
            An action without options, options missing, payoff vectors of the wrong
            length, or an unresolved tie.

        References
        ----------
        .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
           Organization* 54(2), 325-357.
        .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §3.2 (backward
           induction) and ch. 8. MIT Press.

        Examples
        --------
        Kydd's reassurance game (our formalisation): after cooperation the trustworthy
        type honours (3 > 0), the greedy type exploits (2 > 1).

        >>> from fractions import Fraction as F
        >>> from secdilemma.games.signaling import SignalingGame
        >>> game = SignalingGame.from_last_stage(
        ...     ["trustworthy", "greedy"], [F(3, 10), F(7, 10)], ["none", "gesture"],
        ...     ["cooperate", "not cooperate"],
        ...     {"cooperate": {"honour": ([3, 1], [1, 1]), "exploit": ([0, 2], [-1, -1])},
        ...      "not cooperate": {"status quo": (0, 0)}},
        ...     message_costs=[0, 2])
        >>> dict(game.last_stage)[("greedy", "cooperate")]
        'exploit'
        >>> game.exact_net_sender_payoffs[:, 1, 0].tolist()
        [Fraction(1, 1), Fraction(0, 1)]
        """
        func = "SignalingGame.from_last_stage"
        if tie_break not in ("error", "first"):
            raise game_error(func, f"tie_break must be 'error' or 'first'; got {tie_break!r}")
        type_labels = _labels(func, "types", types)
        message_labels = _labels(func, "messages", messages)
        action_labels = _labels(func, "actions", actions)
        T, M, A = len(type_labels), len(message_labels), len(action_labels)
        if not isinstance(last_stage, Mapping):
            raise game_error(func, f"last_stage must be a dict action -> options; got "
                                   f"{last_stage!r}")
        unknown = [a for a in last_stage if str(a) not in action_labels]
        if unknown:
            raise game_error(func, f"last_stage keys must be actions {action_labels}; got "
                                   f"{unknown[0]!r}")
        sender = np.empty((T, M, A), dtype=object)
        receiver = np.empty((T, M, A), dtype=object)
        choices = {}
        for a, label in enumerate(action_labels):
            options = last_stage.get(label)
            if not isinstance(options, Mapping) or not options:
                raise game_error(func, f"last_stage[{label!r}] must be a non-empty dict option "
                                       f"-> (sender payoffs, receiver payoffs); got {options!r}")
            table = []
            for opt, pair in options.items():
                if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                    raise game_error(func, f"last_stage[{label!r}][{opt!r}] must be a pair "
                                           f"(sender payoffs, receiver payoffs); got {pair!r}")
                vecs = []
                for who, vec in zip(("sender", "receiver"), pair):
                    arr = np.array(vec, dtype=object)
                    if arr.ndim == 0:
                        arr = np.array([vec] * T, dtype=object)
                    arr = _real_array(func, f"last_stage[{label!r}][{opt!r}] {who} payoffs",
                                      arr, (T,))
                    vecs.append(arr)
                table.append((str(opt), vecs[0], vecs[1]))
            for t in range(T):
                best = max(to_fraction(row[1][t]) for row in table)
                winners = [row for row in table if to_fraction(row[1][t]) == best]
                if len(winners) > 1 and tie_break == "error":
                    names = ", ".join(repr(w[0]) for w in winners)
                    raise game_error(func, f"the last stage must have a unique best option for "
                                           f"type {type_labels[t]!r} after {label!r}; got a tie "
                                           f"between {names} (pass tie_break='first')")
                opt, s_vec, r_vec = winners[0]
                choices[(type_labels[t], label)] = opt
                sender[t, :, a] = s_vec[t]
                receiver[t, :, a] = r_vec[t]
        game = cls(type_labels, prior, message_labels, action_labels, sender, receiver,
                   message_costs=message_costs)
        game._last_stage = MappingProxyType(choices)
        return game

    # ------------------------------------------------------------------ accessors
    @property
    def types(self) -> tuple[str, ...]:
        """Type labels."""
        return self._types

    @property
    def messages(self) -> tuple[str, ...]:
        """Message labels."""
        return self._messages

    @property
    def actions(self) -> tuple[str, ...]:
        """Receiver action labels."""
        return self._actions

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(T, M, A)``."""
        return (len(self._types), len(self._messages), len(self._actions))

    @property
    def num_types(self) -> int:
        return len(self._types)

    @property
    def num_messages(self) -> int:
        return len(self._messages)

    @property
    def num_actions(self) -> int:
        return len(self._actions)

    @property
    def prior(self) -> np.ndarray:
        """Prior over types (float, read-only)."""
        return self._prior

    @property
    def exact_prior(self) -> tuple[Fraction, ...]:
        """Prior over types as Fractions."""
        return self._exact_prior

    @property
    def sender_payoffs(self) -> np.ndarray:
        """Sender payoffs before message costs, ``(T, M, A)`` float."""
        return self._sender

    @property
    def receiver_payoffs(self) -> np.ndarray:
        """Receiver payoffs ``(T, M, A)`` float."""
        return self._receiver

    @property
    def message_costs(self) -> np.ndarray:
        """Message costs ``(T, M)`` float."""
        return self._costs

    @property
    def net_sender_payoffs(self) -> np.ndarray:
        """Sender payoffs net of message costs ``(T, M, A)`` float."""
        return self._net

    @property
    def exact_sender_payoffs(self) -> np.ndarray:
        return self._exact_sender

    @property
    def exact_receiver_payoffs(self) -> np.ndarray:
        return self._exact_receiver

    @property
    def exact_message_costs(self) -> np.ndarray:
        return self._exact_costs

    @property
    def exact_net_sender_payoffs(self) -> np.ndarray:
        return self._exact_net

    @property
    def is_exact(self) -> bool:
        """Whether every input number was an int or a Fraction."""
        return self._is_exact

    @property
    def last_stage(self) -> Mapping | None:
        """``{(type, action): option}`` folded by :meth:`from_last_stage` (else None)."""
        return self._last_stage

    # ------------------------------------------------------------------ derived forms
    def expected_payoffs(self, sender: Any, receiver: Any, *, exact: bool = False):
        """Ex-ante expected payoffs ``(sender, receiver)`` of a behaviour profile.

        Parameters
        ----------
        sender : array_like, shape (T, M)
        receiver : array_like, shape (M, A)
        exact : bool
            Compute with Fractions (inputs converted exactly).

        Returns
        -------
        tuple
            ``(sender payoff, receiver payoff)``.

        Examples
        --------
        >>> from secdilemma.games.signaling import SignalingGame
        >>> g = SignalingGame(["t"], [1], ["m"], ["a", "b"], [[[1, 0]]], [[[0, 2]]])
        >>> g.expected_payoffs([[1]], [[0.5, 0.5]])
        (0.5, 1.0)
        """
        T, M, A = self.shape
        for name, value, shape in (("sender", sender, (T, M)), ("receiver", receiver, (M, A))):
            _check_behaviour_rows("SignalingGame.expected_payoffs", name, value, shape)
        if exact:
            s = as_exact_array(np.asarray(sender, dtype=object))
            r = as_exact_array(np.asarray(receiver, dtype=object))
            us, ur, p = self._exact_net, self._exact_receiver, self._exact_prior
            zero = Fraction(0)
        else:
            s, r = np.asarray(sender, dtype=float), np.asarray(receiver, dtype=float)
            us, ur, p = self._net, self._receiver, self._prior
            zero = 0.0
        vs, vr = zero, zero
        for t, m, a in itertools.product(range(T), range(M), range(A)):
            w = p[t] * s[t, m] * r[m, a]
            if w != 0:
                vs += w * us[t, m, a]
                vr += w * ur[t, m, a]
        return (vs, vr) if exact else (float(vs), float(vr))

    def to_normal_form(self):
        """The strategic form: the sender's pure strategies are maps type → message
        (``M**T``), the receiver's maps message → action (``A**M``); payoffs are ex ante.

        Returns
        -------
        NormalFormGame
            Strategy labels like ``"t0:m1|t1:m0"`` and ``"m0:a1|m1:a0"`` (the game's own
            labels). Exact when the signalling game is.

        References
        ----------
        .. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §8.2. MIT Press.

        Examples
        --------
        >>> from secdilemma.games.signaling import SignalingGame
        >>> g = SignalingGame(["t0", "t1"], [0.5, 0.5], ["m0", "m1"], ["a0", "a1"],
        ...                   [[[1, 0], [0, 1]], [[0, 1], [1, 0]]],
        ...                   [[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
        >>> g.to_normal_form().shape
        (4, 4)
        """
        T, M, A = self.shape
        s_pure = list(itertools.product(range(M), repeat=T))
        r_pure = list(itertools.product(range(A), repeat=M))
        exact = self._is_exact
        us = self._exact_net if exact else self._net
        ur = self._exact_receiver if exact else self._receiver
        p = self._exact_prior if exact else self._prior
        dtype = object if exact else float
        U = np.empty((len(s_pure), len(r_pure)), dtype=dtype)
        V = np.empty((len(s_pure), len(r_pure)), dtype=dtype)
        for i, s in enumerate(s_pure):
            for j, r in enumerate(r_pure):
                U[i, j] = sum(p[t] * us[t, s[t], r[s[t]]] for t in range(T))
                V[i, j] = sum(p[t] * ur[t, s[t], r[s[t]]] for t in range(T))
        s_labels = ["|".join(f"{self._types[t]}:{self._messages[s[t]]}" for t in range(T))
                    for s in s_pure]
        r_labels = ["|".join(f"{self._messages[m]}:{self._actions[r[m]]}" for m in range(M))
                    for r in r_pure]
        return NormalFormGame([U, V], actions=[s_labels, r_labels],
                              players=["sender", "receiver"])

    def __repr__(self) -> str:
        T, M, A = self.shape
        return (f"SignalingGame(types={self._types!r}, messages={self._messages!r}, "
                f"actions={self._actions!r}, prior={[str(v) for v in self._exact_prior]})")


def _check_behaviour_rows(func: str, name: str, value: Any, shape: tuple) -> None:
    """Each row of ``value`` (shape ``shape``) must be a probability vector."""
    arr = check_real_entries(func, name, value, error=InvalidParameterError)
    if arr.shape != shape:
        raise InvalidParameterError(f"{func}(): {name} must have shape {shape} (one "
                                    f"probability vector per row); got {arr.shape}")
    for k, row in enumerate(arr):
        check_probability_vector(func, f"{name}[{k}]", list(row))
