"""Warnings raised while a chunk runs in another process (a process pool, a Dask worker)
reach the process that called the sweep once, as the warning itself (its category and
message), through that process's warning filters and display; the workers print
nothing."""

import warnings
from dataclasses import dataclass

import numpy as np
import pytest

from secdilemma.analysis import sweep
from secdilemma.models.protocol import Metric, Model, Parameter


class KnifeEdgeWarning(UserWarning):
    """A warning of the toy model below."""


@dataclass(frozen=True)
class _Warner(Model):
    """y = 2x, with a warning from every chunk that has a point x > 1/2."""

    x: float = 1.0
    name = "warner"
    summary = "Doubles x; warns at x > 1/2."
    method = "closed forms"
    references = ("none",)
    PARAMETERS = (Parameter("x", "a number", "x", default=1.0),)
    METRICS = (Metric("y", "twice x", "float64"),)
    to_game = None
    no_game_reason = "a toy model of the test suite"

    @classmethod
    def _compute(cls, p, metrics, rng):
        if np.any(p["x"] > 0.5):
            warnings.warn("_Warner(): a knife-edge point\n    was met", KnifeEdgeWarning)
        return {"y": p["x"] * 2.0}


GRID = {"x": np.linspace(0.0, 1.0, 400)}


def _run(executor, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = sweep(_Warner, GRID, chunk_size=20, executor=executor, **kwargs)
        values = ds["y"].values.copy()
        ds.close()
    assert np.array_equal(values, 2.0 * GRID["x"])
    return [w for w in caught if issubclass(w.category, KnifeEdgeWarning)]


@pytest.mark.parametrize("stream", [False, True])
def test_pool_worker_warnings_reach_the_caller_once(tmp_path, capfd, stream):
    kwargs = {"output": tmp_path / "out.nc"} if stream else {}
    if stream:
        pytest.importorskip("h5netcdf")
    got = _run(2, **kwargs)
    # 10 chunks warned in the workers: the caller sees the warning once, as raised
    assert len(got) == 1
    assert got[0].category is KnifeEdgeWarning
    assert str(got[0].message) == "_Warner(): a knife-edge point\n    was met"
    assert got[0].filename == __file__  # attributed to the caller of sweep()
    assert "knife-edge" not in capfd.readouterr().err  # the workers printed nothing


def test_serial_warnings_are_unchanged():
    got = _run(None)
    assert got and all(w.category is KnifeEdgeWarning for w in got)


def test_worker_warnings_print_as_one_cli_line(capfd):
    """Under the command line's display (cli._warning_printer) a worker's warning is one
    line, printed once."""
    from secdilemma.cli import _warning_printer

    import sys
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = _warning_printer("sweep", sys.stderr)
        sweep(_Warner, GRID, chunk_size=20, executor=2)
    err = capfd.readouterr().err
    lines = [line for line in err.splitlines() if "knife-edge" in line]
    assert lines == ["secdilemma sweep: warning: _Warner(): a knife-edge point was met"]


def test_dask_worker_warnings_reach_the_caller_once(capfd):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        got = _run(client)
    assert len(got) == 1 and got[0].category is KnifeEdgeWarning
    assert "knife-edge" not in capfd.readouterr().err
