"""Reproductions of repeated interaction and arms races: every check passes, the checks
can fail, and ``run`` writes the figure and the data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

import secdilemma.reproduce.repeated as repeated  # registers the entries
from secdilemma import reproduce
from secdilemma.reproduce import registry as registry_module

NAMES = ("critical-discount-factors", "abreu-sannikov-payoff-sets", "richardson-arms-race")


def test_entries_are_registered_with_known_citations():
    bib = (registry_module.Path(__file__).resolve().parents[1] / "docs" /
           "references.bib").read_text()
    for name in NAMES:
        entry = reproduce.get(name)
        assert entry.title
        for key in entry.citation.split(","):
            assert "{" + key.strip() + "," in bib, key


@pytest.mark.parametrize("name", NAMES)
def test_run_passes_every_check_and_writes_files(name, tmp_path):
    checks = reproduce.run(name, tmp_path)
    assert len(checks) >= 5
    failed = [(c.name, c.computed, c.expected) for c in checks if not c.passed]
    assert not failed
    for suffix in (".pdf", ".png"):
        assert (tmp_path / f"{name}{suffix}").stat().st_size > 1000
    data = [p for p in tmp_path.iterdir() if p.suffix in (".nc", ".csv")]
    assert [p.stem for p in data] == [name]


def test_checks_can_fail():
    ds = repeated.compute_richardson()
    assert all(c.passed for c in repeated.check_richardson(ds))
    bad = ds.copy()
    bad.attrs = dict(ds.attrs, equilibrium_0="2,3")
    assert not all(c.passed for c in repeated.check_richardson(bad))
    ps = repeated.compute_payoff_sets()
    wrong = ps.copy(deep=True)
    wrong["vertices"].values[0, -1, 1, 0] = 9.7  # move (9.75, 3) at δ = 0.9
    results = {c.name: c.passed for c in repeated.check_payoff_sets(wrong)}
    assert not results[[n for n in results if n.startswith("PD δ = 0.9")][0]]

