"""NormalFormGame built from numeric arrays (the one-copy constructor) equals the game
built entry by entry from the same numbers, whatever the dtypes, the number of players
and the form the arrays come in; the payoffs it holds are read-only copies."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma import InvalidGameError, NormalFormGame, bimatrix


def _same_game(a, b):
    assert a == b
    assert a.is_exact == b.is_exact
    assert a.num_actions == b.num_actions and a.actions == b.actions
    for u, v in zip(a.payoffs, b.payoffs):
        assert u.dtype == v.dtype == np.float64 and np.array_equal(u, v)
        assert not u.flags.writeable


@pytest.mark.parametrize("dtypes", [(np.float64, np.float64), (np.int64, np.float64),
                                    (np.float32, np.int8), (np.uint16, np.int32)])
def test_mixed_dtypes_equal_lists(dtypes):
    A = np.array([[4, 1], [3, 2]], dtype=dtypes[0])
    B = np.array([[4, 3], [1, 2]], dtype=dtypes[1])
    game = bimatrix(A, B)
    _same_game(game, bimatrix(A.tolist(), B.tolist()))
    exact = all(np.dtype(d).kind in "iu" for d in dtypes)
    assert game.is_exact is exact
    assert game.exact_payoffs[1][1, 0] == F(1)


@pytest.mark.parametrize("n", [1, 3])
def test_other_player_counts_and_one_stacked_array(n):
    rng = np.random.default_rng(n)
    shape = (2,) * n
    stacked = rng.normal(size=(n,) + shape)
    from_list = NormalFormGame(list(stacked))
    _same_game(from_list, NormalFormGame([u.tolist() for u in stacked]))
    _same_game(NormalFormGame(stacked), from_list)
    assert from_list.num_players == n and from_list.num_actions == shape


def test_payoffs_are_copies():
    A = np.array([[4.0, 1.0], [3.0, 2.0]])
    B = A.T.copy()
    game = bimatrix(A, B)
    A[0, 0] = 100.0
    assert game.payoffs[0][0, 0] == 4.0
    with pytest.raises(ValueError):
        game.payoffs[1][0, 0] = 0.0


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_entries_are_named(bad):
    A = np.array([[4.0, 1.0], [3.0, bad]])
    with pytest.raises(InvalidGameError, match=r"^NormalFormGame\(\): payoffs must be finite; "
                                               r"got .* for player 0 at profile \(1, 1\)"):
        bimatrix(A, A)


def test_shapes_that_differ_are_refused():
    with pytest.raises(InvalidGameError, match=r"^NormalFormGame\(\): payoffs must all have "
                                               r"the same shape"):
        bimatrix(np.zeros((2, 2)), np.zeros((2, 3)))
