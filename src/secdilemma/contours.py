"""Boundary curves of the regions of a categorical variable sampled on a 2-D grid.

One pure function of arrays (no Dataset, no figure): the curves that
:func:`secdilemma.analysis.threshold.boundaries` reports. The regime maps of
:mod:`secdilemma.plotting` draw the same boundaries smoothed (the zero line of a lightly
blurred margin between regions, :func:`secdilemma.plotting.regime_map.region_margins`),
which stays within one grid step of these curves and removes the grid's staircase. It
sits below both (it imports only numpy): plotting never imports analysis.

References
----------
.. [1] Lorensen, W. E. and Cline, H. E. (1987). Marching cubes: a high resolution 3D
   surface construction algorithm. *Computer Graphics* 21(4), 163-169.
"""

from __future__ import annotations

import numpy as np

__all__ = ["region_curves"]


def region_curves(x, y, inside) -> list[np.ndarray]:
    """The curves that bound a region of a grid, by marching squares.

    Parameters
    ----------
    x : array_like, shape (nx,)
        Grid coordinates along the columns (strictly monotonic).
    y : array_like, shape (ny,)
        Grid coordinates along the rows (strictly monotonic).
    inside : array_like of bool, shape (ny, nx)
        Whether each grid point belongs to the region.

    Returns
    -------
    list of numpy.ndarray, shape (n, 2)
        The boundary as polylines of (x, y) vertices: the 0.5 level of the region's
        indicator, which crosses every grid edge between a point inside and a point
        outside at its midpoint (and cuts corners diagonally). Closed curves repeat
        their first vertex; curves that reach the edge of the grid end there. Empty
        when the region is empty or the whole grid.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.contours import region_curves
    >>> x = np.array([0.0, 1.0, 2.0, 3.0]); y = np.array([0.0, 1.0])
    >>> inside = np.array([[True, True, False, False], [True, True, False, False]])
    >>> [c.tolist() for c in region_curves(x, y, inside)]  # the vertical line x = 1.5
    [[[1.5, 0.0], [1.5, 1.0]]]
    """
    import contourpy

    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    z = np.asarray(inside, dtype=bool).astype(float)
    if z.shape != (ys.size, xs.size):
        raise ValueError(f"region_curves(): inside must have shape (len(y), len(x)) = "
                         f"{(ys.size, xs.size)}; got {z.shape}")
    if z.size == 0 or z.min() == z.max():
        return []
    gen = contourpy.contour_generator(xs, ys, z, line_type="Separate")
    return [np.asarray(c, dtype=float) for c in gen.lines(0.5)]
