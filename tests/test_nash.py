"""solve_nash on reference games from the literature (as data, with their sources), on
every method, plus Lemke–Howson termination, n-player games and the result objects.

An equilibrium here always means: no player gains by a unilateral deviation. Every
reported equilibrium is checked for that property independently (tests/strategies.py),
not only compared with a stored answer.
"""

from __future__ import annotations

import dataclasses
import itertools
import warnings
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma import (DegenerateGameWarning, Equilibrium, IncompleteResultWarning,
                        NormalFormGame, SolveResult, SolverError, bimatrix, solve,
                        solve_nash)

from strategies import bimatrix_regrets, exact_bimatrix_regrets, exact_set, nplayer_regrets

H, T3 = F(1, 2), F(1, 3)


def _eq(x, y):
    return (tuple(F(v) for v in x), tuple(F(v) for v in y))


# name, A, B, every equilibrium (exact; extreme equilibria for degenerate games),
# degenerate, source
CASES = [
    ("stag_hunt", [[4, 1], [3, 2]], [[4, 3], [1, 2]],
     {_eq([1, 0], [1, 0]), _eq([0, 1], [0, 1]), _eq([H, H], [H, H])}, False,
     "Jervis (1978), World Politics 30(2): (R, T, P, S) = (4, 3, 2, 1)"),
    ("stag_hunt_two_thirds", [[5, 1], [4, 3]], [[5, 4], [1, 3]],
     {_eq([1, 0], [1, 0]), _eq([0, 1], [0, 1]),
      _eq([F(2, 3), T3], [F(2, 3), T3])}, False,
     "stag hunt (R, T, P, S) = (5, 4, 3, 1): q = (P - S) / ((R - T) + (P - S)) = 2/3"),
    ("prisoners_dilemma", [[3, 0], [5, 1]], [[3, 5], [0, 1]],
     {_eq([0, 1], [0, 1])}, False, "Axelrod (1984), (R, T, P, S) = (3, 5, 1, 0)"),
    ("matching_pennies", [[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
     {_eq([H, H], [H, H])}, False, "von Neumann and Morgenstern (1944)"),
    ("chicken", [[0, -1], [1, -10]], [[0, 1], [-1, -10]],
     {_eq([1, 0], [0, 1]), _eq([0, 1], [1, 0]),
      _eq([F(9, 10), F(1, 10)], [F(9, 10), F(1, 10)])}, False,
     "Snyder (1971), International Studies Quarterly 15(1); swerve = 0"),
    ("battle_of_the_sexes", [[2, 0], [0, 1]], [[1, 0], [0, 2]],
     {_eq([1, 0], [1, 0]), _eq([0, 1], [0, 1]), _eq([F(2, 3), T3], [T3, F(2, 3)])}, False,
     "Luce and Raiffa (1957), ch. 5"),
    ("rock_paper_scissors", [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
     [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
     {_eq([T3, T3, T3], [T3, T3, T3])}, False, "zero-sum, unique uniform equilibrium"),
    ("von_stengel_3x2", [[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]],
     {_eq([1, 0, 0], [1, 0]), _eq([F(4, 5), F(1, 5), 0], [F(2, 3), T3]),
      _eq([0, T3, F(2, 3)], [T3, F(2, 3)])}, False,
     "von Stengel (2007), Algorithmic Game Theory ch. 3, fig. 3.3 (nondegenerate)"),
    ("von_stengel_3x2_degenerate", [[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]],
     {_eq([1, 0, 0], [1, 0]), _eq([1, 0, 0], [F(2, 3), T3]),
      _eq([0, T3, F(2, 3)], [T3, F(2, 3)])}, True,
     "von Stengel (2007), ch. 3, fig. 3.5: a continuum ((1,0,0), (y, 1-y)), y >= 2/3"),
    ("dominant_row_indifferent_column", [[1, 1], [0, 0]], [[1, 1], [0, 1]],
     {_eq([1, 0], [1, 0]), _eq([1, 0], [0, 1])}, True,
     "column player indifferent against the dominant row: segment of equilibria"),
    ("all_zero_2x3", [[0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0]],
     {_eq(x, y) for x in ([1, 0], [0, 1]) for y in ([1, 0, 0], [0, 1, 0], [0, 0, 1])}, True,
     "every profile is an equilibrium: the extreme ones are the pure profiles"),
]
IDS = [c[0] for c in CASES]


def _solve(A, B, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return solve_nash(bimatrix(A, B), **kw)


def _assert_all_exact_equilibria(A, B, result):
    for eq in result:
        x, y = eq.exact_strategies
        assert exact_bimatrix_regrets(A, B, x, y) == (0, 0)
        assert sum(x) == 1 and sum(y) == 1
        assert min(x) >= 0 and min(y) >= 0
        assert eq.max_regret == 0.0


@pytest.mark.parametrize(("name", "A", "B", "expected", "degenerate", "source"), CASES,
                         ids=IDS)
def test_vertex_enumeration_exact_finds_every_extreme_equilibrium(name, A, B, expected,
                                                                  degenerate, source):
    result = _solve(A, B, method="vertex_enumeration", exact=True)
    assert exact_set(result) == expected
    assert result.degenerate is degenerate
    assert result.complete is (not degenerate)
    assert result.exact and result.method == "vertex_enumeration"
    _assert_all_exact_equilibria(A, B, result)


@pytest.mark.parametrize(("name", "A", "B", "expected", "degenerate", "source"), CASES,
                         ids=IDS)
def test_auto_is_vertex_enumeration_for_two_players(name, A, B, expected, degenerate,
                                                    source):
    result = _solve(A, B, exact=True)
    assert result.method == "vertex_enumeration"
    assert exact_set(result) == expected


@pytest.mark.parametrize(("name", "A", "B", "expected", "degenerate", "source"), CASES,
                         ids=IDS)
@pytest.mark.parametrize("method", ["vertex_enumeration", "support_enumeration",
                                    "lemke_howson", "pure"])
def test_every_method_float_and_exact(name, A, B, expected, degenerate, source, method):
    exact_result = _solve(A, B, method=method, exact=True)
    float_result = _solve(A, B, method=method)
    _assert_all_exact_equilibria(A, B, exact_result)
    found = exact_set(exact_result)
    assert found <= expected or degenerate  # degenerate: SE may list non-extreme points
    pure_expected = {e for e in expected if all(max(s) == 1 for s in e)}
    if method == "pure":
        assert found == pure_expected
        assert exact_result.complete is False  # complete for pure equilibria only
    elif method == "lemke_howson":
        assert found and exact_result.complete is False
    elif method == "support_enumeration" and not degenerate:
        assert found == expected and exact_result.complete
    elif method == "vertex_enumeration":
        assert found == expected
    # floating point agrees with exact arithmetic equilibrium by equilibrium
    assert len(float_result) == len(exact_result)
    for fe, ee in zip(float_result, exact_result):
        for s_float, s_exact in zip(fe.strategies, ee.exact_strategies):
            np.testing.assert_allclose(s_float, [float(v) for v in s_exact], atol=1e-9)
        assert max(bimatrix_regrets(A, B, *fe.strategies)) <= float_result.tol
        assert fe.max_regret <= float_result.tol
        np.testing.assert_allclose(fe.payoffs, [float(u) for u in ee.exact_payoffs],
                                   atol=1e-9)


def test_stag_hunt_mixed_is_exactly_one_half(stag_hunt):
    result = solve_nash(stag_hunt, exact=True)
    assert [eq.kind for eq in result] == ["pure", "pure", "mixed"]
    assert result[2].exact_strategies == ((H, H), (H, H))
    assert result[2].exact_payoffs == (F(5, 2), F(5, 2))
    assert result.complete and result.degenerate is False
    assert result.warnings == ()


def test_stag_hunt_mixed_is_exactly_two_thirds():
    result = solve_nash(bimatrix([[5, 1], [4, 3]], [[5, 4], [1, 3]]), exact=True)
    mixed = [eq for eq in result if eq.kind == "mixed"]
    assert len(mixed) == 1
    assert mixed[0].exact_strategies[0][0] == F(2, 3)
    assert mixed[0].exact_strategies[1][0] == F(2, 3)
    assert type(mixed[0].exact_strategies[0][0]) is F


def test_prisoners_dilemma_single_equilibrium(prisoners_dilemma):
    result = solve_nash(prisoners_dilemma)
    assert len(result) == 1
    assert result[0].is_pure
    assert result[0].probability(0, "D") == 1.0
    assert result[0].probability(1, 1) == 1.0


def test_degenerate_game_warns_and_records():
    game = bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 1]])
    with pytest.warns(DegenerateGameWarning, match=r"solve_nash\(\): the game is degenerate"):
        result = solve_nash(game, exact=True)
    assert result.degenerate is True
    assert result.complete is False
    assert len(result.warnings) == 1 and "degenerate" in result.warnings[0]
    assert exact_set(result) == {_eq([1, 0], [1, 0]), _eq([1, 0], [0, 1])}
    # the warning is recorded in float mode too
    with pytest.warns(DegenerateGameWarning):
        assert solve_nash(game).degenerate is True


def test_degenerate_support_enumeration_warns():
    game = bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    with pytest.warns(DegenerateGameWarning):
        result = solve_nash(game, method="support_enumeration", exact=True)
    assert result.complete is False and result.degenerate is True


def test_nondegenerate_game_issues_no_warning(stag_hunt):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for method in ("vertex_enumeration", "support_enumeration", "pure"):
            result = solve_nash(stag_hunt, method=method)
            assert result.warnings == ()


# --------------------------------------------------------------------------- Lemke-Howson
def test_lemke_howson_never_finds_stag_hunt_mixed_equilibrium(stag_hunt):
    for exact in (False, True):
        with pytest.warns(IncompleteResultWarning):
            result = solve_nash(stag_hunt, method="lemke_howson", exact=exact)
        assert result.complete is False
        assert all(eq.is_pure for eq in result)
        assert len(result) == 2
        assert result.warnings
    for label in range(4):
        with pytest.warns(IncompleteResultWarning):
            one = solve_nash(stag_hunt, method="lemke_howson", initial_dropped_label=label)
        assert len(one) == 1 and one[0].is_pure
        assert one.parameters["initial_dropped_label"] == label
        assert set(one.diagnostics["pivots"]) == {label}


def _lh_games():
    games = []
    for seed in range(10):
        rng = np.random.default_rng(seed)
        games.append((f"uniform-{seed}", rng.random((10, 10)), rng.random((10, 10))))
    for seed in range(10):
        rng = np.random.default_rng(100 + seed)  # small integers: degenerate, ties
        games.append((f"int-{seed}", rng.integers(0, 3, (10, 10)), rng.integers(0, 3, (10, 10))))
    return games


@pytest.mark.parametrize(("name", "A", "B"), _lh_games(), ids=[g[0] for g in _lh_games()])
def test_lemke_howson_terminates_with_valid_equilibria(name, A, B):
    """nashpy's Lemke–Howson hung on 2 of 10 random 10x10 games and returned NaN on
    degenerate ones (DESIGN.md); ours must end with verified equilibria or SolverError."""
    try:
        result = _solve(A, B, method="lemke_howson")
    except SolverError:
        return
    assert len(result) >= 1
    assert result.complete is False
    for eq in result:
        x, y = eq.strategies
        assert np.all(np.isfinite(x)) and np.all(np.isfinite(y))
        assert abs(x.sum() - 1) < 1e-12 and abs(y.sum() - 1) < 1e-12
        assert max(bimatrix_regrets(A, B, x, y)) <= 1e-9
    # every path either ended or is reported as failed
    assert len(result.diagnostics["pivots"]) + len(result.diagnostics["failed_paths"]) == 20


@pytest.mark.parametrize("seed", range(5))
def test_lemke_howson_exact_on_degenerate_integer_games(seed):
    rng = np.random.default_rng(200 + seed)
    A, B = rng.integers(0, 2, (4, 5)), rng.integers(0, 2, (4, 5))
    result = _solve(A, B, method="lemke_howson", exact=True)
    assert len(result) >= 1 and result.complete is False
    _assert_all_exact_equilibria(A, B, result)


# --------------------------------------------------------------------------- n players
def test_three_player_pure_equilibria(three_player_coordination):
    result = solve_nash(three_player_coordination, method="pure", exact=True)
    assert [eq.support for eq in result] == [((0,), (0,), (0,)), ((1,), (1,), (1,))]
    assert result.complete is False  # pure equilibria only
    assert all(eq.max_regret == 0.0 for eq in result)


def _brute_force_pure(payoffs):
    shape = payoffs[0].shape
    out = []
    for a in itertools.product(*(range(m) for m in shape)):
        ok = True
        for i in range(len(shape)):
            for b in range(shape[i]):
                dev = list(a)
                dev[i] = b
                if payoffs[i][tuple(dev)] > payoffs[i][a]:
                    ok = False
        if ok:
            out.append(a)
    return out


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("exact", [False, True])
def test_n_player_pure_equilibria_match_brute_force(seed, exact):
    rng = np.random.default_rng(seed)
    n = 3 + seed % 2
    shape = tuple(int(k) for k in rng.integers(2, 4, n))
    payoffs = [rng.integers(-2, 3, shape) for _ in range(n)]
    result = solve_nash(NormalFormGame(payoffs), method="pure", exact=exact)
    found = [tuple(int(np.flatnonzero(s)[0]) for s in eq.strategies) for eq in result]
    assert sorted(found) == _brute_force_pure(payoffs)


def test_one_player_game_auto_is_pure_and_complete():
    result = solve_nash(NormalFormGame([[1, 5, 5, 2]]))
    assert result.method == "pure"
    assert result.complete is True
    assert [eq.support for eq in result] == [((1,),), ((2,),)]


JORDAN = [  # Jordan (1993): player 0 matches 1, 1 matches 2, 2 mismatches 0
    np.fromfunction(lambda a, b, c: np.where(a == b, 1, -1), (2, 2, 2), dtype=int),
    np.fromfunction(lambda a, b, c: np.where(b == c, 1, -1), (2, 2, 2), dtype=int),
    np.fromfunction(lambda a, b, c: np.where(c != a, 1, -1), (2, 2, 2), dtype=int),
]


def test_three_player_mixed_via_pygambit_jordan_game():
    """Jordan (1993), Games Econ. Behav. 5: the unique equilibrium is (1/2, 1/2, 1/2)."""
    game = NormalFormGame(JORDAN)
    with pytest.warns(IncompleteResultWarning):
        result = solve_nash(game)
    assert result.method == "gambit_enumpoly"
    assert len(result) == 1
    np.testing.assert_allclose(np.array(result[0].strategies), 0.5, atol=1e-9)
    assert max(nplayer_regrets(JORDAN, result[0].strategies)) <= result.tol
    with pytest.warns(IncompleteResultWarning):
        exact = solve_nash(game, exact=True)
    assert exact[0].exact_strategies == ((H, H), (H, H), (H, H))


@pytest.mark.parametrize("seed", range(4))
def test_three_player_mixed_via_pygambit_random_games(seed):
    rng = np.random.default_rng(seed)
    payoffs = [rng.integers(-9, 10, (2, 2, 2)) for _ in range(3)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = solve_nash(NormalFormGame(payoffs))
        pure = solve_nash(NormalFormGame(payoffs), method="pure")
    assert len(result) >= 1  # every finite game has an equilibrium (Nash 1951)
    for eq in result:
        assert max(nplayer_regrets(payoffs, eq.strategies)) <= result.tol
    assert len(result.pure) >= len(pure) or result.diagnostics["rejected"] > 0


# --------------------------------------------------------------------------- results
def test_results_are_frozen_and_read_only(stag_hunt):
    result = solve_nash(stag_hunt, exact=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.complete = False
    with pytest.raises(dataclasses.FrozenInstanceError):
        result[0].kind = "mixed"
    with pytest.raises(TypeError):
        result.parameters["tol"] = 1.0
    with pytest.raises(TypeError):
        result.diagnostics["x"] = 1
    with pytest.raises(TypeError):
        result.equilibria[0] = None
    for eq in result:
        for s in eq.strategies:
            assert not s.flags.writeable
        assert not eq.payoffs.flags.writeable
        with pytest.raises(ValueError):
            eq.strategies[0][0] = 0.3


@pytest.mark.parametrize("method", ["vertex_enumeration", "auto"])
def test_result_records_method_and_parameters(stag_hunt, method):
    result = solve_nash(stag_hunt, tol=1e-7, method=method)
    # "auto" on a small nondegenerate float game: the compiled support enumeration when
    # it is built, vertex enumeration otherwise; the method actually used is recorded
    used = result.method
    assert used == method or (method == "auto" and used in ("vertex_enumeration",
                                                             "support_enumeration"))
    assert dict(result.parameters) == {"method": used, "exact": False, "tol": 1e-7}
    # the regret tolerance is relative to each player's payoff range (4 - 1 = 3 here)
    assert result.tol == pytest.approx(3e-7)
    assert result.diagnostics["rejected"] == 0
    assert result.diagnostics["candidates"] == 3
    exact = solve_nash(stag_hunt, exact=True)
    assert exact.tol == 0.0 and exact.parameters["tol"] == 0.0


def test_equilibrium_helpers(stag_hunt):
    result = solve_nash(stag_hunt, exact=True)
    assert len(result) == 3 and list(result) == list(result.equilibria)
    assert len(result.pure) == 2
    assert result.max_regret == 0.0
    mixed = result[2]
    assert not mixed.is_pure and mixed.exact
    assert mixed.support == ((0, 1), (0, 1))
    assert mixed.probability(0, "C") == 0.5
    assert result[0] == result[0] and result[0] != result[1]
    assert isinstance(result[0], Equilibrium)
    with pytest.raises(TypeError):
        hash(result[0])


def test_describe(stag_hunt, prisoners_dilemma):
    result = solve_nash(stag_hunt, exact=True)
    assert result[2].describe() == ("mixed: player 0 mixes (C: 1/2, D: 1/2); "
                                    "player 1 mixes (C: 1/2, D: 1/2); payoffs (5/2, 5/2)")
    assert solve_nash(prisoners_dilemma)[0].describe() == (
        "pure: player 0 plays D; player 1 plays D; payoffs (1, 1)")
    text = result.describe()
    assert text.splitlines()[0] == "3 equilibria by vertex_enumeration (exact, complete)"
    assert len(text.splitlines()) == 4
    assert "SolveResult(method='vertex_enumeration', equilibria=3" in repr(result)


def test_to_latex(stag_hunt):
    latex = solve_nash(stag_hunt, exact=True).to_latex()
    assert latex.startswith("\\begin{tabular}")
    assert "\\toprule" in latex and "\\bottomrule" in latex
    assert "$\\frac{1}{2}$" in latex and "$\\frac{5}{2}$" in latex
    assert latex.count("\\\\") == 4  # header + 3 equilibria
    assert "0.5" in solve_nash(stag_hunt).to_latex()
    empty = SolveResult(game=stag_hunt, method="pure", equilibria=())
    assert empty.to_latex() == "% no equilibria\n"


def test_to_frame(stag_hunt):
    pytest.importorskip("pandas")
    frame = solve_nash(stag_hunt, exact=True).to_frame()
    assert len(frame) == 3
    assert list(frame.columns) == ["kind", "player 0: C", "player 0: D", "player 1: C",
                                   "player 1: D", "payoff player 0", "payoff player 1",
                                   "max_regret"]
    assert list(frame["kind"]) == ["pure", "pure", "mixed"]
    assert frame.loc[2, "player 0: C"] == 0.5
    assert frame.loc[2, "payoff player 1"] == 2.5


def test_solve_dispatches_to_solve_nash(stag_hunt):
    assert exact_set(solve(stag_hunt, exact=True)) == exact_set(
        solve_nash(stag_hunt, exact=True))


def test_float_payoff_game_in_exact_mode():
    # 0.1 is the binary rational it stores; the equilibrium is exact in that rational
    A = [[0.1, 0.0], [0.0, 0.2]]
    result = solve_nash(bimatrix(A, A), exact=True)
    mixed = [eq for eq in result if eq.kind == "mixed"][0]
    q = F(0.2) / (F(0.1) + F(0.2))
    assert mixed.exact_strategies[1] == (q, 1 - q)


def test_one_by_one_game():
    result = solve_nash(bimatrix([[1]], [[2]]), exact=True)
    assert exact_set(result) == {((F(1),), (F(1),))}


@pytest.mark.parametrize("scale", [1e8, 1e12])
def test_large_payoffs_keep_their_equilibria(scale):
    """Regression: with an absolute regret tolerance of 1e-9, rounding errors of order
    scale * 1e-16 rejected true equilibria of games with payoffs ~1e8 (14 of 100 random
    games came back with no equilibrium at all). The tolerance is now relative."""
    rng = np.random.default_rng(7)
    A, B = rng.random((4, 5)), rng.random((4, 5))
    base = _solve(A, B)
    big = _solve(A * scale, B * scale)
    assert len(big) == len(base) >= 1
    assert big.diagnostics["rejected"] == 0
    for a, b in zip(base, big):
        for s, t in zip(a.strategies, b.strategies):
            np.testing.assert_allclose(s, t, atol=1e-9)
        assert max(bimatrix_regrets(A * scale, B * scale, *b.strategies)) <= big.tol


def test_results_pickle_round_trip():
    import pickle

    import secdilemma as _sd

    res = _sd.solve_nash(_sd.bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]]), exact=True)
    back = pickle.loads(pickle.dumps(res))
    assert back.describe() == res.describe()
    assert back[2].exact_strategies == res[2].exact_strategies
    assert dict(back.parameters) == dict(res.parameters)
    assert back[2] == res[2]
