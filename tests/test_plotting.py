"""Plotting: regime maps and the trust-threshold diagram draw from data only, return the
Axes, label what they show, and never change Matplotlib's global state."""

from __future__ import annotations

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, QuadMesh
from matplotlib.colors import to_hex

from secdilemma.errors import InvalidParameterError
from secdilemma.plotting import (REGIME_COLORS, categories, publication_style, regime_map,
                                 trust_threshold_plot)

REGIMES = ("harmony", "stag_hunt", "prisoners_dilemma", "chicken", "deadlock", "other")


def offense_defense_dataset(n_theta=41, losses=(1.0, 3.0, 4.0, 6.0)):
    """A dataset shaped like ``sweep(OffenseDefenseModel, ...)``, built from the closed
    form of MODELS.md §1 (V=10, k=1, g=2)."""
    theta = np.arange(n_theta) / (n_theta - 1)
    loss = np.asarray(losses, dtype=float)
    th, L = np.meshgrid(theta, loss, indexing="ij")
    V, k, g = 10.0, 1.0, 2.0
    R, P, T, S = V + 0 * th, V - k + 0 * th, V - k + g * th, V - L * th
    code = np.full(th.shape, REGIMES.index("other"), dtype=np.int8)
    code[(R > T) & (S > P)] = 0
    code[(R > T) & (T >= P) & (P > S)] = 1
    code[(T > R) & (R > P) & (P > S)] = 2
    code[(T > R) & (R > S) & (S > P)] = 3
    with np.errstate(divide="ignore", invalid="ignore"):
        p_star = np.where(code == 1, (P - S) / ((R - T) + (P - S)), np.nan)
    dims = ("offense_advantage", "exploitation_loss")
    return xr.Dataset(
        {
            "regime": (dims, code, {"flag_values": np.arange(len(REGIMES), dtype=np.int8),
                                    "flag_meanings": " ".join(REGIMES)}),
            "trust_threshold": (dims, p_star),
        },
        coords={"offense_advantage": theta, "exploitation_loss": loss},
        attrs={"model": "offense_defense"},
    )


@pytest.fixture
def ds():
    return offense_defense_dataset()


def _rc_snapshot():
    return {k: v for k, v in matplotlib.rcParams.items() if k != "backend"}


def _legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_regime_map_returns_axes_with_human_legend(ds):
    ax = regime_map(ds, x="offense_advantage", y="exploitation_loss")
    assert isinstance(ax, Axes)
    assert _legend_texts(ax) == ["Harmony", "Stag Hunt", "Prisoner's Dilemma", "Chicken",
                                 "Other"]
    assert ax.get_xlabel() == r"offence advantage $\theta$"
    assert ax.get_ylabel() == r"loss if exploited $L$"
    # curves (default): the axes span the swept values; cells: the cells around them
    assert ax.get_xlim() == pytest.approx((0.0, 1.0))
    ax = regime_map(ds, x="offense_advantage", y="exploitation_loss", boundaries="cells")
    assert ax.get_xlim() == pytest.approx((-0.0125, 1.0125))


def test_regime_map_colours_follow_the_regime(ds):
    ax = regime_map(ds, x="offense_advantage", y="exploitation_loss")
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    colours = mesh.cmap(mesh.norm(mesh.get_array().ravel()))
    # cell (row L=4, column theta=0.2) is harmony; (L=4, theta=0.4) stag hunt
    n_theta = ds.sizes["offense_advantage"]
    row = list(ds["exploitation_loss"].values).index(4.0)
    for theta, name in ((0.2, "harmony"), (0.4, "stag_hunt"), (0.6, "prisoners_dilemma")):
        col = int(round(theta * (n_theta - 1)))
        assert to_hex(colours[row * n_theta + col]) == REGIME_COLORS[name].lower()


def test_regime_map_draws_boundaries_as_the_analysis_curves(ds):
    from secdilemma.analysis.threshold import boundaries

    ax = regime_map(ds, x="offense_advantage", y="exploitation_loss")
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(lines) == 1
    drawn = [np.asarray(seg) for seg in lines[0].get_segments()]
    # the curves that boundaries() reports, to within a grid step: every drawn vertex
    # is within one step (in grid units) of a reported curve, and every reported
    # vertex within one step of a drawn one
    expected = [c for curves in boundaries(ds, "regime", "offense_advantage",
                                           "exploitation_loss").values() for c in curves]
    theta = ds["offense_advantage"].values
    loss = ds["exploitation_loss"].values
    step = np.array([theta[1] - theta[0], np.max(np.diff(loss))])
    a = np.vstack(drawn) / step
    b = np.vstack(expected) / step
    dist = np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1])
    assert dist.min(axis=1).max() <= 1.0 and dist.min(axis=0).max() <= 1.0
    # on the grid line L = 4 (the loss axis has 4 points: not smoothed) the curves cross
    # within half a step of the midpoints between neighbouring grid points of different
    # regimes: near k/L = 0.25 and k/g = 0.5
    codes = ds["regime"].sel(exploitation_loss=4.0).values
    change = np.flatnonzero(codes[1:] != codes[:-1])
    midpoints = sorted(((theta[change] + theta[change + 1]) / 2).round(9).tolist())
    at_l4 = sorted({round(float(v[0]), 9) for c in drawn for v in c if v[1] == 4.0})
    assert len(at_l4) == len(midpoints)
    assert np.max(np.abs(np.subtract(at_l4, midpoints))) <= step[0] / 2
    assert min(abs(m - 0.25) for m in at_l4) <= 0.025
    assert min(abs(m - 0.5) for m in at_l4) <= 0.025
    # every region is filled: one filled contour set per category present
    from matplotlib.contour import ContourSet

    fills = [c for c in ax.collections if isinstance(c, ContourSet) and c.filled]
    present = np.unique(ds["regime"].values).tolist()
    assert len(fills) == len(present)
    assert [to_hex(f.get_facecolor()[0]) for f in fills] == \
        [REGIME_COLORS[REGIMES[k]].lower() for k in present]


def test_regime_map_boundaries_option_is_validated(ds):
    with pytest.raises(InvalidParameterError, match=r"regime_map\(\): boundaries must "
                       r"be 'curves', 'cells' or None; got 'smooth'"):
        regime_map(ds, x="offense_advantage", y="exploitation_loss", boundaries="smooth")
    ax = regime_map(ds, x="offense_advantage", y="exploitation_loss", boundaries=None)
    assert not [c for c in ax.collections if isinstance(c, LineCollection)]


def test_regime_map_cell_boundaries_lie_on_cell_edges(ds):
    ax = regime_map(ds, x="offense_advantage", y="exploitation_loss", boundaries="cells")
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(lines) == 1
    segments = lines[0].get_segments()
    # the harmony/stag-hunt/PD boundaries at L=4 lie on cell edges next to k/L=0.25, k/g=0.5
    row = list(ds["exploitation_loss"].values).index(4.0)
    edges = ds["exploitation_loss"].values
    y0 = (edges[row - 1] + edges[row]) / 2
    xs = sorted({round(s[0][0], 6) for s in segments
                 if s[0][0] == s[1][0] and s[0][1] == pytest.approx(y0)})
    assert xs == pytest.approx([0.2375, 0.2625, 0.4875, 0.5125])


def test_regime_map_contours_and_existing_axes(ds):
    from matplotlib.figure import Figure

    fig = Figure()
    ax0 = fig.add_subplot()
    ax = regime_map(ds, "offense_advantage", "exploitation_loss", ax=ax0,
                    contours={"trust_threshold": [0.5, 0.75]})
    assert ax is ax0
    assert _legend_texts(ax)[-1] == r"trust threshold $p^*$"
    labels = sorted(t.get_text() for t in ax.texts)
    assert "0.5" in labels and "0.75" in labels
    fig.canvas.draw()  # renders without error


def test_regime_map_contours_by_name_and_all_nan(ds):
    ds = ds.assign(empty=ds["trust_threshold"] * np.nan)
    ax = regime_map(ds, "offense_advantage", "exploitation_loss",
                    contours=["trust_threshold", "empty"])
    # the all-NaN variable is skipped, the other labelled
    assert _legend_texts(ax)[-1] == r"trust threshold $p^*$"


def test_regime_map_does_not_change_global_state(ds, tmp_path):
    before = _rc_snapshot()
    ax = regime_map(ds, "offense_advantage", "exploitation_loss", contours="trust_threshold")
    with publication_style():
        ax.figure.savefig(tmp_path / "map.png")
        ax.figure.savefig(tmp_path / "map.pdf")
    assert _rc_snapshot() == before
    import matplotlib.pyplot as plt

    assert plt.get_fignums() == []  # no figure registered with pyplot
    assert (tmp_path / "map.png").stat().st_size > 1000
    assert (tmp_path / "map.pdf").read_bytes()[:5] == b"%PDF-"


def test_regime_map_transposed_input_and_extra_length_one_dim(ds):
    ax1 = regime_map(ds, "offense_advantage", "exploitation_loss")
    ds2 = ds.transpose("exploitation_loss", "offense_advantage").expand_dims(arms_cost=[1.0])
    ax2 = regime_map(ds2, "offense_advantage", "exploitation_loss")
    m1 = next(c for c in ax1.collections if isinstance(c, QuadMesh)).get_array()
    m2 = next(c for c in ax2.collections if isinstance(c, QuadMesh)).get_array()
    assert np.array_equal(np.ma.filled(m1, -1), np.ma.filled(m2, -1))


def test_regime_map_errors(ds):
    with pytest.raises(InvalidParameterError, match=r"regime_map\(\): x must be a dimension"):
        regime_map(ds, "theta", "exploitation_loss")
    with pytest.raises(InvalidParameterError, match="'nope' must be a variable"):
        regime_map(ds, "offense_advantage", "exploitation_loss", var="nope")
    big = ds.expand_dims(arms_cost=[1.0, 2.0])
    with pytest.raises(InvalidParameterError, match="dimension 'arms_cost' has size 2"):
        regime_map(big, "offense_advantage", "exploitation_loss")
    bad = ds.copy()
    bad["regime"] = bad["regime"].where(bad["regime"] != 0, 9)
    with pytest.raises(InvalidParameterError, match="one of its flag_values"):
        regime_map(bad, "offense_advantage", "exploitation_loss")


def test_categories_without_flag_attributes():
    da = xr.DataArray([[2, 0], [0, np.nan]], dims=("a", "b"))
    assert categories(da) == [(0, "0"), (2, "2")]
    ds = xr.Dataset({"k": da}, coords={"a": [0, 1], "b": [0, 1]})
    ax = regime_map(ds, "a", "b", var="k")
    assert _legend_texts(ax) == ["0", "2"]


def test_trust_threshold_plot():
    q = np.linspace(0, 1, 11)
    before = _rc_snapshot()
    ax = trust_threshold_plot(q, 4 * q + (1 - q), 3 * q + 2 * (1 - q), threshold=0.5)
    assert _rc_snapshot() == before
    assert isinstance(ax, Axes)
    assert _legend_texts(ax) == ["cooperate (C)", "defect (D)"]
    texts = [t.get_text() for t in ax.texts]
    assert "$p^* = 0.5$" in texts
    assert "C is the best reply" in texts and "D is the best reply" in texts
    vlines = [line for line in ax.lines if list(line.get_xdata()) == [0.5, 0.5]]
    assert len(vlines) == 1
    ax.figure.canvas.draw()


def test_trust_threshold_plot_without_threshold_and_errors():
    q = np.linspace(0, 1, 5)
    ax = trust_threshold_plot(q, q, 1 - q, threshold=None)
    assert [t.get_text() for t in ax.texts] == []
    with pytest.raises(InvalidParameterError, match="1-D arrays of one length"):
        trust_threshold_plot(q, q[:3], q)
    with pytest.raises(InvalidParameterError, match=r"q must lie in \[0, 1\]"):
        trust_threshold_plot(q + 1, q, q)


def test_importing_plotting_does_not_import_matplotlib():
    code = ("import sys, secdilemma.plotting, secdilemma.reproduce, secdilemma.cli; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


FIGURES = ["offense_defense_map", "trust_threshold_diagram", "trust_region_map",
           "belief_path_plot", "cutoff_iteration_plot", "cutoff_noise_plot",
           "critical_discount_plot", "payoff_set_panels", "phase_portrait_panels",
           "trust_path_plot", "interdependence_map", "hedging_map"]


@pytest.mark.parametrize("name", FIGURES)
def test_figure_functions_name_the_missing_variables(name):
    import secdilemma.plotting as plotting

    func = getattr(plotting, name)
    options = {"hedging_map": {"parameters": {"sanction_cost": 1.0}}}.get(name, {})
    with pytest.raises(InvalidParameterError, match=rf"{name}\(\): ds must have the variables"):
        func(xr.Dataset({"unrelated": ("x", [1.0])}), **options)
    with pytest.raises(InvalidParameterError, match=r"ds must be an xarray.Dataset; got dict"):
        func({"q": [0.0]}, **options)


def _hedging_dataset():
    h, ell = np.linspace(0.5, 5.5, 4), np.linspace(0.25, 2.75, 3)
    return xr.Dataset({"regime": (("leakage", "hedging_gain"),
                                  np.add.outer(ell > 1, h > 2).astype(int))},
                      coords={"hedging_gain": h, "leakage": ell})


HEDGING_PARAMETERS = {"alignment_benefit": 2, "restriction_gain": 4, "engagement_gain": 3,
                      "exploitation_loss": 2}


def _vertical_guides(ax):
    return sorted(round(float(line.get_xdata()[0]), 12) for line in ax.get_lines()
                  if line.get_linestyle() == ":" and len(set(line.get_xdata())) == 1)


def test_hedging_map_draws_b_plus_sanction_cost():
    """σ of the guide h = b + σ is the model's sanction_cost (b = 2, σ = 1.5: 2 and 3.5);
    the old keyword noise= still works, with a DeprecationWarning, and must agree."""
    from secdilemma.plotting import hedging_map

    ax = hedging_map(_hedging_dataset(), parameters={**HEDGING_PARAMETERS,
                                                     "sanction_cost": 1.5})
    assert _vertical_guides(ax) == [2.0, 3.5]
    with pytest.warns(DeprecationWarning, match="sanction_cost"):
        ax = hedging_map(_hedging_dataset(), parameters=HEDGING_PARAMETERS, noise=1.5)
    assert _vertical_guides(ax) == [2.0, 3.5]
    with pytest.raises(InvalidParameterError, match="must include sanction_cost"):
        hedging_map(_hedging_dataset(), parameters=HEDGING_PARAMETERS)
    with pytest.warns(DeprecationWarning), pytest.raises(InvalidParameterError,
                                                         match="must equal"):
        hedging_map(_hedging_dataset(), parameters={**HEDGING_PARAMETERS,
                                                    "sanction_cost": 2}, noise=1.5)


def test_region_curves_follow_an_analytic_boundary_without_steps():
    """draw_region_curves on a sampled disc and half-plane: the curves lie within a grid
    step of the true boundary (r = 0.3; y = 0.4 x + 0.1) and turn smoothly (no vertex
    turns by 40° or more, where marching squares on the indicator turns by 45° at
    every step)."""
    from matplotlib.figure import Figure

    from secdilemma.plotting import draw_region_curves

    n = 61
    g = np.linspace(0.0, 1.0, n)
    X, Y = np.meshgrid(g, g)
    step = g[1] - g[0]
    disc = (np.hypot(X - 0.5, Y - 0.5) < 0.3).astype(int)
    ax = Figure().add_subplot()
    curves = draw_region_curves(ax, g, g, disc, ["C0", "C1"])
    pts = np.vstack(curves)
    assert np.abs(np.hypot(pts[:, 0] - 0.5, pts[:, 1] - 0.5) - 0.3).max() <= step
    half = (Y < 0.4 * X + 0.1).astype(int)
    curves = draw_region_curves(Figure().add_subplot(), g, g, half, ["C0", "C1"])
    for c in curves:
        assert np.abs(c[:, 1] - (0.4 * c[:, 0] + 0.1)).max() <= step
        d = np.diff(c, axis=0)
        d = d[np.hypot(*d.T) > 1e-12]
        turn = np.abs((np.diff(np.arctan2(d[:, 1], d[:, 0])) + np.pi) % (2 * np.pi) - np.pi)
        assert turn.max() < np.radians(40)


def test_reassurance_region_map_names_a_missing_threshold():
    import xarray as xr

    from secdilemma.errors import InvalidParameterError
    from secdilemma.plotting.signaling import reassurance_region_map

    k, mu = np.linspace(0.1, 3.9, 5), np.linspace(0.05, 0.95, 4)
    region = np.zeros((4, 5), dtype=int)
    ds = xr.Dataset({"region": (("trust", "gesture_cost"), region)},
                    coords={"gesture_cost": k, "trust": mu})
    with pytest.raises(InvalidParameterError, match="threshold_exact"):
        reassurance_region_map(ds, labels=["a"], colors=["#E69F00"])
