"""A figure of one metric of any swept dataset: the figure behind ``secdilemma plot``.

Over two parameters, a categorical metric (integer-coded with CF ``flag_values`` /
``flag_meanings``, or a boolean) is drawn as a regime map (:func:`regime_map`), an
integer metric with a few values (a number of equilibria) as ordered regions, a numeric
one as a heat map with labelled contour lines and a colour bar; over one parameter, as
a line (a step line with named levels for a categorical metric). Plotting never calls a
solver: the dataset is what :func:`secdilemma.analysis.sweep.sweep` (or
``secdilemma sweep``) wrote.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidParameterError
from ._axes import axes_or_new
from .regime_map import categories, draw_region_curves, regime_map
from .style import publication_style, regime_label, variable_label

__all__ = ["sweep_plot", "is_categorical", "MAX_INTEGER_CATEGORIES"]


#: An integer metric with at most this many distinct values (e.g. a number of
#: equilibria) is drawn as categories, one colour per value, not as a heat map.
MAX_INTEGER_CATEGORIES = 4


def is_categorical(da) -> bool:
    """Whether a swept variable is drawn as categories: boolean, integer-coded with CF
    ``flag_values`` and ``flag_meanings`` attributes, or integer with at most
    :data:`MAX_INTEGER_CATEGORIES` distinct values.

    Examples
    --------
    >>> import xarray as xr
    >>> is_categorical(xr.DataArray([True, False])), is_categorical(xr.DataArray([0.5]))
    (True, False)
    >>> is_categorical(xr.DataArray([1, 3, 1])), is_categorical(xr.DataArray([1, 2, 3, 4, 5]))
    (True, False)
    """
    if da.dtype == bool or ("flag_values" in da.attrs and "flag_meanings" in da.attrs):
        return True
    return da.dtype.kind in "iu" and np.unique(da.values).size <= MAX_INTEGER_CATEGORIES


def _coded(da):
    """``da`` integer-coded with flag attributes (booleans become 0 = no, 1 = yes)."""
    if da.dtype == bool:
        coded = da.astype(np.int8)
        coded.attrs = dict(da.attrs, flag_values=np.array([0, 1]), flag_meanings="no yes")
        return coded
    return da


#: Brewer, C. A. (2003), ColorBrewer "Blues", four steps.
_BLUES = ("#DEEBF7", "#9ECAE1", "#4292C6", "#08519C")


def _flagged(da) -> bool:
    return da.dtype == bool or ("flag_values" in da.attrs and "flag_meanings" in da.attrs)


def _count_map(da, x, y, metric, ax):
    """An integer metric with a few values (e.g. the number of equilibria): a region per
    value, ordered colours (light = smallest), boundaries as curves, a legend."""
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    values = np.asarray(da.transpose(y, x).values)
    levels = np.unique(values).tolist()
    index = np.searchsorted(levels, values)
    # ColorBrewer "Blues" steps: one hue, ordered light to dark, colour-blind safe
    picks = np.round(np.linspace(0, len(_BLUES) - 1, len(levels))).astype(int)
    colors = [_BLUES[k] for k in picks]
    xs = np.asarray(da[x].values, dtype=float)
    ys = np.asarray(da[y].values, dtype=float)
    with publication_style():
        ax = axes_or_new(ax, figsize=(3.4, 2.8))
        norm = BoundaryNorm(np.arange(len(levels) + 1) - 0.5, len(levels))
        ax.pcolormesh(xs, ys, index, cmap=ListedColormap(colors), norm=norm,
                      shading="nearest", rasterized=True)
        draw_region_curves(ax, xs, ys, index, colors)
        if xs.size > 1 and ys.size > 1:
            ax.set_xlim(xs.min(), xs.max())
            ax.set_ylim(ys.min(), ys.max())
        handles = [Patch(facecolor=c, edgecolor="0.15", linewidth=0.5, label=f"{v}")
                   for c, v in zip(colors, levels)]
        ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.01),
                  ncol=len(handles), frameon=False, handlelength=1.2, borderaxespad=0.0,
                  title=variable_label(metric, da.attrs))
        ax.set_xlabel(variable_label(x, da[x].attrs))
        ax.set_ylabel(variable_label(y, da[y].attrs))
    return ax


def _swept_dims(da) -> list:
    return [d for d in da.dims if da.sizes[d] > 1]


def sweep_plot(ds, metric: str | None = None, *, x: str | None = None,
               y: str | None = None, ax=None):
    """Draw one metric of a swept dataset over one or two of its parameters.

    Parameters
    ----------
    ds : xarray.Dataset
        A swept dataset (:func:`~secdilemma.analysis.sweep.sweep`, or a netCDF file
        written by it, opened with :func:`xarray.open_dataset`).
    metric : str, optional
        The variable drawn (default: the first data variable).
    x, y : str, optional
        The parameters on the horizontal and vertical axes (default: the swept
        dimensions of ``metric`` in grid order). With one swept dimension the figure is
        a line over ``x``; ``y`` must then be left out.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure (not registered with pyplot) otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InvalidParameterError
        If ``metric``, ``x`` or ``y`` is not in the dataset, or the metric varies over
        more dimensions than the axes show (select the others first with ``ds.sel``).

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> ds = xr.Dataset({"p": (("a", "b"), np.arange(6.0).reshape(2, 3))},
    ...                 coords={"a": [0.0, 1.0], "b": [0.0, 0.5, 1.0]})
    >>> ax = sweep_plot(ds, "p")
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('a', 'b')
    >>> ax = sweep_plot(ds.isel(a=0), "p")
    >>> ax.get_ylabel()
    'p'
    """
    func = "sweep_plot"
    if not hasattr(ds, "data_vars"):
        raise InvalidParameterError(
            f"{func}(): ds must be an xarray.Dataset; got {type(ds).__name__}")
    names = list(ds.data_vars)
    if metric is None:
        if not names:
            raise InvalidParameterError(f"{func}(): ds must have a data variable; got none")
        metric = names[0]
    if metric not in ds.data_vars:
        raise InvalidParameterError(
            f"{func}(): metric must be one of the dataset's variables {names}; got "
            f"{metric!r}")
    da = ds[metric]
    swept = _swept_dims(da)
    for role, dim in (("x", x), ("y", y)):
        if dim is not None and dim not in da.dims:
            raise InvalidParameterError(
                f"{func}(): {role} must be a dimension of {metric!r} {list(da.dims)}; "
                f"got {dim!r}")
    if x is not None and x == y:
        raise InvalidParameterError(f"{func}(): x and y must differ; got {x!r} twice")
    chosen = [d for d in (x, y) if d is not None]
    rest = [d for d in swept if d not in chosen]
    if x is None:
        x, rest = (rest[0], rest[1:]) if rest else (None, rest)
    if y is None and rest and len(chosen) < 2:
        y, rest = rest[0], rest[1:]
    if x is None:
        raise InvalidParameterError(
            f"{func}(): {metric!r} must vary over at least one parameter; got a single "
            f"point")
    if rest:
        raise InvalidParameterError(
            f"{func}(): {metric!r} varies over {swept}; a figure shows two of them "
            f"(x={x!r}, y={y!r}): select a value of {rest} first")
    extra = [d for d in da.dims if d not in (x, y)]
    if extra:
        da = da.isel({d: 0 for d in extra})
    categorical = is_categorical(da)

    if y is not None:
        if categorical and not _flagged(da):
            return _count_map(da, x, y, metric, ax)
        if categorical:
            sub = _coded(da).to_dataset(name=metric).assign_coords(
                {x: ds[x], y: ds[y]})
            ax = regime_map(sub, x=x, y=y, var=metric, ax=ax)
            legend = ax.get_legend()
            if legend is not None:  # names the metric (the legend sits above the axes)
                with publication_style():
                    legend.set_title(variable_label(metric, da.attrs))
            return ax
        return _heat_map(da, x, y, metric, ax)
    return _line(da, x, metric, categorical, ax)


def _heat_map(da, x, y, metric, ax):
    values = np.asarray(da.transpose(y, x).values, dtype=float)
    xs = np.asarray(da[x].values, dtype=float)
    ys = np.asarray(da[y].values, dtype=float)
    finite = values[np.isfinite(values)]
    with publication_style():
        ax = axes_or_new(ax, figsize=(3.6, 2.8))
        mesh = ax.pcolormesh(xs, ys, np.ma.masked_invalid(values), shading="nearest",
                             cmap="cividis", rasterized=True)
        bar = ax.figure.colorbar(mesh, ax=ax)
        bar.set_label(variable_label(metric, da.attrs))
        if finite.size and finite.min() < finite.max() and min(values.shape) > 1:
            lines = ax.contour(xs, ys, values, levels=5, colors="white", linewidths=0.6)
            ax.clabel(lines, fontsize=6, fmt="%.3g")
        ax.set_xlabel(variable_label(x, da[x].attrs))
        ax.set_ylabel(variable_label(y, da[y].attrs))
        if finite.size < values.size:
            ax.set_title(f"blank: no value (NaN) at {values.size - finite.size} of "
                         f"{values.size} points", fontsize=6.5)
    return ax


def _line(da, x, metric, categorical, ax):
    xs = np.asarray(da[x].values, dtype=float)
    with publication_style():
        ax = axes_or_new(ax, figsize=(3.4, 2.4))
        if categorical:
            coded = _coded(da)
            cats = categories(coded)
            ax.step(xs, np.asarray(coded.values, dtype=float), where="mid",
                    color="0.15", marker="o", markersize=2.5)
            ax.set_yticks([c for c, _ in cats])
            ax.set_yticklabels([regime_label(n) for _, n in cats])
        else:
            ax.plot(xs, np.asarray(da.values, dtype=float), color="#0072B2")
        ax.set_xlabel(variable_label(x, da[x].attrs))
        ax.set_ylabel(variable_label(metric, da.attrs))
    return ax
