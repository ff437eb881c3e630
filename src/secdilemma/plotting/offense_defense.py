"""The offence–defence regime map: harmony, stag hunt and prisoner's dilemma over the
offence advantage and the loss from being exploited.

Jervis (1978) argued that whether the security dilemma bites depends on whether offence
or defence has the advantage; formalised as a stage game whose class (harmony, stag hunt,
prisoner's dilemma) changes with the offence advantage θ and the loss L from being
exploited, the boundaries are θ = k/L and θ = k/g. The figure takes a swept dataset and
never calls a solver.
"""

from __future__ import annotations

from typing import Sequence

from ._axes import axes_or_new, require_variables
from .regime_map import categories, regime_map
from .style import publication_style

__all__ = ["offense_defense_map"]


def offense_defense_map(ds, ax=None, *, marks: Sequence[tuple[float, float]] = (),
                        marks_label: str = "marked points",
                        levels: Sequence[float] = (0.25, 0.5, 0.75, 0.9)):
    """Regime map over (θ, L) with contours of the trust threshold p* drawn in the
    stag-hunt region only (where p* is a trust threshold), and marked points.

    Parameters
    ----------
    ds : xarray.Dataset
        Dimensions ``offense_advantage`` and ``exploitation_loss``; variables ``regime``
        (integer codes with CF ``flag_values`` / ``flag_meanings``, one meaning
        ``stag_hunt``) and ``trust_threshold``, as swept from
        :class:`~secdilemma.models.OffenseDefenseModel`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure otherwise.
    marks : sequence of (float, float)
        Points (θ, L) to mark, e.g. worked examples.
    marks_label : str
        Their legend entry (say what they are: "worked points (checked)" where a
        reproduction checks them).
    levels : sequence of float
        Contour levels of p*.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> theta, loss = np.linspace(0, 1, 5), np.array([1.0, 4.0])
    >>> code = np.where(theta < 0.25, 0, np.where(theta < 0.5, 1, 2))
    >>> ds = xr.Dataset(
    ...     {"regime": (("exploitation_loss", "offense_advantage"), np.vstack([code, code]),
    ...                 {"flag_values": [0, 1, 2],
    ...                  "flag_meanings": "harmony stag_hunt prisoners_dilemma"}),
    ...      "trust_threshold": (("exploitation_loss", "offense_advantage"),
    ...                          np.vstack([theta, theta]))},
    ...     coords={"offense_advantage": theta, "exploitation_loss": loss})
    >>> ax = offense_defense_map(ds, marks=[(0.4, 4.0)], marks_label="example point")
    >>> ax.get_xlabel() != "", ax.get_legend().get_texts()[-1].get_text()
    (True, 'example point')
    """
    require_variables("offense_defense_map", ds, ["regime", "trust_threshold",
                                                  "offense_advantage", "exploitation_loss"])
    names = dict(categories(ds["regime"]))
    stag_hunt = [c for c, n in names.items() if n == "stag_hunt"][0]
    shown = ds.assign(trust_threshold=ds["trust_threshold"].where(ds["regime"] == stag_hunt))
    with publication_style():
        ax = axes_or_new(ax, (3.4, 3.0))
        # the marks first, so that the contour labels keep clear of them
        for th, loss in marks:
            ax.plot([th], [loss], linestyle="none", marker="o", markersize=3.5, color="white",
                    markeredgecolor="black", markeredgewidth=0.6, zorder=4,
                    label="_mark")
    regime_map(shown, x="offense_advantage", y="exploitation_loss", ax=ax,
               contours={"trust_threshold": list(levels)})
    with publication_style():
        legend = ax.get_legend()
        if marks and legend is not None:
            from matplotlib.lines import Line2D  # import cost: first use

            handles = list(legend.legend_handles)
            labels = [t.get_text() for t in legend.get_texts()]
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=3.5,
                                  color="white", markeredgecolor="black",
                                  markeredgewidth=0.6))
            labels.append(marks_label)
            ax.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 1.01),
                      ncol=2, frameon=False, columnspacing=1.0, handlelength=1.2,
                      borderaxespad=0.0)
    return ax
