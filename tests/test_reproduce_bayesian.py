"""The Bayesian reproductions: every check passes and the files are written."""

from __future__ import annotations

import numpy as np
import pytest

from secdilemma.reproduce import get, names, run


@pytest.mark.parametrize("name", ["kydd-trust-region", "spiral-belief-path",
                                  "baliga-sjostrom-contagion", "global-game-cutoff"])
def test_checks_pass_and_files_are_written(name, tmp_path):
    assert name in names()
    checks = run(name, tmp_path)
    assert checks and all(c.passed for c in checks), [c for c in checks if not c.passed]
    for ext in ("pdf", "png"):
        assert (tmp_path / f"{name}.{ext}").stat().st_size > 1000


def test_trust_region_data_match_the_closed_form():
    ds = get("kydd-trust-region").compute()
    p1 = ds["trust_1"].values[:, None]
    p2 = ds["trust_2"].values[None, :]
    expected = (p1 >= 0.5) & (p2 >= 0.5)
    assert np.array_equal(ds["cooperation_is_equilibrium"].values, expected)
    np.testing.assert_allclose(ds["max_cooperation_probability"].values,
                               np.where(expected, p1 * p2, 0.0))


def test_a_wrong_number_fails_its_check():
    entry = get("kydd-trust-region")
    ds = entry.compute()
    broken = ds.copy(deep=True)
    broken["max_cooperation_probability"].loc[dict(trust_1=0.6, trust_2=0.6)] = 0.35
    failed = [c for c in entry.check(broken) if not c.passed]
    assert [c.name for c in failed] == ["Pr(CC), best equilibrium at (0.6, 0.6) (sweep)"]


def test_contagion_iterates_are_the_best_response_map():
    ds = get("baliga-sjostrom-contagion").compute()
    # h* = -Delta (1 - F(h*)) with Delta = d - c = 2 and F uniform on [-3, 1]
    br = ds["best_response"].values
    c = ds["cutoff"].values
    np.testing.assert_allclose(br, -2 * (1 - (c + 3) / 4), atol=1e-12)
    top = ds["iterate_from_top"].values
    np.testing.assert_allclose(top[1:], -2 * (1 - (top[:-1] + 3) / 4), atol=1e-12)


def test_global_game_uniform_prior_is_half_the_cost():
    ds = get("global-game-cutoff").compute()
    np.testing.assert_allclose(ds["cutoff_uniform_prior"].values, 0.5)
