"""JSON for solver results and the HTML/LaTeX views used by Jupyter."""

from __future__ import annotations

import json
import re
import warnings
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma import (BayesianGame, InvalidParameterError, NormalFormGame, SignalingGame,
                        bimatrix, solve_bayesian, solve_nash, solve_pbe, solve_spe)
from secdilemma.display import (game_repr_html, game_repr_latex, game_to_latex,
                                result_repr_html, result_repr_latex, result_to_latex)
from secdilemma.games.extensive import ExtensiveGameBuilder
from secdilemma.io.json_io import (read_result_json, result_from_dict, result_from_json,
                                   result_to_dict, result_to_json)
from secdilemma.results import SolveResult


@pytest.fixture
def stag_hunt():
    return bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]], actions=[["C", "D"], ["C", "D"]],
                    players=["state A", "state B"])


def entry_game():
    b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
    root = b.decision(b.root, "entrant", ["Out", "In"])
    b.terminal(root["Out"], (0, 2))
    inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
    b.terminal(inc["Fight"], (-1, -1))
    b.terminal(inc["Accommodate"], (1, 1))
    return b.build()


def kydd_game(trust=F(3, 5)):
    """Kydd (2005, ch. 2) Bayesian security dilemma with types (S, G)."""
    row = np.empty((2, 2, 2, 2), dtype=object)
    for t, a in enumerate((F(1, 2), F(3, 2))):
        row[t, :] = np.array([[1, -F(1, 2)], [a, 0]], dtype=object)
    return BayesianGame([row, row.transpose(1, 0, 3, 2)],
                        marginals=[[trust, 1 - trust], [trust, 1 - trust]],
                        types=[["S", "G"], ["S", "G"]], actions=[["C", "D"], ["C", "D"]])


def beer_quiche():
    us = [[[0, 2], [1, 3]], [[1, 3], [0, 2]]]
    ur = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]
    return SignalingGame(["weak", "strong"], [F(1, 10), F(9, 10)], ["beer", "quiche"],
                         ["duel", "not"], us, ur)


# ----------------------------------------------------------------- JSON
def test_exact_result_round_trips(stag_hunt, tmp_path):
    res = solve_nash(stag_hunt, exact=True)
    data = result_to_dict(res)
    text = json.dumps(data)  # plain JSON types only
    assert json.loads(text) == data
    mixed = data["equilibria"][2]
    assert mixed["strategies"] == [["1/2", "1/2"], ["1/2", "1/2"]]
    assert mixed["payoffs"] == ["5/2", "5/2"] and mixed["exact"] and mixed["kind"] == "mixed"
    assert data["parameters"] == {"method": "vertex_enumeration", "exact": True, "tol": 0.0}
    assert data["complete"] is True and data["degenerate"] is False
    back = result_from_dict(data)
    assert isinstance(back, SolveResult)
    assert back.equilibria == res.equilibria
    assert back.game == stag_hunt
    assert (back.method, back.complete, back.degenerate, back.exact, back.tol) == (
        res.method, res.complete, res.degenerate, res.exact, res.tol)
    for a, b in zip(back.equilibria, res.equilibria):
        assert a.exact_payoffs == b.exact_payoffs and a.players == b.players
        assert a.actions == b.actions and a.max_regret == b.max_regret
    path = tmp_path / "res.json"
    result_to_json(res, path)
    assert read_result_json(path).equilibria == res.equilibria


def test_float_result_round_trips_exactly():
    rng = np.random.default_rng(3)
    game = NormalFormGame(list(rng.normal(size=(2, 4, 4))))
    res = solve_nash(game)
    back = result_from_json(result_to_json(res))
    assert back.equilibria == res.equilibria  # floats survive JSON bit for bit
    assert all(np.array_equal(a.payoffs, b.payoffs) for a, b in zip(back, res))
    assert all(np.array_equal(a, b) for a, b in zip(back.game.payoffs, game.payoffs))


def test_degenerate_result_keeps_warnings_and_flags():
    game = bimatrix([[1, 1], [1, 1]], [[1, 1], [1, 1]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = solve_nash(game)
    data = json.loads(result_to_json(res))
    assert data["complete"] is res.complete and data["degenerate"] is res.degenerate
    assert data["warnings"] == list(res.warnings)
    assert result_from_dict(data).warnings == res.warnings


@pytest.mark.parametrize("solve", [
    lambda: solve_spe(entry_game(), exact=True),
    lambda: solve_bayesian(kydd_game(), exact=True),
    lambda: solve_pbe(beer_quiche(), exact=True),
])
def test_other_solvers_serialise(solve):
    res = solve()
    text = result_to_json(res)
    data = json.loads(text)
    assert data["method"] == res.method and len(data["equilibria"]) == len(res)
    back = result_from_json(text)
    assert len(back) == len(res)
    for a, b in zip(back, res):
        assert a.kind == b.kind
        assert all(np.array_equal(x, y) for x, y in zip(a.strategies, b.strategies))
        if b.exact_strategies is not None:
            assert a.exact_strategies is not None
            assert np.array_equal(np.asarray(a.exact_strategies[0], dtype=object),
                                  np.asarray(b.exact_strategies[0], dtype=object))


def test_extensive_game_travels_as_efg_text():
    res = solve_spe(entry_game(), exact=True)
    data = result_to_dict(res)
    assert data["game"]["type"] == "ExtensiveGame"
    assert data["game"]["efg"].startswith("EFG 2 R")
    assert result_from_dict(data).game == entry_game()


def test_bad_json_and_bad_dicts_are_refused(tmp_path):
    with pytest.raises(InvalidParameterError, match="must be valid JSON; got .* line 1"):
        result_from_json("{")
    with pytest.raises(InvalidParameterError, match=r"data\['format'\] must be"):
        result_from_dict({"method": "x"})
    with pytest.raises(InvalidParameterError, match="result must be a SolveResult"):
        result_to_dict({"method": "x"})
    with pytest.raises(InvalidParameterError, match="readable file"):
        read_result_json(tmp_path / "missing.json")
    good = result_to_dict(solve_nash(bimatrix([[1]], [[1]])))
    good["equilibria"][0]["strategies"] = [["x"]]
    good["equilibria"][0]["exact"] = True
    with pytest.raises(InvalidParameterError, match=r"equilibria\[0\]"):
        result_from_dict(good)


# ----------------------------------------------------------------- games: HTML / LaTeX
def test_game_html_table(stag_hunt):
    text = game_repr_html(stag_hunt)
    assert text.count("<tr>") == 3 and text.count("<td>") == 4
    assert "<td>1, 3</td>" in text and "state A (rows) vs state B (columns)" in text
    assert re.search(r"<th></th><th>C</th><th>D</th>", text)


def test_game_html_escapes_labels():
    game = bimatrix([[1]], [[2]], actions=[["<script>"], ['"&"']], players=["a<b", "c>d"])
    text = game_repr_html(game)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "&quot;&amp;&quot;" in text and "a&lt;b" in text


def test_game_html_three_players_one_table_per_action_of_player_three():
    game = NormalFormGame([np.arange(12).reshape(2, 3, 2) for _ in range(3)],
                          players=["x", "y", "z"])
    text = game_repr_html(game)
    assert text.count("<table>") == 2 and "z plays a1" in text
    one = game_repr_html(NormalFormGame([[F(1, 3), 2]]))
    assert "<td>1/3</td>" in one


def test_game_html_falls_back_to_repr():
    text = game_repr_html(entry_game())
    assert text.startswith('<div class="secdilemma-game"><pre>&lt;ExtensiveGame')
    big = NormalFormGame([np.zeros((60, 60)), np.zeros((60, 60))])
    assert "<pre>" in game_repr_html(big) and game_repr_latex(big) is None


def test_game_latex_array(stag_hunt):
    text = game_repr_latex(stag_hunt)
    assert text.startswith("$\\begin{array}{r|cc}") and text.endswith("\\end{array}$")
    assert "\\mathrm{C} & 4,\\ 4 & 1,\\ 3 \\\\" in text
    floats = game_repr_latex(bimatrix([[0.123456789]], [[-2.5]]))
    assert "0.123457,\\ -2.5" in floats
    odd = game_repr_latex(bimatrix([[1]], [[1]], actions=[["a_b & c%"], ["#1"]]))
    assert "\\mathrm{a\\_b\\ \\&\\ c\\%}" in odd and "\\mathrm{\\#1}" in odd
    three = game_repr_latex(NormalFormGame([np.ones((2, 2, 2))] * 3))
    assert three.count("\\begin{array}{r|cc}") == 2 and "\\qquad" in three
    assert game_repr_latex(entry_game()) is None


def test_game_booktabs(stag_hunt):
    text = game_to_latex(stag_hunt)
    assert "\\toprule" in text and "\\midrule" in text and "\\bottomrule" in text
    assert "$\\mathrm{D}$ & $3, 1$ & $2, 2$ \\\\" in text
    with pytest.raises(InvalidParameterError, match="two-player"):
        game_to_latex(NormalFormGame([[1, 2]]))


# ----------------------------------------------------------------- results: HTML / LaTeX
def test_result_html(stag_hunt):
    res = solve_nash(stag_hunt, exact=True)
    text = result_repr_html(res)
    assert "3 equilibria by vertex_enumeration (exact, complete)" in text
    assert text.count("<tr>") == 4  # header + 3 equilibria
    assert "<th>state A</th>" in text and "<td>C: 1/2, D: 1/2</td>" in text
    assert "<td>5/2, 5/2</td>" in text


def test_result_html_types_and_warnings():
    res = solve_bayesian(kydd_game(), exact=True)
    text = result_repr_html(res)
    assert "S: " in text and "G: " in text
    fake = SolveResult(game=None, method="m", equilibria=(), warnings=("careful <here>",))
    fake_text = result_repr_html(fake)
    assert "0 equilibria by m" in fake_text and "<li>careful &lt;here&gt;</li>" in fake_text


def test_result_latex(stag_hunt):
    res = solve_nash(stag_hunt, exact=True)
    text = result_repr_latex(res)
    assert text.startswith("$\\begin{array}{l|cccc|cc}")
    assert "\\mathrm{mixed} & \\tfrac{1}{2} & \\tfrac{1}{2} & \\tfrac{1}{2} & " \
           "\\tfrac{1}{2} & \\tfrac{5}{2} & \\tfrac{5}{2} \\\\" in text
    floats = result_repr_latex(solve_nash(stag_hunt))
    assert "0.5 & 0.5" in floats
    bayes = result_repr_latex(solve_bayesian(kydd_game(), exact=True))
    assert "\\mid \\mathrm{G}" in bayes
    empty = SolveResult(game=None, method="m", equilibria=())
    assert result_repr_latex(empty) == "$\\text{no equilibria}$"


def test_result_booktabs_per_type_and_escaped_labels():
    # per-type strategies (a Bayesian game): one column per (type, action), as in the
    # array view; it used to raise a bare TypeError
    res = solve_bayesian(kydd_game(), exact=True)
    lines = result_to_latex(res).splitlines()
    header = lines[2].removesuffix(" \\\\").split(" & ")
    assert header[1:5] == ["$\\sigma_{1}(\\mathrm{C} \\mid \\mathrm{S})$",
                           "$\\sigma_{1}(\\mathrm{D} \\mid \\mathrm{S})$",
                           "$\\sigma_{1}(\\mathrm{C} \\mid \\mathrm{G})$",
                           "$\\sigma_{1}(\\mathrm{D} \\mid \\mathrm{G})$"]
    for eq, line in zip(res.equilibria, lines[4:]):
        cells = line.removesuffix(" \\\\").split(" & ")
        want = [p for s in eq.exact_strategies for row in s for p in row]
        want += list(eq.exact_payoffs)
        assert len(cells) == 1 + len(want)
        for cell, p in zip(cells[1:], want):
            p = F(p)
            assert cell == (str(p) if p.denominator == 1 else
                            f"${'-' if p < 0 else ''}\\frac{{{abs(p.numerator)}}}{{{p.denominator}}}$")
    # labels with LaTeX specials are escaped (a space would vanish in math mode)
    game = bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]],
                    actions=[["not arm", "a_b"], ["x", "y"]])
    text = result_to_latex(solve_nash(game, exact=True))
    assert "$\\sigma_{1}(\\mathrm{not\\ arm})$" in text
    assert "$\\sigma_{1}(\\mathrm{a\\_b})$" in text


# ----------------------------------------------------------------- provenance
@pytest.mark.parametrize("solve", [
    lambda: solve_nash(bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]]), exact=True),
    lambda: solve_nash(bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]])),
    lambda: solve_spe(entry_game(), exact=True),
    lambda: solve_bayesian(kydd_game(), exact=True),
    lambda: solve_pbe(beer_quiche(), exact=True),
])
def test_every_solver_result_carries_one_provenance(solve):
    from secdilemma.results import Provenance

    res = solve()
    assert isinstance(res, Provenance)
    prov = res.provenance()
    assert list(prov) == list(Provenance.PROVENANCE_FIELDS)
    assert prov["method"] == res.method and prov["method"] != "auto"
    assert type(prov["parameters"]) is dict and prov["parameters"] == dict(res.parameters)
    assert prov["exact"] is res.exact and prov["complete"] is res.complete
    assert prov["tol"] == res.tol and prov["warnings"] == tuple(res.warnings)
    json.dumps(prov, default=str)  # plain data, e.g. for a dataset's attributes
    # the describe() header states the same provenance
    head = res.describe().splitlines()[0]
    assert res.method in head and ("exact" in head) == res.exact
    assert ("may be incomplete" in head) == (not res.complete)


def test_display_imports_no_game_or_result_class():
    import ast
    from pathlib import Path

    import secdilemma.display as display

    tree = ast.parse(Path(display.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.level}
    assert imported == {"errors"}
