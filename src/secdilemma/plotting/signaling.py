"""Costly signals of reassurance: which perfect Bayesian equilibria exist over the
gesture cost and the prior trust, which survive the Intuitive Criterion, and how trust
is built gradually by a sequence of gestures.

Kydd (2000): a trustworthy state can reassure by a costly gesture that a greedy state
would not make; separation needs T_G ≤ k̄ ≤ R_S, and the Intuitive Criterion (Cho and
Kreps 1987) eliminates pooling without a gesture there. The figures take datasets and
never call a solver.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Mapping, Sequence

import numpy as np

from ..errors import InvalidParameterError
from ._axes import axes_or_new, require_variables
from .regime_map import draw_region_curves, region_hatch
from .style import publication_style

__all__ = ["reassurance_region_map", "refinement_dot_chart", "trust_path_plot"]

_GUIDES = {r"$T_G$": 2.0, r"$R_S$": 3.0}


def reassurance_region_map(ds, ax=None, *, labels: Sequence[str], colors: Sequence[str],
                           guides: Mapping[str, float] = _GUIDES,
                           samples: Sequence[tuple[float, float]] = ()):
    r"""The map of equilibrium classes over gesture cost and prior trust (cells and
    their boundary curves), the receiver's threshold π_r* (dashed), vertical guides
    (dotted; by default :math:`\bar k = T_G, R_S`) and marked sample points.

    Parameters
    ----------
    ds : xarray.Dataset
        ``region`` over (``gesture_cost`` in [0, 4], ``trust`` in [0, 1]): the
        index of the region in ``labels`` (negative: none); attribute
        ``threshold_exact`` (π_r* as a fraction string).
    ax : matplotlib.axes.Axes, optional
    labels, colors : sequence of str
        Legend label and colour of each region index.
    guides : mapping of str to float
        Label → gesture cost of each vertical guide.
    samples : sequence of (float, float)
        Points (k̄, μ₀) to mark.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8. MIT Press.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> k, mu = np.linspace(0.1, 3.9, 5), np.linspace(0.05, 0.95, 4)
    >>> region = np.add.outer(mu > 0.5, (k > 2) & (k < 3)).astype(int)
    >>> ds = xr.Dataset({"region": (("trust", "gesture_cost"), region)},
    ...                 coords={"gesture_cost": k, "trust": mu},
    ...                 attrs={"threshold_exact": "1/2"})
    >>> ax = reassurance_region_map(ds, labels=["a", "b", "c"],
    ...                             colors=["#E69F00", "#009E73", "#D55E00"])
    >>> [t.get_text() for t in ax.get_legend().get_texts()][:4]
    ['a', 'b', 'c', "receiver's threshold $\\pi_r^*$"]
    """
    require_variables("reassurance_region_map", ds, ["region", "gesture_cost",
                                                     "trust"])
    threshold = ds.attrs.get("threshold_exact")
    try:  # a Fraction of the ratio string: parsed as digits, never evaluated
        pi = float(Fraction(str(threshold)))
    except (ValueError, ZeroDivisionError):
        raise InvalidParameterError(
            "reassurance_region_map(): ds.attrs['threshold_exact'] must give the "
            f"receiver's threshold as a ratio such as '1/2'; got {threshold!r}") from None
    region = ds["region"].transpose("trust", "gesture_cost")
    k = np.asarray(ds["gesture_cost"].values)
    mu = np.asarray(ds["trust"].values)
    ke = np.concatenate([[0.0], (k[1:] + k[:-1]) / 2, [4.0]])
    me = np.concatenate([[0.0], (mu[1:] + mu[:-1]) / 2, [1.0]])
    vals = np.ma.masked_less(np.asarray(region.values), 0)
    # matplotlib is imported on first use (measured import cost)
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    colors = list(colors)
    with publication_style():
        ax = axes_or_new(ax, (3.4, 3.6))
        cmap = ListedColormap(colors)
        norm = BoundaryNorm(np.arange(len(labels) + 1) - 0.5, len(labels))
        ax.pcolormesh(ke, me, vals, cmap=cmap, norm=norm, shading="flat", rasterized=True)
        # region boundaries as curves between the grid points
        draw_region_curves(ax, k, mu, np.ma.filled(vals, -1).astype(int), colors,
                           hatches=[region_hatch(i) for i in range(len(colors))])
        ax.axhline(pi, color="black", linewidth=0.7, linestyle="--")
        for x in guides.values():
            ax.axvline(x, color="black", linewidth=0.6, linestyle=":")
        for lab, x in guides.items():
            ax.text(float(x), 1.01, lab, ha="center", va="bottom", fontsize=7,
                    transform=ax.get_xaxis_transform())
        ax.text(3.95, pi + 0.01, r"$\pi_r^*$", ha="right", va="bottom", fontsize=7,
                bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none"))
        ax.plot([float(kk) for kk, _ in samples], [float(m) for _, m in samples],
                linestyle="none", marker="o", markersize=2.5, color="white",
                markeredgecolor="black", markeredgewidth=0.5, zorder=4)
        from matplotlib.lines import Line2D  # import cost: first use

        ax.set_xlim(0, 4)
        ax.set_ylim(0, 1)
        ax.set_xlabel(r"gesture cost $\bar k$")
        ax.set_ylabel(r"prior trust $\mu_0$")
        handles = [Patch(facecolor=c, edgecolor="0.15", linewidth=0.5,
                         hatch=region_hatch(i), label=lab)
                   for i, (c, lab) in enumerate(zip(colors, labels))]
        handles.append(Line2D([], [], color="black", linewidth=0.7, linestyle="--",
                              label=r"receiver's threshold $\pi_r^*$"))
        if guides:
            handles.append(Line2D([], [], color="black", linewidth=0.6, linestyle=":",
                                  label="gesture cost " + ", ".join(guides)))
        if len(samples):
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=2.5,
                                  color="white", markeredgecolor="black",
                                  markeredgewidth=0.5,
                                  label="points checked against the solver"))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2),
                  ncol=2, fontsize=5.5, frameon=False, handlelength=1.2,
                  columnspacing=0.8)
    return ax


def refinement_dot_chart(ds, ax=None, *, rows: Sequence[str],
                         row_labels: Sequence[str] | None = None,
                         band: tuple[float, float] | None = (2.0, 3.0),
                         guides: Mapping[str, float] = _GUIDES,
                         xlabel: str = r"gesture cost $\bar k$"):
    """Dot chart over the gesture cost, one row per equilibrium class: a filled dot
    where the class exists and survives the Intuitive Criterion, an open dot where it
    exists and is eliminated.

    Parameters
    ----------
    ds : xarray.Dataset
        Over ``gesture_cost``: ``exists_<row>`` and ``intuitive_<row>`` (bool) for each
        row.
    ax : matplotlib.axes.Axes, optional
    rows : sequence of str
        The classes, top to bottom (at most three).
    row_labels : sequence of str, optional
        Their tick labels (default: the names).
    band : (float, float) or None
        A shaded range of gesture costs (by default T_G < k̄ < R_S).
    guides : mapping of str to float
        Label → gesture cost, written above the axes.
    xlabel : str

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
       *Quarterly Journal of Economics* 102(2), 179-221.
    .. [2] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> k = np.linspace(0.5, 3.5, 4)
    >>> ds = xr.Dataset({"exists_a": ("gesture_cost", [True] * 4),
    ...                  "intuitive_a": ("gesture_cost", [True, False, True, True])},
    ...                 coords={"gesture_cost": k})
    >>> [t.get_text() for t in refinement_dot_chart(ds, rows=["a"]).get_yticklabels()]
    ['a']
    """
    needed = [f"{v}_{r}" for r in rows for v in ("exists", "intuitive")]
    require_variables("refinement_dot_chart", ds, ["gesture_cost", *needed])
    k = np.asarray(ds["gesture_cost"].values)
    from matplotlib.lines import Line2D  # matplotlib on first use (import cost)

    colors = ("#009E73", "#D55E00", "#E69F00")
    rows = list(rows)
    with publication_style():
        ax = axes_or_new(ax, (3.4, 2.4))
        if band is not None:
            ax.axvspan(band[0], band[1], color="0.92", zorder=0, linewidth=0)
        for row, (c, color) in enumerate(zip(rows, colors)):
            y = len(rows) - 1 - row
            ex = np.asarray(ds[f"exists_{c}"].values, dtype=bool)
            ic = np.asarray(ds[f"intuitive_{c}"].values, dtype=bool)
            ax.plot(k[ex & ic], np.full(int(np.sum(ex & ic)), y), linestyle="none",
                    marker="o", markersize=3.2, color=color, markeredgecolor=color)
            ax.plot(k[ex & ~ic], np.full(int(np.sum(ex & ~ic)), y), linestyle="none",
                    marker="o", markersize=3.2, markerfacecolor="white",
                    markeredgecolor=color, markeredgewidth=0.8)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels(list(reversed(list(row_labels or rows))), fontsize=6.5)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlim(0, 4.1)
        ax.set_xlabel(xlabel)
        for lab, x in guides.items():
            ax.text(x, 1.01, lab, ha="center", va="bottom", fontsize=7,
                    transform=ax.get_xaxis_transform())
        handles = [Line2D([], [], linestyle="none", marker="o", markersize=3.2, color="0.3",
                          label="survives the Intuitive Criterion"),
                   Line2D([], [], linestyle="none", marker="o", markersize=3.2,
                          markerfacecolor="white", markeredgecolor="0.3",
                          label="eliminated")]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2,
                  fontsize=6, frameon=False)
    return ax


def trust_path_plot(ds, ax=None, *, threshold: float = 0.5, inset_rounds: int = 4):
    """Posterior trust over the rounds of gradual trust building, one path per number
    of rounds T (main axes), and the gesture costs of one path (inset bar chart).

    Parameters
    ----------
    ds : xarray.Dataset
        ``trust`` and ``gesture`` over (``total_rounds``, ``round``), NaN-padded (at
        most four values of ``total_rounds``).
    ax : matplotlib.axes.Axes, optional
    threshold : float
        The receiver's threshold π_r* (dashed line).
    inset_rounds : int
        The T whose gestures the inset shows.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8. MIT Press.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> trust = [[0.2, 0.5, np.nan], [0.2, 0.3, 0.5]]
    >>> gesture = [[np.nan, 1.0, np.nan], [np.nan, 0.5, 0.6]]
    >>> ds = xr.Dataset({"trust": (("total_rounds", "round"), trust),
    ...                  "gesture": (("total_rounds", "round"), gesture)},
    ...                 coords={"total_rounds": [1, 2], "round": [0, 1, 2]})
    >>> ax = trust_path_plot(ds, inset_rounds=2)
    >>> ax.child_axes[0].get_title()
    'gestures $k_t$ ($T=2$)'
    """
    require_variables("trust_path_plot", ds, ["trust", "gesture", "total_rounds"])
    colors = ("#000000", "#E69F00", "#0072B2", "#009E73")
    rounds = [int(T) for T in ds["total_rounds"].values]
    longest = max(rounds)
    with publication_style():
        ax = axes_or_new(ax)
        for T, color in zip(rounds, colors):
            y = np.asarray(ds["trust"].sel(total_rounds=T).values)
            ax.plot(np.arange(T + 1), y[:T + 1], marker="o", markersize=2.5, color=color,
                    linewidth=1.0, label=f"T = {T}")
        ax.axhline(threshold, color="0.3", linestyle="--", linewidth=0.7)
        # the threshold named on its line between the paths' ends (not on a marker)
        ends = sorted(set(rounds))
        gap = max(zip(np.diff(ends), ends[:-1]), default=(0, longest - 1))
        ax.text(gap[1] + gap[0] / 2 if len(ends) > 1 else longest / 2,
                threshold + 0.005, r"$\pi_r^*$", fontsize=7, va="bottom", ha="center")
        ax.set_xlim(-0.2, longest + 0.2)
        ax.set_ylim(0.15, 0.6)
        ax.set_xticks(range(longest + 1))
        ax.set_xlabel(r"round $t$")
        ax.set_ylabel(r"posterior trust $\mu_t$")
        ax.legend(loc="upper center", fontsize=6, frameon=False, ncol=4,
                  handlelength=1.5, columnspacing=0.8)
        ins = ax.inset_axes([0.6, 0.1, 0.37, 0.3])
        k = np.asarray(ds["gesture"].sel(total_rounds=inset_rounds).values)[1:inset_rounds + 1]
        ins.bar(np.arange(1, inset_rounds + 1), k, color="#0072B2", width=0.6)
        ins.set_xticks(range(1, inset_rounds + 1))
        ins.tick_params(labelsize=5)
        ins.set_title(rf"gestures $k_t$ ($T={inset_rounds}$)", fontsize=5.5, pad=2)
    return ax
