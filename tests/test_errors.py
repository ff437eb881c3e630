"""The exception hierarchy and the errors solve_nash raises on bad input."""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pytest

import secdilemma as sd
from secdilemma import (DegenerateGameWarning, IncompleteResultWarning, InvalidGameError,
                        InvalidParameterError, SecDilemmaError, SecDilemmaWarning,
                        SolverError, UnsupportedGameError, bimatrix, solve, solve_nash)


@pytest.mark.parametrize(
    ("exc", "bases"),
    [
        (InvalidGameError, (SecDilemmaError, ValueError)),
        (InvalidParameterError, (SecDilemmaError, ValueError)),
        (UnsupportedGameError, (SecDilemmaError, NotImplementedError)),
        (SolverError, (SecDilemmaError, RuntimeError)),
        (SecDilemmaError, (Exception,)),
    ],
)
def test_exception_hierarchy(exc, bases):
    for base in bases:
        assert issubclass(exc, base)


@pytest.mark.parametrize("warning", [DegenerateGameWarning, IncompleteResultWarning])
def test_warning_hierarchy(warning):
    assert issubclass(warning, SecDilemmaWarning)
    assert issubclass(warning, UserWarning)


def test_all_exported_from_top_level():
    for name in ("SecDilemmaError", "InvalidGameError", "InvalidParameterError",
                 "UnsupportedGameError", "SolverError", "SecDilemmaWarning",
                 "DegenerateGameWarning", "IncompleteResultWarning"):
        assert getattr(sd, name) is getattr(sd.errors, name)


@pytest.fixture
def pd_game():
    return bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


@pytest.fixture
def three_player():
    rng = np.random.default_rng(0)
    return sd.NormalFormGame([rng.integers(-2, 3, (2, 2, 2)) for _ in range(3)])


def test_unknown_method(pd_game):
    with pytest.raises(InvalidParameterError,
                       match=r"solve_nash\(\): method must be one of 'auto', 'pure', .*; "
                             r"got 'simplex'"):
        solve_nash(pd_game, method="simplex")


@pytest.mark.parametrize("tol", [-1e-9, -1])
def test_negative_tol(pd_game, tol):
    with pytest.raises(InvalidParameterError, match=rf"solve_nash\(\): tol must be >= 0; "
                                                    rf"got {tol!r}"):
        solve_nash(pd_game, tol=tol)


@pytest.mark.parametrize("tol", [float("nan"), float("inf")])
def test_non_finite_tol(pd_game, tol):
    with pytest.raises(InvalidParameterError, match=r"solve_nash\(\): tol must be finite"):
        solve_nash(pd_game, tol=tol)


@pytest.mark.parametrize("tol", ["1e-9", None, True])
def test_non_numeric_tol(pd_game, tol):
    with pytest.raises(InvalidParameterError, match=r"solve_nash\(\): tol must be a real number"):
        solve_nash(pd_game, tol=tol)


def test_exact_must_be_bool(pd_game):
    with pytest.raises(InvalidParameterError,
                       match=r"solve_nash\(\): exact must be True or False; got 1"):
        solve_nash(pd_game, exact=1)


@pytest.mark.parametrize("game", [[[3, 0], [5, 1]], np.eye(2), "pd"])
def test_not_a_game(game):
    with pytest.raises(InvalidGameError, match=r"solve_nash\(\): game must be a NormalFormGame"):
        solve_nash(game)


def test_solve_dispatch_rejects_unknown_game_type():
    with pytest.raises(UnsupportedGameError, match=r"solve\(\): game must be a NormalFormGame"):
        solve([[1, 2]])


@pytest.mark.parametrize("method", ["vertex_enumeration", "support_enumeration",
                                    "lemke_howson"])
def test_two_player_method_on_three_player_game(three_player, method):
    with pytest.raises(UnsupportedGameError,
                       match=rf"solve_nash\(\): method='{method}' needs a two-player game; "
                             r"got 3 players"):
        solve_nash(three_player, method=method)


def test_gambit_enumpoly_on_two_player_game(pd_game):
    with pytest.raises(UnsupportedGameError,
                       match=r"method='gambit_enumpoly' is for games of three or more "
                             r"players; got 2"):
        solve_nash(pd_game, method="gambit_enumpoly")


@pytest.mark.parametrize("label", [-1, 4, 1.0, "0"])
def test_lemke_howson_bad_label(pd_game, label):
    with pytest.raises(InvalidParameterError,
                       match=r"solve_nash\(\): initial_dropped_label must be an integer in "
                             r"\[0, 3\]"):
        solve_nash(pd_game, method="lemke_howson", initial_dropped_label=label)


@pytest.mark.parametrize("method", ["gambit_enumpoly"])  # "auto" falls back to logit_qre
def test_n_player_mixed_without_pygambit_says_how_to_install(three_player, monkeypatch,
                                                             method):
    monkeypatch.setitem(sys.modules, "pygambit", None)  # makes `import pygambit` fail
    with pytest.raises(UnsupportedGameError, match=r"pip install pygambit") as info:
        solve_nash(three_player, method=method)
    assert "method='pure'" in str(info.value)
    assert isinstance(info.value.__cause__, ImportError)


def test_pure_method_needs_no_pygambit(three_player, monkeypatch):
    monkeypatch.setitem(sys.modules, "pygambit", None)
    result = solve_nash(three_player, method="pure")
    assert result.method == "pure"


def test_lemke_howson_iteration_cap_raises_solver_error():
    # a 4x4 game whose paths need more than one pivot: max_iter=1 cannot finish
    rng = np.random.default_rng(5)
    game = bimatrix(rng.random((4, 4)), rng.random((4, 4)))
    with pytest.raises(SolverError, match=r"lemke_howson\(\): no equilibrium after "
                                          r"max_iter=1 pivots"):
        solve_nash(game, method="lemke_howson", max_iter=1)


def test_warnings_are_specific_classes_and_silenceable(pd_game):
    degenerate = bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 1]])
    with pytest.warns(DegenerateGameWarning):
        solve_nash(degenerate)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = solve_nash(degenerate, warn=False)  # recorded, not issued
    assert result.warnings and result.degenerate


def test_max_iter_is_validated():
    import pytest as _pytest

    from secdilemma import InvalidParameterError as _IPE
    from secdilemma import bimatrix as _bimatrix
    from secdilemma import solve_nash as _solve_nash

    with _pytest.raises(_IPE, match=r"solve_nash\(\): max_iter must be an integer >= 1; got 0"):
        _solve_nash(_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]), max_iter=0)


def test_bad_profiles_raise_value_errors_with_the_message_pattern(pd_game):
    """Bad strategies are input errors: InvalidParameterError (a ValueError), never
    numpy's "shapes not aligned" or a silent True/False."""
    cases = [
        (lambda: pd_game.expected_payoffs([[1, 0, 0], [1, 0]]),
         r"^NormalFormGame\.expected_payoffs\(\): profile\[0\] must be a probability vector "
         r"over player 0's 2 actions; got shape \(3,\)$"),
        (lambda: pd_game.is_nash([[0.5, 0.5], [-0.5, 1.5]]),
         r"^NormalFormGame\.is_nash\(\): profile\[1\] must be non-negative; got \[-0.5, 1.5\]$"),
        (lambda: pd_game.is_nash([[0, 0], [1, 0]]),
         r"^NormalFormGame\.is_nash\(\): profile\[0\] must sum to 1; got 0$"),
    ]
    for call, pattern in cases:
        with pytest.raises(InvalidParameterError, match=pattern) as info:
            call()
        assert isinstance(info.value, (SecDilemmaError, ValueError))
