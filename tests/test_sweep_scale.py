"""Sweeps at scale: chunking, executors, seeds, progress, checkpoint and resume, memory."""

from __future__ import annotations

import concurrent.futures as cf
import os
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secdilemma import InvalidParameterError
from secdilemma.analysis.checkpoint import CheckpointMismatchError
from secdilemma.analysis.sweep import plan_sweep, sweep
from sweep_helpers import FIXED, GRID, RandomModel, SerialFuturesExecutor, assert_same

@pytest.fixture(scope="module")
def reference():
    return sweep("offense_defense", GRID, fixed=FIXED, chunk_size=10**9)


@pytest.mark.parametrize("chunk_size", [1, 7, 100, 943])
def test_chunking_is_bit_identical(reference, chunk_size):
    ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=chunk_size)
    assert_same(ds, reference)
    assert ds.attrs["degenerate_points"] == reference.attrs["degenerate_points"] > 0


@pytest.mark.parametrize("make", [
    lambda: 2,
    lambda: cf.ThreadPoolExecutor(max_workers=3),
    lambda: cf.ProcessPoolExecutor(max_workers=2),
    lambda: SerialFuturesExecutor(),
], ids=["int", "threads", "processes", "custom"])
def test_executors_are_bit_identical(reference, make):
    executor = make()
    try:
        ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=97, executor=executor)
    finally:
        if isinstance(executor, cf.Executor):
            executor.shutdown()
    assert_same(ds, reference)


def test_closed_form_model_chunked_and_parallel():
    grid = {"trust_1": np.linspace(0, 1, 31), "trust_2": np.linspace(0, 1, 17)}
    fixed = {"exploitation_loss": 0.5, "temptation_secure": 0.5, "temptation_greedy": 2.0}
    a = sweep("security_dilemma", grid, fixed=fixed)
    b = sweep("security_dilemma", grid, fixed=fixed, chunk_size=50, executor=2)
    assert_same(a, b)


def test_seeded_randomness_is_reproducible():
    grid = {"x": np.arange(500.0)}
    a = sweep(RandomModel, grid, seed=42, chunk_size=64)
    b = sweep(RandomModel, grid, seed=42, chunk_size=64, executor=cf.ThreadPoolExecutor(2))
    c = sweep(RandomModel, grid, seed=43, chunk_size=64)
    assert_same(a, b)
    assert not np.array_equal(a["noisy"].values, c["noisy"].values)
    # chunk i draws from child i of SeedSequence(seed)
    child = np.random.SeedSequence(42).spawn(3)[2]
    expected = np.arange(128.0, 192.0) + np.random.default_rng(child).standard_normal(64)
    assert np.array_equal(a["noisy"].values[128:192], expected)
    assert a.attrs["seed"] == 42


def test_plan_never_builds_the_meshgrid():
    plan = plan_sweep("offense_defense", {"offense_advantage": np.linspace(0, 1, 10**4),
                                          "exploitation_loss": np.linspace(1, 5, 10**4)},
                      fixed=FIXED, chunk_size=1000)
    assert plan.size == 10**8 and plan.n_chunks == 10**5
    p = plan.chunk_params(plan.n_chunks - 1)
    assert p["offense_advantage"].shape == (1000,)
    assert p["offense_advantage"][0] == 1.0 and p["exploitation_loss"][-1] == 5.0


@settings(max_examples=200, deadline=None)
@given(shape=st.lists(st.integers(1, 9), min_size=1, max_size=4),
       chunk_size=st.integers(1, 70), data=st.data())
def test_chunk_params_equal_the_meshgrid_in_c_order(shape, chunk_size, data):
    # the run-length construction of chunk_params against the definition: the C-order
    # meshgrid, cut into chunks
    from secdilemma.analysis.sweep import SweepPlan

    axes = {f"x{j}": np.arange(n, dtype=float) + 10.0 * j for j, n in enumerate(shape)}
    plan = SweepPlan(cls=None, axes=axes, fixed={"held": 3.0}, metrics=(),
                     chunk_size=chunk_size)
    mesh = [m.ravel() for m in np.meshgrid(*axes.values(), indexing="ij")]
    index = data.draw(st.integers(0, plan.n_chunks - 1))
    start, stop = plan.chunk_bounds(index)
    params = plan.chunk_params(index)
    assert list(params) == [*axes, "held"]
    for name, full in zip(axes, mesh):
        assert np.array_equal(params[name], full[start:stop])
        assert not np.shares_memory(params[name], axes[name])
    assert params["held"] == 3.0


@given(n=st.integers(0, 3000), workers=st.integers(1, 64), skip=st.integers(1, 5))
def test_chunk_groups_cover_every_chunk_once_in_order(n, workers, skip):
    from secdilemma.analysis.sweep import MAX_CHUNKS_PER_TASK, _chunk_groups

    todo = list(range(0, n * skip, skip))  # a resumed sweep: any subset of the chunks
    groups = _chunk_groups(todo, workers)
    assert [i for g in groups for i in g] == todo
    assert all(1 <= len(g) <= MAX_CHUNKS_PER_TASK for g in groups)
    # no task bigger than needed for 8 tasks per worker (load balance)
    assert all(len(g) <= -(-len(todo) // (8 * workers)) for g in groups)


def test_peak_memory_is_bounded_by_the_chunk():
    grid = {"offense_advantage": np.linspace(0, 1, 1000), "exploitation_loss":
            np.linspace(0.5, 6, 400)}
    metrics = ["regime", "num_equilibria"]
    sweep("offense_defense", {k: v[:3] for k, v in grid.items()}, fixed=FIXED,
          metrics=metrics)  # warm up imports
    tracemalloc.start()
    ds = sweep("offense_defense", grid, fixed=FIXED, metrics=metrics, chunk_size=4096)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out_bytes = sum(ds[m].values.nbytes for m in metrics)  # 400k * (1 + 8)
    # a full meshgrid alone would be 2 * 400k * 8 = 6.4 MB, the whole-grid batch ~100 MB
    assert peak < out_bytes + 3_000_000, (peak, out_bytes)


def test_progress_bar(capsys):
    pytest.importorskip("tqdm")
    sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, progress=True)
    err = capsys.readouterr().err
    assert "sweep" in err and "943" in err


def test_checkpoint_resume_after_simulated_kill(tmp_path, reference):
    cpdir = tmp_path / "cp"
    killer = SerialFuturesExecutor(fail_after=9)
    with pytest.raises(KeyboardInterrupt):
        sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir,
              executor=killer)
    written = len(list(cpdir.glob("chunk-*.npz")))
    assert 0 < written < 10
    assert not list(cpdir.glob(".*.tmp"))
    counter = SerialFuturesExecutor()
    ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir,
               executor=counter)
    assert counter.calls == 10 - written  # only the missing chunks
    assert_same(ds, reference)
    again = SerialFuturesExecutor()
    ds2 = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir,
                executor=again)
    assert again.calls == 0
    assert_same(ds2, reference)


def test_checkpoint_resume_after_real_kill(tmp_path, reference):
    cpdir = tmp_path / "cp"
    script = textwrap.dedent(f"""
        import sys, time, numpy as np
        import secdilemma.analysis
        S = sys.modules["secdilemma.analysis.sweep"]
        E = sys.modules["secdilemma.analysis._execute"]
        original = E.evaluate_points
        def slow(*a, **k):
            time.sleep(0.05)
            return original(*a, **k)
        E.evaluate_points = slow
        S.sweep("offense_defense",
                {{"offense_advantage": np.linspace(0.0, 1.0, 41),
                  "exploitation_loss": np.linspace(0.5, 6.0, 23)}},
                fixed={FIXED!r}, chunk_size=10, checkpoint={str(cpdir)!r})
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if len(list(cpdir.glob("chunk-*.npz"))) >= 5 or proc.poll() is not None:
                break
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    written = len(list(cpdir.glob("chunk-*.npz")))
    assert 5 <= written < 95
    counter = SerialFuturesExecutor()
    ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=10, checkpoint=cpdir,
               executor=counter)
    assert counter.calls == 95 - written
    assert_same(ds, reference)


@pytest.mark.parametrize("change, expected", [
    (dict(chunk_size=50), r"chunk_size \(checkpoint: 100; now: 50\)"),
    (dict(metrics=["regime"]), r"metrics"),
    (dict(fixed={**FIXED, "arms_cost": 2.0}), r"fixed"),
    (dict(grid={**GRID, "exploitation_loss": GRID["exploitation_loss"] + 1e-9}),
     r"grid\['exploitation_loss'\].*same size and ends|grid\['exploitation_loss'\]"),
    (dict(model="stage_game"), r"model"),
])
def test_mismatched_checkpoint_is_refused(tmp_path, change, expected):
    cpdir = tmp_path / "cp"
    sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir)
    kwargs = dict(model="offense_defense", grid=GRID, fixed=FIXED, chunk_size=100)
    kwargs.update(change)
    if kwargs["model"] == "stage_game":
        kwargs.update(grid={"reward": [1.0, 2.0]},
                      fixed={"sucker": 0.0, "temptation": 3.0, "punishment": 1.0})
    model = kwargs.pop("model")
    grid = kwargs.pop("grid")
    with pytest.raises(CheckpointMismatchError, match=expected) as info:
        sweep(model, grid, checkpoint=cpdir, **kwargs)
    assert isinstance(info.value, InvalidParameterError)
    assert "other arguments" in str(info.value)


def test_checkpoint_must_be_a_directory(tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(InvalidParameterError, match="checkpoint must be a directory"):
        sweep("offense_defense", GRID, fixed=FIXED, checkpoint=path)


@pytest.mark.parametrize("kwargs, message", [
    (dict(executor=0), r"sweep\(\): executor must be None, a positive number"),
    (dict(executor="fast"), r"sweep\(\): executor must be"),
    (dict(chunk_size=0), r"sweep\(\): chunk_size must be a positive integer; got 0"),
    (dict(chunk_size=2.5), r"sweep\(\): chunk_size must be a positive integer; got 2.5"),
    (dict(seed=-1), r"sweep\(\): seed must be None or a non-negative integer; got -1"),
    (dict(progress="yes"), r"sweep\(\): progress must be True or False"),
])
def test_new_argument_validation(kwargs, message):
    with pytest.raises(InvalidParameterError, match=message):
        sweep("offense_defense", GRID, fixed=FIXED, **kwargs)


def test_dask_local_cluster_is_bit_identical(reference):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=64, executor=client)
    assert_same(ds, reference)


def test_dask_worker_processes_write_in_place_and_are_bit_identical(reference):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=64, executor=client)
    assert_same(ds, reference)


def _faults_per_chunk(plan):
    """In a worker: page faults of evaluating chunks after the first (Linux)."""
    import resource

    from secdilemma.analysis._execute import _run_chunk

    _run_chunk((plan, 0))
    before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
    for index in (1, 2, 3):
        _run_chunk((plan, index))
    return (resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before) / 3


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc and RUSAGE_THREAD")
def test_dask_worker_keeps_chunk_temporaries_on_its_heap():
    """Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_=65536, which returns
    every chunk's temporaries to the kernel; warm_allocator sets glibc's thresholds in a
    Dask worker so that later chunks reuse the heap (about 1,700 page faults per
    2**16-point chunk otherwise)."""
    distributed = pytest.importorskip("dask.distributed")
    grid = {"offense_advantage": np.linspace(0, 1, 1024),
            "exploitation_loss": np.linspace(0.5, 6, 256)}
    plan = plan_sweep("offense_defense", grid, fixed=FIXED, chunk_size=1 << 16)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        faults = client.submit(_faults_per_chunk, plan, pure=False).result()
    # with the variable (thresholds set by warm_allocator) or without it (glibc adapts
    # its thresholds after the warm-up block), later chunks reuse the heap
    assert faults < 400, faults


def test_a_worker_that_cannot_reach_the_outputs_sends_its_chunks_back():
    """A Dask worker on another machine finds no output file under the spec's paths
    (here: another sweep's token): it returns the values instead of writing them."""
    from secdilemma.analysis._execute import _run_chunk, _run_chunks_to_outputs
    from secdilemma.analysis._outputs import SharedOutputs, outputs_reachable
    from secdilemma.analysis._plan import plan_sweep

    plan = plan_sweep("offense_defense", GRID, fixed=FIXED, chunk_size=64)
    for use_memfd in (True, False):
        if use_memfd and not hasattr(os, "memfd_create"):
            continue
        out = SharedOutputs({m: np.dtype(bool) if m.startswith("coop") else np.dtype(float)
                             for m in plan.metrics}, plan.size, use_memfd=use_memfd)
        try:
            assert outputs_reachable(out.spec, out.token)
            assert not outputs_reachable(out.spec, "0" * len(out.token))
            back = _run_chunks_to_outputs((plan, [1, 2], out.spec, "0" * len(out.token)))
            assert [item[0] for item in back] == [1, 2]
            for (index, values, degenerate), i in zip(back, (1, 2)):
                direct = _run_chunk((plan, i))
                assert degenerate == direct[2]
                for m in plan.metrics:
                    assert values[m].tobytes() == direct[1][m].tobytes()
            assert not any(arr.any() for arr in out.arrays.values())  # nothing written
            written = _run_chunks_to_outputs((plan, [1], out.spec, out.token))
            assert written[0][1] is None
        finally:
            out.close()


def test_fast_symmetric_metrics_equal_compute_metrics_bit_for_bit():
    from secdilemma.analysis.metrics import METRICS
    from secdilemma.models.stage_metrics import compute_metrics, symmetric_2x2_metrics

    rng = np.random.default_rng(0)
    n = 20_000
    R, S, T, P = rng.normal(size=(4, n))
    # ties, near ties at the tolerance, integer games
    R[:2000] = T[:2000]
    S[2000:4000] = P[2000:4000]
    R[4000:6000] = T[4000:6000] + rng.choice([-1, 1], 2000) * 1e-10
    R[6000:9000], S[6000:9000], T[6000:9000], P[6000:9000] = rng.integers(-2, 3, (4, 3000))
    for metrics in (list(METRICS), ["regime"], ["cooperation_is_unique_equilibrium", "trust_threshold"],
                    ["mixed_cooperation_probability"]):
        fast = symmetric_2x2_metrics(R, S, T, P, metrics)
        slow = compute_metrics(R, S, T, P, metrics)
        assert list(fast) == list(slow)
        for name in slow:
            assert fast[name].dtype == slow[name].dtype, name
            assert fast[name].tobytes() == slow[name].tobytes(), name


def test_fast_symmetric_metrics_with_scalar_payoffs_and_mixed_scales():
    """0-d payoffs (a fixed R or P of a sweep) are broadcast, never materialised, and
    give the same bits as the full arrays; the near-tie test gives each game its own
    tolerance even when one game of the batch has a far larger payoff range."""
    from secdilemma.analysis.metrics import METRICS
    from secdilemma.models.stage_metrics import (classify_regimes, compute_metrics,
                                                 stage_metrics, symmetric_2x2_metrics)

    rng = np.random.default_rng(1)
    n = 6000
    S, T = rng.integers(-3, 4, (2, n)).astype(float)
    S[:1000] += rng.choice([-1, 1], 1000) * 3e-6  # near ties for a range of ~7 ...
    S[1000:2000] += rng.choice([-1, 1], 1000) * 3e-5  # ... not near ties for their range,
    S[0] = 1e7                                    # but for the range of this batch
    metrics = list(METRICS)
    for R, P in ((1.0, 1.0), (2.0, -1.0), (-1.0, 2.0), (0.0, 0.0)):
        full = compute_metrics(np.full(n, R), S, T, np.full(n, P), metrics)
        fast = symmetric_2x2_metrics(np.float64(R), S, T, np.asarray(P), metrics)
        broad = stage_metrics(np.broadcast_to(R, (n,)), S, T, np.broadcast_to(P, (n,)),
                              metrics)
        assert list(fast) == list(full) == list(broad)
        for name in full:
            assert fast[name].dtype == full[name].dtype, name
            assert fast[name].tobytes() == full[name].tobytes(), name
            assert broad[name].tobytes() == full[name].tobytes(), name
        # the regime codes are classify_regimes's (first matching mask wins)
        assert fast["regime"].tolist() == classify_regimes(R, S, T, P).tolist()


# --- checkpoints bound to the plan; damaged chunks; memory; no leaks -------------------


def _chunk(cpdir, index):
    return cpdir / f"chunk-{index:08d}.npz"


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "foreign", "swap",
                                    "garbage"])
def test_damaged_or_foreign_chunk_is_recomputed_with_a_warning(tmp_path, reference, damage):
    from secdilemma.analysis.checkpoint import DamagedChunkWarning

    cpdir = tmp_path / "cp"
    sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir)
    victim = _chunk(cpdir, 3)
    data = victim.read_bytes()
    if damage == "truncate":
        victim.write_bytes(data[: len(data) // 2])
    elif damage == "flip":  # one bit in the middle of the metric data
        flipped = bytearray(data)
        flipped[len(data) // 2] ^= 0x10
        victim.write_bytes(bytes(flipped))
    elif damage == "empty":
        victim.write_bytes(b"")
    elif damage == "garbage":
        victim.write_bytes(b"\x00\xff" * 1000)
    elif damage == "foreign":  # the same chunk of a sweep over another grid
        other = tmp_path / "other"
        sweep("offense_defense", {**GRID, "exploitation_loss": GRID["exploitation_loss"] + 1},
              fixed=FIXED, chunk_size=100, checkpoint=other)
        victim.write_bytes(_chunk(other, 3).read_bytes())
    elif damage == "swap":  # chunk 4's file under chunk 3's name
        victim.write_bytes(_chunk(cpdir, 4).read_bytes())
    counter = SerialFuturesExecutor()
    with pytest.warns(DamagedChunkWarning, match=r"chunk-00000003\.npz") as record:
        ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir,
                   executor=counter)
    assert counter.calls == 1  # only the damaged chunk was computed again
    assert_same(ds, reference)
    message = " ".join(str(r.message) for r in record
                       if issubclass(r.category, DamagedChunkWarning))
    expected = {"truncate": "unreadable", "flip": "unreadable|checksum",
                "empty": "unreadable", "garbage": "unreadable",
                "foreign": "another sweep", "swap": "holds chunk 4, not chunk 3"}[damage]
    assert __import__("re").search(expected, message), message
    # the file was replaced by a good one: no warning the next time
    import warnings as _w

    with _w.catch_warnings():
        _w.simplefilter("error")
        again = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100,
                      checkpoint=cpdir, executor=SerialFuturesExecutor())
    assert_same(again, reference)


def test_chunk_with_valid_zip_but_wrong_contents_is_refused(tmp_path, reference):
    # a chunk written with a correct plan hash and checksum but the wrong length (as a
    # buggy writer could): verified against the plan, not broadcast into the result
    from secdilemma.analysis.checkpoint import Checkpoint, DamagedChunkWarning
    from secdilemma.analysis._execute import checkpoint_record
    from secdilemma._version import __version__

    cpdir = tmp_path / "cp"
    sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir)
    plan = plan_sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100)
    cp = Checkpoint(cpdir, checkpoint_record(plan, __version__), plan.n_chunks)
    good, degenerate = cp.load(2, length=100)
    cp.save(2, {m: v[:1] for m, v in good.items()}, degenerate=0)  # one value only
    with pytest.warns(DamagedChunkWarning, match=r"chunk-00000002\.npz.*shape \(1,\)"):
        ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir)
    assert_same(ds, reference)
    cp.save(2, {m: v for m, v in good.items() if m != "regime"}, degenerate=degenerate)
    with pytest.warns(DamagedChunkWarning, match=r"metrics"):
        ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir)
    assert_same(ds, reference)


def test_checkpoint_of_an_older_layout_is_refused_by_name(tmp_path):
    import json

    cpdir = tmp_path / "cp"
    sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir)
    manifest = json.loads((cpdir / "manifest.json").read_text())
    del manifest["arguments"]["format"]
    manifest["hash"] = "0" * 64
    (cpdir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CheckpointMismatchError, match=r"format \(checkpoint: None; now: 2\)"):
        sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir)
    (cpdir / "manifest.json").write_text("[1, 2]")
    with pytest.raises(CheckpointMismatchError, match="unreadable manifest"):
        sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir)


def test_huge_grid_is_refused_up_front_with_advice():
    axis = np.linspace(0.0, 1.0, 10**5)
    # 10^10 points: the outputs alone would need ~250 GB
    with pytest.raises(InvalidParameterError,
                       match=r"sweep\(\): the grid has 10,000,000,000 points .* more than "
                             r"the .* of memory available; sweep a coarser grid"):
        sweep("offense_defense", {"offense_advantage": axis,
                                  "exploitation_loss": np.linspace(0.5, 6, 10**5)},
              fixed=FIXED)
    # four axes of 10^5: 10^20 points, past any index
    grid = {"reward": axis, "sucker": axis, "temptation": axis, "punishment": axis}
    with pytest.raises(InvalidParameterError,
                       match=r"sweep\(\): the grid must have at most .* points \(2\*\*63 - 1\); "
                             r"got reward \(100,000\) x .* = 1e\+20 points"):
        sweep("stage_game", grid)


def test_output_memory_check_counts_every_metric_and_the_chunks_in_flight():
    from secdilemma.analysis._outputs import check_output_memory

    dtypes = {"a": np.dtype(np.float64), "b": np.dtype(np.int8)}
    assert check_output_memory("sweep", 1000, dtypes, chunk_size=10,
                               available=9000 + 10 * 256) == 9000
    with pytest.raises(InvalidParameterError, match="more than"):
        check_output_memory("sweep", 1000, dtypes, chunk_size=10, in_flight=2,
                            available=9000 + 10 * 256)


def _session_processes(sid):
    import os

    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # field 6 of stat: session
            out.append(int(entry))
    return out


def _sweep_memfds(pids):
    import os

    found = []
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("/memfd:secdilemma-sweep-"):
                found.append((pid, target))
    return found


def _named_outputs():
    import os
    import tempfile

    names = set()
    for base in ("/dev/shm", tempfile.gettempdir()):
        if os.path.isdir(base):
            names |= {os.path.join(base, n) for n in os.listdir(base)
                      if n.startswith("secdilemma-sweep-")}
    return names


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memfd and /proc: Linux")
def test_process_pool_sweep_killed_with_sigkill_leaves_nothing(tmp_path):
    import os

    before = _named_outputs()
    script = textwrap.dedent(f"""
        import sys, time, numpy as np
        import secdilemma.analysis
        E = sys.modules["secdilemma.analysis._execute"]
        original = E.evaluate_points
        def slow(*a, **k):
            time.sleep(0.05)
            return original(*a, **k)
        E.evaluate_points = slow
        secdilemma.analysis.sweep(
            "offense_defense",
            {{"offense_advantage": np.linspace(0.0, 1.0, 401),
              "exploitation_loss": np.linspace(0.5, 6.0, 230)}},
            fixed={FIXED!r}, chunk_size=50, executor=2)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        seen = []
        while time.monotonic() < deadline and proc.poll() is None:
            seen = _sweep_memfds(_session_processes(proc.pid))
            # the parent holds the outputs and at least one worker is writing
            if len({pid for pid, _ in seen}) >= 2:
                break
            time.sleep(0.02)
        assert proc.poll() is None and seen, "the sweep did not start"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _session_processes(proc.pid):
            time.sleep(0.05)
        # the workers died with their parent, and no process holds the output memory
        assert _session_processes(proc.pid) == []
        assert _sweep_memfds(_session_processes(proc.pid)) == []
        # nothing named was left behind in /dev/shm or the temporary directory
        assert _named_outputs() - before == set()
    finally:
        import contextlib

        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # the session this test started


def test_fallback_output_files_are_removed_and_stale_ones_swept(tmp_path):
    import os

    from secdilemma.analysis import _outputs

    out = _outputs.SharedOutputs({"x": np.dtype(float)}, 10, use_memfd=False)
    path = out.spec["x"][0]
    assert os.path.exists(path) and os.path.basename(os.path.dirname(path)).startswith(
        f"secdilemma-sweep-{os.getpid()}-")
    _outputs.write_chunk(out.spec, 4, {"x": np.array([1.0, 2.0])})
    out.close()
    assert not os.path.exists(os.path.dirname(path))
    assert out.arrays["x"][4:6].tolist() == [1.0, 2.0]  # the memory lives on
    # a directory left by a killed sweep (its process is dead) is removed by the next one
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"secdilemma-sweep-{dead.pid}-abc"
    stale.mkdir()
    (stale / "x.bin").write_bytes(b"0" * 100)
    alive = tmp_path / f"secdilemma-sweep-{os.getpid()}-def"
    alive.mkdir()
    other = tmp_path / "secdilemma-sweep-notapid"
    other.mkdir()
    removed = _outputs.remove_stale([str(tmp_path)])
    assert removed == [str(stale)]
    assert not stale.exists() and alive.exists() and other.exists()


def test_process_pool_on_named_files_is_bit_identical(reference, monkeypatch):
    from secdilemma.analysis import _outputs

    monkeypatch.setattr(_outputs, "_memfd_usable", lambda: False)
    before = _named_outputs()
    ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=97, executor=2)
    assert_same(ds, reference)
    assert _named_outputs() - before == set()


# --- models of the protocol run through the same engine --------------------------------

from dataclasses import dataclass  # noqa: E402

from secdilemma.models.protocol import Metric, Model, Parameter  # noqa: E402


@dataclass(frozen=True)
class Deterrence(Model):
    """A protocol model (the module example of secdilemma.models.protocol)."""

    cost: float = 1.0
    stake: float = 2.0
    name = "deterrence_test"
    summary = "Toy deterrence game for the sweep tests."
    method = "closed forms (test)"
    references = ("Schelling, T. C. (1960). The Strategy of Conflict.",)
    PARAMETERS = (Parameter("cost", "cost of restraint when struck", "c", low=0,
                            low_open=True, default=1.0),
                  Parameter("stake", "value of peace", "v", low=0, default=2.0))
    METRICS = (Metric("trust_threshold", "least trust at which restraint pays"),
               Metric("restrains", "restraint pays at trust 1/2", "bool"))

    @classmethod
    def _compute(cls, p, metrics, rng):
        threshold = p["cost"] / (p["cost"] + p["stake"])
        return {"trust_threshold": threshold, "restrains": threshold <= 0.5}

    def to_game(self):  # pragma: no cover - not used here
        return None


class Broken(Deterrence):
    METRICS = ()  # breaks the protocol: no metrics


def test_protocol_model_sweeps_identically_everywhere():
    grid = {"cost": np.linspace(0.1, 3, 37), "stake": np.linspace(0, 4, 11)}
    ref = sweep(Deterrence, grid, chunk_size=10**6)
    assert ref.attrs["model"] == "deterrence_test"
    assert ref.attrs["solver"] == "closed forms (test)"
    assert ref["restrains"].dtype == bool
    expected = grid["cost"][:, None] / (grid["cost"][:, None] + grid["stake"][None, :])
    assert np.array_equal(ref["trust_threshold"].values, expected)
    for executor in (2, cf.ThreadPoolExecutor(2)):
        assert_same(sweep(Deterrence, grid, chunk_size=13, executor=executor), ref)
    # a parameter with a default may be left out of grid and fixed
    one = sweep(Deterrence, {"cost": [1.0]})
    assert one["trust_threshold"].values.tolist() == [1 / 3]


def test_model_breaking_the_protocol_is_refused():
    with pytest.raises(InvalidParameterError,
                       match=r"sweep\(\): model must satisfy the model protocol .*METRICS"):
        sweep(Broken, {"cost": [1.0]})


@pytest.fixture(scope="module")
def good_checkpoint(tmp_path_factory):
    cpdir = tmp_path_factory.mktemp("good") / "cp"
    sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir)
    return cpdir


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_single_bit_flip_in_a_chunk_is_harmless(good_checkpoint, reference, data):
    # whatever bit of a chunk file flips, the result is the reference: the flip is
    # detected (the chunk is computed again) or it touched nothing that is read
    import warnings as _w

    victim = _chunk(good_checkpoint, 5)
    original = victim.read_bytes()
    position = data.draw(st.integers(0, len(original) - 1))
    bit = data.draw(st.integers(0, 7))
    flipped = bytearray(original)
    flipped[position] ^= 1 << bit
    victim.write_bytes(bytes(flipped))
    try:
        counter = SerialFuturesExecutor()
        with _w.catch_warnings():
            _w.simplefilter("ignore")
            ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100,
                       checkpoint=good_checkpoint, executor=counter)
        assert counter.calls in (0, 1)
        assert_same(ds, reference)
    finally:
        victim.write_bytes(original)


# --- every model of the protocol sweeps identically on every executor ------------------


def _protocol_models():
    from secdilemma.models import MODELS
    from secdilemma.models.repeated_grids import (CooperationSurvivalModel,
                                                  CriticalDiscountModel, PayoffSetModel)

    registered = [m for m in MODELS.values() if getattr(m, "PARAMETERS", ())]
    extra = [CriticalDiscountModel, PayoffSetModel, CooperationSurvivalModel, Deterrence]
    return registered + [m for m in extra if m not in registered]


def _inside(p, fractions=(0.25, 0.5, 0.75)):
    """Values inside a parameter's domain (interior points)."""
    lo, hi = p.low, p.high
    if lo is not None and hi is not None:
        return [lo + f * (hi - lo) for f in fractions]
    if lo is not None:
        return [lo + 2 * f for f in fractions]
    if hi is not None:
        return [hi - 2 * f for f in fractions]
    return [-1.0 + 4 * f for f in fractions]


def _small_grid(model):
    """A 3-point grid over one parameter (others at their default or mid-domain) that
    the model accepts."""
    fixed = {p.name: (p.default if p.default is not None else _inside(p, (0.5,))[0])
             for p in model.PARAMETERS}
    for p in model.PARAMETERS:
        grid = {p.name: _inside(p)}
        rest = {k: v for k, v in fixed.items() if k != p.name}
        try:
            plan_sweep(model, grid, fixed=rest)
            model.evaluate({**{k: np.asarray(v) for k, v in rest.items()},
                            p.name: np.asarray(grid[p.name])})
        except InvalidParameterError:
            continue
        return grid, rest
    raise AssertionError(f"no one-parameter grid of {model.__name__} is valid")


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("dask.distributed")
    import warnings as _w

    with _w.catch_warnings():
        _w.simplefilter("ignore", DeprecationWarning)
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            yield client


@pytest.mark.parametrize("model", _protocol_models(), ids=lambda m: m.__name__)
def test_every_protocol_model_is_bit_identical_on_every_executor(model, dask_client):
    grid, fixed = _small_grid(model)
    seed = 7 if getattr(model, "stochastic", False) else None
    serial = sweep(model, grid, fixed=fixed, chunk_size=1, seed=seed)
    assert serial.attrs["model"] == model.name
    for executor in (2, dask_client):
        assert_same(sweep(model, grid, fixed=fixed, chunk_size=1, seed=seed,
                          executor=executor), serial)
