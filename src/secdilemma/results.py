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

__all__ = ["Equilibrium", "SolveResult"]


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


def _describe_mix(s, labels) -> str:
    labels = labels or tuple(f"a{k}" for k in range(len(s)))
    positive = [(labels[k], p) for k, p in enumerate(s) if p != 0]
    if len(positive) == 1:
        return f"plays {positive[0][0]}"
    mix = ", ".join(f"{lab}: {_fmt_prob(p)}" for lab, p in positive)
    return f"mixes ({mix})"


def _fmt_prob(p: Any) -> str:
    if isinstance(p, Fraction):
        return str(p)
    return f"{float(p):.6g}"


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
        parts = []
        strategies = self.exact_strategies or self.strategies
        for i, s in enumerate(strategies):
            name = self.players[i] if self.players else f"player {i}"
            if np.ndim(np.asarray(s, dtype=object)) == 2:  # one row per type
                types = self.types[i] if self.types else tuple(f"t{k}" for k in range(len(s)))
                rows = [_describe_mix(row, self.actions[i] if self.actions else None)
                        for row in s]
                parts.append(f"{name}: " + ", ".join(
                    f"type {t} {r}" for t, r in zip(types, rows)))
            else:
                parts.append(f"{name} " + _describe_mix(s, self.actions[i] if self.actions
                                                        else None))
        pays = self.exact_payoffs if self.exact_payoffs is not None else self.payoffs
        pay = ", ".join(_fmt_prob(p) for p in pays)
        return f"{self.kind}: " + "; ".join(parts) + f"; payoffs ({pay})"

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
class SolveResult:
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

    def __reduce__(self):
        state = {f.name: _thaw(getattr(self, f.name)) for f in fields(self)}
        return (_rebuild, (type(self), state))

    def _repr_html_(self) -> str:
        from ._repr import result_repr_html

        return result_repr_html(self)

    def _repr_latex_(self) -> str:
        from ._repr import result_repr_latex

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
        """A short multi-line report."""
        head = (
            f"{len(self.equilibria)} equilibria by {self.method}"
            f" ({'exact' if self.exact else f'tol={self.tol:g}'}"
            f"{', complete' if self.complete else ', may be incomplete'}"
            f"{', degenerate game' if self.degenerate else ''})"
        )
        return "\n".join([head] + [f"  {k}. {e.describe()}" for k, e in enumerate(self.equilibria)])

    def __repr__(self) -> str:
        return (
            f"SolveResult(method={self.method!r}, equilibria={len(self.equilibria)}, "
            f"complete={self.complete}, degenerate={self.degenerate}, exact={self.exact})"
        )

    def to_frame(self):
        """The equilibria as a :class:`pandas.DataFrame`, one row per equilibrium and one
        column per (player, action) probability and per player payoff."""
        import pandas as pd

        rows = []
        for e in self.equilibria:
            row: dict[str, Any] = {"kind": e.kind}
            for i, s in enumerate(e.strategies):
                player = e.players[i] if e.players else f"player {i}"
                labels = e.actions[i] if e.actions else [f"a{k}" for k in range(s.shape[-1])]
                if s.ndim == 2:  # one row per type
                    types = e.types[i] if e.types else [f"t{k}" for k in range(s.shape[0])]
                    for t, srow in zip(types, s):
                        for lab, p in zip(labels, srow):
                            row[f"{player} [{t}]: {lab}"] = float(p)
                else:
                    for lab, p in zip(labels, s):
                        row[f"{player}: {lab}"] = float(p)
            for i, u in enumerate(e.payoffs):
                player = e.players[i] if e.players else f"player {i}"
                row[f"payoff {player}"] = float(u)
            row["max_regret"] = e.max_regret
            rows.append(row)
        return pd.DataFrame(rows)

    def to_latex(self, *, digits: int = 4) -> str:
        """The equilibria as a booktabs LaTeX table (exact fractions where available)."""
        if not self.equilibria:
            return "% no equilibria\n"
        first = self.equilibria[0]
        cols = []
        for i, s in enumerate(first.strategies):
            labels = first.actions[i] if first.actions else [f"a{k}" for k in range(len(s))]
            cols += [f"$\\sigma_{{{i + 1}}}(\\mathrm{{{lab}}})$" for lab in labels]
        cols += [f"$u_{{{i + 1}}}$" for i in range(len(first.payoffs))]
        lines = [
            "\\begin{tabular}{l" + "r" * len(cols) + "}",
            "\\toprule",
            "Kind & " + " & ".join(cols) + " \\\\",
            "\\midrule",
        ]
        for e in self.equilibria:
            strategies = e.exact_strategies or e.strategies
            cells = []
            for s in strategies:
                cells += [_latex_number(p, digits) for p in s]
            pays = e.exact_payoffs if e.exact_payoffs is not None else e.payoffs
            cells += [_latex_number(u, digits) for u in pays]
            lines.append(f"{e.kind} & " + " & ".join(cells) + " \\\\")
        lines += ["\\bottomrule", "\\end{tabular}"]
        return "\n".join(lines) + "\n"


def _latex_number(value: Any, digits: int) -> str:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        sign = "-" if value < 0 else ""
        return f"${sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}$"
    return f"{float(value):.{digits}g}"
