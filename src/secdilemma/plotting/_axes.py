"""Where a figure function draws: the given Axes, or a new figure's."""

from __future__ import annotations


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
    # matplotlib is imported on first use (measured import cost, ~0.3 s): importing
    # secdilemma.plotting must stay cheap
    from matplotlib.figure import Figure

    return Figure(figsize=figsize).add_subplot()
