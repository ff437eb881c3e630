"""Checkpoints of a chunked sweep: one file per finished chunk, written atomically.

A checkpoint is a directory holding ``manifest.json`` (the arguments of the sweep and
their hash, the *plan hash*) and one ``chunk-NNNNNNNN.npz`` per finished chunk. Every
file is written to a temporary name in the same directory and moved into place with
:func:`os.replace`, which is atomic on POSIX and Windows: a sweep killed at any moment
leaves only whole files behind. Restarted with the same arguments, a sweep loads the
finished chunks and computes only the missing ones; with other arguments it refuses the
directory with :class:`CheckpointMismatchError`, naming what differs.

Each chunk file is bound to its sweep and checked on reading: it stores the plan hash,
its chunk index and a SHA-256 checksum of its contents (index, degeneracy count, and
every metric's name, dtype, shape and bytes). A chunk that cannot be read (truncated,
bit-flipped), that belongs to another sweep or another chunk, whose checksum does not
match, or whose metrics, dtypes or length are not the ones this sweep expects is never
used: :meth:`Checkpoint.load` warns with a :class:`DamagedChunkWarning` naming the file
and the sweep computes that chunk again (and replaces the file).

References
----------
.. [1] The Open Group (2018). ``rename()`` — rename file. *The Open Group Base
   Specifications* Issue 7 (POSIX.1-2017): the rename is atomic.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from ..errors import InvalidParameterError, SecDilemmaWarning

__all__ = ["CheckpointMismatchError", "DamagedChunkWarning", "Checkpoint",
           "arguments_record", "chunk_checksum"]

MANIFEST = "manifest.json"
#: Version of the checkpoint layout (2: chunks carry the plan hash and a checksum).
FORMAT = 2


class CheckpointMismatchError(InvalidParameterError):
    """A checkpoint directory was written by a sweep with different arguments."""


class DamagedChunkWarning(SecDilemmaWarning):
    """A checkpoint chunk was unreadable, damaged or foreign; it is computed again."""


def _axis_record(values: np.ndarray) -> dict:
    arr = np.ascontiguousarray(values, dtype=np.float64)
    return {"size": int(arr.size), "first": float(arr[0]), "last": float(arr[-1]),
            "sha256": hashlib.sha256(arr.tobytes()).hexdigest()}


def arguments_record(*, model: str, axes: Mapping[str, np.ndarray], fixed: Mapping[str, Any],
                     metrics, chunk_size: int, seed, version: str) -> dict:
    """The JSON-able record of a sweep's arguments stored in the manifest.

    Grid axes are recorded by size, end points and the SHA-256 of their float64 bytes,
    so a change of a single value is detected.

    References
    ----------
    .. [1] NIST (2015). FIPS 180-4, *Secure Hash Standard*.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.analysis.checkpoint import arguments_record
    >>> rec = arguments_record(model="stage_game", axes={"reward": np.array([1.0, 2.0])},
    ...                        fixed={"sucker": 0.0}, metrics=("regime",), chunk_size=10,
    ...                        seed=None, version="0.1.0")
    >>> rec["grid"]["reward"]["size"], rec["chunk_size"]
    (2, 10)
    """
    return {
        "format": FORMAT,
        "model": model,
        "grid": {name: _axis_record(arr) for name, arr in axes.items()},
        "grid_order": list(axes),
        "fixed": {k: float(v) for k, v in fixed.items()},
        "metrics": list(metrics),
        "chunk_size": int(chunk_size),
        "seed": None if seed is None else repr(seed),
        "secdilemma_version": version,
    }


def _hash(record: dict) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _differences(old: dict, new: dict) -> list[str]:
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key == "grid" and isinstance(a, dict) and isinstance(b, dict):
            for name in sorted(set(a) | set(b)):
                ra, rb = a.get(name), b.get(name)
                if ra == rb:
                    continue
                if ra is None or rb is None:
                    was = "absent" if ra is None else "present"
                    now = "absent" if rb is None else "present"
                    out.append(f"grid[{name!r}] (checkpoint: {was}; now: {now})")
                else:
                    out.append(f"grid[{name!r}] (checkpoint: {ra['size']} values from "
                               f"{ra['first']:g} to {ra['last']:g}; now: {rb['size']} values "
                               f"from {rb['first']:g} to {rb['last']:g}"
                               + (", same size and ends, other values" if
                                  (ra['size'], ra['first'], ra['last'])
                                  == (rb['size'], rb['first'], rb['last']) else "") + ")")
        else:
            out.append(f"{key} (checkpoint: {a!r}; now: {b!r})")
    return out


class Checkpoint:
    """A checkpoint directory for one sweep (see the module docstring).

    Parameters
    ----------
    path : str or os.PathLike
        The directory (created if missing).
    record : dict
        :func:`arguments_record` of the sweep.
    n_chunks : int
        Number of chunks of the sweep.

    Raises
    ------
    CheckpointMismatchError
        The directory holds a checkpoint of a sweep with other arguments.

    References
    ----------
    .. [1] The Open Group (2018). ``rename()``. POSIX.1-2017.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from secdilemma.analysis.checkpoint import Checkpoint
    >>> d = tempfile.mkdtemp()
    >>> cp = Checkpoint(d, {"model": "m"}, n_chunks=2)
    >>> cp.save(0, {"x": np.arange(3)}, degenerate=0)
    >>> Checkpoint(d, {"model": "m"}, n_chunks=2).finished()
    [0]
    """

    def __init__(self, path, record: dict, n_chunks: int, *, func: str = "sweep") -> None:
        self.path = Path(path)
        self.record = dict(record)
        self.n_chunks = int(n_chunks)
        self.func = func
        if self.path.exists() and not self.path.is_dir():
            raise InvalidParameterError(
                f"{func}(): checkpoint must be a directory; got the file {str(self.path)!r}")
        self.path.mkdir(parents=True, exist_ok=True)
        manifest = self.path / MANIFEST
        digest = self._plan_hash = _hash(self.record)
        if manifest.exists():
            try:
                old = json.loads(manifest.read_text(encoding="utf-8"))
                if not isinstance(old, dict) or not isinstance(old.get("arguments", {}), dict):
                    raise ValueError("not a manifest object")
            except (OSError, ValueError, RecursionError) as exc:
                raise CheckpointMismatchError(
                    f"{func}(): checkpoint {str(self.path)!r} has an unreadable manifest "
                    f"({exc}); remove the directory to start afresh") from None
            if old.get("hash") != digest:
                diffs = _differences(old.get("arguments", {}), self.record) or [
                    "the argument hash"]
                raise CheckpointMismatchError(
                    f"{func}(): checkpoint {str(self.path)!r} was written by a sweep with "
                    f"other arguments; differs in: {'; '.join(diffs)}. Use another "
                    "directory or remove this one")
        else:
            body = {"format": FORMAT, "hash": digest, "arguments": self.record,
                    "n_chunks": self.n_chunks}
            _atomic_write_bytes(manifest, json.dumps(body, indent=1, sort_keys=True).encode())

    def _chunk_path(self, index: int) -> Path:
        return self.path / f"chunk-{index:08d}.npz"

    def finished(self) -> list[int]:
        """Indices of the chunks already written, in increasing order."""
        out = []
        for p in self.path.glob("chunk-*.npz"):
            try:
                index = int(p.stem.split("-", 1)[1])
            except ValueError:
                continue
            if 0 <= index < self.n_chunks:
                out.append(index)
        return sorted(out)

    @property
    def plan_hash(self) -> str:
        """The SHA-256 of the sweep's arguments (written into every chunk)."""
        return self._plan_hash

    def save(self, index: int, values: Mapping[str, np.ndarray], *, degenerate: int) -> None:
        """Write chunk ``index`` atomically (temporary file, then :func:`os.replace`),
        with the plan hash, its index and its checksum."""
        arrays = {k: np.ascontiguousarray(v) for k, v in values.items()}
        buf = io.BytesIO()
        np.savez(buf, __plan__=np.str_(self.plan_hash), __index__=np.int64(index),
                 __degenerate__=np.int64(degenerate),
                 __sha256__=np.str_(chunk_checksum(index, degenerate, arrays)),
                 **{f"m_{k}": v for k, v in arrays.items()})
        _atomic_write_bytes(self._chunk_path(index), buf.getvalue())

    def load(self, index: int, *, length: int | None = None,
             dtypes: Mapping[str, Any] | None = None) -> tuple[dict, int] | None:
        """Chunk ``index`` as ``(values, degenerate)``, verified; None (with a
        :class:`DamagedChunkWarning` naming the file) if it cannot be used.

        Parameters
        ----------
        index : int
            The chunk.
        length : int, optional
            Points the chunk must hold.
        dtypes : mapping of str to dtype, optional
            The metrics the chunk must hold (exactly these) and their dtypes.
        """
        path = self._chunk_path(index)
        problem = None
        try:
            raw = io.BytesIO(path.read_bytes())  # small; np.load then leaks no file
            with np.load(raw, allow_pickle=False) as data:
                files = set(data.files)
                missing = {"__plan__", "__index__", "__degenerate__", "__sha256__"} - files
                if missing:
                    problem = (f"written by an older layout or another program (no "
                               f"{', '.join(sorted(missing))})")
                else:
                    plan = str(data["__plan__"])
                    stored_index = int(data["__index__"])
                    degenerate = int(data["__degenerate__"])
                    checksum = str(data["__sha256__"])
                    values = {k[2:]: data[k] for k in data.files if k.startswith("m_")}
        except Exception as exc:  # noqa: BLE001 - any failure to read means damaged
            problem = f"unreadable: {type(exc).__name__}: {exc}"
        if problem is None:
            problem = self._check(index, plan, stored_index, degenerate, checksum, values,
                                  length, dtypes)
        if problem is not None:
            warnings.warn(f"{self.func}(): checkpoint chunk {str(path)!r} cannot be used "
                          f"({problem}); computing chunk {index} again",
                          DamagedChunkWarning, stacklevel=3)
            return None
        return values, degenerate

    def _check(self, index, plan, stored_index, degenerate, checksum, values, length,
               dtypes) -> str | None:
        if plan != self.plan_hash:
            return (f"it belongs to another sweep: plan hash {plan[:12]}..., this sweep's "
                    f"{self.plan_hash[:12]}...")
        if stored_index != index:
            return f"it holds chunk {stored_index}, not chunk {index}"
        if checksum != chunk_checksum(index, degenerate, values):
            return "its checksum does not match its contents"
        if dtypes is not None:
            if set(values) != set(dtypes):
                return (f"it holds the metrics {sorted(values)}, this sweep needs "
                        f"{sorted(dtypes)}")
            for m, dtype in dtypes.items():
                if values[m].dtype != np.dtype(dtype):
                    return f"metric {m!r} has dtype {values[m].dtype}, expected {np.dtype(dtype)}"
        for m, v in values.items():
            if v.ndim != 1 or (length is not None and v.size != length):
                return (f"metric {m!r} has shape {v.shape}, expected "
                        f"({length if length is not None else 'n'},)")
        if not 0 <= degenerate <= (length if length is not None else degenerate):
            return f"its degeneracy count {degenerate} is out of range"
        return None


def chunk_checksum(index: int, degenerate: int, values: Mapping[str, np.ndarray]) -> str:
    """SHA-256 of a chunk's contents: index, degeneracy count and, per metric in name
    order, its name, dtype, shape and bytes.

    References
    ----------
    .. [1] NIST (2015). FIPS 180-4, *Secure Hash Standard*.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.analysis.checkpoint import chunk_checksum
    >>> a = chunk_checksum(0, 0, {"x": np.arange(3)})
    >>> a == chunk_checksum(0, 0, {"x": np.arange(3)}), a == chunk_checksum(1, 0, {"x": np.arange(3)})
    (True, False)
    """
    h = hashlib.sha256()
    h.update(f"{int(index)}:{int(degenerate)}".encode())
    for name in sorted(values):
        arr = np.ascontiguousarray(values[name])
        h.update(f"|{name}:{arr.dtype.str}:{arr.shape}|".encode())
        h.update(arr.tobytes())
    return h.hexdigest()
