"""Reproductions: the data each entry computes, its checks (exactly), and the files that
``run`` / ``run_all`` write."""

from __future__ import annotations

from fractions import Fraction

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import xarray as xr

from secdilemma import reproduce
from secdilemma.errors import InvalidParameterError
from secdilemma.reproduce import Check, Reproduction, run, run_all
from secdilemma.reproduce import registry as registry_module
from secdilemma.reproduce.jervis import (check_offense_defense, check_stag_hunt,
                                         compute_offense_defense, compute_stag_hunt)

REGIMES = ("harmony", "stag_hunt", "prisoners_dilemma", "chicken", "deadlock", "other")


@pytest.fixture(scope="module")
def offense_defense():
    return compute_offense_defense()


@pytest.fixture(scope="module")
def stag_hunt_data():
    return compute_stag_hunt()


def test_registry_lists_the_entries_with_citations():
    assert reproduce.names()[:2] == ["jervis-offense-defense", "stag-hunt-trust-threshold"]
    assert len(set(reproduce.names())) == len(reproduce.names())
    bib = (registry_module.Path(__file__).resolve().parents[1] / "docs" /
           "references.bib").read_text()
    for name in reproduce.names():
        entry = reproduce.get(name)
        assert entry.title and entry.citation
        for key in entry.citation.split(","):
            assert "{" + key.strip() + "," in bib, key


def test_unknown_name_and_static_registry():
    with pytest.raises(InvalidParameterError, match=r"get\(\): name must be one of"):
        reproduce.get("nope")
    # the registry is the static list of entries, in order; nothing registers at import
    assert tuple(reproduce.REGISTRY.values()) == reproduce.ENTRIES
    assert [e.name for e in reproduce.ENTRIES] == reproduce.names()
    assert not hasattr(reproduce, "register")


def test_every_figure_is_a_plotting_function():
    """reproduce/ computes and checks; its figures are named functions of plotting/."""
    import functools

    import secdilemma.plotting as plotting

    for entry in reproduce.ENTRIES:
        draw = entry.draw.func if isinstance(entry.draw, functools.partial) else entry.draw
        assert draw.__module__.startswith("secdilemma.plotting."), entry.name
        assert getattr(plotting, draw.__name__) is draw, entry.name


def test_check_compare():
    assert Check.compare("x", Fraction(1, 2), Fraction(1, 2)).passed
    assert not Check.compare("x", 0.5 + 1e-15, 0.5).passed  # tol 0 means exact
    assert Check.compare("x", 0.5 + 1e-15, 0.5, tol=1e-12).passed
    assert not Check.compare("x", float("nan"), 0.5, tol=1.0).passed
    assert not Check.compare("x", "stag_hunt", "harmony").passed
    assert Check.compare("x", False, False).passed  # bools compare by equality
    with pytest.raises(InvalidParameterError, match="tol must be >= 0"):
        Check.compare("x", 1, 1, tol=-1)


# ----------------------------------------------------------------- offence-defence map
def test_offense_defense_data(offense_defense):
    ds = offense_defense
    assert list(ds["regime"].dims) == ["offense_advantage", "exploitation_loss"]
    assert ds.sizes == {"offense_advantage": 801, "exploitation_loss": 601}
    assert ds["regime"].attrs["flag_meanings"].split() == list(REGIMES)
    assert ds.attrs["model"] == "offense_defense"
    code = ds["regime"].sel(exploitation_loss=4.0)
    theta = ds["offense_advantage"].values
    names = np.array(REGIMES, dtype=object)[code.values.astype(int)]
    # MODELS.md §1 closed form: harmony below k/L = 1/4, stag hunt to k/g = 1/2, then PD
    assert set(names[theta < 0.25]) == {"harmony"}
    assert set(names[(theta > 0.25) & (theta < 0.5)]) == {"stag_hunt"}
    assert set(names[theta > 0.5]) == {"prisoners_dilemma"}
    p = ds["trust_threshold"].sel(exploitation_loss=4.0, offense_advantage=0.4).item()
    assert p == pytest.approx(0.75, abs=1e-12)


def test_offense_defense_checks(offense_defense):
    checks = check_offense_defense(offense_defense)
    assert all(c.passed for c in checks), [c for c in checks if not c.passed]
    by_name = {c.name: c for c in checks}
    assert by_name["regime at theta=0.4, L=4 (sweep)"].computed == "stag_hunt"
    assert by_name["p* at theta=2/5, L=4 (model, exact)"].computed == Fraction(3, 4)
    assert by_name["harmony/stag hunt boundary at L=4: theta = k/L"].computed == 0.25
    assert by_name["stag hunt/PD boundary at L=4: theta = k/g"].computed == 0.5
    assert len(checks) == 10


def test_offense_defense_checks_catch_a_wrong_map(offense_defense):
    wrong = offense_defense.copy(deep=True)
    wrong["regime"].loc[{"offense_advantage": 0.4, "exploitation_loss": 4.0}] = 0
    failed = [c.name for c in check_offense_defense(wrong) if not c.passed]
    assert failed == ["regime at theta=0.4, L=4 (sweep)"]


# ----------------------------------------------------------------- stag hunt
def test_stag_hunt_data(stag_hunt_data):
    ds = stag_hunt_data
    q = ds["q"].values
    assert q[0] == 0 and q[-1] == 1 and q.size == 101
    np.testing.assert_allclose(ds["payoff_cooperate"].values, 4 * q + 1 * (1 - q), atol=1e-15)
    np.testing.assert_allclose(ds["payoff_defect"].values, 3 * q + 2 * (1 - q), atol=1e-15)
    assert ds.attrs["trust_threshold_exact"] == "1/2"
    assert ds.attrs["mixed_cooperation_probability_1"] == "1/2"
    assert ds.attrs["num_equilibria"] == 3
    assert ds.attrs["nash_product_cc"] == ds.attrs["nash_product_dd"] == "1"


def test_stag_hunt_checks(stag_hunt_data):
    checks = check_stag_hunt(stag_hunt_data)
    assert [c.passed for c in checks] == [True] * 14
    mixed = [c for c in checks if c.name.startswith("mixed equilibrium")]
    assert [c.computed for c in mixed] == [Fraction(1, 2), Fraction(1, 2)]
    assert all(isinstance(c.computed, Fraction) and c.tol == 0 for c in mixed)


# ----------------------------------------------------------------- files
def test_run_writes_figures_and_data(tmp_path):
    checks = run("stag-hunt-trust-threshold", tmp_path / "out")
    out = tmp_path / "out"
    assert all(c.passed for c in checks)
    assert (out / "stag-hunt-trust-threshold.pdf").read_bytes()[:5] == b"%PDF-"
    assert (out / "stag-hunt-trust-threshold.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    back = xr.open_dataset(out / "stag-hunt-trust-threshold.nc").load()  # the engine is read from the file
    np.testing.assert_array_equal(back["payoff_cooperate"].values,
                                  compute_stag_hunt()["payoff_cooperate"].values)
    assert back.attrs["trust_threshold_exact"] == "1/2"


def test_run_falls_back_to_csv(tmp_path, monkeypatch):
    monkeypatch.setattr(registry_module, "netcdf_engine", lambda: None)
    run("stag-hunt-trust-threshold", tmp_path)
    csv = (tmp_path / "stag-hunt-trust-threshold.csv").read_text().splitlines()
    assert csv[0] == "q,payoff_cooperate,payoff_defect"
    assert len(csv) == 102
    assert not (tmp_path / "stag-hunt-trust-threshold.nc").exists()


def test_run_all_writes_report(tmp_path):
    results = run_all(tmp_path)
    assert list(results) == reproduce.names()
    for name in results:
        for ext in ("pdf", "png", "nc"):
            assert (tmp_path / f"{name}.{ext}").exists()
    report = (tmp_path / "REPORT.md").read_text()
    n = sum(len(c) for c in results.values())
    assert f"{n} of {n} checks passed" in report
    assert "| p* at theta=2/5, L=4 (model, exact) | 3/4 | 3/4 | 0 | PASS |" in report
    assert "| mixed equilibrium: Pr(C) of state 1 (exact) | 1/2 | 1/2 | 0 | PASS |" in report
    assert report.count("| PASS |") == n
    # the swept data round-trips through NetCDF with its flags
    back = xr.open_dataset(tmp_path / "jervis-offense-defense.nc").load()  # the engine is read from the file
    assert back["regime"].attrs["flag_meanings"].split() == list(REGIMES)
    assert back.sizes["offense_advantage"] == 801


def _failing_entry():
    def compute():
        return {"x": np.arange(3.0)}

    def check(data):
        return [Check.compare("wrong on purpose", float(data["x"].sum()), 4.0, tol=0.5)]

    def draw(data, ax):
        ax.plot(data["x"])
        return ax

    return Reproduction(name="failing", title="A failing entry", citation="nash1951",
                        compute=compute, check=check, draw=draw)


def test_failing_check_is_reported(tmp_path, monkeypatch):
    monkeypatch.setitem(registry_module.REGISTRY, "failing", _failing_entry())
    results = run_all(tmp_path, names=["failing"])
    assert [c.passed for c in results["failing"]] == [False]
    report = (tmp_path / "REPORT.md").read_text()
    assert "0 of 1 checks passed" in report
    assert "| wrong on purpose | 3.0 | 4.0 | 0.5 | **FAIL** |" in report
    assert (tmp_path / "failing.nc").exists()  # a dict of arrays is written too


# ----------------------------------------------------------------- sources, provenance, CLI

def test_every_entry_has_a_source_with_full_citations():
    from secdilemma.reproduce.sources import CITATIONS, KINDS, SOURCES, Source

    bib = (registry_module.Path(__file__).resolve().parents[1] / "docs" /
           "references.bib").read_text()
    assert set(SOURCES) == set(reproduce.names())
    for entry in reproduce.ENTRIES:
        src = entry.source
        assert isinstance(src, Source), entry.name
        assert src.label in KINDS and src.element, entry.name
        # the source's references are the entry's cited keys, with full citations
        assert set(src.refs) == {k.strip() for k in entry.citation.split(",")}, entry.name
        for key in src.refs:
            assert "{" + key + "," in bib and CITATIONS[key] in src.describe()
        # an entry whose title says "our formalisation" is never presented as published
        if "formalisation" in entry.title:
            assert src.label == "derived", entry.name
    with pytest.raises(InvalidParameterError, match=r"Source\(\): kind must be one of"):
        Source("guessed", ("nash1951",), "x")
    with pytest.raises(InvalidParameterError, match="refs must be keys of CITATIONS"):
        Source("derived", ("nosuchkey",), "x")


def test_bib_titles_match_the_full_citations():
    """Each full citation carries its BibTeX entry's year and the title's first word."""
    import re

    from secdilemma.reproduce.sources import CITATIONS

    bib = (registry_module.Path(__file__).resolve().parents[1] / "docs" /
           "references.bib").read_text()
    for key, text in CITATIONS.items():
        block = bib[bib.index("{" + key + ","):]
        block = block[:block.index("\n}")]
        year = re.search(r"year\s*=\s*\{(\d{4})\}", block).group(1)
        title = re.search(r"title\s*=\s*\{(.+)\},?\n", block).group(1)
        first = re.sub(r"[{}]", "", title).split()[0]
        assert f"({year})" in text and first in text, key


def test_report_records_provenance_and_sources(tmp_path):
    import platform

    results = run_all(tmp_path, names=["stag-hunt-trust-threshold"])
    report = (tmp_path / "REPORT.md").read_text()
    info = reproduce.provenance()
    for field in ("secdilemma", "git commit", "python", "numpy", "scipy", "matplotlib",
                  "xarray", "date", "platform"):
        assert f"| {field} | " in report, field
    assert f"| python | {platform.python_version()} |" in report
    assert f"| numpy | {np.__version__} |" in report
    assert f"| xarray | {xr.__version__} |" in report
    commit = info["git commit"]
    assert commit == "unknown" or len(commit.split()[0]) == 40
    n = len(results["stag-hunt-trust-threshold"])
    assert f"| stag-hunt-trust-threshold | derived | {n}/{n} | " in report
    assert "Wall time: " in report and "Source: derived" in report
    assert "Harsanyi, J. C. and Selten, R. (1988)" in report


def test_git_commit_outside_a_checkout_is_unknown(monkeypatch):
    import subprocess

    def no_git(*args, **kwargs):
        raise FileNotFoundError("git")

    monkeypatch.setattr(subprocess, "run", no_git)
    assert registry_module._git_commit() == "unknown"


def test_cli_prints_one_line_per_reproduction(tmp_path, capsys, monkeypatch):
    from secdilemma.cli import main

    monkeypatch.setitem(registry_module.REGISTRY, "failing", _failing_entry())
    code = main(["reproduce", "stag-hunt-trust-threshold", "--out", str(tmp_path)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    n = len(check_stag_hunt(compute_stag_hunt()))
    line = [ln for ln in out if ln.startswith("stag-hunt-trust-threshold")]
    assert len(line) == 1 and f"{n}/{n}" in line[0] and " s " in line[0]
    assert line[0].split()[-1] == "ok"
    assert not any("| PASS" in ln or "computed" in ln for ln in out)  # no check table
    assert out[-1].startswith(f"1 reproductions, {n} of {n} checks passed")
    # a failing check: its line says FAILED, the failed check is listed, exit code 1
    assert main(["reproduce", "failing", "--out", str(tmp_path / "f")]) == 1
    out = capsys.readouterr().out
    assert "failing  " in out and "0/1" in out and "FAILED" in out
    assert "failing: wrong on purpose: computed 3.0, expected 4.0" in out
    # --verbose adds the table of every check
    assert main(["reproduce", "stag-hunt-trust-threshold", "--out", str(tmp_path),
                 "--force", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "reproduction" in out and "computed" in out and "PASS" in out


def test_list_shows_the_source_kind(capsys):
    from secdilemma.cli import main

    assert main(["reproduce", "--list"]) == 0
    out = capsys.readouterr().out
    row = [ln for ln in out.splitlines() if ln.startswith("interdependence-reassurance")][0]
    assert row.split()[1] == "derived"
    row = [ln for ln in out.splitlines() if ln.startswith("kydd-trust-region")][0]
    assert row.split()[1] == "model"


def test_howto_lists_every_reproduction_with_its_source():
    doc = (registry_module.Path(__file__).resolve().parents[1] / "docs" / "how-to" /
           "reproduce-a-figure.md").read_text()
    for entry in reproduce.ENTRIES:
        row = [ln for ln in doc.splitlines() if ln.startswith(f"| `{entry.name}` |")]
        assert len(row) == 1, entry.name
        cells = [c.strip() for c in row[0].strip("|").split("|")]
        assert cells[1] == entry.source.label and cells[2] == entry.source.element
        assert cells[3] == (entry.source.part or "—"), entry.name
    # the caption example prints what the page says it prints
    shown = doc.split('caption = get("stag-hunt-trust-threshold").caption')[1]
    shown = shown.split("```text\n")[1].split("\n```")[0]
    assert shown == reproduce.get("stag-hunt-trust-threshold").caption.split(". ")[0]


def test_run_all_in_parallel_gives_the_same_results_and_report(tmp_path):
    """jobs=2 runs each reproduction in its own process: the same checks, in the order
    asked, the same REPORT.md rows, and every file written."""
    from secdilemma.reproduce import run_all

    chosen = ["stag-hunt-trust-threshold", "spiral-belief-path", "fearon-risk-return"]
    one = run_all(tmp_path / "one", names=chosen)
    two = run_all(tmp_path / "two", names=chosen, jobs=2)
    assert list(two) == chosen
    for name in chosen:
        assert [(c.name, c.passed) for c in one[name]] == [(c.name, c.passed)
                                                           for c in two[name]]
        for ext in ("png", "pdf"):
            assert (tmp_path / "two" / f"{name}.{ext}").exists()
    report = (tmp_path / "two" / "REPORT.md").read_text()
    assert all(name in report for name in chosen)


def test_run_all_refuses_a_bad_jobs_value(tmp_path):
    from secdilemma.errors import InvalidParameterError
    from secdilemma.reproduce import run_all

    with pytest.raises(InvalidParameterError, match=r"run_all\(\): jobs must be"):
        run_all(tmp_path, names=["spiral-belief-path"], jobs=0)
