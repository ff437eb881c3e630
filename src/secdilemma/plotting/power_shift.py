"""Figures for bargaining, shifting power and prevention: the risk of war against the
spread of resolve (Fearon 1995), the war/peace regime map over export controls and
the shift in power with Pr(war) contours (Powell 2006 logic), and the prevention
regimes over intelligence quality and the cost of a strike (Debs and Monteiro 2014
logic). All three are our formalisations; the figures take datasets and never call a
solver.

References
----------
.. [1] Fearon, J. D. (1995). Rationalist explanations for war. *International
   Organization* 49(3), 379-414.
.. [2] Powell, R. (2006). War as a commitment problem. *International Organization*
   60(1), 169-203.
.. [3] Debs, A. and Monteiro, N. P. (2014). Known unknowns: power shifts, uncertainty,
   and war. *International Organization* 68(1), 1-31.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ._axes import axes_or_new, label_contours, require_variables
from .regime_map import draw_region_curves
from .style import OKABE_ITO, publication_style

__all__ = ["bargaining_plot", "power_shift_map", "prevention_map"]

_LINES = (OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"],
          OKABE_ITO["reddish_purple"], OKABE_ITO["orange"])
_HATCHES = ("", "////", "\\\\\\\\", "xxx", "...", "++")
_PREVENTION_COLORS = {"no_investment": OKABE_ITO["bluish_green"],
                      "unopposed_investment": OKABE_ITO["sky_blue"],
                      "alarm_mixing": OKABE_ITO["orange"],
                      "quiet_mixing": OKABE_ITO["reddish_purple"],
                      "sure_war": OKABE_ITO["vermillion"],
                      "three_equilibria": OKABE_ITO["blue"],
                      "deterred": OKABE_ITO["bluish_green"],
                      "knife_edge": "#BBBBBB"}


def _regions(ax, x, y, codes, colors, hatches):
    """Filled regions of integer codes (rows: y, columns: x) with colour and hatching;
    boundaries are curves (the 0 level of a smoothed margin per region, see
    :func:`~secdilemma.plotting.regime_map.draw_region_curves`), not cell staircases."""
    codes = np.asarray(codes, dtype=float)
    index = np.where(np.isfinite(codes), codes, -1).astype(int)
    return draw_region_curves(ax, x, y, index, list(colors),
                              hatches=[hatches[k % len(hatches)] for k in range(len(colors))])


def _label_regions(ax, x, y, codes, labels, fontsize=6.5):
    """Write each region's label at its point farthest from the other regions."""
    from scipy import ndimage  # measured import cost: loaded on first use

    for code, text in enumerate(labels):
        mask = codes == code
        if not mask.any():
            continue
        inside = np.pad(mask, 1, constant_values=False)
        dist = ndimage.distance_transform_edt(inside)[1:-1, 1:-1]
        i, j = np.unravel_index(int(np.argmax(dist)), dist.shape)
        # near an edge of the map the text is anchored on that side (not cut by it)
        fx, fy = j / max(len(x) - 1, 1), i / max(len(y) - 1, 1)
        ha = "right" if fx > 0.8 else "left" if fx < 0.2 else "center"
        va = "bottom" if fy < 0.2 else "top" if fy > 0.8 else "center"
        box = dict(boxstyle="round,pad=0.2", facecolor="white", alpha=0.9, linewidth=0)
        # does the text (estimated size) fit in the region around that point?
        px = ax.figure.dpi / 72 * fontsize
        lines = text.splitlines()
        w = 0.55 * px * max(len(t) for t in lines)
        h = 1.3 * px * len(lines)
        cw = ax.bbox.width / max(len(x) - 1, 1)
        ch = ax.bbox.height / max(len(y) - 1, 1)
        run = np.flatnonzero(mask[i])
        wide = run.size and (run.max() - run.min()) * cw >= 1.1 * w
        if dist[i, j] * min(cw, ch) >= 0.6 * h and wide:
            ax.text(x[j], y[i], text, ha=ha, va=va, fontsize=fontsize, zorder=5, bbox=box)
        else:
            # a small region: the label beside it, toward the middle of the map, with
            # an arrow to the region
            toward = -np.sign([fx - 0.5, fy - 0.5])
            off = (toward[0] * (w / 2 + 8 * px / fontsize * 72 / ax.figure.dpi * 3),
                   toward[1] * (h + 4))
            ax.annotate(text, xy=(x[j], y[i]), xytext=(off[0] * 72 / ax.figure.dpi,
                                                       off[1] * 72 / ax.figure.dpi),
                        textcoords="offset points", ha="center", va="center",
                        fontsize=fontsize, zorder=5, bbox=box,
                        arrowprops={"arrowstyle": "->", "color": "black", "lw": 0.6})


def bargaining_plot(ds, ax=None, *, label_format: str = r"$c_A = {:g}$"):
    """Pr(war) of the risk–return offer against the spread of B's resolve, one curve
    per cost of war of the proposer, labelled at its end.

    Parameters
    ----------
    ds : xarray.Dataset
        ``war_probability`` over ``cost_high`` (the spread c_hi − c_lo, with
        ``cost_low`` in ``ds.attrs`` or 0) × ``cost_a``.
    ax : matplotlib.axes.Axes, optional
    label_format : str
        Format of each curve's label, given c_A.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war. *International
       Organization* 49(3), 379-414.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> hi, ca = np.linspace(0.01, 1, 50), np.array([0.0, 0.1])
    >>> war = np.maximum(0, (hi[:, None] - ca) / (2 * hi[:, None]))
    >>> ds = xr.Dataset({"war_probability": (("cost_high", "cost_a"), war)},
    ...                 coords={"cost_high": hi, "cost_a": ca})
    >>> bargaining_plot(ds).get_ylabel()
    'Pr(war)'
    """
    require_variables("bargaining_plot", ds, ["war_probability", "cost_high", "cost_a"])
    lo = float(ds.attrs.get("cost_low", 0.0))
    spread = np.asarray(ds["cost_high"].values) - lo
    war = ds["war_probability"].transpose("cost_high", "cost_a")
    with publication_style():
        ax = axes_or_new(ax, (3.4, 2.6))
        for j, ca in enumerate(np.asarray(ds["cost_a"].values)):
            y = np.asarray(war.isel(cost_a=j).values)
            color = _LINES[j % len(_LINES)]
            ax.plot(spread, y, color=color, linewidth=1.2,
                    linestyle=("-", "--", "-.", ":")[j % 4])
            ax.annotate(label_format.format(float(ca)), (spread[-1], y[-1]),
                        xytext=(3, 0), textcoords="offset points", va="center",
                        fontsize=6, color=color)
        ax.set_xlim(float(spread.min()), float(spread.max()))
        ax.set_ylim(0, 0.55)
        ax.set_xlabel(r"spread of resolve $c_{hi} - c_{lo}$")
        ax.set_ylabel("Pr(war)")
        ax.margins(x=0)
    return ax


def power_shift_map(ds, ax=None, *, labels: Sequence[str] = ("peace", "preventive\nwar",
                                                              "rising state\nstrikes"),
                    contour_levels: Sequence[float] = (0.1, 0.5, 0.9)):
    """War and peace over export controls × the shift in power, with the boundary
    s*(e) of preventive war and contours of Pr(war) when the shift is uncertain.

    Parameters
    ----------
    ds : xarray.Dataset
        Over ``controls`` × ``power_shift``: ``war_by`` (0 peace, 1 preventive war, 2
        the rising state strikes), ``critical_shift`` (s*(e), constant along
        ``power_shift``) and ``uncertain_war_probability`` (Pr(war) for an uncertain
        shift revealed before bargaining).
    ax : matplotlib.axes.Axes, optional
    labels : sequence of str
        Direct labels of the three regimes.
    contour_levels : sequence of float
        Pr(war) contours drawn.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Powell, R. (2006). War as a commitment problem. *International Organization*
       60(1), 169-203.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> e, s = np.linspace(0, 1, 30), np.linspace(0, 0.4, 40)
    >>> crit = 0.1 + 0.1 * e
    >>> war_by = (s[None, :] > crit[:, None]).astype(np.int8)
    >>> prob = np.clip((s[None, :] - crit[:, None]) / 0.1 + 0.5, 0, 1)
    >>> ds = xr.Dataset({"war_by": (("controls", "power_shift"), war_by),
    ...                  "critical_shift": (("controls", "power_shift"),
    ...                                     np.repeat(crit[:, None], 40, axis=1)),
    ...                  "uncertain_war_probability": (("controls", "power_shift"), prob)},
    ...                 coords={"controls": e, "power_shift": s})
    >>> power_shift_map(ds).get_xlabel()
    'export controls $e$'
    """
    require_variables("power_shift_map", ds, ["controls", "power_shift", "war_by",
                                              "critical_shift", "uncertain_war_probability"])
    e = np.asarray(ds["controls"].values)
    s = np.asarray(ds["power_shift"].values)
    codes = np.asarray(ds["war_by"].transpose("power_shift", "controls").values, dtype=float)
    prob = np.asarray(ds["uncertain_war_probability"].transpose("power_shift",
                                                               "controls").values)
    crit = np.asarray(ds["critical_shift"].transpose("power_shift", "controls")
                      .isel(power_shift=0).values)
    colors = [OKABE_ITO["bluish_green"], OKABE_ITO["vermillion"], OKABE_ITO["orange"]]
    with publication_style():
        ax = axes_or_new(ax, (3.4, 3.0))
        curves = _regions(ax, e, s, codes, colors, _HATCHES[:3])
        ax.set_xlim(float(e.min()), float(e.max()))
        ax.set_ylim(float(s.min()), float(s.max()))
        inside = (crit >= s.min()) & (crit <= s.max())
        ax.plot(e[inside], crit[inside], color="black", linewidth=1.1)
        cs = ax.contour(e, s, prob, levels=list(contour_levels), colors="black",
                        linewidths=0.6, linestyles=":")
        # a level whose line runs along a region boundary is named in the title, not
        # by a label set across the boundary
        span = np.array([np.ptp(e), np.ptp(s)])
        edges = np.vstack(curves) / span if curves else np.empty((0, 2))
        on_edge = []
        for level, segs in zip(cs.levels, cs.allsegs):
            pts = [np.asarray(g, dtype=float) / span for g in segs if len(g)]
            if edges.size and pts and all(
                    np.min(np.hypot(*(p[:, None, :] - edges[None, :, :]).T), axis=0).max()
                    < 0.01 for p in pts):
                on_edge.append(level)
        _label_regions(ax, e, s, codes, labels)  # first: the contour labels avoid them
        off = [lv for lv in cs.levels if lv not in on_edge]
        if on_edge:
            cs.remove()
            ax.contour(e, s, prob, levels=on_edge, colors="black", linewidths=0.6,
                       linestyles=":")
            cs = ax.contour(e, s, prob, levels=off, colors="black", linewidths=0.6,
                            linestyles=":") if off else None
        if cs is not None:
            label_contours(ax, cs, lambda v: f"{v:g}", avoid=curves)
        note = "" if not on_edge else (
            " (" + ", ".join(f"{v:g}" for v in on_edge) + ": the boundary)")
        ax.set_title("dotted: Pr(war) with an uncertain shift" + note, fontsize=6.5,
                     loc="left")
        ax.set_xlim(float(e.min()), float(e.max()))
        ax.set_ylim(float(s.min()), float(s.max()))
        ax.set_xlabel(r"export controls $e$")
        ax.set_ylabel(r"shift in power $s$")
    return ax


def prevention_map(ds, ax=None, *, labels: Sequence[str] | None = None,
                   contour_levels: Sequence[float] = (0.1, 0.2, 0.4, 0.6)):
    """Prevention regimes over intelligence quality × the cost of a strike, with
    contours of the largest Pr(war) over the equilibria when the dataset has it.

    Parameters
    ----------
    ds : xarray.Dataset
        Over ``strike_cost`` × ``intelligence_quality``: ``regime`` (integer codes,
        meanings in the variable's ``flag_meanings`` attribute, or ``labels``).
    ax : matplotlib.axes.Axes, optional
    labels : sequence of str, optional
        Direct labels of the codes (default: ``flag_meanings`` with ``_`` as spaces).
    contour_levels : sequence of float
        Pr(war) contours drawn.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Debs, A. and Monteiro, N. P. (2014). Known unknowns: power shifts,
       uncertainty, and war. *International Organization* 68(1), 1-31.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> r, c = np.linspace(0.55, 0.99, 30), np.linspace(0.05, 1.95, 20)
    >>> regime = (r[None, :] > 0.75).astype(np.int8) + 2 * (c[:, None] > 1.5)
    >>> ds = xr.Dataset({"regime": (("strike_cost", "intelligence_quality"), regime)},
    ...                 coords={"strike_cost": c, "intelligence_quality": r})
    >>> prevention_map(ds, labels=["a", "b", "c", "d"]).get_ylabel()
    'cost of a strike $c$'
    """
    require_variables("prevention_map", ds, ["regime", "strike_cost", "intelligence_quality"])
    r = np.asarray(ds["intelligence_quality"].values)
    c = np.asarray(ds["strike_cost"].values)
    codes = np.asarray(ds["regime"].transpose("strike_cost", "intelligence_quality").values)
    meanings = str(ds["regime"].attrs.get("flag_meanings", "")).split()
    if labels is None:
        labels = [m.replace("_", " ") for m in meanings]
    n = max(len(labels), int(codes.max()) + 1)
    palette = [OKABE_ITO[k] for k in ("sky_blue", "vermillion", "orange", "bluish_green",
                                      "reddish_purple", "yellow", "blue")]
    colors = [_PREVENTION_COLORS.get(meanings[i], palette[i % len(palette)])
              if i < len(meanings) else palette[i % len(palette)] for i in range(n)]
    with publication_style():
        ax = axes_or_new(ax, (3.4, 3.0))
        _regions(ax, r, c, codes.astype(float), colors, (_HATCHES * 2)[:n])
        ax.set_xlim(float(r.min()), float(r.max()))
        ax.set_ylim(float(c.min()), float(c.max()))
        _label_regions(ax, r, c, codes, labels, fontsize=6)  # first: contour labels avoid them
        if "max_war_probability" in ds.variables:
            war = np.asarray(ds["max_war_probability"].transpose(
                "strike_cost", "intelligence_quality").values)
            # contours inside each regime only (Pr(war) jumps across regime boundaries)
            for code in np.unique(codes):
                masked = np.ma.masked_where(codes != code, war)
                if masked.count() < 4 or np.ptp(masked.compressed()) == 0:
                    continue
                cs = ax.contour(r, c, masked, levels=list(contour_levels), colors="black",
                                linewidths=0.6, linestyles=":")
                label_contours(ax, cs, lambda v: f"{v:g}")
            ax.set_title("dotted: largest Pr(war) over the equilibria", fontsize=6.5,
                         loc="left")
        ax.set_xlim(float(r.min()), float(r.max()))
        ax.set_ylim(float(c.min()), float(c.max()))
        ax.set_xlabel(r"intelligence quality $r$ ($\pi_1 = r$, $\pi_0 = 1 - r$)")
        ax.set_ylabel(r"cost of a strike $c$")
    return ax
