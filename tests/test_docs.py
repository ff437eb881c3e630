"""Every code example in the docstrings, the README and docs/ runs and holds."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import secdilemma

ROOT = Path(__file__).resolve().parents[1]
MARKDOWN = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _module_names():
    names = ["secdilemma"]
    for info in pkgutil.walk_packages(secdilemma.__path__, prefix="secdilemma."):
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _module_names())
def test_docstring_examples(name, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    import matplotlib

    matplotlib.use("Agg")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             verbose=False)
    assert result.failed == 0, f"{result.failed} doctest failures in {name}"


def _python_blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


@pytest.mark.parametrize("path", MARKDOWN, ids=[str(p.relative_to(ROOT)) for p in MARKDOWN])
def test_markdown_examples(path, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    import matplotlib

    matplotlib.use("Agg")
    namespace: dict = {"__name__": "__main__"}
    for block in _python_blocks(path):
        # dont_inherit: the blocks must not inherit this module's __future__ imports
        exec(compile(block, str(path), "exec", dont_inherit=True),  # noqa: S102
             namespace)


def test_every_doc_page_is_checked():
    assert len(MARKDOWN) >= 8
    assert sum(len(_python_blocks(p)) for p in MARKDOWN) >= 10
