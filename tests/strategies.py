"""Shared hypothesis strategies for games (Axelrod-style: one module, reused by every
property test).

Small integer payoff ranges are the default on purpose: with payoffs in [-3, 3] ties are
common, so degenerate games (continua of equilibria, extra best responses) turn up often
and the solvers' degenerate paths are exercised, not only the generic case.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from secdilemma import NormalFormGame, bimatrix

__all__ = [
    "action_counts",
    "integer_matrices",
    "integer_bimatrix_games",
    "float_bimatrix_games",
    "fraction_bimatrix_games",
    "bimatrix_games",
    "nplayer_games",
    "positive_affine_maps",
    "action_permutations",
]


def action_counts(min_actions: int = 2, max_actions: int = 5):
    """Number of actions of one player."""
    return st.integers(min_value=min_actions, max_value=max_actions)


@st.composite
def integer_matrices(draw, shape, *, low: int = -3, high: int = 3):
    """An int64 matrix of the given shape with entries in [low, high]."""
    size = int(np.prod(shape))
    values = draw(st.lists(st.integers(low, high), min_size=size, max_size=size))
    return np.array(values, dtype=np.int64).reshape(shape)


@st.composite
def integer_bimatrix_games(draw, *, min_actions: int = 2, max_actions: int = 5,
                           low: int = -3, high: int = 3):
    """A bimatrix game with integer payoffs (exact); small ranges give ties/degeneracy."""
    m = draw(action_counts(min_actions, max_actions))
    n = draw(action_counts(min_actions, max_actions))
    A = draw(integer_matrices((m, n), low=low, high=high))
    B = draw(integer_matrices((m, n), low=low, high=high))
    return bimatrix(A, B)


@st.composite
def float_bimatrix_games(draw, *, min_actions: int = 2, max_actions: int = 5,
                         low: float = -10.0, high: float = 10.0):
    """A bimatrix game with arbitrary finite float payoffs (no NaN, no inf)."""
    m = draw(action_counts(min_actions, max_actions))
    n = draw(action_counts(min_actions, max_actions))
    finite = st.floats(low, high, allow_nan=False, allow_infinity=False,
                       allow_subnormal=False)
    A = np.array(draw(st.lists(finite, min_size=m * n, max_size=m * n))).reshape(m, n)
    B = np.array(draw(st.lists(finite, min_size=m * n, max_size=m * n))).reshape(m, n)
    return bimatrix(A, B)


@st.composite
def fraction_bimatrix_games(draw, *, min_actions: int = 2, max_actions: int = 4):
    """A bimatrix game with Fraction payoffs (small numerators and denominators)."""
    m = draw(action_counts(min_actions, max_actions))
    n = draw(action_counts(min_actions, max_actions))
    frac = st.builds(Fraction, st.integers(-6, 6), st.integers(1, 4))
    A = [[draw(frac) for _ in range(n)] for _ in range(m)]
    B = [[draw(frac) for _ in range(n)] for _ in range(m)]
    return bimatrix(A, B)


def bimatrix_games(*, min_actions: int = 2, max_actions: int = 5):
    """Any bimatrix game: integer (narrow and wide ranges), Fraction or float payoffs."""
    return st.one_of(
        integer_bimatrix_games(min_actions=min_actions, max_actions=max_actions),
        integer_bimatrix_games(min_actions=min_actions, max_actions=max_actions,
                               low=-100, high=100),
        fraction_bimatrix_games(min_actions=min_actions, max_actions=min(max_actions, 4)),
        float_bimatrix_games(min_actions=min_actions, max_actions=max_actions),
    )


@st.composite
def nplayer_games(draw, *, min_players: int = 3, max_players: int = 3,
                  min_actions: int = 2, max_actions: int = 3, low: int = -2, high: int = 2):
    """An n-player game with small integer payoffs (ties, several pure equilibria)."""
    n = draw(st.integers(min_players, max_players))
    shape = tuple(draw(action_counts(min_actions, max_actions)) for _ in range(n))
    payoffs = [draw(integer_matrices(shape, low=low, high=high)) for _ in range(n)]
    return NormalFormGame(payoffs)


def positive_affine_maps():
    """(scale, shift) with scale > 0, as exact numbers (so exact games stay exact)."""
    scale = st.one_of(st.integers(1, 7), st.builds(Fraction, st.integers(1, 9),
                                                   st.integers(1, 5)))
    shift = st.one_of(st.integers(-20, 20), st.builds(Fraction, st.integers(-9, 9),
                                                      st.integers(1, 5)))
    return st.tuples(scale, shift)


@st.composite
def action_permutations(draw, game):
    """One permutation of each player's actions of ``game``."""
    return [draw(st.permutations(list(range(m)))) for m in game.num_actions]


# ---------------------------------------------------------------------------------------
# Independent checks of the defining property, written with plain numpy / Python so the
# tests never trust NormalFormGame.regrets to validate the solvers that use it.


def bimatrix_regrets(A, B, x, y):
    """Float regrets (row player, column player) of the mixed profile (x, y) in (A, B)."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    row_values = A @ y
    col_values = x @ B
    return float(row_values.max() - x @ row_values), float(col_values.max() - col_values @ y)


def exact_bimatrix_regrets(A, B, x, y):
    """Exact regrets (as Fractions) of (x, y), with A, B given as ints/Fractions."""
    m, n = len(x), len(y)
    A = [[Fraction(A[i][j]) for j in range(n)] for i in range(m)]
    B = [[Fraction(B[i][j]) for j in range(n)] for i in range(m)]
    row_values = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
    col_values = [sum(B[i][j] * x[i] for i in range(m)) for j in range(n)]
    return (max(row_values) - sum(p * v for p, v in zip(x, row_values)),
            max(col_values) - sum(q * v for q, v in zip(y, col_values)))


def nplayer_regrets(payoffs, profile):
    """Float regrets of a mixed profile in an n-player game, by brute-force summation."""
    import itertools

    payoffs = [np.asarray(u, dtype=float) for u in payoffs]
    shape = payoffs[0].shape
    n = len(shape)
    out = []
    for i in range(n):
        values = np.zeros(shape[i])
        for a in itertools.product(*(range(m) for m in shape)):
            weight = np.prod([profile[j][a[j]] for j in range(n) if j != i])
            values[a[i]] += weight * payoffs[i][a]
        out.append(float(values.max() - np.dot(values, profile[i])))
    return out


def exact_set(result):
    """The equilibria of an exact SolveResult as a set of tuples of tuples of Fractions."""
    return {tuple(tuple(s) for s in eq.exact_strategies) for eq in result}
