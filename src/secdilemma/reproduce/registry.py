"""The registry of named, cited reproductions of published results: a static list.

A :class:`Reproduction` bundles a ``compute()`` (returns the data, an
:class:`xarray.Dataset`), a ``check(data)`` (returns the checked numbers as
:class:`Check` records: the value the package computes beside the published value) and a
``draw(data, ax)`` (a figure function of :mod:`secdilemma.plotting`). :data:`ENTRIES`
lists every reproduction of the entry modules, in order; nothing registers itself at
import. :func:`run` writes the figure (PDF and PNG) and the data (NetCDF, or CSV when no
NetCDF engine is installed) and returns the checks; :func:`run_all` runs several entries
and writes ``REPORT.md``.
"""

from __future__ import annotations

import importlib.util
import json
import numbers
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np

from .._version import __version__
from ..errors import InvalidParameterError
from ..plotting.style import publication_style
from . import gradual, jervis, kydd, reassurance, repeated, strategic_risk, technology
from . import misperception, monitoring, power_shift
from .entry import Check, Reproduction

__all__ = [
    "Check",
    "Reproduction",
    "ENTRIES",
    "REGISTRY",
    "get",
    "names",
    "run",
    "run_all",
    "write_report",
    "format_value",
    "netcdf_engine",
]

#: Every reproduction, in the order of the report.
ENTRIES: tuple[Reproduction, ...] = (
    *jervis.ENTRIES,
    *kydd.ENTRIES,
    *strategic_risk.ENTRIES,
    *repeated.ENTRIES,
    *reassurance.ENTRIES,
    *technology.ENTRIES,
    *gradual.ENTRIES,
    *power_shift.ENTRIES,
    *monitoring.ENTRIES,
    *misperception.ENTRIES,
)

#: The reproductions by name (built from :data:`ENTRIES`).
REGISTRY: dict[str, Reproduction] = {entry.name: entry for entry in ENTRIES}
if len(REGISTRY) != len(ENTRIES):  # a name listed twice would hide an entry
    raise InvalidParameterError(
        f"reproduce.registry: entry names must be distinct; got "
        f"{sorted(n for n in REGISTRY if sum(e.name == n for e in ENTRIES) > 1)}"
    )


def names() -> list[str]:
    """The names of every reproduction, in the order of :data:`ENTRIES`.

    Examples
    --------
    >>> from secdilemma.reproduce import names
    >>> names()[:2]
    ['jervis-offense-defense', 'stag-hunt-trust-threshold']
    """
    return list(REGISTRY)


def get(name: str) -> Reproduction:
    """The reproduction named ``name``.

    Parameters
    ----------
    name : str

    Returns
    -------
    Reproduction

    Raises
    ------
    InvalidParameterError
        For an unknown name (the message lists the known ones).

    Examples
    --------
    >>> from secdilemma.reproduce import get
    >>> get("stag-hunt-trust-threshold").citation
    'jervis1978, kydd2005, harsanyi1988'
    """
    try:
        return REGISTRY[name]
    except KeyError:
        raise InvalidParameterError(
            f"get(): name must be one of {list(REGISTRY)}; got {name!r}"
        ) from None


def netcdf_engine() -> str | None:
    """The xarray NetCDF engine available here, or None.

    Returns
    -------
    str or None
        ``"netcdf4"``, ``"h5netcdf"`` or ``"scipy"`` (which writes NetCDF-3), in that
        order of preference.

    Examples
    --------
    >>> netcdf_engine() in ("netcdf4", "h5netcdf", "scipy", None)
    True
    """
    for module, engine in (("netCDF4", "netcdf4"), ("h5netcdf", "h5netcdf"),
                           ("scipy.io", "scipy")):
        if importlib.util.find_spec(module.split(".")[0]) is not None:
            return engine
    return None


def _clean_attrs(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes a NetCDF file can hold: str, numbers and numeric arrays."""
    out = {}
    for key, value in attrs.items():
        if isinstance(value, (bool, np.bool_)):
            out[key] = int(value)
        elif isinstance(value, str):
            out[key] = value
        elif isinstance(value, (numbers.Integral, np.integer)):
            out[key] = int(value)
        elif isinstance(value, (float, np.floating)):
            out[key] = float(value)
        elif isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
            out[key] = value
        elif isinstance(value, (list, tuple)) and value and all(
                isinstance(v, (numbers.Real, np.number)) and not isinstance(v, bool)
                for v in value):
            out[key] = np.asarray(value)
        elif isinstance(value, Mapping):
            out[key] = json.dumps(value, default=str, sort_keys=True)
        else:
            out[key] = str(value)
    return out


def _as_dataset(data: Any):
    import xarray as xr  # measured import cost: loaded on first use

    if isinstance(data, xr.Dataset):
        return data
    if isinstance(data, Mapping):
        return xr.Dataset({k: xr.DataArray(np.asarray(v)).rename(
            {d: f"{k}_dim{i}" for i, d in enumerate(xr.DataArray(np.asarray(v)).dims)})
            for k, v in data.items()})
    raise InvalidParameterError(
        f"run(): compute() must return an xarray.Dataset or a dict of arrays; got "
        f"{type(data).__name__}"
    )


def _write_data(data: Any, stem: Path) -> Path:
    """Write the data as NetCDF when possible, else CSV; return the path written."""
    ds = _as_dataset(data).copy()
    ds.attrs = _clean_attrs(ds.attrs)
    for name in ds.variables:
        ds[name].attrs = _clean_attrs(ds[name].attrs)
    engine = netcdf_engine()
    if engine is not None:
        path = stem.with_suffix(".nc")
        try:
            ds.to_netcdf(path, engine=engine)
            return path
        except (TypeError, ValueError):  # a type this engine cannot store: fall back
            path.unlink(missing_ok=True)
    path = stem.with_suffix(".csv")
    ds.to_dataframe().to_csv(path)
    return path


def run(name: str, out_dir: str | Path, *, formats: Iterable[str] = ("pdf", "png")) -> list[Check]:
    """Run one reproduction: compute, check, draw; write figure and data to ``out_dir``.

    Writes ``<name>.pdf``, ``<name>.png`` (one file per format) and ``<name>.nc``
    (``<name>.csv`` when no NetCDF engine is installed).

    Parameters
    ----------
    name : str
        A key of :data:`REGISTRY` (see :func:`names`).
    out_dir : str or pathlib.Path
        Output directory (created if missing).
    formats : iterable of str
        Figure formats.

    Returns
    -------
    list of Check

    Examples
    --------
    >>> import tempfile
    >>> checks = run("stag-hunt-trust-threshold", tempfile.mkdtemp())
    >>> all(c.passed for c in checks)
    True
    """
    from matplotlib.figure import Figure  # matplotlib on first use (measured import cost)

    entry = get(name)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = entry.compute()
    checks = list(entry.check(data))
    with publication_style():
        fig = Figure(figsize=entry.figsize)
        ax = fig.add_subplot()
        entry.draw(data, ax)
        for fmt in formats:
            fig.savefig(out / f"{name}.{fmt}", format=fmt)
    _write_data(data, out / name)
    return checks


def format_value(value: Any) -> str:
    """Format a checked value for a table: Fractions as ``p/q``, floats in full
    (shortest repr that round-trips, so no difference is hidden by rounding).

    Examples
    --------
    >>> from fractions import Fraction
    >>> format_value(Fraction(3, 4)), format_value(0.1 + 0.2), format_value("harmony")
    ('3/4', '0.30000000000000004', 'harmony')
    """
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    return str(value)


def write_report(results: Mapping[str, list[Check]], path: str | Path) -> Path:
    """Write a Markdown report with one table row per check.

    Parameters
    ----------
    results : mapping
        Reproduction name -> list of :class:`Check`.
    path : str or pathlib.Path

    Returns
    -------
    pathlib.Path
    """
    total = sum(len(c) for c in results.values())
    passed = sum(ch.passed for c in results.values() for ch in c)
    lines = [
        "# secdilemma reproduction report",
        "",
        f"secdilemma {__version__}: {passed} of {total} checks passed.",
        "",
    ]
    for name, checks in results.items():
        entry = get(name)
        lines += [
            f"## {name}",
            "",
            f"{entry.title} (cite: `{entry.citation}`). Figure: `{name}.pdf`, `{name}.png`.",
            "",
            "| check | computed | expected | tolerance | result |",
            "|---|---|---|---|---|",
        ]
        for ch in checks:
            cells = [ch.name, format_value(ch.computed), format_value(ch.expected),
                     f"{ch.tol:g}", "PASS" if ch.passed else "**FAIL**"]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    path = Path(path)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run_all(out_dir: str | Path, *, names: Iterable[str] | None = None) -> dict[str, list[Check]]:
    """Run several reproductions (all by default) and write ``out_dir/REPORT.md``.

    Parameters
    ----------
    out_dir : str or pathlib.Path
    names : iterable of str, optional
        The entries to run (default: every registered one).

    Returns
    -------
    dict
        Name -> list of :class:`Check`.
    """
    selected = list(names) if names is not None else list(REGISTRY)
    for name in selected:
        get(name)  # fail early on an unknown name
    results = {name: run(name, out_dir) for name in selected}
    write_report(results, Path(out_dir) / "REPORT.md")
    return results
