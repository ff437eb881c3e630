"""Conversions between :class:`~secdilemma.NormalFormGame` and the normal-form game
objects of nashpy, pygambit and QuantEcon.

Each peer is imported inside the function that needs it, never at module import: they
are optional here (pygambit and QuantEcon) or slow to import next to ``import
secdilemma`` (measured on the development machine: nashpy 0.7 s because it loads
scipy, pygambit 1.2-1.7 s, QuantEcon 1.1-1.7 s plus numba compilation on first use).
A missing peer raises :class:`~secdilemma.errors.UnsupportedGameError` naming the
package to install.

Payoff conventions of the peers:

- **nashpy** [1]_ ``nashpy.Game(A, B)``: two players, ``A`` the row player's and ``B``
  the column player's matrix, both indexed ``[row action, column action]`` (as here). nashpy
  computes in floating point, so :func:`to_nashpy` gives integer arrays (``int64``) when
  every payoff is an integer that fits, and otherwise the game's float payoffs
  (a Fraction such as 1/3 becomes the nearest float). nashpy has no labels.
- **pygambit** [2]_ ``pygambit.Game`` with a strategic (table) representation, any
  number of players. Payoffs are exact rationals both ways: :func:`to_pygambit` passes
  ``pygambit.Rational`` values equal to :attr:`~secdilemma.NormalFormGame.exact_payoffs`
  (a float payoff becomes the binary rational it stores, not a rounded decimal), and
  :func:`from_pygambit` reads Gambit's rationals and decimals exactly. Player and
  strategy labels are carried both ways.
- **QuantEcon** [3]_ ``quantecon.game_theory.NormalFormGame``: player ``i``'s
  ``Player.payoff_array`` is indexed by his own action first and then by the others'
  actions in *cyclic* order, ``[a_i, a_{i+1}, ..., a_{n-1}, a_0, ..., a_{i-1}]``; for two
  players the column player's array is ``B.T``. The conversions move the axes. Numbers
  are handled as for nashpy (QuantEcon's solvers are floating point). QuantEcon has no
  labels.

A game built with nashpy, solved here in one line:

>>> import nashpy
>>> from secdilemma import NormalFormGame, solve_nash
>>> game = NormalFormGame.from_nashpy(nashpy.Game([[4, 1], [3, 2]], [[4, 3], [1, 2]]))
>>> len(solve_nash(game))
3
>>> game.to_nashpy().payoff_matrices[1]
array([[4, 3],
       [1, 2]])

References
----------
.. [1] Knight, V. and Campbell, J. (2018). Nashpy: A Python library for the computation
   of Nash equilibria. *Journal of Open Source Software* 3(30), 904.
.. [2] McKelvey, R. D., McLennan, A. M. and Turocy, T. L. (2016). Gambit: Software Tools
   for Game Theory, version 16. https://www.gambit-project.org
.. [3] QuantEcon.py, module ``quantecon.game_theory.normal_form_game``.
   https://quantecon.org
"""

from __future__ import annotations

import decimal
import importlib
import numbers
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .._validation import game_error
from ..errors import UnsupportedGameError
from .normal_form import NormalFormGame

__all__ = ["from_nashpy", "to_nashpy", "from_pygambit", "to_pygambit", "from_quantecon",
           "to_quantecon"]

_INT64 = np.iinfo(np.int64)


def _import(func: str, package: str, pip_name: str):
    # peers are imported here, on first use: optional, and a measured import cost (module
    # docstring)
    try:
        return importlib.import_module(package)  # package: one of our constant names
    except ImportError as exc:
        raise UnsupportedGameError(
            f"{func}(): needs the package {pip_name}, which is not installed; install it "
            f"with `pip install {pip_name}`") from exc


def _float_solver_arrays(game: NormalFormGame) -> list[np.ndarray]:
    """Payoff arrays for a floating-point peer: ``int64`` when every payoff is an
    integer that fits, else the game's float payoffs (writeable copies)."""
    if game.is_exact and all(v.denominator == 1 and _INT64.min <= v.numerator <= _INT64.max
                             for arr in game.exact_payoffs for v in arr.ravel()):
        return [np.array([v.numerator for v in arr.ravel()], dtype=np.int64).reshape(arr.shape)
                for arr in game.exact_payoffs]
    return [np.array(arr, dtype=float) for arr in game.payoffs]


def _check_game(func: str, game: Any) -> None:
    if not isinstance(game, NormalFormGame):
        raise game_error(func, f"game must be a secdilemma NormalFormGame; got "
                               f"{type(game).__name__}")


# ---------------------------------------------------------------------- nashpy
def from_nashpy(game: Any, *, actions: Sequence[Sequence[str]] | None = None,
                players: Sequence[str] | None = None) -> NormalFormGame:
    """The :class:`~secdilemma.NormalFormGame` of a ``nashpy.Game``.

    Parameters
    ----------
    game : nashpy.Game
        A bimatrix game (a zero-sum ``nashpy.Game(A)`` becomes ``(A, -A)``).
    actions, players : optional
        Labels (nashpy has none), as for :class:`~secdilemma.NormalFormGame`.

    Returns
    -------
    NormalFormGame
        Integer payoffs stay exact integers, float payoffs stay the same floats.

    Raises
    ------
    InvalidGameError
        When ``game`` is not a ``nashpy.Game`` or its payoffs are not finite reals.
    UnsupportedGameError
        When nashpy is not installed.
    """
    func = "NormalFormGame.from_nashpy"
    nashpy = _import(func, "nashpy", "nashpy")
    if not isinstance(game, nashpy.Game):
        raise game_error(func, f"game must be a nashpy.Game; got {type(game).__name__}")
    A, B = game.payoff_matrices
    return NormalFormGame([np.asarray(A), np.asarray(B)], actions=actions, players=players)


def to_nashpy(game: NormalFormGame):
    """The game as a ``nashpy.Game`` (two players only).

    Integer payoffs become ``int64`` matrices; any other payoffs become the game's float
    payoffs, since nashpy computes in floating point (use :func:`to_pygambit` to keep
    rationals exact). Labels are dropped: nashpy has none.

    Raises
    ------
    UnsupportedGameError
        When the game does not have exactly two players, or nashpy is not installed.
    """
    func = "NormalFormGame.to_nashpy"
    _check_game(func, game)
    nashpy = _import(func, "nashpy", "nashpy")
    if game.num_players != 2:
        raise UnsupportedGameError(f"{func}(): nashpy represents two-player games only; got "
                                   f"a game with {game.num_players} players")
    return nashpy.Game(*_float_solver_arrays(game))


# ---------------------------------------------------------------------- pygambit
def _gambit_number(value: Any) -> Fraction:
    """A number stored in a pygambit game, exactly: ``Rational`` (a Fraction subclass)
    or ``Decimal``, as pygambit returns either."""
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, decimal.Decimal):
        return Fraction(value)
    return Fraction(str(value))


def _labels(raw: Sequence[str], default: Sequence[str]) -> list[str]:
    """Labels kept when all are non-empty and distinct, the defaults otherwise (a
    NormalFormGame needs distinct labels; Gambit allows repeated or empty ones)."""
    raw = [str(r) for r in raw]
    if all(raw) and len(set(raw)) == len(raw):
        return raw
    return list(default)


def from_pygambit(g: Any) -> NormalFormGame:
    """The :class:`~secdilemma.NormalFormGame` of a pygambit game in strategic form.

    Payoffs are read exactly (Gambit's rationals and decimals become Fractions), so
    ``solve_nash(game, exact=True)`` finds the equilibria pygambit's ``enummixed_solve``
    finds in rationals. Player and strategy labels are kept; when a player's labels are
    empty or repeated (Gambit allows it), that player gets the defaults (``"player k"``,
    ``"a0", "a1", ...``).

    Parameters
    ----------
    g : pygambit.Game
        A game with a strategic (table) representation. For a game tree use
        :meth:`ExtensiveGame.from_pygambit <secdilemma.ExtensiveGame.from_pygambit>` and
        its ``normal_form()`` or ``reduced_normal_form()``.

    Raises
    ------
    InvalidGameError
        When ``g`` is not a pygambit game, or is a game tree.
    UnsupportedGameError
        When pygambit is not installed.
    """
    func = "NormalFormGame.from_pygambit"
    gbt = _import(func, "pygambit", "pygambit")
    if not isinstance(g, gbt.Game):
        raise game_error(func, f"g must be a pygambit.Game; got {type(g).__name__}")
    if g.is_tree:
        raise game_error(func, "g must be a game in strategic form; got a game tree (use "
                               "ExtensiveGame.from_pygambit(g) and its normal_form())")
    arrays = [np.vectorize(_gambit_number, otypes=[object])(arr) for arr in g.to_arrays()]
    gplayers = list(g.players)
    n = len(gplayers)
    players = _labels([p.label for p in gplayers], [f"player {k}" for k in range(n)])
    actions = [_labels([s.label for s in p.strategies],
                       [f"a{k}" for k in range(len(p.strategies))]) for p in gplayers]
    return NormalFormGame(arrays, actions=actions, players=players)


def to_pygambit(game: NormalFormGame):
    """The game as a pygambit strategic game, payoffs exact (``pygambit.Rational``
    equal to :attr:`~secdilemma.NormalFormGame.exact_payoffs`), player and strategy
    labels kept.

    Raises
    ------
    UnsupportedGameError
        When pygambit is not installed, or refuses a label (pygambit 16.7 refuses empty
        and non-ASCII labels).
    """
    func = "NormalFormGame.to_pygambit"
    _check_game(func, game)
    gbt = _import(func, "pygambit", "pygambit")

    def rational(v: Fraction):
        return gbt.Rational(v.numerator, v.denominator)

    arrays = [np.vectorize(rational, otypes=[object])(arr) for arr in game.exact_payoffs]
    g = gbt.Game.from_arrays(*arrays, title="secdilemma normal-form game")
    gplayers = list(g.players)
    _relabel(func, "player labels", gplayers, game.players)
    for k, (player, labels) in enumerate(zip(gplayers, game.actions)):
        _relabel(func, f"action labels of player {k}", list(player.strategies), labels)
    return g


def _relabel(func: str, what: str, items: list, labels: Sequence[str]) -> None:
    """Give pygambit players or strategies our labels. pygambit labels them "1", "2",
    ... and refuses a repeated label at every step (so labels "2", "1" would clash
    midway): every item first gets a temporary label none of ours equals. A label
    pygambit refuses (empty, or not ASCII in pygambit 16.7) is reported, not changed."""
    temporary = [f"secdilemma temporary {k}" for k in range(len(items))]
    while set(temporary) & set(labels):
        temporary = [t + "+" for t in temporary]
    for item, label in zip(items, temporary):
        item.label = label
    for item, label in zip(items, labels):
        try:
            item.label = label
        except (ValueError, UnicodeError) as exc:
            raise UnsupportedGameError(
                f"{func}(): the {what} must be labels pygambit accepts; got {label!r}, "
                f"which it refuses ({exc})") from exc


# ---------------------------------------------------------------------- QuantEcon
def _cyclic_axes(player: int, n: int) -> list[int]:
    """QuantEcon's axis order for player ``player``: own action, then players
    ``player+1, ..., n-1, 0, ..., player-1``."""
    return [(player + k) % n for k in range(n)]


def from_quantecon(g: Any, *, actions: Sequence[Sequence[str]] | None = None,
                   players: Sequence[str] | None = None) -> NormalFormGame:
    """The :class:`~secdilemma.NormalFormGame` of a QuantEcon
    ``quantecon.game_theory.NormalFormGame``, any number of players.

    Player ``i``'s QuantEcon payoff array, indexed ``[a_i, a_{i+1}, ..., a_{i-1}]``
    (cyclic order), is moved to this package's order ``[a_0, ..., a_{n-1}]``.

    Parameters
    ----------
    g : quantecon.game_theory.NormalFormGame
    actions, players : optional
        Labels (QuantEcon has none), as for :class:`~secdilemma.NormalFormGame`.

    Raises
    ------
    InvalidGameError
        When ``g`` is not a QuantEcon NormalFormGame or its payoffs are not finite reals.
    UnsupportedGameError
        When QuantEcon is not installed.
    """
    func = "NormalFormGame.from_quantecon"
    gt = _import(func, "quantecon.game_theory", "quantecon")
    if not isinstance(g, gt.NormalFormGame):
        raise game_error(func, f"g must be a quantecon.game_theory.NormalFormGame; got "
                               f"{type(g).__name__}")
    n = g.N
    arrays = []
    for i, player in enumerate(g.players):
        own_order = np.asarray(player.payoff_array)
        # axis k of own_order is player _cyclic_axes(i, n)[k]: invert that permutation
        arrays.append(np.transpose(own_order, np.argsort(_cyclic_axes(i, n))))
    return NormalFormGame(arrays, actions=actions, players=players)


def to_quantecon(game: NormalFormGame):
    """The game as a QuantEcon ``quantecon.game_theory.NormalFormGame``.

    Player ``i``'s payoff array is indexed ``[a_i, a_{i+1}, ..., a_{i-1}]`` (QuantEcon's
    cyclic order; ``B.T`` for the column player of a bimatrix game). Integer payoffs
    become ``int64`` arrays, any other payoffs the game's floats (QuantEcon computes in
    floating point). Labels are dropped: QuantEcon has none.

    Raises
    ------
    UnsupportedGameError
        When QuantEcon is not installed.
    """
    func = "NormalFormGame.to_quantecon"
    _check_game(func, game)
    gt = _import(func, "quantecon.game_theory", "quantecon")
    n = game.num_players
    arrays = _float_solver_arrays(game)
    return gt.NormalFormGame([gt.Player(np.ascontiguousarray(np.transpose(arr,
                                                                          _cyclic_axes(i, n))))
                              for i, arr in enumerate(arrays)])
