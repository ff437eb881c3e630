"""Misperception and channels: the spiral between two security seekers from noisy
reports (with and without a verification hotline), Jervis's four worlds, and the
arms-race probability with and without talk.

The figures take datasets and never call a solver. Curves are broken (not joined by
vertical segments) where an integer quantity jumps, so a jump is shown as a jump.

References
----------
.. [1] Kydd, A. (1997). Game theory and the spiral model. *World Politics* 49(3),
   371-400.
.. [2] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
.. [3] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
   Economic Studies* 71(2), 351-369.
"""

from __future__ import annotations

import numpy as np

from ._axes import axes_or_new, require_variables
from .regime_map import _has_area, draw_region_curves
from .style import OKABE_ITO, publication_style

__all__ = ["spiral_probability_plot", "four_worlds_map", "talk_risk_plot"]

_LINE_COLORS = (OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"],
                OKABE_ITO["reddish_purple"], OKABE_ITO["orange"])


def _broken(x, y, step):
    """x and y with NaN inserted wherever ``step`` (an integer array) changes, so a line
    plot shows a jump there instead of a vertical segment."""
    x, y, step = (np.asarray(v, dtype=float) for v in (x, y, step))
    cut = np.flatnonzero(np.diff(step) != 0) + 1
    return np.insert(x, cut, np.nan), np.insert(y, cut, np.nan)


def spiral_probability_plot(ds, ax=None, *, marks=()):
    """Pr(spiral ever | both security seekers) against the report noise, one colour per
    prior trust, solid without and dashed with the verification hotline.

    Parameters
    ----------
    ds : xarray.Dataset
        Dimensions ``noise``, ``trust``, ``verification`` (two values: 0 and one φ);
        variables ``spiral_probability`` and ``false_alarm_tolerance``, as swept from
        :class:`~secdilemma.models.noisy_spiral.NoisySpiralModel`.
    ax : matplotlib.axes.Axes, optional
    marks : sequence of (noise, trust, label)
        Points to mark (on the no-hotline curve), each explained in the legend.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from secdilemma.models.noisy_spiral import NoisySpiralModel
    >>> e = np.linspace(0.01, 0.45, 50)
    >>> out = NoisySpiralModel.evaluate({"noise": e[:, None, None], "trust": np.array(
    ...     [0.9])[None, :, None], "verification": np.array([0.0, 0.5])[None, None, :],
    ...     "exploitation_loss": 0.5}, ("spiral_probability", "false_alarm_tolerance"))
    >>> dims = ("noise", "trust", "verification")
    >>> ds = xr.Dataset({k: (dims, v) for k, v in out.items()},
    ...                 coords={"noise": e, "trust": [0.9], "verification": [0.0, 0.5]})
    >>> spiral_probability_plot(ds).get_xlabel()
    'report noise $\\\\varepsilon$'
    """
    require_variables("spiral_probability_plot", ds,
                      ["spiral_probability", "false_alarm_tolerance", "noise", "trust",
                       "verification"])
    from matplotlib.lines import Line2D

    with publication_style():
        ax = axes_or_new(ax, (3.4, 2.8))
        noise = ds["noise"].values
        phis = ds["verification"].values
        handles = []
        for i, mu in enumerate(ds["trust"].values):
            color = _LINE_COLORS[i % len(_LINE_COLORS)]
            for phi in phis:
                sel = ds.sel(trust=mu, verification=phi)
                x, y = _broken(noise, sel["spiral_probability"].values,
                               sel["false_alarm_tolerance"].values)
                ax.plot(x, y, color=color, lw=1.2, ls="-" if phi == 0 else "--")
            handles.append(Line2D([], [], color=color, lw=1.2,
                                  label=rf"prior trust $\mu_0$ = {mu:g}"))
        handles.append(Line2D([], [], color="0.3", lw=1.2, ls="-", label="no hotline"))
        for phi in phis:
            if phi != 0:
                handles.append(Line2D([], [], color="0.3", lw=1.2, ls="--",
                                      label=rf"hotline verifies with $\varphi$ = {phi:g}"))
        for k, (e, mu, label) in enumerate(marks):
            sel = ds.sel(trust=mu, verification=0.0).sel(noise=e, method="nearest")
            marker = ("o", "s", "^", "D")[k % 4]
            ax.plot([float(sel["noise"])], [float(sel["spiral_probability"])], marker,
                    mfc="white", mec="black", ms=4.5, zorder=5)
            handles.append(Line2D([], [], marker=marker, ls="", mfc="white", mec="black",
                                  ms=4.5, label=label))
        ax.set_xlabel(r"report noise $\varepsilon$")
        ax.set_ylabel("Pr(spiral ever | both security seekers)")
        ax.set_xlim(float(noise.min()), float(noise.max()))
        # a log axis: the probabilities span several decades (high trust with a
        # hotline), and on a linear axis those curves lie on the x axis
        prob = np.asarray(ds["spiral_probability"].values, dtype=float)
        pos = prob[np.isfinite(prob) & (prob > 0)]
        if pos.size and pos.min() < 0.05:
            ax.set_yscale("log")
            ax.set_ylim(10 ** np.floor(np.log10(pos.min())), 1)
            ax.legend(handles=handles, fontsize=6, loc="lower left", frameon=True,
                      framealpha=0.9, edgecolor="none")
        else:
            ax.set_ylim(0, 1)
            ax.legend(handles=handles, fontsize=6, loc="upper left", frameon=False)
        ax.set_title("Jumps where the tolerated number of false alarms $n^*$ changes;\n"
                     "curves with equal $n^*$ coincide", fontsize=6.5)
    return ax


def four_worlds_map(ds, ax=None, *, worlds=()):
    """The equilibrium regime over (offence advantage θ, distinguishability ρ): each
    region coloured, hatched and named in the legend.

    With the partition variables (``piece_*``, ``boundary_*``, as made by
    :func:`~secdilemma.reproduce.misperception.partition_dataset` from
    :func:`~secdilemma.models.distinguishability.regime_partition`) the regions are
    filled between the model's analytic boundary curves and those curves are drawn;
    without them the boundaries are interpolated from the grid of ``regime``.

    Parameters
    ----------
    ds : xarray.Dataset
        Dimensions ``offense_advantage`` and ``distinguishability``; variable
        ``regime`` (integer codes with CF ``flag_meanings``), as swept from
        :class:`~secdilemma.models.distinguishability.DistinguishabilityModel`;
        optionally the partition variables.
    ax : matplotlib.axes.Axes, optional
    worlds : sequence of (theta, rho, label)
        Points to mark and label (e.g. Jervis's four worlds).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> t, r = np.linspace(0, 1, 5), np.linspace(0.5, 1, 4)
    >>> z = (np.add.outer(r, t) > 1.2).astype(int)
    >>> ds = xr.Dataset({"regime": (("distinguishability", "offense_advantage"), z,
    ...                  {"flag_meanings": "pooling separating"})},
    ...                 coords={"offense_advantage": t, "distinguishability": r})
    >>> four_worlds_map(ds).get_xlabel()
    'offence advantage $\\\\theta$'
    """
    require_variables("four_worlds_map", ds, ["regime", "offense_advantage",
                                              "distinguishability"])
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    meanings = ds["regime"].attrs["flag_meanings"].split()
    colors = (OKABE_ITO["sky_blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"],
              OKABE_ITO["blue"], OKABE_ITO["yellow"], OKABE_ITO["reddish_purple"],
              "#BBBBBB", "#FFFFFF")
    hatches = ("", "////", "....", "\\\\", "xx", "--", "oo", "++")
    with publication_style():
        ax = axes_or_new(ax, (3.4, 3.0))
        x = ds["offense_advantage"].values
        y = ds["distinguishability"].values
        z = ds["regime"].transpose("distinguishability", "offense_advantage").values
        n = len(meanings)
        # each region filled and hatched up to its boundary curve (marching squares,
        # crossing each grid edge between two regimes at its midpoint): no staircase
        # and no spurious bands that contouring the integer codes would draw
        index = np.where(np.isfinite(z), z, -1).astype(int)
        if "piece_code" in ds:
            present = _draw_partition(ax, ds, colors, hatches)
        else:
            draw_region_curves(ax, x, y, index, [colors[i % 8] for i in range(n)],
                               hatches=[hatches[i % 8] for i in range(n)])
            # a category with no area (ties on a line) is part of a boundary, not a
            # region
            present = sorted(k for k in set(index[index >= 0].tolist())
                             if min(index.shape) < 10 or _has_area(index == k))
        ax.set_xlim(float(np.min(x)), float(np.max(x)))
        ax.set_ylim(float(np.min(y)), float(np.max(y)))
        handles = [Patch(facecolor=colors[c % 8], hatch=hatches[c % 8], edgecolor="0.2",
                         label=meanings[c].replace("_", " ")) for c in present]
        for theta, rho, label in worlds:
            # not clipped: a world on the edge of the map (rho = 1/2) is shown whole
            ax.plot([theta], [rho], "o", mfc="white", mec="black", ms=9, zorder=5,
                    clip_on=False)
            ax.text(theta, rho, label, ha="center", va="center", fontsize=5, zorder=6,
                    clip_on=False)
        if worlds:
            handles.append(Line2D([], [], marker="o", ls="", mfc="white", mec="black",
                                  ms=7, label="W1-W4: the four worlds"))
        ax.set_xlabel(r"offence advantage $\theta$")
        ax.set_ylabel(r"distinguishability $\rho$ (signal accuracy)")
        ax.legend(handles=handles, fontsize=6, loc="upper center",
                  bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False)
    return ax


def _draw_partition(ax, ds, colors, hatches, linecolor="0.15", linewidth=0.7):
    """Fill each regime's pieces (between their curves) as one compound path and draw
    the partition's boundary curves; returns the regime codes with area, in order."""
    from matplotlib import rcParams
    from matplotlib.collections import LineCollection
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    polygons: dict = {}
    for code, t, lo, hi in zip(ds["piece_code"].values, ds["piece_theta"].values,
                               ds["piece_lower"].values, ds["piece_upper"].values):
        keep = np.isfinite(t)
        t, lo, hi = t[keep], lo[keep], hi[keep]
        if not np.any(hi - lo > 0):
            continue
        ring = np.vstack([np.column_stack([t, lo]), np.column_stack([t, hi])[::-1],
                          [[t[0], lo[0]]]])   # closed: CLOSEPOLY's own vertex is ignored
        polygons.setdefault(int(code), []).append(Path(ring, closed=True))
    for code, paths in sorted(polygons.items()):
        # one path per regime, not antialiased: adjacent pieces join without a seam
        # in the fill or the hatch; the (antialiased) boundary curves drawn below give
        # the edges
        ax.add_patch(PathPatch(Path.make_compound_path(*paths), facecolor=colors[code % 8],
                               hatch=hatches[code % 8] or None, edgecolor="none",
                               linewidth=0, hatchcolor=rcParams["hatch.color"],
                               antialiased=False))
    segments = []
    for t, r in zip(ds["boundary_theta"].values, ds["boundary_rho"].values):
        keep = np.isfinite(t)
        segments.append(np.column_stack([t[keep], r[keep]]))
    if segments:
        ax.add_collection(LineCollection(segments, colors=linecolor, linewidths=linewidth,
                                         capstyle="round", joinstyle="round"))
    return sorted(polygons)


def talk_risk_plot(ds, ax=None):
    """The arms-race probability with and without talk against the upper end of the
    type support, in the no-spillover threshold equilibrium and, with spillover, the
    interval equilibria.

    Parameters
    ----------
    ds : xarray.Dataset
        Dimension ``type_high``; variables ``no_talk`` and ``talk`` (and optionally
        ``talk_interval_low``/``talk_interval_high`` for the interval equilibria with
        spillover); each variable's ``label`` attribute names its curve.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> x = np.linspace(0.01, 0.3, 5)
    >>> ds = xr.Dataset({"no_talk": ("type_high", np.ones(5)), "talk": ("type_high", x)},
    ...                 coords={"type_high": x})
    >>> talk_risk_plot(ds).get_ylabel()
    'Pr(arms race)'
    """
    require_variables("talk_risk_plot", ds, ["no_talk", "talk", "type_high"])
    with publication_style():
        ax = axes_or_new(ax, (3.4, 2.8))
        x = ds["type_high"].values
        ax.plot(x, ds["no_talk"].values, color=OKABE_ITO["vermillion"], lw=1.4,
                label=ds["no_talk"].attrs.get("label", "no talk"))
        ax.plot(x, ds["talk"].values, color=OKABE_ITO["blue"], lw=1.4,
                label=ds["talk"].attrs.get("label", "threshold talk"))
        for name, ls in (("talk_interval_low", "--"), ("talk_interval_high", ":")):
            if name in ds:
                ax.plot(x, ds[name].values, color=OKABE_ITO["bluish_green"], lw=1.4, ls=ls,
                        label=ds[name].attrs.get("label", name.replace("_", " ")))
        ax.set_xlabel(r"upper end of the hawkishness support $\bar h$")
        ax.set_ylabel("Pr(arms race)")
        ax.set_ylim(0, 1.02)
        ax.legend(fontsize=6, frameon=False, loc="upper left", bbox_to_anchor=(0.0, 0.95))
    return ax
