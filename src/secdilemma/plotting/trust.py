"""Trust in the Bayesian security dilemma: where cooperation is an equilibrium in the
plane of the two sides' trust, and how beliefs evolve along a spiral.

Kydd (1997; 2005, ch. 2-3): each state is a security seeker or greedy; a security
seeker cooperates when its trust in the other exceeds a threshold; in the spiral model
trust is updated by Bayes' rule after each observed move. The figures take datasets and
never call a solver.
"""

from __future__ import annotations

from ._axes import axes_or_new, require_variables
from .regime_map import regime_map
from .style import OKABE_ITO, publication_style

__all__ = ["trust_region_map", "belief_path_plot"]


def trust_region_map(ds, ax=None, *, levels=(0.3, 0.5, 0.7, 0.9)):
    """Region map over the two sides' trust with contours of Pr(mutual cooperation) in
    the best equilibrium, drawn inside the cooperation region only (outside, it is 0).

    Parameters
    ----------
    ds : xarray.Dataset
        Dimensions ``trust_1`` and ``trust_2``; variables ``equilibrium_set`` (integer
        codes with CF flags), ``cooperation_is_equilibrium`` (bool) and
        ``max_cooperation_probability``, as swept from
        :class:`~secdilemma.models.SecurityDilemmaModel`.
    ax : matplotlib.axes.Axes, optional
    levels : sequence of float
        Contour levels of Pr(C, C).

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.
       Princeton University Press.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> p = np.linspace(0, 1, 6)
    >>> coop = np.add.outer(p, p) > 1
    >>> ds = xr.Dataset(
    ...     {"equilibrium_set": (("trust_2", "trust_1"), coop.astype(int),
    ...                          {"flag_values": [0, 1],
    ...                           "flag_meanings": "all_defect_only cooperation_possible"}),
    ...      "cooperation_is_equilibrium": (("trust_2", "trust_1"), coop),
    ...      "max_cooperation_probability": (("trust_2", "trust_1"), np.multiply.outer(p, p))},
    ...     coords={"trust_1": p, "trust_2": p})
    >>> trust_region_map(ds).get_xlabel()
    'trust of state 1, $p_1$'
    """
    require_variables("trust_region_map", ds, ["equilibrium_set",
                                               "cooperation_is_equilibrium",
                                               "max_cooperation_probability", "trust_1",
                                               "trust_2"])
    best = ds["max_cooperation_probability"].where(ds["cooperation_is_equilibrium"])
    best.attrs["long_name"] = "Pr(C, C), best equilibrium"
    shown = ds.assign(max_cooperation_probability=best)
    with publication_style():
        ax = axes_or_new(ax, (3.4, 3.2))
    regime_map(shown, x="trust_1", y="trust_2", var="equilibrium_set", ax=ax,
               contours={"max_cooperation_probability": list(levels)})
    ax.set_xlabel(r"trust of state 1, $p_1$")
    ax.set_ylabel(r"trust of state 2, $p_2$")
    return ax


def belief_path_plot(ds, ax=None):
    """Per period: the probability of mutual cooperation, the probability that trust
    has fallen below the threshold π*, and the expected trust.

    Parameters
    ----------
    ds : xarray.Dataset
        Over ``period``: ``cooperation_probability``,
        ``probability_trust_below_threshold`` and ``expected_trust`` (as computed from
        :class:`~secdilemma.models.SpiralModel`).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Kydd, A. (1997). Game theory and the spiral model. *World Politics* 49(3),
       371-400.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> ds = xr.Dataset({"cooperation_probability": ("period", [0.25, 0.2]),
    ...                  "probability_trust_below_threshold": ("period", [0.0, 0.3]),
    ...                  "expected_trust": ("period", [0.6, 0.6])},
    ...                 coords={"period": [1, 2]})
    >>> len(belief_path_plot(ds).get_lines())
    3
    """
    require_variables("belief_path_plot", ds, ["period", "cooperation_probability",
                                               "probability_trust_below_threshold",
                                               "expected_trust"])
    with publication_style():
        ax = axes_or_new(ax)
        periods = ds["period"].values
        ax.plot(periods, ds["cooperation_probability"], marker="o", color=OKABE_ITO["blue"],
                label="Pr(mutual cooperation)")
        ax.plot(periods, ds["probability_trust_below_threshold"], marker="s", ls="--",
                color=OKABE_ITO["vermillion"], label=r"Pr(trust $< \pi^*$)")
        ax.plot(periods, ds["expected_trust"], ls=":", color="black",
                label="expected trust")
        ax.set_xlabel("period")
        ax.set_ylabel("probability")
        ax.set_ylim(-0.02, 1.02)
        ax.legend(frameon=False, loc="upper right")
    return ax
