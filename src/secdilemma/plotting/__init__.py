"""Publication figures from results and swept datasets.

Plotting functions take datasets / arrays (never call a solver), accept ``ax=None``,
return the :class:`matplotlib.axes.Axes` they drew on, and apply the package style
(:mod:`secdilemma.plotting.style`) only while drawing, so the global Matplotlib state is
never changed. Matplotlib is imported on first use.

The general figures are :func:`regime_map`, :func:`sweep_plot` (any metric of a
swept dataset) and :func:`trust_threshold_plot`; the figures
of the reproductions (:mod:`secdilemma.reproduce`) are named functions of one module per
topic: offence–defence (:mod:`~secdilemma.plotting.offense_defense`), trust
(:mod:`~secdilemma.plotting.trust`), strategic risk
(:mod:`~secdilemma.plotting.strategic_risk`), repeated games
(:mod:`~secdilemma.plotting.repeated`), arms-race dynamics
(:mod:`~secdilemma.plotting.dynamics`), signalling (:mod:`~secdilemma.plotting.signaling`)
and interdependence (:mod:`~secdilemma.plotting.interdependence`).
"""

from .dynamics import phase_portrait_panels
from .misperception import four_worlds_map, spiral_probability_plot, talk_risk_plot
from .interdependence import (hedging_map, interdependence_map,
                              interdependence_reassurance_panels, sanction_spiral_plot)
from .monitoring import monitoring_panels
from .offense_defense import offense_defense_map
from .power_shift import bargaining_plot, power_shift_map, prevention_map
from .regime_map import categories, draw_region_curves, regime_map
from .repeated import critical_discount_plot, payoff_set_panels
from .signaling import reassurance_region_map, refinement_dot_chart, trust_path_plot
from .sweep_plot import sweep_plot
from .strategic_risk import cutoff_iteration_plot, cutoff_noise_plot
from .style import (OKABE_ITO, REGIME_COLORS, REGIME_LABELS, STYLE_PATH, publication_style,
                    regime_color, regime_label, variable_label)
from .trust import belief_path_plot, trust_region_map
from .trust_threshold import trust_threshold_diagram, trust_threshold_plot

__all__ = [
    "regime_map",
    "sweep_plot",
    "bargaining_plot", "power_shift_map", "prevention_map",
    "spiral_probability_plot", "four_worlds_map", "talk_risk_plot",
    "draw_region_curves",
    "trust_threshold_plot",
    "trust_threshold_diagram",
    "offense_defense_map",
    "trust_region_map",
    "belief_path_plot",
    "cutoff_iteration_plot",
    "cutoff_noise_plot",
    "critical_discount_plot",
    "payoff_set_panels",
    "phase_portrait_panels",
    "reassurance_region_map",
    "refinement_dot_chart",
    "trust_path_plot",
    "interdependence_map",
    "sanction_spiral_plot",
    "hedging_map",
    "interdependence_reassurance_panels",
    "monitoring_panels",
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
