"""Solver results as JSON: :class:`~secdilemma.SolveResult` to a plain dict and back.

Layout of the dict (``"format": "secdilemma.SolveResult"``, ``"version": 1``)::

    method, parameters, complete, degenerate, tol, exact, diagnostics, warnings,
    game        {"type": "NormalFormGame", "players", "actions", "payoffs"} |
                {"type": "ExtensiveGame", "efg": <Gambit .efg text>} |
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
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from ..errors import InvalidParameterError
from ..games.extensive import ExtensiveGame
from ..games.normal_form import NormalFormGame
from ..results import Equilibrium, SolveResult
from .gamefile import game_from_mapping, game_to_mapping
from .gambit import parse_efg, write_efg

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


def _check(cond: bool, rule: str, got: Any) -> None:
    if not cond:
        raise InvalidParameterError(f"result_from_dict(): {rule}; got {got!r}")


def _tupled(values: Any) -> Any:
    if isinstance(values, list):
        return tuple(_tupled(v) for v in values)
    return values


def _equilibrium_from_dict(k: int, data: Mapping[str, Any]) -> Equilibrium:
    _check(isinstance(data, Mapping) and {"kind", "strategies", "payoffs"} <= set(data),
           f"equilibria[{k}] must be a mapping with kind, strategies and payoffs",
           data)
    exact = bool(data.get("exact", False))
    try:
        if exact:
            exact_strategies = _tupled(_nested(data["strategies"], Fraction))
            strategies = tuple(np.array(_nested(s, float), dtype=float)
                               for s in exact_strategies)
        else:
            exact_strategies = None
            strategies = tuple(np.array(s, dtype=float) for s in data["strategies"])
        pays = data["payoffs"]
        exact_payoffs = (tuple(Fraction(u) for u in pays)
                         if pays and all(isinstance(u, str) for u in pays) else None)
        payoffs = np.array([float(Fraction(u)) if isinstance(u, str) else float(u)
                            for u in pays], dtype=float)
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        raise InvalidParameterError(f"result_from_dict(): equilibria[{k}] must hold "
                                    f"numbers or 'p/q' strings; got {exc}") from exc
    return Equilibrium(
        strategies=strategies, payoffs=payoffs,
        max_regret=float(data.get("max_regret", 0.0)), kind=str(data["kind"]),
        exact_strategies=exact_strategies, exact_payoffs=exact_payoffs,
        beliefs=data.get("beliefs"),
        actions=tuple(tuple(a) for a in data.get("actions", ())),
        players=tuple(data.get("players", ())),
        types=tuple(tuple(t) for t in data.get("types", ())))


def result_from_dict(data: Mapping[str, Any]) -> SolveResult:
    """Rebuild a :class:`~secdilemma.SolveResult` from :func:`result_to_dict`'s output.

    The game is rebuilt when it is a NormalFormGame or an ExtensiveGame (None
    otherwise); exact strategies and payoffs come back as Fractions. Subclass-specific
    fields (``"extra"``) are not read back: the result is a plain SolveResult of plain
    Equilibrium objects.

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
    InvalidParameterError
        If the mapping is not a result dict of a known version.

    References
    ----------
    .. [1] ECMA-404, *The JSON Data Interchange Syntax* (2nd ed., 2017).

    Examples
    --------
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]]), exact=True)
    >>> back = result_from_dict(result_to_dict(res))
    >>> back.equilibria == res.equilibria, back.game == res.game
    (True, True)
    >>> back.equilibria[2].exact_strategies
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    """
    _check(isinstance(data, Mapping), "data must be a mapping", data)
    _check(data.get("format") == FORMAT, f"data['format'] must be {FORMAT!r}",
           data.get("format"))
    _check(data.get("version") == VERSION, f"data['version'] must be {VERSION}",
           data.get("version"))
    _check(isinstance(data.get("method"), str), "data['method'] must be a string",
           data.get("method"))
    equilibria = data.get("equilibria", [])
    _check(isinstance(equilibria, list), "data['equilibria'] must be a list", equilibria)
    game = None
    spec = data.get("game")
    if isinstance(spec, Mapping):
        if spec.get("type") == "NormalFormGame":
            game = game_from_mapping({k: v for k, v in spec.items() if k != "type"},
                                     source="result_from_dict() game")
        elif spec.get("type") == "ExtensiveGame":
            game = parse_efg(spec["efg"], source="result_from_dict() game")
    return SolveResult(
        game=game, method=data["method"],
        equilibria=tuple(_equilibrium_from_dict(k, e) for k, e in enumerate(equilibria)),
        parameters=dict(data.get("parameters") or {}),
        complete=bool(data.get("complete", True)), degenerate=data.get("degenerate"),
        tol=float(data.get("tol", 0.0)), exact=bool(data.get("exact", False)),
        diagnostics=dict(data.get("diagnostics") or {}),
        warnings=tuple(data.get("warnings") or ()))


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
    InvalidParameterError
        If the text is not valid JSON (the message gives line and column) or not a
        result.

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
    secdilemma.errors.InvalidParameterError: result_from_json(): text must be valid JSON; got Expecting value at line 1, column 12
    """
    return _loads("result_from_json", text, "text")


def _loads(func: str, text: str, name: str) -> SolveResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidParameterError(f"{func}(): {name} must be valid JSON; got {exc.msg} "
                                    f"at line {exc.lineno}, column {exc.colno}") from exc
    return result_from_dict(data)


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
    InvalidParameterError
        If the file cannot be read, is not valid JSON or not a result.

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
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, TypeError) as exc:
        raise InvalidParameterError(f"read_result_json(): path must be a readable file; "
                                    f"got {path!r}") from exc
    return _loads("read_result_json", text, repr(str(path)))
