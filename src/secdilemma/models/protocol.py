"""The model protocol: what a class must provide to be a sweepable model.

Every model registered in :data:`secdilemma.models.MODELS` satisfies this protocol,
checked in one place by :func:`check_model` (run by :func:`register` when the registry
is built). Registered means sweepable: :func:`~secdilemma.sweep`,
:func:`~secdilemma.analysis.threshold.threshold` and the ``secdilemma models`` command
read a model only through the attributes below.

The protocol
------------
A model is a class ``M`` (in practice a frozen dataclass whose fields are the
parameters, deriving from :class:`Model`) with

``M.name`` : str
    The registry name (``"security_dilemma"``).
``M.summary`` : str
    One line: the source and what the model is about.
``M.PARAMETERS`` : tuple of :class:`Parameter`
    Every parameter, in order: name, description, literature symbol, domain
    (``low``/``high`` with ``low_open``/``high_open``) and default (``None``: required).
``M.SETTINGS`` : tuple of str, optional
    The fields of a model that are not numbers and are not swept (e.g. a
    :mod:`scipy.stats` distribution); ``evaluate`` holds them at their defaults.
``M.METRICS`` : tuple of :class:`Metric`
    Every metric ``evaluate`` can compute: name, description, dtype, and for integer
    codes the meaning of each code (``flag_meanings``, code ``i`` means entry ``i``).
``M.evaluate(params, metrics=None, *, rng=None)`` : classmethod
    Vectorised: ``params`` maps every parameter name to an array (scalars broadcast;
    a parameter with a default may be left out), ``metrics`` is a sequence of names
    from ``M.METRICS`` (``None``: all). Returns a dict with one array per requested
    metric, of the broadcast shape of the parameters and the declared dtype, plus,
    optionally, ``"degenerate"`` (bool array: points where the computation met a tie
    and went through the general solver). Pure: the same input gives the same output,
    bit for bit, whatever the chunking. ``rng`` (a :class:`numpy.random.Generator`) is
    used only by models with ``M.stochastic = True`` (simulated metrics).
    :class:`Model` implements ``evaluate``: it validates ``params`` and ``metrics``
    (bad input raises :class:`~secdilemma.errors.InvalidParameterError` naming
    ``M.evaluate()``) and calls ``M._compute(p, metrics, rng)`` with ``p`` a dict of
    float arrays broadcast to one shape, casting the result to the declared dtypes.
``m.to_game()`` : method
    The finite game of an instance ``m`` (a
    :class:`~secdilemma.NormalFormGame`, :class:`~secdilemma.games.bayesian.BayesianGame`,
    extensive or signaling game), so that the general solvers can check every closed
    form of the model. A model with no finite game sets ``to_game = None`` and says
    why in ``M.no_game_reason``.
``M.critical_values(parameter, fixed)`` : classmethod, optional
    The closed-form values of ``parameter`` (the others held at ``fixed``) at which a
    metric of the model can change (a tuple of floats, possibly empty). Used by
    :func:`~secdilemma.analysis.threshold.threshold`, and checked against the general
    solver on ``to_game()`` by the tests. :class:`Model` returns ``()`` (no closed
    form).
``M.method`` : str
    How ``evaluate`` computes its metrics (closed forms, which batched solver): the
    ``solver`` entry of a sweep's provenance.
``M.references`` : tuple of str
    The literature the model formalises.
``M.stochastic`` : bool
    Whether ``evaluate`` draws from ``rng``.

From these :class:`Model` derives the attributes the sweep engine reads:
``M.parameters`` (the names, in order), ``M.parameter_bounds``
(``name -> (low, high, low_open, high_open)``) and ``M.sweep_metrics``
(``name -> description``). :func:`provenance` is what a sweep records about the model.

References
----------
.. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.

Examples
--------
A complete model in a few lines: mutual deterrence as a stag hunt, with the trust
threshold as a closed form.

>>> from dataclasses import dataclass
>>> import numpy as np
>>> from secdilemma.models.protocol import Model, Parameter, Metric, check_model
>>> @dataclass(frozen=True)
... class Deterrence(Model):
...     cost: float = 1.0
...     name = "deterrence"
...     summary = "Toy deterrence game: restraint pays unless the other strikes."
...     method = "closed forms"
...     references = ("Schelling, T. C. (1960). The Strategy of Conflict.",)
...     PARAMETERS = (Parameter("cost", "cost of restraint when struck", "c", low=0,
...                             low_open=True, default=1.0),)
...     METRICS = (Metric("trust_threshold", "least trust at which restraint pays",
...                       "float64"),)
...     @classmethod
...     def _compute(cls, p, metrics, rng):
...         return {"trust_threshold": p["cost"] / (1 + p["cost"])}
...     def to_game(self):
...         from secdilemma import NormalFormGame
...         row = [[2, -self.cost], [1, 0]]
...         return NormalFormGame([row, [list(r) for r in zip(*row)]])
>>> check_model(Deterrence) is Deterrence
True
>>> Deterrence.evaluate({"cost": np.array([1.0, 3.0])})["trust_threshold"].tolist()
[0.5, 0.75]
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, fields, is_dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar, Mapping, Sequence

import numpy as np

from .._validation import check_real_number
from .._version import __version__
from ..errors import InvalidParameterError

__all__ = ["Parameter", "Metric", "Model", "check_model", "register", "provenance",
           "check_parameter_arrays", "check_metric_names", "first_where"]

_DTYPES = ("float64", "int64", "int8", "bool")


@dataclass(frozen=True)
class Parameter:
    """A model parameter: its name, meaning, literature symbol, domain and default.

    Attributes
    ----------
    name : str
        The word name (a field of the model and a key of ``evaluate``'s params).
    description : str
        What it is, in one line.
    symbol : str
        The literature's symbol (e.g. ``"c"``, ``"π"``), for the glossary and tables.
    low, high : float or None
        Domain bounds (None: unbounded).
    low_open, high_open : bool
        Whether the bound is strict.
    default : float or None
        The value ``evaluate`` uses when the parameter is left out (None: required).
    """

    name: str
    description: str
    symbol: str = ""
    low: Any = None
    high: Any = None
    low_open: bool = False
    high_open: bool = False
    default: Any = None

    @property
    def bounds(self) -> tuple:
        """``(low, high, low_open, high_open)``."""
        return (self.low, self.high, self.low_open, self.high_open)

    def rule(self) -> str:
        """The domain as text, e.g. ``"0 <= trust <= 1"`` (``"any real"`` if unbounded)."""
        parts = []
        if self.low is not None:
            parts.append(f"{self.low} {'<' if self.low_open else '<='} ")
        parts.append(self.name)
        if self.high is not None:
            parts.append(f" {'<' if self.high_open else '<='} {self.high}")
        return "".join(parts) if len(parts) > 1 else "any real"


@dataclass(frozen=True)
class Metric:
    """An outcome metric of a model.

    Attributes
    ----------
    name : str
        The metric name (a key of ``evaluate``'s output and a sweep's data variable).
    description : str
        What it measures, in one line.
    dtype : str
        ``"float64"``, ``"int64"``, ``"int8"`` (codes) or ``"bool"``.
    flag_meanings : tuple of str
        For integer codes: the meaning of code ``i`` is ``flag_meanings[i]`` (written
        as CF ``flag_values``/``flag_meanings`` attributes by a sweep).
    flag_masks : tuple of int
        For integer bit flags: ``flag_meanings[i]`` is set iff bit ``flag_masks[i]``
        is (CF ``flag_masks``).
    """

    name: str
    description: str
    dtype: str = "float64"
    flag_meanings: tuple = ()
    flag_masks: tuple = ()

    def attrs(self) -> dict:
        """netCDF/CF attributes of the metric's data variable."""
        out: dict = {"long_name": self.description}
        if self.flag_masks:
            out["flag_masks"] = list(self.flag_masks)
            out["flag_meanings"] = " ".join(self.flag_meanings)
        elif self.flag_meanings:
            out["flag_values"] = np.arange(len(self.flag_meanings), dtype=np.dtype(self.dtype))
            out["flag_meanings"] = " ".join(self.flag_meanings)
        return out


def check_parameter_arrays(func: str, names, arrays: Mapping, *, rules=None) -> dict:
    """Validate a dict of parameter arrays for a vectorised model evaluation.

    Every name in ``names`` must be present (and nothing else), every array must be
    real and finite, and ``rules[name] = (low, high, low_open, high_open)`` bounds are
    checked element-wise; the message names the first offending value. Returns float
    arrays broadcast against each other.

    Examples
    --------
    >>> from secdilemma.models.protocol import check_parameter_arrays
    >>> check_parameter_arrays("f", ("a",), {"a": [2.0]}, rules={"a": (0, 1, False, False)})
    Traceback (most recent call last):
    ...
    secdilemma.errors.InvalidParameterError: f(): a must be <= 1; got 2.0
    """
    unknown = [k for k in arrays if k not in names]
    if unknown:
        listed = ", ".join(repr(n) for n in names)
        raise InvalidParameterError(
            f"{func}(): parameters must be among {listed}; got unknown {unknown[0]!r}")
    missing = [n for n in names if n not in arrays]
    if missing:
        raise InvalidParameterError(
            f"{func}(): {missing[0]} must be given; got no value for it")
    out = {}
    for name in names:
        value = arrays[name]
        try:
            if isinstance(value, (bool, np.bool_)) or (
                    isinstance(value, np.ndarray) and value.dtype.kind in "bOUSV"):
                raise TypeError
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError) as exc:
            raise InvalidParameterError(
                f"{func}(): {name} must be real numbers; got {value!r}") from exc
        low, high, low_open, high_open = (rules or {}).get(name, (None, None, False, False))
        if arr.size > 64 and _within(arr, low, high, low_open, high_open):
            out[name] = arr  # finite and in its bounds: two reductions said so
            continue
        bad = ~np.isfinite(arr)
        if np.any(bad):
            raise InvalidParameterError(
                f"{func}(): {name} must be finite; got {arr[bad].ravel()[0].item()!r}")
        if low is not None:
            bad = (arr <= low) if low_open else (arr < low)
            if np.any(bad):
                rule = f"> {low}" if low_open else f">= {low}"
                raise InvalidParameterError(
                    f"{func}(): {name} must be {rule}; got {arr[bad].ravel()[0].item()!r}")
        if high is not None:
            bad = (arr >= high) if high_open else (arr > high)
            if np.any(bad):
                rule = f"< {high}" if high_open else f"<= {high}"
                raise InvalidParameterError(
                    f"{func}(): {name} must be {rule}; got {arr[bad].ravel()[0].item()!r}")
        out[name] = arr
    try:
        broadcast = np.broadcast_arrays(*out.values())
    except ValueError as exc:
        shapes = {k: v.shape for k, v in out.items()}
        raise InvalidParameterError(
            f"{func}(): parameter arrays must broadcast together; got shapes {shapes}"
        ) from exc
    return dict(zip(out.keys(), broadcast))


def _within(arr: np.ndarray, low, high, low_open: bool, high_open: bool) -> bool:
    """Whether every entry of a non-empty float array is finite and within the bounds,
    from its minimum and maximum alone (NaN propagates through both; an infinity is
    one of them). Two passes over the array with no temporaries, where the element-wise
    tests take a boolean temporary per test: a sweep validates every chunk it
    evaluates, and this is most of that cost. False means "look element by element"
    (the caller then names the first offending value)."""
    lo, hi = arr.min(), arr.max()
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return False
    if low is not None and (lo <= low if low_open else lo < low):
        return False
    return not (high is not None and (hi >= high if high_open else hi > high))


def check_parameter_values(func: str, model: Any) -> None:
    """Validate the fields of a model instance: each a finite real number inside the
    domain of its :class:`Parameter` (the scalar counterpart of
    :func:`check_parameter_arrays`, for a dataclass model's ``__post_init__``).

    Ints, floats, Fractions and numpy numbers are accepted; bools, strings and anything
    else are refused. The message names the field and its value:
    ``"func(): name must be <rule>; got value"``.

    Examples
    --------
    >>> from secdilemma.models.prevention import PreventionModel
    >>> PreventionModel(strike_cost=0)
    Traceback (most recent call last):
    ...
    secdilemma.errors.InvalidParameterError: PreventionModel(): strike_cost must be > 0; got 0
    """
    info = model.parameter_info
    for f in fields(model):
        v = getattr(model, f.name)
        if isinstance(v, bool) or not isinstance(v, (int, float, Fraction, np.integer,
                                                     np.floating)) or not np.isfinite(float(v)):
            raise InvalidParameterError(f"{func}(): {f.name} must be a finite real number; "
                                        f"got {v!r}")
        p = info[f.name]
        if p.low is not None and (v <= p.low if p.low_open else v < p.low):
            raise InvalidParameterError(
                f"{func}(): {f.name} must be {'>' if p.low_open else '>='} {p.low}; got {v}")
        if p.high is not None and (v >= p.high if p.high_open else v > p.high):
            raise InvalidParameterError(
                f"{func}(): {f.name} must be {'<' if p.high_open else '<='} {p.high}; got {v}")


def first_where(value, mask):
    """The first entry of ``value`` (broadcast to ``mask``) where ``mask`` holds, as a
    Python scalar (for error messages)."""
    mask = np.asarray(mask)
    return np.broadcast_to(np.asarray(value), mask.shape)[mask].ravel()[0].item() \
        if mask.ndim else np.asarray(value).item()


def check_metric_names(func: str, metrics, available: Sequence[str]) -> tuple[str, ...]:
    """The requested metric names as a tuple (``None``: all of ``available``), checked:
    non-empty, known, no repeats."""
    if metrics is None:
        return tuple(available)
    if isinstance(metrics, str):
        metrics = (metrics,)
    metrics = tuple(metrics)
    listed = ", ".join(repr(m) for m in available)
    if not metrics:
        raise InvalidParameterError(f"{func}(): metrics must name at least one of {listed}; "
                                    "got an empty list")
    for m in metrics:
        if m not in available:
            raise InvalidParameterError(f"{func}(): metrics must be among {listed}; got {m!r}")
    if len(set(metrics)) != len(metrics):
        raise InvalidParameterError(f"{func}(): metrics must not repeat; got {list(metrics)}")
    return metrics


class Model:
    """Base class of the models: derives the sweep attributes from ``PARAMETERS`` and
    ``METRICS`` and implements the validated, vectorised :meth:`evaluate`.

    A subclass declares ``name``, ``summary``, ``method``, ``references``,
    ``PARAMETERS``, ``METRICS``, implements ``_compute(p, metrics, rng)`` and
    ``to_game()`` (or sets ``to_game = None`` with a ``no_game_reason``), and
    optionally ``critical_values``. See the module docstring.
    """

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    method: ClassVar[str] = "closed forms"
    references: ClassVar[tuple] = ()
    stochastic: ClassVar[bool] = False
    no_game_reason: ClassVar[str] = ""
    PARAMETERS: ClassVar[tuple] = ()
    SETTINGS: ClassVar[tuple] = ()
    METRICS: ClassVar[tuple] = ()
    # derived (by __init_subclass__)
    parameters: ClassVar[tuple] = ()
    parameter_bounds: ClassVar[Mapping] = MappingProxyType({})
    sweep_metrics: ClassVar[Mapping] = MappingProxyType({})
    metric_info: ClassVar[Mapping] = MappingProxyType({})
    parameter_info: ClassVar[Mapping] = MappingProxyType({})

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        params = tuple(cls.PARAMETERS)
        metrics = tuple(cls.METRICS)
        cls.parameters = tuple(p.name for p in params)
        cls.parameter_info = MappingProxyType({p.name: p for p in params})
        cls.parameter_bounds = MappingProxyType(
            {p.name: p.bounds for p in params if p.low is not None or p.high is not None})
        cls.metric_info = MappingProxyType({m.name: m for m in metrics})
        cls.sweep_metrics = MappingProxyType({m.name: m.description for m in metrics})

    def __post_init__(self) -> None:
        """Check every parameter of an instance against its :class:`Parameter` (a finite
        real number in its domain)."""
        func = type(self).__name__
        for p in self.PARAMETERS:
            check_real_number(func, p.name, getattr(self, p.name), low=p.low, high=p.high,
                              low_open=p.low_open, high_open=p.high_open)
        self._check_joint(func, {p.name: np.asarray(getattr(self, p.name))
                                 for p in self.PARAMETERS})

    @classmethod
    def evaluate(cls, params: Mapping[str, Any], metrics: Sequence[str] | None = None, *,
                 rng=None) -> dict:
        """The model's metrics at many parameter points at once.

        Parameters
        ----------
        params : mapping of str to array_like
            One array per parameter (broadcast together); parameters with a default
            may be left out.
        metrics : sequence of str, optional
            Names from the model's ``METRICS`` (default: all).
        rng : numpy.random.Generator, optional
            Randomness for stochastic models (ignored by the others).

        Returns
        -------
        dict of str to numpy.ndarray
            One array per metric (declared dtype, broadcast shape), plus optionally
            ``"degenerate"``.

        Raises
        ------
        InvalidParameterError
            Unknown, missing or out-of-domain parameter; unknown metric.
        """
        func = f"{cls.__name__}.evaluate"
        if not isinstance(params, Mapping):
            raise InvalidParameterError(
                f"{func}(): params must be a dict of parameter name -> array; got {params!r}")
        full = dict(params)
        for p in cls.PARAMETERS:
            if p.name not in full and p.default is not None:
                full[p.name] = p.default
        checked = check_parameter_arrays(func, cls.parameters, full,
                                         rules=cls.parameter_bounds)
        cls._check_joint(func, checked)
        names = check_metric_names(func, metrics, tuple(cls.metric_info))
        out = cls._compute(checked, names, rng)
        shape = np.broadcast_shapes(*(v.shape for v in checked.values())) if checked else ()
        result = {}
        for m in names:
            dtype = np.dtype(cls.metric_info[m].dtype)
            value = np.asarray(out[m], dtype=dtype)
            result[m] = value if value.shape == shape else np.broadcast_to(value, shape).copy()
        if "degenerate" in out:
            result["degenerate"] = np.broadcast_to(np.asarray(out["degenerate"], dtype=bool),
                                                   shape).copy()
        return result

    @classmethod
    def _check_joint(cls, func: str, p: dict) -> None:
        """Check constraints between parameters (e.g. ``a < b``) on validated arrays;
        raise :class:`~secdilemma.errors.InvalidParameterError` naming ``func``. Also
        run on every instance. Default: none."""

    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:  # pragma: no cover - abstract
        """The metrics at validated parameter arrays: every subclass defines it
        (:func:`check_model`, run when a model is registered, refuses one that does
        not, so this base version is never reached by a registered model)."""
        raise NotImplementedError(f"{cls.__name__}._compute() is not implemented")

    @classmethod
    def critical_values(cls, parameter: str, fixed: Mapping[str, float]) -> tuple:
        """Closed-form values of ``parameter`` at which a metric can change, the other
        parameters held at ``fixed`` (empty: no closed form for it)."""
        return ()


def check_model(cls) -> type:
    """Check that ``cls`` satisfies the model protocol; return it unchanged.

    Checks: a class with a non-empty ``name`` (an identifier) and ``summary``;
    ``PARAMETERS`` a non-empty tuple of :class:`Parameter` with distinct names (and,
    for a dataclass, equal to its fields, in order), each described, with consistent
    bounds and an in-domain default; ``METRICS`` a non-empty tuple of :class:`Metric`
    with distinct names, known dtypes and ``flag_meanings`` only on integer codes;
    ``parameters``/``parameter_bounds``/``sweep_metrics`` consistent with them (as
    :class:`Model` derives them); ``evaluate`` a callable taking
    ``(params, metrics, *, rng)``; ``to_game`` callable, or None with a
    ``no_game_reason``; ``critical_values`` (if present) callable; ``method`` a
    non-empty string, ``references`` a tuple of strings.

    Raises
    ------
    InvalidParameterError
        Naming the first rule the class breaks.

    Examples
    --------
    >>> from secdilemma.models.protocol import check_model
    >>> check_model(int)
    Traceback (most recent call last):
    ...
    secdilemma.errors.InvalidParameterError: check_model(): model must have a registry name (class attribute name, an identifier); got int
    """
    func = "check_model()"
    label = getattr(cls, "__name__", repr(cls))

    def fail(rule: str):
        raise InvalidParameterError(f"{func}: model must {rule}; got {label}")

    if not isinstance(cls, type):
        fail("be a class")
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name.isidentifier():
        fail("have a registry name (class attribute name, an identifier)")
    for attr in ("summary", "method"):
        if not isinstance(getattr(cls, attr, None), str) or not getattr(cls, attr):
            fail(f"have a non-empty string {attr}")
    refs = getattr(cls, "references", None)
    if not isinstance(refs, tuple) or not all(isinstance(r, str) and r for r in refs):
        fail("have references, a tuple of strings")
    params = getattr(cls, "PARAMETERS", None)
    if not isinstance(params, tuple) or not params or not all(
            isinstance(p, Parameter) for p in params):
        fail("have PARAMETERS, a non-empty tuple of Parameter")
    pnames = [p.name for p in params]
    if len(set(pnames)) != len(pnames):
        fail(f"have distinct parameter names (PARAMETERS: {pnames})")
    for p in params:
        if not p.name.isidentifier() or not p.description:
            fail(f"describe every parameter ({p.name!r} has no description)")
        if p.low is not None and p.high is not None and not p.low < p.high:
            fail(f"have low < high for {p.name}")
        if p.default is not None:
            try:
                check_parameter_arrays(func[:-2], (p.name,), {p.name: p.default},
                                       rules={p.name: p.bounds})
            except InvalidParameterError:
                fail(f"have the default of {p.name} inside its domain ({p.rule()})")
    settings = getattr(cls, "SETTINGS", ())
    if not isinstance(settings, tuple) or not all(isinstance(n, str) for n in settings):
        fail("have SETTINGS, a tuple of field names")
    if is_dataclass(cls):
        fnames = [f.name for f in fields(cls)]
        if fnames != pnames + list(settings):
            fail(f"list its dataclass fields {fnames} as PARAMETERS then SETTINGS, in order "
                 f"(PARAMETERS: {pnames}, SETTINGS: {list(settings)})")
    if not issubclass(cls, Model) or getattr(cls._compute, "__func__", None) is \
            Model._compute.__func__:
        fail("be a Model subclass that defines _compute(p, metrics, rng)")
    metrics = getattr(cls, "METRICS", None)
    if not isinstance(metrics, tuple) or not metrics or not all(
            isinstance(m, Metric) for m in metrics):
        fail("have METRICS, a non-empty tuple of Metric")
    mnames = [m.name for m in metrics]
    if len(set(mnames)) != len(mnames) or "degenerate" in mnames:
        fail(f"have distinct metric names other than 'degenerate' (METRICS: {mnames})")
    for m in metrics:
        if not m.description:
            fail(f"describe every metric ({m.name!r} has no description)")
        if m.dtype not in _DTYPES:
            fail(f"give each metric a dtype among {_DTYPES} ({m.name!r}: {m.dtype!r})")
        if m.flag_meanings and m.dtype not in ("int8", "int64"):
            fail(f"give flag_meanings only to integer codes ({m.name!r})")
    if tuple(getattr(cls, "parameters", ())) != tuple(pnames):
        fail("have parameters equal to the names of PARAMETERS")
    bounds = dict(getattr(cls, "parameter_bounds", {}))
    if any(bounds.get(p.name, (None, None, False, False)) != p.bounds
           and (p.low is not None or p.high is not None) for p in params):
        fail("have parameter_bounds equal to the bounds of PARAMETERS")
    if dict(getattr(cls, "sweep_metrics", {})) != {m.name: m.description for m in metrics}:
        fail("have sweep_metrics equal to the descriptions of METRICS")
    evaluate = getattr(cls, "evaluate", None)
    if not callable(evaluate):
        fail("have a classmethod evaluate(params, metrics=None, *, rng=None)")
    try:
        sig = inspect.signature(evaluate)
    except (TypeError, ValueError):  # pragma: no cover - builtins
        fail("have an inspectable evaluate")
    names = list(sig.parameters)
    if names[:2] != ["params", "metrics"] or "rng" not in sig.parameters:
        fail(f"have evaluate(params, metrics=None, *, rng=None) (has {names})")
    to_game = getattr(cls, "to_game", None)
    if to_game is None:
        if not getattr(cls, "no_game_reason", ""):
            fail("have to_game(), or to_game = None with a no_game_reason")
    elif not callable(to_game):
        fail("have a callable to_game")
    critical = getattr(cls, "critical_values", None)
    if critical is not None and not callable(critical):
        fail("have a callable critical_values (or none)")
    return cls


def register(*classes) -> Mapping[str, type]:
    """The registry ``name -> class`` of the given models, each checked by
    :func:`check_model` (a read-only mapping, in the order given).

    Raises
    ------
    InvalidParameterError
        A class breaks the protocol, or two share a name.
    """
    out: dict = {}
    for cls in classes:
        check_model(cls)
        if cls.name in out:
            raise InvalidParameterError(
                f"register(): model names must be distinct; got {cls.name!r} twice")
        out[cls.name] = cls
    return MappingProxyType(out)


def provenance(cls) -> dict:
    """What a sweep records about the model (netCDF-safe strings).

    Returns
    -------
    dict
        ``model`` (registry name), ``model_class`` (module and qualified name),
        ``solver`` (``cls.method``), ``references`` (joined by ``"; "``),
        ``secdilemma_version``.

    Examples
    --------
    >>> from secdilemma.models import SecurityDilemmaModel
    >>> from secdilemma.models.protocol import provenance
    >>> provenance(SecurityDilemmaModel)["model"]
    'security_dilemma'
    """
    return {
        "model": cls.name,
        "model_class": f"{cls.__module__}.{cls.__qualname__}",
        "solver": cls.method,
        "references": "; ".join(cls.references),
        "secdilemma_version": __version__,
    }
