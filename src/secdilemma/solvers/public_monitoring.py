"""Repeated games with imperfect public monitoring: public strategies as automata that
read a public signal, their values, public-perfect-equilibrium checks and the exact set
of discount factors at which they are equilibria.

Notation (Mailath and Samuelson 2006, ch. 7): a two-player stage game with payoffs
``u(a)``; after every period both players see a public signal ``y`` drawn from
``ρ(y | a)`` (:class:`PublicMonitoring`), never the actions. A *public strategy* is an
automaton over public states ω (:class:`PublicStrategy`): each state prescribes a
(possibly mixed) action to each player, and the next state is ``τ(ω, y)``, a state or a
lottery over states (public randomisation). Values are normalised,
``V = (1 - δ) u + δ P V``, with ``P[ω, ω'] = Σ_a σ(a | ω) Σ_y ρ(y | a) τ(ω' | ω, y)``.
A public perfect equilibrium (PPE) is a profile with no profitable one-shot deviation
at any public state reachable after some public history (the one-shot deviation
principle, Mailath and Samuelson 2006, prop. 7.1.1); ``concept="nash"`` checks every
stationary deviation policy of the deviator's Markov decision problem over public
states from the initial state.

Perfect monitoring is the special case where the signal is the realised action profile
(:meth:`PublicMonitoring.perfect`; implementation noise ε makes the realised profile
differ from the intended one, and payoffs are those of the realised profile), and
automaton profiles of :mod:`secdilemma.games.automaton` become public strategies over
joint states (:meth:`PublicStrategy.from_automata`). A binary "incident" signal
(:meth:`PublicMonitoring.binary`) and a continuous signal read through a trigger
threshold (:meth:`PublicMonitoring.trigger`) give the Green and Porter (1984) setting.
:func:`strongly_symmetric_payoffs` applies the Abreu, Pearce and Stacchetti (1990)
operator to the payoffs of strongly symmetric public perfect equilibria (with public
randomisation), with certified inner and outer brackets.

Exactness: every computation is in rational arithmetic. Ints and Fractions are used as
given; floats are read as the binary rationals they store (``Fraction(0.1)``), so the
answers are certified for the numbers given. :func:`public_critical_discount_factor`
returns rational or real-algebraic endpoints (sympy, imported lazily).

References
----------
.. [1] Green, E. J. and Porter, R. H. (1984). Noncooperative collusion under imperfect
   price information. *Econometrica* 52(1), 87-100.
.. [2] Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of discounted
   repeated games with imperfect monitoring. *Econometrica* 58(5), 1041-1063.
.. [3] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations:
   Long-Run Relationships*. Oxford University Press, ch. 7.
"""

from __future__ import annotations

import itertools
import math
import numbers
import warnings
from collections import deque
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np

from .._validation import (check_choice, check_real_entries, check_real_number, exact_number,
                           is_exact_scalar, readonly)
from ..errors import IncompleteResultWarning, InvalidGameError, InvalidParameterError, SolverError
from ..games.automaton import Automaton
from ..games.normal_form import NormalFormGame
from ..games.repeated import check_discount, check_noise, check_stage
from ._exact_linalg import solve_exact
from .repeated import (DiscountSetResult, _discount_pieces, _discount_result, _exact_values,
                       _field_values, _policy_iteration)

__all__ = [
    "PublicMonitoring",
    "PublicStrategy",
    "PublicValues",
    "PublicDeviation",
    "PublicEquilibriumCheck",
    "public_values",
    "check_public_equilibrium",
    "public_critical_discount_factor",
    "SymmetricPayoffSet",
    "strongly_symmetric_payoffs",
]

#: Largest number of stationary deviation policies enumerated by the exact Nash set.
MAX_POLICIES = 4096
#: Largest number of public states of the exact critical-set computation.
MAX_STATES = 64


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


# ====================================================================== monitoring
class PublicMonitoring:
    """A public signal structure ``ρ(y | a)`` of a two-player stage game.

    Parameters
    ----------
    probabilities : array_like, shape (m0, m1, k)
        ``probabilities[a0][a1][y]`` is the probability of signal ``y`` when the
        profile ``(a0, a1)`` is played. Ints and Fractions must sum to exactly 1 per
        profile; floats are read as the binary rationals they store, must sum to 1
        within 1e-9 and are rescaled to sum to exactly 1.
    signals : sequence of str, optional
        Names of the ``k`` signals (default ``"0"``, ``"1"``, ...).
    payoff_from_signal : bool, default False
        True when the signal *is* the realised action profile (``k = m0 * m1``, signal
        ``b0 * m1 + b1`` is the profile ``(b0, b1)``) and payoffs are those of the
        realised profile, as with implementation noise under perfect monitoring
        (:meth:`perfect`). False: the stage payoffs are the expected payoffs of the
        profile played.

    Attributes
    ----------
    probabilities : tuple
        Nested tuples of Fractions, ``[a0][a1][y]``.
    signals : tuple of str
    num_actions : tuple of int
    num_signals : int
    exact_inputs : bool
        Whether every probability was given as an int or a Fraction.
    payoff_from_signal : bool

    Raises
    ------
    InvalidParameterError
        For probabilities that are not numbers, negative, or do not sum to 1.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.solvers.public_monitoring import PublicMonitoring
    >>> mon = PublicMonitoring.binary(F(1, 10), F(3, 5))
    >>> mon.signals, mon.probabilities[0][1]
    (('quiet', 'incident'), (Fraction(2, 5), Fraction(3, 5)))
    """

    def __init__(self, probabilities: Any, signals: Sequence[str] | None = None, *,
                 payoff_from_signal: bool = False):
        func = "PublicMonitoring"
        arr = check_real_entries(func, "probabilities", probabilities,
                                 error=InvalidParameterError)
        if arr.ndim != 3 or min(arr.shape) < 1:
            raise InvalidParameterError(
                f"{func}(): probabilities must be an array of shape (m0, m1, signals) with "
                f"every size >= 1; got shape {arr.shape}")
        m0, m1, k = arr.shape
        exact_in = all(is_exact_scalar(v) for v in arr.ravel())
        table = []
        for a0 in range(m0):
            line = []
            for a1 in range(m1):
                row = [exact_number(func, "probabilities", v) for v in arr[a0, a1]]
                bad = [p for p in row if p < 0 or p > 1]
                if bad:
                    raise InvalidParameterError(
                        f"{func}(): probabilities must lie in [0, 1]; got {float(bad[0])!r} "
                        f"for profile ({a0}, {a1})")
                total = sum(row)
                if exact_in and total != 1:
                    raise InvalidParameterError(
                        f"{func}(): probabilities must sum to 1 for every profile; got "
                        f"{total} for profile ({a0}, {a1})")
                if not exact_in:
                    if abs(float(total) - 1.0) > 1e-9:
                        raise InvalidParameterError(
                            f"{func}(): probabilities must sum to 1 for every profile; got "
                            f"{float(total):.12g} for profile ({a0}, {a1})")
                    row = [p / total for p in row]
                line.append(tuple(row))
            table.append(tuple(line))
        if signals is None:
            signals = tuple(str(y) for y in range(k))
        signals = tuple(signals)
        if len(signals) != k or not all(isinstance(s, str) for s in signals) \
                or len(set(signals)) != k:
            raise InvalidParameterError(
                f"{func}(): signals must be {k} distinct strings; got {signals!r}")
        if not isinstance(payoff_from_signal, bool):
            raise InvalidParameterError(f"{func}(): payoff_from_signal must be True or "
                                        f"False; got {payoff_from_signal!r}")
        if payoff_from_signal and k != m0 * m1:
            raise InvalidParameterError(
                f"{func}(): payoff_from_signal=True needs one signal per action profile "
                f"({m0 * m1}); got {k} signals")
        self.probabilities = tuple(table)
        self.signals = signals
        self.num_actions = (m0, m1)
        self.num_signals = k
        self.exact_inputs = exact_in
        self.payoff_from_signal = payoff_from_signal

    def __repr__(self) -> str:
        return (f"PublicMonitoring({self.num_actions[0]}x{self.num_actions[1]} profiles, "
                f"signals={self.signals!r})")

    # ------------------------------------------------------------------ constructors
    @classmethod
    def binary(cls, false_alarm: Any, detection: Any, mutual: Any = None, *,
               signals: Sequence[str] = ("quiet", "incident")) -> PublicMonitoring:
        """An incident signal for a 2×2 game (action 0 = cooperate, 1 = defect).

        Pr(incident) is ``false_alarm`` (α) under (C, C), ``detection`` (β) when exactly
        one player defects and ``mutual`` (γ, default β) under (D, D).

        Parameters
        ----------
        false_alarm, detection : real in [0, 1]
        mutual : real in [0, 1], optional
        signals : pair of str, default ("quiet", "incident")

        Returns
        -------
        PublicMonitoring

        Examples
        --------
        >>> from secdilemma.solvers.public_monitoring import PublicMonitoring
        >>> PublicMonitoring.binary(0, 1).probabilities[1][1]
        (Fraction(0, 1), Fraction(1, 1))
        """
        func = "PublicMonitoring.binary"
        if mutual is None:
            mutual = detection
        for name, v in (("false_alarm", false_alarm), ("detection", detection),
                        ("mutual", mutual)):
            check_real_number(func, name, v, low=0, high=1)
        a, b, g = (exact_number(func, name, v) for name, v in
                   (("false_alarm", false_alarm), ("detection", detection), ("mutual", mutual)))
        out = cls([[[1 - a, a], [1 - b, b]], [[1 - b, b], [1 - g, g]]], signals)
        out.exact_inputs = all(is_exact_scalar(v) for v in (false_alarm, detection, mutual))
        return out

    @classmethod
    def perfect(cls, stage: NormalFormGame, noise: Any = 0) -> PublicMonitoring:
        """Perfect monitoring with implementation noise, as a public signal.

        The signal is the realised action profile; each intended action is replaced by
        another one (uniformly) with probability ``noise``, independently across
        players, and payoffs are those of the realised profile — the convention of
        :mod:`secdilemma.solvers.repeated`.

        Parameters
        ----------
        stage : NormalFormGame
            Two-player stage game.
        noise : real in [0, 1/2], default 0

        Returns
        -------
        PublicMonitoring
            With ``payoff_from_signal=True``.

        Examples
        --------
        >>> from secdilemma import bimatrix
        >>> from secdilemma.solvers.public_monitoring import PublicMonitoring
        >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> PublicMonitoring.perfect(pd).probabilities[0][1]
        (Fraction(0, 1), Fraction(1, 1), Fraction(0, 1), Fraction(0, 1))
        """
        func = "PublicMonitoring.perfect"
        check_stage(func, stage)
        check_noise(func, noise)
        eps = exact_number(func, "noise", noise)
        m0, m1 = stage.num_actions

        def realise(a, m):
            if m == 1:
                return [Fraction(1)]
            return [1 - eps if b == a else eps / (m - 1) for b in range(m)]

        probs = [[[p0 * p1 for p0 in realise(a0, m0) for p1 in realise(a1, m1)]
                  for a1 in range(m1)] for a0 in range(m0)]
        labels = stage.actions
        names = [f"{labels[0][b0]},{labels[1][b1]}" for b0 in range(m0) for b1 in range(m1)]
        if len(set(names)) != len(names):
            names = [f"{b0},{b1}" for b0 in range(m0) for b1 in range(m1)]
        out = cls(probs, names, payoff_from_signal=True)
        out.exact_inputs = is_exact_scalar(noise) or noise == 0
        return out

    @classmethod
    def trigger(cls, distributions: Any, threshold: Any, *, incident: str = "above",
                signals: Sequence[str] = ("quiet", "incident")) -> PublicMonitoring:
        """A continuous public signal read through a trigger threshold.

        ``distributions[a0][a1]`` is the distribution of the continuous signal under the
        profile ``(a0, a1)``: a callable CDF ``F(x) = Pr(signal <= x)`` or an object with
        a ``cdf`` method (e.g. a frozen ``scipy.stats`` distribution). The public
        "incident" signal is ``signal > threshold`` (``incident="above"``) or
        ``signal <= threshold`` (``"below"``, Green and Porter's low price).

        The CDF values are floats: they are read as the binary rationals they store, so
        every answer is exact for those probabilities (``exact_inputs`` is False).

        Parameters
        ----------
        distributions : nested sequence (m0 × m1) of callables or distributions
        threshold : real
        incident : {"above", "below"}, default "above"
        signals : pair of str

        Returns
        -------
        PublicMonitoring

        Examples
        --------
        >>> import math
        >>> from secdilemma.solvers.public_monitoring import PublicMonitoring
        >>> def shifted(mu):  # logistic CDF with location mu
        ...     return lambda x: 1 / (1 + math.exp(-(x - mu)))
        >>> mon = PublicMonitoring.trigger([[shifted(0), shifted(1)], [shifted(1), shifted(2)]],
        ...                                threshold=1.0)
        >>> round(float(mon.probabilities[0][0][1]), 6), round(float(mon.probabilities[0][1][1]), 6)
        (0.268941, 0.5)
        """
        func = "PublicMonitoring.trigger"
        check_real_number(func, "threshold", threshold)
        check_choice(func, "incident", incident, ("above", "below"))
        try:
            rows = [list(line) for line in distributions]
        except TypeError as exc:
            raise InvalidParameterError(f"{func}(): distributions must be a nested sequence "
                                        f"of CDFs; got {distributions!r}") from exc
        if not rows or len({len(r) for r in rows}) != 1 or not rows[0]:
            raise InvalidParameterError(f"{func}(): distributions must be a rectangular "
                                        f"nested sequence (m0 × m1); got {distributions!r}")
        probs = []
        for a0, line in enumerate(rows):
            out_line = []
            for a1, dist in enumerate(line):
                cdf = getattr(dist, "cdf", dist)
                if not callable(cdf):
                    raise InvalidParameterError(
                        f"{func}(): distributions[{a0}][{a1}] must be a CDF (callable) or "
                        f"have a cdf method; got {dist!r}")
                value = cdf(threshold)
                try:
                    value = float(value)
                except (TypeError, ValueError) as exc:
                    raise InvalidParameterError(
                        f"{func}(): distributions[{a0}][{a1}] must return a probability; "
                        f"got {value!r}") from exc
                if not 0.0 <= value <= 1.0:
                    raise InvalidParameterError(
                        f"{func}(): distributions[{a0}][{a1}] must return a probability in "
                        f"[0, 1]; got {value!r}")
                p = Fraction(value) if incident == "below" else 1 - Fraction(value)
                out_line.append([1 - p, p])
            probs.append(out_line)
        out = cls(probs, signals)
        out.exact_inputs = False
        return out


# ====================================================================== strategies
class PublicStrategy:
    """A public strategy profile as an automaton over public states.

    Parameters
    ----------
    actions : sequence
        One entry per state: a pair ``(action_0, action_1)``, each an action index or a
        mixed action (a probability vector).
    transitions : sequence
        One row per state, one entry per signal: the next state (an index) or a lottery
        over next states (a mapping state -> probability: public randomisation).
    initial_state : int, default 0
    state_names : sequence of str, optional
    name : str, optional

    Raises
    ------
    InvalidParameterError
        For malformed actions, transitions or states.

    Examples
    --------
    Grim trigger on a binary incident signal (state 0 cooperates; an incident starts
    mutual defection for ever):

    >>> from secdilemma.solvers.public_monitoring import PublicStrategy
    >>> grim = PublicStrategy([(0, 0), (1, 1)], [[0, 1], [1, 1]])
    >>> grim.num_states, grim.num_signals
    (2, 2)
    """

    def __init__(self, actions: Sequence[Any], transitions: Sequence[Sequence[Any]], *,
                 initial_state: int = 0, state_names: Sequence[str] | None = None,
                 name: str = ""):
        func = "PublicStrategy"
        try:
            actions = list(actions)
            transitions = [list(row) for row in transitions]
        except TypeError as exc:
            raise InvalidParameterError(f"{func}(): actions and transitions must be "
                                        f"sequences; got {actions!r}") from exc
        n = len(actions)
        if n < 1 or len(transitions) != n:
            raise InvalidParameterError(
                f"{func}(): transitions must have one row per state ({n}); got "
                f"{len(transitions)} rows")
        k = len(transitions[0]) if transitions else 0
        if k < 1 or any(len(row) != k for row in transitions):
            raise InvalidParameterError(f"{func}(): transitions rows must all have the same "
                                        f"number (>= 1) of signals; got {transitions!r}")
        self.exact_inputs = True
        self._actions = []
        for s, pair in enumerate(actions):
            if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
                raise InvalidParameterError(
                    f"{func}(): actions[{s}] must be a pair (action of player 0, action of "
                    f"player 1); got {pair!r}")
            self._actions.append(tuple(self._mixed(func, f"actions[{s}][{i}]", pair[i])
                                       for i in (0, 1)))
            self.exact_inputs = self.exact_inputs and all(
                _is_int(e) or all(is_exact_scalar(v) for v in e) for e in pair)
        self._next = []
        for s, row in enumerate(transitions):
            out = []
            for y, entry in enumerate(row):
                where = f"transitions[{s}][{y}]"
                if _is_int(entry):
                    if not 0 <= entry < n:
                        raise InvalidParameterError(
                            f"{func}(): {where} must be a state in 0..{n - 1}; got {entry!r}")
                    out.append({int(entry): Fraction(1)})
                elif isinstance(entry, Mapping):
                    lottery = {}
                    for t, p in entry.items():
                        if not _is_int(t) or not 0 <= t < n:
                            raise InvalidParameterError(
                                f"{func}(): {where} must map states in 0..{n - 1} to "
                                f"probabilities; got state {t!r}")
                        q = exact_number(func, where, p)
                        self.exact_inputs = self.exact_inputs and is_exact_scalar(p)
                        if q < 0 or q > 1:
                            raise InvalidParameterError(
                                f"{func}(): {where} probabilities must lie in [0, 1]; got {p!r}")
                        if q:
                            lottery[int(t)] = lottery.get(int(t), 0) + q
                    total = sum(lottery.values())
                    if total != 1:
                        raise InvalidParameterError(
                            f"{func}(): {where} probabilities must sum to exactly 1; got "
                            f"{total}")
                    out.append(lottery)
                else:
                    raise InvalidParameterError(
                        f"{func}(): {where} must be a state index or a mapping state -> "
                        f"probability; got {entry!r}")
            self._next.append(tuple(out))
        if not _is_int(initial_state) or not 0 <= initial_state < n:
            raise InvalidParameterError(f"{func}(): initial_state must be a state in "
                                        f"0..{n - 1}; got {initial_state!r}")
        if state_names is None:
            state_names = tuple(str(s) for s in range(n))
        state_names = tuple(state_names)
        if len(state_names) != n or not all(isinstance(x, str) for x in state_names):
            raise InvalidParameterError(f"{func}(): state_names must be {n} strings; got "
                                        f"{state_names!r}")
        self.num_states = n
        self.num_signals = k
        self.initial_state = int(initial_state)
        self.state_names = state_names
        self.name = str(name)

    @staticmethod
    def _mixed(func, where, entry):
        if _is_int(entry):
            if entry < 0:
                raise InvalidParameterError(f"{func}(): {where} must be an action index >= 0 "
                                            f"or a mixed action; got {entry!r}")
            return int(entry)
        arr = check_real_entries(func, where, entry, error=InvalidParameterError)
        if arr.ndim != 1 or arr.size < 1:
            raise InvalidParameterError(f"{func}(): {where} must be an action index or a "
                                        f"probability vector; got {entry!r}")
        row = [exact_number(func, where, v) for v in arr]
        if any(p < 0 for p in row):
            raise InvalidParameterError(f"{func}(): {where} must be non-negative; got {entry!r}")
        total = sum(row)
        exact_in = all(is_exact_scalar(v) for v in arr)
        if (exact_in and total != 1) or (not exact_in and abs(float(total) - 1) > 1e-9):
            raise InvalidParameterError(f"{func}(): {where} must sum to 1; got {entry!r}")
        return tuple(p / total for p in row)

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"PublicStrategy{label}({self.num_states} states, {self.num_signals} signals)"

    # ------------------------------------------------------------------ constructors
    @classmethod
    def trigger(cls, length: Any = None, *, triggers: Sequence[int] = (1,),
                num_signals: int = 2) -> PublicStrategy:
        """A K-period trigger strategy for a 2×2 game (0 = cooperate, 1 = defect).

        State 0 plays (C, C); a signal in ``triggers`` starts ``length`` periods of
        (D, D) that ignore the signals, after which play restarts in state 0.
        ``length=None`` (or ``math.inf``) is grim trigger: (D, D) for ever.

        Parameters
        ----------
        length : int >= 1, None or math.inf
        triggers : sequence of int, default (1,)
            The signals that start a punishment ("incident").
        num_signals : int >= 2, default 2

        Returns
        -------
        PublicStrategy
            States ``"cooperate"``, ``"punish 1"``, ... (``"punish"`` for grim).

        Examples
        --------
        >>> from secdilemma.solvers.public_monitoring import PublicStrategy
        >>> PublicStrategy.trigger(3).state_names
        ('cooperate', 'punish 1', 'punish 2', 'punish 3')
        """
        func = "PublicStrategy.trigger"
        if not _is_int(num_signals) or num_signals < 2:
            raise InvalidParameterError(f"{func}(): num_signals must be an integer >= 2; "
                                        f"got {num_signals!r}")
        trig = set()
        for y in triggers:
            if not _is_int(y) or not 0 <= y < num_signals:
                raise InvalidParameterError(f"{func}(): triggers must be signals in "
                                            f"0..{num_signals - 1}; got {y!r}")
            trig.add(int(y))
        grim = length is None or (isinstance(length, float) and length == math.inf)
        if grim:
            return cls([(0, 0), (1, 1)],
                       [[1 if y in trig else 0 for y in range(num_signals)],
                        [1] * num_signals], state_names=("cooperate", "punish"),
                       name="grim trigger")
        if not _is_int(length) or length < 1:
            raise InvalidParameterError(f"{func}(): length must be an integer >= 1, None or "
                                        f"math.inf (grim); got {length!r}")
        k = int(length)
        rows = [[1 if y in trig else 0 for y in range(num_signals)]]
        rows += [[(j + 1) % (k + 1)] * num_signals for j in range(1, k + 1)]
        return cls([(0, 0)] + [(1, 1)] * k, rows,
                   state_names=("cooperate",) + tuple(f"punish {j}" for j in range(1, k + 1)),
                   name=f"{k}-period trigger")

    @classmethod
    def randomised_trigger(cls, probability: Any, *, triggers: Sequence[int] = (1,),
                           num_signals: int = 2) -> PublicStrategy:
        """Grim trigger started with probability ``probability`` after a trigger signal
        (public randomisation): state 0 plays (C, C); after a signal in ``triggers`` a
        public lottery moves to permanent (D, D) with probability ``probability`` and
        stays in state 0 otherwise.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> from secdilemma.solvers.public_monitoring import PublicStrategy
        >>> PublicStrategy.randomised_trigger(F(1, 2)).num_states
        2
        """
        func = "PublicStrategy.randomised_trigger"
        check_real_number(func, "probability", probability, low=0, high=1)
        q = exact_number(func, "probability", probability)
        if not _is_int(num_signals) or num_signals < 2:
            raise InvalidParameterError(f"{func}(): num_signals must be an integer >= 2; "
                                        f"got {num_signals!r}")
        trig = {int(y) for y in triggers if _is_int(y) and 0 <= y < num_signals}
        if len(trig) != len(tuple(triggers)):
            raise InvalidParameterError(f"{func}(): triggers must be distinct signals in "
                                        f"0..{num_signals - 1}; got {tuple(triggers)!r}")
        lottery = {0: 1 - q, 1: q}
        return cls([(0, 0), (1, 1)],
                   [[lottery if y in trig else 0 for y in range(num_signals)],
                    [1] * num_signals], state_names=("cooperate", "punish"),
                   name=f"grim trigger with probability {q}")

    @classmethod
    def from_automata(cls, stage: NormalFormGame, profile: Any) -> PublicStrategy:
        """An automaton profile under perfect monitoring as a public strategy.

        Public states are joint states ``(s0, s1)``; the signal of
        :meth:`PublicMonitoring.perfect` (the realised profile ``(b0, b1)``, index
        ``b0 * m1 + b1``) moves them as the automata move on realised actions.

        Parameters
        ----------
        stage : NormalFormGame
        profile : Automaton or pair of Automaton
            A single automaton means the symmetric profile.

        Returns
        -------
        PublicStrategy

        Examples
        --------
        >>> from secdilemma import bimatrix
        >>> from secdilemma.games.automaton import tit_for_tat
        >>> from secdilemma.solvers.public_monitoring import PublicStrategy
        >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> PublicStrategy.from_automata(pd, tit_for_tat()).num_states
        4
        """
        func = "PublicStrategy.from_automata"
        check_stage(func, stage)
        if isinstance(profile, Automaton):
            profile = (profile, profile)
        try:
            a0, a1 = profile
        except (TypeError, ValueError) as exc:
            raise InvalidParameterError(f"{func}(): profile must be an Automaton or a pair "
                                        f"of Automaton; got {profile!r}") from exc
        if not isinstance(a0, Automaton) or not isinstance(a1, Automaton):
            raise InvalidParameterError(f"{func}(): profile must be an Automaton or a pair "
                                        f"of Automaton; got {profile!r}")
        m0, m1 = stage.num_actions
        for i, (a, m, mo) in enumerate(((a0, m0, m1), (a1, m1, m0))):
            if a.num_actions != m or a.num_opponent_actions != mo:
                raise InvalidGameError(f"{func}(): automaton {i} must have {m} own and {mo} "
                                       f"opponent actions; got {a.num_actions} and "
                                       f"{a.num_opponent_actions}")
        n0, n1 = a0.num_states, a1.num_states
        actions, rows, names = [], [], []
        for s0 in range(n0):
            for s1 in range(n1):
                actions.append(tuple(a.probabilities[s] if not a.is_pure else a.actions[s]
                                     for a, s in ((a0, s0), (a1, s1))))
                rows.append([int(a0.transitions[s0, b0, b1]) * n1
                             + int(a1.transitions[s1, b1, b0])
                             for b0 in range(m0) for b1 in range(m1)])
                names.append(f"({s0},{s1})")
        return cls(actions, rows, initial_state=a0.initial_state * n1 + a1.initial_state,
                   state_names=names, name=f"{a0.name} vs {a1.name}")


# ====================================================================== results
@dataclass(frozen=True, eq=False)
class PublicValues:
    """Normalised discounted values of a public strategy from every public state.

    Attributes
    ----------
    values : numpy.ndarray, shape (2, n)
        ``values[i][ω]`` (float, read-only).
    exact : tuple of tuple of Fraction
        The same values, exact.
    state_names : tuple of str
    initial : tuple of Fraction
        Both players' values from the initial state.
    discount : Fraction
    """

    values: np.ndarray
    exact: tuple
    state_names: tuple
    initial: tuple
    discount: Fraction


@dataclass(frozen=True)
class PublicDeviation:
    """A deviation and its gain (> 0: profitable).

    Attributes
    ----------
    player : int
    state : str
        The public state where the deviation starts (its name).
    action : int
        The deviation's (first) action.
    gain : Fraction
    policy : tuple of int or None
        For Nash checks: the deviator's action in every public state (a stationary best
        response); None for one-shot deviations.
    """

    player: int
    state: str
    action: int
    gain: Fraction
    policy: tuple | None = None


@dataclass(frozen=True, eq=False)
class PublicEquilibriumCheck:
    """Verdict of :func:`check_public_equilibrium` (exact).

    Attributes
    ----------
    is_equilibrium : bool
    concept : str
        ``"ppe"`` (one-shot deviations at every reachable public state) or ``"nash"``.
    worst_deviation : PublicDeviation
    max_gain : Fraction
    states_checked : tuple of str
    discount : Fraction
    exact : bool
        Always True (rational arithmetic; floats read as the rationals they store).
    """

    is_equilibrium: bool
    concept: str
    worst_deviation: PublicDeviation
    max_gain: Fraction
    states_checked: tuple
    discount: Fraction
    exact: bool = True

    def __bool__(self) -> bool:
        return self.is_equilibrium


# ====================================================================== the chain
class _PublicChain:
    """The Markov chain over public states, in Fractions."""

    def __init__(self, func, stage, monitoring, strategy):
        check_stage(func, stage)
        if not isinstance(monitoring, PublicMonitoring):
            raise InvalidParameterError(f"{func}(): monitoring must be a PublicMonitoring; "
                                        f"got {type(monitoring).__name__}")
        if not isinstance(strategy, PublicStrategy):
            raise InvalidParameterError(f"{func}(): strategy must be a PublicStrategy; got "
                                        f"{type(strategy).__name__}")
        m = tuple(stage.num_actions)
        if monitoring.num_actions != m:
            raise InvalidParameterError(
                f"{func}(): monitoring must have one signal distribution per action profile "
                f"of the stage game {m}; got {monitoring.num_actions}")
        if strategy.num_signals != monitoring.num_signals:
            raise InvalidParameterError(
                f"{func}(): strategy must read the {monitoring.num_signals} signals of the "
                f"monitoring; got transitions on {strategy.num_signals}")
        self.m = m
        self.rho = monitoring.probabilities
        self.k = monitoring.num_signals
        pay = [[[Fraction(v) if isinstance(v, Fraction) else exact_number(func, "stage", v)
                 for v in row] for row in stage.exact_payoffs[i]] for i in (0, 1)]
        if monitoring.payoff_from_signal:
            # expected payoff of the intended profile over the realised one (the signal)
            self.A = [[[sum((self.rho[a0][a1][y] * pay[i][y // m[1]][y % m[1]]
                             for y in range(self.k)), Fraction(0))
                        for a1 in range(m[1])] for a0 in range(m[0])] for i in (0, 1)]
        else:
            self.A = pay
        self.strategy = strategy
        self.n = strategy.num_states
        self.names = strategy.state_names
        self.init = strategy.initial_state
        self.sigma = []
        for s in range(self.n):
            pair = []
            for i in (0, 1):
                entry = strategy._actions[s][i]
                if isinstance(entry, int):
                    if entry >= m[i]:
                        raise InvalidParameterError(
                            f"{func}(): strategy state {self.names[s]!r} plays action "
                            f"{entry} of player {i}, who has {m[i]} actions")
                    entry = tuple(Fraction(int(b == entry)) for b in range(m[i]))
                elif len(entry) != m[i]:
                    raise InvalidParameterError(
                        f"{func}(): strategy state {self.names[s]!r} gives player {i} a mixed "
                        f"action over {len(entry)} actions; the stage game has {m[i]}")
                pair.append(entry)
            self.sigma.append(tuple(pair))
        self.u = [[None] * self.n for _ in (0, 1)]
        self.next = [None] * self.n
        for s in range(self.n):
            (self.u[0][s], self.u[1][s]), self.next[s] = self.step(s, *self.sigma[s])

    def pure(self, player, action):
        return tuple(Fraction(int(b == action)) for b in range(self.m[player]))

    def step(self, s, q0, q1):
        """Expected stage payoffs and next-state distribution at state s under (q0, q1)."""
        u = [Fraction(0), Fraction(0)]
        nxt: dict = {}
        tau = self.strategy._next[s]
        for a0, p0 in enumerate(q0):
            if not p0:
                continue
            for a1, p1 in enumerate(q1):
                if not p1:
                    continue
                p = p0 * p1
                u[0] += p * self.A[0][a0][a1]
                u[1] += p * self.A[1][a0][a1]
                for y, r in enumerate(self.rho[a0][a1]):
                    if not r:
                        continue
                    for t, w in tau[y].items():
                        nxt[t] = nxt.get(t, 0) + p * r * w
        return u, nxt

    def deviation_step(self, player, s, action):
        q = list(self.sigma[s])
        q[player] = self.pure(player, action)
        return self.step(s, *q)

    def accessible(self):
        """Public states reachable from the initial one after some public history: a
        signal with positive probability under some action profile."""
        possible = [y for y in range(self.k)
                    if any(self.rho[a0][a1][y] for a0 in range(self.m[0])
                           for a1 in range(self.m[1]))]
        seen, queue = {self.init}, deque([self.init])
        while queue:
            s = queue.popleft()
            for y in possible:
                for t in self.strategy._next[s][y]:
                    if t not in seen:
                        seen.add(t)
                        queue.append(t)
        return sorted(seen)

    def reachable_by(self, player):
        """States reachable from the initial one when ``player`` may take any action and
        the opponent follows the strategy."""
        seen, queue = {self.init}, deque([self.init])
        while queue:
            s = queue.popleft()
            for b in range(self.m[player]):
                _, nxt = self.deviation_step(player, s, b)
                for t in nxt:
                    if t not in seen:
                        seen.add(t)
                        queue.append(t)
        return sorted(seen)

    def values(self, d):
        out = []
        for i in (0, 1):
            sol = _exact_values(self.next, self.u[i], d)
            if sol is None:  # pragma: no cover - I - δP is invertible for δ < 1
                raise SolverError("public_values(): singular value system")
            out.append(sol)
        return out


def _prepare(func, stage, monitoring, strategy, discount):
    chain = _PublicChain(func, stage, monitoring, strategy)
    if discount is not None:
        check_discount(func, discount)
        discount = exact_number(func, "discount", discount)
    return chain, discount


# ====================================================================== public API
def public_values(stage: NormalFormGame, monitoring: PublicMonitoring,
                  strategy: PublicStrategy, discount: Any) -> PublicValues:
    """Normalised discounted values ``V = (1 - δ)(I - δP)^{-1} u`` of a public strategy.

    Parameters
    ----------
    stage : NormalFormGame
        Two-player stage game (expected payoffs of each profile, unless the monitoring
        has ``payoff_from_signal=True``).
    monitoring : PublicMonitoring
    strategy : PublicStrategy
    discount : real in [0, 1)

    Returns
    -------
    PublicValues

    Examples
    --------
    Green and Porter's trigger on a binary incident signal, (T, R, P, S) = (5, 3, 1, 0),
    α = 1/10, β = 3/5, δ = 9/10: grim trigger is worth P + (1 - δ)(R - P)/(1 - δ + αδ)
    = 39/19.

    >>> from fractions import Fraction as F
    >>> from secdilemma import bimatrix
    >>> from secdilemma.solvers.public_monitoring import (PublicMonitoring, PublicStrategy,
    ...                                                   public_values)
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> mon = PublicMonitoring.binary(F(1, 10), F(3, 5))
    >>> public_values(pd, mon, PublicStrategy.trigger(), F(9, 10)).initial
    (Fraction(39, 19), Fraction(39, 19))
    """
    func = "public_values"
    chain, d = _prepare(func, stage, monitoring, strategy, discount)
    V = chain.values(d)
    exact = tuple(tuple(v) for v in V)
    arr = readonly(np.array([[float(x) for x in v] for v in V]))
    return PublicValues(arr, exact, chain.names, (V[0][chain.init], V[1][chain.init]), d)


def check_public_equilibrium(stage: NormalFormGame, monitoring: PublicMonitoring,
                             strategy: PublicStrategy, discount: Any, *,
                             concept: str = "ppe") -> PublicEquilibriumCheck:
    """Whether a public strategy is an equilibrium at δ, decided exactly.

    ``concept="ppe"``: no profitable one-shot deviation, for either player, at any
    public state reachable after some public history (a public perfect equilibrium, by
    the one-shot deviation principle). ``concept="nash"``: no deviation from the initial
    state is profitable; the deviator's best response is found by exact policy
    iteration on its Markov decision problem over public states.

    Parameters
    ----------
    stage, monitoring, strategy : see :func:`public_values`
    discount : real in [0, 1)
    concept : {"ppe", "nash"}, default "ppe"

    Returns
    -------
    PublicEquilibriumCheck

    Examples
    --------
    The 4-period trigger is the shortest PPE punishment at α = 1/10, β = 3/5, δ = 9/10:

    >>> from fractions import Fraction as F
    >>> from secdilemma import bimatrix
    >>> from secdilemma.solvers.public_monitoring import (PublicMonitoring, PublicStrategy,
    ...                                                   check_public_equilibrium)
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> mon = PublicMonitoring.binary(F(1, 10), F(3, 5))
    >>> [bool(check_public_equilibrium(pd, mon, PublicStrategy.trigger(k), F(9, 10)))
    ...  for k in (3, 4)]
    [False, True]
    """
    func = "check_public_equilibrium"
    check_choice(func, "concept", concept, ("ppe", "nash"))
    chain, d = _prepare(func, stage, monitoring, strategy, discount)
    V = chain.values(d)
    worst = None
    if concept == "ppe":
        states = chain.accessible()
        for s in states:
            for i in (0, 1):
                for b in range(chain.m[i]):
                    u, nxt = chain.deviation_step(i, s, b)
                    q = (1 - d) * u[i] + d * sum(p * V[i][t] for t, p in nxt.items())
                    dev = PublicDeviation(i, chain.names[s], b, q - V[i][s])
                    if worst is None or dev.gain > worst.gain:
                        worst = dev
    else:
        states = sorted(set(chain.reachable_by(0)) | set(chain.reachable_by(1)))
        for i in (0, 1):
            W, policy, reach = _best_response(chain, i, d)
            dev = PublicDeviation(i, chain.names[chain.init], policy[reach.index(chain.init)],
                                  W[reach.index(chain.init)] - V[i][chain.init],
                                  tuple(policy))
            if worst is None or dev.gain > worst.gain:
                worst = dev
    return PublicEquilibriumCheck(bool(worst.gain <= 0), concept, worst, worst.gain,
                                  tuple(chain.names[s] for s in states), d)


def _mdp(chain, player, states):
    reward, nxt = [], []
    for s in states:
        r_row, n_row = [], []
        for b in range(chain.m[player]):
            u, dist = chain.deviation_step(player, s, b)
            r_row.append(u[player])
            n_row.append(dist)
        reward.append(r_row)
        nxt.append(n_row)
    return reward, nxt


def _best_response(chain, player, d):
    """The deviator's optimal values and policy over the public states it can reach
    (the policy iteration of :mod:`secdilemma.solvers.repeated`, exact)."""
    states = chain.reachable_by(player)
    pos = {s: j for j, s in enumerate(states)}
    reward, nxt = _mdp(chain, player, states)
    # next-state distributions over positions 0 .. n - 1 in ``states``
    nxt = [[{pos[t]: p for t, p in dist.items()} for dist in row] for row in nxt]
    n = len(states)
    found = _policy_iteration(
        reward, nxt, d, lambda policy: _exact_values([nxt[r][policy[r]] for r in range(n)],
                                                     [reward[r][policy[r]] for r in range(n)],
                                                     d))
    if found is None:  # pragma: no cover - finite MDP, exact arithmetic
        raise SolverError("check_public_equilibrium(): policy iteration did not converge")
    return found[0], found[1], states


def public_critical_discount_factor(stage: NormalFormGame, monitoring: PublicMonitoring,
                                    strategy: PublicStrategy, *,
                                    concept: str = "ppe") -> DiscountSetResult:
    """The exact set of discount factors δ in [0, 1) at which a public strategy is an
    equilibrium.

    Every deviation gain is a rational function of δ: the values are solved over the
    field Q(δ) (sympy). The real roots in (0, 1) of the numerators' irreducible factors
    split [0, 1) into pieces on which every gain has a constant sign; each piece and
    each root is tested exactly and the feasible ones merged — the method of
    :func:`secdilemma.solvers.repeated.critical_discount_factor`, with the public
    signal's transition matrix. The answer (a
    :class:`~secdilemma.solvers.repeated.DiscountSetResult`) can be empty, a point, an
    interval or a union; endpoints are Fractions or real algebraic numbers. Float
    inputs are read as the binary rationals they store, so the set is certified for the
    numbers given.

    Parameters
    ----------
    stage, monitoring, strategy : see :func:`public_values`
    concept : {"ppe", "nash"}, default "ppe"
        ``"ppe"``: one-shot deviations at every reachable public state. ``"nash"``:
        every stationary deviation policy over the public states the deviator can reach.

    Returns
    -------
    DiscountSetResult
        ``concept`` is ``"ppe"`` or ``"nash"``; ``noise`` is None (the monitoring is in
        ``parameters``).

    Raises
    ------
    SolverError
        More than 64 public states, or (``"nash"``) more than 4096 deviation policies.

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §7.1-7.2.
    .. [2] Green, E. J. and Porter, R. H. (1984). *Econometrica* 52(1), 87-100.

    Examples
    --------
    Grim trigger on an incident signal: δ* = (T - R)/[(1 - α)(T - R) + (β - α)(R - P)];
    perfect monitoring (α = 0, β = 1) gives (T - R)/(T - P) = 1/2.

    >>> from fractions import Fraction as F
    >>> from secdilemma import bimatrix
    >>> from secdilemma.solvers.public_monitoring import (PublicMonitoring, PublicStrategy,
    ...     public_critical_discount_factor)
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> grim = PublicStrategy.trigger()
    >>> public_critical_discount_factor(pd, PublicMonitoring.binary(0, 1), grim).description
    '[1/2, 1)'
    >>> public_critical_discount_factor(pd, PublicMonitoring.binary(F(1, 10), F(3, 5)),
    ...                                 grim).description
    '[5/7, 1)'
    """
    func = "public_critical_discount_factor"
    check_choice(func, "concept", concept, ("ppe", "nash"))
    chain, _ = _prepare(func, stage, monitoring, strategy, None)
    if chain.n > MAX_STATES:
        raise SolverError(f"{func}(): the exact set is computed for at most {MAX_STATES} "
                          f"public states; got {chain.n} (check single discount factors "
                          f"with check_public_equilibrium)")
    exact_inputs = monitoring.exact_inputs and stage.is_exact and strategy.exact_inputs
    params = {"concept": concept, "strategy": strategy.name or repr(strategy),
              "signals": monitoring.signals,
              "inputs": "exact" if exact_inputs
              else "float (read as the binary rationals they store)"}
    delta, gains = _field_gains(func, chain, concept)
    pieces, count = _discount_pieces(delta, gains)
    return _discount_result(pieces, concept, None, True, "exact", count, params,
                            short=not exact_inputs)


def _field_gains(func, chain, concept):
    """Deviation gains as elements of Q(δ)."""
    import sympy  # measured import cost: loaded on first use
    from sympy import QQ

    delta = sympy.Symbol("delta")
    K = QQ.frac_field(delta)
    R = QQ[delta]
    d = K.convert(delta)
    one = K.one
    cache: dict = {}

    def c(x):
        x = Fraction(x)
        if x not in cache:
            cache[x] = K.convert(sympy.Rational(x.numerator, x.denominator))
        return cache[x]

    def solve(states, rows, rewards):
        num, den = _field_values(R, delta, states, rows, rewards)
        den = K.convert_from(den, R)
        return {s: K.convert_from(num[s], R) / den for s in states}

    everything = list(range(chain.n))
    V = [solve(everything, chain.next, chain.u[i]) for i in (0, 1)]
    gains = []
    if concept == "ppe":
        for s in chain.accessible():
            for i in (0, 1):
                for b in range(chain.m[i]):
                    u, nxt = chain.deviation_step(i, s, b)
                    q = (one - d) * c(u[i]) + d * sum((c(p) * V[i][t] for t, p in nxt.items()),
                                                      K.zero)
                    gains.append(q - V[i][s])
        return delta, gains
    for i in (0, 1):
        states = chain.reachable_by(i)
        if chain.m[i] ** len(states) > MAX_POLICIES:
            raise SolverError(f"{func}(): concept='nash' needs {chain.m[i]}**{len(states)} "
                              f"deviation policies (more than {MAX_POLICIES})")
        reward, nxt = _mdp(chain, i, states)
        for policy in itertools.product(range(chain.m[i]), repeat=len(states)):
            W = solve(states, [nxt[j][policy[j]] for j in range(len(states))],
                      [reward[j][policy[j]] for j in range(len(states))])
            gains.append(W[chain.init] - V[i][chain.init])
    return delta, gains


# ====================================================================== APS operator
# Why this is not :mod:`secdilemma.solvers.payoff_set`: that module iterates the APS
# operator on two-dimensional polygons under *perfect* monitoring, where a continuation
# value is chosen per action profile and the incentive constraints are two half-planes.
# Here the signal is public and imperfect: a strongly symmetric equilibrium picks one
# continuation value per *signal*, the incentive constraint of an action profile is a
# linear inequality over those values weighted by ρ(y | a), and the operator's image of
# an interval is found by exact linear programs over the signal space (_lp_extreme).
# The sets are intervals (one payoff for both players), not polygons, and are
# certified by inner and outer brackets rather than by an exact fixed point. The value
# solves and the best-response policy iteration are shared with solvers.repeated.
@dataclass(frozen=True, eq=False)
class SymmetricPayoffSet:
    """The strongly symmetric public perfect equilibrium payoffs (with public
    randomisation), bracketed: ``inner ⊆ E ⊆ outer``.

    Attributes
    ----------
    outer : tuple of Fraction or None
        ``(lower, upper)``: an exact iterate of the APS operator from the feasible
        interval, rounded outward, so it contains every strongly symmetric PPE payoff
        (None: no such equilibrium).
    inner : tuple of Fraction or None
        ``(lower, upper)``: an interval checked exactly to be self-generating, so every
        payoff in it is a strongly symmetric PPE payoff (None when no check succeeded).
    gap : Fraction or None
        Largest distance between the inner and outer endpoints.
    iterations : int
    discount : Fraction
    complete : bool
        True when both brackets exist and the gap is at most ``tol`` times the payoff
        range, or the set is certified empty.
    warnings : tuple of str
    """

    outer: tuple | None
    inner: tuple | None
    gap: Any
    iterations: int
    discount: Fraction
    complete: bool
    warnings: tuple = ()

    @property
    def bounds(self) -> tuple:
        """The outer bracket as floats (``(nan, nan)`` when empty)."""
        if self.outer is None:
            return (math.nan, math.nan)
        return (float(self.outer[0]), float(self.outer[1]))


def _lp_extreme(c, const, rows, lo, hi, sense):
    """max (sense=+1) or min (-1) of const + c·w over lo <= w_y <= hi and rows
    (g, h): g·w <= h, exactly, by enumerating the vertices; None when infeasible."""
    n = len(c)
    best = None
    for k in range(0, min(n, len(rows)) + 1):
        for active in itertools.combinations(range(len(rows)), k):
            for free in itertools.combinations(range(n), k):
                fixed = [y for y in range(n) if y not in free]
                for bounds in itertools.product((lo, hi), repeat=len(fixed)):
                    w = [None] * n
                    for y, b in zip(fixed, bounds):
                        w[y] = b
                    if k:
                        M = [[rows[s][0][y] for y in free] for s in active]
                        rhs = [rows[s][1] - sum(rows[s][0][y] * w[y] for y in fixed)
                               for s in active]
                        sol = solve_exact(M, rhs)
                        if sol is None:
                            continue
                        for y, v in zip(free, sol):
                            w[y] = v
                    if any(v < lo or v > hi for v in w):
                        continue
                    if any(sum(g[y] * w[y] for y in range(n)) > h for g, h in rows):
                        continue
                    val = const + sum(c[y] * w[y] for y in range(n))
                    if best is None or sense * val > sense * best:
                        best = val
    return best


def _aps_step(chain_u, rho, m, d, lo, hi):
    """B([lo, hi]) for strongly symmetric profiles: the interval hull (public
    randomisation) of the values each symmetric pure profile (a, a) generates with
    continuations in [lo, hi] that deter every one-shot deviation of either player."""
    k = len(rho[0][0])
    out_lo = out_hi = None
    for a in range(m):
        c = [d * rho[a][a][y] for y in range(k)]
        const = (1 - d) * chain_u[0][a][a]
        rows = []
        for i in (0, 1):
            for b in range(m):
                if b == a:
                    continue
                prof = (b, a) if i == 0 else (a, b)
                g = [d * (rho[prof[0]][prof[1]][y] - rho[a][a][y]) for y in range(k)]
                h = (1 - d) * (chain_u[i][a][a] - chain_u[i][prof[0]][prof[1]])
                rows.append((g, h))
        top = _lp_extreme(c, const, rows, lo, hi, 1)
        if top is None:
            continue
        bottom = _lp_extreme(c, const, rows, lo, hi, -1)
        out_hi = top if out_hi is None else max(out_hi, top)
        out_lo = bottom if out_lo is None else min(out_lo, bottom)
    return None if out_lo is None else (out_lo, out_hi)


def strongly_symmetric_payoffs(stage: NormalFormGame, monitoring: PublicMonitoring,
                               discount: Any, *, tol: float = 1e-9,
                               max_iter: int = 20_000) -> SymmetricPayoffSet:
    """The payoffs of strongly symmetric public perfect equilibria in pure actions,
    with public randomisation, by the Abreu–Pearce–Stacchetti operator.

    A strongly symmetric profile plays a symmetric pure profile (a, a) after every
    public history, with a continuation value common to both players that depends on
    the public signal. With public randomisation the equilibrium payoffs form an
    interval E, the largest fixed point of the operator B: B([lo, hi]) is the hull of
    the values (1 − δ)u(a, a) + δ Σ_y ρ(y | a, a) w(y) over profiles a and continuation
    values w(y) in [lo, hi] that deter every one-shot deviation (a linear programme per
    profile, solved exactly by vertex enumeration). Iterating B from the interval of
    symmetric stage payoffs decreases to E; each iterate is computed exactly and
    rounded outward, so it contains E (the *outer* bracket). An interval just inside it
    is then checked exactly to be self-generating (W ⊆ B(W)), which proves W ⊆ E (the
    *inner* bracket). The answer is certified when the two brackets are within ``tol``
    of the payoff range; otherwise it is flagged (``complete=False`` and an
    :class:`~secdilemma.errors.IncompleteResultWarning`).

    Parameters
    ----------
    stage : NormalFormGame
        Symmetric two-player stage game (player 1's payoffs are player 0's transposed).
    monitoring : PublicMonitoring
    discount : real in [0, 1)
    tol : float, default 1e-9
        Stopping tolerance and certification gap, relative to the payoff range.
    max_iter : int, default 20000

    Returns
    -------
    SymmetricPayoffSet

    References
    ----------
    .. [1] Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of
       discounted repeated games with imperfect monitoring. *Econometrica* 58(5),
       1041-1063.
    .. [2] Abreu, D., Pearce, D. and Stacchetti, E. (1986). Optimal cartel equilibria
       with imperfect monitoring. *Journal of Economic Theory* 39(1), 251-269.
    .. [3] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §7.3.

    Examples
    --------
    The best strongly symmetric equilibrium of the incident game is worth
    R − α(T − R)/(β − α) = 13/5 at α = 1/10, β = 3/5, δ = 9/10:

    >>> from fractions import Fraction as F
    >>> from secdilemma import bimatrix
    >>> from secdilemma.solvers.public_monitoring import (PublicMonitoring,
    ...                                                   strongly_symmetric_payoffs)
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> res = strongly_symmetric_payoffs(pd, PublicMonitoring.binary(F(1, 10), F(3, 5)),
    ...                                  F(9, 10))
    >>> res.complete, [round(x, 6) for x in res.bounds]
    (True, [1.0, 2.6])
    """
    func = "strongly_symmetric_payoffs"
    check_stage(func, stage)
    check_discount(func, discount)
    d = exact_number(func, "discount", discount)
    check_real_number(func, "tol", tol, low=0, low_open=True)
    if not _is_int(max_iter) or max_iter < 1:
        raise InvalidParameterError(f"{func}(): max_iter must be an integer >= 1; got "
                                    f"{max_iter!r}")
    if not isinstance(monitoring, PublicMonitoring):
        raise InvalidParameterError(f"{func}(): monitoring must be a PublicMonitoring; got "
                                    f"{type(monitoring).__name__}")
    m0, m1 = stage.num_actions
    if m0 != m1 or monitoring.num_actions != (m0, m1):
        raise InvalidGameError(f"{func}(): stage must be symmetric with one signal "
                               f"distribution per profile; got {m0}x{m1} actions and "
                               f"monitoring for {monitoring.num_actions}")
    chain = _PublicChain(func, stage, monitoring,
                         PublicStrategy([(0, 0)], [[0] * monitoring.num_signals]))
    U = chain.A
    if any(U[1][a][b] != U[0][b][a] for a in range(m0) for b in range(m0)):
        raise InvalidGameError(f"{func}(): stage must be symmetric (player 1's payoffs are "
                               f"player 0's transposed)")
    rho = monitoring.probabilities
    diag = [U[0][a][a] for a in range(m0)]
    lo, hi = min(diag), max(diag)
    span = max(max(max(row) for row in U[0]) - min(min(row) for row in U[0]), Fraction(1))
    unit = Fraction(2) ** (math.floor(math.log2(span)) - 60)
    eps = Fraction(tol) * span
    msgs = []
    current = (lo, hi)
    it = 0
    converged = False
    while it < max_iter:
        it += 1
        nxt = _aps_step(U, rho, m0, d, *current)
        if nxt is None:
            return SymmetricPayoffSet(None, None, None, it, d, True, ())
        # intersect with the current set (B is monotone and the iterates decrease) and
        # round outward to keep the denominators small
        new = (max(current[0], Fraction(math.floor(nxt[0] / unit)) * unit),
               min(current[1], Fraction(math.ceil(nxt[1] / unit)) * unit))
        if new[0] > new[1]:
            return SymmetricPayoffSet(None, None, None, it, d, True, ())
        change = (new[0] - current[0]) + (current[1] - new[1])
        current = new
        if change <= eps / 100:
            converged = True
            break
    inner = None
    candidates = [(current[0] + x, current[1] - x) for x in (0, eps / 4, eps / 2, eps)
                  if current[0] + x <= current[1] - x]
    # a (numerically) degenerate set: the symmetric stage payoffs inside it, as points
    candidates += [(v, v) for v in sorted(set(diag)) if current[0] <= v <= current[1]]
    for cand in candidates:
        gen = _aps_step(U, rho, m0, d, *cand)
        if gen is not None and gen[0] <= cand[0] and gen[1] >= cand[1]:
            inner = cand
            break
    gap = None if inner is None else max(inner[0] - current[0], current[1] - inner[1])
    complete = converged and inner is not None and gap <= eps
    if not complete:
        msg = (f"{func}(): not certified: " + (
            "the APS iteration did not settle within max_iter; " if not converged else "")
            + ("no self-generating inner interval was found; " if inner is None else "")
            + "the outer bracket contains every strongly symmetric PPE payoff")
        msgs.append(msg)
        warnings.warn(msg, IncompleteResultWarning, stacklevel=2)
    return SymmetricPayoffSet(current, inner, gap, it, d, complete, tuple(msgs))
