"""The gallery (docs/gallery/): one page per mechanism, each a question, a sweep run in
the documentation build, the numbers it prints written under it, a figure, and what the
model leaves out.

Running the code and comparing the printed numbers and the figure rules is
``tests/test_docs.py``'s job (it treats the gallery like every page); this file checks
the shape of the pages, so that a page cannot drop the part that makes it an answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_docs import _blocks

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "docs" / "gallery"
PAGES = sorted(p for p in GALLERY.glob("*.md") if p.name != "index.md")

#: The mechanisms the gallery must cover (page stem: what it is about).
MECHANISMS = {
    "spiral": "Richardson's arms race and contagion",
    "trust": "uncertainty about intentions (Kydd)",
    "cheap-talk": "cheap talk",
    "reassurance": "costly reassurance",
    "repeated-noise": "repeated interaction with noise",
    "interdependence": "technological interdependence",
    "third-states": "third states",
    "offense-defense": "offence-defence (Jervis)",
    "changing-intentions": "changing intentions",
    "power-shifts": "power shifts and prevention",
    "four-worlds": "distinguishability (Jervis's four worlds)",
    "noisy-spiral": "spirals between security seekers under misperception",
    "monitoring": "imperfect monitoring (Green-Porter)",
    "arms-talk": "arms talk with continuous types",
}


def test_every_mechanism_has_a_page_in_the_gallery_index():
    assert {p.stem for p in PAGES} == set(MECHANISMS)
    index = (GALLERY / "index.md").read_text(encoding="utf-8")
    toctree = index.split("```{toctree}")[1]
    for stem in MECHANISMS:
        assert f"]({stem}.md)" in index, f"gallery/index.md does not link {stem}.md"
        assert re.search(rf"^{re.escape(stem)}$", toctree, re.M), f"{stem} not in the toctree"
    assert "gallery/index.md" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_is_a_question_a_run_and_an_answer(page):
    text = page.read_text(encoding="utf-8")
    name = page.relative_to(ROOT)
    for part in ("**The question.**", "**The answer.**", "**What the model leaves out.**"):
        assert part in text, f"{name}: no {part} paragraph"
    assert text.index("**The question.**") < text.index(".. plot::") < \
        text.index("**The answer.**"), f"{name}: question, code, answer out of order"
    blocks = _blocks(page)
    plots = [b for b in blocks if "plt.subplots" in b.code]
    assert len(plots) == 1, f"{name}: one executed plot block expected"
    assert plots[0].expected, f"{name}: the printed numbers are not written under the code"
    assert "sweep(" in plots[0].code or ".evaluate(" in plots[0].code, \
        f"{name}: the answer does not come from a sweep"
