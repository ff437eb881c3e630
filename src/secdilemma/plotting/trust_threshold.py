"""The trust-threshold diagram of a stag hunt (assurance game).

Against an opponent who cooperates with probability ``q``, the row player's expected
payoffs are ``u(C) = qR + (1 - q)S`` and ``u(D) = qT + (1 - q)P``; in a stag hunt the two
lines cross at the trust threshold ``p* = (P - S) / ((R - T) + (P - S))`` (Jervis 1978;
Kydd 2005, ch. 2). Plotting never calls a solver: the function takes the arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from ._axes import require_variables
from .style import OKABE_ITO, publication_style

__all__ = ["trust_threshold_plot", "trust_threshold_diagram"]


def trust_threshold_plot(q: Any, payoff_cooperate: Any, payoff_defect: Any, *,
                         threshold: float | None = None, ax=None, shade: bool = True,
                         labels: tuple[str, str] = ("cooperate (C)", "defect (D)")):
    r"""Plot the expected payoffs of C and D against the probability that the other
    side cooperates, with the trust threshold :math:`p^*` marked.

    Parameters
    ----------
    q : array_like
        Probabilities that the other side cooperates (increasing, within [0, 1]).
    payoff_cooperate, payoff_defect : array_like
        Expected payoff of C and of D at each ``q`` (same length as ``q``).
    threshold : float, optional
        The trust threshold :math:`p^*` to mark with a vertical line (omitted if None
        or outside [0, 1]).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure (not registered with pyplot) otherwise.
    shade : bool
        Shade the ranges of ``q`` where D and where C is the best reply.
    labels : tuple of str
        Legend labels of the two lines.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.
    .. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.

    Examples
    --------
    The stag hunt (R, T, P, S) = (4, 3, 2, 1), whose threshold is 1/2:

    >>> import numpy as np
    >>> q = np.linspace(0, 1, 5)
    >>> ax = trust_threshold_plot(q, 4 * q + 1 * (1 - q), 3 * q + 2 * (1 - q),
    ...                           threshold=0.5)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['cooperate (C)', 'defect (D)']
    """
    func = "trust_threshold_plot"
    q = np.asarray(q, dtype=float)
    uc = np.asarray(payoff_cooperate, dtype=float)
    ud = np.asarray(payoff_defect, dtype=float)
    if q.ndim != 1 or uc.shape != q.shape or ud.shape != q.shape:
        raise InvalidParameterError(
            f"{func}(): q, payoff_cooperate and payoff_defect must be 1-D arrays of one "
            f"length; got shapes {q.shape}, {uc.shape}, {ud.shape}"
        )
    if q.size and (np.nanmin(q) < 0 or np.nanmax(q) > 1):
        raise InvalidParameterError(
            f"{func}(): q must lie in [0, 1]; got values from {np.nanmin(q):g} to "
            f"{np.nanmax(q):g}"
        )
    show_threshold = threshold is not None and np.isfinite(threshold) and 0 <= threshold <= 1

    with publication_style():
        if ax is None:
            from matplotlib.figure import Figure

            ax = Figure().add_subplot()
        lo = float(np.nanmin(np.concatenate([uc, ud])))
        hi = float(np.nanmax(np.concatenate([uc, ud])))
        pad = 0.08 * (hi - lo if hi > lo else 1.0)
        ax.set_ylim(lo - pad, hi + pad)
        ax.set_xlim(0, 1)
        if shade and show_threshold:
            ax.axvspan(0, threshold, color=OKABE_ITO["vermillion"], alpha=0.08, lw=0)
            ax.axvspan(threshold, 1, color=OKABE_ITO["blue"], alpha=0.08, lw=0)
            ytext = hi + 0.5 * pad
            ax.text(threshold / 2, ytext, "D is the best reply", ha="center", va="center",
                    fontsize=6, color="0.3")
            ax.text((1 + threshold) / 2, ytext, "C is the best reply", ha="center",
                    va="center", fontsize=6, color="0.3")
        ax.plot(q, uc, color=OKABE_ITO["blue"], label=labels[0])
        ax.plot(q, ud, color=OKABE_ITO["vermillion"], linestyle="dashed", label=labels[1])
        if show_threshold:
            ax.axvline(threshold, color="0.2", linewidth=0.6, linestyle="dotted")
            yq = float(np.interp(threshold, q, uc))
            ax.plot([threshold], [yq], marker="o", color="black", markersize=3.5,
                    zorder=3)
            ax.annotate(f"$p^* = {threshold:.3g}$", xy=(threshold, yq),
                        xytext=(6, -10), textcoords="offset points", fontsize=7)
        ax.set_xlabel(r"probability the other side cooperates, $q$")
        ax.set_ylabel("expected payoff")
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.9))
    return ax


def trust_threshold_diagram(ds, ax=None):
    """:func:`trust_threshold_plot` of a dataset: the expected payoffs of C and D over
    ``q`` and the threshold from its attributes.

    Parameters
    ----------
    ds : xarray.Dataset
        Variables ``payoff_cooperate`` and ``payoff_defect`` over the coordinate ``q``;
        attribute ``trust_threshold`` (float).
    ax : matplotlib.axes.Axes, optional

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
    >>> q = np.linspace(0, 1, 5)
    >>> ds = xr.Dataset({"payoff_cooperate": ("q", 3 * q + 1),
    ...                  "payoff_defect": ("q", q + 2)}, coords={"q": q},
    ...                 attrs={"trust_threshold": 0.5})
    >>> trust_threshold_diagram(ds).get_xlabel()
    'probability the other side cooperates, $q$'
    """
    require_variables("trust_threshold_diagram", ds, ["q", "payoff_cooperate",
                                                      "payoff_defect"])
    return trust_threshold_plot(ds["q"].values, ds["payoff_cooperate"].values,
                                ds["payoff_defect"].values,
                                threshold=float(ds.attrs["trust_threshold"]), ax=ax)
