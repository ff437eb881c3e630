"""Result objects returned by every solver.

Results are frozen dataclasses: they record what was computed (the equilibria), how (the
method and the parameters actually used, the tolerance), and how far to trust it
(``complete``, ``degenerate``, ``max_regret`` of each equilibrium, warnings). A result
never changes type with a flag.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Iterator, Mapping

import numpy as np

from ._validation import readonly
from .display import (describe_equilibrium, describe_result, result_repr_html,
                      result_repr_latex, result_to_frame, result_to_latex)

__all__ = ["Provenance", "Equilibrium", "SolveResult"]


def _thaw(value):
    """Read-only mappings (which cannot be pickled) as plain dicts, recursively."""
    if isinstance(value, (MappingProxyType, dict)):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_thaw(v) for v in value)
    if isinstance(value, list):
        return [_thaw(v) for v in value]
    return value


def _rebuild(cls, state):
    """Unpickle a result: call the constructor with the stored fields (subclasses with
    extra fields are handled the same way)."""
    init = {k: v for k, v in state.items()
            if k in {f.name for f in fields(cls) if f.init}}
    obj = cls(**init)
    for k, v in state.items():
        if k not in init:
            object.__setattr__(obj, k, v)
    return obj


class Provenance:
    """How a result was computed and how far to trust it: the base of the result classes.

    Every result records the algorithm actually used, the options actually used, the
    tolerance, whether the arithmetic was exact, whether the answer is known to be
    complete, and the warnings issued while computing it (kept so they survive a
    silenced warning). A subclass declares these as (dataclass) fields; the defaults
    below describe a result that needed no tolerance, raised no warnings and is complete.

    Attributes
    ----------
    method : str
        The algorithm actually used (never ``"auto"``).
    parameters : mapping
        The options actually used.
    tol : float
        The tolerance used to accept an answer (0.0 for exact arithmetic).
    exact : bool
        Whether the answer was computed and verified in exact rational arithmetic.
    complete : bool
        True when the method is known to return every answer (e.g. every equilibrium).
    warnings : tuple of str
        Messages of the warnings issued while computing.

    Examples
    --------
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]]), exact=True)
    >>> isinstance(res, Provenance)
    True
    >>> prov = res.provenance()
    >>> prov["method"], prov["exact"], prov["complete"], prov["warnings"]
    ('vertex_enumeration', True, True, ())
    """

    __slots__ = ()

    #: The provenance attributes, in the order :meth:`provenance` reports them.
    PROVENANCE_FIELDS = ("method", "parameters", "tol", "exact", "complete", "warnings")

    method: str
    parameters: Mapping[str, Any] = MappingProxyType({})
    tol: float = 0.0
    exact: bool = False
    complete: bool = True
    warnings: tuple[str, ...] = ()

    def provenance(self) -> dict[str, Any]:
        """The provenance as a plain dict (``parameters`` copied into a plain dict),
        e.g. to store beside a figure or in a dataset's attributes.

        Returns
        -------
        dict
            Keys :attr:`PROVENANCE_FIELDS`.
        """
        out = {name: getattr(self, name) for name in self.PROVENANCE_FIELDS}
        out["parameters"] = _thaw(out["parameters"])
        return out


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """One equilibrium of a game.

    Attributes
    ----------
    strategies : tuple of numpy.ndarray
        One probability vector per player (float, read-only). For Bayesian games each
        player's entry is a 2-D array with one row per type.
    payoffs : numpy.ndarray
        Expected payoff of each player (ex ante for Bayesian games).
    max_regret : float
        The largest gain from a unilateral deviation to a pure action, as computed in
        floating point (0.0 for exactly verified equilibria).
    kind : str
        ``"pure"`` or ``"mixed"`` (signalling games: ``"separating"``, ``"pooling"``,
        ``"semi-separating"``).
    exact_strategies : tuple of tuple of Fraction, optional
        The same strategies as exact rationals when the solver ran with ``exact=True``.
    exact_payoffs : tuple of Fraction, optional
    beliefs : mapping, optional
        Beliefs at information sets (perfect Bayesian equilibria); None otherwise.
    actions : tuple of tuple of str
        The game's action labels, for :meth:`describe`.
    players : tuple of str
    types : tuple of tuple of str
        Type labels per player (Bayesian games), for :meth:`describe`.
    """

    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    max_regret: float
    kind: str
    exact_strategies: tuple[tuple[Fraction, ...], ...] | None = None
    exact_payoffs: tuple[Fraction, ...] | None = None
    beliefs: Mapping[str, Any] | None = None
    actions: tuple[tuple[str, ...], ...] = ()
    players: tuple[str, ...] = ()
    types: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self) -> None:
        strategies = tuple(readonly(np.array(s, dtype=float)) for s in self.strategies)
        object.__setattr__(self, "strategies", strategies)
        object.__setattr__(self, "payoffs", readonly(np.array(self.payoffs, dtype=float)))
        object.__setattr__(self, "max_regret", float(self.max_regret))
        if self.beliefs is not None:
            object.__setattr__(self, "beliefs", MappingProxyType(dict(self.beliefs)))

    @classmethod
    def _verified(cls, strategies: tuple, payoffs: np.ndarray, max_regret: float, kind: str,
                  actions: tuple, players: tuple) -> "Equilibrium":
        """Build from arrays a solver made and verified itself: fresh read-only float
        arrays, taken without the copies of ``__init__`` (the one-game fast path)."""
        self = object.__new__(cls)
        # a frozen dataclass without __slots__: its fields live in __dict__ (filled in
        # place, which skips the frozen __setattr__ and costs less than replacing it)
        d = self.__dict__
        d["strategies"] = strategies
        d["payoffs"] = payoffs
        d["max_regret"] = max_regret
        d["kind"] = kind
        d["exact_strategies"] = d["exact_payoffs"] = d["beliefs"] = None
        d["actions"] = actions
        d["players"] = players
        d["types"] = ()
        return self

    @property
    def is_pure(self) -> bool:
        """Whether every player puts probability one on a single action."""
        return all(np.count_nonzero(s) == 1 for s in self.strategies if s.ndim == 1) and all(
            np.all(np.count_nonzero(s, axis=-1) == 1) for s in self.strategies if s.ndim > 1
        )

    @property
    def support(self) -> tuple[tuple[int, ...], ...]:
        """The actions each player plays with positive probability."""
        return tuple(tuple(int(k) for k in np.flatnonzero(s)) for s in self.strategies)

    @property
    def exact(self) -> bool:
        """Whether exact rational strategies are attached."""
        return self.exact_strategies is not None

    def probability(self, player: int, action: int | str) -> float:
        """Probability that ``player`` plays ``action`` (an index or a label)."""
        if isinstance(action, str):
            action = self.actions[player].index(action)
        return float(self.strategies[player][action])

    def describe(self) -> str:
        """A one-line human-readable description.

        Examples
        --------
        >>> from secdilemma import bimatrix, solve_nash
        >>> res = solve_nash(bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
        ...                           actions=[["C", "D"], ["C", "D"]]))
        >>> print(res.equilibria[0].describe())
        pure: player 0 plays D; player 1 plays D; payoffs (1, 1)
        """
        return describe_equilibrium(self)

    def __reduce__(self):
        # read-only mappings cannot be pickled: rebuild from plain dicts
        state = {f.name: _thaw(getattr(self, f.name)) for f in fields(self)}
        return (_rebuild, (type(self), state))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Equilibrium):
            return NotImplemented
        return (
            self.kind == other.kind
            and len(self.strategies) == len(other.strategies)
            and all(np.array_equal(a, b) for a, b in zip(self.strategies, other.strategies))
            and self.exact_strategies == other.exact_strategies
        )

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, eq=False)
class SolveResult(Provenance):
    """Everything a solver computed for one game.

    Attributes
    ----------
    game : object
        The game that was solved.
    method : str
        The algorithm actually used (never ``"auto"``).
    equilibria : tuple of Equilibrium
        The equilibria found, in a deterministic order.
    parameters : mapping
        The options actually used (read-only).
    complete : bool
        True when the method is known to return every equilibrium of this game (every
        extreme equilibrium of a degenerate game counts as incomplete: continua exist).
    degenerate : bool or None
        Whether the game was found to be degenerate (None when not checked).
    tol : float
        The regret tolerance used to accept an equilibrium.
    exact : bool
        Whether the equilibria were computed and verified in exact rational arithmetic.
    diagnostics : mapping
        Method-specific counts (candidates tried, candidates rejected and why, ...).
    warnings : tuple of str
        Messages of warnings issued while solving (kept here so they survive a
        silenced warning).
    """

    game: Any
    method: str
    equilibria: tuple[Equilibrium, ...]
    parameters: Mapping[str, Any] = field(default_factory=dict)
    complete: bool = True
    degenerate: bool | None = None
    tol: float = 0.0
    exact: bool = False
    diagnostics: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "equilibria", tuple(self.equilibria))
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))
        object.__setattr__(self, "diagnostics", MappingProxyType(dict(self.diagnostics)))
        object.__setattr__(self, "warnings", tuple(self.warnings))

    @classmethod
    def _verified(cls, game: Any, method: str, equilibria: tuple, parameters: Mapping,
                  complete: bool, degenerate: bool | None, tol: float, exact: bool,
                  diagnostics: Mapping) -> "SolveResult":
        """Build from values a solver made itself (read-only mappings that nothing else
        mutates, a tuple of equilibria, no warnings), without the defensive copies of
        ``__init__`` (the one-game fast path)."""
        self = object.__new__(cls)
        d = self.__dict__  # filled in place, as in Equilibrium._verified
        d["game"] = game
        d["method"] = method
        d["equilibria"] = equilibria
        d["parameters"] = parameters
        d["complete"] = complete
        d["degenerate"] = degenerate
        d["tol"] = tol
        d["exact"] = exact
        d["diagnostics"] = diagnostics
        d["warnings"] = ()
        return self

    def __reduce__(self):
        state = {f.name: _thaw(getattr(self, f.name)) for f in fields(self)}
        return (_rebuild, (type(self), state))

    def _repr_html_(self) -> str:
        return result_repr_html(self)

    def _repr_latex_(self) -> str:
        return result_repr_latex(self)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> Equilibrium:
        return self.equilibria[k]

    @property
    def pure(self) -> tuple[Equilibrium, ...]:
        """The pure equilibria."""
        return tuple(e for e in self.equilibria if e.is_pure)

    @property
    def max_regret(self) -> float:
        """The largest regret over all equilibria (0.0 when there are none)."""
        return max((e.max_regret for e in self.equilibria), default=0.0)

    def describe(self) -> str:
        """A short multi-line report (see :func:`secdilemma.display.describe_result`)."""
        return describe_result(self)

    def __repr__(self) -> str:
        return (
            f"SolveResult(method={self.method!r}, equilibria={len(self.equilibria)}, "
            f"complete={self.complete}, degenerate={self.degenerate}, exact={self.exact})"
        )

    def to_frame(self):
        """The equilibria as a :class:`pandas.DataFrame`, one row per equilibrium and one
        column per (player, action) probability and per player payoff (see
        :func:`secdilemma.display.result_to_frame`)."""
        return result_to_frame(self)

    def to_latex(self, *, digits: int = 4) -> str:
        """The equilibria as a booktabs LaTeX table (exact fractions where available; see
        :func:`secdilemma.display.result_to_latex`)."""
        return result_to_latex(self, digits=digits)
