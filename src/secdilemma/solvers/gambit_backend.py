"""Bridge to pygambit for mixed equilibria of games with three or more players.

pygambit is an optional dependency (``pip install pygambit``); it is imported only when
this backend is used.

References
----------
.. [1] McKelvey, R. D., McLennan, A. M. and Turocy, T. L. (2016). Gambit: Software
   Tools for Game Theory, version 16. https://www.gambit-project.org
"""

from __future__ import annotations

import json
import os
import sys
import time
from fractions import Fraction

import numpy as np

from ..errors import SolverError, UnsupportedGameError
from ..games.interop import to_pygambit

__all__ = ["enumpoly", "to_gambit", "have_pygambit"]


def have_pygambit() -> bool:
    """Whether pygambit can be imported."""
    try:
        import pygambit  # noqa: F401
    except ImportError:
        return False
    return True


def _import():
    try:
        import pygambit
    except ImportError as exc:
        raise UnsupportedGameError(
            "solve_nash(): mixed equilibria of games with three or more players need "
            "pygambit; install it with `pip install pygambit` (or `pip install "
            "secdilemma[gambit]`), or use method='pure' for the pure equilibria or "
            "method='logit_qre' for them and the limit of the logit QRE branch"
        ) from exc
    return pygambit


def to_gambit(game):
    """The game as a ``pygambit.Game`` (exact rational payoffs, labels kept): the one
    conversion, :func:`secdilemma.games.interop.to_pygambit`."""
    return to_pygambit(game)


def _solve_in_child(conn, game) -> None:
    """Body of the forked child: run enumpoly and send the equilibria as float lists."""
    try:
        g = to_gambit(game)
        result = _import().nash.enumpoly_solve(g, use_strategic=True)
        conn.send(("ok", [[[float(eq[s]) for s in player.strategies] for player in g.players]
                          for eq in result.equilibria]))
    except BaseException as exc:  # reported to the parent, which flags the result
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _run_forked(game, timeout):
    """enumpoly in a forked child (which inherits the imported pygambit, so it starts in
    milliseconds); killed after ``timeout`` seconds. Returns the equilibria, or None."""
    import multiprocessing  # on first use: 5 ms of `import secdilemma` (measured import cost)

    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_solve_in_child, args=(sender, game), daemon=True)
    proc.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            return None
        try:
            status, payload = receiver.recv()
        except EOFError:
            status, payload = "error", f"the child process died (exit code {proc.exitcode})"
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receiver.close()
    if status != "ok":
        raise SolverError(payload)
    return payload


# Off Linux (where fork is unavailable, or unsafe once system frameworks are loaded, as
# on macOS): a fresh interpreter that imports only pygambit (never the caller's main
# module), reads the game as JSON on stdin (payoffs as rational strings "p/q" written by
# this module) and prints the equilibria as JSON.
_CHILD = """
import json, sys
from fractions import Fraction
import numpy as np
import pygambit as gbt
data = json.load(sys.stdin)
def build(flat):
    arr = np.empty(len(flat), dtype=object)
    arr[:] = [gbt.Rational(Fraction(v).numerator, Fraction(v).denominator) for v in flat]
    return arr.reshape(tuple(data["shape"]))
g = gbt.Game.from_arrays(*[build(f) for f in data["payoffs"]])
result = gbt.nash.enumpoly_solve(g, use_strategic=True)
json.dump([[[float(eq[s]) for s in p.strategies] for p in g.players]
           for eq in result.equilibria], sys.stdout)
"""


def _run_subprocess(game, timeout):
    payload = json.dumps({
        "shape": list(game.num_actions),
        "payoffs": [[str(v) for v in np.ravel(p)] for p in game.exact_payoffs],
    })
    import subprocess  # on first use (measured import cost)

    # the child searches the caller's module path, so it finds the same pygambit
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    try:
        out, err = proc.communicate(payload, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    finally:
        if proc.poll() is None:  # timed out or interrupted: never leave it running
            proc.kill()
            proc.communicate()
    if proc.returncode != 0:
        last = err.strip().splitlines()[-1] if err.strip() else f"exit code {proc.returncode}"
        raise SolverError(last)
    return json.loads(out)


def _use_fork() -> bool:
    """Fork the child on Linux; elsewhere start a fresh interpreter."""
    import multiprocessing  # on first use (measured import cost)

    return sys.platform.startswith("linux") and \
        "fork" in multiprocessing.get_all_start_methods()


def enumpoly(game, *, exact: bool = False, timeout: float | None = None):
    """All equilibria found by pygambit's ``enumpoly_solve``, under a time budget.

    enumpoly can run for a very long time (without end, in practice) on some games, so
    it runs in a child process that is killed when ``timeout`` seconds have passed
    (``None``: no budget). Returns candidates (re-validated by the caller), whether the
    list is complete (never: see below), and diagnostics with ``timed_out`` and
    ``error`` (the message when the child failed: then no candidates).
    ``enumpoly`` solves polynomial systems numerically, so exact strategies are the
    rationalised float solutions and survive only if they verify exactly.
    """
    gbt = _import()
    info: dict = {"backend": f"pygambit {getattr(gbt, '__version__', '?')}",
                  "timeout": timeout, "timed_out": False}
    start = time.monotonic()
    try:
        if _use_fork():
            found = _run_forked(game, timeout)
        else:
            found = _run_subprocess(game, timeout)
        info["error"] = None
    except SolverError as exc:
        info["error"] = str(exc)
        found = []
    info["seconds"] = time.monotonic() - start
    if found is None:
        info["timed_out"] = True
        found = []
    candidates = []
    for eq in found:
        if exact:
            profile = tuple(tuple(Fraction(float(v)).limit_denominator(10**9) for v in s)
                            for s in eq)
        else:
            profile = tuple(np.array(s, dtype=float) for s in eq)
        candidates.append(profile)
    info["backend_equilibria"] = len(candidates)
    # enumpoly may miss equilibria of degenerate games (continua); it is complete for
    # games with finitely many equilibria in general position, which is not checked.
    return candidates, False, info
