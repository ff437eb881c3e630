"""Strategic risk: cutoff strategies when each side privately knows its own hostility
(Baliga and Sjöström 2004) or receives a noisy signal of a common state (global games:
Carlsson and van Damme 1993; Chassang and Padró i Miquel 2010).

The figures take datasets (best-response maps, iterates, cutoffs against noise) and
never call a solver.
"""

from __future__ import annotations

from ._axes import axes_or_new, require_variables
from .style import OKABE_ITO, publication_style

__all__ = ["cutoff_iteration_plot", "cutoff_noise_plot"]


def cutoff_iteration_plot(ds, ax=None):
    """The best-response map of cutoff strategies with the 45° line, the iterated
    best responses from the top and from the bottom (a staircase), and the
    equilibrium cutoff.

    Parameters
    ----------
    ds : xarray.Dataset
        ``best_response`` over ``cutoff``; ``iterate_from_top`` and
        ``iterate_from_bottom`` (the iterates); attribute ``equilibrium_cutoffs``.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
       Economic Studies* 71(2), 351-369.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> c = np.linspace(-3, 1, 5)
    >>> ds = xr.Dataset({"best_response": ("cutoff", (c - 1) / 2),
    ...                  "iterate_from_top": ("step", [1.0, 0.0, -0.5]),
    ...                  "iterate_from_bottom": ("step", [-3.0, -2.0, -1.5])},
    ...                 coords={"cutoff": c}, attrs={"equilibrium_cutoffs": [-1.0]})
    >>> [t.get_text() for t in cutoff_iteration_plot(ds).texts]
    ['$h^* = -1$']
    """
    require_variables("cutoff_iteration_plot", ds, ["cutoff", "best_response",
                                                    "iterate_from_top",
                                                    "iterate_from_bottom"])
    with publication_style():
        ax = axes_or_new(ax)
        c = ds["cutoff"].values
        ax.plot(c, ds["best_response"], color=OKABE_ITO["blue"],
                label="best-response cutoff $BR(h)$")
        ax.plot(c, c, color="0.5", lw=0.6, ls=":", label="45° line")
        for name, color, label in (("iterate_from_top", OKABE_ITO["vermillion"],
                                    "from the top (all arm)"),
                                   ("iterate_from_bottom", OKABE_ITO["bluish_green"],
                                    "from the bottom (none arm)")):
            it = ds[name].values
            xs, ys = [it[0]], [it[0]]
            for a, b in zip(it[:-1], it[1:]):
                xs += [a, b]
                ys += [b, b]
            ax.plot(xs, ys, color=color, lw=0.8, label=label)
        h = float(ds.attrs["equilibrium_cutoffs"][0])
        ax.plot([h], [h], "o", color="black", ms=3.5, zorder=5)
        ax.annotate(rf"$h^* = {h:g}$", (h, h), xytext=(6, -12), textcoords="offset points")
        ax.set_xlabel(r"cutoff of the other side $h$")
        ax.set_ylabel(r"best-response cutoff")
        ax.legend(frameon=False, loc="upper left", fontsize=6)
    return ax


def cutoff_noise_plot(ds, ax=None):
    """The equilibrium cutoff signal against the noise of private signals (log scale),
    for a normal prior and for the improper uniform prior.

    Parameters
    ----------
    ds : xarray.Dataset
        ``cutoff_normal_prior`` and ``cutoff_uniform_prior`` over ``noise``; attributes
        ``prior_mean`` and ``prior_sd`` of the normal prior (for the legend).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Carlsson, H. and van Damme, E. (1993). Global games and equilibrium selection.
       *Econometrica* 61(5), 989-1018.
    .. [2] Chassang, S. and Padró i Miquel, G. (2010). Conflict and deterrence under
       strategic risk. *Quarterly Journal of Economics* 125(4), 1821-1858.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> s = np.geomspace(0.01, 1, 4)
    >>> ds = xr.Dataset({"cutoff_normal_prior": ("noise", 0.5 + 0.1 * s),
    ...                  "cutoff_uniform_prior": ("noise", np.full(4, 0.5))},
    ...                 coords={"noise": s}, attrs={"prior_mean": 0.2, "prior_sd": 1.0})
    >>> cutoff_noise_plot(ds).get_xscale()
    'log'
    """
    require_variables("cutoff_noise_plot", ds, ["noise", "cutoff_normal_prior",
                                                "cutoff_uniform_prior"])
    mean, sd = float(ds.attrs["prior_mean"]), float(ds.attrs["prior_sd"])
    with publication_style():
        ax = axes_or_new(ax)
        s = ds["noise"].values
        ax.plot(s, ds["cutoff_normal_prior"], color=OKABE_ITO["blue"],
                label=rf"normal prior $N({mean:g}, {sd:g}^2)$")
        ax.plot(s, ds["cutoff_uniform_prior"], color=OKABE_ITO["vermillion"], ls="--",
                label="improper uniform prior")
        ax.set_xscale("log")
        ax.set_xlabel(r"noise of private signals $\sigma$")
        ax.set_ylabel(r"equilibrium cutoff signal $x^*$")
        ax.legend(frameon=False, loc="upper left")
    return ax
