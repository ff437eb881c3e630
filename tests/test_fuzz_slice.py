"""A seeded slice of benchmarks/fuzz_against_gambit.py: 200 games (25 base games, each
as drawn, scaled by 1e-9 ... 1e12 and shifted by +-1e9; random, degenerate and 2-type
Bayesian games) solved by the default float paths and compared with pygambit's exact
``enummixed``. Right or flagged: no silent miss, no false equilibrium, no crash, no hang.
The benchmark's docstring says how each game is judged."""

from __future__ import annotations

import importlib.util
import sys
from fractions import Fraction as F
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_against_gambit.py"


def _load():
    spec = importlib.util.spec_from_file_location("fuzz_against_gambit", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


fuzz = _load()


def _base(family, exact, marginals=()):
    floats = tuple(np.vectorize(float)(u).astype(float) for u in exact)
    return fuzz.compute_oracle(fuzz.Base(family, 0, tuple(np.array(u, dtype=object)
                                                          for u in exact), floats,
                                         marginals))


def _result(points, complete=True):
    eqs = tuple(SimpleNamespace(strategies=tuple(np.array(p, dtype=float) for p in pt))
                for pt in points)
    return SimpleNamespace(equilibria=eqs, complete=complete, warnings=())


def test_harness_matching_pennies_and_zero_game():
    """The harness itself, on games whose equilibria are known by hand."""
    half = F(1, 2)
    mp = _base("int", ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    assert mp.oracle == [((half, half), (half, half))] and not mp.continuum
    assert fuzz.judge(mp, _result([([.5, .5], [.5, .5])]), []) == ("agree", "")
    assert fuzz.judge(mp, _result([]), [])[0] == "miss"
    assert fuzz.judge(mp, _result([]), ["a warning"])[0] == "flagged"
    assert fuzz.judge(mp, _result([([1, 0], [1, 0])]), [])[0] == "false"
    assert fuzz.judge(mp, _result([([.5, .5], [.5, .6])]), [])[0] == "false"
    assert fuzz.judge(mp, _result([([.5, .5], [.5, .5])], complete=False), [])[0] \
        == "flagged"
    assert fuzz.judge(mp, ValueError("x"), [])[0] == "crash"
    assert fuzz.judge(mp, fuzz.Timeout(), [])[0] == "hang"
    # the zero game: every profile is an equilibrium, the extreme ones are the 6 pure
    zero = _base("zero", (np.zeros((2, 3), int), np.zeros((2, 3), int)))
    assert zero.continuum and len(zero.oracle) == 6
    pure = [([1, 0], [0, 1, 0])]
    assert fuzz.judge(zero, _result(pure), [])[0] == "miss"  # complete=True on a continuum
    assert fuzz.judge(zero, _result(pure, complete=False), [])[0] == "flagged"


def test_harness_bayesian_oracle_kydd():
    """Kydd's security dilemma (a_S = c = 1/2, trust 3/5 on both sides; Kydd 2005, ch. 2):
    the cooperative equilibrium (S cooperates, G defects), all-defect, and the tipping
    equilibrium in which security seekers cooperate with probability 5/6."""
    u = np.empty((2, 2, 2, 2), dtype=object)
    for t, a in enumerate((F(1, 2), 2)):           # types (S, G), actions (C, D)
        u[t, :] = np.array([[1, -F(1, 2)], [a, 0]], dtype=object)
    trust = (F(3, 5), F(2, 5))
    kydd = _base("bayes-kydd", (u, u.transpose(1, 0, 3, 2)), (trust, trust))
    assert not kydd.continuum
    seekers = sorted(o[0][0][0] for o in kydd.oracle)
    assert seekers == [0, F(5, 6), 1]
    assert all(o[0][1] == (0, 1) and o[1][1] == (0, 1) for o in kydd.oracle)  # G defects


def test_float_paths_right_or_flagged_on_200_fuzzed_games():
    out = fuzz.run(games=200, seed=12, timeout=60.0)
    total = {c: sum(row[c] for row in out["counts"].values()) for c in fuzz.COLUMNS}
    assert total["games"] == 200
    failures = "\n".join(map(str, out["failures"][:20]))
    assert total["miss"] == 0, failures
    assert total["false"] == 0, failures
    assert total["crash"] == 0, failures
    assert total["hang"] == 0, failures
