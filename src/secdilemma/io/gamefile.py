"""Read and write small normal-form games as JSON or TOML files.

File format (JSON or TOML, chosen by the extension ``.json`` / ``.toml``)::

    players = ["state 1", "state 2"]          # optional
    actions = [["C", "D"], ["C", "D"]]        # optional
    A = [[4, 1], [3, 2]]                      # row player  } bimatrix form, or
    B = [[4, 3], [1, 2]]                      # column player }
    # payoffs = [A, B, ...]                   # one nested list per player (n players)

Numbers may be integers, floats or strings holding a fraction or decimal (``"1/3"``,
``"-0.25"``), parsed exactly as rationals (no ``eval``), so a game written with ints and
fractions is solved in exact arithmetic.

Files are not trusted: the text must be UTF-8; lists nest at most
:data:`~secdilemma.io._untrusted.MAX_NESTING` deep; a number string has at most
:data:`~secdilemma.io._untrusted.MAX_NUMBER_CHARS` characters and a decimal exponent of
at most :data:`~secdilemma.io._untrusted.MAX_EXPONENT`; every payoff is finite and within
the range of a double. Anything else is refused with an
:class:`~secdilemma.errors.InvalidFileError` naming the file (and the line, or the key).
"""

from __future__ import annotations

import json
import math
import numbers
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from ..errors import InvalidFileError, InvalidGameError
from ..games.normal_form import NormalFormGame
from ._untrusted import (MAX_NESTING, nesting_problem, number_problem, parse_number,
                       range_problem, read_file, toml_nesting_problem)

__all__ = ["read_game", "game_from_mapping", "write_game_json", "game_to_mapping"]

_KEYS = {"players", "actions", "payoffs", "A", "B", "name", "description"}


def _load_toml(text: str):
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib.loads(text)


def read_game(path: str | Path) -> NormalFormGame:
    """Read a normal-form game from a JSON or TOML file.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.json`` or ``.toml`` file (see the module docstring for the keys).

    Returns
    -------
    NormalFormGame

    Raises
    ------
    InvalidFileError
        If the file is missing, is not UTF-8 text, cannot be parsed (message with the
        line), nests too deep, has an unknown extension, or its keys do not describe a
        valid game; the message names the file and the key. A subclass of
        InvalidGameError.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "stag_hunt.toml"
    >>> _ = path.write_text('A = [[4, 1], [3, 2]]\\nB = [[4, 3], [1, 2]]\\n'
    ...                     'actions = [["C", "D"], ["C", "D"]]\\n')
    >>> game = read_game(path)
    >>> game.num_actions, game.is_exact
    ((2, 2), True)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise InvalidFileError(
            f"read_game(): file must end in .json or .toml; got {str(path)!r}")
    name = repr(str(path))
    text = read_file("read_game", path)
    kind = "JSON" if suffix == ".json" else "TOML"
    data = load_text("read_game", text, name, kind)
    try:
        return game_from_mapping(data, source=str(path))
    except InvalidGameError as exc:
        raise InvalidFileError(str(exc)) from None


def load_text(func: str, text: str, name: str, kind: str) -> Any:
    """Parse JSON or TOML ``text`` after checking its nesting depth (linear time), so
    that neither parser recurses without bound; errors name ``name`` and the line."""
    problem = (nesting_problem if kind == "JSON" else toml_nesting_problem)(text)
    if problem is not None:
        raise InvalidFileError(f"{func}(): {name}, line {problem[0]}: {problem[1]}")
    try:
        if kind == "JSON":
            return json.loads(text, parse_constant=_refuse_constant)
        return _load_toml(text)
    except RecursionError:  # pragma: no cover - the nesting check comes first
        raise InvalidFileError(f"{func}(): {name}: lists and tables must nest at most "
                               f"{MAX_NESTING} deep; got deeper") from None
    except ValueError as exc:  # json.JSONDecodeError and tomllib.TOMLDecodeError
        raise InvalidFileError(f"{func}(): {name} is not valid {kind}: {exc}") from None


def _refuse_constant(word: str) -> Any:
    raise ValueError(f"numbers must be finite; got {word} (not standard JSON)")


def _number(value: Any, where: str) -> Any:
    if isinstance(value, bool):
        raise InvalidGameError(f"{where} must be a number; got {value!r}")
    if isinstance(value, numbers.Integral):
        value = int(value)
        problem = range_problem(Fraction(value))
        if problem:
            raise InvalidGameError(f"{where} {problem}; got an integer of "
                                   f"{len(str(abs(value)))} digits")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidGameError(f"{where} must be finite; got {value!r}")
        return value
    if isinstance(value, str):
        text = value.strip()
        problem = number_problem(text)
        if problem is not None:
            shown = value if len(value) <= 60 else value[:40] + "..." + value[-10:]
            if parse_number(text) is None and problem.startswith("must be a number"):
                problem = "must be a number or a fraction string like \"1/3\""
            raise InvalidGameError(f"{where} {problem}; got {shown!r}")
        frac = parse_number(text)
        return frac.numerator if frac.denominator == 1 else frac
    raise InvalidGameError(f"{where} must be a number; got {value!r}")


def _convert(value: Any, where: str, depth: int = 0) -> Any:
    if isinstance(value, (list, tuple)):
        if depth >= MAX_NESTING:
            raise InvalidGameError(f"{where} must nest at most {MAX_NESTING} lists deep; "
                                   f"got deeper")
        return [_convert(v, f"{where}[{k}]", depth + 1) for k, v in enumerate(value)]
    return _number(value, where)


def game_from_mapping(data: Mapping[str, Any], *, source: str = "<mapping>") -> NormalFormGame:
    """Build a game from the parsed contents of a game file.

    Parameters
    ----------
    data : mapping
        Keys ``payoffs`` (one nested list per player) or ``A`` and ``B``; optional
        ``players``, ``actions``, ``name``, ``description``.
    source : str
        Where the data came from, for error messages.

    Returns
    -------
    NormalFormGame

    Raises
    ------
    InvalidGameError

    Examples
    --------
    >>> game = game_from_mapping({"A": [[0, "1/3"], [1, 0]], "B": [[0, 1], ["1/3", 0]]})
    >>> game.exact_payoffs[0][0, 1]
    Fraction(1, 3)
    """
    prefix = f"read_game(): {source}"
    if not isinstance(data, Mapping):
        raise InvalidGameError(f"{prefix}: the file must hold a table/object of keys; got "
                               f"{type(data).__name__}")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InvalidGameError(f"{prefix}: unknown key(s) {unknown}; expected some of "
                               f"{sorted(_KEYS)}")
    has_ab = "A" in data or "B" in data
    if "payoffs" in data and has_ab:
        raise InvalidGameError(f"{prefix}: give either 'payoffs' or 'A' and 'B', not both")
    if "payoffs" in data:
        raw = data["payoffs"]
        if not isinstance(raw, list) or not raw:
            raise InvalidGameError(f"{prefix}: key 'payoffs' must be a non-empty list with one "
                                   f"nested list per player; got {raw!r}")
        payoffs = [_convert(p, f"{prefix}: key 'payoffs[{i}]'") for i, p in enumerate(raw)]
    elif has_ab:
        for key in ("A", "B"):
            if key not in data:
                raise InvalidGameError(f"{prefix}: key {key!r} is missing (a bimatrix game "
                                       f"needs both 'A' and 'B')")
        payoffs = [_convert(data[k], f"{prefix}: key {k!r}") for k in ("A", "B")]
    else:
        raise InvalidGameError(f"{prefix}: key 'payoffs' (or 'A' and 'B') is missing")
    kwargs = {}
    for key in ("players", "actions"):
        if key in data:
            value = data[key]
            ok = isinstance(value, list) and (
                all(isinstance(v, str) for v in value) if key == "players" else
                all(isinstance(v, list) and all(isinstance(a, str) for a in v) for v in value))
            if not ok:
                shape = "a list of strings" if key == "players" else "a list of lists of strings"
                raise InvalidGameError(f"{prefix}: key {key!r} must be {shape}; got {value!r}")
            kwargs[key] = value
    try:
        return NormalFormGame(payoffs, **kwargs)
    except InvalidGameError as exc:
        raise InvalidGameError(f"{prefix}: {exc}") from exc


def _json_number(value: Fraction, exact: bool) -> Any:
    if not exact:
        return float(value)
    if value.denominator == 1:
        return int(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def nested_numbers(array: Any, exact: bool) -> Any:
    """Nested lists of JSON numbers from an array of exact values: ints and ``"p/q"``
    strings when ``exact``, floats otherwise (iterative: any number of axes)."""
    arr = np.asarray(array, dtype=object)
    flat = [_json_number(Fraction(v), exact) for v in arr.ravel()]
    for size in reversed(arr.shape[1:]):
        flat = [flat[k:k + size] for k in range(0, len(flat), size)]
    return flat if arr.ndim else flat[0]


def game_to_mapping(game: NormalFormGame) -> dict:
    """The game as a JSON-ready dict (the inverse of :func:`game_from_mapping`).

    Exact games keep ints and write other rationals as ``"p/q"`` strings; float games
    write floats.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma import bimatrix
    >>> game_to_mapping(bimatrix([[1, Fraction(1, 2)]], [[0, 1]]))["payoffs"]
    [[[1, '1/2']], [[0, 1]]]
    """
    exact = game.is_exact

    def nested(arr: Any):
        if not isinstance(arr, np.ndarray):
            return _json_number(arr, exact)
        return [nested(arr[k]) for k in range(arr.shape[0])]

    return {
        "players": list(game.players),
        "actions": [list(a) for a in game.actions],
        "payoffs": [nested(np.asarray(p, dtype=object)) for p in game.exact_payoffs],
    }


def write_game_json(game: NormalFormGame, path: str | Path) -> Path:
    """Write a game to a JSON file that :func:`read_game` reads back to an equal game.

    Parameters
    ----------
    game : NormalFormGame
    path : str or pathlib.Path

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from secdilemma import bimatrix
    >>> game = bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]])
    >>> path = write_game_json(game, pathlib.Path(tempfile.mkdtemp()) / "sh.json")
    >>> read_game(path) == game
    True
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"write_game_json(): game must be a NormalFormGame; got {type(game).__name__}")
    path = Path(path)
    path.write_text(json.dumps(game_to_mapping(game), indent=2) + "\n", encoding="utf-8")
    return path
