"""The secdilemma publication style: colours, regime names and the Matplotlib style.

The style (``secdilemma.mplstyle``, shipped with the package) is applied only inside
the plotting functions, through :func:`matplotlib.style.context`; importing this module
or calling a plotting function never changes the global ``matplotlib.rcParams``.

Colours come from the Okabe–Ito palette, which stays distinguishable under the common
forms of colour-vision deficiency.

References
----------
.. [1] Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make figures
   and presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

__all__ = [
    "OKABE_ITO",
    "REGIME_COLORS",
    "REGIME_LABELS",
    "STYLE_PATH",
    "publication_style",
    "regime_label",
    "regime_color",
    "variable_label",
]

#: The Okabe–Ito colour-blind-safe palette, by colour name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Human-readable names of the regime codes of :mod:`secdilemma.models.stage_game`.
REGIME_LABELS = {
    "harmony": "Harmony",
    "stag_hunt": "Stag Hunt",
    "prisoners_dilemma": "Prisoner's Dilemma",
    "chicken": "Chicken",
    "deadlock": "Deadlock",
    "other": "Other",
}

#: A fixed colour per regime, so that every figure of the package agrees.
REGIME_COLORS = {
    "harmony": OKABE_ITO["bluish_green"],
    "stag_hunt": OKABE_ITO["sky_blue"],
    "prisoners_dilemma": OKABE_ITO["vermillion"],
    "chicken": OKABE_ITO["orange"],
    "deadlock": OKABE_ITO["reddish_purple"],
    "other": "#BBBBBB",
}

#: Axis / legend labels (mathtext) of the parameters and metrics used across the package.
VARIABLE_LABELS = {
    "offense_advantage": r"offence advantage $\theta$",
    "status_quo": r"status quo value $V$",
    "arms_cost": r"arms-race cost $k$",
    "exploitation_gain": r"gain from exploiting $g$",
    "exploitation_loss": r"loss if exploited $L$",
    "reward": r"reward $R$",
    "sucker": r"sucker's payoff $S$",
    "temptation": r"temptation $T$",
    "punishment": r"punishment $P$",
    "trust_threshold": r"trust threshold $p^*$",
    "mixed_cooperation_probability": r"Pr(C) in the mixed equilibrium",
    "num_equilibria": "number of equilibria",
    "regime": "regime",
    "gesture_cost": r"gesture cost $\bar k$",
    "trust": r"prior trust $\mu_0$",
    "trust_1": r"trust of state 1 $p_1$",
    "trust_2": r"trust of state 2 $p_2$",
}

_EXTRA_COLORS = (OKABE_ITO["yellow"], OKABE_ITO["blue"], OKABE_ITO["black"], "#777777")

#: Path of the Matplotlib style file shipped with the package.
STYLE_PATH = Path(__file__).with_name("secdilemma.mplstyle")


def regime_label(name: str) -> str:
    """The human-readable name of a category code name.

    Parameters
    ----------
    name : str
        A flag meaning such as ``"prisoners_dilemma"``.

    Returns
    -------
    str
        ``"Prisoner's Dilemma"`` for the known regimes; otherwise ``name`` with
        underscores replaced by spaces and the first letter capitalised.

    Examples
    --------
    >>> regime_label("stag_hunt")
    'Stag Hunt'
    >>> regime_label("mutual_restraint")
    'Mutual restraint'
    """
    if name in REGIME_LABELS:
        return REGIME_LABELS[name]
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


def regime_color(name: str, index: int = 0) -> str:
    """The colour of a category: fixed for the known regimes, else from a spare list.

    Parameters
    ----------
    name : str
        A flag meaning such as ``"harmony"``.
    index : int
        Position of the category, used to pick a spare colour for unknown names.

    Examples
    --------
    >>> regime_color("harmony")
    '#009E73'
    """
    if name in REGIME_COLORS:
        return REGIME_COLORS[name]
    return _EXTRA_COLORS[index % len(_EXTRA_COLORS)]


def variable_label(name: str, attrs=None) -> str:
    r"""An axis label for a variable: the package's (mathtext) label for the known
    parameters and metrics (:data:`VARIABLE_LABELS`), else its ``long_name`` attribute,
    else the name itself; with its ``units`` attribute in brackets.

    Parameters
    ----------
    name : str
        Variable or coordinate name.
    attrs : mapping, optional
        The variable's attributes (CF conventions: ``long_name``, ``units``).

    Examples
    --------
    >>> print(variable_label("offense_advantage"))
    offence advantage $\theta$
    >>> print(variable_label("trust_threshold", {"long_name": "p* = (P - S) / ..."}))
    trust threshold $p^*$
    >>> variable_label("x", {"long_name": "distance", "units": "km"})
    'distance [km]'
    """
    attrs = attrs or {}
    label = VARIABLE_LABELS.get(name) or attrs.get("long_name") or name.replace("_", " ")
    units = attrs.get("units")
    return f"{label} [{units}]" if units else str(label)


@contextmanager
def publication_style() -> Iterator[None]:
    """Context manager that applies the secdilemma style and restores the previous one.

    Examples
    --------
    >>> import matplotlib
    >>> before = matplotlib.rcParams["font.size"]
    >>> with publication_style():
    ...     inside = matplotlib.rcParams["font.size"]
    >>> inside, matplotlib.rcParams["font.size"] == before
    (8.0, True)
    """
    import matplotlib.style

    with matplotlib.style.context(str(STYLE_PATH)):
        yield
