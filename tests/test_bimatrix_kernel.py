"""The support-enumeration kernel of small bimatrix games (solvers._bimatrix_kernel):
the compiled and the numpy paths take the same decisions, every equilibrium they return
is one (checked here, independently), their sets equal pygambit's exact ``enummixed``
and nashpy's on nondegenerate games, and degenerate games are flagged unsure rather
than answered.

The compiled path is switched off by monkeypatching ``_bimatrix_kernel.NATIVE`` (read
at every call); tests of the compiled path alone skip where the extension is absent.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import warnings
from fractions import Fraction

import nashpy
import numpy as np
import pygambit
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secdilemma import InvalidGameError, bimatrix, solve_nash
from secdilemma.solvers import _bimatrix_kernel as kernel
from secdilemma.solvers.batched_nash import solve_nash_batch
from secdilemma.solvers.vertex_enumeration import extreme_equilibria

needs_native = pytest.mark.skipif(
    not kernel.NATIVE,
    reason="the compiled kernel secdilemma.solvers._bimatrix_native is not built here "
           "(no C compiler at install, or SECDILEMMA_NO_NATIVE set): numpy path only")

#: The paths to test: the numpy path always, the compiled one where it is built.
PATHS = [True, False] if kernel.NATIVE else [False]

SCALES = [(1.0, 0.0), (1e-9, 0.0), (1e-3, 0.0), (1e3, 0.0), (1e12, 0.0), (1.0, 1e9),
          (1.0, -1e9)]


@pytest.fixture
def numpy_path(monkeypatch):
    monkeypatch.setattr(kernel, "NATIVE", False)


def run(A, B, native, tol=1e-9):
    """enumerate_batch on one path (the native one only when it is built)."""
    saved = kernel.NATIVE
    kernel.NATIVE = native and saved
    try:
        return kernel.enumerate_batch(A, B, tol)
    finally:
        kernel.NATIVE = saved


def random_games(seed, n, shape, integer=0, degenerate=0):
    """n games: standard normal, then `integer` in [-2, 2] (ties), then `degenerate`
    ones: row 0 with columns 0 and n-1 both pure equilibria (the column player's best
    replies to row 0 tie: a degenerate game)."""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n,) + shape)
    B = rng.normal(size=(n,) + shape)
    lo = n - integer - degenerate
    A[lo:lo + integer] = rng.integers(-2, 3, (integer,) + shape)
    B[lo:lo + integer] = rng.integers(-2, 3, (integer,) + shape)
    if degenerate:
        d = slice(n - degenerate, n)
        A[d, 0, 0] = A[d, 0, -1] = B[d, 0, 0] = B[d, 0, -1] = 10.0
    return A, B


def check_equilibrium(A, B, x, y, u0, u1, regret):
    """The definition, written out: probability vectors, no pure deviation gains more
    than 1e-8 of a player's payoff range, and the reported payoffs and regret."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    assert x.min() >= 0 and y.min() >= 0
    assert abs(x.sum() - 1) < 1e-12 and abs(y.sum() - 1) < 1e-12
    range_a = max(A.max() - A.min(), 1e-300)
    range_b = max(B.max() - B.min(), 1e-300)
    row_values = [sum(A[i, j] * y[j] for j in range(A.shape[1])) for i in range(A.shape[0])]
    col_values = [sum(B[i, j] * x[i] for i in range(A.shape[0])) for j in range(A.shape[1])]
    got0 = sum(x[i] * row_values[i] for i in range(A.shape[0]))
    got1 = sum(y[j] * col_values[j] for j in range(A.shape[1]))
    scale = max(np.abs(A).max(), np.abs(B).max())
    assert max(row_values) - got0 <= 1e-8 * range_a + 1e-14 * scale
    assert max(col_values) - got1 <= 1e-8 * range_b + 1e-14 * scale
    assert abs(u0 - got0) <= 1e-12 * max(np.abs(A).max(), 1e-300)
    assert abs(u1 - got1) <= 1e-12 * max(np.abs(B).max(), 1e-300)
    assert 0 <= regret <= 1e-8 * max(range_a, range_b) + 1e-14 * scale


def sort_key(x, y):
    """solve_nash's order, written out: pure first, then total support size, then
    decreasing probabilities."""
    support = np.count_nonzero(x) + np.count_nonzero(y)
    return (support != 2, support, tuple(-round(float(p), 9) for p in np.concatenate([x, y])))


def equilibria(res, i):
    c = int(res.count[i])
    return [(res.x[i, k], res.y[i, k], res.payoffs[i, k, 0], res.payoffs[i, k, 1],
             res.regret[i, k]) for k in range(c)]


def check_result(A, B, res):
    """Every sure game: odd count, each slot an equilibrium, sorted, NaN padding."""
    for i in range(A.shape[0]):
        if res.unsure[i]:
            assert res.count[i] == 0 and np.isnan(res.x[i]).all()
            continue
        eqs = equilibria(res, i)
        assert len(eqs) % 2 == 1
        for e in eqs:
            check_equilibrium(A[i], B[i], *e)
        keys = [sort_key(e[0], e[1]) for e in eqs]
        assert keys == sorted(keys)
        assert np.isnan(res.x[i, len(eqs):]).all() and np.isnan(res.regret[i, len(eqs):]).all()


def same_sets(got, ref, atol=1e-9):
    """Equal as sets of (x, y) within atol (a bijection)."""
    if len(got) != len(ref):
        return False
    unused = list(range(len(ref)))
    for x, y in got:
        match = [j for j in unused if np.allclose(x, ref[j][0], atol=atol, rtol=0)
                 and np.allclose(y, ref[j][1], atol=atol, rtol=0)]
        if not match:
            return False
        unused.remove(match[0])
    return True


# ------------------------------------------------------------------ native vs numpy
@needs_native
@pytest.mark.parametrize("shape", [(1, 3), (2, 2), (3, 3), (4, 4), (2, 5), (5, 3), (5, 5)])
@pytest.mark.parametrize(("scale", "shift"), SCALES)
def test_native_equals_numpy(shape, scale, shift):
    A, B = random_games(sum(shape), 150, shape, integer=40, degenerate=20)
    A, B = A * scale + shift, B * scale - shift
    nat, ref = run(A, B, True), run(A, B, False)
    check_result(A, B, nat)
    check_result(A, B, ref)
    differ = np.flatnonzero(nat.unsure != ref.unsure)
    # the two paths round differently: a flag may differ only at the margin, rarely
    assert len(differ) <= 1, differ
    both = ~nat.unsure & ~ref.unsure
    assert np.array_equal(nat.count[both], ref.count[both])
    np.testing.assert_allclose(nat.x[both], ref.x[both], atol=1e-12, rtol=0)
    np.testing.assert_allclose(nat.y[both], ref.y[both], atol=1e-12, rtol=0)
    big = max(np.abs(A).max(), np.abs(B).max())
    np.testing.assert_allclose(nat.payoffs[both], ref.payoffs[both], atol=1e-13 * big, rtol=0)
    assert nat.unsure[-20:].all()  # degenerate: never answered


@needs_native
def test_native_answers_as_at_unit_scale():
    """Scale and shift invariance of the compiled path: same flags and equilibria."""
    A, B = random_games(7, 200, (3, 4), integer=30)
    base = run(A, B, True)
    for scale, shift in SCALES[1:]:
        res = run(A * scale + shift, B * scale + shift, True)
        both = ~res.unsure & ~base.unsure
        # a shift of 1e9 widens the margin to ~4e-5 (the payoffs are stored only that
        # precisely): a few more games are left unsure (6 of 200 here), never fewer
        assert not (base.unsure & ~res.unsure).any()
        assert (res.unsure != base.unsure).sum() <= len(A) // 20 if shift else \
            np.array_equal(res.unsure, base.unsure)
        assert np.array_equal(res.count[both], base.count[both])
        # a shift of 1e9 stores payoffs of range ~1 only to ~1e-7: the game moves
        np.testing.assert_allclose(res.x[both], base.x[both], atol=1e-5 if shift else 1e-9,
                                   rtol=0)


@pytest.mark.parametrize("native", PATHS, ids=lambda v: "native" if v else "numpy")
def test_degenerate_away_from_equilibria_is_unsure(native):
    """A game degenerate only away from its equilibria is unsure on both paths: an
    equilibrium component with unequal supports would be invisible to equal-size
    supports, so only a game nondegenerate everywhere is answered."""
    A, B = random_games(3, 150, (3, 3), integer=40, degenerate=10)
    # row 0 is strictly dominated, and the column player's best replies to it tie
    A[:5, 0] = A[:5, 1] - [5.0, 5.3, 5.7]
    B[:5, 0] = [2.0, 2.0, -1.0]
    res = run(A, B, native)
    assert res.unsure[:5].all()
    check_result(A, B, res)


#: Small integer games: (shape, payoff range) with a few hundred of the 20,000 games
#: certified nondegenerate by the kernel (most such games are degenerate: ties).
INTEGER_GAMES = [((2, 3), (-1, 1)), ((3, 3), (-2, 2)), ((3, 4), (-4, 4)),
                 ((4, 4), (-9, 9)), ((5, 5), (-20, 20))]


@pytest.mark.parametrize(("shape", "span"), INTEGER_GAMES, ids=lambda v: str(v))
def test_certified_integer_games_are_nondegenerate(shape, span):
    """20,000 small integer games per shape (2,000 where only the numpy path is
    built), most of them degenerate: every game the kernel answers is one that exact
    vertex enumeration (rational arithmetic, solvers.vertex_enumeration) calls
    nondegenerate, with as many equilibria and the same ones; and the numpy path raises
    the same flags (on the first 1,000). Checking degeneracy only at the equilibria
    found certified about 6% of such games wrongly."""
    rng = np.random.default_rng(shape[0] * 10 + shape[1])
    lo, hi = span
    n = 20_000 if kernel.NATIVE else 2_000
    A = rng.integers(lo, hi + 1, (n,) + shape).astype(float)
    B = rng.integers(lo, hi + 1, (n,) + shape).astype(float)
    res = run(A, B, True)
    answered = np.flatnonzero(~res.unsure)
    # the test has games to check, and not too many
    assert n // 1000 <= len(answered) <= n // 10
    for i in answered:
        pairs, degenerate, info = extreme_equilibria(A[i], B[i], exact=True)
        assert info["complete"] and not degenerate, (i, A[i], B[i])
        assert len(pairs) == res.count[i], (i, A[i], B[i])
        got = [(e[0], e[1]) for e in equilibria(res, i)]
        exact = [(np.array(x, dtype=float), np.array(y, dtype=float)) for x, y in pairs]
        assert same_sets(got, exact, atol=1e-12), (i, A[i], B[i])
    head = run(A[:1000], B[:1000], False)
    assert np.array_equal(head.unsure, res.unsure[:1000])
    assert np.array_equal(head.count, res.count[:1000])


@needs_native
def test_solve_one_equals_the_batch():
    A, B = random_games(3, 150, (3, 3), integer=40, degenerate=10)
    A[:5, 0] = A[:5, 1] - [5.0, 5.3, 5.7]
    B[:5, 0] = [2.0, 2.0, -1.0]
    batch = run(A, B, True)
    assert (batch.unsure == run(A, B, False).unsure).all()
    for i in range(len(A)):
        one = kernel.solve_one(A[i], B[i])
        if batch.unsure[i]:
            assert one is None
            continue
        assert len(one) == batch.count[i]
        for k, (x, y, u0, u1, regret) in enumerate(one):
            assert isinstance(x, tuple) and isinstance(u0, float)
            assert x == tuple(batch.x[i, k]) and y == tuple(batch.y[i, k])
            assert (u0, u1, regret) == (batch.payoffs[i, k, 0], batch.payoffs[i, k, 1],
                                        batch.regret[i, k])


@needs_native
@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 4), (3, 2), (4, 4)])
@pytest.mark.parametrize(("scale", "shift"), [(1.0, 0.0), (1e-9, 0.0), (1e12, 0.0),
                                              (1.0, 1e9), (1e3, -1e9)])
def test_solve_one_answers_only_what_solve_nash_answers_completely(shape, scale, shift):
    """Whenever solve_one answers, solve_nash (default method) calls the game complete,
    needs no exact fallback, and lists the same equilibria in the same order; a third
    of the games are integer-valued (mostly degenerate: solve_one returns None)."""
    rng = np.random.default_rng(hash((shape, scale, shift)) % 2**32)
    answered = 0
    for t in range(45):
        A, B = rng.normal(size=(2,) + shape)
        if t % 3 == 0:
            A, B = np.round(A), np.round(B)
        A, B = A * scale + shift, B * scale + shift
        one = kernel.solve_one(A, B)
        if one is None:
            continue
        answered += 1
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a complete answer warns nothing
            ref = solve_nash(bimatrix(A, B))
        assert ref.complete and "exact_fallback" not in ref.diagnostics
        assert len(one) == len(ref.equilibria)
        for (x, y, u0, u1, regret), e in zip(one, ref.equilibria):
            np.testing.assert_allclose(x, e.strategies[0], atol=1e-9, rtol=0)
            np.testing.assert_allclose(y, e.strategies[1], atol=1e-9, rtol=0)
            np.testing.assert_allclose([u0, u1], e.payoffs, rtol=1e-9,
                                       atol=1e-12 * max(abs(shift), scale))
    assert answered >= 25


@needs_native
def test_solve_one_known_games():
    # stag hunt (Jervis 1978): both pure profiles and the mix (1/2, 1/2)
    eqs = kernel.solve_one(np.array([[4.0, 1], [3, 2]]), np.array([[4.0, 3], [1, 2]]))
    assert [e[0] for e in eqs][:2] == [(1.0, 0.0), (0.0, 1.0)]
    np.testing.assert_allclose(eqs[2][0], [0.5, 0.5])
    np.testing.assert_allclose(eqs[2][2:4], [2.5, 2.5])
    # matching pennies: one mixed equilibrium, payoff 0
    mp = np.array([[1.0, -1], [-1, 1]])
    (x, y, u0, u1, regret), = kernel.solve_one(mp, -mp)
    np.testing.assert_allclose(x + y, [0.5] * 4)
    assert abs(u0) < 1e-15 and abs(u1) < 1e-15 and regret < 1e-15
    # degenerate: None (left to the exact solver), never a partial answer
    assert kernel.solve_one(np.array([[1.0, 1], [1, 1]]), np.array([[1.0, 2], [3, 4]])) is None
    assert kernel.solve_one(np.ones((1, 1)), np.ones((1, 1))) is None
    # larger than the compiled kernel handles: None
    assert kernel.solve_one(np.eye(7), np.eye(7)) is None


@needs_native
def test_solve_one_matches_solve_nash():
    A, B = random_games(5, 60, (3, 3))
    for i in range(len(A)):
        one = kernel.solve_one(A[i], B[i])
        ref = solve_nash(bimatrix(A[i], B[i]), method="vertex_enumeration")
        assert one is not None and len(one) == len(ref.equilibria)
        for (x, y, u0, u1, regret), e in zip(one, ref.equilibria):  # same order
            np.testing.assert_allclose(x, e.strategies[0], atol=1e-12)
            np.testing.assert_allclose(y, e.strategies[1], atol=1e-12)
            np.testing.assert_allclose([u0, u1], e.payoffs, atol=1e-12)
            assert abs(regret - e.max_regret) <= 1e-12


@needs_native
def test_native_rejects_bad_buffers():
    good = np.zeros((2, 2))
    with pytest.raises(InvalidGameError, match=r"solve_one\(\): A must have dtype float64"):
        kernel.solve_one(np.zeros((2, 2), dtype=int), good)
    with pytest.raises(InvalidGameError, match=r"solve_one\(\): B must be C-contiguous"):
        kernel.solve_one(good, np.zeros((2, 4))[:, ::2])
    with pytest.raises(InvalidGameError, match="must have 2 dimensions"):
        kernel.solve_one(np.zeros(4), good)
    with pytest.raises(InvalidGameError, match="same shape"):
        kernel.solve_one(good, np.zeros((2, 3)))
    with pytest.raises(InvalidGameError, match="buffer protocol"):
        kernel.solve_one([[1.0, 2.0]], good)
    with pytest.raises(InvalidGameError, match="tol must be"):
        kernel.solve_one(good, good, -1.0)
    native = kernel._native
    out = [np.empty((1, 3, 2)), np.empty((1, 3, 2)), np.empty(1, dtype=np.int64),
           np.empty(1, dtype=bool), np.empty((1, 3, 2)), np.empty((1, 3))]
    with pytest.raises(InvalidGameError, match=r"enumerate_batch\(\): count must have dtype"):
        native.enumerate_batch(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), 1e-9, *out[:2],
                               np.empty(1), *out[3:])
    with pytest.raises(InvalidGameError, match=r"enumerate_batch\(\): y has shape"):
        native.enumerate_batch(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), 1e-9, out[0],
                               np.empty((1, 3, 3)), *out[2:])
    with pytest.raises(InvalidGameError, match="1 to 6 actions"):
        native.enumerate_batch(np.zeros((1, 7, 1)), np.zeros((1, 7, 1)), 1e-9,
                               np.empty((1, 3, 7)), np.empty((1, 3, 1)), *out[2:])
    with pytest.raises(TypeError, match=r"enumerate_batch\(\) takes 9 positional"):
        native.enumerate_batch(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), 1e-9)
    with pytest.raises(InvalidGameError, match=r"enumerate_batch\(\): tol must be"):
        native.enumerate_batch(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), np.nan, *out)
    # enumerate_compact shares the argument rules of enumerate_batch
    rows = [np.empty((3, 2)), np.empty((3, 2)), np.empty(1, dtype=np.int64),
            np.empty(1, dtype=bool)]
    with pytest.raises(InvalidGameError, match=r"enumerate_compact\(\): tol must be"):
        native.enumerate_compact(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), -1.0, *rows)
    with pytest.raises(InvalidGameError, match=r"enumerate_compact\(\): y has shape axis 1"):
        native.enumerate_compact(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), 1e-9, rows[0],
                                 np.empty((3, 5)), *rows[2:])
    with pytest.raises(InvalidGameError, match=r"enumerate_compact\(\): unsure must have "
                                               r"dtype bool"):
        native.enumerate_compact(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), 1e-9, *rows[:3],
                                 np.empty(1))
    with pytest.raises(InvalidGameError, match=r"enumerate_compact\(\): x must be a "
                                               r"writable"):
        native.enumerate_compact(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), 1e-9,
                                 readonly_array((3, 2)), *rows[1:])
    # scatter_padded checks the counts against the padding and the rows
    xs, ys = np.arange(6.0).reshape(3, 2), np.arange(6.0).reshape(3, 2) + 10
    x, y = np.empty((2, 2, 2)), np.empty((2, 2, 2))
    native.scatter_padded(xs, ys, np.array([1, 2]), x, y)
    assert x[0, 0].tolist() == [0.0, 1.0] and np.isnan(x[0, 1]).all()
    assert x[1].tolist() == [[2.0, 3.0], [4.0, 5.0]] and y[1, 1].tolist() == [14.0, 15.0]
    with pytest.raises(InvalidGameError, match=r"scatter_padded\(\): count must be in "
                                               r"\[0, w = 2\]; got 3 at game 1"):
        native.scatter_padded(xs, ys, np.array([0, 3]), x, y)
    with pytest.raises(InvalidGameError, match=r"scatter_padded\(\): count adds up to 4 "
                                               r"rows; xs holds 3"):
        native.scatter_padded(xs, ys, np.array([2, 2]), x, y)
    with pytest.raises(InvalidGameError, match=r"scatter_padded\(\): y has shape axis 2"):
        native.scatter_padded(xs, ys, np.array([1, 2]), x, np.empty((2, 2, 3)))


def readonly_array(shape):
    a = np.empty(shape)
    a.flags.writeable = False
    return a


def test_disabled_by_environment_variable():
    code = ("from secdilemma.solvers import _bimatrix_kernel as k; import numpy as np; "
            "print(k.NATIVE, k.solve_one(np.eye(2), np.eye(2)))")
    env = dict(os.environ, SECDILEMMA_NO_NATIVE="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["False", "None"]


# ------------------------------------------------------------------ against peers
def gambit_exact(A, B):
    game = pygambit.Game.from_arrays(np.asarray(A, dtype=object), np.asarray(B, dtype=object))
    result = pygambit.nash.enummixed_solve(game, rational=True)
    out = []
    for eq in result.equilibria:
        values = {}
        for strategy, prob in eq:
            values.setdefault(strategy.player.label, []).append(float(Fraction(str(prob))))
        x, y = (np.array(values[p.label]) for p in game.players)
        out.append((x, y))
    return out


@pytest.mark.parametrize("native", PATHS, ids=lambda v: "native" if v else "numpy")
@pytest.mark.parametrize("shape", [(2, 3), (3, 3), (3, 4), (4, 4)])
def test_equal_to_pygambit_enummixed(native, shape):
    """Wide integer payoffs: nondegenerate almost always; every sure answer is exactly
    pygambit's rational set (converted to floats)."""
    rng = np.random.default_rng(100 + shape[0] * 10 + shape[1])
    A = rng.integers(-999, 1000, (25,) + shape)
    B = rng.integers(-999, 1000, (25,) + shape)
    res = run(A.astype(float), B.astype(float), native)
    assert (~res.unsure).sum() >= 20  # the condition bound is loose: a few unsure
    check_result(A.astype(float), B.astype(float), res)
    for i in np.flatnonzero(~res.unsure):
        got = [(e[0], e[1]) for e in equilibria(res, i)]
        assert same_sets(got, gambit_exact(A[i], B[i]), atol=1e-12)


@pytest.mark.parametrize("native", PATHS, ids=lambda v: "native" if v else "numpy")
def test_equal_to_nashpy(native):
    """Every equilibrium nashpy's support enumeration returns is in our set (nashpy is
    known to drop some equilibria, so it is a lower bound; ours are each verified by
    the definition in check_result), and most sets are equal."""
    A, B = random_games(21, 40, (3, 3))
    res = run(A, B, native)
    assert not res.unsure.any()
    equal = 0
    for i in range(len(A)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = list(nashpy.Game(A[i], B[i]).support_enumeration())
        got = [(e[0], e[1]) for e in equilibria(res, i)]
        for x, y in theirs:
            assert any(np.allclose(x, gx, atol=1e-9) and np.allclose(y, gy, atol=1e-9)
                       for gx, gy in got)
        equal += same_sets(got, theirs, atol=1e-9)
    check_result(A, B, res)
    assert equal >= 30


# ------------------------------------------------------------------ degenerate games
DEGENERATE = {
    # a weakly dominated row: the column player's best reply to it ties
    "duplicate row": ([[3, 0], [3, 0], [0, 2]], [[1, 0], [1, 0], [0, 1]]),
    # a continuum of equilibria: the row player is indifferent everywhere
    "constant row payoffs": ([[1, 1], [1, 1]], [[2, 0], [0, 1]]),
    # a pure profile with a tied best reply (x = row 0, both columns best)
    "tied pure reply": ([[2, 0], [1, 3]], [[1, 1], [0, 2]]),
    # rock-paper-scissors: a singular 2 x 2 support system
    "rock-paper-scissors": ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
                            [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]),
    # an equilibrium probability of 1e-10 of the range: nearly degenerate
    "near-zero probability": ([[1, 0], [0, 1e10]], [[1, 0], [0, 1]]),
    # an even number of equilibria found (2): the sign of a degenerate game
    "two equilibria": ([[1, 1], [0, 0]], [[1, 1], [0, 0]]),
}


@pytest.mark.parametrize("native", PATHS, ids=lambda v: "native" if v else "numpy")
@pytest.mark.parametrize("name", list(DEGENERATE))
def test_degenerate_games_are_flagged(native, name):
    A, B = (np.array(u, dtype=float)[None] for u in DEGENERATE[name])
    for scale, shift in SCALES:
        res = run(A * scale + shift, B * scale + shift, native)
        assert res.unsure.tolist() == [True], (name, scale, shift)
        assert res.count.tolist() == [0]
    # and the batch solver hands it to the exact per-game reference
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert solve_nash_batch(A, B).fallback.tolist() == [True]


@pytest.mark.parametrize("native", PATHS, ids=lambda v: "native" if v else "numpy")
def test_perturbed_tie_is_flagged_until_clear(native):
    """A tie broken by a relative 1e-12 is flagged; broken by 1e-3 it is answered. (No
    other tie in the game: the certificate of nondegeneracy also refuses ties between
    replies that are not best, e.g. two zeros in one column.)"""
    A = np.array([[[3.0, 0.5], [3.0, 0.2], [0, 2]]])
    B = np.array([[[1.0, 0], [1.0, 0.3], [0, 1]]])
    for eps, unsure in [(1e-12, True), (1e-9, True), (1e-3, False)]:
        A2, B2 = A.copy(), B.copy()
        A2[0, 1, 0] -= 3 * eps  # row 1 now just below row 0, for both players
        B2[0, 1, 0] -= eps
        res = run(A2, B2, native)
        assert res.unsure.tolist() == [unsure], eps
        check_result(A2, B2, res)


def gambit_exact_float(A, B):
    """pygambit's exact set of the float game itself (each float is a binary rational)."""
    return gambit_exact(np.vectorize(Fraction, otypes=[object])(A),
                        np.vectorize(Fraction, otypes=[object])(B))


def worst_support_condition(A, B):
    """Largest 2-norm condition number (numpy.linalg.cond) over the bordered support
    systems [[M, -1], [1, 0]] of each game's normalised payoffs; A, B of shape
    (N, m, n)."""
    lo, hi = A.min(axis=(1, 2), keepdims=True), A.max(axis=(1, 2), keepdims=True)
    An = (A - lo) / (hi - lo)
    lo, hi = B.min(axis=(1, 2), keepdims=True), B.max(axis=(1, 2), keepdims=True)
    Bn = (B - lo) / (hi - lo)
    N, m, n = A.shape
    worst = np.zeros(N)
    for s in range(2, min(m, n) + 1):
        for I in itertools.combinations(range(m), s):
            for J in itertools.combinations(range(n), s):
                for M in (An[:, I][:, :, J], np.swapaxes(Bn[:, I][:, :, J], 1, 2)):
                    bordered = np.zeros((N, s + 1, s + 1))
                    bordered[:, :s, :s] = M
                    bordered[:, :s, s] = -1.0
                    bordered[:, s, :s] = 1.0
                    worst = np.maximum(worst, np.linalg.cond(bordered))
    return worst


@pytest.fixture(scope="module")
def badly_conditioned_games():
    """Seeded 4 x 4 normal games with a support system of condition number > 1e6."""
    rng = np.random.default_rng(2024)
    A, B = rng.normal(size=(2, 6000, 4, 4))
    bad = np.flatnonzero(worst_support_condition(A, B) > 1e6)
    assert len(bad) >= 3
    return A[bad], B[bad]


@pytest.mark.parametrize("native", PATHS, ids=lambda v: "native" if v else "numpy")
def test_badly_conditioned_but_irrelevant_supports_are_answered(native, badly_conditioned_games):
    """A nearly singular support system has a huge solution far outside the simplex:
    the game is answered (not sent to the fallback) and its set is pygambit's exact
    set of the same floats."""
    A, B = badly_conditioned_games
    bad = np.arange(len(A))
    res = run(A, B, native)
    assert not res.unsure.any()
    check_result(A, B, res)
    for i in bad:
        got = [(e[0], e[1]) for e in equilibria(res, i)]
        assert same_sets(got, gambit_exact_float(A[i], B[i]), atol=1e-9)


# ------------------------------------------------------------------ numpy path alone
def test_numpy_path_equals_solve_nash(numpy_path):
    assert kernel.solve_one(np.eye(2), np.eye(2)) is None  # no compiled kernel: None
    A, B = random_games(31, 60, (3, 4), integer=20)
    res = kernel.enumerate_batch(A, B)
    check_result(A, B, res)
    assert not res.unsure[:40].any() and res.unsure[40:].any()
    for i in np.flatnonzero(~res.unsure):
        ref = solve_nash(bimatrix(A[i], B[i]), method="vertex_enumeration")
        for e, r in zip(equilibria(res, i), ref.equilibria, strict=True):
            np.testing.assert_allclose(e[0], r.strategies[0], atol=1e-12)
            np.testing.assert_allclose(e[1], r.strategies[1], atol=1e-12)
            np.testing.assert_allclose(e[2:4], r.payoffs, atol=1e-12)


def test_width_bound():
    # the number of support pairs, capped by the nondegenerate maxima 1, 3, 7, 15
    assert [kernel.width_bound(d, d) for d in (1, 2, 3, 4)] == [1, 3, 7, 15]
    pairs = sum(len(list(itertools.combinations(range(3), s)))
                * len(list(itertools.combinations(range(2), s))) for s in (1, 2))
    assert kernel.width_bound(3, 2) == min(pairs, 8)


# ------------------------------------------------------------------ property
@settings(max_examples=60, deadline=None)
@given(data=st.data(), m=st.integers(1, 4), n=st.integers(1, 4),
       scale=st.sampled_from([1e-9, 1.0, 1e12]), shift=st.sampled_from([0.0, 1e9]))
def test_property_every_answer_is_an_equilibrium_set(data, m, n, scale, shift):
    """Small integer payoffs (ties) plus optional noise: whatever each path answers is
    an odd, sorted set of equilibria, the two paths agree, and it is the exact set."""
    ints = st.lists(st.integers(-3, 3), min_size=2 * m * n, max_size=2 * m * n)
    values = np.array(data.draw(ints), dtype=float).reshape(2, 1, m, n)
    noise = data.draw(st.sampled_from([0.0, 1e-2]))
    values = values + noise * (np.arange(values.size).reshape(values.shape) * 0.37 % 1)
    A, B = values * scale + shift
    results = [run(A, B, True), run(A, B, False)]
    for res in results:
        check_result(A, B, res)
    nat, ref = results
    if kernel.NATIVE and not nat.unsure[0] and not ref.unsure[0]:
        np.testing.assert_allclose(nat.x[0, :nat.count[0]], ref.x[0, :ref.count[0]], atol=1e-9)
    if not ref.unsure[0]:
        exact = gambit_exact(values[0, 0], values[1, 0])
        # with a shift of 1e9 the stored payoffs are the game only to about 1e-7
        atol = 1e-8 if shift == 0 else 1e-5
        assert same_sets([(e[0], e[1]) for e in equilibria(ref, 0)], exact, atol=atol)


# ------------------------------------------------------------------ solve_nash_batch
@needs_native
def test_solve_nash_batch_same_on_both_paths(monkeypatch):
    A, B = random_games(41, 120, (3, 4), integer=40, degenerate=10)
    native = solve_nash_batch(A, B)
    monkeypatch.setattr(kernel, "NATIVE", False)
    numpy = solve_nash_batch(A, B)
    assert np.array_equal(native.fallback, numpy.fallback) and native.fallback[80:].any()
    assert np.array_equal(native.count, numpy.count)
    assert np.array_equal(native.mask, numpy.mask)
    np.testing.assert_allclose(native.row_strategies, numpy.row_strategies, atol=1e-12)
    np.testing.assert_allclose(native.col_strategies, numpy.col_strategies, atol=1e-12)


@pytest.mark.parametrize("native", PATHS, ids=lambda v: "native" if v else "numpy")
def test_solve_nash_batch_of_no_games(native, monkeypatch):
    monkeypatch.setattr(kernel, "NATIVE", native and kernel.NATIVE)
    res = solve_nash_batch(np.zeros((0, 2, 3)), np.zeros((0, 2, 3)))
    assert len(res) == 0 and res.row_strategies.shape == (0, 1, 2)


def test_batch_game_with_more_equilibria_than_the_first_pass_holds():
    """A coordination game diag(1, 2, 3, 4) has an equilibrium on every nonempty set S
    of actions (both mix on S so that every action of S pays the same): 2**4 - 1 = 15,
    more than the batch's first-pass slots. Off-diagonal payoffs of at most 0.01 keep
    the 15 (a nondegenerate game's equilibria move continuously) and avoid the exactly
    singular zero blocks, which the kernel leaves to the reference; the second,
    full-width kernel pass answers it, and the per-game reference agrees."""
    rng = np.random.default_rng(3)
    d = np.array([1.0, 2.0, 3.0, 4.0])
    E = rng.random((4, 4)) * 0.01
    np.fill_diagonal(E, 0.0)
    A, B = np.diag(d) + E, np.diag(d) + 0.7 * E.T
    res = solve_nash_batch(A[None], B[None])
    assert res.count.tolist() == [15] and not res.fallback[0]
    supports = {tuple(np.flatnonzero(x > 0)) for x, _ in res.equilibria(0)}
    assert len(supports) == 15  # one equilibrium per nonempty support
    ref = solve_nash(bimatrix(A, B), method="vertex_enumeration")
    assert len(ref) == 15 and ref.complete
    check_result(A[None], B[None], kernel.enumerate_batch(A[None], B[None]))


@pytest.mark.parametrize("native", PATHS, ids=lambda v: "native" if v else "numpy")
@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (4, 4), (3, 5)])
@pytest.mark.parametrize(("scale", "shift"), SCALES)
def test_padded_output_equals_the_batch(native, shape, scale, shift, monkeypatch):
    """enumerate_padded (compact rows scattered into the narrowest padding) holds the
    same equilibria, flags and counts as enumerate_batch, padded with NaN, at every
    payoff scale and shift."""
    monkeypatch.setattr(kernel, "NATIVE", native)
    A, B = random_games(17, 300, shape, integer=60, degenerate=10)
    A, B = A * scale + shift, B * scale + shift
    ref = kernel.enumerate_batch(A, B)
    x, y, count, unsure = kernel.enumerate_padded(A, B)
    assert np.array_equal(unsure, ref.unsure) and np.array_equal(count, ref.count)
    w = x.shape[1]
    assert w == max(int(ref.count.max()), 1)
    np.testing.assert_array_equal(x, ref.x[:, :w])
    np.testing.assert_array_equal(y, ref.y[:, :w])


def test_a_stale_compiled_kernel_is_named_and_not_used():
    """A build older than the module (other constants, a missing entry point) is not
    used, and the import says so once (RuntimeWarning naming the difference and the
    rebuild command); a fake extension stands in for the stale build."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent("""
        import sys, types, warnings
        fake = types.ModuleType("secdilemma.solvers._bimatrix_native")
        fake.MARGIN, fake.COND_MAX, fake.MAX_ACTIONS = 1e-6, 1e12, 6
        sys.modules["secdilemma.solvers._bimatrix_native"] = fake
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from secdilemma.solvers import _bimatrix_kernel as k
        print(k.NATIVE)
        print([str(w.message) for w in caught if w.category is RuntimeWarning])
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == "False"
    assert "older than the package (its MARGIN is 1e-06" in out[1]
    assert "pip install -e ." in out[1]
    from secdilemma.solvers import _bimatrix_kernel as kernel

    class Current:
        MARGIN, COND_MAX, MAX_ACTIONS = kernel.MARGIN, kernel.COND_MAX, kernel.MAX_ACTIONS
        scatter_padded = None

    assert kernel._stale(Current()) is None
    del Current.scatter_padded
    assert kernel._stale(Current()) == "it lacks scatter_padded"
