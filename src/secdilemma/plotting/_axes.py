"""Where a figure function draws (the given Axes, or a new figure's) and what it needs
from its dataset."""

from __future__ import annotations

from ..errors import InvalidParameterError


def axes_or_new(ax, figsize: tuple[float, float] | None = None):
    """``ax`` itself, or the Axes of a new figure (not registered with pyplot).

    Call it inside :func:`~secdilemma.plotting.style.publication_style` so that a new
    figure takes the package style.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
    figsize : tuple of float, optional
        Size in inches of a new figure (Matplotlib's default otherwise).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = axes_or_new(None, figsize=(3.4, 2.8))
    >>> axes_or_new(ax) is ax, ax.figure.get_size_inches().tolist()
    (True, [3.4, 2.8])
    """
    if ax is not None:
        return ax
    # matplotlib is imported on first use (measured import cost, about 1 s): importing
    # secdilemma.plotting must stay cheap
    from matplotlib.figure import Figure

    return Figure(figsize=figsize).add_subplot()


def require_variables(func: str, ds, names) -> None:
    """Raise a clear error unless ``ds`` has every variable, coordinate or dimension in
    ``names``.

    Parameters
    ----------
    func : str
        The figure function, for the message.
    ds : xarray.Dataset
    names : iterable of str

    Raises
    ------
    InvalidParameterError
        If ``ds`` is not a Dataset or misses a name.

    Examples
    --------
    >>> import xarray as xr
    >>> require_variables("f", xr.Dataset({"a": ("x", [1])}), ["a", "x"])
    >>> try:
    ...     require_variables("f", xr.Dataset(), ["b"])
    ... except Exception as exc:
    ...     print(exc)
    f(): ds must have the variables ['b']; got a dataset without ['b']
    """
    names = list(names)
    if not hasattr(ds, "variables") or not hasattr(ds, "attrs"):
        raise InvalidParameterError(
            f"{func}(): ds must be an xarray.Dataset; got {type(ds).__name__}")
    missing = [n for n in names if n not in ds.variables and n not in ds.dims]
    if missing:
        raise InvalidParameterError(
            f"{func}(): ds must have the variables {names}; got a dataset without {missing}")
