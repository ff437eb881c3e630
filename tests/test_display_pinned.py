"""The HTML, LaTeX and text views of games and solver results, pinned byte for byte.

The expected texts in ``tests/data/display_pinned.json`` were written by the views as they
stood before their table code was shared (``python tests/test_display_pinned.py`` rewrites
them; a change of output must be deliberate and reviewed in the diff of that file)."""

from __future__ import annotations

import json
import pathlib
import sys
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma import NormalFormGame, SolveResult, bimatrix, solve_bayesian, solve_nash
from secdilemma.display import (describe_result, game_repr_html, game_repr_latex,
                                game_to_latex, result_repr_html, result_repr_latex,
                                result_to_latex)

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from test_repr import entry_game, kydd_game  # noqa: E402

PINNED = pathlib.Path(__file__).parent / "data" / "display_pinned.json"


def _games():
    stag = bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]], actions=[["C", "D"], ["C", "D"]],
                    players=["state A", "state B"])
    return {
        "stag_hunt": stag,
        "escaped": bimatrix([[1, F(-3, 4)]], [[2, 0.5]], actions=[["<a_b & c%>"], ['"&"', "#1 ~^"]],
                            players=["a<b", "c>d {x}"]),
        "floats": bimatrix([[0.123456789, -2.5], [1e-9, 3e12]], [[1, 2], [3, 4.25]]),
        "one_player": NormalFormGame([[F(1, 3), 2, -F(5, 2)]], actions=[["x", "y", "z"]]),
        "three_players": NormalFormGame([np.arange(12).reshape(2, 3, 2) + i for i in range(3)],
                                        players=["x", "y", "z"]),
        "too_big": NormalFormGame([np.zeros((60, 60)), np.zeros((60, 60))]),
        "extensive": entry_game(),
    }


def _results():
    stag = _games()["stag_hunt"]
    return {
        "nash_exact": solve_nash(stag, exact=True),
        # the method named: the default float path is the compiled kernel where it is
        # built and vertex enumeration where not (same equilibria, other method name)
        "nash_float": solve_nash(stag, method="vertex_enumeration"),
        "bayesian_exact": solve_bayesian(kydd_game(), exact=True),
        "empty_with_warning": SolveResult(game=None, method="m", equilibria=(),
                                          warnings=("careful <here> & $there$",)),
    }


def _views():
    out = {}
    for name, game in _games().items():
        out[f"game_repr_html/{name}"] = game_repr_html(game)
        out[f"game_repr_latex/{name}"] = game_repr_latex(game)
        if name in ("stag_hunt", "escaped", "floats"):
            out[f"game_to_latex/{name}"] = game_to_latex(game)
    for name, res in _results().items():
        out[f"result_repr_html/{name}"] = result_repr_html(res)
        out[f"result_repr_latex/{name}"] = result_repr_latex(res)
        out[f"describe_result/{name}"] = describe_result(res)
        if name != "bayesian_exact":       # one column per type: not in the booktabs view
            out[f"result_to_latex/{name}"] = result_to_latex(res)
    return out


@pytest.fixture(scope="module")
def views():
    return _views()


@pytest.fixture(scope="module")
def pinned():
    return json.loads(PINNED.read_text(encoding="utf-8"))


def test_every_view_is_pinned(views, pinned):
    assert sorted(views) == sorted(pinned)
    assert len(pinned) == 32


@pytest.mark.parametrize("kind", ["game_repr_html", "game_repr_latex", "game_to_latex",
                                  "result_repr_html", "result_repr_latex", "result_to_latex",
                                  "describe_result"])
def test_views_are_byte_identical(views, pinned, kind):
    keys = [k for k in pinned if k.startswith(kind + "/")]
    assert keys
    for key in keys:
        assert views[key] == pinned[key], key


if __name__ == "__main__":
    PINNED.write_text(json.dumps(_views(), indent=1, ensure_ascii=False) + "\n",
                      encoding="utf-8")
