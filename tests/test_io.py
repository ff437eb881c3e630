"""Game files: JSON and TOML, exact numbers, clear errors naming the file and the key."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

from secdilemma import NormalFormGame, bimatrix, solve_nash
from secdilemma.errors import InvalidGameError
from secdilemma.io import game_from_mapping, game_to_mapping, read_game, write_game_json

STAG_HUNT_TOML = """
players = ["state 1", "state 2"]
actions = [["C", "D"], ["C", "D"]]
A = [[4, 1], [3, 2]]
B = [[4, 3], [1, 2]]
"""


def test_read_toml_bimatrix(tmp_path, stag_hunt):
    path = tmp_path / "sh.toml"
    path.write_text(STAG_HUNT_TOML)
    game = read_game(path)
    assert game.is_exact
    assert game.players == ("state 1", "state 2")
    assert game.actions == (("C", "D"), ("C", "D"))
    assert all(np.array_equal(a, b) for a, b in zip(game.payoffs, stag_hunt.payoffs))
    mixed = solve_nash(game, exact=True)[2]
    assert mixed.exact_strategies[0] == (Fraction(1, 2), Fraction(1, 2))


def test_read_json_fraction_strings_and_floats(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"A": [["1/3", 0.5], [" -2 ", "0.25"]],
                                "B": [[1, "2/4"], [0, 7]]}))
    game = read_game(path)
    assert game.exact_payoffs[0][0, 0] == Fraction(1, 3)
    assert game.exact_payoffs[0][1, 0] == -2
    assert game.exact_payoffs[0][1, 1] == Fraction(1, 4)
    assert game.exact_payoffs[1][0, 1] == Fraction(1, 2)
    assert not game.is_exact  # 0.5 was given as a float
    assert game.payoffs[0][0, 1] == 0.5


def test_three_player_payoffs_toml(tmp_path, three_player_coordination):
    u = [[[1, 0], [0, 0]], [[0, 0], [0, 1]]]
    path = tmp_path / "three.toml"
    path.write_text(f"payoffs = [{u}, {u}, {u}]\n")
    game = read_game(path)
    assert game == three_player_coordination


@pytest.mark.parametrize("payoffs", [
    [[[4, 1], [3, 2]], [[4, 3], [1, 2]]],
    [[[Fraction(1, 3), 0], [1, -Fraction(7, 2)]], [[0, 1], [2, 3]]],
    [[[0.1, 0.2], [1e-300, -3.5]], [[1.0, 2.0], [3.0, 4.0]]],
])
def test_json_round_trip(tmp_path, payoffs):
    game = NormalFormGame(payoffs, actions=[["C", "D"], ["L", "R"]], players=["row", "col"])
    path = write_game_json(game, tmp_path / "g.json")
    back = read_game(path)
    assert back == game
    assert back.is_exact == game.is_exact
    assert back.players == game.players and back.actions == game.actions


def test_game_to_mapping_writes_fraction_strings():
    game = bimatrix([[1, Fraction(-1, 3)]], [[0, 2]])
    assert game_to_mapping(game) == {
        "players": ["player 0", "player 1"],
        "actions": [["a0"], ["a0", "a1"]],
        "payoffs": [[[1, "-1/3"]], [[0, 2]]],
    }


@pytest.mark.parametrize("content, match", [
    ({"A": [[1, 2]]}, r"g\.json: key 'B' is missing"),
    ({"players": ["a", "b"]}, r"g\.json: key 'payoffs' \(or 'A' and 'B'\) is missing"),
    ({"A": [[1]], "B": [[1]], "payoffs": [[[1]], [[1]]]}, "not both"),
    ({"A": [[1, "x/2"]], "B": [[1, 1]]}, r"key 'A'\[0\]\[1\] must be a number or a fraction"),
    ({"A": [[1, "1/0"]], "B": [[1, 1]]}, r"key 'A'\[0\]\[1\]"),
    ({"A": [[1, True]], "B": [[1, 1]]}, r"key 'A'\[0\]\[1\] must be a number; got True"),
    ({"A": [[1, None]], "B": [[1, 1]]}, r"key 'A'\[0\]\[1\] must be a number; got None"),
    ({"payoffs": [[[1, 2]], [[1]]]}, "same shape"),
    ({"payoffs": []}, "key 'payoffs' must be a non-empty list"),
    ({"A": [[1, 2], [3]], "B": [[1, 2], [3, 4]]}, "rectangular"),
    ({"A": [[1]], "B": [[1]], "actions": "CD"}, "key 'actions' must be a list of lists"),
    ({"A": [[1]], "B": [[1]], "players": [1, 2]}, "key 'players' must be a list of strings"),
    ({"A": [[1]], "B": [[1]], "payof": 1}, r"unknown key\(s\) \['payof'\]"),
    ({"A": [[1, 2]], "B": [[1, 2]], "actions": [["C", "D"], ["C", "D"]]}, r"actions\[0\]"),
])
def test_errors_name_file_and_key(tmp_path, content, match):
    path = tmp_path / "g.json"
    path.write_text(json.dumps(content))
    with pytest.raises(InvalidGameError, match=match) as info:
        read_game(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, ValueError)


def test_file_level_errors(tmp_path):
    with pytest.raises(InvalidGameError, match=r"must end in \.json or \.toml"):
        read_game(tmp_path / "g.nfg")
    with pytest.raises(InvalidGameError, match="cannot read .*missing.toml"):
        read_game(tmp_path / "missing.toml")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InvalidGameError, match="bad.json' is not valid JSON"):
        read_game(bad)
    bad = tmp_path / "bad.toml"
    bad.write_text("A = [[1, 2]\n")
    with pytest.raises(InvalidGameError, match="bad.toml' is not valid TOML"):
        read_game(bad)
    top = tmp_path / "list.json"
    top.write_text("[1, 2]")
    with pytest.raises(InvalidGameError, match="must hold a table/object of keys; got list"):
        read_game(top)


def test_no_eval_of_strings():
    with pytest.raises(InvalidGameError, match="must be a number or a fraction"):
        game_from_mapping({"A": [["__import__('os').getcwd()"]], "B": [[1]]})


def test_write_rejects_non_games(tmp_path):
    with pytest.raises(InvalidGameError, match="game must be a NormalFormGame; got list"):
        write_game_json([[1]], tmp_path / "x.json")
