"""Finite normal-form (strategic-form) games with any number of players.

Conventions (fixed once for the whole package):

- ``payoffs[i]`` is player ``i``'s payoff array; it has one axis per player and is
  indexed by the full action profile, ``payoffs[i][a0, a1, ..., a_{n-1}]``. For two
  players, ``payoffs[0]`` is the row player's matrix ``A`` and ``payoffs[1]`` the column
  player's matrix ``B`` (both indexed ``[row action, column action]``; *not* transposed as
  in QuantEcon's ``Player``).
- A mixed profile is a sequence of probability vectors, one per player.
- Games are immutable: arrays are read-only and every transformation returns a new game.
- Payoffs given as ints or :class:`fractions.Fraction` are kept exactly
  (:attr:`NormalFormGame.exact_payoffs`) so that ``solve_nash(..., exact=True)`` returns
  exact rational equilibria.
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .._validation import (as_exact_array, check_index, check_mixed_profile,
                           check_real_entries, check_real_number, game_error, is_exact_scalar,
                           is_real_scalar, payoff_frame, readonly)
from ..display import game_repr_html, game_repr_latex  # the Jupyter display hooks

__all__ = ["NormalFormGame", "bimatrix"]


@functools.lru_cache(maxsize=256)
def _default_action_labels(num_actions: tuple[int, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(f"a{k}" for k in range(m)) for m in num_actions)


def _to_object_array(func: str, player: int, values: Any) -> np.ndarray:
    # one rule for every payoff array of the package (shared with BayesianGame)
    return check_real_entries(func, f"payoffs[{player}]", values)


@functools.lru_cache(maxsize=64)
def _default_player_labels(n: int) -> tuple[str, ...]:
    return tuple(f"player {i}" for i in range(n))


class NormalFormGame:
    """A finite game in normal form with ``n >= 1`` players.

    Parameters
    ----------
    payoffs : sequence of array_like
        ``n`` arrays, each of shape ``(m_0, ..., m_{n-1})``; ``payoffs[i][a]`` is player
        ``i``'s payoff at action profile ``a``. An ndarray of shape ``(n, m_0, ...,
        m_{n-1})`` is accepted too. Entries must be finite real numbers; ints and
        :class:`~fractions.Fraction` are kept exactly.
    actions : sequence of sequence of str, optional
        Action labels per player (default ``a0, a1, ...``).
    players : sequence of str, optional
        Player labels (default ``"player 0"``, ``"player 1"``, ...).

    Attributes
    ----------
    payoffs : tuple of numpy.ndarray
        Float payoff arrays (read-only).
    exact_payoffs : tuple of numpy.ndarray
        Object arrays of :class:`~fractions.Fraction` equal to the payoffs given (floats
        are converted to the rational number they store).
    is_exact : bool
        True when every payoff was given as an int or Fraction.
    num_players : int
    num_actions : tuple of int
    actions, players : tuple of str labels

    Raises
    ------
    InvalidGameError
        On NaN/inf payoffs, ragged or mismatched shapes, empty action sets, or labels
        that do not match the shapes.

    References
    ----------
    .. [1] Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, ch. 2.

    Examples
    --------
    >>> from secdilemma import NormalFormGame
    >>> stag_hunt = NormalFormGame([[[4, 1], [3, 2]], [[4, 3], [1, 2]]],
    ...                            actions=[["C", "D"], ["C", "D"]])
    >>> stag_hunt.num_actions
    (2, 2)
    >>> stag_hunt.is_exact
    True
    >>> stag_hunt.payoff_profile((0, 1))
    (1.0, 3.0)
    """

    __slots__ = ("_payoffs", "_exact", "_source", "_is_exact", "_actions", "_players",
                 "_num_actions", "_normalised_cache")

    def __init__(self, payoffs: Sequence[Any], *, actions: Sequence[Sequence[str]] | None = None,
                 players: Sequence[str] | None = None) -> None:
        if isinstance(payoffs, np.ndarray) and payoffs.ndim >= 1:
            payoff_list = [payoffs[i] for i in range(payoffs.shape[0])]
        else:
            try:
                payoff_list = list(payoffs)
            except TypeError as exc:
                raise game_error(
                    type(self).__name__,
                    f"payoffs must be a sequence of arrays, one per player; got {payoffs!r}"
                ) from exc
        n = len(payoff_list)
        if n == 0:
            raise game_error(type(self).__name__,
                             "payoffs must hold at least one player's array; got 0 arrays")
        # numeric ndarrays of one shape (the common case in loops and sweeps): one copy,
        # one finiteness test; their exact values are built only when asked for
        kinds = ""
        shape = None
        for p in payoff_list:
            if not isinstance(p, np.ndarray) or (shape is not None and p.shape != shape):
                kinds = None
                break
            kinds += p.dtype.kind
            shape = p.shape
        numeric = kinds is not None and not kinds.strip("iuf")
        if not (numeric and len(shape) == n and 0 not in shape
                and self._init_numeric(payoff_list, kinds)):
            self._init_general(type(self).__name__, payoff_list, numeric)
        self._exact = None
        self._actions = (_default_action_labels(self._num_actions) if actions is None
                         else self._check_actions(type(self).__name__, actions))
        self._players = (_default_player_labels(n) if players is None
                         else self._check_players(type(self).__name__, players, n))
        self._normalised_cache = None

    def _init_numeric(self, payoff_list: list, kinds: str) -> bool:
        """Set the payoffs from numeric arrays of one shape (``kinds``: their dtype
        kinds, one letter each); False (nothing set) when an entry is not finite, for
        :meth:`_init_general` to report."""
        stacked = np.array(payoff_list, dtype=float)
        flat = stacked.ravel()
        # a finite sum proves every entry finite (an overflowing sum of finite entries
        # only sends us to the entry-by-entry test); small games sum as Python floats
        total = sum(flat.tolist()) if flat.size <= 64 else np.add.reduce(flat)
        if not math.isfinite(total) and not np.isfinite(flat).all():
            return False
        stacked.setflags(write=False)
        # two players indexed directly: tuple(stacked) (iteration) costs 3x as much
        floats = (stacked[0], stacked[1]) if len(payoff_list) == 2 else tuple(stacked)
        self._payoffs = floats
        if not kinds.strip("f"):  # all floats: the float copies hold the exact values
            self._is_exact = False
            self._source = floats
        else:
            self._is_exact = "f" not in kinds
            self._source = tuple(f if arr.dtype.kind == "f" else readonly(arr.copy())
                                 for f, arr in zip(floats, payoff_list))
        self._num_actions = payoff_list[0].shape  # the shape all arrays share
        return True

    def _init_general(self, func: str, payoff_list: list, numeric: bool) -> None:
        """Check entry by entry (or report what makes numeric arrays invalid) and set
        the payoffs."""
        n = len(payoff_list)
        objs = (payoff_list if numeric
                else [_to_object_array(func, i, p) for i, p in enumerate(payoff_list)])
        shape = objs[0].shape
        for i, arr in enumerate(objs):
            if arr.ndim != n:
                raise game_error(
                    func,
                    f"payoffs[{i}] must have one axis per player ({n}); got shape {arr.shape}",
                )
            if arr.shape != shape:
                raise game_error(
                    func,
                    f"payoffs must all have the same shape; got {shape} for player 0 "
                    f"and {arr.shape} for player {i}",
                )
        if any(m == 0 for m in shape):
            raise game_error(
                func, f"every player must have at least one action; got action counts {shape}"
            )
        floats = []
        for i, arr in enumerate(objs):
            try:
                f = np.array(arr, dtype=float, order="C")
            except OverflowError as exc:
                big = max((v for v in arr.ravel()), key=lambda v: abs(v))
                raise game_error(func, f"payoffs[{i}] must be representable as floats "
                                       f"(|payoff| < 1.8e308); got a payoff with "
                                       f"{len(str(abs(int(big))))} digits") from exc
            if not np.isfinite(f).all():
                where = tuple(int(k) for k in np.argwhere(~np.isfinite(f))[0])
                raise game_error(
                    func,
                    f"payoffs must be finite; got {arr[where]!r} for player {i} at profile "
                    f"{where}" if arr.dtype == object else
                    f"payoffs must be finite; got {f[where].item()!r} for player {i} at "
                    f"profile {where}",
                )
            floats.append(readonly(f))
        # numeric arrays reach this point only to be refused above (their valid case is
        # _init_numeric's); what is left are entries checked one by one
        self._is_exact = all(is_exact_scalar(v) for arr in objs for v in arr.ravel())
        self._source = tuple(objs)
        self._payoffs = tuple(floats)
        self._num_actions = tuple(int(m) for m in shape)

    # ------------------------------------------------------------------ validation
    def _check_actions(self, func: str, actions) -> tuple[tuple[str, ...], ...]:
        if actions is None:
            return _default_action_labels(self._num_actions)
        actions = tuple(tuple(str(a) for a in acts) for acts in actions)
        if len(actions) != len(self._num_actions):
            raise game_error(
                func,
                f"actions must list labels for each of the {len(self._num_actions)} players; "
                f"got {len(actions)} lists",
            )
        for i, (acts, m) in enumerate(zip(actions, self._num_actions)):
            if len(acts) != m:
                raise game_error(
                    func, f"actions[{i}] must have {m} labels (one per action); got {list(acts)}"
                )
            if len(set(acts)) != m:
                raise game_error(func, f"actions[{i}] must be distinct labels; got {list(acts)}")
        return actions

    @staticmethod
    def _check_players(func: str, players, n: int) -> tuple[str, ...]:
        if players is None:
            return _default_player_labels(n)
        players = tuple(str(p) for p in players)
        if len(players) != n or len(set(players)) != n:
            raise game_error(func, f"players must be {n} distinct labels; got {list(players)}")
        return players

    # ------------------------------------------------------------------ properties
    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """Float payoff arrays, one per player (read-only)."""
        return self._payoffs

    @property
    def exact_payoffs(self) -> tuple[np.ndarray, ...]:
        """Payoff arrays of :class:`~fractions.Fraction` (read-only object arrays)."""
        if self._exact is None:  # built on first use: most float work never needs it
            self._exact = tuple(readonly(as_exact_array(arr)) for arr in self._source)
        return self._exact

    @property
    def is_exact(self) -> bool:
        """True when every payoff was given as an int or a Fraction."""
        return self._is_exact

    @property
    def num_players(self) -> int:
        return len(self._payoffs)

    @property
    def num_actions(self) -> tuple[int, ...]:
        return self._num_actions

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        return self._actions

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of each payoff array, ``num_actions``."""
        return self._num_actions

    # ------------------------------------------------------------------ evaluation
    def payoff_profile(self, profile: Sequence[int]) -> tuple[float, ...]:
        """Payoffs of all players at a pure action profile."""
        idx = self._check_pure_profile(profile)
        return tuple(float(p[idx]) for p in self._payoffs)

    def _check_pure_profile(self, profile) -> tuple[int, ...]:
        try:
            entries = list(profile)
        except TypeError:
            entries = None
        if entries is None or any(isinstance(a, (bool, np.bool_))
                                  or not isinstance(a, (int, np.integer)) for a in entries):
            raise game_error(
                "NormalFormGame.payoff_profile",
                f"profile must hold one action index (an int) per player; got {profile!r}")
        idx = tuple(int(a) for a in entries)
        if len(idx) != self.num_players or any(
            not 0 <= a < m for a, m in zip(idx, self._num_actions)
        ):
            raise game_error(
                "NormalFormGame.payoff_profile",
                f"profile must hold one action index per player within {self._num_actions}; "
                f"got {tuple(profile)}",
            )
        return idx

    def _profile(self, func: str, profile: Any, skip: int | None = None) -> list:
        return check_mixed_profile(func, profile, self._num_actions, skip=skip)

    def action_values(self, profile: Sequence[Any], player: int, *, exact: bool = False):
        """Expected payoff of each pure action of ``player`` against the others' mixed
        strategies in ``profile`` (``profile[player]`` is ignored).

        Raises
        ------
        InvalidParameterError
            When ``player`` is not a player index or another player's entry of
            ``profile`` is not a probability vector over his actions.
        """
        func = "NormalFormGame.action_values"
        player = check_index(func, "player", player, self.num_players)
        checked = self._profile(func, profile, skip=player)
        return self._action_values(checked, player, exact)

    def _action_values(self, profile, player: int, exact: bool, arrays=None):
        if arrays is None:
            arrays = self.exact_payoffs if exact else self._payoffs
        values = arrays[player]
        # contract the other players' axes, highest axis first so indices stay valid
        for j in reversed(range(self.num_players)):
            if j == player:
                continue
            sigma = np.asarray(profile[j], dtype=object if exact else float)
            values = np.tensordot(values, sigma, axes=([j], [0]))
        return values

    def expected_payoffs(self, profile: Sequence[Any], *, exact: bool = False) -> np.ndarray:
        """Expected payoff of each player at a mixed profile (one probability vector per
        player; :class:`~secdilemma.errors.InvalidParameterError` otherwise)."""
        checked = self._profile("NormalFormGame.expected_payoffs", profile)
        out = [
            np.dot(self._action_values(checked, i, exact),
                   np.asarray(checked[i], dtype=object if exact else float))
            for i in range(self.num_players)
        ]
        return np.array(out, dtype=object if exact else float)

    def regrets(self, profile: Sequence[Any], *, exact: bool = False) -> np.ndarray:
        """Each player's gain from the best deviation to a pure action (>= 0 up to
        rounding)."""
        checked = self._profile("NormalFormGame.regrets", profile)
        return self._regrets(checked, exact)

    def _regrets(self, profile, exact: bool, arrays=None) -> np.ndarray:
        out = []
        for i in range(self.num_players):
            vals = self._action_values(profile, i, exact, arrays)
            own = np.asarray(profile[i], dtype=object if exact else float)
            out.append(max(vals) - np.dot(vals, own))
        return np.array(out, dtype=object if exact else float)

    def max_regret(self, profile: Sequence[Any]) -> float:
        """The largest gain any player gets from a unilateral deviation (float)."""
        checked = self._profile("NormalFormGame.max_regret", profile)
        return float(max(self._regrets(checked, False)))

    def is_nash(self, profile: Sequence[Any], *, tol: float = 1e-9) -> bool:
        """Whether ``profile`` is a Nash equilibrium.

        Exact profiles (ints and Fractions) of an exact game are checked exactly. Otherwise
        each player's regret must be at most ``tol`` times the range of his payoffs
        (max − min, rounded up to a power of two): the check is computed on payoffs
        normalised to [0, 1) per player,
        so it does not depend on the payoff scale or on a shift of the payoffs.

        Raises
        ------
        InvalidParameterError
            When ``profile`` is not one probability vector per player (non-negative,
            summing to one, one entry per action) or ``tol`` is negative.
        """
        func = "NormalFormGame.is_nash"
        check_real_number(func, "tol", tol, low=0)
        checked = self._profile(func, profile)
        if self._is_exact and all(is_exact_scalar(v) for s in checked for v in s.ravel()):
            return max(self._regrets(checked, True)) <= 0
        return float(max(self._regrets(checked, False, self._normalised()))) <= tol

    def _normalised(self) -> tuple:
        """Float payoffs mapped into [0, 1) per player, ``(u - min u) / unit`` with unit
        the power of two just above the payoff range (exact for integer payoffs),
        computed from the exact values."""
        if self._normalised_cache is not None:
            return self._normalised_cache
        out = []
        for arr in self.exact_payoffs:
            lo, unit = payoff_frame(arr)
            out.append(np.array([float((v - lo) / unit) for v in arr.ravel()])
                       .reshape(arr.shape))
        self._normalised_cache = tuple(readonly(a) for a in out)
        return self._normalised_cache

    def pure_profiles(self):
        """Iterate over all pure action profiles in lexicographic order."""
        return itertools.product(*(range(m) for m in self._num_actions))

    # ------------------------------------------------------------------ transformations
    def affine_transform(self, player: int, scale: Any, shift: Any = 0) -> NormalFormGame:
        """A new game with player ``player``'s payoffs replaced by ``scale*u + shift``
        (``scale > 0`` leaves the equilibria unchanged)."""
        func = "NormalFormGame.affine_transform"
        self._check_player(func, player)
        if isinstance(scale, bool) or not _is_real(scale) or not scale > 0:
            raise game_error(func, f"scale must be a real number > 0 (a positive affine "
                                   f"map keeps the equilibria); got {scale!r}")
        if isinstance(shift, bool) or not _is_real(shift) or not np.isfinite(float(shift)):
            raise game_error(func, f"shift must be a finite real number; got {shift!r}")
        new = list(self.exact_payoffs if self._is_exact and is_exact_scalar(scale)
                   and is_exact_scalar(shift) else self._payoffs)
        new[player] = new[player] * scale + shift
        return NormalFormGame(new, actions=self._actions, players=self._players)

    def _check_player(self, func: str, player: Any) -> None:
        if isinstance(player, bool) or not isinstance(player, (int, np.integer)) or not (
                0 <= player < self.num_players):
            raise game_error(func, f"player must be an index in [0, {self.num_players - 1}]; "
                                   f"got {player!r}")

    def permute_actions(self, permutations: Sequence[Sequence[int]]) -> NormalFormGame:
        """A new game whose action ``k`` of player ``i`` is the old action
        ``permutations[i][k]``."""
        func = "NormalFormGame.permute_actions"
        permutations = [list(p) for p in permutations]
        if len(permutations) != self.num_players:
            raise game_error(func, f"permutations must give one permutation per player "
                                   f"({self.num_players}); got {len(permutations)}")
        for i, (perm, m) in enumerate(zip(permutations, self._num_actions)):
            if sorted(int(k) for k in perm) != list(range(m)) or any(
                    isinstance(k, bool) for k in perm):
                raise game_error(func, f"permutations[{i}] must be a permutation of "
                                       f"0..{m - 1}; got {perm}")
        base = self.exact_payoffs if self._is_exact else self._payoffs
        index = np.ix_(*[np.asarray(p, dtype=int) for p in permutations])
        new = [arr[index] for arr in base]
        actions = [[acts[k] for k in perm] for acts, perm in zip(self._actions, permutations)]
        return NormalFormGame(new, actions=actions, players=self._players)

    # ------------------------------------------------------------------ Jupyter
    #: Shown as payoff tables by :mod:`secdilemma.display` (which imports no game class).
    _display_payoff_table = True

    def _repr_html_(self) -> str:
        return game_repr_html(self)

    def _repr_latex_(self) -> str | None:
        return game_repr_latex(self)

    # ------------------------------------------------------------------ dunder
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self._num_actions == other._num_actions
            and self._actions == other._actions
            and self._players == other._players
            and all(np.array_equal(a, b)
                    for a, b in zip(self.exact_payoffs, other.exact_payoffs))
        )

    def __hash__(self) -> int:
        # + 0.0 maps -0.0 to 0.0: equal games (compared exactly) must hash equal
        return hash((self._num_actions, tuple((a + 0.0).tobytes() for a in self._payoffs)))

    def __repr__(self) -> str:
        dims = "×".join(str(m) for m in self._num_actions)
        kind = "exact" if self._is_exact else "float"
        return f"<NormalFormGame: {self.num_players} players, {dims} actions, {kind} payoffs>"

    def __str__(self) -> str:
        if self.num_players != 2:
            return repr(self)
        rows = []
        header = [""] + list(self._actions[1])
        for r, label in enumerate(self._actions[0]):
            cells = [label]
            for c in range(self._num_actions[1]):
                exact = self.exact_payoffs
                cells.append(f"{_fmt(exact[0][r, c])}, {_fmt(exact[1][r, c])}")
            rows.append(cells)
        table = [header] + rows
        widths = [max(len(row[k]) for row in table) for k in range(len(header))]
        return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths)) for row in table)

    # ------------------------------------------------------------------ other libraries
    # Thin wrappers of secdilemma.games.interop (conventions and details there), which
    # imports this module, hence the imports inside the methods.
    @classmethod
    def from_nashpy(cls, game: Any, *, actions: Sequence[Sequence[str]] | None = None,
                    players: Sequence[str] | None = None) -> NormalFormGame:
        """The game of a ``nashpy.Game`` (see :func:`secdilemma.games.interop.from_nashpy`).

        Examples
        --------
        >>> import nashpy
        >>> from secdilemma import NormalFormGame
        >>> g = NormalFormGame.from_nashpy(nashpy.Game([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
        ...                                actions=[["C", "D"], ["C", "D"]])
        >>> g.payoff_profile((1, 0))
        (5.0, 0.0)
        """
        from . import interop  # not at the top: a cycle (interop imports this module)

        return interop.from_nashpy(game, actions=actions, players=players)

    def to_nashpy(self):
        """The game as a ``nashpy.Game`` (see :func:`secdilemma.games.interop.to_nashpy`)."""
        from . import interop  # not at the top: a cycle (interop imports this module)

        return interop.to_nashpy(self)

    @classmethod
    def from_pygambit(cls, g: Any) -> NormalFormGame:
        """The game of a pygambit strategic game, exactly, labels kept (see
        :func:`secdilemma.games.interop.from_pygambit`).

        Examples
        --------
        >>> import pygambit
        >>> from fractions import Fraction
        >>> from secdilemma import NormalFormGame
        >>> g = pygambit.Game.from_arrays([[1, Fraction(1, 3)]], [[0, 2]])
        >>> NormalFormGame.from_pygambit(g).exact_payoffs[0][0, 1]
        Fraction(1, 3)
        """
        from . import interop  # not at the top: a cycle (interop imports this module)

        return interop.from_pygambit(g)

    def to_pygambit(self):
        """The game as a pygambit strategic game, exactly, labels kept (see
        :func:`secdilemma.games.interop.to_pygambit`)."""
        from . import interop  # not at the top: a cycle (interop imports this module)

        return interop.to_pygambit(self)

    @classmethod
    def from_quantecon(cls, g: Any, *, actions: Sequence[Sequence[str]] | None = None,
                       players: Sequence[str] | None = None) -> NormalFormGame:
        """The game of a QuantEcon ``NormalFormGame`` (see
        :func:`secdilemma.games.interop.from_quantecon`)."""
        from . import interop  # not at the top: a cycle (interop imports this module)

        return interop.from_quantecon(g, actions=actions, players=players)

    def to_quantecon(self):
        """The game as a QuantEcon ``NormalFormGame`` (see
        :func:`secdilemma.games.interop.to_quantecon`)."""
        from . import interop  # not at the top: a cycle (interop imports this module)

        return interop.to_quantecon(self)


def _fmt(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    f = float(value)
    return f"{f:.6g}" if len(str(value)) > 9 else str(value)


def _is_real(value: Any) -> bool:
    return is_real_scalar(value)


def bimatrix(A: Any, B: Any, *, actions: Sequence[Sequence[str]] | None = None,
             players: Sequence[str] | None = None) -> NormalFormGame:
    """Build a two-player game from the row player's matrix ``A`` and the column
    player's matrix ``B`` (both indexed ``[row action, column action]``).

    Examples
    --------
    >>> from secdilemma import bimatrix
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]])
    >>> print(pd)
          C     D
    C  3, 3  0, 5
    D  5, 0  1, 1
    """
    return NormalFormGame([A, B], actions=actions, players=players)
