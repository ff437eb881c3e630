"""Publication figures from results and swept datasets.

Plotting functions take datasets / arrays (never call a solver), accept ``ax=None``,
return the :class:`matplotlib.axes.Axes` they drew on, and apply the package style
(:mod:`secdilemma.plotting.style`) only while drawing, so the global Matplotlib state is
never changed. Matplotlib is imported on first use.
"""

from .regime_map import categories, draw_region_curves, regime_map
from .style import (OKABE_ITO, REGIME_COLORS, REGIME_LABELS, STYLE_PATH, publication_style,
                    regime_color, regime_label, variable_label)
from .trust_threshold import trust_threshold_plot

__all__ = [
    "regime_map",
    "draw_region_curves",
    "trust_threshold_plot",
    "categories",
    "publication_style",
    "regime_label",
    "regime_color",
    "variable_label",
    "OKABE_ITO",
    "REGIME_COLORS",
    "REGIME_LABELS",
    "STYLE_PATH",
]
