"""Shared by the sweep tests (in memory and streamed): the grid, the bit-for-bit
comparison, a futures executor that can simulate a kill, and a stochastic toy model."""

from __future__ import annotations

import concurrent.futures as cf
from dataclasses import dataclass

import numpy as np

from secdilemma.models.protocol import Metric, Model, Parameter

FIXED = {"status_quo": 10.0, "arms_cost": 1.0, "exploitation_gain": 2.0}
GRID = {"offense_advantage": np.linspace(0.0, 1.0, 41),
        "exploitation_loss": np.linspace(0.5, 6.0, 23)}


def assert_same(a, b):
    """Bit-for-bit equality of the data, coordinates, dimensions and attributes (except
    the creation time)."""
    assert list(a.data_vars) == list(b.data_vars)
    assert list(a.coords) == list(b.coords)
    assert dict(a.sizes) == dict(b.sizes)
    for name in list(a.data_vars) + list(a.coords):
        x, y = a[name].values, b[name].values
        assert a[name].dims == b[name].dims, name
        assert x.dtype == y.dtype, name
        assert x.tobytes() == y.tobytes(), name
        assert set(a[name].attrs) == set(b[name].attrs), name
        for key in a[name].attrs:
            assert np.array_equal(a[name].attrs[key], b[name].attrs[key]), (name, key)
    strip = lambda attrs: {k: v for k, v in attrs.items() if k != "created"}  # noqa: E731
    assert strip(a.attrs) == strip(b.attrs)


class SerialFuturesExecutor(cf.Executor):
    """Runs each task at submit time; raises after ``fail_after`` tasks (a 'kill')."""

    def __init__(self, fail_after=None):
        self.fail_after = fail_after
        self.calls = 0

    def submit(self, fn, *args, **kwargs):
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise KeyboardInterrupt("simulated kill")
        self.calls += 1
        future = cf.Future()
        future.set_result(fn(*args, **kwargs))
        return future


@dataclass(frozen=True)
class RandomModel(Model):
    """A toy model on the protocol whose metric draws random numbers (to test seeding)."""

    x: float = 0.0
    name = "random_model"
    summary = "x plus standard normal noise"
    references = ("none (a test model)",)
    stochastic = True
    no_game_reason = "a test model"
    to_game = None
    PARAMETERS = (Parameter("x", "a number", "x"),)
    METRICS = (Metric("noisy", "x plus standard normal noise"),)

    @classmethod
    def _compute(cls, p, metrics, rng):
        return {"noisy": p["x"] + rng.standard_normal(p["x"].shape)}
