"""Sweeps streamed into a compressed netCDF-4 file (``sweep(..., output=path)``).

The streamed file, reopened, must equal bit for bit the in-memory sweep (the reference
that does not go through the streaming code), for every executor, chunking, grid shape
and checkpoint resume; it must be compressed and chunked; the whole grid must never be
held in memory; a failed sweep must leave no file behind.
"""

from __future__ import annotations

import concurrent.futures as cf
import sys
import tracemalloc

import numpy as np
import pytest

from secdilemma import InvalidParameterError
from secdilemma.analysis import _stream
from secdilemma.analysis._stream import StreamWriter, storage_chunks
from secdilemma.analysis.sweep import sweep
from sweep_helpers import FIXED, GRID, RandomModel, SerialFuturesExecutor, assert_same

h5py = pytest.importorskip("h5py")
pytest.importorskip("h5netcdf")
xr = pytest.importorskip("xarray")

@pytest.fixture(scope="module")
def reference():
    return sweep("offense_defense", GRID, fixed=FIXED, chunk_size=10**9)


# ------------------------------------------------------------------ storage layout


@pytest.mark.parametrize("shape", [(1,), (7,), (10**9,), (3, 4), (10_000, 10_000),
                                   (5, 1, 300_000), (2, 3, 5, 7), (600_000, 2)])
def test_storage_chunks_are_runs_of_consecutive_points(shape):
    axis, chunks = storage_chunks(shape)
    assert len(chunks) == len(shape)
    assert all(1 <= c <= n for c, n in zip(chunks, shape))
    # consecutive in C order: 1 before the axis, whole after it
    assert all(c == 1 for c in chunks[:axis])
    assert tuple(chunks[axis + 1:]) == tuple(shape[axis + 1:])
    points = int(np.prod(chunks))
    assert points <= max(_stream.STORAGE_CHUNK_POINTS, int(np.prod(shape[axis + 1:])))
    if int(np.prod(shape)) > _stream.STORAGE_CHUNK_POINTS:  # not needlessly small
        assert 2 * points > _stream.STORAGE_CHUNK_POINTS or chunks[axis] == 1


@pytest.mark.parametrize("shape", [(37,), (6, 7), (3, 4, 5), (2, 1, 3, 4)])
@pytest.mark.parametrize("storage", [1, 5, 12, 10**6])
def test_writer_any_order_any_cut(tmp_path, monkeypatch, shape, storage):
    """Flat pieces put in random order and random lengths land where C order says."""
    monkeypatch.setattr(_stream, "STORAGE_CHUNK_POINTS", storage)
    rng = np.random.default_rng(sum(shape) * 31 + storage)
    size = int(np.prod(shape))
    x = rng.standard_normal(size)
    flag = rng.random(size) < 0.5
    cuts = np.unique(np.r_[0, rng.integers(0, size, size // 3), size])
    pieces = list(zip(cuts[:-1], cuts[1:]))
    rng.shuffle(pieces)
    axes = {f"a{i}": np.arange(n, dtype=float) * 0.5 for i, n in enumerate(shape)}
    path = tmp_path / "w.nc"
    w = StreamWriter(path, axes, {"x": np.dtype(float), "flag": np.dtype(bool)},
                     {"x": {"units": "1"}})
    for lo, hi in pieces:
        w.put(int(lo), {"x": x[lo:hi], "flag": flag[lo:hi]})
    w.finish({"title": "t"})
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        assert ds["x"].values.tobytes() == x.reshape(shape).tobytes()
        assert ds["flag"].dtype == bool
        np.testing.assert_array_equal(ds["flag"].values, flag.reshape(shape))
        assert ds["x"].attrs == {"units": "1"}
        for i, n in enumerate(shape):
            np.testing.assert_array_equal(ds[f"a{i}"].values, np.arange(n) * 0.5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.nc"]


# ------------------------------------------------------------------ sweep(output=)


# one-point chunks only serially: 943 of them through a process pool are slow, and the
# pool's many-chunk path is covered by test_stream_many_storage_chunks_pool
@pytest.mark.parametrize("executor, chunk_size",
                         [(None, 1), (None, 100), (None, 943), (None, 10**6),
                          (2, 100), (2, 943), (2, 10**6)])
def test_stream_is_bit_identical_to_memory(tmp_path, reference, executor, chunk_size):
    path = tmp_path / "s.nc"
    ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=chunk_size,
               executor=executor, output=path)
    try:
        assert_same(ds, reference)
    finally:
        ds.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.nc"]


def test_stream_many_storage_chunks_pool(tmp_path, monkeypatch, reference):
    """Storage chunks smaller and larger than the sweep's chunks, on a process pool
    (chunks then arrive out of order)."""
    monkeypatch.setattr(_stream, "STORAGE_CHUNK_POINTS", 60)
    for executor, chunk_size in ((None, 7), (2, 7), (2, 250)):
        path = tmp_path / f"s{executor}-{chunk_size}.nc"
        with sweep("offense_defense", GRID, fixed=FIXED, chunk_size=chunk_size,
                   executor=executor, output=path) as ds:
            assert_same(ds, reference)


@pytest.mark.parametrize("storage_points", [10, 60, 2**19])
@pytest.mark.parametrize("make", [lambda: 2, lambda: cf.ThreadPoolExecutor(max_workers=3),
                                  lambda: SerialFuturesExecutor()],
                         ids=["pool", "threads", "custom"])
def test_workers_encode_storage_chunks_bit_identical(tmp_path, monkeypatch, make,
                                                     storage_points):
    """On an executor, without a checkpoint, the workers evaluate and compress whole
    storage chunks and this process only stores their bytes (``put`` is never
    called): reopened, the file equals the in-memory sweep bit for bit, on two and three
    axes (storage chunks inside an outer index, partial ones at the end of a row),
    with sweep chunks straddling storage chunks, and the degenerate points are counted
    once."""
    monkeypatch.setattr(_stream, "STORAGE_CHUNK_POINTS", storage_points)

    def no_put(self, start, values):
        raise AssertionError("values went through this process")

    monkeypatch.setattr(StreamWriter, "put", no_put)
    grids = [
        ("offense_defense", GRID, FIXED, 7),
        ("offense_defense", {"offense_advantage": np.linspace(0.0, 1.0, 5),
                             "exploitation_loss": np.linspace(0.5, 6.0, 7),
                             "arms_cost": [0.5, 1.0, 2.0]},
         {"status_quo": 10.0, "exploitation_gain": 2.0}, 2),
    ]
    for n, (model, grid, fixed, chunk) in enumerate(grids):
        ref = sweep(model, grid, fixed=fixed, chunk_size=10**9)
        if n == 0:  # degenerate points to count once each (compared by assert_same)
            assert ref.attrs["degenerate_points"] > 0
        executor = make()
        try:
            with sweep(model, grid, fixed=fixed, chunk_size=chunk, executor=executor,
                       output=tmp_path / f"w{n}.nc") as ds:
                assert_same(ds, ref)
        finally:
            if isinstance(executor, cf.Executor):
                executor.shutdown()


def test_storage_layout_encodes_as_hdf5_filters_store(tmp_path, monkeypatch):
    """The bytes a worker encodes decode, through HDF5's own shuffle and deflate filters,
    to the values: a file written chunk by chunk with direct writes reads back equal
    to one written by h5py's filters, for every dtype a sweep stores."""
    shape = (9, 5)
    dtypes = {"f": np.dtype(np.float64), "i": np.dtype(np.int64), "b": np.dtype(bool),
              "c": np.dtype(np.int8)}
    layout = _stream.StorageLayout(shape, dtypes)
    rng = np.random.default_rng(3)
    values = {"f": rng.standard_normal(45), "i": rng.integers(-10**12, 10**12, 45),
              "b": rng.random(45) < 0.5, "c": rng.integers(-128, 127, 45).astype(np.int8)}
    monkeypatch.setattr(_stream, "STORAGE_CHUNK_POINTS", 10)
    small = _stream.StorageLayout(shape, dtypes)  # chunks of 2 rows, the last partial
    assert small.blocks() == [(0, 10), (10, 10), (20, 10), (30, 10), (40, 5)]
    for lay in (layout, small):
        path = tmp_path / f"direct{lay.chunks[0]}.h5"
        with h5py.File(path, "w") as fh:
            dsets = {m: fh.create_dataset(
                m, shape, dtype=np.int8 if d == np.bool_ else d, chunks=lay.chunks,
                compression="gzip", compression_opts=1, shuffle=True)
                for m, d in dtypes.items()}
            for start, length in lay.blocks():
                encoded = lay.encode(length, {m: v[start:start + length]
                                              for m, v in values.items()})
                offsets = (lay.index(start, length)[0].start, 0)
                for m, data in encoded.items():
                    dsets[m].id.write_direct_chunk(offsets, data)
        with h5py.File(path, "r") as fh:
            for m, v in values.items():
                got = fh[m][...].reshape(-1)
                expected = v.view(np.int8) if v.dtype == np.bool_ else v
                assert got.tobytes() == expected.tobytes(), m


def test_stream_three_axes_and_protocol_model(tmp_path):
    grid = {"offense_advantage": np.linspace(0.0, 1.0, 5),
            "exploitation_loss": np.linspace(0.5, 6.0, 7),
            "arms_cost": [0.5, 1.0, 2.0]}
    fixed = {"status_quo": 10.0, "exploitation_gain": 2.0}
    ref = sweep("offense_defense", grid, fixed=fixed, chunk_size=10**9)
    with sweep("offense_defense", grid, fixed=fixed, chunk_size=4,
               output=tmp_path / "a.nc") as ds:
        assert_same(ds, ref)
    ref = sweep("stage_game", {"reward": [2.0, 3.0, 4.0]}, metrics=["regime"],
                fixed={"sucker": 0, "temptation": 5, "punishment": 1})
    with sweep("stage_game", {"reward": [2.0, 3.0, 4.0]}, metrics=["regime"],
               fixed={"sucker": 0, "temptation": 5, "punishment": 1},
               output=str(tmp_path / "b.nc")) as ds:
        assert_same(ds, ref)


def test_stream_with_seed(tmp_path):
    """A stochastic model: the same draws streamed as in memory, on any executor."""
    grid = {"x": np.arange(50.0)}
    ref = sweep(RandomModel, grid, seed=7, chunk_size=6)
    for executor in (None, 2):
        with sweep(RandomModel, grid, seed=7, chunk_size=6, executor=executor,
                   output=tmp_path / f"r{executor}.nc") as ds:
            assert_same(ds, ref)
            assert ds.attrs["seed"] == 7


def test_file_is_compressed_chunked_netcdf4(tmp_path):
    grid = {"offense_advantage": np.linspace(0.0, 1.0, 300),
            "exploitation_loss": np.linspace(0.5, 6.0, 200)}
    path = tmp_path / "c.nc"
    sweep("offense_defense", grid, fixed=FIXED, output=path).close()
    with open(path, "rb") as fh:
        assert fh.read(8) == b"\x89HDF\r\n\x1a\n"  # HDF5, i.e. netCDF-4
    raw = 0
    with h5py.File(path, "r") as f:
        assert f.attrs["_NCProperties"]  # a netCDF-4 file, not only HDF5
        for name in ("regime", "num_equilibria", "trust_threshold"):
            var = f[name]
            assert var.compression == "gzip" and var.shuffle
            assert var.chunks == storage_chunks(var.shape)[1]
            raw += var.size * var.dtype.itemsize
    assert path.stat().st_size < raw / 3  # these outputs compress well


def test_stream_never_holds_the_grid(tmp_path):
    """Peak traced memory of a streamed sweep stays far below its outputs' size."""
    grid = {"offense_advantage": np.linspace(0.0, 1.0, 2000),
            "exploitation_loss": np.linspace(0.5, 6.0, 2000)}  # 4e6 points, 108 MB out
    outputs = 4_000_000 * (1 + 8 + 1 + 1 + 8 + 8)
    tracemalloc.start()
    try:
        ds = sweep("offense_defense", grid, fixed=FIXED, output=tmp_path / "m.nc")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    ds.close()
    assert peak < outputs / 2.5, peak


# ------------------------------------------------------------------ checkpoint, failures


def test_checkpoint_resume_into_a_stream(tmp_path, reference):
    cpdir = tmp_path / "cp"
    path = tmp_path / "r.nc"
    killer = SerialFuturesExecutor(fail_after=9)
    with pytest.raises(KeyboardInterrupt):
        sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir,
              executor=killer, output=path)
    assert not path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cp"]  # no temporary left
    written = len(list(cpdir.glob("chunk-*.npz")))
    assert 0 < written < 10
    counter = SerialFuturesExecutor()
    with sweep("offense_defense", GRID, fixed=FIXED, chunk_size=100, checkpoint=cpdir,
               executor=counter, output=path) as ds:
        assert counter.calls == 10 - written  # only the missing chunks
        assert_same(ds, reference)


def test_refuses_existing_file_and_bad_paths(tmp_path):
    existing = tmp_path / "e.nc"
    existing.write_bytes(b"keep me")
    with pytest.raises(InvalidParameterError, match=r"sweep\(\): output must name a "
                                                    r"file that does not exist yet"):
        sweep("offense_defense", GRID, fixed=FIXED, output=existing)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(InvalidParameterError, match=r"output must be in an existing "
                                                    r"folder"):
        sweep("offense_defense", GRID, fixed=FIXED, output=tmp_path / "no" / "x.nc")
    with pytest.raises(InvalidParameterError, match=r"not a folder"):
        sweep("offense_defense", GRID, fixed=FIXED, output=tmp_path)
    with pytest.raises(InvalidParameterError, match=r"output must be a file path"):
        sweep("offense_defense", GRID, fixed=FIXED, output=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.nc"]


def test_bad_sweep_arguments_leave_no_file(tmp_path):
    with pytest.raises(InvalidParameterError):
        sweep("offense_defense", GRID, fixed=FIXED, output=tmp_path / "x.nc",
              executor="many")
    with pytest.raises(InvalidParameterError):
        sweep("offense_defense", GRID, fixed=FIXED, output=tmp_path / "x.nc",
              progress="yes")
    assert list(tmp_path.iterdir()) == []


def test_missing_h5netcdf_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "h5netcdf", None)
    with pytest.raises(InvalidParameterError, match=r"sweep\(\): output= .*needs "
                                                    r"h5netcdf.*secdilemma\[io\]"):
        sweep("offense_defense", GRID, fixed=FIXED, output=tmp_path / "x.nc")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ CLI


def _experiment(tmp_path, out="od.nc"):
    exp = tmp_path / "exp.toml"
    exp.write_text('model = "offense_defense"\n[fixed]\n'
                   + "".join(f"{k} = {v}\n" for k, v in FIXED.items())
                   + '[grid]\noffense_advantage = {start = 0.0, stop = 1.0, num = 41}\n'
                   'exploitation_loss = {start = 0.5, stop = 6.0, num = 23}\n'
                   f'[sweep]\nchunk_size = 100\n[output]\npath = "{out}"\n')
    return exp


def test_cli_streams_into_the_experiment_output(tmp_path, reference, capsys):
    from secdilemma.cli import main

    exp = _experiment(tmp_path)
    assert main(["sweep", str(exp), "--no-progress"]) == 0
    assert "netCDF-4, zlib-compressed" in capsys.readouterr().out
    target = tmp_path / "od.nc"
    with open(target, "rb") as fh:
        assert fh.read(4) == b"\x89HDF"
    with xr.open_dataset(target, engine="h5netcdf") as ds:
        assert_same(ds, reference)
    assert main(["sweep", str(exp), "--no-progress"]) == 2  # no overwrite
    assert "--force" in capsys.readouterr().err
    assert main(["sweep", str(exp), "--no-progress", "--force", "--executor", "2"]) == 0
    with xr.open_dataset(target, engine="h5netcdf") as ds:
        assert_same(ds, reference)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exp.toml", "od.nc"]


def test_cli_without_h5netcdf_writes_in_memory_and_says_so(tmp_path, reference, capsys,
                                                          monkeypatch):
    from secdilemma import cli

    monkeypatch.setattr(cli, "_can_stream", lambda: False)
    exp = _experiment(tmp_path)
    assert cli.main(["sweep", str(exp), "--no-progress"]) == 0
    assert "h5netcdf is not installed" in capsys.readouterr().err
    with xr.open_dataset(tmp_path / "od.nc") as ds:
        assert_same(ds.load(), reference)


def test_stream_on_dask_in_groups_is_bit_identical(tmp_path, reference):
    """A streamed sweep on Dask: chunks travel back in groups (one message per group)
    and go into the file as they finish, bit for bit the in-memory result."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ds = sweep("offense_defense", GRID, fixed=FIXED, chunk_size=17, executor=client,
                   output=tmp_path / "dask.nc")
    try:
        assert_same(ds, reference)
    finally:
        ds.close()
