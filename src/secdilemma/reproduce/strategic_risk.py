"""Reproductions of the incomplete-information arms race and of strategic risk.

``baliga-sjostrom-contagion``
    Baliga & Sjöström (2004): hostility types h ~ U[−3, 1], arming cost c = 1, loss if
    exploited d = 3. The best-response cutoff map, the iterated-dominance sequences from
    the top ("everyone arms") and from the bottom ("no one arms") converging to the
    unique cutoff h* = −1 (Pr(arm) = 1/2), and a second parameterisation (d = 5,
    h ~ U[−1, 1]) where contagion makes "everyone arms" the unique equilibrium.
``global-game-cutoff``
    Strategic risk as a global game (Carlsson & van Damme 1993; Chassang & Padró i Miquel
    2010): the equilibrium cutoff signal against the noise of private signals, for the
    improper uniform prior (x* = c/2 for every noise level) and for a normal prior, whose
    cutoff tends to c/2 as the noise vanishes.

References
----------
.. [1] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
   Economic Studies* 71(2), 351-369.
.. [2] Carlsson, H. and van Damme, E. (1993). Global games and equilibrium selection.
   *Econometrica* 61(5), 989-1018.
.. [3] Chassang, S. and Padró i Miquel, G. (2010). Conflict and deterrence under
   strategic risk. *Quarterly Journal of Economics* 125(4), 1821-1858.
"""

from __future__ import annotations

import numpy as np

from ..models import ArmsRaceModel, GlobalGameModel
from ..plotting.strategic_risk import cutoff_iteration_plot, cutoff_noise_plot
from .entry import Check, Reproduction

__all__ = ["compute_contagion", "check_contagion", "CONTAGION",
           "compute_global_game", "check_global_game", "GLOBAL_GAME", "ENTRIES"]


def _arms_race(arming_cost, exploitation_loss, low, high):
    from scipy import stats  # measured import cost: loaded on first use

    return ArmsRaceModel(arming_cost, exploitation_loss, stats.uniform(low, high - low))


def compute_contagion():
    """Best-response map and contagion iterates of the two parameterisations.

    Returns
    -------
    xarray.Dataset
    """
    import xarray as xr  # measured import cost: loaded on first use

    base = _arms_race(1, 3, -3.0, 1.0)
    grid = np.linspace(-3.0, 1.0, 401)
    br = np.array([base.best_response(c) for c in grid])
    res = base.equilibria()
    top, bottom = res.iterates_from_top[:12], res.iterates_from_bottom[:12]
    strong = _arms_race(1, 5, -1.0, 1.0).equilibria()
    return xr.Dataset(
        {"best_response": ("cutoff", br),
         "iterate_from_top": ("step", np.asarray(top, dtype=float)),
         "iterate_from_bottom": ("step", np.asarray(bottom, dtype=float))},
        coords={"cutoff": grid, "step": np.arange(len(top))},
        attrs={"equilibrium_cutoffs": np.asarray(res.cutoffs, dtype=float),
               "probability_arming": np.asarray(res.probability_action1, dtype=float),
               "unique": int(res.unique),
               "contagion_probability_arming": np.asarray(strong.probability_action1,
                                                           dtype=float),
               "contagion_unique": int(strong.unique)})


def check_contagion(ds) -> list[Check]:
    cutoffs = ds.attrs["equilibrium_cutoffs"]
    probs = ds.attrs["probability_arming"]
    return [
        Check.compare("number of cutoff equilibria (c=1, d=3, U[-3,1])", len(cutoffs), 1),
        Check.compare("equilibrium cutoff h*", float(cutoffs[0]), -1.0, tol=1e-9),
        Check.compare("Pr(arm) at h*", float(probs[0]), 0.5, tol=1e-9),
        Check.compare("iterated dominance bounds meet (unique)", bool(ds.attrs["unique"]),
                      True),
        Check.compare("iterates from the top: -3, -2, -1.5, -1.25",
                      [float(v) for v in ds["iterate_from_top"].values[:4]],
                      [-3.0, -2.0, -1.5, -1.25]),
        Check.compare("contagion (d=5, U[-1,1]): unique equilibrium",
                      bool(ds.attrs["contagion_unique"]), True),
        Check.compare("contagion: Pr(arm) = 1 in the unique equilibrium",
                      float(np.atleast_1d(ds.attrs["contagion_probability_arming"])[0]), 1.0),
    ]


CONTAGION = Reproduction(
    name="baliga-sjostrom-contagion",
    title=("Arms race with private hostility types: best-response cutoff map and "
           "contagion by iterated dominance (c=1, d=3, h ~ U[-3, 1])"),
    citation="baliga2004",
    compute=compute_contagion,
    check=check_contagion,
    draw=cutoff_iteration_plot,
)


# ---------------------------------------------------------------------------------------
_COST = 1.0
_PRIOR_MEAN, _PRIOR_SD = 0.2, 1.0


def compute_global_game():
    """Cutoffs against the noise σ for the improper uniform and a normal prior.

    Returns
    -------
    xarray.Dataset
    """
    import xarray as xr  # measured import cost: loaded on first use
    from scipy import stats  # measured import cost: loaded on first use

    noise = np.geomspace(0.005, 1.0, 40)
    uniform = np.array([GlobalGameModel(_COST, s).cutoff for s in noise], dtype=float)
    normal = []
    for s in noise:
        model = GlobalGameModel(_COST, s, stats.norm(_PRIOR_MEAN, _PRIOR_SD))
        cut = model.cutoff
        normal.append(np.nan if cut is None else cut)
    return xr.Dataset({"cutoff_uniform_prior": ("noise", uniform),
                       "cutoff_normal_prior": ("noise", np.asarray(normal, dtype=float))},
                      coords={"noise": noise},
                      attrs={"exploitation_loss": _COST, "prior_mean": _PRIOR_MEAN,
                             "prior_sd": _PRIOR_SD})


def check_global_game(ds) -> list[Check]:
    uniform = ds["cutoff_uniform_prior"].values
    normal = ds["cutoff_normal_prior"].values
    return [
        Check.compare("improper prior: max |x* - c/2| over every noise level",
                      float(np.max(np.abs(uniform - _COST / 2))), 0.0, tol=1e-12),
        Check.compare("normal prior: unique cutoff at every noise level shown",
                      bool(np.all(np.isfinite(normal))), True),
        Check.compare("normal prior, smallest noise: x* -> c/2", float(normal[0]),
                      _COST / 2, tol=2e-3),
        Check.compare("normal prior: |x* - c/2| shrinks as the noise falls",
                      bool(np.all(np.diff(np.abs(normal - _COST / 2)) >= -1e-12)), True),
    ]


GLOBAL_GAME = Reproduction(
    name="global-game-cutoff",
    title=("Strategic risk: the cutoff signal of the cooperation global game against "
           "signal noise (c = 1); x* = c/2 in the limit"),
    citation="carlsson1993,chassang2010",
    compute=compute_global_game,
    check=check_global_game,
    draw=cutoff_noise_plot,
)

#: The reproductions of this module, in the order of the report.
ENTRIES = (CONTAGION, GLOBAL_GAME)
