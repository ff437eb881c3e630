"""Categorical maps of regimes (equilibrium classes) over a two-parameter grid.

The input is a swept :class:`xarray.Dataset` (see :func:`secdilemma.analysis.sweep.sweep`)
whose categorical variable is integer-coded with CF ``flag_values`` / ``flag_meanings``
attributes. Plotting never calls a solver.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import InvalidParameterError
from ._axes import label_contours
from .style import publication_style, regime_color, regime_label, variable_label

__all__ = ["regime_map", "categories", "draw_region_curves", "region_margins"]


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


def _without_knife_edges(index: np.ndarray) -> np.ndarray:
    """``index`` with every grid point that lies in no 2×2 block of its own category
    (a tie on a line between two regions, a lone point) given the category most of its
    neighbours in such blocks have: a knife edge has no area and is drawn as part of
    the boundary, not as a strip of its own."""
    idx = np.array(index, dtype=int)
    ny, nx = idx.shape
    if min(ny, nx) < 10:  # a coarse grid: a one-point-wide region may be real
        return idx
    block = np.zeros_like(idx, dtype=bool)
    same = ((idx[1:, 1:] == idx[:-1, :-1]) & (idx[1:, :-1] == idx[:-1, :-1])
            & (idx[:-1, 1:] == idx[:-1, :-1]) & (idx[:-1, :-1] >= 0))
    for di in (0, 1):
        for dj in (0, 1):
            block[di:ny - 1 + di, dj:nx - 1 + dj] |= same
    for _ in range(max(ny, nx)):
        todo = np.argwhere(~block & (idx >= 0))
        if not len(todo):
            break
        changed = False
        for i, j in todo:
            nb = idx[max(i - 1, 0):i + 2, max(j - 1, 0):j + 2][
                block[max(i - 1, 0):i + 2, max(j - 1, 0):j + 2]]
            nb = nb[nb >= 0]
            if nb.size:
                vals, counts = np.unique(nb, return_counts=True)
                idx[i, j] = vals[np.argmax(counts)]
                block[i, j] = changed = True
        if not changed:
            break
    return idx


def _smooth(field: np.ndarray, sigma: float) -> np.ndarray:
    """A Gaussian blur of a 2-D array (in grid steps; edges repeated), by one 1-D
    convolution per axis; an axis of fewer than 10 points is not blurred (there a grid
    step is too coarse to blur over)."""
    out = np.asarray(field, dtype=float)
    r = max(1, int(np.ceil(3 * sigma)))
    w = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    w /= w.sum()
    for axis in (0, 1):
        if out.shape[axis] < 10 or sigma <= 0:
            continue
        pad = [(0, 0), (0, 0)]
        pad[axis] = (r, r)
        out = np.apply_along_axis(lambda v: np.convolve(v, w, mode="valid"), axis,
                                  np.pad(out, pad, mode="edge"))
    return out


def region_margins(index, *, sigma: float = 1.0) -> dict:
    """A continuous margin per category of a categorical grid, positive inside its
    region: the category's smoothed indicator minus the largest smoothed indicator of
    the other categories.

    Contouring the margin at 0 (with linear interpolation) gives boundary curves that
    follow the grid's boundary to within a grid step, without the staircase (0°, 45°,
    90° steps) of the indicator's own contour; two neighbouring regions share their
    boundary exactly (one margin is minus the other there). On a grid of 10 or more
    points each way, knife edges (points of a category in no 2×2 block of it, e.g. ties
    on a boundary) are first given to the neighbouring region; an axis of fewer than 10
    points is not smoothed (the boundary then crosses its grid edges at their
    midpoints).

    Parameters
    ----------
    index : array_like of int, shape (ny, nx)
        Category index of each grid point; negative for no data.
    sigma : float
        Width of the Gaussian smoothing, in grid steps.

    Returns
    -------
    dict
        Category index → margin array of shape (ny, nx) (NaN where there is no data).

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.plotting.regime_map import region_margins
    >>> idx = np.array([[0, 0, 0, 1, 1, 1]] * 4)
    >>> m = region_margins(idx)
    >>> bool((m[0][:, :3] > 0).all() and (m[0][:, 3:] < 0).all()), bool(m[0][0, 2] == -m[1][0, 2])
    (True, True)
    """
    idx = _without_knife_edges(np.asarray(index, dtype=int))
    cats = sorted(set(idx[idx >= 0].tolist()))
    valid = idx >= 0
    smooth = {k: _smooth((idx == k).astype(float), sigma) for k in cats}
    out = {}
    for k in cats:
        others = [smooth[j] for j in cats if j != k]
        rest = np.max(others, axis=0) if others else np.zeros_like(smooth[k])
        m = smooth[k] - rest
        out[k] = np.where(valid, m, np.nan)
    return out


def draw_region_curves(ax, x, y, index, colors, *, linecolor="0.15",
                       linewidth: float = 0.7, hatches=None) -> list:
    """Fill each category's region of a grid and outline it with its boundary curves.

    The regions are bounded by the 0 level of :func:`region_margins` (a smoothed
    margin per category), so their boundaries are curves within a grid step of the
    sampled boundary, not staircases; knife edges (ties on a line) are part of the
    boundary, not strips.

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
        The boundary curves drawn (a boundary between two categories appears once for
        each side).

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> from secdilemma.plotting.regime_map import draw_region_curves
    >>> ax = Figure().add_subplot()
    >>> idx = np.array([[0, 0, 0, 1, 1, 1]] * 4)
    >>> curves = draw_region_curves(ax, np.arange(6.0), np.arange(4.0), idx, ["C0", "C1"])
    >>> sorted({round(float(v), 6) for v in curves[0][:, 0]})  # the line x = 2.5
    [2.5]
    """
    from matplotlib.collections import LineCollection  # matplotlib on first use (import cost)
    import contourpy  # with matplotlib, on first use (import cost)

    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    index = np.asarray(index)
    curves: list = []
    if xs.size < 2 or ys.size < 2:
        return curves
    margins = region_margins(index)
    for k, m in margins.items():
        hatch = {} if hatches is None else {"hatches": [hatches[k] or None]}
        ax.contourf(xs, ys, np.ma.masked_invalid(m), levels=[0.0, 2.0],
                    colors=[colors[k]], antialiased=False, **hatch)
        if np.nanmin(m) < 0 < np.nanmax(m):
            gen = contourpy.contour_generator(xs, ys, np.ma.masked_invalid(m),
                                              line_type="Separate")
            curves.extend(np.asarray(c, dtype=float) for c in gen.lines(0.0))
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
        ``"curves"`` (default): each region is filled and outlined by a curve
        within a grid step of the curves of
        :func:`secdilemma.analysis.threshold.boundaries` (the 0 level of a smoothed
        margin, :func:`region_margins`: a curve, not the 45° zigzag that marching
        squares traces on a fine grid); the axes span the grid points.
        ``"cells"``: one coloured cell per grid point and the boundaries along
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
        # the region curves leave where three categories meet
        ax.pcolormesh(xe, ye, np.ma.masked_less(index, 0), cmap=cmap, norm=norm,
                      shading="flat", rasterized=True)
        curves = []
        if boundaries == "curves":
            curves = draw_region_curves(ax, xs, ys, index, colors,
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
            label_contours(ax, cs, lambda v: f"{v:g}", fontsize=6, avoid=curves)
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
