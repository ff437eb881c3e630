"""Interdependence and the technology security dilemma: where cooperation survives
along interdependence and trust, sanction spirals under misperception, when third states
can hedge, and when interdependence reassures.

These are our formalisations of verbal arguments (Lim; Tiong and Li 2023) with the
machinery of Kydd (2000, 2005), Axelrod (1984), Boyd (1989) and Farrell and Newman
(2019). The figures take datasets and never call a solver.
"""

from __future__ import annotations

import warnings
from typing import Mapping, Sequence

import numpy as np

from ..errors import InvalidParameterError
from ._axes import axes_or_new, require_variables
from .regime_map import draw_region_curves, region_hatch
from .style import publication_style

__all__ = ["interdependence_map", "sanction_spiral_plot", "hedging_map",
           "interdependence_reassurance_panels"]

_OKABE = ("#009E73", "#56B4E9", "#E69F00", "#D55E00", "#CC79A7", "#0072B2")
_INTERDEPENDENCE_LABELS = ("all open", "S open, G coerces", "one G open, one coerces",
                           "no cooperation")
_SPIRAL_LABELS = {"tft": "TFT", "ctft": "contrite TFT", "wsls": "WSLS",
                  "gtft": "generous TFT", "grim": "grim trigger"}
_HEDGING_LABELS = ("no hedging equilibrium", "hedging with engagement",
                   "hedging under restriction", "both")


#: a white box behind a text set on a hatched region
_TEXT_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
             "alpha": 0.85}


def _edges(c, lo, hi):
    return np.concatenate([[lo], (c[1:] + c[:-1]) / 2, [hi]])


def _categorical(ax, xc, yc, values, colors, xlim, ylim, *, outline=True, hatches=None):
    from matplotlib.colors import BoundaryNorm, ListedColormap  # import cost: first use

    cmap = ListedColormap(colors)
    norm = BoundaryNorm(np.arange(len(colors) + 1) - 0.5, len(colors))
    ax.pcolormesh(_edges(xc, *xlim), _edges(yc, *ylim), values, cmap=cmap, norm=norm,
                  shading="flat", rasterized=True)
    # the regions' boundaries as curves between the grid points (the cells stay
    # underneath, out to the axes' limits)
    draw_region_curves(ax, xc, yc, np.ma.filled(np.ma.masked_invalid(values), -1)
                       .astype(int), colors, linewidth=0.7 if outline else 0.0,
                       hatches=hatches if hatches is not None else
                       [region_hatch(k) for k in range(len(colors))])
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)


def _samples(ax, xs, ys):
    """Mark the points whose numbers the reproduction checks (white circles)."""
    if len(xs):
        ax.plot(xs, ys, linestyle="none", marker="o", markersize=2.5, color="white",
                markeredgecolor="black", markeredgewidth=0.5, zorder=4,
                label="points checked against the solver")


def _legend(ax, colors, labels, ncol=2):
    from matplotlib.lines import Line2D  # import cost: first use
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=c, edgecolor="0.15", linewidth=0.5, hatch=region_hatch(k),
                     label=lab)
               for k, (c, lab) in enumerate(zip(colors, labels))]
    for line in ax.lines:
        if line.get_label() == "points checked against the solver":
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=2.5,
                                  color="white", markeredgecolor="black",
                                  markeredgewidth=0.5, label=line.get_label()))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=ncol,
              fontsize=5.5, frameon=False, handlelength=1.2, columnspacing=0.8)


def interdependence_map(ds, ax=None, *, samples: Sequence[tuple[float, float]] = (),
                        labels: Sequence[str] = _INTERDEPENDENCE_LABELS):
    """Regime map over interdependence and (symmetric) trust, with the trust threshold
    π*(x), the edge beyond which the restriction spiral is also an equilibrium, and
    marked sample points.

    Parameters
    ----------
    ds : xarray.Dataset
        Over ``interdependence`` × ``trust`` (both in [0, 1]): ``regime`` (codes 0-3),
        ``trust_threshold`` and ``spiral_is_equilibrium``.
    ax : matplotlib.axes.Axes, optional
    samples : sequence of (float, float)
        Points (x, p) to mark.
    labels : sequence of str
        Legend labels of the four regime codes.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*.
       Princeton University Press.
    .. [2] Farrell, H. and Newman, A. L. (2019). Weaponized interdependence.
       *International Security* 44(1), 42-79.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> x, p = np.linspace(0.05, 0.95, 4), np.linspace(0.05, 0.95, 3)
    >>> regime = np.add.outer(p > 0.5, x > 0.5).astype(int)
    >>> ds = xr.Dataset({"regime": (("trust", "interdependence"), regime),
    ...                  "trust_threshold": (("trust", "interdependence"),
    ...                                      np.tile(0.5 + 0.3 * x, (3, 1))),
    ...                  "spiral_is_equilibrium": (("trust", "interdependence"),
    ...                                            np.tile(x > 0.7, (3, 1)))},
    ...                 coords={"interdependence": x, "trust": p})
    >>> interdependence_map(ds).get_xlabel()
    'interdependence $x$'
    """
    require_variables("interdependence_map", ds, ["interdependence", "trust", "regime",
                                                  "trust_threshold",
                                                  "spiral_is_equilibrium"])
    x = np.asarray(ds["interdependence"].values)
    p = np.asarray(ds["trust"].values)
    regime = np.asarray(ds["regime"].transpose("trust", "interdependence").values)
    with publication_style():
        ax = axes_or_new(ax, (3.4, 3.6))
        # green, sky blue, orange, vermilion: no two adjacent blues; the hatching tells
        # orange from vermilion where colour vision does not
        colors = [_OKABE[0], _OKABE[1], _OKABE[2], _OKABE[3]]
        _categorical(ax, x, p, regime, colors, (0, 1), (0, 1))
        thr = np.asarray(ds["trust_threshold"].isel(trust=0).values)
        ax.plot(x, thr, color="black", linewidth=0.9)
        ax.text(0.97, float(thr[-1]) - 0.04, r"$\pi^*(x)$", ha="right", va="top", fontsize=7,
                bbox=_TEXT_BOX)
        spiral = x[np.asarray(ds["spiral_is_equilibrium"].isel(trust=0).values, bool)]
        if spiral.size:
            x0 = float(spiral.min()) - 0.005
            ax.axvline(x0, color="black", linewidth=0.7, linestyle=":")
            ax.text(x0 + 0.01, 0.97, "restriction spiral\nalso a BNE", ha="left",
                    va="top", fontsize=6, bbox=_TEXT_BOX)
        xs = [float(a) for a, _ in samples]
        ps = [float(b) for _, b in samples]
        _samples(ax, xs, ps)
        ax.set_xlabel(r"interdependence $x$")
        ax.set_ylabel(r"trust $p_1 = p_2$")
        _legend(ax, colors, labels)
    return ax


def sanction_spiral_plot(ds, ax=None, *, discount: float,
                         strategies: Sequence[str] = ("tft", "ctft", "wsls", "gtft"),
                         labels: Mapping[str, str] | None = None):
    """Two stacked panels: (top) the critical discount factor of contrite TFT and grim
    trigger against misperception, with the discount factor ``discount`` and each
    strategy's noise tolerance there; (bottom) the expected length of a sanction spiral
    of each strategy (log scale).

    Parameters
    ----------
    ds : xarray.Dataset
        Over ``noise``: ``critical_discount_ctft``, ``critical_discount_grim``;
        ``spiral_length_<s>`` for each of ``strategies``, over ``noise`` or a noise
        grid of their own (their one dimension, e.g. a finer ``spiral_noise``; the
        point ε = 0, where no spiral starts, is left out); attributes
        ``noise_tolerance_ctft`` and ``noise_tolerance_grim``.
    ax : matplotlib.axes.Axes, optional
        Turned off; the two panels are insets of it.
    discount : float
    strategies : sequence of str
        Keys among ``tft``, ``ctft``, ``wsls``, ``gtft``.
    labels : mapping, optional
        Legend label by strategy key (defaults: TFT, contrite TFT, ...).

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Boyd, R. (1989). Mistakes allow evolutionary stability in the repeated
       Prisoner's Dilemma game. *Journal of Theoretical Biology* 136(1), 47-56.
    .. [2] Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> eps = np.linspace(0, 0.3, 4)
    >>> ds = xr.Dataset({"critical_discount_ctft": ("noise", 0.5 + eps),
    ...                  "critical_discount_grim": ("noise", 0.5 + 2 * eps),
    ...                  "spiral_length_tft": ("noise", [np.inf, 9.0, 5.0, 3.0]),
    ...                  "spiral_length_ctft": ("noise", [np.inf, 3.0, 2.5, 2.2])},
    ...                 coords={"noise": eps},
    ...                 attrs={"noise_tolerance_ctft": 0.3, "noise_tolerance_grim": 0.2})
    >>> ax = sanction_spiral_plot(ds, discount=0.9, strategies=("tft", "ctft"))
    >>> len(ax.child_axes)
    2
    """
    lengths = [f"spiral_length_{s}" for s in strategies]
    require_variables("sanction_spiral_plot", ds, ["noise", "critical_discount_ctft",
                                                   "critical_discount_grim", *lengths])
    from matplotlib.ticker import NullFormatter, ScalarFormatter  # import cost: first use

    labels = {**_SPIRAL_LABELS, **(labels or {})}
    eps = np.asarray(ds["noise"].values)
    with publication_style():
        ax = axes_or_new(ax, (3.4, 4.2))
        ax.set_axis_off()
        top = ax.inset_axes([0.0, 0.6, 1.0, 0.4])
        bottom = ax.inset_axes([0.0, 0.0, 1.0, 0.4])
        ended = False
        for s, c, mfc in (("ctft", _OKABE[5], _OKABE[5]), ("grim", _OKABE[2], "white")):
            crit = np.asarray(ds[f"critical_discount_{s}"].values, dtype=float)
            top.plot(eps, crit, color=c, linewidth=1.0, label=labels[s])
            finite = np.nonzero(np.isfinite(crit))[0]
            if finite.size and finite[-1] < crit.size - 1:
                # the curve stops: beyond, no discount factor below 1 sustains the
                # strategy (its critical δ would be 1 or more)
                top.plot([eps[finite[-1]]], [crit[finite[-1]]], linestyle="none",
                         marker="x", markersize=4, color=c, markeredgewidth=1.0)
                ended = True
            tol = float(ds.attrs[f"noise_tolerance_{s}"])
            # the tolerance marked on the δ line and dropped to the axis: the two
            # tolerances are close, the drop lines tell them apart
            top.vlines(tol, 0.4, discount, colors=c, linewidth=0.6, linestyles="dashed")
            # small: the two tolerances are close, their markers must not overlap
            top.plot([tol], [discount], linestyle="none", marker="o", markersize=2.4,
                     color=c, markerfacecolor=mfc, markeredgewidth=0.8, zorder=4)
        top.axhline(discount, color="0.3", linewidth=0.6, linestyle=":",
                    label=f"discount factor δ = {discount:g}")
        top.set_ylabel(r"critical $\delta$ (SPE)")
        top.set_ylim(0.4, 1.0)
        top.set_xlim(0, float(eps[-1]))
        from matplotlib.lines import Line2D  # import cost: first use

        handles, names = top.get_legend_handles_labels()
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=2.4,
                              color="0.3"))
        names.append(f"noise tolerance at δ = {discount:g}")
        if ended:
            handles.append(Line2D([], [], linestyle="none", marker="x", markersize=4,
                                  color="0.3"))
            names.append("ends: beyond, no δ < 1 suffices")
        # the legend in the band between the panels, off the curves and the δ line
        top.legend(handles, names, fontsize=5.5, frameon=False, loc="upper center",
                   bbox_to_anchor=(0.5, -0.03), ncol=2, columnspacing=1.0,
                   borderaxespad=0.0)
        for panel, letter in ((top, "(a)"), (bottom, "(b)")):
            panel.set_title(letter, loc="left", fontsize=8, fontweight="bold", pad=2)
        top.tick_params(labelbottom=False)
        colors = {"tft": _OKABE[3], "ctft": _OKABE[5], "wsls": _OKABE[0], "gtft": _OKABE[4]}
        shown_lengths = []
        for s in strategies:
            length = ds[f"spiral_length_{s}"]  # over its own noise grid (maybe finer)
            x = np.asarray(length[length.dims[0]].values, dtype=float)
            y = np.asarray(length.values, dtype=float)
            shown = x > 0  # no spiral without misperception (infinite length)
            bottom.plot(x[shown], y[shown], color=colors[s], linewidth=1.0,
                        label=labels[s])
            shown_lengths.append(y[shown][np.isfinite(y[shown])])
        bottom.set_yscale("log")
        bottom.yaxis.set_major_formatter(ScalarFormatter())
        bottom.yaxis.set_minor_formatter(NullFormatter())
        values = np.concatenate(shown_lengths) if shown_lengths else np.array([])
        low = float(values.min()) if values.size else 2.0
        high = float(values.max()) if values.size else 50.0
        # 1-2-5 ticks over the spirals shown (setting ticks outside the data would
        # stretch the axis to them), so that every curve is read off
        bottom.set_yticks([t for t in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000,
                                       5000) if 0.9 * low <= t <= max(high, 5)])
        bottom.set_xlim(0, float(eps[-1]))
        bottom.set_xlabel(r"misperception $\varepsilon$")
        bottom.set_ylabel("expected spiral length")
        bottom.legend(fontsize=6, frameon=False, loc="upper right", ncol=2)
    return ax


def hedging_map(ds, ax=None, *, parameters: Mapping[str, float],
                samples: Sequence[tuple[float, float]] = (),
                labels: Sequence[str] = _HEDGING_LABELS, noise: float | None = None):
    """Hedging regimes of a third state over the hedging gain h and the leakage ℓ,
    with the guides h = b, h = b + σ, ℓ = θ - e and ℓ = v, and marked sample points.

    Parameters
    ----------
    ds : xarray.Dataset
        ``regime`` (codes 0-3) over ``hedging_gain`` in [0, 6] × ``leakage`` in [0, 3].
    ax : matplotlib.axes.Axes, optional
    parameters : mapping
        The model's ``alignment_benefit`` (b), ``restriction_gain`` (θ),
        ``engagement_gain`` (e), ``exploitation_loss`` (v) and ``sanction_cost`` (σ),
        as in :class:`~secdilemma.models.ThirdStateModel`.
    samples : sequence of (float, float)
        Points (h, ℓ) to mark.
    labels : sequence of str
        Legend labels of the four regime codes.
    noise : float, optional
        Deprecated name of σ (it is the model's ``sanction_cost``, not a noise): give
        ``parameters["sanction_cost"]`` instead.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Farrell, H. and Newman, A. L. (2019). Weaponized interdependence.
       *International Security* 44(1), 42-79.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> h, ell = np.linspace(0.5, 5.5, 4), np.linspace(0.25, 2.75, 3)
    >>> ds = xr.Dataset({"regime": (("leakage", "hedging_gain"),
    ...                             np.add.outer(ell > 1, h > 2).astype(int))},
    ...                 coords={"hedging_gain": h, "leakage": ell})
    >>> ax = hedging_map(ds, parameters={"alignment_benefit": 2, "restriction_gain": 4,
    ...                                  "engagement_gain": 3, "exploitation_loss": 2,
    ...                                  "sanction_cost": 2})
    >>> ax.get_xlabel()
    'hedging gain $h$'
    """
    require_variables("hedging_map", ds, ["hedging_gain", "leakage", "regime"])
    sigma = _sanction_cost(parameters, noise)
    h = np.asarray(ds["hedging_gain"].values)
    ell = np.asarray(ds["leakage"].values)
    regime = np.asarray(ds["regime"].transpose("leakage", "hedging_gain").values)
    with publication_style():
        ax = axes_or_new(ax, (3.4, 3.6))
        colors = ["0.85", _OKABE[0], _OKABE[2], _OKABE[1]]
        _categorical(ax, h, ell, regime, colors, (0, 6), (0, 3))
        b = parameters["alignment_benefit"]
        for x, lab in ((b, r"$b$"), (b + sigma, r"$b+\sigma$")):
            ax.axvline(x, color="black", linewidth=0.6, linestyle=":")
            ax.text(x, 1.01, lab, ha="center", va="bottom", fontsize=7,
                    transform=ax.get_xaxis_transform())
        te = parameters["restriction_gain"] - parameters["engagement_gain"]
        ax.axhline(te, color="black", linewidth=0.6, linestyle="--")
        ax.text(0.1, te + 0.05, r"$\ell = \theta - e$", fontsize=7, va="bottom")
        v = parameters["exploitation_loss"]
        ax.axhline(v, xmin=4 / 6, color="black", linewidth=0.6, linestyle=":")
        ax.text(5.9, v + 0.05, r"$\ell = v$", fontsize=7, va="bottom", ha="right")
        _samples(ax, [float(a) for a, _ in samples], [float(c) for _, c in samples])
        ax.set_xlabel(r"hedging gain $h$")
        ax.set_ylabel(r"leakage $\ell$")
        _legend(ax, colors, labels)
    return ax


def _sanction_cost(parameters: Mapping[str, float], noise) -> float:
    """σ of :func:`hedging_map`: ``parameters["sanction_cost"]``, or the deprecated
    ``noise`` argument (with a warning); both given must agree."""
    given = parameters.get("sanction_cost")
    if noise is not None:
        warnings.warn("hedging_map(): noise is deprecated; σ is the model's "
                      "sanction_cost: give parameters['sanction_cost'] instead",
                      DeprecationWarning, stacklevel=3)
        if given is not None and float(given) != float(noise):
            raise InvalidParameterError(
                "hedging_map(): noise (deprecated) must equal parameters['sanction_cost'] "
                f"when both are given; got noise={noise!r}, sanction_cost={given!r}")
        return float(noise)
    if given is None:
        raise InvalidParameterError(
            "hedging_map(): parameters must include sanction_cost (σ, the line h = b + σ); "
            f"got keys {sorted(parameters)}")
    return float(given)


def interdependence_reassurance_panels(ds, ax=None, *,
                                       cases: Mapping[str, Mapping[str, float]]):
    """Two panels, one per case: the separating region (shaded) over interdependence
    and gesture cost, between the leverage line T_G(x) (dashed) and the stake line
    R_S(x) (solid).

    Parameters
    ----------
    ds : xarray.Dataset
        ``separating_is_equilibrium`` over ``case`` × ``interdependence`` in [0, 1] ×
        ``gesture_cost`` in [0, 5].
    ax : matplotlib.axes.Axes, optional
        Turned off; the panels are insets of it.
    cases : mapping
        Two cases (the first reassures, the second backfires), each with
        ``stake_base``, ``stake_slope``, ``leverage_base``, ``leverage_slope``.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> x, k = np.linspace(0.1, 0.9, 3), np.linspace(0.5, 4.5, 4)
    >>> sep = np.stack([np.ones((3, 4), dtype=int)] * 2)
    >>> dims = ("case", "interdependence", "gesture_cost")
    >>> ds = xr.Dataset({"separating_is_equilibrium": (dims, sep)},
    ...                 coords={"case": ["up", "down"], "interdependence": x,
    ...                         "gesture_cost": k})
    >>> line = {"stake_base": 1, "stake_slope": 1, "leverage_base": 0, "leverage_slope": 1}
    >>> ax = interdependence_reassurance_panels(ds, cases={"up": line, "down": line})
    >>> len(ax.child_axes)
    2
    """
    require_variables(
        "interdependence_reassurance_panels", ds, ["interdependence", "gesture_cost",
                                                   "separating_is_equilibrium"])
    # matplotlib is imported on first use (measured import cost)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    x = np.asarray(ds["interdependence"].values)
    k = np.asarray(ds["gesture_cost"].values)
    with publication_style():
        ax = axes_or_new(ax, (3.4, 2.8))
        ax.set_axis_off()
        for j, name in enumerate(cases):
            sub = ax.inset_axes([0.0 + 0.56 * j, 0.0, 0.44, 1.0])
            sep = np.asarray(ds["separating_is_equilibrium"].sel(case=name).transpose(
                "gesture_cost", "interdependence").values)
            # no outline: the lines R_S and T_G drawn below are the boundaries (an
            # outline would hide that T_G is dashed)
            _categorical(sub, x, k, sep, ["0.9", _OKABE[0]], (0, 1), (0, 5),
                         outline=False, hatches=["", "////"])
            case = cases[name]
            sub.plot(x, case["stake_base"] + case["stake_slope"] * x, color="black",
                     linewidth=0.8)
            sub.plot(x, case["leverage_base"] + case["leverage_slope"] * x, color="black",
                     linewidth=0.8, linestyle="--")
            sub.set_title(f"{'(a)' if j == 0 else '(b)'} stake grows "
                          f"{'faster' if j == 0 else 'slower'}\nthan leverage: "
                          f"{'reassures' if j == 0 else 'backfires'}", fontsize=7)
            sub.set_xlabel(r"interdependence $x$")
            if j == 0:
                sub.set_ylabel(r"gesture cost $\bar k$")
            else:
                sub.tick_params(labelleft=False)
        handles = [Patch(facecolor=_OKABE[0], edgecolor="0.15", linewidth=0.5,
                         hatch="////", label="separating PBE"),
                   Line2D([], [], color="black", linewidth=0.8, label=r"$R_S(x)$"),
                   Line2D([], [], color="black", linewidth=0.8, linestyle="--",
                          label=r"$T_G(x)$")]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3,
                  fontsize=6, frameon=False)
    return ax
