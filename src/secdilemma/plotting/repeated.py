"""Repeated games: critical discount factors against noise, and the sets of
subgame-perfect equilibrium payoffs across the discount factor.

A strategy profile of the repeated prisoner's dilemma is a subgame-perfect equilibrium
for discount factors above a critical value, which rises with the noise of
implementation or observation (Axelrod 1984; Boyd 1989; Nowak and Sigmund 1993; Mailath
and Samuelson 2006). The pure-strategy equilibrium payoff set grows with the discount
factor (Abreu, Pearce and Stacchetti 1990; Abreu and Sannikov 2014). The figures take
datasets and never call a solver.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from ._axes import axes_or_new, require_variables
from .regime_map import region_hatch
from .style import OKABE_ITO, publication_style

__all__ = ["critical_discount_plot", "payoff_set_panels"]


def critical_discount_plot(ds, ax=None):
    """Critical discount factor against noise, one curve per strategy; a strategy that
    is an equilibrium at one noise level only is a single open marker, a curve that
    ends is marked ×, and the strategies that are never equilibria are listed.

    Parameters
    ----------
    ds : xarray.Dataset
        ``critical_discount`` over (``strategy``, ``noise``), NaN where the strategy is
        not an equilibrium for any discount factor; ``strategy_label`` over
        ``strategy``.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       ch. 2. Oxford University Press.
    .. [2] Boyd, R. (1989). Mistakes allow evolutionary stability in the repeated
       Prisoner's Dilemma game. *Journal of Theoretical Biology* 136(1), 47-56.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> eps = np.linspace(0, 0.2, 3)
    >>> ds = xr.Dataset({"critical_discount": (("strategy", "noise"),
    ...                                        [[0.5, 0.6, 0.7], [np.nan] * 3]),
    ...                  "strategy_label": ("strategy", ["grim trigger", "TFT"])},
    ...                 coords={"noise": eps})
    >>> ax = critical_discount_plot(ds)
    >>> [t.get_text().splitlines()[1] for t in ax.texts]
    ['TFT']
    """
    require_variables("critical_discount_plot", ds, ["noise", "critical_discount",
                                                     "strategy_label"])
    colors = [OKABE_ITO[c] for c in ("blue", "vermillion", "orange", "bluish_green",
                                     "reddish_purple")]
    markers = ["o", "s", "^", "D", "v"]
    noise = np.asarray(ds["noise"].values, dtype=float)
    never = []
    k = 0
    with publication_style():
        ax = axes_or_new(ax, (3.4, 3.0))
        for idx, label in enumerate(str(s) for s in ds["strategy_label"].values):
            y = np.asarray(ds["critical_discount"].isel(strategy=idx).values, dtype=float)
            if np.all(np.isnan(y)):
                never.append(label)
                continue
            color, marker = colors[k % len(colors)], markers[k % len(markers)]
            k += 1
            ok = np.flatnonzero(np.isfinite(y))
            if len(ok) == 1:  # an equilibrium at one noise level only
                ax.plot(noise[ok], y[ok], marker=marker, markersize=6, color=color,
                        markerfacecolor="none", markeredgewidth=1.0, linestyle="none",
                        label=f"{label}: only at ε = {noise[ok[0]]:g}", clip_on=False,
                        zorder=5)
                continue
            ax.plot(noise, y, color=color, marker=marker, markersize=3, label=label,
                    clip_on=False)
            if ok[-1] < len(y) - 1:  # the curve ends: no equilibrium beyond
                ax.plot([noise[ok[-1]]], [y[ok[-1]]], marker="x", color="black",
                        markersize=5, linestyle="none", zorder=6)
        ax.set_xlim(0, noise.max())
        ax.set_xticks(np.linspace(0, noise.max(), 5))
        ax.set_ylim(0.45, 1.0)
        ax.set_xlabel(r"noise $\varepsilon$")
        ax.set_ylabel(r"critical discount factor $\underline{\delta}$")
        # below the axes: inside, it would cover the steep curves
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=6.5,
                  frameon=False)
        if never:
            ax.text(0.98, 0.03, "never an equilibrium (any ε):\n" + ", ".join(never)
                    + "\n×: no equilibrium at the next ε", transform=ax.transAxes,
                    ha="right", va="bottom", fontsize=6, color="#444444")
    return ax





def _point_at_thin_rings(axis, rings):
    """Where a set's ring around the next smaller set is at most 3 % of the view wide
    (the two nearly coincide), an arrow from a note points at a vertex where they
    differ most, so that the thin ring is seen; the note goes where its box lies in the
    view and off the sets (if there is no such place, it is not drawn)."""
    from matplotlib.path import Path  # matplotlib on first use (import cost)

    (x0, x1), (y0, y1) = axis.get_xlim(), axis.get_ylim()
    span = np.array([x1 - x0, y1 - y0])
    px = axis.figure.dpi / 72
    fontsize = 5.5
    for (big, label), (small, _) in zip(rings, rings[1:]):
        inner = Path(np.vstack([small, small[:1]]), closed=True)
        outer = Path(np.vstack([rings[0][0], rings[0][0][:1]]), closed=True)
        a, b = small, np.roll(small, -1, axis=0)
        found = []
        for p in big:
            if inner.contains_point(p, radius=1e-9):
                continue
            ab, ap = (b - a) / span, (p - a) / span
            t = np.clip(np.sum(ap * ab, axis=1) / np.maximum(np.sum(ab * ab, axis=1),
                                                              1e-300), 0, 1)
            found.append((float(np.min(np.hypot(*(ap - t[:, None] * ab).T))), p))
        if not found:
            continue
        top = max(d for d, _ in found)
        if not 0 < top <= 0.03:
            continue
        text = f"{label}:\nthe thin outer ring"
        w = 0.55 * fontsize * px * max(len(x) for x in text.splitlines())
        h = 1.3 * fontsize * px * 2
        placed = False
        for _, p in [(d, p) for d, p in found if d >= top * (1 - 1e-9)]:
            for cand in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
                off = np.multiply(cand, (24 * px, 10 * px))
                anchor = axis.transData.transform(p) + off
                # the note's box: away from the vertex on both axes
                xs = anchor[0] + (np.array([0, w]) if cand[0] > 0 else np.array([-w, 0]))
                ys = anchor[1] + (np.array([0, h]) if cand[1] > 0 else np.array([-h, 0]))
                corners = axis.transData.inverted().transform(
                    [(x, y) for x in np.linspace(*xs, 4) for y in np.linspace(*ys, 3)])
                f = (corners - (x0, y0)) / span
                if np.all((f > 0.01) & (f < 0.99)) and \
                        not outer.contains_points(corners).any():
                    axis.annotate(text, xy=p, xytext=off / px, textcoords="offset points",
                                  ha="left" if cand[0] > 0 else "right",
                                  va="bottom" if cand[1] > 0 else "top",
                                  fontsize=fontsize, zorder=6,
                                  bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                        "edgecolor": "0.5", "linewidth": 0.4},
                                  arrowprops={"arrowstyle": "->", "color": "black",
                                              "lw": 0.6})
                    placed = True
                    break
            if placed:
                break


def payoff_set_panels(ds, ax=None, *, titles: Mapping[str, str] | None = None):
    """Two panels (``ax`` becomes the left one; the right one is added beside it): for
    each of two games, the nested equilibrium payoff sets, one per discount factor
    (largest first, smaller on top; identical sets drawn once with all their discount
    factors in the label), over the feasible set and the minmax lines.

    Parameters
    ----------
    ds : xarray.Dataset
        Over ``game`` (two games) and ``discount``: ``vertices`` (padded with NaN),
        ``num_vertices``, ``feasible`` (vertices of the feasible set, NaN-padded),
        ``minmax`` and ``game_name``.
    ax : matplotlib.axes.Axes, optional
        Must belong to a subplot grid (as from ``Figure.add_subplot``).
    titles : mapping, optional
        Panel titles by game name (the name itself otherwise).

    Returns
    -------
    matplotlib.axes.Axes
        The left panel.

    References
    ----------
    .. [1] Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of
       discounted repeated games with imperfect monitoring. *Econometrica* 58(5),
       1041-1063.
    .. [2] Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated games
       with perfect monitoring. *Theoretical Economics* 9(2), 313-338.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> square = [[0, 0], [4, 0], [4, 4], [0, 4]]
    >>> ds = xr.Dataset({"vertices": (("game", "discount", "vertex", "xy"),
    ...                               [[[[1, 1], [3, 1], [3, 3]]]] * 2),
    ...                  "num_vertices": (("game", "discount"), [[3], [3]]),
    ...                  "feasible": (("game", "corner", "xy"), [square, square]),
    ...                  "minmax": (("game", "xy"), [[1, 1], [1, 1]]),
    ...                  "game_name": ("game", ["a", "b"])},
    ...                 coords={"discount": [0.5]})
    >>> ax = payoff_set_panels(ds, titles={"a": "game A"})
    >>> ax.get_title(), len(ax.figure.axes)
    ('game A', 2)
    """
    require_variables("payoff_set_panels", ds, ["discount", "game_name", "feasible",
                                                "minmax", "num_vertices", "vertices"])
    from matplotlib.patches import Polygon  # matplotlib on first use (import cost)

    with publication_style():
        ax = axes_or_new(ax, (6.8, 3.2))
        fig = ax.figure
        spec = ax.get_subplotspec().subgridspec(1, 2, wspace=0.22)
        ax.set_subplotspec(spec[0])
        ax2 = fig.add_subplot(spec[1])
        palette = [OKABE_ITO[c] for c in ("black", "blue", "reddish_purple", "vermillion",
                                          "orange", "bluish_green", "sky_blue")]
        # one outline style per drawn set: a set whose ring around the next smaller one
        # is thin still shows its own edge
        styles = ["solid", "dashed", "dashdot", (0, (1, 1)), (0, (5, 1, 1, 1, 1, 1))]
        deltas = np.asarray(ds["discount"].values, dtype=float)
        titles = dict(titles or {})
        for axis, g, letter in ((ax, 0, "(a)"), (ax2, 1, "(b)")):
            name = str(ds["game_name"].values[g])
            feas = np.asarray(ds["feasible"].values[g], dtype=float)
            feas = feas[np.isfinite(feas[:, 0])]
            axis.add_patch(Polygon(feas, closed=True, facecolor="#EEEEEE",
                                   edgecolor="#999999", linewidth=0.6,
                                   label="feasible set"))
            mm = np.asarray(ds["minmax"].values[g], dtype=float)
            axis.axvline(mm[0], color="#999999", linewidth=0.5, linestyle=":")
            axis.axhline(mm[1], color="#999999", linewidth=0.5, linestyle=":")
            drawn = []   # (d, key)
            rings = []   # (vertices, label) of the 2-D sets, largest first
            polys = 0    # 2-D sets drawn
            for d in range(len(deltas) - 1, -1, -1):  # largest first, smaller on top
                n = int(ds["num_vertices"].values[g, d])
                v = np.asarray(ds["vertices"].values[g, d, :n], dtype=float)
                color = palette[d % len(palette)]
                key = tuple(np.round(v, 9).ravel())
                if any(k == key for _, k in drawn):  # identical to a set drawn already
                    continue
                label_ds = [deltas[dd] for dd in range(len(deltas))
                            if int(ds["num_vertices"].values[g, dd]) == n
                            and np.allclose(np.asarray(ds["vertices"].values[g, dd, :n],
                                                       dtype=float), v)]
                label = "δ = " + ", ".join(f"{x:g}" for x in sorted(label_ds))
                drawn.append((d, key))
                if n >= 3:
                    # hatched, and outlined in black with its own line style
                    kw = dict(closed=True, facecolor=color, edgecolor="black",
                              linewidth=0.9, linestyle=styles[polys % len(styles)],
                              hatch=region_hatch(len(drawn)))
                    axis.add_patch(Polygon(v, label=label, **kw))
                    polys += 1
                    rings.append((v, label))
                elif n == 2:
                    axis.plot(v[:, 0], v[:, 1], color=color, linewidth=2.2,
                              solid_capstyle="round", label=label)
                else:
                    axis.plot(v[:, 0], v[:, 1], marker="o", color=color, markersize=5,
                              linestyle="none", label=label, markeredgecolor="black",
                              markeredgewidth=0.5, zorder=5)
            lo = np.nanmin(feas, axis=0)
            hi = np.nanmax(feas, axis=0)
            pad = 0.04 * (hi - lo)
            axis.set_xlim(lo[0] - pad[0], hi[0] + pad[0])
            axis.set_ylim(lo[1] - pad[1], hi[1] + pad[1])
            _point_at_thin_rings(axis, rings)
            axis.set_title(titles.get(name, name))
            axis.set_title(letter, loc="left", fontweight="bold")
            axis.set_xlabel("payoff of player 1")
            axis.set_ylabel("payoff of player 2")
            # legend in increasing δ (feasible set first), read along the rows: the
            # entries are passed column by column, as Matplotlib fills a legend
            handles, labels = axis.get_legend_handles_labels()
            order = sorted(range(len(labels)), key=lambda i: (
                labels[i].startswith("δ"),
                float(labels[i].split("=")[1].split(",")[0]) if "=" in labels[i] else 0.0))
            order = order[0::2] + order[1::2]
            axis.legend([handles[i] for i in order], [labels[i] for i in order],
                        loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2,
                        fontsize=6, handlelength=2.4)
    return ax
