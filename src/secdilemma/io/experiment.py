"""Experiment files: a sweep written down in TOML, validated before anything runs.

::

    model = "offense_defense"
    metrics = ["regime", "cooperation_is_equilibrium"]   # optional (default: all)

    [fixed]                       # evaluated in order; may refer to earlier entries
    status_quo = 10
    arms_cost = 1
    exploitation_gain = "2*arms_cost"

    [grid]                        # one entry per swept parameter, in dimension order
    offense_advantage = {start = 0, stop = 1, num = 101}
    exploitation_loss = {start = 0.5, stop = 8, num = 16, log = true}   # log-spaced
    # or a list of values:  exploitation_loss = [1, 2, "2*arms_cost"]

    [sweep]                       # optional
    chunk_size = 65536
    seed = 0

    [output]                      # optional; inside the experiment file's folder
    path = "od.nc"                # streamed, compressed netCDF-4 (with secdilemma[io])

    [figure]                      # optional; `secdilemma sweep` also draws this figure
    path = "od.png"               # .png, .pdf or .svg, inside the file's folder
    metric = "regime"             # optional (default: the first metric)
    x = "offense_advantage"       # optional (default: the swept parameters in order)
    y = "exploitation_loss"

Values may be numbers or **expressions** in a string: numbers, ``+ - * / **``,
parentheses and the names of fixed parameters defined above. They are parsed with
:mod:`ast` and evaluated by a whitelist walker — never ``eval``, never
``sympy.sympify`` — so a file containing code (``"__import__('os')"``) is rejected
without executing anything. Errors name the file and the line.

The output path is relative to the experiment file's folder and must stay inside it
(no absolute path, no ``..`` or symbolic link leading out): running someone else's
experiment file never writes elsewhere. Files are read with bounded cost: at most
:data:`MAX_FILE_BYTES`, numbers past the float range are refused rather than
converted, and a grid axis has at most :data:`MAX_AXIS_POINTS` points.

References
----------
.. [1] Preston-Werner, T. et al. (2021). TOML v1.0.0. https://toml.io/en/v1.0.0
"""

from __future__ import annotations

import ast
import math
import operator
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import numpy as np

from ..analysis.sweep import available_metrics, plan_sweep
from ..errors import InvalidParameterError
from ..models import MODELS

__all__ = ["Experiment", "ExperimentError", "load_experiment", "parse_experiment",
           "evaluate_expression"]

_TOP = ("model", "metrics", "fixed", "grid", "sweep", "output", "figure", "title",
        "description")
_SWEEP = ("chunk_size", "seed")
_OUTPUT = ("path",)
_FIGURE = ("path", "metric", "x", "y")
_FIGURE_FORMATS = (".png", ".pdf", ".svg")
_MAX_EXPRESSION = 200

#: Largest experiment file read (bytes).
MAX_FILE_BYTES = 1 << 20

#: Most points of one ``{start, stop, num}`` grid axis (its values are built in memory).
MAX_AXIS_POINTS = 10**8

_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.Pow: operator.pow}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}


class ExperimentError(InvalidParameterError):
    """An experiment file is malformed; the message names the file and the line."""


@dataclass(frozen=True, eq=False)
class Experiment:
    """A validated experiment file.

    Attributes
    ----------
    model : str
        Registry name of the model.
    grid : dict of str to numpy.ndarray
        The swept parameters, in dimension order.
    fixed : dict of str to float
        The other parameters.
    metrics : tuple of str or None
        The metrics (None: all).
    chunk_size : int or None
        Points per chunk.
    seed : int or None
        Seed of the sweep.
    output : pathlib.Path or None
        Where the dataset is written: inside the experiment file's folder.
    figure : dict or None
        The ``[figure]`` table: ``path`` (a :class:`pathlib.Path` inside the experiment
        file's folder) and the optional ``metric``, ``x`` and ``y`` (str or None).
    source : str
        The file name (or ``"<string>"``).
    """

    model: str
    grid: dict
    fixed: dict
    metrics: tuple | None = None
    chunk_size: int | None = None
    seed: int | None = None
    output: Path | None = None
    source: str = "<string>"
    figure: dict | None = None

    def sweep_kwargs(self) -> dict:
        """Keyword arguments of :func:`~secdilemma.analysis.sweep.sweep`.

        Examples
        --------
        >>> from secdilemma.io.experiment import parse_experiment
        >>> exp = parse_experiment('model = "stage_game"\\n[fixed]\\nsucker = 0\\n'
        ...     'temptation = 5\\npunishment = 1\\n[grid]\\nreward = [2, 3, 4]\\n')
        >>> sorted(exp.sweep_kwargs())
        ['chunk_size', 'fixed', 'grid', 'metrics', 'model', 'seed']
        """
        return {"model": self.model, "grid": dict(self.grid), "fixed": dict(self.fixed),
                "metrics": self.metrics, "chunk_size": self.chunk_size, "seed": self.seed}


def evaluate_expression(text: str, names: Mapping[str, float] | None = None) -> float:
    """Evaluate an arithmetic expression safely (a whitelist over the :mod:`ast`).

    Parameters
    ----------
    text : str
        Numbers, ``+ - * / **``, unary minus, parentheses and names from ``names``.
    names : mapping of str to float, optional
        The names that may appear (e.g. the fixed parameters defined so far).

    Returns
    -------
    float

    Raises
    ------
    InvalidParameterError
        Anything else (calls, attributes, subscripts, comparisons, unknown names, ...),
        a syntax error, a division by zero or a non-finite result. Nothing is executed.

    References
    ----------
    .. [1] Python Software Foundation. ``ast`` — Abstract Syntax Trees. The Python
       Standard Library.

    Examples
    --------
    >>> from secdilemma.io.experiment import evaluate_expression
    >>> evaluate_expression("2*c + 1/4", {"c": 1.5})
    3.25
    >>> evaluate_expression("__import__('os')")
    Traceback (most recent call last):
    ...
    secdilemma.errors.InvalidParameterError: expression may use only numbers, + - * / **, parentheses and the names of fixed parameters defined above; got a call in "__import__('os')"
    """
    names = {} if names is None else names
    if not isinstance(text, str):
        raise InvalidParameterError(f"expression must be a string; got {text!r}")
    if len(text) > _MAX_EXPRESSION:
        raise InvalidParameterError(
            f"expression must be at most {_MAX_EXPRESSION} characters; got {len(text)}")
    try:
        tree = ast.parse(text.strip(), mode="eval")  # parsing executes nothing
    except SyntaxError:
        raise InvalidParameterError(f"expression is not valid arithmetic; got {text!r}") from None

    def walk(node) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in names:
                listed = ", ".join(names) or "none yet"
                raise InvalidParameterError(
                    f"expression may refer only to fixed parameters defined above "
                    f"({listed}); got {node.id!r} in {text!r}")
            return float(names[node.id])
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            left, right = walk(node.left), walk(node.right)
            try:
                value = _BINOPS[type(node.op)](left, right)
            except ZeroDivisionError:
                raise InvalidParameterError(f"expression divides by zero: {text!r}") from None
            except OverflowError:
                raise InvalidParameterError(f"expression overflows: {text!r}") from None
            if isinstance(value, complex):
                raise InvalidParameterError(f"expression is not a real number: {text!r}")
            return float(value)
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](walk(node.operand))
        kind = {ast.Call: "a call", ast.Attribute: "an attribute", ast.Subscript:
                "a subscript", ast.Lambda: "a lambda", ast.Compare: "a comparison"}.get(
            type(node), f"a {type(node).__name__}")
        raise InvalidParameterError(
            "expression may use only numbers, + - * / **, parentheses and the names of "
            f"fixed parameters defined above; got {kind} in {text!r}")

    value = walk(tree)
    if not math.isfinite(value):
        raise InvalidParameterError(f"expression must give a finite number; got {value} "
                                    f"from {text!r}")
    return value


def _line_of(text: str, section: str | None, key: str | None) -> int | None:
    """1-based line of ``key`` in ``[section]`` (or of the section header)."""
    current = None
    header = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]")
    for number, line in enumerate(text.splitlines(), start=1):
        m = header.match(line)
        if m:
            current = m.group(1).strip('"')
            if key is None and current == section:
                return number
            continue
        if key is not None and current == section and re.match(
                rf'^\s*("?){re.escape(key)}\1\s*=', line):
            return number
    return None


def _outside(path: str, base: Path | None) -> str | None:
    """Why ``path`` (from an experiment file) would leave the folder ``base``; None if
    it stays inside."""
    p = Path(path)
    if p.is_absolute() or p.drive or path.startswith(("/", "\\", "~")):
        return "an absolute path"
    normal = os.path.normpath(path)
    if normal == os.curdir:
        return "the folder itself"
    if normal == os.pardir or normal.startswith(os.pardir + os.sep):
        return "which leads out with '..'"
    if base is not None:
        root = Path(base).resolve()
        target = (root / p).resolve()  # follows symbolic links
        if target != root and root not in target.parents:
            return f"which resolves to {str(target)!r} (through a symbolic link)"
        if target == root:
            return "the folder itself"
    return None


def parse_experiment(text: str, *, source: str = "<string>",
                     base: Path | None = None) -> Experiment:
    """Parse and validate the text of an experiment file (see the module docstring).

    Parameters
    ----------
    text : str
        TOML.
    source : str
        Name used in error messages.
    base : pathlib.Path, optional
        The experiment's folder: ``output.path`` is resolved against it and must stay
        inside it.

    Returns
    -------
    Experiment

    Raises
    ------
    ExperimentError
        Malformed TOML or schema errors, naming ``source:line``.

    References
    ----------
    .. [1] Preston-Werner, T. et al. (2021). TOML v1.0.0.

    Examples
    --------
    >>> from secdilemma.io.experiment import parse_experiment
    >>> exp = parse_experiment('''
    ... model = "offense_defense"
    ... [fixed]
    ... status_quo = 10
    ... arms_cost = 1
    ... exploitation_gain = "2*arms_cost"
    ... exploitation_loss = 4
    ... [grid]
    ... offense_advantage = {start = 0, stop = 1, num = 5}
    ... ''')
    >>> exp.fixed["exploitation_gain"], exp.grid["offense_advantage"].tolist()
    (2.0, [0.0, 0.25, 0.5, 0.75, 1.0])
    """
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    def fail(message: str, section=None, key=None, line=None):
        if line is None:
            line = _line_of(text, section, key) if (section or key) else None
            if line is None and section is not None:
                line = _line_of(text, section, None)
        where = f"{source}:{line}" if line else source
        raise ExperimentError(f"{where}: {message}")

    if not isinstance(text, str):
        fail(f"the experiment must be text; got {type(text).__name__}")
    if len(text) > MAX_FILE_BYTES:
        fail(f"an experiment file must be at most {MAX_FILE_BYTES:,} characters; got "
             f"{len(text):,}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        fail(f"not valid TOML ({exc})", line=int(m.group(1)) if m else None)
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        fail(f"not a usable TOML number ({exc})")
    except RecursionError:
        fail("not usable TOML (arrays or tables nested too deeply)")
    for key in data:
        if key not in _TOP:
            fail(f"unknown key {key!r}; expected some of {', '.join(_TOP)}", None, key)

    model = data.get("model")
    if not isinstance(model, str) or model not in MODELS:
        fail(f"model must be one of {', '.join(repr(m) for m in MODELS)}; got {model!r}",
             None, "model")
    cls = MODELS[model]
    names = cls.parameters

    def value_of(raw, section, key, known):
        if isinstance(raw, bool):
            fail(f"{section}.{key} must be a number or an expression; got {raw!r}",
                 section, key)
        if isinstance(raw, (int, float)):
            try:
                value = float(raw)  # an int past the float range overflows
            except OverflowError:
                value = math.inf
            if not math.isfinite(value):
                shown = raw if isinstance(raw, float) else f"an integer of {len(str(abs(raw)))} digits"
                fail(f"{section}.{key} must be a finite number; got {shown}", section, key)
            return value
        if isinstance(raw, str):
            try:
                return evaluate_expression(raw, known)
            except InvalidParameterError as exc:
                fail(f"{section}.{key}: {exc}", section, key)
        fail(f"{section}.{key} must be a number or an expression string; got {raw!r}",
             section, key)

    fixed_raw = data.get("fixed", {})
    if not isinstance(fixed_raw, dict):
        fail("fixed must be a table [fixed]", None, "fixed")
    fixed: dict = {}
    for key, raw in fixed_raw.items():
        if key not in names:
            fail(f"fixed.{key} is not a parameter of {model} "
                 f"({', '.join(names)})", "fixed", key)
        fixed[key] = value_of(raw, "fixed", key, fixed)

    grid_raw = data.get("grid")
    if not isinstance(grid_raw, dict) or not grid_raw:
        fail("grid must be a non-empty table [grid] of parameter = range or list",
             "grid" if "grid" in data else None, None if "grid" in data else "model")
    grid: dict = {}
    for key, raw in grid_raw.items():
        if key not in names:
            fail(f"grid.{key} is not a parameter of {model} ({', '.join(names)})",
                 "grid", key)
        if key in fixed:
            fail(f"{key} must be in grid or in fixed, not both", "grid", key)
        if isinstance(raw, list):
            if not raw:
                fail(f"grid.{key} must not be empty", "grid", key)
            values = np.array([value_of(v, "grid", key, fixed) for v in raw])
        elif isinstance(raw, dict):
            extra = set(raw) - {"start", "stop", "num", "log"}
            if extra or not {"start", "stop", "num"} <= set(raw):
                fail(f"grid.{key} must be a list or {{start, stop, num[, log]}}; got keys "
                     f"{sorted(raw)}", "grid", key)
            start = value_of(raw["start"], "grid", key, fixed)
            stop = value_of(raw["stop"], "grid", key, fixed)
            num = raw["num"]
            if isinstance(num, bool) or not isinstance(num, int) or not (
                    1 <= num <= MAX_AXIS_POINTS):
                shown = num if not isinstance(num, int) or abs(num) < 10**20 else (
                    f"an integer of {len(str(abs(num)))} digits")
                fail(f"grid.{key}.num must be an integer in [1, {MAX_AXIS_POINTS:.0e}]; got "
                     f"{shown}", "grid", key)
            log = raw.get("log", False)
            if not isinstance(log, bool):
                fail(f"grid.{key}.log must be true or false; got {log!r}", "grid", key)
            if log:
                if start <= 0 or stop <= 0:
                    fail(f"grid.{key}: a log-spaced range needs start, stop > 0; got "
                         f"{start:g}, {stop:g}", "grid", key)
                values = np.geomspace(start, stop, num)
            else:
                values = np.linspace(start, stop, num)
        else:
            fail(f"grid.{key} must be a list or {{start, stop, num[, log]}}; got {raw!r}",
                 "grid", key)
        grid[key] = values
    for name in names:
        if name not in grid and name not in fixed:
            fail(f"{name} must be given in [grid] or [fixed] for {model}",
                 "fixed" if "fixed" in data else None, None)

    metrics = data.get("metrics")
    if metrics is not None:
        available = available_metrics(cls)
        if (not isinstance(metrics, list) or not metrics
                or not all(isinstance(m, str) for m in metrics)):
            fail("metrics must be a non-empty list of metric names", None, "metrics")
        for m in metrics:
            if m not in available:
                fail(f"metrics: {m!r} is not a metric of {model} "
                     f"({', '.join(available)})", None, "metrics")
        metrics = tuple(metrics)

    opts = data.get("sweep", {})
    if not isinstance(opts, dict):
        fail("sweep must be a table [sweep]", None, "sweep")
    for key in opts:
        if key not in _SWEEP:
            fail(f"sweep.{key} is not an option; expected {', '.join(_SWEEP)}", "sweep", key)
    chunk_size, seed = opts.get("chunk_size"), opts.get("seed")
    for key, value, low in (("chunk_size", chunk_size, 1), ("seed", seed, 0)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < low):
            fail(f"sweep.{key} must be an integer >= {low}; got {value!r}", "sweep", key)

    out = data.get("output", {})
    if not isinstance(out, dict):
        fail("output must be a table [output]", None, "output")
    for key in out:
        if key not in _OUTPUT:
            fail(f"output.{key} is not an option; expected {', '.join(_OUTPUT)}", "output",
                 key)
    path = out.get("path")
    if path is not None and (not isinstance(path, str) or not path or "\x00" in path):
        fail(f"output.path must be a file name; got {path!r}", "output", "path")
    output = None
    if path is not None:
        problem = _outside(path, base)
        if problem:
            fail(f"output.path must name a file inside the experiment's folder (a "
                 f"relative path that does not leave it); got {path!r}, {problem}",
                 "output", "path")
        output = Path(path) if base is None else base / path

    fig = data.get("figure")
    figure = None
    if fig is not None:
        if not isinstance(fig, dict):
            fail("figure must be a table [figure]", None, "figure")
        for key in fig:
            if key not in _FIGURE:
                fail(f"figure.{key} is not an option; expected {', '.join(_FIGURE)}",
                     "figure", key)
        fpath = fig.get("path")
        if not isinstance(fpath, str) or not fpath or "\x00" in fpath:
            fail(f"figure.path must be a file name; got {fpath!r}", "figure", "path")
        if Path(fpath).suffix.lower() not in _FIGURE_FORMATS:
            fail(f"figure.path must end in {', '.join(_FIGURE_FORMATS)}; got {fpath!r}",
                 "figure", "path")
        problem = _outside(fpath, base)
        if problem:
            fail(f"figure.path must name a file inside the experiment's folder (a "
                 f"relative path that does not leave it); got {fpath!r}, {problem}",
                 "figure", "path")
        chosen_metrics = metrics if metrics is not None else tuple(available_metrics(cls))
        metric = fig.get("metric")
        if metric is not None and metric not in chosen_metrics:
            fail(f"figure.metric must be one of the metrics swept "
                 f"({', '.join(chosen_metrics)}); got {metric!r}", "figure", "metric")
        for key in ("x", "y"):
            value = fig.get(key)
            if value is not None and value not in grid:
                fail(f"figure.{key} must be a parameter of [grid] ({', '.join(grid)}); "
                     f"got {value!r}", "figure", key)
        if fig.get("x") is not None and fig.get("x") == fig.get("y"):
            fail(f"figure.x and figure.y must differ; got {fig['x']!r} twice", "figure",
                 "y")
        swept = [k for k, v in grid.items() if len(v) > 1]
        if len(swept) > 2:
            fail(f"figure: a figure shows at most two swept parameters; [grid] sweeps "
                 f"{len(swept)} ({', '.join(swept)})", "figure", None)
        figure = {"path": Path(fpath) if base is None else base / fpath,
                  "metric": metric, "x": fig.get("x"), "y": fig.get("y")}

    # domain checks (e.g. offense_advantage <= 1) through the sweep's own validation
    try:
        plan_sweep(model, grid, fixed=fixed, metrics=metrics, chunk_size=chunk_size,
                   seed=seed, func="experiment")
    except InvalidParameterError as exc:
        message = str(exc).replace("experiment(): ", "")
        key = next((k for k in list(grid) + list(fixed) if re.search(rf"\b{k}\b", message)),
                   None)
        fail(message, "grid" if key in grid else "fixed", key)
    return Experiment(model=model, grid=grid, fixed=fixed, metrics=metrics,
                      chunk_size=chunk_size, seed=seed, output=output, source=source,
                      figure=figure)


def load_experiment(path) -> Experiment:
    """Read and validate an experiment file (see :func:`parse_experiment`).

    Raises
    ------
    ExperimentError
        The file is malformed (the message names the line).
    OSError
        The file cannot be read.

    References
    ----------
    .. [1] Preston-Werner, T. et al. (2021). TOML v1.0.0.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from secdilemma.io.experiment import load_experiment
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "e.toml"
    >>> _ = p.write_text('model = "stage_game"\\n[fixed]\\nsucker = 0\\ntemptation = 5\\n'
    ...                  'punishment = 1\\n[grid]\\nreward = [2, 3]\\n')
    >>> load_experiment(p).grid["reward"].tolist()
    [2.0, 3.0]
    """
    path = Path(path)
    with open(path, "rb") as fh:
        raw = fh.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ExperimentError(f"{path}: an experiment file must be at most "
                              f"{MAX_FILE_BYTES:,} bytes; got more")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ExperimentError(f"{path}:{line}: not UTF-8 text (byte {exc.start}: "
                              f"{raw[exc.start:exc.start + 1]!r}); an experiment file is "
                              "TOML") from None
    return parse_experiment(text, source=str(path), base=path.parent)
