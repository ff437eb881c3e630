"""The names that ``secdilemma``, ``secdilemma.games`` and ``secdilemma.solvers`` serve
on first use (PEP 562 ``__getattr__``) are the objects of their defining modules, are
listed by ``dir()``, agree with the imports written for type checkers, and stay unloaded
by ``import secdilemma`` and a first ``solve_nash`` (what keeps the import light)."""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGES = ("secdilemma", "secdilemma.games", "secdilemma.solvers")


def _type_checking_imports(package: str) -> dict[str, str]:
    """{name: module relative to the package} of the ``if TYPE_CHECKING:`` block."""
    path = SRC.joinpath(*package.split("."), "__init__.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.level == 1
                out.update({alias.name: imp.module for alias in imp.names})
    return out


@pytest.mark.parametrize("package", PACKAGES)
def test_lazy_names_are_the_defining_modules_objects(package):
    mod = importlib.import_module(package)
    assert mod._LAZY, package
    for name, module in mod._LAZY.items():
        defining = importlib.import_module(f"{package}.{module}")
        assert getattr(mod, name) is getattr(defining, name), name
        assert name in dir(mod), name
    for name in mod.__all__:
        assert getattr(mod, name) is not None and name in dir(mod), name


@pytest.mark.parametrize("package", PACKAGES)
def test_lazy_names_match_the_type_checking_imports(package):
    mod = importlib.import_module(package)
    assert _type_checking_imports(package) == dict(mod._LAZY)


@pytest.mark.parametrize("package", PACKAGES)
def test_unknown_name_is_an_attribute_error(package):
    mod = importlib.import_module(package)
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        getattr(mod, "no_such_name")
    assert not hasattr(mod, "no_such_name")


def test_from_imports_of_lazy_names_and_submodules():
    from secdilemma import Automaton, solve, sweep  # noqa: F401
    from secdilemma.games import RepeatedGame, bayesian  # a name and a submodule
    from secdilemma.solvers import cheap_talk, solve_pbe  # noqa: F401

    assert bayesian.BayesianGame is importlib.import_module("secdilemma").BayesianGame
    assert RepeatedGame.__module__ == "secdilemma.games.repeated"
    assert callable(sweep) and callable(solve)


def test_import_and_first_solve_leave_the_lazy_modules_unloaded():
    code = ("import sys, secdilemma as sd; "
            "sd.solve_nash(sd.bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]])); "
            "import secdilemma.games, secdilemma.solvers; "
            "lazy = {f'secdilemma.{m}' for m in sd._LAZY.values()} "
            "| {f'secdilemma.games.{m}' for m in secdilemma.games._LAZY.values()} "
            "| {f'secdilemma.solvers.{m}' for m in secdilemma.solvers._LAZY.values()}; "
            "print(' '.join(m for m in lazy if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    loaded = out.stdout.split()
    assert not loaded, loaded
    # nor the Nash solver's own n-player methods (the QRE solver, the pygambit bridge)
    code = ("import sys, secdilemma as sd; "
            "sd.solve_nash(sd.bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]])); "
            "print(' '.join(m for m in ('secdilemma.solvers.n_player', "
            "'secdilemma.solvers.gambit_backend', 'secdilemma.solvers.qre') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    assert not out.stdout.split(), out.stdout
