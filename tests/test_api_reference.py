"""Every public module and every public name is on an API reference page.

The reference pages (``docs/reference/*.md``) document the package by autodoc directives
(``automodule``, ``autofunction``, ``autoclass``, ``autodata``, ...). This test reads
those directives, imports what they name, and checks against the package itself:

- every public module (no ``_`` in its dotted path) is named on a page, by an
  ``automodule`` directive or by a directive for one of its names;
- every name in a public module's ``__all__`` is documented somewhere: a directive
  names it (under this module or wherever it is re-exported: the same object), or an
  ``automodule`` directive with ``:members:`` names its module (autodoc then documents
  the names in ``__all__``);
- every directive names something that exists (a renamed function leaves no dead
  entry).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import secdilemma

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference"
DIRECTIVE = re.compile(
    r"^\.\. auto(module|function|class|data|attribute|exception|method|decorator)::\s*(\S+)",
    re.MULTILINE)
# modules documented otherwise than by autodoc (none at present)
NOT_AUTODOC: set = set()


def _directives():
    """(kind, target, has_members) of every autodoc directive on the reference pages."""
    out = []
    for page in sorted(REFERENCE.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for m in DIRECTIVE.finditer(text):
            after = text[m.end():].splitlines()[1:6]
            options = []
            for line in after:
                if line.startswith("   :"):
                    options.append(line.strip())
                else:
                    break
            out.append((m.group(1), m.group(2), any(o.startswith(":members:")
                                                    for o in options), page.name))
    return out


def _resolve(target, kind="module"):
    """The object a dotted directive target names: a module (``automodule``), or, as
    autodoc reads the other directives, an attribute path under the longest importable
    module prefix short of the last component (``secdilemma.analysis.sweep`` under
    ``autofunction`` is the function, not the module of that name)."""
    parts = target.split(".")
    if kind == "module":
        return importlib.import_module(target)
    for i in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(target)


def public_modules():
    """Every importable module of the package with no ``_``-prefixed component."""
    names = ["secdilemma"]
    for info in pkgutil.walk_packages(secdilemma.__path__, "secdilemma."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        names.append(info.name)
    return sorted(n for n in names if n not in NOT_AUTODOC)


DIRECTIVES = _directives()


def _documented():
    """(ids of documented objects, names of modules named on a page)."""
    objects, modules = set(), set()
    for kind, target, members, _ in DIRECTIVES:
        obj = _resolve(target, kind)
        objects.add(id(obj))
        if kind == "module":
            modules.add(target)
            if members:
                for name in getattr(obj, "__all__", []):
                    objects.add(id(getattr(obj, name)))
        else:
            modules.add(target.rsplit(".", 1)[0])
            owner = getattr(obj, "__module__", None)
            if owner:
                modules.add(owner)
    return objects, modules


def test_every_directive_names_something_that_exists():
    dead = []
    for kind, target, _, page in DIRECTIVES:
        try:
            _resolve(target, kind)
        except (ImportError, AttributeError):
            dead.append(f"{page}: auto{kind}:: {target}")
    assert not dead, f"directives naming nothing: {dead}"


def test_the_scan_finds_the_pages_directives():
    # the directive reader itself: it must see the pages' known entries
    targets = {t for _, t, _, _ in DIRECTIVES}
    assert {"secdilemma.solve", "secdilemma.errors",
            "secdilemma.plotting.regime_map"} <= targets
    assert any(k == "module" and m for k, _, m, _ in DIRECTIVES)


@pytest.mark.parametrize("module", public_modules())
def test_public_module_is_on_a_reference_page(module):
    objects, modules = _documented()
    mod = importlib.import_module(module)
    names = [n for n in getattr(mod, "__all__", []) if not n.startswith("__")]
    on_page = module in modules or any(
        id(getattr(mod, n)) in objects and getattr(getattr(mod, n), "__module__", None)
        == module for n in names)
    assert on_page, (f"{module} is not on any docs/reference page: add an automodule "
                     f"directive or directives for its names")
    missing = [n for n in names if id(getattr(mod, n)) not in objects]
    assert not missing, (f"{module}.__all__ names not documented on any docs/reference "
                         f"page: {missing}")
