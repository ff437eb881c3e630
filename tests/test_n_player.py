"""solve_nash on games with three or more players: time budgets, flagged partial
answers, the logit QRE method and the pure equilibria at any payoff scale.

The references are outside the code under test: pure equilibria by brute force in exact
rational arithmetic, regrets by explicit sums over profiles, and pygambit's enumpoly.
"""

import itertools
import multiprocessing
import sys
from fractions import Fraction

import numpy as np
import pytest

from secdilemma import NormalFormGame, solve_nash, solve_qre
from secdilemma.errors import IncompleteResultWarning, InvalidParameterError

# the 2x2x3 game of issue 12, on which pygambit's enumpoly does not finish
ISSUE_GAME = np.array([[[[1, 1, -1], [2, 1, -2]], [[1, 1, 2], [1, 2, 2]]],
                       [[[1, 0, 1], [2, 2, -2]], [[2, -2, 0], [1, -2, -2]]],
                       [[[-1, 1, -2], [0, -1, 2]], [[2, -2, 0], [-1, -2, -1]]]])


def brute_force_pure(payoffs):
    """Pure equilibria by exact comparisons of the payoffs given (ints or Fractions)."""
    shape = payoffs[0].shape
    out = []
    for a in itertools.product(*(range(m) for m in shape)):
        if all(Fraction(payoffs[i][a]) >= max(
                Fraction(payoffs[i][a[:i] + (b,) + a[i + 1:]]) for b in range(shape[i]))
               for i in range(len(shape))):
            out.append(a)
    return out


def regret(payoffs, profile):
    """Largest gain from a unilateral deviation, by explicit sums over profiles."""
    shape = payoffs[0].shape
    worst = 0.0
    for i in range(len(shape)):
        vals = np.zeros(shape[i])
        for a in itertools.product(*(range(m) for m in shape)):
            w = np.prod([profile[k][a[k]] for k in range(len(shape)) if k != i])
            vals[a[i]] += w * payoffs[i][a]
        worst = max(worst, vals.max() - vals @ profile[i])
    return worst


def pure_of(result):
    return sorted(tuple(int(np.argmax(s)) for s in eq.strategies) for eq in result.pure)


def test_issue_game_default_returns_flagged_within_budget():
    game = NormalFormGame(ISSUE_GAME)
    with pytest.warns(IncompleteResultWarning):
        res = solve_nash(game, timeout=2.0)
    assert res.complete is False
    assert res.warnings
    assert res.parameters["timeout"] == 2.0
    assert pure_of(res) == brute_force_pure(ISSUE_GAME)
    assert any(not eq.is_pure for eq in res)  # the QRE limit (a mixed equilibrium)
    for eq in res:
        assert regret(ISSUE_GAME, eq.strategies) <= 1e-9 * 4


def test_enumpoly_timeout_is_honoured_and_flagged():
    pytest.importorskip("pygambit")
    game = NormalFormGame(ISSUE_GAME)
    with pytest.warns(IncompleteResultWarning):
        res = solve_nash(game, method="gambit_enumpoly", timeout=0.2)
    assert any("enumpoly did not finish within its time budget (0.15 s of timeout=0.2)"
               in w for w in res.warnings)
    assert res.method == "gambit_enumpoly"
    assert res.diagnostics["timed_out"] is True
    assert res.complete is False
    assert pure_of(res) == brute_force_pure(ISSUE_GAME)
    for eq in res:
        assert regret(ISSUE_GAME, eq.strategies) <= 1e-9 * 4
    assert multiprocessing.active_children() == []  # the child was killed and reaped


@pytest.mark.parametrize("seed", range(6))
def test_enumpoly_results_are_verified_and_include_the_qre_limit(seed):
    pytest.importorskip("pygambit")
    rng = np.random.default_rng(50 + seed)
    payoffs = [rng.integers(-9, 10, (2, 2, 2)) for _ in range(3)]
    game = NormalFormGame(payoffs)
    res = solve_nash(game, method="gambit_enumpoly", timeout=60, warn=False)
    assert pure_of(res) == brute_force_pure(payoffs)
    span = max(np.ptp(p) for p in payoffs)
    for eq in res:
        assert regret(payoffs, eq.strategies) <= 1e-9 * span
    # seed 2 is degenerate: enumpoly misses the equilibria where player 2 mixes
    # (a continuum), and the QRE limit supplies one of them
    limit = solve_qre(game).limit
    assert any(all(np.allclose(a, b, atol=1e-9) for a, b in zip(limit.strategies,
                                                                   eq.strategies))
               for eq in res)
    assert len(res) >= res.diagnostics["pure_equilibria"]


@pytest.mark.parametrize("seed", range(5))
def test_logit_qre_method(seed):
    rng = np.random.default_rng(seed)
    shape = (2, 3, 2, 2) if seed == 4 else (3, 2, 3)
    payoffs = [rng.integers(-5, 6, shape) for _ in shape]
    game = NormalFormGame(payoffs)
    with pytest.warns(IncompleteResultWarning, match="may have missed equilibria"):
        res = solve_nash(game, method="logit_qre")
    assert res.method == "logit_qre" and res.complete is False
    assert pure_of(res) == brute_force_pure(payoffs)
    assert res.diagnostics["qre_verified"] is True
    span = max(np.ptp(p) for p in payoffs)
    for eq in res:
        assert regret(payoffs, eq.strategies) <= 1e-9 * span


@pytest.mark.parametrize("scale", [1e-12, 1e-9, 1.0, 1e12])
@pytest.mark.parametrize("shift", [0.0, 1e9, -1e9])
def test_pure_equilibria_at_any_scale(scale, shift):
    # payoff differences of one unit: at scale 1e-12 the old absolute tolerance (1e-9)
    # took every near-tie for an equilibrium
    rng = np.random.default_rng(11)
    base = [rng.integers(0, 4, (3, 2, 3)) for _ in range(3)]
    payoffs = [b * scale + shift for b in base]
    game = NormalFormGame(payoffs)
    # the reference: exact comparisons of the stored floats (binary rationals)
    expected = brute_force_pure(game.exact_payoffs)
    res = solve_nash(game, method="pure")
    assert pure_of(res) == expected
    if shift == 0.0:
        assert expected == brute_force_pure(base)


def test_auto_without_pygambit_falls_back_to_flagged_qre(monkeypatch):
    monkeypatch.setitem(sys.modules, "pygambit", None)  # makes `import pygambit` fail
    game = NormalFormGame(ISSUE_GAME)
    with pytest.warns(IncompleteResultWarning):
        res = solve_nash(game)
    assert any("pygambit is not installed" in w and "pip install pygambit" in w
               for w in res.warnings)
    assert res.method == "logit_qre"
    assert res.complete is False
    assert len(res) >= 2  # the pure equilibrium and the QRE limit
    for eq in res:
        assert regret(ISSUE_GAME, eq.strategies) <= 1e-9 * 4


def test_exact_mode_drops_irrational_limit_and_flags():
    # the mixed equilibrium of the issue game is irrational: it cannot verify exactly,
    # so it is counted as rejected and the result is flagged; the pure one stays
    game = NormalFormGame(ISSUE_GAME)
    res = solve_nash(game, method="logit_qre", exact=True, warn=False)
    assert res.exact and res.complete is False
    assert [eq.exact_strategies for eq in res] == [
        ((0, 1), (1, 0), (1, 0, 0))]


@pytest.mark.parametrize("timeout,match", [
    (0, r"^solve_nash\(\): timeout must be > 0; got 0"),
    (-1.0, r"^solve_nash\(\): timeout must be > 0; got -1.0"),
    ("10", r"^solve_nash\(\): timeout must be a real number; got '10'"),
    (float("inf"), r"^solve_nash\(\): timeout must be finite; got inf"),
])
def test_bad_timeout(timeout, match):
    with pytest.raises(InvalidParameterError, match=match):
        solve_nash(NormalFormGame(ISSUE_GAME), timeout=timeout)


def test_subprocess_runner_agrees_with_forked_runner(monkeypatch):
    # where fork is unavailable (Windows) enumpoly runs in a fresh interpreter
    pytest.importorskip("pygambit")
    from secdilemma.solvers import gambit_backend

    rng = np.random.default_rng(1)
    game = NormalFormGame([rng.integers(-5, 6, (2, 2, 2)) for _ in range(3)])
    forked, _, info = gambit_backend.enumpoly(game, timeout=60)
    monkeypatch.setattr(gambit_backend, "_use_fork", lambda: False)
    spawned, _, info2 = gambit_backend.enumpoly(game, timeout=60)
    assert not info["timed_out"] and not info2["timed_out"]
    assert len(forked) == len(spawned) >= 1
    for a, b in zip(forked, spawned):
        assert all(np.allclose(s, t) for s, t in zip(a, b))


@pytest.mark.parametrize("fork", [True, False], ids=["forked child", "fresh interpreter"])
def test_enumpoly_failure_in_child_is_flagged(monkeypatch, fork):
    pytest.importorskip("pygambit")
    from secdilemma.solvers import gambit_backend

    if not fork or not gambit_backend._use_fork():
        monkeypatch.setattr(gambit_backend, "_use_fork", lambda: False)

    def broken(game):
        raise RuntimeError("boom")

    monkeypatch.setattr(gambit_backend, "to_gambit", broken)  # inherited by the fork
    # a fresh-interpreter child (not Linux) runs _CHILD instead: make it fail the same way
    monkeypatch.setattr(gambit_backend, "_CHILD", "raise RuntimeError('boom')")
    with pytest.warns(IncompleteResultWarning):
        res = solve_nash(NormalFormGame(ISSUE_GAME), method="gambit_enumpoly")
    assert res.diagnostics["error"] == "RuntimeError: boom"
    assert any("pygambit enumpoly failed (RuntimeError: boom)" in w for w in res.warnings)
    assert res.complete is False
    assert pure_of(res) == brute_force_pure(ISSUE_GAME)
    for eq in res:
        assert regret(ISSUE_GAME, eq.strategies) <= 1e-9 * 4


@pytest.mark.parametrize("scale,shift", [(1e-9, 0.0), (1e12, 0.0), (1.0, 1e9), (1.0, -1e9)])
def test_logit_qre_method_is_scale_free(scale, shift):
    base = solve_nash(NormalFormGame(ISSUE_GAME), method="logit_qre", warn=False)
    moved = solve_nash(NormalFormGame(ISSUE_GAME * scale + shift), method="logit_qre",
                       warn=False)
    assert len(base) == len(moved) == 2
    for a, b in zip(base, moved):
        assert a.kind == b.kind
        assert all(np.allclose(s, t, atol=1e-8) for s, t in zip(a.strategies, b.strategies))
    assert moved.tol == pytest.approx(1e-9 * 4 * scale)
