"""The ``secdilemma`` command.

::

    secdilemma --version
    secdilemma models                                   # list the models
    secdilemma solve GAME.toml|GAME.nfg [--method M] [--exact] [--latex]
    secdilemma solve GAME.efg [--normal-form] [--exact] [--latex]
    secdilemma reproduce --list
    secdilemma reproduce NAME|all --out DIR [--force]   # figure + data + checked numbers
    secdilemma sweep EXPERIMENT.toml [--executor N|serial|tcp://HOST:PORT]
                     [--chunk-size N] [--checkpoint DIR] [--progress/--no-progress]
                     [--out FILE.nc] [--force]
    secdilemma plot RESULT.nc [--out FIG.png] [--metric NAME] [--x PARAM] [--y PARAM]
                    [--force]

Errors raised by the package are printed as one line on stderr with exit code 2 (no
traceback); ``reproduce`` exits with 1 when a check fails. No command overwrites an
existing file without ``--force`` (checked before any computing). Warnings (e.g. an
incomplete or degenerate result) are printed as one ``secdilemma CMD: warning: ...``
line on stderr; ``sweep --progress`` shows tqdm's bar when tqdm is installed, else a
one-line text report.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Sequence

import numpy as np

from . import reproduce
from ._version import __version__
from .analysis.sweep import sweep
from .errors import InvalidParameterError, SecDilemmaError
from .io import read_game
from .io.gambit import read_efg, read_nfg
from .io.experiment import load_experiment
from .models import MODELS
from .solvers.extensive import solve_spe
from .solvers.nash import METHODS, solve_nash

__all__ = ["main", "build_parser"]

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``secdilemma`` command.

    Examples
    --------
    >>> build_parser().parse_args(["solve", "game.toml", "--exact"]).exact
    True
    """
    parser = argparse.ArgumentParser(
        prog="secdilemma",
        description="Game-theoretic models of the security dilemma: solve games, list "
                    "models, regenerate published figures with checked numbers.",
    )
    parser.add_argument("--version", action="version", version=f"secdilemma {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("models", help="list the models and what they describe",
                   description="List the models (name, summary, parameters).")

    solve = sub.add_parser("solve", help="compute the equilibria of a game file",
                           description="Compute the Nash equilibria of a game given as a "
                                       "JSON or TOML file (keys: A and B, or payoffs; "
                                       "optional players, actions) or a Gambit .nfg file; "
                                       "the subgame-perfect equilibria of a Gambit .efg "
                                       "file (backward induction), or with --normal-form "
                                       "the Nash equilibria of its reduced normal form.")
    solve.add_argument("gamefile", metavar="GAMEFILE",
                       help="a .json, .toml, .nfg or .efg game file")
    solve.add_argument("--method", default="auto", choices=METHODS,
                       help="algorithm (default: auto = every extreme equilibrium)")
    solve.add_argument("--exact", action="store_true",
                       help="compute in exact rational arithmetic")
    solve.add_argument("--latex", action="store_true",
                       help="print a booktabs LaTeX table instead of the description")
    solve.add_argument("--normal-form", action="store_true",
                       help="(.efg) every Nash equilibrium of the reduced normal form "
                            "instead of the subgame-perfect equilibria")

    rep = sub.add_parser("reproduce", help="regenerate a published result with checks",
                         description="Regenerate a published figure, its data and the "
                                     "checked numbers; exit status 1 if a check fails.")
    rep.add_argument("name", nargs="?", metavar="NAME",
                     help="a reproduction name (see --list), or 'all'")
    rep.add_argument("--out", default="figures", metavar="DIR",
                     help="output directory (default: ./figures)")
    rep.add_argument("--list", action="store_true", help="list the reproductions")
    rep.add_argument("--force", action="store_true",
                     help="overwrite the files of these reproductions in DIR")
    rep.add_argument("--jobs", type=int, default=None, metavar="N",
                     help="reproductions run at once, one process each (default: the "
                          "number of CPUs)")
    rep.add_argument("--verbose", action="store_true",
                     help="also print every check (computed, expected, tolerance); with "
                          "--list, every figure's caption")

    sw = sub.add_parser("sweep", help="run the parameter sweep of an experiment file",
                        description="Run the sweep described by an experiment TOML file "
                                    "(model, grid, fixed, metrics, output) and write the "
                                    "dataset as netCDF: streamed chunk by chunk into a "
                                    "compressed netCDF-4 file when h5netcdf is installed "
                                    "(secdilemma[io]), else held in memory.")
    sw.add_argument("experiment", metavar="EXPERIMENT", help="an experiment .toml file")
    sw.add_argument("--executor", default="serial", metavar="N|serial|tcp://HOST:PORT",
                    help="'serial' (default), a number of worker processes, or the address "
                         "of a dask scheduler")
    sw.add_argument("--chunk-size", type=int, default=None, metavar="N",
                    help="points per chunk (default: the file's, else 65536)")
    sw.add_argument("--checkpoint", default=None, metavar="DIR",
                    help="directory for per-chunk checkpoints; rerun to resume")
    sw.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="show a progress bar (default: when stderr is a terminal)")
    sw.add_argument("--out", default=None, metavar="FILE.nc",
                    help="output netCDF file (default: the file's [output] path)")
    sw.add_argument("--force", action="store_true",
                    help="overwrite the output file if it exists")

    pl = sub.add_parser("plot", help="draw a figure of a sweep's netCDF result",
                        description="Draw one metric of a sweep's result (a netCDF file "
                                    "written by 'secdilemma sweep' or sweep(output=...)): "
                                    "a categorical metric as a regime map, a numeric one "
                                    "as a heat map with contour lines, or a line over a "
                                    "single parameter.")
    pl.add_argument("result", metavar="RESULT.nc", help="a netCDF file written by a sweep")
    pl.add_argument("--out", default=None, metavar="FIG.png",
                    help="the figure (.png, .pdf or .svg; default: RESULT.png)")
    pl.add_argument("--metric", default=None, metavar="NAME",
                    help="the variable drawn (default: the first)")
    pl.add_argument("--x", default=None, metavar="PARAM",
                    help="parameter on the horizontal axis (default: the first swept)")
    pl.add_argument("--y", default=None, metavar="PARAM",
                    help="parameter on the vertical axis (default: the second swept)")
    pl.add_argument("--force", action="store_true",
                    help="overwrite the figure if it exists")
    return parser


def _cmd_models(args, out) -> int:
    width = max(len(name) for name in MODELS)
    for name, cls in MODELS.items():
        print(f"{name:<{width}}  {cls.summary}", file=out)
        print(f"{'':<{width}}  parameters: {', '.join(cls.parameters)}", file=out)
    return EXIT_OK


def _cmd_solve(args, out) -> int:
    suffix = Path(args.gamefile).suffix.lower()
    if suffix == ".efg":
        game = read_efg(args.gamefile)
        if args.normal_form:
            result = solve_nash(game.reduced_normal_form(), method=args.method,
                                exact=args.exact)
            how = ("extensive game (.efg): Nash equilibria of its reduced normal form "
                   "(solve_nash)")
        else:
            if args.latex:
                raise InvalidParameterError(
                    "solve: --latex tabulates normal-form equilibria; for an .efg file "
                    "pass --normal-form with it")
            if args.method != "auto":
                raise InvalidParameterError(
                    f"solve: --method applies to normal-form games; an .efg file is "
                    f"solved by backward induction (or pass --normal-form); got "
                    f"--method {args.method}")
            result = solve_spe(game, exact=args.exact)
            how = ("extensive game (.efg): subgame-perfect equilibria by backward "
                   "induction (solve_spe); --normal-form for all Nash equilibria")
    else:
        if args.normal_form:
            raise InvalidParameterError(
                f"solve: --normal-form applies to .efg files; got {args.gamefile}")
        game = read_nfg(args.gamefile) if suffix == ".nfg" else read_game(args.gamefile)
        result = solve_nash(game, method=args.method, exact=args.exact)
        how = None
    if args.latex:
        out.write(result.to_latex())
    else:
        if how is not None:
            print(how, file=out)
        print(result.describe(), file=out)
    return EXIT_OK


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[k]) for r in [header] + rows) for k in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def _cmd_reproduce(args, out, err) -> int:
    if args.list:
        rows = [[n, getattr(reproduce.get(n).source, "label", "unknown"),
                 reproduce.get(n).citation, reproduce.get(n).title] for n in reproduce.names()]
        print(_table(rows, ["name", "source", "cite", "title"]), file=out)
        if args.verbose:  # every figure's caption (what is drawn, parameters, source)
            for n in reproduce.names():
                print(f"\n{n}\n  {reproduce.get(n).caption}", file=out)
        print("\nsource: published = reproduces a named element of the publication; model = "
              "a published model at our parameter values; derived = our formalisation of a "
              "verbal argument. Full citations and elements: REPORT.md.", file=out)
        return EXIT_OK
    if not args.name:
        print("secdilemma reproduce: give a NAME (see --list) or 'all'", file=err)
        return EXIT_ERROR
    selected = reproduce.names() if args.name == "all" else [args.name]
    if not args.force:
        _refuse_overwrite("reproduce", _reproduce_outputs(args.out, selected))
    width = max(len(n) for n in selected)
    elapsed = []

    def progress(name, checks, seconds):
        elapsed.append(seconds)
        ok = sum(ch.passed for ch in checks)
        flag = "ok" if ok == len(checks) else "FAILED"
        tally = f"{ok}/{len(checks)}"
        print(f"{name.ljust(width)}  {tally:>7} checks  {seconds:6.1f} s  {flag}", file=out,
              flush=True)

    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        print(f"secdilemma reproduce: error: --jobs must be >= 1; got {jobs}", file=err)
        return 2
    started = time.perf_counter()
    results = reproduce.run_all(args.out, names=selected, on_result=progress, jobs=jobs)
    wall = time.perf_counter() - started
    total = sum(len(c) for c in results.values())
    failed = [(name, ch) for name, checks in results.items() for ch in checks if not ch.passed]
    if args.verbose:
        rows = [[name, ch.name, reproduce.format_value(ch.computed),
                 reproduce.format_value(ch.expected), f"{ch.tol:g}",
                 "PASS" if ch.passed else "FAIL"]
                for name, checks in results.items() for ch in checks]
        print("\n" + _table(rows, ["reproduction", "check", "computed", "expected", "tol",
                                   "result"]), file=out)
    elif failed:
        print("\nfailed checks:", file=out)
        for name, ch in failed:
            print(f"  {name}: {ch.name}: computed {reproduce.format_value(ch.computed)}, "
                  f"expected {reproduce.format_value(ch.expected)} (tol {ch.tol:g})", file=out)
    bad = sorted({name for name, _ in failed})
    print(f"\n{len(results)} reproductions, {total - len(failed)} of {total} checks passed"
          + (f" ({len(bad)} reproductions with failures: {', '.join(bad)})" if bad else "")
          + f" in {wall:.1f} s ({jobs} at a time; {sum(elapsed):.1f} s in all); figures, "
          "data and REPORT.md "
          f"(sources, provenance, every check) written to {args.out}", file=out)
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _reproduce_outputs(out_dir: str, names) -> list:
    """The files in ``out_dir`` that reproducing ``names`` would overwrite: each
    entry's ``<name>.*`` (figures, data) and ``REPORT.md``."""
    out = Path(out_dir)
    if not out.is_dir():
        return []
    found = [p for name in names for p in sorted(out.glob(f"{name}.*")) if p.is_file()]
    if (out / "REPORT.md").exists():
        found.append(out / "REPORT.md")
    return found


def _refuse_overwrite(command: str, existing, hint: str = "choose another --out") -> None:
    existing = [str(p) for p in existing]
    if existing:
        shown = ", ".join(existing[:3]) + (f" and {len(existing) - 3} more"
                                           if len(existing) > 3 else "")
        raise InvalidParameterError(
            f"{command}: the output {'files exist' if len(existing) > 1 else 'file exists'}"
            f" ({shown}); pass --force to overwrite, or {hint}")


def _write_netcdf(ds, target: str, *, force: bool) -> None:
    """Write ``ds`` to ``target`` through a temporary file in the same folder, moved
    into place at the end (never a half-written file; no overwrite without force)."""
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".secdilemma-", suffix=".nc.tmp", dir=folder)
    os.close(fd)
    try:
        ds.to_netcdf(tmp)
        if force:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails if target appeared meanwhile
            os.unlink(tmp)
    except FileExistsError:
        os.unlink(tmp)
        _refuse_overwrite("sweep", [target])
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _parse_executor(text: str):
    """'serial' -> None, '4' -> 4, 'tcp://host:8786' -> a dask Client."""
    if text == "serial":
        return None
    if "://" in text:
        try:
            from dask.distributed import Client
        except ImportError:
            raise InvalidParameterError(
                "--executor: a scheduler address needs dask.distributed (pip install "
                "'secdilemma[distributed]')") from None
        return Client(text)
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise InvalidParameterError(f"--executor must be 'serial', a positive number of "
                                    f"workers or a scheduler address; got {text!r}")
    return n


def _can_stream() -> bool:
    """Whether h5netcdf and h5py are installed (the ``io`` extra)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("h5netcdf", "h5py"))


def _move_into_place(tmp: str, target: str, *, force: bool,
                     command: str = "sweep") -> None:
    """Move a finished file to ``target`` (never over an existing one without force)."""
    try:
        if force:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails if target appeared meanwhile
            os.unlink(tmp)
    except FileExistsError:
        os.unlink(tmp)
        _refuse_overwrite(command, [target])


def _cmd_sweep(args, out, err) -> int:
    import uuid

    exp = load_experiment(args.experiment)
    target = args.out if args.out is not None else exp.output
    if target is not None and not args.force:
        if Path(target).exists():
            _refuse_overwrite("sweep", [target])
    if exp.figure is not None:  # checked before any computing, as the netCDF file
        _check_figure_path("sweep", exp.figure["path"], force=args.force,
                           hint="change [figure] path")
    kwargs = exp.sweep_kwargs()
    if args.chunk_size is not None:
        kwargs["chunk_size"] = args.chunk_size
    progress = err.isatty() if args.progress is None else args.progress
    executor = _parse_executor(args.executor)
    stream = None  # with an output file: stream the chunks into it (compressed netCDF-4)
    if target is not None:
        if _can_stream():
            folder = os.path.dirname(os.path.abspath(str(target)))
            stream = os.path.join(folder, f".secdilemma-{uuid.uuid4().hex}.nc.tmp")
            kwargs["output"] = stream
        else:
            print("secdilemma sweep: h5netcdf is not installed: the sweep is held in "
                  "memory and written as uncompressed netCDF at the end (pip install "
                  "'secdilemma[io]' to stream it into a compressed netCDF-4 file)",
                  file=err)
    t0 = time.perf_counter()
    try:
        ds = sweep(executor=executor, progress=progress, checkpoint=args.checkpoint,
                   **kwargs)
    except BaseException:
        if stream is not None and os.path.exists(stream):
            os.unlink(stream)
        raise
    finally:
        if hasattr(executor, "close"):
            executor.close()
    elapsed = time.perf_counter() - t0
    points = int(np.prod([ds.sizes[d] for d in ds.dims]))
    print(f"model: {exp.model}; grid: "
          + " x ".join(f"{d} ({ds.sizes[d]})" for d in ds.dims)
          + f" = {points:,} points; metrics: {', '.join(ds.data_vars)}", file=out)
    print(f"executor: {args.executor}; {elapsed:.3f} s ({points / max(elapsed, 1e-9):,.0f} "
          f"points/s); degenerate points: {ds.attrs['degenerate_points']}", file=out)
    if target is None:
        print(ds, file=out)
    elif stream is not None:
        ds.close()
        _move_into_place(stream, str(target), force=args.force)
        print(f"written: {target} (netCDF-4, zlib-compressed, "
              f"{os.path.getsize(target) / 2**20:,.1f} MiB)", file=out)
    else:
        _write_netcdf(ds, str(target), force=args.force)
        print(f"written: {target}", file=out)
    if exp.figure is not None:
        fig = exp.figure
        if stream is not None:  # the streamed dataset is closed: read the file back
            import xarray as xr  # lazily imported (import cost)

            ds = xr.open_dataset(target)
        try:
            _save_figure("sweep", ds, fig["path"], metric=fig["metric"], x=fig["x"],
                         y=fig["y"], force=args.force)
        finally:
            if stream is not None:
                ds.close()
        print(f"written: {fig['path']} ({fig['metric'] or next(iter(ds.data_vars))})",
              file=out)
    return EXIT_OK


FIGURE_FORMATS = (".png", ".pdf", ".svg")


def _check_figure_path(command: str, target, *, force: bool,
                       hint: str = "choose another --out") -> None:
    suffix = Path(target).suffix.lower()
    if suffix not in FIGURE_FORMATS:
        raise InvalidParameterError(
            f"{command}: the figure must be a {', '.join(FIGURE_FORMATS)} file; got "
            f"{str(target)!r}")
    if not force and Path(target).exists():
        _refuse_overwrite(command, [target], hint)


def _save_figure(command: str, ds, target, *, metric=None, x=None, y=None,
                 force: bool) -> None:
    """Draw ``metric`` of ``ds`` (:func:`~secdilemma.plotting.sweep_plot`) and save it
    to ``target`` through a temporary file moved into place."""
    from .plotting.sweep_plot import sweep_plot  # matplotlib: imported on first use

    ax = sweep_plot(ds, metric, x=x, y=y)
    folder = os.path.dirname(os.path.abspath(str(target)))
    suffix = Path(target).suffix.lower()
    fd, tmp = tempfile.mkstemp(prefix=".secdilemma-", suffix=suffix, dir=folder)
    os.close(fd)
    try:
        ax.figure.savefig(tmp, dpi=300, bbox_inches="tight", format=suffix[1:])
    except BaseException:
        os.unlink(tmp)
        raise
    _move_into_place(tmp, str(target), force=force, command=command)


def _cmd_plot(args, out) -> int:
    import xarray as xr  # lazily imported (import cost) like everywhere in the package

    source = Path(args.result)
    target = Path(args.out) if args.out is not None else source.with_suffix(".png")
    _check_figure_path("plot", target, force=args.force)
    if not source.is_file():
        raise InvalidParameterError(f"plot: RESULT must be a netCDF file; got "
                                    f"{str(source)!r}, which does not exist")
    try:
        ds = xr.open_dataset(source)
    except (ValueError, OSError) as exc:
        raise InvalidParameterError(
            f"plot: RESULT must be a netCDF file written by a sweep; could not read "
            f"{str(source)!r} ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
        ) from None
    with ds:
        metric = args.metric if args.metric is not None else (
            next(iter(ds.data_vars), None))
        _save_figure("plot", ds, target, metric=metric, x=args.x, y=args.y,
                     force=args.force)
    print(f"written: {target} ({metric} of {source.name})", file=out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``secdilemma`` command and return its exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 when a reproduction check fails, 2 on an error (bad arguments
        or an error raised by the package, printed on stderr without a traceback).

    Examples
    --------
    >>> main(["models"])  # doctest: +ELLIPSIS
    arms_race ...
    0
    """
    parser = build_parser()
    out, err = sys.stdout, sys.stderr
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_ERROR
    if args.command is None:
        parser.print_help(out)
        return EXIT_OK
    with warnings.catch_warnings():  # restores showwarning on the way out
        warnings.showwarning = _warning_printer(args.command, err)
        return _dispatch(args, out, err)


def _warning_printer(command: str, err):
    """A ``warnings.showwarning`` that prints ``secdilemma CMD: warning: message`` on
    one line (no source line, no file name): what a CLI user needs of a solver's
    warning, e.g. an IncompleteResultWarning."""
    def show(message, category, filename, lineno, file=None, line=None):
        text = " ".join(str(message).split())
        print(f"secdilemma {command}: warning: {text}", file=err)
    return show


def _dispatch(args, out, err) -> int:
    try:
        if args.command == "models":
            return _cmd_models(args, out)
        if args.command == "solve":
            return _cmd_solve(args, out)
        if args.command == "sweep":
            return _cmd_sweep(args, out, err)
        if args.command == "plot":
            return _cmd_plot(args, out)
        return _cmd_reproduce(args, out, err)
    except SecDilemmaError as exc:
        print(f"secdilemma {args.command}: error: {exc}", file=err)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into e.g. `head`, which exited early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # e.g. an output directory that cannot be created
        print(f"secdilemma {args.command}: error: {exc}", file=err)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
