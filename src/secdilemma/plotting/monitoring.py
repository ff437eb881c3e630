"""Imperfect public monitoring: where trigger strategies sustain reciprocity when
incidents can be accidents, how long the punishment must last, and what it costs.

Green and Porter (1984) trigger strategies (Mailath and Samuelson 2006, §7.2): the
critical discount factor δ* and the shortest incentive-compatible punishment K* over
the false-alarm rate α and the detection rate β, and the value of the best trigger
strategy over α for several discount factors. The figures take datasets and never call a
solver.
"""

from __future__ import annotations

import numpy as np

from ._axes import axes_or_new, label_contours, require_variables
from .style import OKABE_ITO, publication_style

__all__ = ["monitoring_panels"]

_VALUE_COLORS = (OKABE_ITO["blue"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"],
                 OKABE_ITO["orange"])


def monitoring_panels(ds, ax=None):
    """Two panels (``ax`` becomes the left one; the right one is added beside it).

    Left, over false alarms α × detection β at the reference discount factor δ₀: the
    region where no trigger strategy sustains reciprocity (shaded, bounded by δ* = δ₀),
    contours of δ* (solid, labelled), the boundaries of the shortest punishment K*
    (dashed, labelled k: K* ≤ k above and left of the line), the excluded region β ≤ α
    (grey) and the worked points (black dots, K* beside). Right, the value of the best
    trigger strategy V_{K*} against α for each discount factor (one colour each; breaks
    where K* changes), the value with public randomisation R − α(T − R)/(β − α) (black),
    and × where reciprocity ends (the guardrail bound α̂(δ)).

    Parameters
    ----------
    ds : xarray.Dataset
        ``critical_discount`` and ``punishment_ratio`` (ln(1 − x*)/ln δ₀, whose ceiling
        is K*) over (``false_alarm``, ``detection``); ``grim_slack`` (δ₀(A + T − R) −
        (T − R), ≥ 0 iff reciprocity is possible at δ₀) over the same; ``optimal_value``,
        ``shortest_punishment`` and ``randomised_value`` over (``value_discount``,
        ``value_false_alarm``); ``max_false_alarm`` over ``value_discount``; attributes
        ``reference_discount``, ``reference_detection`` and ``points_false_alarm`` /
        ``points_shortest_punishment`` (the worked points).
    ax : matplotlib.axes.Axes, optional
        Must belong to a subplot grid (as from ``Figure.add_subplot``).

    Returns
    -------
    matplotlib.axes.Axes
        The left panel.

    References
    ----------
    .. [1] Green, E. J. and Porter, R. H. (1984). Noncooperative collusion under
       imperfect price information. *Econometrica* 52(1), 87-100.
    .. [2] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §7.2.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> a, b = np.linspace(0, 0.5, 6), np.linspace(0, 1, 6)
    >>> A = (b[None, :] - a[:, None]) * 2 - a[:, None] * 2
    >>> dstar = np.where(A > 0, 2 / (2 + np.where(A > 0, A, 1)), np.nan)
    >>> ds = xr.Dataset({"critical_discount": (("false_alarm", "detection"), dstar),
    ...     "punishment_ratio": (("false_alarm", "detection"), np.full((6, 6), np.nan)),
    ...     "grim_slack": (("false_alarm", "detection"), 0.9 * (A + 2) - 2),
    ...     "optimal_value": (("value_discount", "value_false_alarm"), [[2.5, 2.0]]),
    ...     "shortest_punishment": (("value_discount", "value_false_alarm"), [[3.0, 4.0]]),
    ...     "randomised_value": (("value_discount", "value_false_alarm"), [[2.6, 2.2]]),
    ...     "max_false_alarm": ("value_discount", [0.24])},
    ...     coords={"false_alarm": a, "detection": b, "value_discount": [0.9],
    ...             "value_false_alarm": [0.1, 0.2]},
    ...     attrs={"reference_discount": 0.9, "reference_detection": 0.6,
    ...            "points_false_alarm": [0.1], "points_shortest_punishment": [4]})
    >>> ax = monitoring_panels(ds)
    >>> len(ax.figure.axes)
    2
    """
    func = "monitoring_panels"
    require_variables(func, ds, ["critical_discount", "punishment_ratio", "grim_slack",
                                 "optimal_value", "shortest_punishment", "randomised_value",
                                 "max_false_alarm", "false_alarm", "detection",
                                 "value_discount", "value_false_alarm"])
    a = np.asarray(ds["false_alarm"].values, dtype=float)
    b = np.asarray(ds["detection"].values, dtype=float)
    d0 = float(ds.attrs.get("reference_discount", np.nan))
    b0 = float(ds.attrs.get("reference_detection", np.nan))
    dstar = np.asarray(ds["critical_discount"].values, dtype=float).T
    ratio = np.asarray(ds["punishment_ratio"].values, dtype=float).T
    slack = np.asarray(ds["grim_slack"].values, dtype=float).T
    with publication_style():
        ax = axes_or_new(ax, (7.0, 3.0))
        fig = ax.figure
        spec = ax.get_subplotspec().subgridspec(1, 2, wspace=0.22)
        ax.set_subplotspec(spec[0])
        right = fig.add_subplot(spec[1])
        # ---- left: the (α, β) map
        A, B = np.meshgrid(a, b)
        # where incidents are uninformative (β ≤ α, NaN) grim fails too: filled as
        # negative slack, so the region's edge is the slack = 0 line and the grid's
        # edge, not a staircase along the masked cells (the β ≤ α fill covers it)
        ax.contourf(A, B, np.where(np.isnan(slack), -1.0, slack), levels=[-np.inf, 0],
                    colors=[OKABE_ITO["vermillion"]], alpha=0.18)
        edge = ax.contour(A, B, slack, levels=[0], colors=[OKABE_ITO["vermillion"]],
                          linewidths=1.4)
        levels = [x for x in (0.6, 0.7, 0.8, 0.95) if x != d0]
        cs = ax.contour(A, B, dstar, levels=levels, colors=[OKABE_ITO["black"]],
                        linewidths=0.6)
        finite = ratio[np.isfinite(ratio)]
        if finite.size:
            ks = [k for k in (1, 2, 3, 4, 6, 8, 12) if k <= np.nanmax(finite)]
            if ks:
                kc = ax.contour(A, B, np.where(np.isfinite(ratio), ratio, np.nan), levels=ks,
                                colors=[OKABE_ITO["blue"]], linewidths=0.7,
                                linestyles="dashed")
            else:
                kc = None
        else:
            kc = None
        top = max(a.max(), b.max())
        ax.fill_between([0, top], [0, top], 0, facecolor="#BBBBBB", alpha=1.0, linewidth=0,
                        hatch="////", edgecolor="0.35")
        pts = np.atleast_1d(np.asarray(ds.attrs.get("points_false_alarm", []), dtype=float))
        kpts = np.atleast_1d(np.asarray(ds.attrs.get("points_shortest_punishment", []),
                                        dtype=float))
        if pts.size:
            ax.plot(pts, np.full(pts.shape, b0), "o", color="black", markersize=3, zorder=5)
            for x, k in zip(pts, kpts):
                # on a white box: clear of the contour lines it sits on
                ax.annotate(f"{k:.0f}", (x, b0), xytext=(0, 3.0), textcoords="offset points",
                            ha="center", va="bottom", fontsize=5.5, zorder=6,
                            bbox=dict(boxstyle="round,pad=0.1", facecolor="white",
                                      edgecolor="none", alpha=0.9))
        ax.set_xlim(a.min(), a.max())
        ax.set_ylim(b.min(), b.max())
        # labels after the limits, inside the axes (not clipped at an edge)
        edge_curves = [seg for segs in edge.allsegs for seg in segs]  # labels off it
        label_contours(ax, cs, lambda v: f"δ*={v:g}", avoid=edge_curves)
        if kc is not None:
            label_contours(ax, kc, lambda v: f"{v:.0f}", avoid=edge_curves)
        ax.set_xlabel(r"false alarms $\alpha$ = Pr(incident | both cooperate)")
        ax.set_ylabel(r"detection $\beta$ = Pr(incident | defection)")
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles = [
            Patch(facecolor=OKABE_ITO["vermillion"], alpha=0.18,
                  edgecolor=OKABE_ITO["vermillion"],
                  label=f"no reciprocity at δ = {d0:g} (edge: δ* = {d0:g})"),
            Line2D([], [], color="black", linewidth=0.6, label="δ*: least δ for grim"),
            Line2D([], [], color=OKABE_ITO["blue"], linewidth=0.7, linestyle="dashed",
                   label=f"K* ≤ k above-left of line k (δ = {d0:g})"),
            Patch(facecolor="#BBBBBB", alpha=1.0, hatch="////", edgecolor="0.35",
                  label="β ≤ α: incidents uninformative"),
            Line2D([], [], marker="o", color="black", linestyle="none", markersize=3,
                   label=f"worked points (β = {b0:g}), K* above"),
        ]
        ax.legend(handles=handles, loc="lower right", fontsize=5.5, frameon=True,
                  framealpha=0.9, edgecolor="none")
        # ---- right: the value over α for several δ
        va = np.asarray(ds["value_false_alarm"].values, dtype=float)
        for j, d in enumerate(np.asarray(ds["value_discount"].values, dtype=float)):
            color = _VALUE_COLORS[j % len(_VALUE_COLORS)]
            v = np.asarray(ds["optimal_value"].isel(value_discount=j).values, dtype=float)
            k = np.asarray(ds["shortest_punishment"].isel(value_discount=j).values,
                           dtype=float)
            # one segment per K*: no vertical line where the punishment length jumps
            breaks = np.flatnonzero(np.diff(np.nan_to_num(k, nan=-1.0)) != 0) + 1
            first = True
            for seg in np.split(np.arange(len(va)), breaks):
                if not np.all(np.isfinite(v[seg])):
                    continue
                ax_label = f"best trigger $V_{{K^*}}$, δ = {d:g}" if first else None
                right.plot(va[seg], v[seg], color=color, linewidth=1.1, label=ax_label)
                first = False
            rv = np.asarray(ds["randomised_value"].isel(value_discount=j).values, dtype=float)
            if j == len(ds["value_discount"]) - 1:  # the bound is the same for every δ >= δ*
                right.plot(va, rv, color="black", linewidth=0.8, zorder=1,
                           label=r"with public randomisation $R-\alpha(T-R)/(\beta-\alpha)$")
            amax = float(ds["max_false_alarm"].isel(value_discount=j))
            if np.isfinite(amax) and va.min() <= amax <= va.max():
                ok = np.flatnonzero(np.isfinite(v))
                if ok.size:
                    right.plot([va[ok[-1]]], [v[ok[-1]]], marker="x", color=color,
                               markersize=5, linestyle="none", zorder=6)
        right.plot([], [], marker="x", color="#444444", linestyle="none",
                   label=r"reciprocity ends ($\alpha = \hat\alpha(\delta)$)")
        right.set_xlim(va.min(), va.max())
        right.set_xlabel(r"false alarms $\alpha$")
        right.set_ylabel(f"average value (β = {b0:g})")
        right.legend(loc="lower left", fontsize=5.5, framealpha=0.9)
        for panel, letter in ((ax, "(a)"), (right, "(b)")):
            panel.set_title(letter, loc="left", fontsize=8, fontweight="bold")
    return ax
