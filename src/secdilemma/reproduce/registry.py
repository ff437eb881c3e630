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
import multiprocessing
import numbers
import platform
import subprocess
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from datetime import datetime, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import numpy as np

from .._version import __version__
from ..errors import InvalidParameterError
from ..plotting.style import publication_style
from . import gradual, jervis, kydd, reassurance, repeated, strategic_risk, technology
from . import misperception, monitoring, power_shift
from .captions import CAPTIONS, compose
from .entry import Check, Reproduction
from .sources import SOURCES, Source

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
    "provenance",
    "Source",
]

_MODULE_ENTRIES = (
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
_UNSOURCED = [e.name for e in _MODULE_ENTRIES if e.name not in SOURCES]
if _UNSOURCED:  # every reproduction says where it comes from
    raise InvalidParameterError(
        f"reproduce.registry: every entry must have a Source in reproduce.sources.SOURCES; "
        f"got none for {_UNSOURCED}")

_UNCAPTIONED = [e.name for e in _MODULE_ENTRIES if not (e.caption or CAPTIONS.get(e.name))]
if _UNCAPTIONED:  # every figure has a caption
    raise InvalidParameterError(
        f"reproduce.registry: every entry must have a caption in reproduce.captions.CAPTIONS; "
        f"got none for {_UNCAPTIONED}")


def _complete(e: Reproduction) -> Reproduction:
    """The entry with its Source and its caption (body and source sentence)."""
    source = e.source if e.source is not None else SOURCES[e.name]
    return replace(e, source=source, caption=compose(e.caption or CAPTIONS[e.name], source))


#: Every reproduction, in the order of the report, each with its :class:`Source` and its
#: caption.
ENTRIES: tuple[Reproduction, ...] = tuple(_complete(e) for e in _MODULE_ENTRIES)

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


def provenance() -> dict[str, str]:
    """Where and with what a report was made: package version and git commit, versions of
    Python and the scientific stack, date (UTC) and platform.

    The commit is read with ``git rev-parse HEAD`` in the package's source directory
    ("unknown" outside a git checkout or without git); a checkout with uncommitted
    changes is marked ``(modified)``.

    Returns
    -------
    dict
        ``secdilemma``, ``git commit``, ``python``, ``numpy``, ``scipy``,
        ``matplotlib``, ``xarray``, ``date``, ``platform`` -> str.

    Examples
    --------
    >>> info = provenance()
    >>> sorted(info)[:3]
    ['date', 'git commit', 'matplotlib']
    """
    import importlib.metadata as metadata

    info = {"secdilemma": __version__, "git commit": _git_commit()}
    info["python"] = platform.python_version()
    for dist in ("numpy", "scipy", "matplotlib", "xarray"):
        try:
            info[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            info[dist] = "not installed"
    info["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    info["platform"] = f"{platform.platform()} ({platform.machine()}), {sys.implementation.name}"
    return info


def _git_commit() -> str:
    """The commit of the git checkout holding this file, or "unknown"."""
    here = Path(__file__).resolve().parent
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
                              text=True, timeout=10)
        if head.returncode != 0:
            return "unknown"
        commit = head.stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=here, capture_output=True, text=True, timeout=10)
        return commit + (" (modified)" if dirty.returncode == 0 and dirty.stdout.strip()
                         else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def write_report(results: Mapping[str, list[Check]], path: str | Path, *,
                 seconds: Mapping[str, float] | None = None) -> Path:
    """Write a Markdown report: provenance, then per reproduction its figure with its
    caption, its source (published element, published model or derived, with full
    citations), wall time and one table row per check.

    Parameters
    ----------
    results : mapping
        Reproduction name -> list of :class:`Check`.
    path : str or pathlib.Path
    seconds : mapping, optional
        Reproduction name -> wall time in seconds.

    Returns
    -------
    pathlib.Path
    """
    seconds = dict(seconds or {})
    total = sum(len(c) for c in results.values())
    passed = sum(ch.passed for c in results.values() for ch in c)
    lines = [
        "# secdilemma reproduction report",
        "",
        f"secdilemma {__version__}: {passed} of {total} checks passed.",
        "",
        "## Provenance",
        "",
        "| field | value |",
        "|---|---|",
    ]
    for key, value in provenance().items():
        lines.append(f"| {key} | {value} |")
    if seconds:
        lines.append(f"| total wall time | {sum(seconds.values()):.1f} s |")
    lines += ["", "## Summary", "", "| reproduction | source | checks passed | wall time |",
              "|---|---|---|---|"]
    for name, checks in results.items():
        entry = get(name)
        wall = f"{seconds[name]:.1f} s" if name in seconds else "not timed"
        lines.append(f"| {name} | {_label(entry)} | {sum(c.passed for c in checks)}/"
                     f"{len(checks)} | {wall} |")
    lines.append("")
    for name, checks in results.items():
        entry = get(name)
        src = entry.source.describe() if entry.source is not None else "unknown"
        wall = f"{seconds[name]:.1f} s" if name in seconds else "not timed"
        lines += [
            f"## {name}",
            "",
            f"{entry.title}. Figure: `{name}.pdf`, `{name}.png`. Wall time: {wall}.",
            "",
            f"![{name}]({name}.png)",
            "",
            f"*Figure ({name}).* {_markdown_text(entry.caption)}",
            "",
            f"Source: {src}",
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


def _markdown_text(text: str) -> str:
    """``text`` for a Markdown paragraph: asterisks outside ``$...$`` math escaped (so
    that ``π*`` ... ``p*`` is not read as emphasis)."""
    parts = text.split("$")
    return "$".join(p.replace("*", r"\*") if i % 2 == 0 else p for i, p in enumerate(parts))


def _label(entry: Reproduction) -> str:
    return entry.source.label if entry.source is not None else "unknown"


def _run_timed(name: str, out_dir: str) -> tuple[list[Check], float, list]:
    """:func:`run` in a worker process: the checks, the wall time, and the warnings
    raised (category, message), for the parent to issue once."""
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        checks = run(name, out_dir)
    raised = [(w.category, str(w.message)) for w in caught]
    return checks, time.perf_counter() - start, raised


def run_all(out_dir: str | Path, *, names: Iterable[str] | None = None,
            on_result: Callable[[str, list, float], Any] | None = None,
            jobs: int = 1) -> dict[str, list[Check]]:
    """Run several reproductions (all by default) and write ``out_dir/REPORT.md``.

    Parameters
    ----------
    out_dir : str or pathlib.Path
    names : iterable of str, optional
        The entries to run (default: every registered one).
    on_result : callable, optional
        Called as ``on_result(name, checks, seconds)`` as each reproduction finishes
        (the command line prints one line per reproduction with it).
    jobs : int
        Reproductions run at once, each in its own process (1: one after the other, in
        this process). The results, the files and ``REPORT.md`` do not depend on it;
        warnings raised in a worker are issued here, once each.

    Returns
    -------
    dict
        Name -> list of :class:`Check`, in the order of ``names``.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, numbers.Integral) or jobs < 1:
        raise InvalidParameterError(f"run_all(): jobs must be an integer >= 1; got {jobs!r}")
    selected = list(names) if names is not None else list(REGISTRY)
    for name in selected:
        get(name)  # fail early on an unknown name
    results, seconds = {}, {}
    if jobs == 1 or len(selected) < 2:
        for name in selected:
            start = time.perf_counter()
            results[name] = run(name, out_dir)
            seconds[name] = time.perf_counter() - start
            if on_result is not None:
                on_result(name, results[name], seconds[name])
    else:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        seen = set()
        # the longest first keeps the workers busy to the end (measured order of cost)
        order = sorted(selected, key=lambda n: -_COST.get(n, 1.0))
        with ProcessPoolExecutor(max_workers=min(jobs, len(selected)),
                                 mp_context=_pool_context()) as pool:
            futures = {pool.submit(_run_timed, name, str(out_dir)): name for name in order}
            for future in as_completed(futures):
                name = futures[future]
                checks, spent, raised = future.result()
                for category, message in raised:
                    if (category, message) not in seen:
                        seen.add((category, message))
                        warnings.warn(message, category, stacklevel=2)
                results[name], seconds[name] = checks, spent
                if on_result is not None:
                    on_result(name, checks, spent)
        results = {name: results[name] for name in selected}
    write_report(results, Path(out_dir) / "REPORT.md", seconds=seconds)
    return results


#: Relative cost of the slow reproductions (seconds on a 2-core machine), so that a
#: pool starts them first; the others count as 1.
_COST = {"jervis-four-worlds": 7.0, "jervis-offense-defense": 4.0,
         "critical-discount-factors": 3.5, "global-game-cutoff": 2.5}


def _pool_context():
    """Fork where the platform has it (no re-import per worker), spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
