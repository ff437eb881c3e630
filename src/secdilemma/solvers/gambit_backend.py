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
import subprocess
import sys
import time
from fractions import Fraction

import numpy as np

from ..errors import SolverError, UnsupportedGameError

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
    """The game as a ``pygambit.Game`` (exact rational payoffs)."""
    gbt = _import()
    arrays = [np.vectorize(lambda v: gbt.Rational(v.numerator, v.denominator),
                           otypes=[object])(p) for p in game.exact_payoffs]
    g = gbt.Game.from_arrays(*arrays)
    for player, label in zip(g.players, game.players):
        player.label = label
    for player, labels in zip(g.players, game.actions):
        for strategy, label in zip(player.strategies, labels):
            strategy.label = label
    return g


# The child process that runs enumpoly: reads the game as JSON on stdin (payoffs as
# rational strings "p/q" written by this module), prints the equilibria as JSON lists of
# floats. It imports only pygambit, so the caller's main module is never re-imported.
_CHILD = """
import json, sys
from fractions import Fraction
import pygambit as gbt
data = json.load(sys.stdin)
shape = tuple(data["shape"])
def build(flat):
    import numpy as np
    vals = [Fraction(v) for v in flat]
    arr = np.empty(len(vals), dtype=object)
    arr[:] = [gbt.Rational(v.numerator, v.denominator) for v in vals]
    return arr.reshape(shape)
g = gbt.Game.from_arrays(*[build(f) for f in data["payoffs"]])
result = gbt.nash.enumpoly_solve(g, use_strategic=True)
out = [[[float(eq[s]) for s in player.strategies] for player in g.players]
       for eq in result.equilibria]
json.dump({"equilibria": out}, sys.stdout)
"""


def enumpoly(game, *, exact: bool = False, timeout: float | None = None):
    """All equilibria found by pygambit's ``enumpoly_solve``, under a time budget.

    enumpoly can run for a very long time (without end, in practice) on some games, so
    it runs in a child process that is killed when ``timeout`` seconds have passed
    (``None``: no budget). Returns candidates (re-validated by the caller), whether the
    list is complete (never: see below), and diagnostics with ``timed_out``.
    ``enumpoly`` solves polynomial systems numerically, so exact strategies are the
    rationalised float solutions and survive only if they verify exactly.
    """
    gbt = _import()
    payload = json.dumps({
        "shape": list(game.num_actions),
        "payoffs": [[str(v) for v in np.ravel(p)] for p in game.exact_payoffs],
    })
    info: dict = {"backend": f"pygambit {getattr(gbt, '__version__', '?')}",
                  "timeout": timeout, "timed_out": False}
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(payload, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        info["timed_out"] = True
        info["seconds"] = time.monotonic() - start
        info["backend_equilibria"] = 0
        return [], False, info
    finally:
        if proc.poll() is None:  # interrupted (KeyboardInterrupt): never leave it running
            proc.kill()
            proc.communicate()
    info["seconds"] = time.monotonic() - start
    if proc.returncode != 0:
        last = err.strip().splitlines()[-1] if err.strip() else f"exit code {proc.returncode}"
        raise SolverError(f"solve_nash(): pygambit enumpoly failed: {last}")
    found = json.loads(out)["equilibria"]
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
