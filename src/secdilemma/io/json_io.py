"""Solver results as JSON: :class:`~secdilemma.SolveResult` to a plain dict and back.

Layout of the dict (``"format": "secdilemma.SolveResult"``, ``"version": 1``)::

    method, parameters, complete, degenerate, tol, exact, diagnostics, warnings,
    game        {"type": "NormalFormGame", "players", "actions", "payoffs"} |
                {"type": "ExtensiveGame", "efg": <Gambit .efg text>} |
                {"type": "BayesianGame", "players", "types", "actions", "payoffs",
                 "prior" | "marginals"} |
                {"type": <class name>, "repr": <repr>} (not read back) | null
    equilibria  [{kind, exact, strategies, payoffs, max_regret, players, actions,
                  types, beliefs, extra}, ...]

Exact rationals are written as strings ``"p/q"`` (``"1"``, ``"0"``, ``"1/3"``) so that
no precision is lost; floats as JSON numbers (Python writes the shortest decimal that
reads back as the same float). ``strategies`` holds one list per player (a list of
rows, one per type, for Bayesian games) — exact strings when the equilibrium carries
exact strategies, floats otherwise. Fields that a subclass of
:class:`~secdilemma.Equilibrium` adds (e.g. refinement verdicts of signalling
equilibria) are written under ``"extra"`` for the record but not read back:
:func:`result_from_dict` rebuilds a plain :class:`SolveResult` of plain
:class:`Equilibrium` objects.

References
----------
.. [1] ECMA-404, *The JSON Data Interchange Syntax* (2nd ed., 2017).
.. [2] The Gambit Project. "The extensive game (.efg) file format" (used for trees
   embedded in a result). https://gambitproject.readthedocs.io/en/stable/formats.html
"""

from __future__ import annotations

import dataclasses
import json
import math
import numbers
import os
import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import (InvalidFileError, InvalidGameError, InvalidParameterError,
                      SecDilemmaError, UnverifiedResultWarning)
from ..games.bayesian import BayesianGame
from ..games.extensive import ExtensiveGame
from ..games.normal_form import NormalFormGame
from ..results import Equilibrium, SolveResult
from .gamefile import _convert, game_from_mapping, game_to_mapping, nested_numbers
from .gambit import parse_efg, write_efg
from ._untrusted import FLOAT_MAX, nesting_problem, number_problem, parse_number, read_file

__all__ = ["result_to_dict", "result_from_dict", "result_to_json", "result_from_json",
           "read_result_json"]

FORMAT = "secdilemma.SolveResult"
VERSION = 1

_BASE_FIELDS = {f.name for f in dataclasses.fields(Equilibrium)}


def _exact_str(value: Any) -> str:
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else (
        f"{value.numerator}/{value.denominator}")


def _jsonable(value: Any) -> Any:
    """A JSON-ready copy: Fractions as "p/q", numpy scalars/arrays as numbers/lists,
    mappings as dicts with string keys, dataclasses as dicts, anything else as str."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Fraction):
        return _exact_str(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        f = float(value)
        return f if math.isfinite(f) else repr(f)
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()] if value.ndim else _jsonable(
            value.item())
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return str(value)


def _nested(values: Any, convert) -> Any:
    if isinstance(values, np.ndarray):
        values = values.tolist()
    if isinstance(values, (list, tuple)):
        return [_nested(v, convert) for v in values]
    return convert(values)


def _game_to_dict(game: Any) -> dict | None:
    if game is None:
        return None
    if isinstance(game, NormalFormGame):
        return {"type": "NormalFormGame", **game_to_mapping(game)}
    if isinstance(game, ExtensiveGame):
        return {"type": "ExtensiveGame", "efg": write_efg(game)}
    if isinstance(game, BayesianGame):
        exact = game.is_exact  # payoffs and prior: "p/q" strings if exact, else floats
        out = {"type": "BayesianGame", "players": list(game.players),
               "types": [list(t) for t in game.types],
               "actions": [list(a) for a in game.actions],
               "payoffs": [nested_numbers(p, exact) for p in game.exact_payoffs]}
        if game.independent:
            out["marginals"] = [nested_numbers(game.marginal(i, exact=True), exact)
                                for i in range(game.num_players)]
        else:
            out["prior"] = nested_numbers(game.exact_prior, exact)
        return out
    return {"type": type(game).__name__, "repr": repr(game)}


def _equilibrium_to_dict(eq: Equilibrium) -> dict:
    exact = eq.exact_strategies is not None
    if exact:
        strategies = _nested(eq.exact_strategies, _exact_str)
    else:
        strategies = _nested(eq.strategies, float)
    if eq.exact_payoffs is not None:
        payoffs = [_exact_str(u) for u in eq.exact_payoffs]
    else:
        payoffs = [float(u) for u in eq.payoffs]
    extra = {}
    if dataclasses.is_dataclass(eq):
        for f in dataclasses.fields(eq):
            if f.name not in _BASE_FIELDS:
                extra[f.name] = _jsonable(getattr(eq, f.name))
    return {
        "kind": eq.kind,
        "exact": exact,
        "strategies": strategies,
        "payoffs": payoffs,
        "max_regret": float(eq.max_regret),
        "players": list(eq.players),
        "actions": [list(a) for a in eq.actions],
        "types": [list(t) for t in eq.types],
        "beliefs": _jsonable(eq.beliefs),
        "extra": extra,
    }


def result_to_dict(result: SolveResult) -> dict:
    """A JSON-ready dict describing a solver result (see the module docstring).

    Parameters
    ----------
    result : SolveResult
        Any result of :func:`~secdilemma.solve_nash` and the other solvers returning a
        :class:`SolveResult` (subclasses included).

    Returns
    -------
    dict
        Only str, int, float, bool, None, lists and dicts: ``json.dumps`` accepts it.

    Raises
    ------
    InvalidParameterError
        If ``result`` is not a SolveResult.

    References
    ----------
    .. [1] ECMA-404, *The JSON Data Interchange Syntax* (2nd ed., 2017).

    Examples
    --------
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]]), exact=True)
    >>> data = result_to_dict(res)
    >>> data["method"], data["complete"], len(data["equilibria"])
    ('vertex_enumeration', True, 3)
    >>> data["equilibria"][2]["strategies"], data["equilibria"][2]["payoffs"]
    ([['1/2', '1/2'], ['1/2', '1/2']], ['5/2', '5/2'])
    """
    if not isinstance(result, SolveResult):
        raise InvalidParameterError(f"result_to_dict(): result must be a SolveResult; "
                                    f"got {result!r}")
    return {
        "format": FORMAT,
        "version": VERSION,
        "result_type": type(result).__name__,
        "method": result.method,
        "parameters": _jsonable(result.parameters),
        "complete": bool(result.complete),
        "degenerate": None if result.degenerate is None else bool(result.degenerate),
        "tol": float(result.tol),
        "exact": bool(result.exact),
        "diagnostics": _jsonable(result.diagnostics),
        "warnings": [str(w) for w in result.warnings],
        "game": _game_to_dict(result.game),
        "equilibria": [_equilibrium_to_dict(e) for e in result.equilibria],
    }


#: Float probability vectors read back: entries in [-PROB_TOL, 1 + PROB_TOL] and a sum
#: within PROB_TOL * (number of entries) of 1. Exact vectors must be exact.
PROB_TOL = 1e-9
#: A float equilibrium read back is refused when its recomputed regret (or payoff)
#: exceeds the value stated in the file by more than REGRET_RTOL times the game's payoff
#: range (plus the rounding of payoffs of that magnitude).
REGRET_RTOL = 1e-6
#: Largest number of pure-strategy profiles of a tree's normal form for which the regret
#: of an extensive-game equilibrium is recomputed on reading.
MAX_CHECKED_PROFILES = 100_000

#: Largest estimated cost (payoff entries touched, an exact operation counting as 20)
#: of re-checking a result on reading; beyond it the result is flagged unverified
#: rather than read for minutes.
MAX_CHECK_WORK = 2e8

_FLOAT_EPS = float(np.finfo(float).eps)


def _check_work(game: Any, eqs: Sequence[Equilibrium]) -> float:
    """An estimate of the cost of re-checking ``eqs`` against ``game``."""
    if isinstance(game, NormalFormGame):
        size = game.num_players * math.prod(game.num_actions)
    elif isinstance(game, BayesianGame):
        size = game.num_players * math.prod(game.num_types) * math.prod(game.num_actions) * (
            max(game.num_types))
    elif isinstance(game, ExtensiveGame):
        size = len(game.nodes) * 4 + game.num_players * min(MAX_CHECKED_PROFILES, math.prod(
            len(i.actions) for i in game.infosets()))
    else:
        return 0.0
    return float(sum(size * (20 if eq.exact_strategies is not None else 1) for eq in eqs))


class _Reader:
    """Checks of one result dict; every failure is an InvalidFileError naming the
    function, the source (when a file) and the key."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.normal_form: NormalFormGame | None = None  # of the stored tree, when needed

    def fail(self, where: str, rule: str, got: Any) -> InvalidFileError:
        if isinstance(got, str):
            shown = repr(got if len(got) <= 60 else got[:40] + "..." + got[-10:])
        elif isinstance(got, (Mapping, list)):
            shown = f"a {type(got).__name__} of {len(got)} entries"
        else:
            shown = repr(got)
        return InvalidFileError(f"{self.prefix}: {where} {rule}; got {shown}")

    def check(self, cond: bool, where: str, rule: str, got: Any) -> None:
        if not cond:
            raise self.fail(where, rule, got)

    def real(self, value: Any, where: str) -> float:
        self.check(isinstance(value, (int, float)) and not isinstance(value, bool), where,
                   "must be a number", value)
        value_f = _finite_float(value)
        self.check(value_f is not None, where, "must be a finite number within the range "
                                               "of a double", value)
        return value_f  # type: ignore[return-value]

    def exact(self, value: Any, where: str) -> Fraction:
        self.check(isinstance(value, str), where, "must be an exact number written as a "
                                                  "string 'p/q'", value)
        problem = number_problem(value.strip())
        if problem is not None:
            raise self.fail(where, problem, value)
        return parse_number(value.strip())  # type: ignore[return-value]

    def strings(self, value: Any, where: str, depth: int) -> tuple:
        """A list of strings (depth 1) or a list of lists of strings (depth 2)."""
        self.check(isinstance(value, list), where, "must be a list", value)
        if depth == 1:
            for k, v in enumerate(value):
                self.check(isinstance(v, str), f"{where}[{k}]", "must be a string", v)
            return tuple(value)
        return tuple(self.strings(v, f"{where}[{k}]", 1) for k, v in enumerate(value))

    def mapping(self, value: Any, where: str) -> dict:
        self.check(value is None or isinstance(value, Mapping), where,
                   "must be an object (mapping) or null", value)
        return dict(value or {})


def _finite_float(value: Any) -> float | None:
    try:
        f = float(value)
    except OverflowError:
        return None
    return f if math.isfinite(f) else None


def _tupled(values: Any) -> Any:
    if isinstance(values, list):
        return tuple(_tupled(v) for v in values)
    return values


def _probability_rows(r: _Reader, raw: Any, where: str, exact: bool
                      ) -> tuple[list[list[Any]], bool]:
    """The rows (probability vectors) of one player's strategy: one row for a plain
    mixed strategy, one per type / information set / message for 2-D strategies.
    Returns (rows, two_dimensional)."""
    r.check(isinstance(raw, list), where, "must be a list (a probability vector, or a "
                                          "list of them)", raw)
    # [] is a player without rows (a tree player who never moves)
    two_d = not raw or all(isinstance(v, list) for v in raw)
    rows = raw if two_d else [raw]
    out = []
    for j, row in enumerate(rows):
        at = f"{where}[{j}]" if two_d else where
        r.check(isinstance(row, list), at, "must be a list of probabilities", row)
        if two_d and out:
            r.check(len(row) == len(out[0]), at, f"must have as many entries as the "
                                                 f"first row ({len(out[0])})", row)
        values = [r.exact(v, f"{at}[{k}]") if exact else r.real(v, f"{at}[{k}]")
                  for k, v in enumerate(row)]
        if exact:
            bad = next((v for v in values if not 0 <= v <= 1), None)
            r.check(bad is None, at, "must hold probabilities in [0, 1]", str(bad))
            r.check(sum(values) == 1, at, "must sum to 1 (exactly: the strategies are "
                                          "exact)", str(sum(values)))
        else:
            bad = next((v for v in values if not -PROB_TOL <= v <= 1 + PROB_TOL), None)
            r.check(bad is None, at, "must hold probabilities in [0, 1]", bad)
            total = math.fsum(values)
            r.check(abs(total - 1) <= PROB_TOL * max(1, len(values)), at,
                    f"must sum to 1 (within {PROB_TOL:g} per entry)", total)
        out.append(values)
    return out, two_d


def _equilibrium_from_dict(r: _Reader, k: int, data: Any) -> Equilibrium:
    where = f"equilibria[{k}]"
    r.check(isinstance(data, Mapping) and {"kind", "strategies", "payoffs"} <= set(data),
            where, "must be a mapping with kind, strategies and payoffs", data)
    exact = data.get("exact", False)
    r.check(isinstance(exact, bool), f"{where}['exact']", "must be true or false", exact)
    r.check(isinstance(data["kind"], str), f"{where}['kind']", "must be a string",
            data["kind"])
    raw = data["strategies"]
    r.check(isinstance(raw, list) and raw, f"{where}['strategies']",
            "must be a non-empty list (one strategy per player)", raw)
    exact_strategies = []
    strategies = []
    for i, player in enumerate(raw):
        rows, two_d = _probability_rows(r, player, f"{where}['strategies'][{i}]", exact)
        if exact:
            exact_strategies.append(tuple(tuple(row) for row in rows) if two_d
                                    else tuple(rows[0]))
            floats = [[float(v) for v in row] for row in rows]
        else:
            floats = rows
        strategies.append(np.array(floats if two_d else floats[0], dtype=float))
    if data["kind"] == "pure":
        mixed = next((i for i, s in enumerate(strategies)
                      if np.any(np.count_nonzero(np.atleast_2d(s), axis=-1) != 1)), None)
        r.check(mixed is None, f"{where}['strategies'][{mixed}]",
                "must put probability 1 on one action (the equilibrium's kind is 'pure')",
                raw[mixed] if mixed is not None else None)
    pays = data["payoffs"]
    r.check(isinstance(pays, list) and len(pays) == len(raw), f"{where}['payoffs']",
            f"must be a list of {len(raw)} payoffs (one per player)", pays)
    exact_pays = bool(pays) and all(isinstance(u, str) for u in pays)
    if exact_pays:
        exact_payoffs = tuple(r.exact(u, f"{where}['payoffs'][{i}]")
                              for i, u in enumerate(pays))
        payoffs = [float(u) for u in exact_payoffs]
    else:
        exact_payoffs = None
        payoffs = [r.real(u, f"{where}['payoffs'][{i}]") for i, u in enumerate(pays)]
    regret = r.real(data.get("max_regret", 0.0), f"{where}['max_regret']")
    r.check(regret >= 0, f"{where}['max_regret']", "must be >= 0", regret)
    beliefs = data.get("beliefs")
    r.check(beliefs is None or isinstance(beliefs, Mapping), f"{where}['beliefs']",
            "must be an object (mapping) or null", beliefs)
    return Equilibrium(
        strategies=tuple(strategies), payoffs=np.array(payoffs, dtype=float),
        max_regret=regret, kind=data["kind"],
        exact_strategies=tuple(exact_strategies) if exact else None,
        exact_payoffs=exact_payoffs, beliefs=beliefs,
        actions=r.strings(data.get("actions", []), f"{where}['actions']", 2),
        players=r.strings(data.get("players", []), f"{where}['players']", 1),
        types=r.strings(data.get("types", []), f"{where}['types']", 2))


def _game_from_dict(r: _Reader, spec: Any) -> Any:
    if spec is None:
        return None
    r.check(isinstance(spec, Mapping), "data['game']", "must be an object or null", spec)
    kind = spec.get("type")
    try:
        if kind == "NormalFormGame":
            return game_from_mapping({k: v for k, v in spec.items() if k != "type"},
                                     source="data['game']")
        if kind == "ExtensiveGame":
            r.check(isinstance(spec.get("efg"), str), "data['game']['efg']",
                    "must be the text of a Gambit .efg file", spec.get("efg"))
            return parse_efg(spec["efg"], source="data['game']['efg']")
        if kind == "BayesianGame":
            return _bayesian_from_dict(r, spec)
    except InvalidGameError as exc:
        raise InvalidFileError(f"{r.prefix}: data['game'] must describe a valid game: "
                               f"{exc}") from None
    return None


def _bayesian_from_dict(r: _Reader, spec: Mapping[str, Any]) -> BayesianGame:
    where = "data['game']"
    known = {"type", "players", "types", "actions", "payoffs", "prior", "marginals"}
    extra = sorted(str(k) for k in set(spec) - known)
    r.check(not extra, where, f"must only hold the keys {sorted(known)}", extra)
    r.check(isinstance(spec.get("payoffs"), list), f"{where}['payoffs']",
            "must be a list of nested lists (one per player)", spec.get("payoffs"))
    payoffs = _convert(spec["payoffs"], f"{where}['payoffs']")
    kwargs: dict[str, Any] = {}
    for key, depth in (("players", 1), ("types", 2), ("actions", 2)):
        if key in spec:
            kwargs[key] = r.strings(spec[key], f"{where}[{key!r}]", depth)
    r.check(("prior" in spec) != ("marginals" in spec), where,
            "must hold exactly one of 'prior' and 'marginals'", sorted(spec))
    for key in ("prior", "marginals"):
        if key in spec:
            kwargs[key] = _convert(spec[key], f"{where}[{key!r}]")
    return BayesianGame(payoffs, **kwargs)


def _verify_bayesian(r: _Reader, k: int, eq: Equilibrium, game: BayesianGame) -> None:
    where = f"equilibria[{k}]"
    shapes = [[kt, m] for kt, m in zip(game.num_types, game.num_actions)]
    r.check(len(eq.strategies) == game.num_players and all(
        list(s.shape) == shape for s, shape in zip(eq.strategies, shapes)),
        f"{where}['strategies']", f"must hold one row per type and one column per action "
                                  f"for each player (shapes {shapes}, the game's)",
        [list(s.shape) for s in eq.strategies])

    def compute(exact: bool):
        if not exact:
            return game.max_regret(eq.strategies), game.behaviour_payoffs(eq.strategies)
        rows = eq.exact_strategies if eq.exact_strategies is not None else eq.strategies
        profile = [np.array([[Fraction(v) for v in row] for row in s], dtype=object)
                   for s in rows]
        regret = max(max(x) for x in game.interim_regrets(profile, exact=True))
        return regret, game.behaviour_payoffs(profile, exact=True)

    values = [v for arr in game.exact_payoffs for v in arr.ravel()]
    terms = max(game.num_actions) * max(game.num_types) * game.num_players
    _verify_claims(r, where, eq, compute, _slack(values, terms))


def _slack(values: Any, terms: int) -> Fraction:
    """The tolerance for a float recomputation: REGRET_RTOL times the payoff range,
    plus the rounding of ``terms`` products of payoffs of this magnitude."""
    flat = list(values)
    if not flat:
        return Fraction(0)
    rng = max(flat) - min(flat)
    big = max(abs(v) for v in flat)
    return Fraction(REGRET_RTOL) * rng + 4 * Fraction(_FLOAT_EPS) * big * max(terms, 1)


def _fmt(value: Any) -> str:
    value = Fraction(value)
    if abs(value) > FLOAT_MAX:
        return f"about 10^{len(str(abs(value.numerator) // value.denominator)) - 1}"
    return f"{float(value):.6g}"


def _verify_normal_form(r: _Reader, k: int, eq: Equilibrium, game: NormalFormGame) -> None:
    where = f"equilibria[{k}]"
    shape = game.num_actions
    r.check(len(eq.strategies) == game.num_players and all(
        s.ndim == 1 and len(s) == m for s, m in zip(eq.strategies, shape)),
        f"{where}['strategies']", f"must hold one probability vector per player, of "
                                  f"lengths {list(shape)} (the game's)",
        [list(s.shape) for s in eq.strategies])

    def compute(exact: bool):
        if not exact:
            return max(game.regrets(eq.strategies)), game.expected_payoffs(eq.strategies)
        rows = eq.exact_strategies if eq.exact_strategies is not None else eq.strategies
        profile = [tuple(Fraction(v) for v in s) for s in rows]
        return (max(game.regrets(profile, exact=True)),
                game.expected_payoffs(profile, exact=True))

    values = [v for arr in game.exact_payoffs for v in arr.ravel()]
    # products summed in one action value (the others' profiles), then the own dot
    terms = math.prod(shape) // min(shape) + max(shape)
    _verify_claims(r, where, eq, compute, _slack(values, terms))


def _verify_claims(r: _Reader, where: str, eq: Equilibrium, compute, slack: Fraction
                   ) -> None:
    """Recompute the regret and the payoffs of ``eq`` (``compute(exact)`` returns both)
    and refuse a regret above the stated ``max_regret`` or payoffs other than the
    stated ones, beyond ``slack`` for float strategies and exactly for exact ones.
    Float arithmetic that overflows is redone exactly; comparisons are exact."""
    exact = eq.exact_strategies is not None
    regret, pays = compute(exact)
    if not exact and not all(math.isfinite(float(v)) for v in [regret, *pays]):
        regret, pays = compute(True)  # payoffs near the float limit: redo exactly
    regret = Fraction(regret)
    pays = [Fraction(u) for u in pays]
    allowed = Fraction(eq.max_regret) + (0 if exact else slack)
    if regret > allowed:
        raise InvalidFileError(
            f"{r.prefix}: {where} must be an equilibrium of the stored game, with the "
            f"max_regret the file states ({eq.max_regret:.6g}); got strategies whose "
            f"regret, recomputed from the game, is {_fmt(regret)}")
    if eq.exact_payoffs is not None and exact:
        same = all(Fraction(a) == b for a, b in zip(eq.exact_payoffs, pays))
    else:
        stated = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
        same = all(abs(Fraction(a) - b) <= slack + abs(b) / 10**12 + Fraction(1, 10**300)
                   for a, b in zip(stated, pays))
    if not same:
        stated = [str(u) for u in (eq.exact_payoffs or eq.payoffs)]
        shown = [str(u) if exact else _fmt(u) for u in pays]
        raise InvalidFileError(
            f"{r.prefix}: {where}['payoffs'] must be the expected payoffs of its "
            f"strategies in the stored game ({shown}); got {stated}")


def _verify_extensive(r: _Reader, k: int, eq: Equilibrium, game: ExtensiveGame
                      ) -> str | None:
    """Check an equilibrium of a tree; returns why the regret was not recomputed, or
    None when it was."""
    where = f"equilibria[{k}]"
    behaviour = {}
    r.check(len(eq.strategies) == game.num_players, f"{where}['strategies']",
            f"must hold one entry per player ({game.num_players})", len(eq.strategies))
    exact = eq.exact_strategies is not None
    for i in range(game.num_players):
        infos = game.infosets(i)
        if exact:
            rows = eq.exact_strategies[i]
            rows = None if rows and not isinstance(rows[0], tuple) else list(rows)
        else:
            arr = eq.strategies[i]
            rows = list(arr) if arr.ndim == 2 or arr.size == 0 else None
        r.check(rows is not None and len(rows) == len(infos), f"{where}['strategies'][{i}]",
                f"must hold one row per information set of player {i} ({len(infos)})",
                eq.strategies[i].shape)
        for info, row in zip(infos, rows):
            m = len(info.actions)
            r.check(len(row) >= m and all(v == 0 for v in row[m:]),
                    f"{where}['strategies'][{i}]", f"must give information set "
                    f"{info.label!r} a distribution over its {m} actions (then zeros)",
                    [str(v) for v in row])
            behaviour[info.label] = [Fraction(v) if exact else float(v) for v in row[:m]]
    try:
        game.expected_payoffs(behaviour, exact=exact)
    except SecDilemmaError as exc:
        raise InvalidFileError(f"{r.prefix}: {where}['strategies'] must be a behaviour "
                               f"profile of the stored game: {exc}") from None
    count = 1
    for info in game.infosets():
        count *= len(info.actions)
        if count > MAX_CHECKED_PROFILES:
            break
    checked = count <= MAX_CHECKED_PROFILES

    def compute(exact_: bool):
        plan = behaviour if exact_ == exact else {
            label: [Fraction(v) for v in row] for label, row in behaviour.items()}
        pays = game.expected_payoffs(plan, exact=exact_)
        if not checked:
            return 0, pays
        if r.normal_form is None:  # once per result, not per equilibrium
            r.normal_form = game.reduced_normal_form()
        nf = r.normal_form
        mixed = game.mixed_strategy(plan, exact=exact_)
        return max(nf.regrets(mixed, exact=exact_)), pays

    values = [v for node in game.nodes if node.payoffs for v in node.payoffs]
    _verify_claims(r, where, eq, compute, _slack(values, len(game.nodes)))
    if not checked:
        return (f"the regret of equilibrium {k} was not recomputed (the tree's normal "
                f"form has more than {MAX_CHECKED_PROFILES:,} profiles)")
    return None


def result_from_dict(data: Mapping[str, Any]) -> SolveResult:
    """Rebuild a :class:`~secdilemma.SolveResult` from :func:`result_to_dict`'s output,
    checking every claim it makes.

    The game is rebuilt when it is a NormalFormGame or an ExtensiveGame (None
    otherwise); exact strategies and payoffs come back as Fractions. Subclass-specific
    fields (``"extra"``) are not read back: the result is a plain SolveResult of plain
    Equilibrium objects.

    Nothing in the dict is trusted. Every strategy must be made of probability vectors
    (entries in [0, 1] summing to 1: exactly for exact strategies, within
    :data:`PROB_TOL` per entry for floats). When the game is stored, each equilibrium's
    regret and payoffs are recomputed from it (exactly for exact strategies) and the
    result is refused when an equilibrium's regret exceeds the ``max_regret`` the file
    states, or its payoffs differ from the stated ones, by more than :data:`REGRET_RTOL`
    times the payoff range. For a tree this is the Nash regret (deviations in the
    reduced normal form, when it has at most :data:`MAX_CHECKED_PROFILES` profiles);
    refinements (subgame perfection, beliefs) are not re-derived. What could not be
    recomputed (no stored game, e.g. signalling games; a large tree; a re-check whose
    estimated cost exceeds :data:`MAX_CHECK_WORK`) is
    said in the result's ``warnings`` and ``diagnostics["checked_on_read"]``, and
    :class:`~secdilemma.errors.UnverifiedResultWarning` is issued.

    Parameters
    ----------
    data : mapping
        A dict as written by :func:`result_to_dict` (``format`` must be
        ``"secdilemma.SolveResult"``).

    Returns
    -------
    SolveResult

    Raises
    ------
    InvalidFileError
        If the mapping is not a result dict of a known version, a value has the wrong
        type or size, a strategy is not made of probability vectors, or an equilibrium
        fails its re-check against the stored game (a subclass of
        :class:`~secdilemma.InvalidParameterError`).

    References
    ----------
    .. [1] ECMA-404, *The JSON Data Interchange Syntax* (2nd ed., 2017).
    .. [2] Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2),
       286-295 (an equilibrium: no player gains from a unilateral deviation).

    Examples
    --------
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]]), exact=True)
    >>> back = result_from_dict(result_to_dict(res))
    >>> back.equilibria == res.equilibria, back.game == res.game
    (True, True)
    >>> back.equilibria[2].exact_strategies
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))

    A strategy edited by hand no longer passes:

    >>> data = result_to_dict(res)
    >>> data["equilibria"][0]["strategies"][0] = ["0", "1"]
    >>> result_from_dict(data)
    Traceback (most recent call last):
    ...
    secdilemma.errors.InvalidFileError: result_from_dict(): equilibria[0] must be an equilibrium of the stored game, with the max_regret the file states (0); got strategies whose regret, recomputed from the game, is 1
    """
    return _from_dict(data, "result_from_dict()", stacklevel=3)


def _from_dict(data: Any, prefix: str, stacklevel: int) -> SolveResult:
    r = _Reader(prefix)
    r.check(isinstance(data, Mapping), "data", "must be a mapping", data)
    r.check(data.get("format") == FORMAT, "data['format']", f"must be {FORMAT!r}",
            data.get("format"))
    r.check(data.get("version") == VERSION, "data['version']", f"must be {VERSION}",
            data.get("version"))
    r.check(isinstance(data.get("method"), str), "data['method']", "must be a string",
            data.get("method"))
    for key, default in (("complete", True), ("exact", False)):
        r.check(isinstance(data.get(key, default), bool), f"data[{key!r}]",
                "must be true or false", data.get(key))
    degenerate = data.get("degenerate")
    r.check(degenerate is None or isinstance(degenerate, bool), "data['degenerate']",
            "must be true, false or null", degenerate)
    tol = r.real(data.get("tol", 0.0), "data['tol']")
    warnings_ = data.get("warnings") or []
    r.check(isinstance(warnings_, list) and all(isinstance(w, str) for w in warnings_),
            "data['warnings']", "must be a list of strings", warnings_)
    equilibria = data.get("equilibria", [])
    r.check(isinstance(equilibria, list), "data['equilibria']", "must be a list", equilibria)
    game = _game_from_dict(r, data.get("game"))
    eqs = tuple(_equilibrium_from_dict(r, k, e) for k, e in enumerate(equilibria))
    notes = []
    work = _check_work(game, eqs)
    if eqs and work > MAX_CHECK_WORK:
        notes = [f"the equilibria were not re-checked on reading: re-checking "
                 f"{len(eqs)} equilibria of this game would take about {work:.2g} "
                 f"operations (more than {MAX_CHECK_WORK:.0e}); only their probabilities "
                 f"were checked"]
        checked = "probabilities only"
    elif eqs and isinstance(game, NormalFormGame):
        for k, eq in enumerate(eqs):
            _verify_normal_form(r, k, eq, game)
        checked = "probabilities, regret and payoffs recomputed from the stored game"
    elif eqs and isinstance(game, BayesianGame):
        for k, eq in enumerate(eqs):
            _verify_bayesian(r, k, eq, game)
        checked = "probabilities, interim regret and ex-ante payoffs recomputed from the "\
                  "stored game"
    elif eqs and isinstance(game, ExtensiveGame):
        notes = [n for n in (_verify_extensive(r, k, eq, game) for k, eq in enumerate(eqs))
                 if n]
        checked = ("probabilities, payoffs and Nash regret recomputed from the stored "
                   "tree (refinements not re-derived)")
    elif eqs:
        kind = (data.get("game") or {}).get("type") if isinstance(data.get("game"),
                                                                  Mapping) else None
        notes = [f"the equilibria were not re-checked on reading: the file does not store "
                 f"the game ({kind or 'none'}) in a form that can be read back; only their "
                 f"probabilities were checked"]
        checked = "probabilities only"
    else:
        checked = "nothing to check (no equilibria)"
    diagnostics = r.mapping(data.get("diagnostics"), "data['diagnostics']")
    diagnostics["checked_on_read"] = checked
    for note in notes:
        warnings.warn(note, UnverifiedResultWarning, stacklevel=stacklevel)
    return SolveResult(
        game=game, method=data["method"], equilibria=eqs,
        parameters=r.mapping(data.get("parameters"), "data['parameters']"),
        complete=data.get("complete", True), degenerate=degenerate,
        tol=tol, exact=data.get("exact", False), diagnostics=diagnostics,
        warnings=tuple(warnings_) + tuple(notes))


def result_to_json(result: SolveResult, path: str | os.PathLike | None = None, *,
                   indent: int | None = 2) -> str:
    """The result as JSON text (see :func:`result_to_dict`), also written to ``path``
    when given.

    Parameters
    ----------
    result : SolveResult
    path : str or pathlib.Path, optional
        A file to write the text to (UTF-8).
    indent : int or None
        Passed to :func:`json.dumps`.

    Returns
    -------
    str

    References
    ----------
    .. [1] ECMA-404, *The JSON Data Interchange Syntax* (2nd ed., 2017).

    Examples
    --------
    >>> import json
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    >>> json.loads(result_to_json(res))["equilibria"][0]["strategies"]
    [[0.0, 1.0], [0.0, 1.0]]
    """
    text = json.dumps(result_to_dict(result), indent=indent, ensure_ascii=False)
    if path is not None:
        Path(path).write_text(text + "\n", encoding="utf-8")
    return text


def result_from_json(text: str) -> SolveResult:
    """Rebuild a result from JSON text written by :func:`result_to_json`.

    Parameters
    ----------
    text : str

    Returns
    -------
    SolveResult

    Raises
    ------
    InvalidFileError
        If the text is not valid JSON (the message gives line and column), nests deeper
        than 100, is not a result, or fails the checks of :func:`result_from_dict`. A
        subclass of InvalidParameterError.

    References
    ----------
    .. [1] ECMA-404, *The JSON Data Interchange Syntax* (2nd ed., 2017).

    Examples
    --------
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    >>> result_from_json(result_to_json(res)).equilibria == res.equilibria
    True
    >>> result_from_json('{"format": ')
    Traceback (most recent call last):
    ...
    secdilemma.errors.InvalidFileError: result_from_json(): text must be valid JSON; got Expecting value at line 1, column 12
    """
    return _loads("result_from_json", text, "text")


def _loads(func: str, text: str, name: str) -> SolveResult:
    if not isinstance(text, str):
        raise InvalidParameterError(f"{func}(): text must be a str; got "
                                    f"{type(text).__name__}")
    problem = nesting_problem(text)
    if problem is not None:
        raise InvalidFileError(f"{func}(): {name}, line {problem[0]}: {problem[1]}")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InvalidFileError(f"{func}(): {name} must be valid JSON; got {exc.msg} "
                               f"at line {exc.lineno}, column {exc.colno}") from None
    except (ValueError, RecursionError) as exc:  # huge integers, NaN; nesting checked
        raise InvalidFileError(f"{func}(): {name} must be valid JSON with finite numbers "
                               f"of at most 4300 digits; got {exc}") from None
    prefix = f"{func}()" if name == "text" else f"{func}(): {name}"
    return _from_dict(data, prefix, stacklevel=5)


def _refuse_constant(word: str) -> Any:
    raise ValueError(f"{word} (numbers must be finite)")


def read_result_json(path: str | os.PathLike) -> SolveResult:
    """Read a result from a JSON file written by :func:`result_to_json`.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    SolveResult

    Raises
    ------
    InvalidFileError
        If the file cannot be read, is not UTF-8 (message with line and column), is not
        valid JSON, or fails the checks of :func:`result_from_dict`. A subclass of
        InvalidParameterError.

    References
    ----------
    .. [1] ECMA-404, *The JSON Data Interchange Syntax* (2nd ed., 2017).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from secdilemma import bimatrix, solve_nash
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pd.json"
    >>> res = solve_nash(bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    >>> _ = result_to_json(res, path)
    >>> read_result_json(path).method == res.method
    True
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidParameterError(f"read_result_json(): path must be a file path; got "
                                    f"{path!r}")
    text = read_file("read_result_json", path, "must be a readable file")
    return _loads("read_result_json", text, repr(str(path)))
