"""Every reproduction's figure has a caption that names every legend entry of the figure
(read from the drawn figure: legends of every axes, inset axes and the figure), states
its source, and is printed under the figure in REPORT.md."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib.figure import Figure

from secdilemma import reproduce
from secdilemma.plotting.style import publication_style
from secdilemma.reproduce import captions
from secdilemma.reproduce.registry import _markdown_text


def _all_axes(fig):
    out = []

    def walk(ax):
        out.append(ax)
        for child in ax.child_axes:
            walk(child)

    for ax in fig.axes:
        walk(ax)
    return out


def legend_texts(fig) -> list[str]:
    """Every legend entry of a figure: legends of its axes, their inset axes and the
    figure itself."""
    legends = [ax.get_legend() for ax in _all_axes(fig) if ax.get_legend() is not None]
    legends += list(fig.legends)
    for sub in getattr(fig, "subfigs", []):
        legends += list(sub.legends)
    return [t.get_text() for leg in legends for t in leg.get_texts() if t.get_text()]


@pytest.fixture(scope="module")
def drawn():
    """name -> the figure as ``run`` draws it (no files written)."""
    figs = {}
    for entry in reproduce.ENTRIES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = entry.compute()
        with publication_style():
            fig = Figure(figsize=entry.figsize)
            entry.draw(data, fig.add_subplot())
        figs[entry.name] = fig
    return figs


def test_every_entry_has_a_caption_with_its_source():
    assert set(captions.CAPTIONS) == set(reproduce.names())
    for entry in reproduce.ENTRIES:
        body = captions.CAPTIONS[entry.name]
        assert len(body.split()) >= 25, entry.name
        assert entry.caption.startswith(body), entry.name
        assert f"Source: {entry.source.label} (" in entry.caption, entry.name
        for key in entry.source.refs:
            assert captions.short_citation(key) in entry.caption, (entry.name, key)


def missing_from(caption: str, fig) -> list[str]:
    """The legend entries of ``fig`` that ``caption`` does not name (verbatim)."""
    return [t for t in legend_texts(fig) if t not in caption]


def test_a_verified_part_of_the_source_is_in_the_caption_and_the_report_source():
    entry = reproduce.get("kydd-trust-region")
    assert entry.source.part and entry.source.part in entry.caption
    assert entry.source.part in entry.source.describe()
    unverified = reproduce.get("spiral-belief-path")
    assert unverified.source.part == "" and "()" not in unverified.caption


def test_every_legend_entry_is_named_in_the_caption(drawn):
    missing = {}
    for name, fig in drawn.items():
        absent = missing_from(reproduce.get(name).caption, fig)
        if absent:
            missing[name] = absent
    assert not missing, f"legend entries missing from the caption: {missing}"


def test_the_legend_reader_sees_inset_and_figure_legends(drawn):
    # the sanction-spiral figure keeps its legends in two inset axes; a reader that only
    # looked at fig.axes would find none and the caption test could not fail
    assert {"grim trigger", "WSLS"} <= set(legend_texts(drawn["sanction-spiral-noise"]))
    assert legend_texts(drawn["interdependence-reassurance"])


def test_a_caption_missing_a_legend_entry_is_caught(drawn):
    fig = drawn["stag-hunt-trust-threshold"]
    caption = reproduce.get("stag-hunt-trust-threshold").caption
    assert missing_from(caption, fig) == []
    assert missing_from(caption.replace('"defect (D)"', "defection"), fig) == ["defect (D)"]


def test_report_prints_each_caption_under_its_figure(tmp_path):
    checks = reproduce.run("stag-hunt-trust-threshold", tmp_path)
    report = reproduce.write_report({"stag-hunt-trust-threshold": checks},
                                    tmp_path / "REPORT.md").read_text(encoding="utf-8")
    entry = reproduce.get("stag-hunt-trust-threshold")
    fig_at = report.index("![stag-hunt-trust-threshold](stag-hunt-trust-threshold.png)")
    cap_at = report.index(_markdown_text(entry.caption))
    assert fig_at < cap_at
    assert (tmp_path / "stag-hunt-trust-threshold.png").exists()


def test_markdown_escapes_asterisks_outside_math_only():
    assert _markdown_text("p* and $p^*$") == r"p\* and $p^*$"
