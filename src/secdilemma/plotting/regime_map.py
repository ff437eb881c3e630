"""Categorical maps of regimes (equilibrium classes) over a two-parameter grid.

The input is a swept :class:`xarray.Dataset` (see :func:`secdilemma.analysis.sweep.sweep`)
whose categorical variable is integer-coded with CF ``flag_values`` / ``flag_meanings``
attributes. Plotting never calls a solver.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..contours import region_curves
from ..errors import InvalidParameterError
from ._axes import label_contours
from .style import publication_style, regime_color, regime_label, variable_label

__all__ = ["regime_map", "categories", "draw_region_curves"]


def categories(da) -> list[tuple[int, str]]:
    """The ``(code, name)`` pairs of an integer-coded variable.

    Read from the CF attributes ``flag_values`` and ``flag_meanings`` (space-separated);
    without them, every distinct finite value is its own category named after it.

    Parameters
    ----------
    da : xarray.DataArray

    Returns
    -------
    list of (int, str)

    Examples
    --------
    >>> import xarray as xr
    >>> da = xr.DataArray([0, 2], attrs={"flag_values": [0, 1, 2],
    ...                                  "flag_meanings": "harmony stag_hunt other"})
    >>> categories(da)
    [(0, 'harmony'), (1, 'stag_hunt'), (2, 'other')]
    """
    attrs = da.attrs
    if "flag_values" in attrs and "flag_meanings" in attrs:
        values = [int(v) for v in np.atleast_1d(attrs["flag_values"])]
        meanings = str(attrs["flag_meanings"]).split()
        if len(values) != len(meanings):
            raise InvalidParameterError(
                "regime_map(): flag_values and flag_meanings must have the same length; "
                f"got {len(values)} values and {len(meanings)} meanings"
            )
        return list(zip(values, meanings))
    data = np.asarray(da.values, dtype=float)
    codes = np.unique(data[np.isfinite(data)]).astype(int)
    return [(int(c), str(int(c))) for c in codes]


#: Hatch pattern of each category index of a region map: regions differ by more than
#: colour (readable in greyscale and under colour-vision deficiency).
REGION_HATCHES = ("", "////", "\\\\\\\\", "xxx", "...", "++", "--", "||")


def region_hatch(k: int) -> str:
    """The hatch pattern of category index ``k`` (cycling through
    :data:`REGION_HATCHES`).

    Examples
    --------
    >>> region_hatch(0), region_hatch(1), region_hatch(9)
    ('', '////', '////')
    """
    return REGION_HATCHES[k % len(REGION_HATCHES)]


def _has_area(mask: np.ndarray) -> bool:
    """Whether some 2×2 block of grid points lies in ``mask`` (a region with area)."""
    m = np.asarray(mask, dtype=bool)
    if m.ndim != 2 or min(m.shape) < 2:
        return bool(m.any())
    return bool((m[1:, 1:] & m[1:, :-1] & m[:-1, 1:] & m[:-1, :-1]).any())


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around (monotonic) cell centres."""
    c = np.asarray(centres, dtype=float)
    if c.size == 1:
        return np.array([c[0] - 0.5, c[0] + 0.5])
    mid = (c[1:] + c[:-1]) / 2
    return np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])


def _boundary_segments(index: np.ndarray, xe: np.ndarray, ye: np.ndarray) -> list:
    """Line segments along the cell edges that separate different categories."""
    segs = []
    valid = index >= 0
    # vertical edges: between columns j and j+1 of row i
    diff = (index[:, 1:] != index[:, :-1]) & (valid[:, 1:] | valid[:, :-1])
    for i, j in zip(*np.nonzero(diff)):
        segs.append([(xe[j + 1], ye[i]), (xe[j + 1], ye[i + 1])])
    # horizontal edges: between rows i and i+1 of column j
    diff = (index[1:, :] != index[:-1, :]) & (valid[1:, :] | valid[:-1, :])
    for i, j in zip(*np.nonzero(diff)):
        segs.append([(xe[j], ye[i + 1]), (xe[j + 1], ye[i + 1])])
    return segs


def draw_region_curves(ax, x, y, index, colors, *, linecolor="0.15",
                       linewidth: float = 0.7, hatches=None) -> list:
    """Fill each category's region of a grid and outline it with its boundary curves.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    x : array_like, shape (nx,)
        Grid coordinates along the columns.
    y : array_like, shape (ny,)
        Grid coordinates along the rows.
    index : array_like of int, shape (ny, nx)
        Category index of each grid point (into ``colors``); negative for no data.
    colors : sequence of colours
        One per category.
    linecolor, linewidth
        Style of the boundary curves (``linewidth=0``: no curves drawn, e.g. where
        lines of the model itself trace the boundaries).
    hatches : sequence of str, optional
        One hatch pattern per category (``""`` for none), so that the regions differ by
        more than colour.

    Returns
    -------
    list of numpy.ndarray, shape (n, 2)
        The boundary curves drawn (those of
        :func:`secdilemma.contours.region_curves` for every category present;
        a boundary between two categories appears once for each side).

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> from secdilemma.plotting.regime_map import draw_region_curves
    >>> ax = Figure().add_subplot()
    >>> curves = draw_region_curves(ax, [0.0, 1.0, 2.0], [0.0, 1.0],
    ...                             np.array([[0, 0, 1], [0, 1, 1]]), ["C0", "C1"])
    >>> [c.tolist() for c in curves][0]  # midpoints of the grid edges it crosses
    [[1.5, 0.0], [1.0, 0.5], [0.5, 1.0]]
    """
    from matplotlib.collections import LineCollection  # matplotlib on first use (import cost)

    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    index = np.asarray(index)
    curves: list = []
    if xs.size < 2 or ys.size < 2:
        return curves
    for k in sorted(set(index[index >= 0].tolist())):
        inside = (index == k).astype(float)
        hatch = {} if hatches is None else {"hatches": [hatches[k] or None]}
        ax.contourf(xs, ys, inside, levels=[0.5, 1.5], colors=[colors[k]],
                    antialiased=False, **hatch)
        curves.extend(region_curves(xs, ys, index == k))
    if curves and linewidth > 0:
        ax.add_collection(LineCollection(curves, colors=linecolor, linewidths=linewidth,
                                         capstyle="round", joinstyle="round"))
    return curves


def _as_2d(ds, name: str, x: str, y: str, func: str):
    if name not in ds.variables:
        raise InvalidParameterError(
            f"{func}(): {name!r} must be a variable of the dataset; got variables "
            f"{sorted(ds.data_vars)}"
        )
    da = ds[name]
    for dim_role, dim in (("x", x), ("y", y)):
        if dim not in da.dims:
            raise InvalidParameterError(
                f"{func}(): {dim_role} must be a dimension of {name!r}; got {dim!r} "
                f"(dimensions {list(da.dims)})"
            )
    extra = [d for d in da.dims if d not in (x, y)]
    for d in extra:
        if da.sizes[d] != 1:
            raise InvalidParameterError(
                f"{func}(): {name!r} must be two-dimensional over ({x!r}, {y!r}); dimension "
                f"{d!r} has size {da.sizes[d]} (select one value with .sel first)"
            )
    if extra:
        da = da.isel({d: 0 for d in extra})
    return da.transpose(y, x)


def regime_map(ds, x: str, y: str, var: str = "regime", ax=None,
               contours: str | Sequence[str] | Mapping[str, Any] | None = None, *,
               boundaries: str | None = "curves", legend: bool = True,
               xlabel: str | None = None, ylabel: str | None = None,
               title: str | None = None):
    r"""Draw a categorical map of an integer-coded variable over two grid parameters.

    Each region is coloured by its category (fixed colours for the regimes of
    :mod:`secdilemma.models.stage_game`, Okabe–Ito palette), the boundaries between
    categories are drawn as curves (by default; see ``boundaries``), and a legend names
    the categories present ("Prisoner's Dilemma", "Stag Hunt", ...). Optionally,
    labelled contour lines of other variables (e.g. the trust threshold :math:`p^*`) are
    drawn on top.

    Parameters
    ----------
    ds : xarray.Dataset
        A swept dataset; ``ds[var]`` must span the dimensions ``x`` and ``y`` (other
        dimensions must have length one).
    x, y : str
        Dimensions on the horizontal and vertical axes.
    var : str
        The integer-coded variable, with CF ``flag_values`` and ``flag_meanings``
        attributes (default ``"regime"``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure (not registered with pyplot) is created otherwise.
    contours : str, sequence of str or mapping, optional
        Variables to draw as contour lines; a mapping gives the contour levels (or None
        for automatic levels) per variable. NaN cells (e.g. the trust threshold outside
        the stag-hunt region) are left blank.
    boundaries : {"curves", "cells"} or None
        ``"curves"`` (default): each region is filled and outlined by the curve that
        marching squares traces between the grid points inside and outside it (the
        curves of :func:`secdilemma.analysis.threshold.boundaries`, which cross every
        grid edge between two categories at its midpoint); the axes span the grid
        points. ``"cells"``: one coloured cell per grid point and the boundaries along
        the cell edges (a staircase; the data exactly as sampled); the axes span the
        cells. None: cells, no boundary lines.
    legend : bool
        Whether to draw the legend.
    xlabel, ylabel, title : str, optional
        Override the labels (default: the variables' ``long_name`` or the package's
        mathtext label for the parameter).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The publication style is applied only while drawing, through
    :func:`matplotlib.style.context`; the global ``rcParams`` are untouched.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> codes = np.array([[0, 0, 1], [0, 1, 2]])
    >>> ds = xr.Dataset(
    ...     {"regime": (("loss", "theta"), codes,
    ...                 {"flag_values": np.arange(3),
    ...                  "flag_meanings": "harmony stag_hunt prisoners_dilemma"})},
    ...     coords={"loss": [3.0, 4.0], "theta": [0.2, 0.4, 0.6]})
    >>> ax = regime_map(ds, x="theta", y="loss")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Harmony', 'Stag Hunt', "Prisoner's Dilemma"]
    """
    from matplotlib.collections import LineCollection
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    func = "regime_map"
    if boundaries not in ("curves", "cells", None):
        raise InvalidParameterError(
            f"{func}(): boundaries must be 'curves', 'cells' or None; got {boundaries!r}")
    da = _as_2d(ds, var, x, y, func)
    cats = categories(da)
    values = np.asarray(da.values, dtype=float)
    index = np.full(values.shape, -1, dtype=int)
    for k, (code, _) in enumerate(cats):
        index[values == code] = k
    unknown = np.isfinite(values) & (index < 0)
    if unknown.any():
        raise InvalidParameterError(
            f"{func}(): every value of {var!r} must be one of its flag_values "
            f"{[c for c, _ in cats]}; got {sorted(set(values[unknown].astype(int).tolist()))}"
        )
    xs = np.asarray(ds[x].values, dtype=float)
    ys = np.asarray(ds[y].values, dtype=float)
    xe, ye = _edges(xs), _edges(ys)
    colors = [regime_color(name, k) for k, (_, name) in enumerate(cats)]

    if isinstance(contours, str):
        contours = {contours: None}
    elif contours is not None and not isinstance(contours, Mapping):
        contours = {name: None for name in contours}

    with publication_style():
        if ax is None:
            from matplotlib.figure import Figure

            ax = Figure().add_subplot()
        cmap = ListedColormap(colors)
        norm = BoundaryNorm(np.arange(len(cats) + 1) - 0.5, len(cats))
        # the cells underneath, also in "curves" mode: they fill the small gaps that
        # marching squares leaves where three categories meet
        ax.pcolormesh(xe, ye, np.ma.masked_less(index, 0), cmap=cmap, norm=norm,
                      shading="flat", rasterized=True)
        if boundaries == "curves":
            draw_region_curves(ax, xs, ys, index, colors,
                               hatches=[region_hatch(k) for k in range(len(cats))])
        elif boundaries == "cells":
            segs = _boundary_segments(index, xe, ye)
            if segs:
                ax.add_collection(LineCollection(segs, colors="0.15", linewidths=0.7,
                                                 capstyle="projecting"))
        handles = []
        present = sorted(set(index[index >= 0].tolist()))
        if boundaries == "curves" and min(index.shape) >= 10:
            # on a fine grid, a category found only on lines of grid points (a tie on the boundary
            # between two others, e.g. "other" where T = R) has no area between its
            # curves: it is part of the boundary drawn, not a region to name
            present = [k for k in present if _has_area(index == k)]
        for k in present:
            hatch = region_hatch(k) if boundaries == "curves" else None
            handles.append(Patch(facecolor=colors[k], edgecolor="0.15", linewidth=0.5,
                                 hatch=hatch, label=regime_label(cats[k][1])))
        contour_sets = []
        for name, levels in (contours or {}).items():
            cda = _as_2d(ds, name, x, y, func)
            cvals = np.ma.masked_invalid(np.asarray(cda.values, dtype=float))
            if cvals.count() == 0:
                continue
            kwargs = {} if levels is None else {"levels": levels}
            cs = ax.contour(xs, ys, cvals, colors="black", linewidths=0.6,
                            linestyles="dashed", **kwargs)
            contour_sets.append(cs)
            handles.append(Line2D([], [], color="black", linewidth=0.6, linestyle="dashed",
                                  label=variable_label(name, cda.attrs)))
        if boundaries == "curves" and xs.size > 1 and ys.size > 1:
            ax.set_xlim(xs.min(), xs.max())
            ax.set_ylim(ys.min(), ys.max())
        else:
            ax.set_xlim(xe.min(), xe.max())
            ax.set_ylim(ye.min(), ye.max())
        for cs in contour_sets:  # after the limits: labels inside the axes, not clipped
            label_contours(ax, cs, lambda v: f"{v:g}", fontsize=6)
        ax.set_xlabel(xlabel if xlabel is not None else variable_label(x, ds[x].attrs))
        ax.set_ylabel(ylabel if ylabel is not None else variable_label(y, ds[y].attrs))
        if title is not None:
            ax.set_title(title)
        if legend and handles:
            # keep the legend about as wide as a column-width axes: fewer columns when
            # the labels are long
            width = sum(len(h.get_label()) + 4 for h in handles)
            ncol = min(3, len(handles)) if width <= 60 else min(2, len(handles))
            if max(len(h.get_label()) for h in handles) > 32:
                ncol = 1
            ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.01),
                      ncol=ncol, frameon=False, columnspacing=1.0,
                      handlelength=1.2, borderaxespad=0.0)
    return ax
