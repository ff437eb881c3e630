"""Files are not trusted: game files (.nfg, .efg, JSON, TOML) and result JSON.

Every hostile input below once hung, exhausted memory, or escaped as a bare stdlib
exception (OverflowError, RecursionError, UnicodeDecodeError); a result file edited by
hand was read back as an equilibrium. Each must now give a clear
:class:`~secdilemma.errors.SecDilemmaError` naming the file (and the line where there is
one), or for results be re-checked against the stored game.

Reads that once hung run under :func:`_bounded`, a generous budget (not a speed
assertion: a hang fails the test instead of stalling the suite).
"""

from __future__ import annotations

import copy
import io as stdio
import json
import threading
import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import secdilemma.io.gambit as gambit_module
from secdilemma import (BayesianGame, SignalingGame, bimatrix, solve_bayesian, solve_nash,
                        solve_pbe, solve_spe)
from secdilemma.errors import (InvalidFileError, InvalidGameError, SecDilemmaError,
                               UnverifiedResultWarning)
from secdilemma.games.extensive import ExtensiveGameBuilder
from secdilemma.io import (game_from_mapping, parse_efg, parse_nfg, read_efg, read_game,
                           read_nfg, read_result_json, result_from_dict, result_from_json,
                           result_to_dict, result_to_json, write_efg, write_nfg)

BUDGET = 60.0  # seconds; a safety net against hangs, far above the real cost


def _bounded(func, *args, **kwargs):
    """Run ``func`` in a daemon thread; return what it returned or the exception it
    raised; fail the test if it has not finished within BUDGET seconds."""
    box: dict = {}

    def run():
        try:
            box["value"] = func(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(BUDGET)
    assert not thread.is_alive(), f"{func.__name__} did not return within {BUDGET} s"
    return box.get("error", box.get("value"))


def _refused(func, *args, match=None, **kwargs) -> SecDilemmaError:
    """``func(*args)`` must raise an InvalidFileError (a SecDilemmaError and a
    ValueError), within the budget."""
    out = _bounded(func, *args, **kwargs)
    assert isinstance(out, InvalidFileError), f"expected InvalidFileError, got {out!r}"
    assert isinstance(out, ValueError)
    if match is not None:
        assert match in str(out), str(out)
    return out


def entry_game():
    b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
    root = b.decision(b.root, "entrant", ["Out", "In"])
    b.terminal(root["Out"], (0, 2))
    inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
    b.terminal(inc["Fight"], (-1, -1))
    b.terminal(inc["Accommodate"], (1, 1))
    return b.build()


STAG_HUNT = bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]], actions=[["C", "D"], ["C", "D"]])
NFG_PAYOFF = 'NFG 1 R "sh" { "A" "B" } { 2 2 }\n4 4\n3 1\n1 3\n2 2\n'
NFG_OUTCOME = write_nfg(STAG_HUNT)
EFG = write_efg(entry_game())
POKER = '''EFG 2 R "A simple Poker game" { "Fred" "Alice" }
""
c "" 1 "" { "Red" 1/2 "Black" 1/2 } 0
p "" 1 1 "" { "Raise" "Fold" } 0
p "" 2 1 "" { "Meet" "Pass" } 0
t "" 1 "Win Big" { 2, -2 }
t "" 2 "Win" { 1, -1 }
t "" 2 "Win" { 1, -1 }
p "" 1 2 "" { "Raise" "Fold" } 0
p "" 2 1 "" { "Meet" "Pass" } 0
t "" 3 "Lose Big" { -2, 2 }
t "" 2 "Win" { 1, -1 }
t "" 4 "Lose" { -1, 1 }
'''


# ----------------------------------------------------------------- huge numbers
HUGE = "1e999999999"


@pytest.mark.parametrize("text, line", [
    (f'NFG 1 R "" {{ "a" "b" }} {{ 1 1 }}\n{HUGE} 0\n', 2),
    (f'NFG 1 R "" {{ "a" "b" }} {{ 1 1 }}\n0 -{HUGE}\n', 2),
    (f'NFG 1 R "" {{ "a" "b" }} {{ {{ "x" }} {{ "y" }} }}\n{{ {{ "" {HUGE}, 1 }} }}\n1\n', 2),
    ('NFG 1 R "" { "a" "b" } { 1 1 }\n1e-999999999 0\n', 2),
    ('NFG 1 R "" { "a" "b" } { 1 1 }\n1 ' + "7" * 5000 + '\n', 2),
])
def test_nfg_huge_numbers_are_refused_quickly(text, line):
    err = _refused(parse_nfg, text, source="huge.nfg")
    assert f"'huge.nfg', line {line}" in str(err)
    assert "must" in str(err)


@pytest.mark.parametrize("text, line, match", [
    (f'EFG 2 R "" {{ "a" }}\np "" 1 1 "" {{ "x" }} 0\nt "" 1 "" {{ {HUGE} }}\n', 3,
     "exponent"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" } 0\nt "" 1 "" { 1e400 }\n', 3,
     "range of a double"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" } 0\nt "" 1 "" { -1e309 }\n', 3,
     "range of a double"),
    (f'EFG 2 R "" {{ "a" }}\nc "" 1 "" {{ "x" {HUGE} }} 0\nt "" 1 "" {{ 1 }}\n', 2,
     "exponent"),
    # two outcomes each in range whose sum on the path overflows a double
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" } 1 "" { 1e308 }\nt "" 2 "" { 1.5e308 }\n', 3,
     "sum of the outcomes"),
    ('EFG 2 R "" { "a" }\nc "" 1 "" { "x" 1e308 "y" 1e308 } 0\nt "" 0\nt "" 0\n', 2,
     "must sum to 1"),
])
def test_efg_huge_numbers_and_overflow_are_refused(text, line, match):
    err = _refused(parse_efg, text, source="huge.efg")
    assert f"'huge.efg', line {line}" in str(err) and match in str(err)


def test_exact_but_tiny_numbers_are_kept():
    game = parse_nfg('NFG 1 R "" { "a" "b" } { 1 2 }\n1e-400 0 -1e-400 1/3\n')
    assert game.exact_payoffs[0][0, 0] == F(1, 10**400)
    assert game.exact_payoffs[1][0, 1] == F(1, 3)


@pytest.mark.parametrize("suffix, text, match", [
    (".json", json.dumps({"A": [[HUGE]], "B": [[0]]}), "exponent"),
    (".json", json.dumps({"A": [["1/" + "3" * 2000]], "B": [[0]]}), "characters"),
    (".json", '{"A": [[1e999999999]], "B": [[0]]}', "finite"),
    (".json", '{"A": [[NaN]], "B": [[0]]}', "not valid JSON"),
    (".json", '{"A": [[' + "9" * 400 + ']], "B": [[0]]}', "range of a double"),
    (".json", '{"A": [[' + "9" * 5000 + ']], "B": [[0]]}', "not valid JSON"),
    (".toml", f'A = [["{HUGE}"]]\nB = [[0]]\n', "exponent"),
    (".toml", 'A = [[1e999999999]]\nB = [[0]]\n', "finite"),
    (".toml", 'A = [[nan]]\nB = [[0]]\n', "finite"),
])
def test_game_file_huge_numbers_are_refused(tmp_path, suffix, text, match):
    path = tmp_path / f"g{suffix}"
    path.write_text(text)
    err = _refused(read_game, path)
    assert str(path) in str(err) and match in str(err), str(err)


# ----------------------------------------------------------------- declared sizes
@pytest.mark.parametrize("text, match", [
    ('NFG 1 R "" { "a" "b" } { 1000000000 1 }\n1 2\n', "strategy count of player 1"),
    ('NFG 1 R "" { "a" "b" } { 100000 100000 }\n1 2\n', "strategy count of player 1"),
    ('NFG 1 R "" { "a" "b" } { 99999999999999999999999 1 }\n1 2\n', "strategy count"),
    # each count is small, the product is not: the file ends long before
    ('NFG 1 R "" { "a" "b" "c" "d" "e" "f" } { 40 40 40 40 40 40 }\n' + "1 " * 60,
     "payoff 61 of 24576000000"),
    ('NFG 1 R "" { "a" "b" "c" "d" "e" "f" } { 40 40 40 40 40 40 }\n{ { "" 1, 2, 3, 4, '
     '5, 6 } }\n' + "1 " * 60, "outcome index 61 of 4096000000"),
])
def test_declared_sizes_are_not_allocated(text, match):
    err = _refused(parse_nfg, text)
    assert match in str(err) and "line" in str(err)


# ----------------------------------------------------------------- deep trees
def _chain_efg(depth: int) -> str:
    """A one-player line of play: at each move "stop" ends the game, "go" moves on."""
    lines = ['EFG 2 R "centipede" { "a" "b" }', '""']
    for k in range(depth):
        lines.append(f'p "" {k % 2 + 1} {k // 2 + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {k + 1} "" {{ {k}, {-k} }}')
    lines.append(f't "" {depth + 1} "" {{ 0, 0 }}')
    return "\n".join(lines) + "\n"


def test_deep_tree_is_read_without_recursion():
    depth = 1200  # once: RecursionError beyond about 490 moves
    game = _bounded(parse_efg, _chain_efg(depth))
    assert not isinstance(game, BaseException), game
    assert len(game.nodes) == 2 * depth + 1
    deepest = game.nodes[-1]
    assert len(deepest.path) == depth and deepest.payoffs == (0, 0)
    # the tree is the same when written and read back
    assert parse_efg(write_efg(game)) == game
    # node ids are preorder and sizes add up, as for a shallow tree
    assert game.root.size == len(game.nodes)
    assert all(game.nodes[c].parent == n.id for n in game.nodes for c in n.children)


def test_deep_builder_tree():
    b = ExtensiveGameBuilder(players=["a"])
    at = b.root
    for _ in range(3000):
        ref = b.decision(at, "a", ["stop", "go"])
        b.terminal(ref["stop"], (1,))
        at = ref["go"]
    b.terminal(at, (2,))
    game = _bounded(b.build)
    assert not isinstance(game, BaseException), game
    assert len(game.nodes) == 6001 and game.nodes[-1].payoffs == (2,)


def test_tree_beyond_the_documented_limit_is_refused(monkeypatch):
    # the limit bounds the memory of the stored paths (sum of depths); a small value
    # here stands for the real one, which a file needs millions of lines to reach
    monkeypatch.setattr(gambit_module, "MAX_EFG_PATH_TOTAL", 5_000)
    parse_efg(_chain_efg(60))  # sum of depths ~ 3,700
    err = _refused(parse_efg, _chain_efg(200), source="deep.efg")
    assert "total path length" in str(err) and "'deep.efg', line" in str(err)


def test_many_information_sets_read_in_linear_time():
    # labelling information sets was quadratic in their number (list.count in a loop)
    lines = ['EFG 2 R "" { "a" }', 'c "" 1 "" { ' + " ".join(
        f'"c{k}" 1/4000' for k in range(4000)) + " } 0"]
    for k in range(4000):
        lines += [f'p "" 1 {k + 1} "" {{ "x" "y" }} 0', f't "" {2 * k + 1} "" {{ 1 }}',
                  f't "" {2 * k + 2} "" {{ 0 }}']
    game = _bounded(parse_efg, "\n".join(lines))
    assert not isinstance(game, BaseException), game
    assert len(game.infosets()) == 4000


# ----------------------------------------------------------------- binary garbage
GARBAGE = b'NFG 1 R "\xff\xfe" { "a" }\n\x00\x9c\x80binary'


@pytest.mark.parametrize("reader, suffix", [
    (read_nfg, ".nfg"), (read_efg, ".efg"), (read_game, ".json"), (read_game, ".toml"),
    (read_result_json, ".json"),
])
def test_binary_garbage_names_the_file_and_line(tmp_path, reader, suffix):
    path = tmp_path / f"garbage{suffix}"
    path.write_bytes(b"\n\n" + GARBAGE)
    err = _refused(reader, path)
    assert str(path) in str(err) and "line 3, column 10" in str(err)
    assert "UTF-8" in str(err)


def test_binary_stream_names_the_stream(tmp_path):
    path = tmp_path / "stream.nfg"
    path.write_bytes(GARBAGE)
    with open(path, encoding="utf-8") as handle:
        err = _refused(read_nfg, handle)
    assert "stream.nfg" in str(err) and "UTF-8" in str(err)
    err = _refused(read_efg, stdio.BytesIO(GARBAGE))
    assert "UTF-8" in str(err)


def test_file_size_is_bounded(tmp_path, monkeypatch):
    # a device such as /dev/zero is never read to the end; a small limit stands in for
    # the real one (256 MiB)
    import secdilemma.io._untrusted as untrusted

    monkeypatch.setattr(untrusted, "MAX_FILE_BYTES", 1000)
    for reader, suffix in [(read_nfg, ".nfg"), (read_game, ".json"),
                           (read_result_json, ".json")]:
        path = tmp_path / f"big{suffix}"
        path.write_text(" " * 1001)
        err = _refused(reader, path)
        assert str(path) in str(err) and "at most 1,000 bytes" in str(err)
        path.write_text(" " * 1000)
        err = _refused(reader, path)  # read, then refused as empty
        assert "at most" not in str(err)


def test_control_characters_are_a_syntax_error():
    err = _refused(parse_nfg, 'NFG 1 R "" { "a" }\n{ 1 }\n\x00\x01 2\n', source="c.nfg")
    assert "'c.nfg', line 3, column 1" in str(err)


# ----------------------------------------------------------------- deep nesting
DEEP = 100_000


def test_result_json_nested_deep():
    err = _refused(result_from_json, "[" * DEEP + "]" * DEEP)
    assert "nest at most" in str(err) and "line 1" in str(err)


def test_deeply_nested_files(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"A":\n' + "[" * DEEP + "]" * DEEP + "}")
    err = _refused(read_game, path)
    assert str(path) in str(err) and "line 2" in str(err) and "nest at most" in str(err)
    err = _refused(read_result_json, path)
    assert str(path) in str(err) and "nest at most" in str(err)
    path = tmp_path / "deep.toml"
    path.write_text("B = 1\nA = " + "[" * DEEP + "]" * DEEP + "\n")
    err = _refused(read_game, path)
    assert str(path) in str(err) and "line 2" in str(err) and "nest at most" in str(err)
    path = tmp_path / "deep_tables.toml"
    path.write_text("A = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n")
    err = _refused(read_game, path)
    assert "nest at most" in str(err)


def test_brackets_inside_strings_do_not_count(tmp_path):
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"A": [[1]], "B": [[1]], "players": ["[" * 500, "{" * 500]}))
    assert read_game(path).players == ("[" * 500, "{" * 500)
    path = tmp_path / "labels.toml"
    path.write_text('A = [[1]] # [[[[[[[[\nB = [[1]]\nplayers = ["' + "[" * 500
                    + "\", '" + "{" * 500 + "']\n")
    assert read_game(path).players == ("[" * 500, "{" * 500)


def test_deep_python_mapping():
    nested = 1
    for _ in range(5000):
        nested = [nested]
    out = _bounded(game_from_mapping, {"A": nested, "B": nested})
    assert isinstance(out, InvalidGameError) and "nest at most" in str(out)


# ----------------------------------------------------------------- result JSON
def _exact_and_float():
    return [result_to_dict(solve_nash(STAG_HUNT, exact=True)),
            result_to_dict(solve_nash(STAG_HUNT))]


@pytest.mark.parametrize("data", _exact_and_float(), ids=["exact", "float"])
def test_result_with_a_false_equilibrium_is_refused(data):
    exact = data["exact"]
    # the row player's payoffs doubled, then the equilibrium (C, C) edited to (D, C):
    # D against C pays 6 where C pays 8, a regret of 2 (the column player's is 1)
    data["game"]["payoffs"][0] = [[8, 2], [6, 4]]
    assert data["equilibria"][0]["strategies"] == ([["1", "0"], ["1", "0"]] if exact
                                                   else [[1.0, 0.0], [1.0, 0.0]])
    data["equilibria"][0]["strategies"][0] = ["0", "1"] if exact else [0.0, 1.0]
    data["equilibria"][0]["payoffs"] = ["6", "1"] if exact else [6.0, 1.0]
    err = _refused(result_from_dict, data)
    assert "equilibria[0] must be an equilibrium" in str(err)
    assert "recomputed from the game, is 2" in str(err)


@pytest.mark.parametrize("data", _exact_and_float(), ids=["exact", "float"])
@pytest.mark.parametrize("probs, match", [
    ([2, -1], "in [0, 1]"), ([-1, 2], "in [0, 1]"), ([0.5, 0.25], "sum to 1"),
    ([0, 0], "sum to 1"), ([1], "lengths [2, 2]"), ([1, 0, 0], "lengths [2, 2]"),
])
def test_result_probabilities_are_checked(data, probs, match):
    exact = data["exact"]
    data["equilibria"][2]["strategies"][1] = [str(F(p)) if exact else float(p)
                                              for p in probs]
    err = _refused(result_from_dict, data)
    assert "equilibria[2]" in str(err) and match in str(err), str(err)


@pytest.mark.parametrize("data", _exact_and_float(), ids=["exact", "float"])
def test_result_payoffs_are_recomputed(data):
    exact = data["exact"]
    data["equilibria"][2]["payoffs"] = ["5/2", "3"] if exact else [2.5, 3.0]
    err = _refused(result_from_dict, data)
    assert "equilibria[2]['payoffs'] must be the expected payoffs" in str(err)


def test_result_regret_claims_are_checked_relative_to_the_payoff_range():
    # the same game at payoff scale 1e9: a float equilibrium reads back, an edited one
    # (regret 1e9) does not
    game = bimatrix(1e9 * np.array([[4.0, 1], [3, 2]]), 1e9 * np.array([[4.0, 3], [1, 2]]))
    data = result_to_dict(solve_nash(game))
    back = result_from_dict(copy.deepcopy(data))
    assert len(back) == 3
    data["equilibria"][0]["strategies"][0] = [0.0, 1.0]
    data["equilibria"][0]["payoffs"] = [3e9, 1e9]
    err = _refused(result_from_dict, data)
    assert "is 1e+09" in str(err)


@pytest.mark.parametrize("scale, shift", [(1e-9, 0.0), (1e12, 0.0), (1.0, 1e9), (1.0, -1e9),
                                          (1e300, 0.0), (1e-300, 0.0)])
@pytest.mark.parametrize("exact", [False, True])
def test_results_read_back_at_any_payoff_scale(scale, shift, exact):
    # the stag hunt scaled and shifted: its equilibria read back, and (C, C) edited to
    # (D, C) is refused with the row player's regret, scale * (4 - 3)
    game = bimatrix(scale * np.array([[4.0, 1], [3, 2]]) + shift,
                    scale * np.array([[4.0, 3], [1, 2]]) + shift)
    res = solve_nash(game, exact=exact)
    back = result_from_json(result_to_json(res))
    assert back.equilibria == res.equilibria and len(back) == len(res) >= 3
    data = result_to_dict(res)
    assert data["equilibria"][0]["strategies"][0] == (["1", "0"] if exact else [1.0, 0.0])
    data["equilibria"][0]["strategies"][0] = ["0", "1"] if exact else [0.0, 1.0]
    err = _refused(result_from_dict, data)
    assert f"recomputed from the game, is {scale:.6g}" in str(err)


def test_too_costly_recheck_is_flagged(monkeypatch):
    # re-checking is bounded: past the budget the result is read but flagged (a small
    # budget stands in for a game of millions of payoff entries)
    import secdilemma.io.json_io as json_io

    monkeypatch.setattr(json_io, "MAX_CHECK_WORK", 10)
    with pytest.warns(UnverifiedResultWarning, match="not re-checked on reading"):
        back = result_from_dict(result_to_dict(solve_nash(STAG_HUNT, exact=True)))
    assert back.diagnostics["checked_on_read"] == "probabilities only"
    assert any("operations" in w for w in back.warnings)


def test_approximate_results_keep_their_stated_regret():
    # a result that states a positive max_regret is accepted when the claim is true
    data = result_to_dict(solve_nash(STAG_HUNT))
    eq = data["equilibria"][2]
    eq["strategies"] = [[0.5 + 1e-4, 0.5 - 1e-4], [0.5, 0.5]]
    eq["payoffs"] = [2.5, 2.5002]  # the column player's regret is 1e-4
    eq["max_regret"] = 1e-3
    back = result_from_dict(data)
    assert back[2].max_regret == 1e-3


def test_result_file_names_the_file(tmp_path):
    data = result_to_dict(solve_nash(STAG_HUNT, exact=True))
    data["equilibria"][1]["strategies"][0] = ["2", "-1"]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    err = _refused(read_result_json, path)
    assert str(path) in str(err) and "equilibria[1]['strategies'][0]" in str(err)


@pytest.mark.parametrize("edit, match", [
    (lambda d: d.update(tol="x"), "data['tol'] must be a number"),
    (lambda d: d.update(tol=1e999), "data['tol']"),
    (lambda d: d.update(complete="yes"), "data['complete'] must be true or false"),
    (lambda d: d.update(parameters=[1, 2]), "data['parameters']"),
    (lambda d: d.update(warnings="w"), "data['warnings']"),
    (lambda d: d.update(game={"type": "NormalFormGame", "payoffs": "x"}), "data['game']"),
    (lambda d: d["equilibria"][0].update(max_regret=-1), "must be >= 0"),
    (lambda d: d["equilibria"][0].update(beliefs=[1]), "beliefs"),
    (lambda d: d["equilibria"][0].update(players=[1, 2]), "players"),
    (lambda d: d["equilibria"][0].update(payoffs=["1"]), "payoffs"),
    (lambda d: d["equilibria"][0].update(strategies=[["1", "0"], [HUGE, "0"]]),
     "exponent"),
    (lambda d: d["equilibria"][0].update(strategies=[]), "non-empty list"),
    (lambda d: d["equilibria"][2].update(kind="pure"), "the equilibrium's kind is 'pure'"),
])
def test_result_fields_are_type_checked(edit, match):
    data = result_to_dict(solve_nash(STAG_HUNT, exact=True))
    edit(data)
    err = _refused(result_from_dict, data)
    assert match in str(err), str(err)


def test_extensive_result_is_rechecked():
    res = solve_spe(entry_game(), exact=True)
    data = result_to_dict(res)
    back = result_from_dict(copy.deepcopy(data))
    assert back.equilibria == res.equilibria
    assert "recomputed" in back.diagnostics["checked_on_read"]
    # the entrant stays out while the incumbent accommodates: entering pays 1 > 0
    data["equilibria"][0]["strategies"][0] = [["1", "0"]]
    data["equilibria"][0]["payoffs"] = ["0", "2"]
    err = _refused(result_from_dict, data)
    assert "regret, recomputed from the game, is 1" in str(err)
    data["equilibria"][0]["strategies"][0] = [["1/2", "1/3"]]
    err = _refused(result_from_dict, data)
    assert "sum to 1" in str(err)


def kydd_game(trust=F(3, 5), exact=True):
    """Kydd (2005, ch. 2): types S (security seeker) and G (greedy); own payoffs
    [[1, -1/2], [a, 0]] with a = 1/2 for S and 3/2 for G."""
    row = np.empty((2, 2, 2, 2), dtype=object)
    for t, a in enumerate((F(1, 2), F(3, 2))):
        row[t, :] = np.array([[1, -F(1, 2)], [a, 0]], dtype=object)
    if not exact:
        row = row.astype(float)
        trust = float(trust)
    return BayesianGame([row, row.transpose(1, 0, 3, 2)],
                        marginals=[[trust, 1 - trust], [trust, 1 - trust]],
                        types=[["S", "G"], ["S", "G"]])


@pytest.mark.parametrize("exact", [True, False])
def test_bayesian_result_is_rechecked(exact):
    res = solve_bayesian(kydd_game(exact=exact), exact=exact)
    data = result_to_dict(res)
    back = result_from_dict(copy.deepcopy(data))
    assert back.equilibria == res.equilibria
    assert isinstance(back.game, BayesianGame)
    assert back.game.num_types == (2, 2) and back.game.types == res.game.types
    assert "interim regret" in back.diagnostics["checked_on_read"]
    eq = next(k for k, e in enumerate(res) if e.kind == "pure" and e.strategies[0][0, 0] == 1)
    # the S type of player 0 switched from C to D. Its own regret: against (S: C, G: D)
    # with trust 3/5, C pays 3/5 * 1 + 2/5 * (-1/2) = 2/5 and D pays 3/5 * 1/2 = 3/10,
    # so 1/10. Player 1's S type now meets D for sure: C pays -1/2, D pays 0, so its
    # regret is 1/2, the largest.
    data["equilibria"][eq]["strategies"][0][0] = ["0", "1"] if exact else [0.0, 1.0]
    err = _refused(result_from_dict, data)
    assert f"equilibria[{eq}] must be an equilibrium" in str(err)
    assert "recomputed from the game, is 0.5" in str(err)


def test_result_without_a_stored_game_is_flagged():
    us = [[[0, 2], [1, 3]], [[1, 3], [0, 2]]]
    ur = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]
    beer_quiche = SignalingGame(["weak", "strong"], [F(1, 10), F(9, 10)],
                                ["beer", "quiche"], ["duel", "not"], us, ur)
    data = result_to_dict(solve_pbe(beer_quiche, exact=True))
    with pytest.warns(UnverifiedResultWarning, match="not re-checked"):
        back = result_from_dict(copy.deepcopy(data))
    assert any("not re-checked" in w for w in back.warnings)
    assert back.diagnostics["checked_on_read"] == "probabilities only"
    # probabilities are still checked without the game
    data["equilibria"][0]["strategies"][0][1] = ["2", "-1"]
    _refused(result_from_dict, data, match="in [0, 1]")


# ----------------------------------------------------------------- fuzzing
# Mutations of valid files. The only exception allowed out of a reader is a
# SecDilemmaError; every call runs under the budget.
TOKENS = [HUGE, "1e400", "-1e400", "1e-999", "1/0", "0/5", "99999999999999999999", "-1",
          "0", "2", "1.5", ".", "e", "{", "}", "{ }", ",", '"', '""', '\\"', "\\", "#",
          "\n", " ", "\x00", "\ufeff", "c", "p", "t", "NFG", "EFG", "R", "1/3", "1e308",
          "[", "]", "[[", "]]", ":", "null", "true", "NaN", "Infinity", "-0", "1e999999"]


@st.composite
def mutated(draw, text: str):
    """``text`` with a few random edits: insert, delete, replace or duplicate a slice,
    drawing inserted text from TOKENS or arbitrary characters."""
    for _ in range(draw(st.integers(1, 4))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 12)))
        piece = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "repeat"]))
        if op == "insert":
            text = text[:i] + piece + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "replace":
            text = text[:i] + piece + text[j:]
        else:
            text = text[:i] + text[i:j] * draw(st.integers(2, 30)) + text[j:]
    return text


def _only_secdilemma_errors(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = _bounded(func, *args, **kwargs)
    if isinstance(out, BaseException) and not isinstance(out, SecDilemmaError):
        raise AssertionError(f"{func.__name__} let {type(out).__name__} out: {out}") from out
    return out


FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.one_of(mutated(NFG_PAYOFF), mutated(NFG_OUTCOME)))
def test_fuzz_nfg(text):
    _only_secdilemma_errors(parse_nfg, text)


@FUZZ
@given(st.one_of(mutated(EFG), mutated(POKER)))
def test_fuzz_efg(text):
    _only_secdilemma_errors(parse_efg, text)


@FUZZ
@given(st.binary(max_size=200), st.sampled_from([read_nfg, read_efg, read_game,
                                                  read_result_json]),
       st.sampled_from([".nfg", ".efg", ".json", ".toml"]))
def test_fuzz_random_bytes(tmp_path_factory, data, reader, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    path.write_bytes(data)
    _only_secdilemma_errors(reader, path)


GAME_JSON = json.dumps({"players": ["a", "b"], "actions": [["C", "D"], ["C", "D"]],
                        "A": [[4, "1/2"], [3.5, 2]], "B": [[4, 3], [1, 2]]}, indent=1)
GAME_TOML = ('players = ["a", "b"]\nactions = [["C", "D"], ["C", "D"]]\n'
             'A = [[4, "1/2"], [3.5, 2]]\nB = [[4, 3], [1, 2]]\n')


@FUZZ
@given(st.one_of(mutated(GAME_JSON).map(lambda t: (".json", t)),
                 mutated(GAME_TOML).map(lambda t: (".toml", t))))
def test_fuzz_game_files(tmp_path_factory, case):
    suffix, text = case
    path = tmp_path_factory.mktemp("fuzz") / f"g{suffix}"
    path.write_text(text, encoding="utf-8")
    _only_secdilemma_errors(read_game, path)


RESULTS = [result_to_json(solve_nash(STAG_HUNT, exact=True), indent=None),
           result_to_json(solve_nash(STAG_HUNT), indent=None),
           result_to_json(solve_spe(entry_game(), exact=True), indent=None),
           result_to_json(solve_bayesian(kydd_game(), exact=True), indent=None)]


@FUZZ
@given(st.sampled_from(RESULTS).flatmap(mutated))
def test_fuzz_result_json_text(text):
    _only_secdilemma_errors(result_from_json, text)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30),
              st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(TOKENS),
              st.text(max_size=5)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=12)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for k, v in enumerate(value):
            yield from _paths(v, prefix + (k,))


@FUZZ
@given(st.sampled_from(RESULTS), st.data())
def test_fuzz_result_structure(text, data):
    """Replace one value anywhere in a valid result dict by a random JSON value."""
    result = json.loads(text)
    paths = [p for p in _paths(result) if p]
    path = data.draw(st.sampled_from(paths))
    value = data.draw(JSON_VALUES)
    target = result
    for key in path[:-1]:
        target = target[key]
    assume(target[path[-1]] != value)
    target[path[-1]] = value
    _only_secdilemma_errors(result_from_dict, result)
