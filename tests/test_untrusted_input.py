"""Inputs are never trusted: no user string reaches sympify / eval / parse_expr, strings
and bools are refused where numbers are expected, with ``"func(): param must …; got …"``
errors from :mod:`secdilemma.errors`."""

from __future__ import annotations

import ast
from decimal import Decimal
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
import sympy

import secdilemma
from secdilemma import BayesianGame, InvalidGameError, InvalidParameterError, bimatrix
from secdilemma.games.automaton import Automaton, grim_trigger, tit_for_tat
from secdilemma.solvers.payoff_set import equilibrium_payoff_set
from secdilemma.solvers.repeated import (critical_discount_factor, is_nash,
                                         is_subgame_perfect)
from secdilemma.models.symbolic import trust_threshold_expr
from secdilemma.symbolic import lambdify_expr

PD = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
PACKAGE = Path(secdilemma.__file__).parent


def _exploit(target: Path) -> str:
    return f"__import__('os').system('touch {target}') + 0.6"


# ------------------------------------------------------------------ the reported exploit
def test_discount_set_contains_never_evaluates_a_string(tmp_path):
    target = tmp_path / "X"
    res = critical_discount_factor(PD, grim_trigger())       # [1/2, 1)
    with pytest.raises(InvalidParameterError,
                       match=r"^DiscountSetResult\.contains\(\): discount must be a number, "
                             r"not a string .*; got \"__import__"):
        res.contains(_exploit(target))
    assert not target.exists()
    # a harmless-looking numeric string is refused the same way: never parsed
    with pytest.raises(InvalidParameterError, match="not a string"):
        res.contains("0.6")
    assert not target.exists()


def test_discount_set_contains_accepts_numbers_given_as_objects():
    # grim trigger in the PD (5, 3, 1, 0) is SPE iff δ >= (T - R)/(T - P) = 1/2
    res = critical_discount_factor(PD, grim_trigger())
    assert res.contains(F(1, 2)) and res.contains(0.5) and res.contains(Decimal("0.5"))
    assert res.contains(np.float64(0.75)) and res.contains(sympy.Rational(1, 2))
    assert res.contains(sympy.sqrt(2) / 2)                    # 0.707... in [1/2, 1)
    assert not res.contains(0.49999999999) and not res.contains(1)
    # floats compare as the binary rationals they store: 1/3 is not 0.3333
    tft = critical_discount_factor(bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]]), tit_for_tat())
    assert tft.description == "{1/3}"   # (T-R)/(R-S) = (P-S)/(T-P) = 1/3 for (4, 3, 1, 0)
    assert tft.contains(F(1, 3)) and not tft.contains(1 / 3)
    for bad, rule in [(True, "real number"), (float("nan"), "finite"), (sympy.oo, "finite"),
                      (sympy.Symbol("x"), "real number"), (1 + 2j, "real number"),
                      (b"0.5", "not a string")]:
        with pytest.raises(InvalidParameterError, match=rule):
            res.contains(bad)


def test_payoff_set_contains_refuses_strings(tmp_path):
    res = equilibrium_payoff_set(PD, F(3, 4))
    target = tmp_path / "Y"
    with pytest.raises(InvalidParameterError,
                       match=r"PayoffSetResult\.contains\(\): point\[0\] must be a number, "
                             r"not a string"):
        res.contains((_exploit(target), 1))
    with pytest.raises(InvalidParameterError, match="point must be a payoff pair"):
        res.contains("12")
    assert not target.exists()


def test_lambdify_expr_refuses_strings(tmp_path):
    target = tmp_path / "Z"
    with pytest.raises(InvalidParameterError,
                       match=r"lambdify_expr\(\): expr must be a sympy expression"):
        lambdify_expr(_exploit(target), ["R"])
    with pytest.raises(InvalidParameterError, match="params must be sympy Symbols"):
        lambdify_expr(trust_threshold_expr(), [1, 2])
    assert not target.exists()


# ------------------------------------------------------------------ no evaluator anywhere
_FORBIDDEN_NAMES = {"eval", "exec", "compile", "__import__"}
_FORBIDDEN_ANY = {"sympify", "parse_expr", "S"}   # also as attributes: sympy.sympify(...)


def test_no_string_evaluator_is_called_anywhere_in_the_package():
    """An AST scan of every module: eval/exec/compile, sympy.sympify, parse_expr and
    sympy.S(...) evaluate strings as code; none may be called (Poly.eval, a method that
    evaluates a polynomial at a number, is not a string evaluator)."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if isinstance(f, ast.Name) and f.id in _FORBIDDEN_NAMES | _FORBIDDEN_ANY:
                calls.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {f.id}(...)")
            elif isinstance(f, ast.Attribute) and f.attr in _FORBIDDEN_ANY:
                calls.append(f"{path.relative_to(PACKAGE)}:{node.lineno} .{f.attr}(...)")
    assert calls == []


# ------------------------------------------------------------------ strings and bools refused
@pytest.mark.parametrize("call, error, pattern", [
    (lambda: is_subgame_perfect(PD, (grim_trigger(),) * 2, "0.9"), InvalidParameterError,
     r"^is_subgame_perfect\(\): discount must be a real number; got '0.9'"),
    (lambda: is_nash(PD, (grim_trigger(),) * 2, F(9, 10), noise="0"), InvalidParameterError,
     r"^is_nash\(\): noise must be a real number; got '0'"),
    (lambda: critical_discount_factor(PD, grim_trigger(), noise="0.1"), InvalidParameterError,
     r"^critical_discount_factor\(\): noise must be a real number; got '0.1'"),
    (lambda: Automaton([["0.5", "0.5"]], [[[0, 0], [0, 0]]]), InvalidGameError,
     r"^Automaton\(\): actions_per_state\[0\] must hold finite real probabilities"),
    (lambda: bimatrix([["3", 0], [5, 1]], [[3, 5], [0, 1]]), InvalidGameError,
     r"^NormalFormGame\(\): payoffs\[0\] must hold real numbers; got '3'"),
    (lambda: PD.is_nash([["1", "0"], [1, 0]]), InvalidParameterError,
     r"^NormalFormGame\.is_nash\(\): profile\[0\] must hold real numbers; got '1'"),
    (lambda: PD.is_nash([[True, False], [1, 0]]), InvalidParameterError,
     r"^NormalFormGame\.is_nash\(\): profile\[0\] must hold real numbers; got True"),
], ids=["spe-discount", "nash-noise", "critical-noise", "automaton", "payoffs", "profile-str",
        "profile-bool"])
def test_strings_and_bools_are_refused(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


@pytest.mark.parametrize("bad", ["3", True, np.bool_(False), b"1", 1j])
def test_bayesian_game_refuses_what_normal_form_game_refuses(bad):
    """One rule for both: NormalFormGame and BayesianGame refuse the same entries."""
    pd = np.array([[[[3, 0], [5, 1]]]], dtype=object)
    bad_pd = pd.copy()
    bad_pd[0, 0, 1, 0] = bad
    with pytest.raises(InvalidGameError, match=r"^NormalFormGame\(\): payoffs\[0\] must hold "
                                               r"real numbers; got"):
        bimatrix(bad_pd[0, 0], pd[0, 0].T)
    with pytest.raises(InvalidGameError, match=r"^BayesianGame\(\): payoffs\[0\] must hold "
                                               r"real numbers; got"):
        BayesianGame([bad_pd, pd.transpose(0, 1, 3, 2)], marginals=[[1], [1]])
    if not isinstance(bad, complex):
        with pytest.raises(InvalidGameError, match=r"^BayesianGame\(\): marginals\[0\] must "
                                                   r"hold real numbers"):
            BayesianGame([pd, pd.transpose(0, 1, 3, 2)], marginals=[[bad], [1]])
