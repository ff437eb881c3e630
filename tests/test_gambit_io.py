"""Gambit .nfg/.efg files: our reader and writer against each other, against pygambit
(both directions) and on pygambit's catalogue of published games.

Sources of the data: the sample files of the Gambit documentation and a hand-written
outcome-version file under ``tests/data/gambit`` (see the README there), and the
``.nfg``/``.efg`` files shipped in pygambit's catalogue (``pygambit.catalog``).
"""

from __future__ import annotations

import io
import itertools
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from secdilemma import InvalidGameError, NormalFormGame
from secdilemma.games.extensive import ExtensiveGame, ExtensiveGameBuilder
from secdilemma.io.gambit import (parse_efg, parse_nfg, read_efg, read_nfg, write_efg,
                                  write_nfg)

DATA = Path(__file__).parent / "data" / "gambit"
CATALOG = Path(gbt.__file__).parent / "catalog_data"
CATALOG_NFG = sorted(CATALOG.rglob("*.nfg"))
CATALOG_EFG = sorted(CATALOG.rglob("*.efg"))


def gambit_arrays(g) -> list[np.ndarray]:
    """pygambit's payoff arrays as exact Fractions, indexed like ours (``g[profile]`` is
    the outcome at a profile of strategy indices, None for the null outcome)."""
    players = list(g.players)
    shape = tuple(len(p.strategies) for p in players)
    out = [np.empty(shape, dtype=object) for _ in players]
    for profile in itertools.product(*(range(m) for m in shape)):
        outcome = g[profile]
        for i, p in enumerate(players):
            out[i][profile] = F(0) if outcome is None else F(str(outcome[p]))
    return out


def same_payoffs(game: NormalFormGame, g) -> bool:
    theirs = gambit_arrays(g)
    return len(theirs) == game.num_players and all(
        a.shape == b.shape and all(F(x) == F(y) for x, y in zip(a.ravel(), b.ravel()))
        for a, b in zip(game.exact_payoffs, theirs))


def same_labels(game: NormalFormGame, g) -> bool:
    return (tuple(p.label for p in g.players) == game.players
            and tuple(tuple(s.label for s in p.strategies) for p in g.players) == game.actions)


# ----------------------------------------------------------------- random games
rationals = st.one_of(
    st.integers(-20, 20),
    st.builds(F, st.integers(-50, 50), st.integers(1, 12)),
)


def relabel_clash(labels) -> bool:
    return any(lab.isdigit() and lab == str(int(lab)) and j < int(lab) <= len(labels)
               for j, lab in enumerate(labels, start=1))


@st.composite
def exact_games(draw):
    n = draw(st.integers(1, 3))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    size = int(np.prod(shape))
    payoffs = [np.array(draw(st.lists(rationals, min_size=size, max_size=size)),
                        dtype=object).reshape(shape) for _ in range(n)]
    # the labels Gambit 16 accepts: printable ASCII, no leading/trailing/double spaces
    # and reads back unchanged: no backslash (see the module docstring of io.gambit)
    label = st.text(st.characters(min_codepoint=32, max_codepoint=126,
                                  blacklist_characters="\\"), min_size=1,
                    max_size=6).filter(lambda s: s == s.strip() and "  " not in s)
    actions = [draw(st.lists(label, min_size=m, max_size=m, unique=True)) for m in shape]
    players = draw(st.lists(label, min_size=n, max_size=n, unique=True))
    # write_nfg refuses (test below) labels that are the number of a later entry
    assume(not any(relabel_clash(labs) for labs in actions + [players]))
    return NormalFormGame(payoffs, actions=actions, players=players)


@settings(max_examples=60)
@given(exact_games(), st.sampled_from(["outcome", "payoff"]))
def test_random_exact_games_round_trip(game, fmt):
    text = write_nfg(game, format=fmt)
    back = parse_nfg(text)
    assert back == game  # labels and exact payoffs
    assert back.is_exact


@settings(max_examples=40)
@given(exact_games(), st.sampled_from(["outcome", "payoff"]))
def test_our_files_read_by_pygambit(game, fmt):
    g = gbt.read_nfg(io.StringIO(write_nfg(game, format=fmt)))
    assert same_payoffs(game, g) and same_labels(game, g)


def test_float_games_round_trip_to_the_same_floats(tmp_path):
    rng = np.random.default_rng(0)
    game = NormalFormGame(list(rng.normal(size=(2, 3, 4))))
    path = tmp_path / "floats.nfg"
    write_nfg(game, path)
    back = read_nfg(path)
    assert all(np.array_equal(a, b) for a, b in zip(back.payoffs, game.payoffs))
    assert same_payoffs(back, gbt.read_nfg(str(path)))


def test_profile_order_first_player_fastest():
    game = NormalFormGame([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    body = write_nfg(game, format="payoff").splitlines()[-4:]
    assert body == ["1 5", "3 7", "2 6", "4 8"]


# ----------------------------------------------------------------- pygambit-written files
def test_files_written_by_pygambit_read_by_us():
    rng = np.random.default_rng(7)
    for shape in [(2, 2), (3, 2), (2, 3, 2), (1, 4)]:
        arrays = [rng.integers(-9, 10, size=shape) for _ in shape]
        g = gbt.Game.from_arrays(*arrays, title="random")
        for k, p in enumerate(g.players):
            p.label = f"P{k} \"q\""
            for j, s in enumerate(p.strategies):
                s.label = f"s{j}"
        list(g.outcomes)[0].label = "first outcome"
        ours = parse_nfg(g.to_nfg())  # pygambit writes the outcome version
        assert same_payoffs(ours, g) and same_labels(ours, g)
        assert ours.is_exact


def test_pygambit_rational_decimal_and_null_outcomes():
    g = gbt.Game.new_table([2, 2])
    first, second = g.players
    g[0, 1][first], g[0, 1][second] = gbt.Rational(1, 3), gbt.Rational(-5, 2)
    g[1, 0][first] = gbt.Decimal("0.25")
    g.delete_outcome(g[0, 0])  # profile (0, 0) now has the null outcome, index 0
    text = g.to_nfg()
    assert text.split()[-4] == "0"
    ours = parse_nfg(text)
    assert ours.exact_payoffs[0][0, 1] == F(1, 3) and ours.exact_payoffs[1][0, 1] == F(-5, 2)
    assert ours.exact_payoffs[0][1, 0] == F(1, 4) and ours.exact_payoffs[0][0, 0] == 0
    assert ours.is_exact and same_payoffs(ours, g)


@pytest.mark.parametrize("name", ["selten1975_fig2_payoff.nfg",
                                  "selten1975_fig2_outcome.nfg",
                                  "stag_hunt_shared_outcomes.nfg"])
def test_documentation_fixtures_agree_with_pygambit(name):
    path = DATA / name
    ours = read_nfg(path)
    g = gbt.read_nfg(str(path))
    assert same_payoffs(ours, g) and same_labels(ours, g)


def test_both_versions_of_the_documentation_sample_are_the_same_game():
    payoff = read_nfg(DATA / "selten1975_fig2_payoff.nfg")
    outcome = read_nfg(DATA / "selten1975_fig2_outcome.nfg")
    assert payoff == outcome
    assert payoff.exact_payoffs[1][1, 1] == 3  # player 1 plays 2, player 2 plays 2


def test_outcome_version_features():
    game = read_nfg(DATA / "stag_hunt_shared_outcomes.nfg")
    assert game.players == ('Row "state"', "Column state")
    assert game.exact_payoffs[0][1, 0] == 3 and game.exact_payoffs[1][1, 0] == 1
    assert game.exact_payoffs[0][1, 1] == 0  # null outcome
    assert game.is_exact


# ----------------------------------------------------------------- pygambit's catalogue
@pytest.mark.parametrize("path", CATALOG_NFG, ids=lambda p: str(p.relative_to(CATALOG)))
def test_catalogue_nfg_read_by_us_and_pygambit_agree(path):
    ours = read_nfg(path)
    g = gbt.read_nfg(str(path))
    assert same_payoffs(ours, g) and same_labels(ours, g)
    for fmt in ("outcome", "payoff"):
        text = write_nfg(ours, format=fmt)
        assert parse_nfg(text) == ours
        assert same_payoffs(ours, gbt.read_nfg(io.StringIO(text)))


def test_catalogue_is_not_empty():
    assert len(CATALOG_NFG) >= 4 and len(CATALOG_EFG) >= 20


@pytest.mark.parametrize("path", CATALOG_EFG, ids=lambda p: str(p.relative_to(CATALOG)))
def test_catalogue_efg_read_by_us_and_pygambit_agree(path):
    g = gbt.read_efg(str(path))
    if not g.is_perfect_recall:
        # ExtensiveGame requires perfect recall: both routes refuse the game
        with pytest.raises(InvalidGameError, match="perfect recall"):
            read_efg(path)
        with pytest.raises(InvalidGameError):
            ExtensiveGame.from_pygambit(g)
        return
    ours = read_efg(path)
    assert ours == ExtensiveGame.from_pygambit(g)
    # our writer, read back by us and by pygambit
    text = write_efg(ours)
    assert parse_efg(text) == ours
    assert ExtensiveGame.from_pygambit(gbt.read_efg(io.StringIO(text))) == ours


def test_catalogue_game_reduced_normal_form_matches_pygambit():
    # Myerson (1991) Figure 2.1: same strategic form payoffs from both routes
    path = CATALOG / "books" / "myerson1991" / "fig2_1.efg"
    ours = read_efg(path).reduced_normal_form()
    g = gbt.read_efg(str(path))
    theirs = gambit_arrays(g)
    assert all(np.array_equal(np.asarray(a, dtype=object), b)
               for a, b in zip(ours.exact_payoffs, theirs))


# ----------------------------------------------------------------- .efg round trips
def signalling_tree():
    b = ExtensiveGameBuilder(players=["sender", "receiver"])
    root = b.chance(b.root, {"S": F(1, 3), "G": F(2, 3)})
    for t in ("S", "G"):
        s = b.decision(root[t], "sender", ["gesture", "none"], infoset=f"sender|{t}")
        for m in ("gesture", "none"):
            r = b.decision(s[m], "receiver", ["trust", "arm"], infoset=f"receiver|{m}")
            cost = F(1, 2) if m == "gesture" else 0
            b.terminal(r["trust"], (3 - cost if t == "S" else 4 - 2 * cost,
                                    2 if t == "S" else -2))
            b.terminal(r["arm"], (1 - cost, 0))
    return b.build()


def test_efg_round_trip_with_pygambit(tmp_path):
    game = signalling_tree()
    path = tmp_path / "signal.efg"
    write_efg(game, path, title="reassurance", comment="a test tree")
    assert read_efg(path) == game
    g = gbt.read_efg(str(path))
    assert ExtensiveGame.from_pygambit(g) == game
    # and the other way: pygambit's writer, our reader
    assert parse_efg(game.to_pygambit().to_efg()) == game


def random_tree(seed: int) -> ExtensiveGame:
    """A random tree of chance nodes and decision nodes of two players, with exact
    payoffs and probabilities. The column player's nodes at one depth after the same
    own history share an information set (so perfect recall holds while the column
    player does not see the row player's moves or chance)."""
    rng = np.random.default_rng(seed)
    b = ExtensiveGameBuilder(players=["row", "column"])

    def grow(at, depth, history):
        kind = 2 if depth >= 4 else int(rng.integers(2 if depth < 2 else 3))
        if kind == 2:
            b.terminal(at, tuple(F(int(rng.integers(-9, 10)), int(rng.integers(1, 4)))
                                 for _ in range(2)))
            return
        if kind == 0 and rng.integers(2):
            weights = rng.integers(1, 5, size=int(rng.integers(1, 4)))
            acts = [f"n{k}" for k in range(len(weights))]
            ref = b.chance(at, {a: F(int(w), int(weights.sum()))
                                for a, w in zip(acts, weights)})
        elif kind == 0:
            acts = [f"m{k}" for k in range(int(rng.integers(1, 4)))]
            ref = b.decision(at, "row", acts)
        else:
            acts = ["l", "r"]
            ref = b.decision(at, "column", acts, infoset=f"column@{depth}{history}")
        for a in acts:
            grow(ref[a], depth + 1, history + ((depth, a),) if kind == 1 else history)

    grow(b.root, 0, ())
    return b.build()


@pytest.mark.parametrize("seed", range(25))
def test_random_trees_round_trip_through_pygambit(seed):
    game = random_tree(seed)
    text = write_efg(game)
    assert parse_efg(text) == game
    assert ExtensiveGame.from_pygambit(gbt.read_efg(io.StringIO(text))) == game
    assert parse_efg(game.to_pygambit().to_efg()) == game


def test_efg_outcomes_at_inner_nodes_add_up():
    text = """EFG 2 R "inner outcomes" { "a" "b" }
    p "" 1 1 "a moves" { "L" "R" } 1 "entry fee" { -1, 1 }
    t "" 2 "" { 3, 0 }
    p "" 2 1 "b moves" { "l" "r" } 0
    t "" 2
    t "" 0
    """
    game = parse_efg(text)
    assert game.node("L").payoffs == (2, 1)
    assert game.node("R/l").payoffs == (2, 1)
    assert game.node("R/r").payoffs == (-1, 1)  # null outcome: only the fee
    g = gbt.read_efg(io.StringIO(text))
    assert ExtensiveGame.from_pygambit(g) == game


def test_efg_decimal_probabilities_and_float_games():
    text = ('EFG 2 R "" { "a" }\nc "" 1 "" { "x" 0.333333333333 "y" 0.333333333333 '
            '"z" 0.333333333333 } 0\nt "" 1 "" { 1 }\nt "" 2 "" { .5 }\nt "" 3 "" { 1e1 }\n')
    game = parse_efg(text)
    assert not game.is_exact  # the decimals sum to 1 only within 1e-9
    assert game.node("y").payoffs == (F(1, 2),) and game.node("z").payoffs == (10,)
    assert parse_efg(write_efg(game)) == game


@pytest.mark.parametrize("labels", [["", ""], ["x", "x"]])
def test_efg_empty_and_repeated_labels_normalised_like_gambit(labels):
    acts = " ".join(f'"{a}"' for a in labels)
    text = (f'EFG 2 R "" {{ "" }}\np "" 1 1 "" {{ {acts} }} 0\n'
            f't "" 1 "" {{ 1 }}\nt "" 2 "" {{ 2 }}\n')
    ours = parse_efg(text)
    assert ours == ExtensiveGame.from_pygambit(gbt.read_efg(io.StringIO(text)))
    assert ours.players == ("_1",)


# ----------------------------------------------------------------- malformed input
MALFORMED_NFG = [
    ('NFX 1 R "" { "a" } { 1 } 1', 1, 1, "must start with NFG"),
    ('NFG 2 R "" { "a" } { 1 } 1', 1, 5, "version must be 1"),
    ('NFG 1 R "" { "a" "b" }\n{ 2 2 }\n1 2 3 4 5 6 7', 3, 14, "payoff 8 of 8"),
    ('NFG 1 R "" { "a" "b" }\n{ 2 2 }\n1 2 3 4 5 6 7 x', 3, 15, "must be a number"),
    ('NFG 1 R "" { "a" "b" }\n{ 2 0 }\n', 2, 5, "integer >= 1"),
    ('NFG 1 R "" { "a" }\n{ { "x" } }\n{ { "" 1 } }\n2', 4, 1, "in [0, 1]"),
    ('NFG 1 R "" { "a" }\n{ { "x" } }\n{ { "" 1 2 } }\n1', 3, 10, "end with '}'"),
    ('NFG 1 R "open { "a" }\n', 1, 19, "closing quote"),
    ('NFG 1 R "" { "a" }\n{ 1 }\n1 2', 3, 3, "must end after the payoffs"),
    ('NFG 1 R "" { "a" }\n{ 1 }\n"comment" "x" 1', 3, 11, "payoffs must follow"),
    ('NFG 1 R "" { "a" }\n{ 1 }\n1/0', 3, 1, "payoffs must follow"),
]


@pytest.mark.parametrize("text, line, column, rule", MALFORMED_NFG)
def test_malformed_nfg_names_file_line_and_column(tmp_path, text, line, column, rule):
    path = tmp_path / "broken.nfg"
    path.write_text(text)
    with pytest.raises(InvalidGameError) as info:
        read_nfg(path)
    message = str(info.value)
    assert message.startswith("read_nfg(): ") and "broken.nfg" in message
    assert f"line {line}, column {column}:" in message, message
    assert rule in message


MALFORMED_EFG = [
    ('EFG 2 R "" { "a" }\np "" 2 1 "" { "x" } 0\nt "" 0', 2, 6, "player must be a number"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" "y" } 0\nt "" 0', 3, 7, "must start with c"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" } 0\nt "" 3', 3, 6, "outcome 3 must be defined"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" "x2" } 0\np "" 1 2 "" { "y" } 0\nt "" 0\n'
     'p "" 1 2 "" { "z" } 0\nt "" 0', 5, 1, "same label and actions"),
    ('EFG 2 R "" { "a" }\nc "" 1 "" { "x" 1/2 "y" 1/3 } 0\nt "" 0\nt "" 0', 2, 1,
     "must sum to 1"),
    ('EFG 2 R "" { "a" }\nt "" 1 "o" { 1, 2 }', 2, 17, "payoffs and end with '}'"),
    ('EFG 2 R "" { "a" }\nt "" 0\nt "" 0', 3, 1, "must end after the last node"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" } 0\np "" 1 7 { "y" } 0', 3, 10,
     "must be given its label and actions"),
]


@pytest.mark.parametrize("text, line, column, rule", MALFORMED_EFG)
def test_malformed_efg_names_file_line_and_column(tmp_path, text, line, column, rule):
    path = tmp_path / "broken.efg"
    path.write_text(text)
    with pytest.raises(InvalidGameError) as info:
        read_efg(path)
    message = str(info.value)
    assert message.startswith("read_efg(): ") and "broken.efg" in message
    assert f"line {line}, column {column}:" in message, message
    assert rule in message


def test_imperfect_recall_is_refused_with_the_file_name(tmp_path):
    # the absent-minded driver (Piccione and Rubinstein 1997): one set, two nodes on a path
    path = tmp_path / "driver.efg"
    path.write_text('EFG 2 R "" { "driver" }\np "" 1 1 "" { "exit" "go" } 0\n'
                    't "" 1 "" { 0 }\np "" 1 1 "" { "exit" "go" } 0\nt "" 2 "" { 4 }\n'
                    't "" 3 "" { 1 }\n')
    with pytest.raises(InvalidGameError, match=r"read_efg\(\): '.*driver\.efg'.*perfect recall"):
        read_efg(path)


def test_comments_and_escapes_in_the_tokenizer():
    text = ('# a comment line\nNFG 1 R "t # not a comment" { "a\\"b" "c\\\\d" } # trailing\n'
            '{ 1 1 }\n3/4 -2.5')
    game = parse_nfg(text)
    assert game.players == ('a"b', "c\\d")
    assert game.exact_payoffs[0][0, 0] == F(3, 4) and game.exact_payoffs[1][0, 0] == F(-5, 2)
    with pytest.raises(ValueError, match="backslash"):
        write_nfg(game)  # Gambit's reader would not read "c\\d" back unchanged


def test_missing_file_and_bad_arguments(tmp_path):
    with pytest.raises(InvalidGameError, match=r"read_nfg\(\): cannot read"):
        read_nfg(tmp_path / "missing.nfg")
    with pytest.raises(ValueError, match="format must be one of"):
        write_nfg(NormalFormGame([[1, 2]]), format="table")
    with pytest.raises(ValueError, match="game must be an ExtensiveGame"):
        write_efg(NormalFormGame([[1, 2]]))


@pytest.mark.parametrize("label", ["\u00e9t\u00e9", " lead", "trail ", "two  spaces", "tab\t",
                                   "back\\slash"])
def test_writers_refuse_labels_gambit_cannot_read(label):
    game = NormalFormGame([[1, 2]], actions=[[label, "b"]])
    with pytest.raises(ValueError, match="printable ASCII|backslash"):
        write_nfg(game)
    b = ExtensiveGameBuilder(players=[label])
    root = b.decision(b.root, 0, ["x", "y"])
    b.terminal(root["x"], (1,))
    b.terminal(root["y"], (2,))
    with pytest.raises(ValueError, match="printable ASCII|backslash"):
        write_efg(b.build())
    # our reader is liberal: a hand-written file with such labels still reads
    assert parse_nfg(f'NFG 1 R "" {{ "p" }} {{ {{ "{label}" }} }} 7').actions == ((label,),)


@pytest.mark.parametrize("labels", [["2", "1"], ["x", "3", "y"]])
def test_nfg_writer_refuses_numbers_gambit_cannot_relabel(labels):
    text = (f'NFG 1 R "" {{ "p" }}\n{{ {{ ' + " ".join(f'"{a}"' for a in labels)
            + f' }} }}\n' + " ".join(str(k) for k in range(len(labels))))
    with pytest.raises(ValueError, match="Strategy label must be unique"):
        gbt.read_nfg(io.StringIO(text))  # the Gambit 16.7 limitation guarded against
    game = parse_nfg(text)  # our reader has no such limitation
    assert game.actions == (tuple(labels),)
    with pytest.raises(ValueError, match="number of a later entry"):
        write_nfg(game)
    with pytest.raises(ValueError, match="number of a later entry"):
        write_nfg(NormalFormGame([[[0]], [[0]]], players=["2", "1"]))


def test_reading_from_file_objects():
    game = NormalFormGame([[[1, 2], [3, 4]], [[0, 0], [1, 1]]])
    buffer = io.StringIO()
    write_nfg(game, buffer)
    buffer.seek(0)
    assert read_nfg(buffer) == game
