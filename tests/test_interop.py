"""Conversions to and from the game objects of nashpy, pygambit and QuantEcon.

Each peer is its own oracle: the equilibria this package computes on a converted game
must equal the ones the peer computes on its original object (nashpy's vertex
enumeration on nondegenerate games, pygambit's exact ``enummixed_solve`` on all games,
degenerate ones included, QuantEcon's ``support_enumeration`` and ``pure_nash_brute``).
Round trips are checked value for value, exactly.

nashpy (a core dependency) and pygambit (the ``test`` extra) are imported
unconditionally: a missing install must fail loudly. QuantEcon is only in the ``bench``
extra, so the QuantEcon tests alone skip (``pytest.importorskip``) where it is missing.
"""

from __future__ import annotations

import sys
import warnings
from fractions import Fraction

import nashpy
import numpy as np
import pygambit
import pytest

from secdilemma import NormalFormGame, bimatrix, solve_nash
from secdilemma.errors import InvalidGameError, UnsupportedGameError
from secdilemma.games import interop
from strategies import exact_set


def _quiet_solve(game, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return solve_nash(game, **kw)


def _same_floats(a, b) -> bool:
    """Equal value for value, bit for bit (``-0.0`` aside), and the same shape."""
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.all(a == b))


def _match_one_to_one(ours, theirs, tol=1e-9) -> bool:
    """Two lists of flat float profiles are the same set within ``tol``."""
    remaining = [np.asarray(t, float) for t in theirs]
    if len(ours) != len(remaining):
        return False
    for point in ours:
        dist = [np.max(np.abs(point - r)) for r in remaining]
        k = int(np.argmin(dist))
        if dist[k] > tol:
            return False
        remaining.pop(k)
    return True


def _flat(result):
    return [np.concatenate(eq.strategies) for eq in result]


def _random_bimatrices(prefix, seeds, low, high):
    out = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        m, n = (int(k) for k in rng.integers(2, 6, 2))
        out.append((f"{prefix}-{seed}", rng.integers(low, high + 1, (m, n)),
                    rng.integers(low, high + 1, (m, n))))
    return out


# wide payoff range: almost always nondegenerate; draws our exact test calls
# degenerate are left out (nashpy's enumeration is only meant for nondegenerate games)
NONDEGENERATE = [g for g in _random_bimatrices("wide", range(300, 330), -1000, 1000)
                 if not _quiet_solve(bimatrix(g[1], g[2]), exact=True).degenerate]
# narrow payoff range: ties, degenerate games with continua of equilibria
NARROW = _random_bimatrices("narrow", range(500, 530), -2, 2)


def test_enough_games():
    assert len(NONDEGENERATE) >= 25
    assert sum(_quiet_solve(bimatrix(A, B), exact=True).degenerate for _, A, B in NARROW) >= 5


# ============================================================================ nashpy
@pytest.mark.parametrize("A,B", [
    (np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]])),
    (np.array([[0.1, 1e12 + 0.5, -1e-9]]), np.array([[2.0, -3.25, 1e9]])),
    (np.array([[1, 2], [3, 4]]) * 2**40, np.array([[-7, 0], [0, -7]]) - 10**9),
])
def test_nashpy_round_trip_keeps_every_value(A, B):
    original = nashpy.Game(A, B)
    game = NormalFormGame.from_nashpy(original)
    assert game.is_exact == (A.dtype.kind == "i" and B.dtype.kind == "i")
    back = game.to_nashpy()
    for ours, theirs in zip(back.payoff_matrices, original.payoff_matrices):
        assert _same_floats(ours, theirs)
        assert ours.dtype.kind == theirs.dtype.kind
    # and the exact values are the numbers nashpy held
    assert game.exact_payoffs[0][0, 0] == Fraction(A[0, 0])


def test_nashpy_zero_sum_game_is_A_and_minus_A():
    A = np.array([[1, -1], [-2, 3]])
    game = NormalFormGame.from_nashpy(nashpy.Game(A))
    assert game == bimatrix(A, -A)


def test_game_to_nashpy_and_back_with_labels():
    game = bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]], actions=[["S", "H"], ["S", "H"]],
                    players=["US", "China"])
    back = NormalFormGame.from_nashpy(game.to_nashpy(), actions=game.actions,
                                      players=game.players)
    assert back == game and back.is_exact


def test_to_nashpy_of_fractions_gives_the_game_floats():
    # documented: nashpy computes in floating point, so 1/3 becomes the nearest float
    game = bimatrix([[Fraction(1, 3), 0], [0, 1]], [[1, 0], [0, Fraction(2, 3)]])
    A, B = game.to_nashpy().payoff_matrices
    assert A.dtype == float and A[0, 0] == 1 / 3 and B[1, 1] == 2 / 3


def test_to_nashpy_of_integers_beyond_int64_gives_the_game_floats():
    game = bimatrix([[2**70, 0], [0, 1]], [[1, 0], [0, 1]])
    A, B = game.to_nashpy().payoff_matrices
    assert A.dtype == float and A[0, 0] == float(2**70) and B.dtype == float


@pytest.mark.parametrize(("name", "A", "B"), NONDEGENERATE, ids=[g[0] for g in NONDEGENERATE])
def test_equilibria_equal_nashpy_vertex_enumeration(name, A, B):
    original = nashpy.Game(A, B)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = [np.concatenate(eq) for eq in original.vertex_enumeration()]
    ours = _quiet_solve(NormalFormGame.from_nashpy(original))
    assert ours.complete and not ours.degenerate
    assert _match_one_to_one(_flat(ours), theirs)
    # the other way: nashpy on our game converted
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs_back = [np.concatenate(eq)
                       for eq in bimatrix(A, B).to_nashpy().vertex_enumeration()]
    assert _match_one_to_one(_flat(ours), theirs_back)


def test_to_nashpy_refuses_other_than_two_players():
    game = NormalFormGame([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(UnsupportedGameError,
                       match=r"to_nashpy\(\): nashpy represents two-player games only; "
                             r"got a game with 3 players"):
        game.to_nashpy()


# ============================================================================ pygambit
def _gambit_exact_equilibria(g):
    """pygambit's exact extreme equilibria as a set of per-player tuples of Fractions."""
    out = set()
    for eq in pygambit.nash.enummixed_solve(g, rational=True).equilibria:
        values = {}
        for strategy, prob in eq:
            values.setdefault(strategy.player.label, []).append(Fraction(str(prob)))
        out.add(tuple(tuple(values[p.label]) for p in g.players))
    return out


NFG_WITH_DECIMALS = """NFG 1 R "decimals and rationals" { "Row" "Col" }
{ { "U" "D" } { "L" "R" } }
""
{
{ "" 1.5, 2 }
{ "" 0, 1/3 }
{ "" 3, 3 }
{ "" 0.25, 0 }
}
1 2 3 4
"""


def test_from_pygambit_reads_decimals_and_rationals_exactly(tmp_path):
    path = tmp_path / "g.nfg"
    path.write_text(NFG_WITH_DECIMALS, encoding="utf-8")
    g = pygambit.read_nfg(str(path))
    game = NormalFormGame.from_pygambit(g)
    # Gambit lists outcomes with the first player's strategy changing fastest:
    # (U,L), (D,L), (U,R), (D,R)
    assert game.players == ("Row", "Col")
    assert game.actions == (("U", "D"), ("L", "R"))
    assert game.is_exact
    assert game.exact_payoffs[0].tolist() == [[Fraction(3, 2), 3], [0, Fraction(1, 4)]]
    assert game.exact_payoffs[1].tolist() == [[2, 3], [Fraction(1, 3), 0]]
    # and back: the same numbers and labels in Gambit
    back = game.to_pygambit()
    assert [p.label for p in back.players] == ["Row", "Col"]
    assert [[s.label for s in p.strategies] for p in back.players] == [["U", "D"], ["L", "R"]]
    for ours, theirs in zip(back.to_arrays(dtype=Fraction), g.to_arrays(dtype=Fraction)):
        assert ours.tolist() == theirs.tolist()


@pytest.mark.parametrize("game", [
    bimatrix([[Fraction(1, 3), 2], [Fraction(-7, 5), 0]], [[1, Fraction(22, 7)], [0, 5]],
             actions=[["arm", "restrain"], ["arm", "restrain"]], players=["A", "B"]),
    # floats go to Gambit as the binary rationals they store, not as rounded decimals
    bimatrix([[0.1, 1e12 + 0.5], [-1e-9, 3.0]], [[1e-300, -2.5], [7.0, 1e9 - 0.125]]),
    NormalFormGame([np.arange(24).reshape(2, 3, 4) - 10, np.ones((2, 3, 4), int),
                    np.arange(24).reshape(2, 3, 4) % 5],
                   actions=[["x", "y"], ["p", "q", "r"], ["1", "2", "3", "4"]],
                   players=["first", "second", "third"]),
    NormalFormGame([[Fraction(5, 2), -1, 0]], actions=[["a", "b", "c"]], players=["solo"]),
], ids=["fractions", "floats", "three-players", "one-player"])
def test_pygambit_round_trip_is_exact(game):
    g = game.to_pygambit()
    for ours, theirs in zip(game.exact_payoffs, g.to_arrays(dtype=Fraction)):
        assert ours.tolist() == theirs.tolist()
    back = NormalFormGame.from_pygambit(g)
    assert back == game  # exact payoffs, actions and players
    assert all(np.array_equal(a, b) for a, b in zip(back.exact_payoffs, game.exact_payoffs))


def test_to_pygambit_labels_that_are_gambit_default_numbers_in_another_order():
    # pygambit names strategies "1", "2", ... and refuses a repeated label at every
    # step: relabelling "1", "2" as "2", "1" must not clash midway
    game = bimatrix([[1, 2], [3, 4]], [[4, 3], [2, 1]], actions=[["2", "1"], ["1", "2"]],
                    players=["2", "1"])
    g = game.to_pygambit()
    assert [p.label for p in g.players] == ["2", "1"]
    assert [s.label for s in list(g.players)[0].strategies] == ["2", "1"]
    assert NormalFormGame.from_pygambit(g) == game


@pytest.mark.parametrize(("kwargs", "what", "label"), [
    ({"players": ["", "b"]}, "player labels", "''"),
    ({"actions": [["", "x"], ["L", "R"]]}, "action labels of player 0", "''"),
    ({"players": ["\u00e9tat", "b"]}, "player labels", "'\u00e9tat'"),
])
def test_to_pygambit_reports_a_label_pygambit_refuses(kwargs, what, label):
    game = bimatrix([[1, 2], [3, 4]], [[4, 3], [2, 1]], **kwargs)
    with pytest.raises(UnsupportedGameError,
                       match=rf"^NormalFormGame\.to_pygambit\(\): the {what} must be labels "
                             rf"pygambit accepts; got {label}, which it refuses"):
        game.to_pygambit()


def test_from_pygambit_keeps_the_labels_gambit_made_unique(tmp_path):
    # pygambit 16.7 makes repeated or empty labels of a file unique (P_1, P_2, _1, ...)
    path = tmp_path / "labels.nfg"
    path.write_text(NFG_WITH_DECIMALS.replace('{ "Row" "Col" }', '{ "P" "P" }')
                    .replace('{ "U" "D" }', '{ "" "" }'), encoding="utf-8")
    g = pygambit.read_nfg(str(path))
    game = NormalFormGame.from_pygambit(g)
    assert game.players == tuple(p.label for p in g.players)
    assert game.actions == tuple(tuple(s.label for s in p.strategies) for p in g.players)
    assert game.actions[1] == ("L", "R")


def test_labels_older_pygambit_leaves_empty_or_repeated_become_defaults():
    # older pygambit releases keep empty or repeated labels, which a NormalFormGame
    # cannot hold: that player's labels are replaced by the defaults
    assert interop._labels(["", "x"], ["a0", "a1"]) == ["a0", "a1"]
    assert interop._labels(["x", "x"], ["a0", "a1"]) == ["a0", "a1"]
    assert interop._labels(["x", "y"], ["a0", "a1"]) == ["x", "y"]


@pytest.mark.parametrize(("name", "A", "B"), NARROW + NONDEGENERATE[:10],
                         ids=[g[0] for g in NARROW + NONDEGENERATE[:10]])
def test_equilibria_equal_pygambit_enummixed_exactly(name, A, B):
    g = pygambit.Game.from_arrays(np.asarray(A, dtype=object), np.asarray(B, dtype=object))
    ours = _quiet_solve(NormalFormGame.from_pygambit(g), exact=True)
    assert exact_set(ours) == _gambit_exact_equilibria(g)
    # the other way: pygambit on our game converted
    assert _gambit_exact_equilibria(bimatrix(A, B).to_pygambit()) == exact_set(ours)


def test_equilibria_of_a_fraction_game_equal_pygambit_enummixed():
    rng = np.random.default_rng(7)
    for _ in range(5):
        A = [[Fraction(int(rng.integers(-9, 10)), int(rng.integers(1, 7))) for _ in range(3)]
             for _ in range(3)]
        B = [[Fraction(int(rng.integers(-9, 10)), int(rng.integers(1, 7))) for _ in range(3)]
             for _ in range(3)]
        game = bimatrix(A, B)
        ours = _quiet_solve(game, exact=True)
        assert exact_set(ours) == _gambit_exact_equilibria(game.to_pygambit())


def test_pure_equilibria_of_three_player_games_equal_pygambit_enumpure():
    for seed in range(10):
        rng = np.random.default_rng(900 + seed)
        arrays = [rng.integers(-3, 4, (2, 3, 2)).astype(object) for _ in range(3)]
        g = pygambit.Game.from_arrays(*arrays)
        theirs = set()
        for eq in pygambit.nash.enumpure_solve(g).equilibria:
            profile = []
            for player in g.players:
                probs = [Fraction(str(eq[s])) for s in player.strategies]
                profile.append(probs.index(1))
            theirs.add(tuple(profile))
        ours = _quiet_solve(NormalFormGame.from_pygambit(g), method="pure")
        assert {tuple(int(np.argmax(s)) for s in eq.strategies) for eq in ours} == theirs


def test_from_pygambit_refuses_a_game_tree():
    g = pygambit.Game.new_tree(players=["a", "b"])
    g.append_move(g.root, "a", ["L", "R"])
    with pytest.raises(InvalidGameError, match=r"from_pygambit\(\): g must be a game in "
                                               r"strategic form; got a game tree"):
        NormalFormGame.from_pygambit(g)


# ============================================================================ QuantEcon
def _quantecon():
    return pytest.importorskip("quantecon.game_theory")


def test_quantecon_column_player_array_is_B_transposed():
    gt = _quantecon()
    A = np.array([[3, 0, 2], [5, 1, 4]])
    B = np.array([[3, 5, 1], [0, 1, 2]])
    q = bimatrix(A, B).to_quantecon()
    assert np.array_equal(q.players[0].payoff_array, A)
    assert np.array_equal(q.players[1].payoff_array, B.T)
    # QuantEcon's own constructor from the payoff-profile array agrees
    reference = gt.NormalFormGame(np.stack([A, B], axis=-1))
    assert np.array_equal(q.payoff_profile_array, reference.payoff_profile_array)
    assert NormalFormGame.from_quantecon(reference) == bimatrix(A, B)


def test_quantecon_three_players_cyclic_axis_order():
    gt = _quantecon()
    rng = np.random.default_rng(3)
    profile = rng.integers(-50, 50, (2, 3, 4, 3))  # [a0, a1, a2, player]
    q = gt.NormalFormGame(profile)
    game = NormalFormGame.from_quantecon(q)
    for a in np.ndindex(2, 3, 4):
        assert game.payoff_profile(a) == tuple(float(v) for v in profile[a])
    # written out: player 1's QuantEcon array is [a1, a2, a0], player 2's [a2, a0, a1]
    assert q.players[1].payoff_array[2, 3, 1] == game.exact_payoffs[1][1, 2, 3]
    assert q.players[2].payoff_array[3, 1, 2] == game.exact_payoffs[2][1, 2, 3]
    back = game.to_quantecon()
    for ours, theirs in zip(back.players, q.players):
        assert ours.payoff_array.dtype.kind == "i"
        assert np.array_equal(ours.payoff_array, theirs.payoff_array)


@pytest.mark.parametrize("game", [
    bimatrix([[0.1, 1e12 + 0.5], [-1e-9, 3.0]], [[1e-300, -2.5], [7.0, 1e9 - 0.125]]),
    NormalFormGame([[2, -1, 0]]),
    NormalFormGame([np.arange(16).reshape(2, 2, 2, 2) * (i + 1) for i in range(4)]),
], ids=["floats", "one-player", "four-players"])
def test_quantecon_round_trip_keeps_every_value(game):
    _quantecon()
    back = NormalFormGame.from_quantecon(game.to_quantecon(), actions=game.actions,
                                         players=game.players)
    assert back == game
    assert all(_same_floats(a, b) for a, b in zip(back.payoffs, game.payoffs))


@pytest.mark.parametrize(("name", "A", "B"), NONDEGENERATE[:15],
                         ids=[g[0] for g in NONDEGENERATE[:15]])
def test_equilibria_equal_quantecon_support_enumeration(name, A, B):
    gt = _quantecon()
    q = gt.NormalFormGame(np.stack([A, B], axis=-1))
    theirs = [np.concatenate(eq) for eq in gt.support_enumeration(q)]
    ours = _quiet_solve(NormalFormGame.from_quantecon(q))
    assert _match_one_to_one(_flat(ours), theirs)


def test_pure_equilibria_of_three_player_games_equal_quantecon_brute_force():
    gt = _quantecon()
    for seed in range(10):
        rng = np.random.default_rng(1000 + seed)
        q = gt.NormalFormGame(rng.integers(-3, 4, (3, 2, 2, 3)))
        ours = _quiet_solve(NormalFormGame.from_quantecon(q), method="pure")
        assert ({tuple(int(np.argmax(s)) for s in eq.strategies) for eq in ours}
                == set(gt.pure_nash_brute(q)))


# ============================================================================ errors
def test_wrong_object_types_are_refused_with_a_clear_error():
    ours = bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(InvalidGameError,
                       match=r"^NormalFormGame\.from_nashpy\(\): game must be a nashpy\.Game; "
                             r"got Game$"):
        NormalFormGame.from_nashpy(ours.to_pygambit())
    with pytest.raises(InvalidGameError,
                       match=r"^NormalFormGame\.from_nashpy\(\): game must be a nashpy\.Game; "
                             r"got list$"):
        NormalFormGame.from_nashpy([[1, 0], [0, 1]])
    with pytest.raises(InvalidGameError,
                       match=r"^NormalFormGame\.from_pygambit\(\): g must be a "
                             r"pygambit\.Game; got Game$"):
        NormalFormGame.from_pygambit(ours.to_nashpy())
    with pytest.raises(InvalidGameError,
                       match=r"^NormalFormGame\.to_pygambit\(\): game must be a secdilemma "
                             r"NormalFormGame; got Game$"):
        interop.to_pygambit(ours.to_nashpy())


def test_from_quantecon_refuses_other_objects():
    _quantecon()
    with pytest.raises(InvalidGameError,
                       match=r"^NormalFormGame\.from_quantecon\(\): g must be a "
                             r"quantecon\.game_theory\.NormalFormGame; got NormalFormGame$"):
        NormalFormGame.from_quantecon(bimatrix([[1]], [[1]]))


def test_nan_payoffs_from_a_peer_get_the_game_error():
    with pytest.raises(InvalidGameError, match="payoffs must be finite"):
        NormalFormGame.from_nashpy(nashpy.Game([[np.nan, 0], [0, 1]], [[1, 0], [0, 1]]))


@pytest.mark.parametrize(("module", "call", "package"), [
    ("nashpy", lambda g: g.to_nashpy(), "nashpy"),
    ("nashpy", lambda g: NormalFormGame.from_nashpy(g), "nashpy"),
    ("pygambit", lambda g: g.to_pygambit(), "pygambit"),
    ("pygambit", lambda g: NormalFormGame.from_pygambit(g), "pygambit"),
    ("quantecon.game_theory", lambda g: g.to_quantecon(), "quantecon"),
    ("quantecon.game_theory", lambda g: NormalFormGame.from_quantecon(g), "quantecon"),
])
def test_a_missing_peer_is_named_with_the_install_command(monkeypatch, module, call, package):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    game = bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(UnsupportedGameError,
                       match=rf"needs the package {package}, which is not installed; "
                             rf"install it with `pip install {package}`"):
        call(game)
