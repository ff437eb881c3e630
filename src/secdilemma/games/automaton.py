"""Finite automaton (machine) strategies for two-player repeated games.

Conventions (fixed once for :mod:`secdilemma.games.repeated` and
:mod:`secdilemma.solvers.repeated`):

- An automaton has states ``0, ..., n - 1`` and starts in ``initial_state``.
- In state ``s`` it plays the (possibly mixed) action ``actions_per_state[s]``: either an
  action index or a probability vector over its own actions.
- After each round it moves to ``transitions[s][own, other]``, where ``own`` and
  ``other`` are the *realised* actions of the automaton's owner and of the opponent (own
  action first, whatever the owner's role in the stage game). With noise the realised
  action can differ from the intended one, and automata react to what was realised.
- In the classic strategies below action ``0`` is C (cooperate) and ``1`` is D (defect).

This is the representation of Mailath and Samuelson (2006, §2.3): a set of states, an
initial state, an output function and a transition function on the action profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .._validation import (check_real_number, game_error, is_exact_scalar, readonly,
                           to_fraction)
from ..errors import InvalidParameterError

__all__ = [
    "Automaton",
    "always_cooperate",
    "always_defect",
    "grim_trigger",
    "tit_for_tat",
    "generous_tit_for_tat",
    "contrite_tit_for_tat",
    "win_stay_lose_shift",
    "k_period_punishment",
    "CLASSIC_STRATEGIES",
]

C, D = 0, 1


@dataclass(frozen=True, eq=False, init=False)
class Automaton:
    """A finite automaton strategy of one player in a repeated two-player game.

    Parameters
    ----------
    actions_per_state : sequence
        One entry per state: an action index (pure action) or a probability vector over
        the owner's actions (mixed action). Exact entries (ints, Fractions) are kept
        exactly.
    transitions : array_like of int, shape (num_states, num_actions, num_opponent_actions)
        ``transitions[s][own, other]`` is the next state after the realised action
        profile ``(own, other)`` in state ``s`` (own action first).
    initial_state : int, default 0
    name : str, optional
        A label used in ``repr`` and result descriptions.

    Attributes
    ----------
    num_states, num_actions, num_opponent_actions : int
    transitions : numpy.ndarray
        Read-only integer array.
    probabilities : tuple of tuple
        The mixed action of every state (Fractions when exact, floats otherwise).
    is_exact : bool
        True when every action probability is exact (int or Fraction).
    is_pure : bool
        True when every state plays a single action with probability one.

    Raises
    ------
    InvalidGameError
        On an empty state set, a transition table of the wrong shape or with a target
        outside ``0 .. num_states - 1``, an action index out of range, a probability
        vector of the wrong length, negative or not summing to one, or a bad initial
        state.

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       Oxford University Press, §2.3 (automaton representation of strategies).
    .. [2] Rubinstein, A. (1986). Finite automata play the repeated prisoner's dilemma.
       *Journal of Economic Theory* 39(1), 83–96.

    Examples
    --------
    Tit-for-tat written by hand: state = the opponent's last action, play it.

    >>> from secdilemma.games.automaton import Automaton
    >>> tft = Automaton([0, 1], [[[0, 1], [0, 1]], [[0, 1], [0, 1]]], name="TFT")
    >>> tft
    <Automaton 'TFT': 2 states, 2 actions>
    >>> tft.next_state(0, own=0, other=1)
    1
    >>> tft.probabilities
    ((Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)))
    """

    probabilities: tuple
    transitions: np.ndarray
    initial_state: int
    name: str | None

    def __init__(self, actions_per_state: Sequence[Any], transitions: Any,
                 initial_state: int = 0, name: str | None = None) -> None:
        func = "Automaton"
        try:
            trans = np.asarray(transitions)
        except (TypeError, ValueError) as exc:
            raise game_error(func, f"transitions must be an integer array of shape "
                                   f"(num_states, num_actions, num_opponent_actions); got "
                                   f"{transitions!r}") from exc
        if trans.ndim != 3 or trans.size == 0:
            raise game_error(func, "transitions must be an integer array of shape "
                                   "(num_states, num_actions, num_opponent_actions); got shape "
                                   f"{trans.shape}")
        if trans.dtype == bool or not (np.issubdtype(trans.dtype, np.integer)
                                       or (trans.dtype == object and all(
                                           isinstance(v, (int, np.integer))
                                           and not isinstance(v, bool)
                                           for v in trans.ravel()))):
            raise game_error(func, f"transitions must hold integer state indices; got dtype "
                                   f"{trans.dtype}")
        trans = np.array(trans, dtype=np.int64)
        n, m, m_other = trans.shape
        try:
            entries = list(actions_per_state)
        except TypeError as exc:
            raise game_error(func, f"actions_per_state must be a sequence with one entry per "
                                   f"state; got {actions_per_state!r}") from exc
        if len(entries) != n:
            raise game_error(func, f"actions_per_state must have one entry per state "
                                   f"({n}, from transitions); got {len(entries)}")
        if np.any(trans < 0) or np.any(trans >= n):
            bad = np.argwhere((trans < 0) | (trans >= n))[0]
            raise game_error(func, f"transitions must point to states in 0..{n - 1}; got "
                                   f"{int(trans[tuple(bad)])} at transitions{list(bad)}")
        probs = tuple(_mixed_action(func, s, entry, m) for s, entry in enumerate(entries))
        exact = all(is_exact_scalar(p) for row in probs for p in row)
        if not exact:
            probs = tuple(tuple(float(p) for p in row) for row in probs)
        if (isinstance(initial_state, bool) or not isinstance(initial_state, (int, np.integer))
                or not 0 <= initial_state < n):
            raise game_error(func, f"initial_state must be a state index in 0..{n - 1}; got "
                                   f"{initial_state!r}")
        if name is not None and not isinstance(name, str):
            raise game_error(func, f"name must be a string or None; got {name!r}")
        object.__setattr__(self, "probabilities", probs)
        object.__setattr__(self, "transitions", readonly(trans))
        object.__setattr__(self, "initial_state", int(initial_state))
        object.__setattr__(self, "name", name)

    # ------------------------------------------------------------------ properties
    @property
    def num_states(self) -> int:
        """Number of states."""
        return int(self.transitions.shape[0])

    @property
    def num_actions(self) -> int:
        """Number of the owner's actions."""
        return int(self.transitions.shape[1])

    @property
    def num_opponent_actions(self) -> int:
        """Number of the opponent's actions."""
        return int(self.transitions.shape[2])

    @property
    def is_exact(self) -> bool:
        """Whether the action probabilities are exact rationals."""
        return all(isinstance(p, Fraction) for row in self.probabilities for p in row)

    @property
    def is_pure(self) -> bool:
        """Whether every state plays one action with probability one."""
        return all(sum(1 for p in row if p != 0) == 1 for row in self.probabilities)

    @property
    def actions(self) -> tuple:
        """The action of each state: an index for pure states, the probability vector
        for mixed ones."""
        out = []
        for row in self.probabilities:
            support = [a for a, p in enumerate(row) if p != 0]
            out.append(support[0] if len(support) == 1 and row[support[0]] == 1 else row)
        return tuple(out)

    def next_state(self, state: int, own: int, other: int) -> int:
        """The state after the realised profile ``(own, other)`` in ``state``."""
        return int(self.transitions[state, own, other])

    def probability_matrix(self) -> np.ndarray:
        """Mixed actions as a float array of shape ``(num_states, num_actions)``."""
        return np.array(self.probabilities, dtype=float)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Automaton):
            return NotImplemented
        return (self.probabilities == other.probabilities
                and np.array_equal(self.transitions, other.transitions)
                and self.initial_state == other.initial_state and self.name == other.name)

    def __hash__(self) -> int:
        return hash((self.probabilities, self.transitions.tobytes(), self.initial_state,
                     self.name))

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"<Automaton{label}: {self.num_states} states, {self.num_actions} actions>"


def _mixed_action(func: str, state: int, entry: Any, m: int) -> tuple:
    if isinstance(entry, (int, np.integer)) and not isinstance(entry, bool):
        if not 0 <= entry < m:
            raise game_error(func, f"actions_per_state[{state}] must be an action index in "
                                   f"0..{m - 1}; got {entry!r}")
        return tuple(Fraction(int(a == entry)) for a in range(m))
    try:
        vec = list(np.ravel(np.asarray(entry, dtype=object)))
    except (TypeError, ValueError) as exc:  # pragma: no cover - defensive
        raise game_error(func, f"actions_per_state[{state}] must be an action index or a "
                               f"probability vector; got {entry!r}") from exc
    if np.ndim(np.asarray(entry, dtype=object)) != 1 or len(vec) != m:
        raise game_error(func, f"actions_per_state[{state}] must be an action index or a "
                               f"probability vector of length {m}; got {entry!r}")
    for v in vec:
        if isinstance(v, (bool, np.bool_)) or not isinstance(
                v, (int, float, Fraction, np.integer, np.floating)) or not np.isfinite(float(v)):
            raise game_error(func, f"actions_per_state[{state}] must hold finite real "
                                   f"probabilities; got {entry!r}")
        if v < 0:
            raise game_error(func, f"actions_per_state[{state}] must be non-negative; got "
                                   f"{entry!r}")
    if all(is_exact_scalar(v) for v in vec):
        vec = [to_fraction(v) for v in vec]
        if sum(vec) != 1:
            raise game_error(func, f"actions_per_state[{state}] must sum to 1; got {sum(vec)}")
        return tuple(vec)
    total = float(sum(float(v) for v in vec))
    if abs(total - 1.0) > 1e-9:
        raise game_error(func, f"actions_per_state[{state}] must sum to 1; got {total:.12g}")
    return tuple(float(v) for v in vec)


# ---------------------------------------------------------------------- classic strategies
def _table(n: int, rule) -> list:
    """transitions[s][own][other] = rule(s, own, other) for a 2-action stage game."""
    return [[[rule(s, own, other) for other in (C, D)] for own in (C, D)] for s in range(n)]


def always_cooperate() -> Automaton:
    """Always cooperate (ALLC): one state playing C.

    References
    ----------
    .. [1] Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.

    Examples
    --------
    >>> from secdilemma.games.automaton import always_cooperate
    >>> always_cooperate().actions
    (0,)
    """
    return Automaton([C], _table(1, lambda s, own, other: 0), name="ALLC")


def always_defect() -> Automaton:
    """Always defect (ALLD): one state playing D.

    References
    ----------
    .. [1] Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.

    Examples
    --------
    >>> from secdilemma.games.automaton import always_defect
    >>> always_defect().actions
    (1,)
    """
    return Automaton([D], _table(1, lambda s, own, other: 0), name="ALLD")


def grim_trigger() -> Automaton:
    """Grim trigger: cooperate until anyone defects, then defect forever.

    States: 0 = cooperation (plays C), 1 = punishment (plays D, absorbing). Any realised
    D by either player in state 0 leads to state 1.

    References
    ----------
    .. [1] Friedman, J. W. (1971). A non-cooperative equilibrium for supergames.
       *Review of Economic Studies* 38(1), 1–12.
    .. [2] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §2.4.

    Examples
    --------
    >>> from secdilemma.games.automaton import grim_trigger
    >>> g = grim_trigger()
    >>> g.actions, g.next_state(0, own=1, other=0), g.next_state(1, own=0, other=0)
    ((0, 1), 1, 1)
    """
    return Automaton([C, D], _table(2, lambda s, own, other:
                                    0 if s == 0 and own == C and other == C else 1),
                     name="grim trigger")


def tit_for_tat() -> Automaton:
    """Tit-for-tat: cooperate first, then play the opponent's last realised action.

    States: 0 (plays C) and 1 (plays D); the next state is the opponent's realised action.

    References
    ----------
    .. [1] Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.

    Examples
    --------
    >>> from secdilemma.games.automaton import tit_for_tat
    >>> t = tit_for_tat()
    >>> [t.next_state(0, own=a, other=b) for a in (0, 1) for b in (0, 1)]
    [0, 1, 0, 1]
    """
    return Automaton([C, D], _table(2, lambda s, own, other: other), name="TFT")


def generous_tit_for_tat(generosity: Any) -> Automaton:
    """Generous tit-for-tat: like TFT, but after the opponent's D cooperate with
    probability ``generosity``.

    Parameters
    ----------
    generosity : float or Fraction in [0, 1]
        Probability of forgiving a defection (kept exact when given as a Fraction or
        int). Nowak and Sigmund (1992) use ``min(1 - (T - R)/(R - S), (R - P)/(T - P))``.

    References
    ----------
    .. [1] Nowak, M. A. and Sigmund, K. (1992). Tit for tat in heterogeneous
       populations. *Nature* 355, 250–253.
    .. [2] Molander, P. (1985). The optimal level of generosity in a selfish, uncertain
       environment. *Journal of Conflict Resolution* 29(4), 611–618.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma.games.automaton import generous_tit_for_tat
    >>> generous_tit_for_tat(Fraction(1, 3)).actions
    (0, (Fraction(1, 3), Fraction(2, 3)))
    """
    check_real_number("generous_tit_for_tat", "generosity", generosity, low=0, high=1)
    g = to_fraction(generosity) if is_exact_scalar(generosity) else float(generosity)
    return Automaton([C, (g, 1 - g)], _table(2, lambda s, own, other: other),
                     name=f"GTFT({generosity})")


def contrite_tit_for_tat() -> Automaton:
    """Contrite tit-for-tat (CTFT), standing-based.

    Each player has a *standing*, good or bad; both start in good standing. After a
    round a player is in good standing if he cooperated, or if he defected while he was
    in good standing and the opponent was in bad standing (a justified defection);
    otherwise he is in bad standing. CTFT cooperates unless it is in good standing and
    the opponent is in bad standing. After its own mistaken defection CTFT therefore
    accepts the punishment without retaliating, which ends echo effects.

    States (own standing, opponent's standing): 0 = (good, good), 1 = (good, bad),
    2 = (bad, good), 3 = (bad, bad); actions C, D, C, C. Standings are updated from the
    realised actions.

    References
    ----------
    .. [1] Boyd, R. (1989). Mistakes allow evolutionary stability in the repeated
       prisoner's dilemma game. *Journal of Theoretical Biology* 136(1), 47–56.
    .. [2] Wu, J. and Axelrod, R. (1995). How to cope with noise in the iterated
       prisoner's dilemma. *Journal of Conflict Resolution* 39(1), 183–189.

    Examples
    --------
    >>> from secdilemma.games.automaton import contrite_tit_for_tat
    >>> ctft = contrite_tit_for_tat()
    >>> ctft.actions
    (0, 1, 0, 0)
    >>> ctft.next_state(0, own=1, other=0)   # my mistaken D: I am in bad standing
    2
    >>> ctft.next_state(2, own=0, other=1)   # I accept the punishment: good standing again
    0
    """
    def standing(own_good: bool, opp_good: bool, action: int) -> bool:
        return action == C or (own_good and not opp_good)

    def rule(s: int, own: int, other: int) -> int:
        own_good, opp_good = s in (0, 1), s in (0, 2)
        new_own = standing(own_good, opp_good, own)
        new_opp = standing(opp_good, own_good, other)
        return 2 * (not new_own) + (not new_opp)

    return Automaton([C, D, C, C], _table(4, rule), name="CTFT")


def win_stay_lose_shift() -> Automaton:
    """Win-stay, lose-shift (WSLS, Pavlov): cooperate after CC or DD, defect after CD
    or DC.

    States: 0 (plays C) and 1 (plays D); the next state is 0 when the realised actions
    matched, 1 otherwise.

    References
    ----------
    .. [1] Nowak, M. and Sigmund, K. (1993). A strategy of win-stay, lose-shift that
       outperforms tit-for-tat in the prisoner's dilemma game. *Nature* 364, 56–58.

    Examples
    --------
    >>> from secdilemma.games.automaton import win_stay_lose_shift
    >>> w = win_stay_lose_shift()
    >>> [w.next_state(0, own=a, other=b) for a in (0, 1) for b in (0, 1)]
    [0, 1, 1, 0]
    """
    return Automaton([C, D], _table(2, lambda s, own, other: 0 if own == other else 1),
                     name="WSLS")


def k_period_punishment(k: int) -> Automaton:
    """Cooperate; after any defection punish with D for ``k`` periods, then forgive.

    States: 0 = cooperation (C); ``1 .. k`` = punishment periods (D). Any realised D in
    state 0 leads to state 1; state ``j < k`` leads to ``j + 1`` and state ``k`` to 0
    whatever is played (deviations during a punishment do not restart it). With
    ``k = 1`` in a PD this is not TFT: both players punish together.

    Parameters
    ----------
    k : int >= 1

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §2.4 (finite punishments).

    Examples
    --------
    >>> from secdilemma.games.automaton import k_period_punishment
    >>> p = k_period_punishment(2)
    >>> p.actions, p.next_state(0, own=0, other=1), p.next_state(2, own=1, other=1)
    ((0, 1, 1), 1, 0)
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameterError(f"k_period_punishment(): k must be an integer >= 1; "
                                    f"got {k!r}")
    k = int(k)

    def rule(s: int, own: int, other: int) -> int:
        if s == 0:
            return 0 if own == C and other == C else 1
        return s + 1 if s < k else 0

    return Automaton([C] + [D] * k, _table(k + 1, rule), name=f"{k}-period punishment")


#: The classic strategies by name (functions without arguments, or taking one).
CLASSIC_STRATEGIES = {
    "always_cooperate": always_cooperate,
    "always_defect": always_defect,
    "grim_trigger": grim_trigger,
    "tit_for_tat": tit_for_tat,
    "generous_tit_for_tat": generous_tit_for_tat,
    "contrite_tit_for_tat": contrite_tit_for_tat,
    "win_stay_lose_shift": win_stay_lose_shift,
    "k_period_punishment": k_period_punishment,
}
