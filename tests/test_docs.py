"""Every code example in the docstrings, the README and docs/ runs, and prints what the
page says it prints.

Docstrings are doctests. In the Markdown pages a Python block (```` ```python ````, or the
``.. plot::`` directive in an ```` ```{eval-rst} ```` block, which the gallery uses to run
its code in the documentation build) that prints something is followed by
its output: a ```` ```text ```` block directly after it (blank lines, or one line
"which prints", in between). The output is compared with what the block printed as
doctest compares (``...`` matches anything, runs of whitespace are equal), and a block
that prints without a written output, or a written output the block does not print,
fails, naming the page and the line. Figures a page leaves open in pyplot (the gallery's)
are checked against the figure rules of ``tests/test_figure_rules.py``.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import pkgutil
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

import secdilemma

ROOT = Path(__file__).resolve().parents[1]
MARKDOWN = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


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
    result = doctest.testmod(module, optionflags=OPTIONS, verbose=False)
    assert result.failed == 0, f"{result.failed} doctest failures in {name}"


@dataclass
class Block:
    """One executed code block of a page and the output written after it."""

    code: str
    line: int                   # line of the opening fence (1-based)
    expected: str | None        # the output block's text, None if the page shows none
    expected_line: int | None


_FENCE = re.compile(r"^(`{3,})(python|\{eval-rst\})[ \t]*\n(.*?)^\1[ \t]*$", re.S | re.M)
_OUTPUT = re.compile(r"(?:[ \t]*\n|(?:which|it) prints:?[ \t]*\n)*"
                     r"(`{3,})text[ \t]*\n(.*?)^\1[ \t]*$", re.S | re.M | re.I)


def _plot_code(body: str) -> str | None:
    """The code of an ``{eval-rst}`` block holding one ``.. plot::`` directive (its option
    lines dropped, dedented), or None for any other reStructuredText block."""
    lines = body.splitlines(keepends=True)
    if not lines or lines[0].strip() != ".. plot::":
        return None
    lines.pop(0)
    while lines and re.match(r"^\s+:[\w-]+:", lines[0]):
        lines.pop(0)
    return textwrap.dedent("".join(lines)).lstrip("\n")


def _blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    out = []
    for m in _FENCE.finditer(text):
        code = m.group(3)
        if m.group(2) == "{eval-rst}":
            code = _plot_code(code)
            if code is None:
                continue
        line = text.count("\n", 0, m.start()) + 1
        after = _OUTPUT.match(text, m.end() + 1)
        expected = expected_line = None
        if after:
            expected = after.group(2)
            expected_line = text.count("\n", 0, after.start(1)) + 1
        out.append(Block(code, line, expected, expected_line))
    return out


def _python_blocks(path: Path) -> list[str]:
    return [b.code for b in _blocks(path)]


def _check_output(page: str, block: Block, printed: str) -> None:
    """Fail, naming page and line, unless ``printed`` is the output the page shows."""
    where = f"{page}:{block.line}"
    if block.expected is None:
        assert not printed.strip(), (
            f"{where}: the block prints, but the page shows no output block "
            f"(a ```text block right after it); it printed:\n{printed}")
        return
    checker = doctest.OutputChecker()
    if not checker.check_output(block.expected, printed, OPTIONS):
        example = doctest.Example(source="", want=block.expected)
        diff = checker.output_difference(example, printed, OPTIONS)
        pytest.fail(f"{where}: the output written at {page}:{block.expected_line} is not "
                    f"what the block prints.\n{diff}", pytrace=False)


def _check_figures(page: str) -> None:
    """The figure rules on every figure the page left open in pyplot (then closed)."""
    import matplotlib.pyplot as plt

    import test_figure_rules as rules

    try:
        for num in plt.get_fignums():
            fig = plt.figure(num)
            fig.canvas.draw()
            problems = _figure_problems(rules, fig)
            assert not problems, f"{page}: figure {num} breaks the figure rules: {problems}"
    finally:
        plt.close("all")


def _figure_problems(rules, fig) -> list[str]:
    """The rules of ``test_figure_rules`` (legend = drawn artists, no text outside the
    figure or its clip box, regions told apart by more than colour) applied to ``fig``."""
    problems = []
    artists = rules._fig_artists(fig)
    legends = rules._legends(fig)
    for leg in legends:
        for handle, text in zip(leg.legend_handles, leg.get_texts()):
            if not rules._handle_matches(handle, artists):
                problems.append(f"legend entry {text.get_text()!r} matches no drawn artist")
    texts = {t.get_text() for leg in legends for t in leg.get_texts()}
    for a in artists:
        label = a.get_label()
        if label and not label.startswith("_") and label not in texts:
            problems.append(f"labelled artist {label!r} is in no legend")
    renderer = fig.canvas.get_renderer()
    for t in rules._texts(fig):
        ext = t.get_window_extent(renderer)
        if ext.width == 0 and ext.height == 0:
            continue
        if not rules._inside(ext, fig.bbox):
            problems.append(f"text {t.get_text()!r} outside the figure")
        elif t.get_clip_on() and t.get_clip_box() is not None and \
                not rules._inside(ext, t.get_clip_box()):
            problems.append(f"text {t.get_text()!r} clipped by the axes")
    for ax in rules._all_axes(fig):
        if not rules._is_region_map(ax):
            continue
        plain = set()
        for a in rules._filled_regions(ax):
            hatch = a.get_hatch() if hasattr(a, "get_hatch") else None
            if isinstance(a, rules.ContourSet):
                hatch = any(a.hatches or [])
            if hatch or rules._region_has_direct_label(ax, a, renderer):
                continue
            plain.add(rules.to_hex_(rules.np.atleast_2d(a.get_facecolor())[0]))
        if len(plain) > 1:  # one plain region (the background) is allowed
            problems.append(f"regions told apart by colour alone: {sorted(plain)}")
    return problems


@pytest.mark.parametrize("path", MARKDOWN, ids=[str(p.relative_to(ROOT)) for p in MARKDOWN])
def test_markdown_examples(path, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close("all")
    page = str(path.relative_to(ROOT))
    namespace: dict = {"__name__": "__main__"}
    for block in _blocks(path):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            # dont_inherit: the blocks must not inherit this module's __future__ imports
            exec(compile(block.code, f"{page}:{block.line}", "exec",  # noqa: S102
                         dont_inherit=True), namespace)
        _check_output(page, block, buffer.getvalue())
    _check_figures(page)


def test_output_blocks_are_parsed_and_compared():
    """The checker itself: a right output passes, a wrong or missing one fails."""
    page = "```python\nprint(round(0.1 + 0.2, 2))\n```\n\n```text\n0.3\n```\n"
    path = ROOT / "tests" / "__never_written__.md"
    text = page
    blocks = []
    for m in _FENCE.finditer(text):
        after = _OUTPUT.match(text, m.end() + 1)
        blocks.append(Block(m.group(3), 1, after.group(2) if after else None, 5))
    assert len(blocks) == 1 and blocks[0].expected == "0.3\n"
    _check_output(str(path), blocks[0], "0.3\n")
    with pytest.raises(pytest.fail.Exception, match="not what the block prints"):
        _check_output("page.md", blocks[0], "0.30000000000000004\n")
    with pytest.raises(AssertionError, match="page.md:1: the block prints"):
        _check_output("page.md", Block("", 1, None, None), "0.3\n")
    with pytest.raises(pytest.fail.Exception):
        _check_output("page.md", blocks[0], "")


def test_every_doc_page_is_checked():
    assert len(MARKDOWN) >= 8
    assert sum(len(_blocks(p)) for p in MARKDOWN) >= 10
    written = sum(b.expected is not None for p in MARKDOWN for b in _blocks(p))
    assert written >= 20, "pages must show (and so check) what their examples print"


def test_figure_rules_are_applied_to_page_figures():
    """The checker itself: a page figure that breaks a rule is reported."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import test_figure_rules as rules

    fig, ax = plt.subplots()
    try:
        ax.plot([0, 1], [0, 1], label="drawn, but in no legend")
        ax.text(5, 5, "far outside")
        fig.canvas.draw()
        problems = _figure_problems(rules, fig)
        assert any("in no legend" in p for p in problems), problems
        assert any("far outside" in p for p in problems), problems
        ax.legend()
        fig.texts.clear()
        ax.texts[0].remove()
        fig.canvas.draw()
        assert _figure_problems(rules, fig) == []
    finally:
        plt.close(fig)
