"""Richardson's arms race: phase portraits of the linear dynamics
dx/dt = k y - a x + g, dy/dt = l x - b y + h.

The race converges to a rest point when ab > kl and runs away when ab < kl (Richardson
1960). The figure takes a dataset (trajectories, a vector field, rest points) and never
calls a solver.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ._axes import axes_or_new, require_variables
from .style import OKABE_ITO, publication_style

__all__ = ["phase_portrait_panels"]


def phase_portrait_panels(ds, ax=None, *, titles: Sequence[str] = ("stable", "runaway"),
                          limits: tuple[float, float] = (0.0, 8.0)):
    """Two panels (``ax`` becomes the left one): phase portraits of a stable race
    (left, with its rest point) and a runaway race (right), each with the nullclines,
    a light normalised vector field and trajectories with an arrow head.

    Parameters
    ----------
    ds : xarray.Dataset
        Over ``system`` (two systems): ``velocity`` on the grid ``grid_x`` × ``grid_y``,
        ``trajectory`` (paths, NaN-padded), ``rest_point``; attributes
        ``reaction_x_<s>``, ``reaction_y_<s>``, ``fatigue_x_<s>``, ``fatigue_y_<s>``,
        ``grievance_x_<s>``, ``grievance_y_<s>`` for s = 0, 1.
    ax : matplotlib.axes.Axes, optional
        Must belong to a subplot grid (as from ``Figure.add_subplot``).
    titles : sequence of str
        The two panel titles.
    limits : (float, float)
        Axis limits of both coordinates.

    Returns
    -------
    matplotlib.axes.Axes
        The left panel.

    References
    ----------
    .. [1] Richardson, L. F. (1960). *Arms and Insecurity*. Boxwood Press.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> g = np.linspace(0, 8, 3)
    >>> gx, gy = np.meshgrid(g, g)
    >>> vel = np.stack([np.stack([gy - gx, gx - gy], axis=-1)] * 2)
    >>> path = np.array([[[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]])
    >>> attrs = {f"{n}_{s}": 1.0 for n in ("reaction_x", "reaction_y", "fatigue_x",
    ...          "fatigue_y", "grievance_x", "grievance_y") for s in (0, 1)}
    >>> ds = xr.Dataset({"velocity": (("system", "gy", "gx", "xy"), vel),
    ...                  "grid_x": (("gy", "gx"), gx), "grid_y": (("gy", "gx"), gy),
    ...                  "trajectory": (("system", "path", "time", "xy"), [path, path]),
    ...                  "rest_point": (("system", "xy"), [[1.0, 1.0], [1.0, 1.0]])},
    ...                 attrs=attrs)
    >>> ax = phase_portrait_panels(ds, titles=("A", "B"))
    >>> [a.get_title() for a in ax.figure.axes]
    ['(a) A', '(b) B']
    """
    require_variables("phase_portrait_panels", ds, ["grid_x", "grid_y", "velocity",
                                                    "trajectory", "rest_point"])
    with publication_style():
        ax = axes_or_new(ax, (6.8, 3.3))
        fig = ax.figure
        spec = ax.get_subplotspec().subgridspec(1, 2, wspace=0.12)
        ax.set_subplotspec(spec[0])
        ax2 = fig.add_subplot(spec[1])
        lo, hi = limits
        xs = np.linspace(lo, hi, 50)
        for axis, s in ((ax, 0), (ax2, 1)):
            a = ds.attrs
            k, l = float(a[f"reaction_x_{s}"]), float(a[f"reaction_y_{s}"])
            fa, fb = float(a[f"fatigue_x_{s}"]), float(a[f"fatigue_y_{s}"])
            g, h = float(a[f"grievance_x_{s}"]), float(a[f"grievance_y_{s}"])
            gx = np.asarray(ds["grid_x"].values, dtype=float)
            gy = np.asarray(ds["grid_y"].values, dtype=float)
            v = np.asarray(ds["velocity"].values[s], dtype=float)
            speed = np.hypot(v[..., 0], v[..., 1])
            speed[speed == 0] = 1.0
            axis.quiver(gx, gy, v[..., 0] / speed, v[..., 1] / speed, color="#BBBBBB",
                        scale=28, width=0.004, headwidth=3.5, zorder=1)
            # the direction field named in the legend by a grey arrow key
            axis.plot([], [], color="#BBBBBB", marker=r"$\rightarrow$", markersize=6,
                      linestyle="none", label="direction of motion")
            axis.plot(xs, (fa * xs - g) / k, color=OKABE_ITO["blue"], linestyle="--",
                      linewidth=0.9, label=r"$\dot x = 0$")
            axis.plot(xs, (l * xs + h) / fb, color=OKABE_ITO["vermillion"], linestyle="--",
                      linewidth=0.9, label=r"$\dot y = 0$")
            traj = np.asarray(ds["trajectory"].values[s], dtype=float)
            for k_, path in enumerate(traj):
                if not np.all(np.isfinite(path)):
                    continue
                axis.plot(path[:, 0], path[:, 1], color="black", linewidth=0.9,
                          label="trajectories" if k_ == 0 else None)
                axis.plot(path[0, 0], path[0, 1], marker="o", color="black",
                          markersize=2.5, linestyle="none", clip_on=False, zorder=4,
                          label="starting points" if k_ == 0 else None)
                # an arrow head in the middle of the path
                mid = min(len(path) // 12 + 1, len(path) - 2)
                axis.annotate("", xy=path[mid + 1], xytext=path[mid],
                              arrowprops={"arrowstyle": "-|>", "color": "black",
                                          "lw": 0.8, "mutation_scale": 7})
            rest = np.asarray(ds["rest_point"].values[s], dtype=float)
            if s == 0:
                axis.plot(*rest, marker="o", color=OKABE_ITO["bluish_green"], markersize=5,
                          markeredgecolor="black", markeredgewidth=0.5, zorder=5,
                          linestyle="none", label="stable rest point")
            axis.set_title(f"{'(a)' if s == 0 else '(b)'} {titles[s]}", fontsize=8)
            axis.set_xlim(lo, hi)
            axis.set_ylim(lo, hi)
            axis.set_aspect("equal", adjustable="box")
            axis.set_xlabel("arms of state X, $x$")
            # below the panel: inside, it would cover trajectories
            axis.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3,
                        fontsize=6, frameon=False, columnspacing=1.0)
        ax.set_ylabel("arms of state Y, $y$")
    return ax
