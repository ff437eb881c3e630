"""Where a figure function draws (the given Axes, or a new figure's) and what it needs
from its dataset."""

from __future__ import annotations

import numpy as np

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


def label_contours(ax, cs, fmt, *, fontsize: float = 5.5, inline_spacing: float = 2,
                   margin: float = 0.1, avoid=()) -> list:
    """Label each contour level once, at a point of its line well inside the axes.

    Matplotlib's automatic placement may put a label at the edge of the axes, where the
    axes clip it ("δ*=0." instead of "δ*=0.6"). Here each level's label goes at the
    point of its lines at least ``margin`` (axes fraction) from every edge (half that
    for a level with no such point), clear of the texts and markers already drawn and
    near the middle of its run; a level with no such point is left unlabelled. The
    label is a text along the line, on a white box that gaps the line (not
    :meth:`~matplotlib.axes.Axes.clabel`, whose manual placement could move a label off
    a masked contour and whose inline breaking could join its pieces with a spurious
    segment).

    Call it after the axes limits are set.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    cs : matplotlib.contour.ContourSet
        Line contours drawn on ``ax``.
    fmt : callable or str
        Label format, as for :meth:`~matplotlib.axes.Axes.clabel`.
    fontsize : float
    inline_spacing : float
        Padding of the white box around the label (larger: a wider gap in the line).
    margin : float
        Smallest distance of a label's anchor from the axes edges, in axes fraction.
    avoid : sequence of array_like, shape (n, 2)
        Other curves (data coordinates) to keep the labels clear of, e.g. region
        boundaries: a label is not set across them.

    Returns
    -------
    list of matplotlib.text.Text
        The labels drawn.

    Examples
    --------
    >>> import numpy as np
    >>> ax = axes_or_new(None)
    >>> x = np.linspace(0, 1, 30)
    >>> cs = ax.contour(x, x, np.add.outer(x, x), levels=[0.05, 1.0])
    >>> ax.set_xlim(0, 1); ax.set_ylim(0, 1)  # doctest: +ELLIPSIS
    (...)
    >>> [t.get_text() for t in label_contours(ax, cs, "%g")]  # 0.05 hugs the corner
    ['1']
    """
    to_axes = ax.transData + ax.transAxes.inverted()
    # points to keep clear of: the texts already on the axes and the markers drawn
    taken = []
    # a text is kept clear of over its whole box (estimated from its size and alignment,
    # without drawing: corners, edge points and centre)
    px = ax.figure.dpi / 72.0
    w_ax, h_ax = max(ax.bbox.width, 1.0), max(ax.bbox.height, 1.0)
    for t in ax.texts:
        anchor = ax.transAxes.inverted().transform(
            t.get_transform().transform(t.get_position()))
        taken.append(anchor)
        lines = t.get_text().splitlines() or [""]
        if not t.get_text().strip() or type(t).__name__ == "Annotation":
            continue
        fs = t.get_fontsize() * px
        if t.get_rotation() % 360:
            # a rotated label (centred on its anchor): samples along and across it
            rad = np.radians(t.get_rotation())
            half = 0.55 * fs * max(len(s) for s in lines) / 2 + 4
            along = np.array([np.cos(rad) * half / w_ax, np.sin(rad) * half / h_ax])
            across = np.array([-np.sin(rad) * fs / 2 / w_ax, np.cos(rad) * fs / 2 / h_ax])
            taken.extend(anchor + f * along + g * across
                         for f in np.linspace(-1, 1, 5) for g in (-1, 0, 1))
            continue
        w = 0.55 * fs * max(len(s) for s in lines) / w_ax
        h = 1.25 * fs * len(lines) / h_ax
        x0 = anchor[0] - {"left": 0, "center": w / 2, "right": w}.get(t.get_ha(), w / 2)
        y0 = anchor[1] - {"bottom": 0, "baseline": 0, "center": h / 2, "center_baseline":
                          h / 2, "top": h}.get(t.get_va(), h / 2)
        taken.extend([(x, y) for x in np.linspace(x0, x0 + w, 5)
                      for y in np.linspace(y0, y0 + h, 3)])
    for curve in avoid:
        xy = np.asarray(curve, dtype=float)
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if len(xy) > 1:
            # densely enough that a label between two samples is still seen as on it
            seg = np.diff(xy, axis=0)
            fine = np.vstack([xy[:-1] + f * seg for f in np.linspace(0, 1, 4)])
            taken.extend(to_axes.transform(fine))
    for line in ax.lines:
        if line.get_marker() not in (None, "None", "", " "):
            xy = np.asarray(line.get_xydata(), dtype=float)
            xy = xy[np.all(np.isfinite(xy), axis=1)]
            if len(xy) and len(xy) <= 50:
                taken.extend(to_axes.transform(xy))
    texts = []
    for level, segs in zip(cs.levels, cs.allsegs):
        best, best_score, best_seg, best_i = None, -np.inf, None, 0
        # a level too close to the edges for the margin: half the margin, once
        for m, seg in [(m, seg) for m in (margin, margin / 2) for seg in segs]:
            if m < margin and best is not None:
                break
            seg = np.asarray(seg, dtype=float)
            seg = seg[np.all(np.isfinite(seg), axis=1)]
            if len(seg) < 2:
                continue
            frac = to_axes.transform(seg)
            inside = np.all((frac >= m) & (frac <= 1 - m), axis=1)
            if not inside.any():
                continue
            idx = np.nonzero(inside)[0]
            # arc position of each candidate along its inside run, 0..1
            t = (idx - idx[0]) / max(idx[-1] - idx[0], 1)
            if taken:
                tk = np.asarray(taken)
                clear = np.min(np.hypot(frac[idx, None, 0] - tk[None, :, 0],
                                        frac[idx, None, 1] - tk[None, :, 1]), axis=1)
            else:
                clear = np.full(idx.size, 1.0)
            # prefer points clear of other labels and markers, then the middle of the
            # run, then long lines
            score = np.minimum(clear, 0.15) - 0.05 * np.abs(t - 0.5) + 1e-4 * len(idx)
            k = int(np.argmax(score))
            if score[k] > best_score:
                best, best_score, best_seg, best_i = seg[idx[k]], score[k], seg, idx[k]
        if best is None:
            continue
        # the label's angle: the line's direction on the screen, kept upright
        lo, hi = max(best_i - 2, 0), min(best_i + 2, len(best_seg) - 1)
        d = ax.transData.transform(best_seg[hi]) - ax.transData.transform(best_seg[lo])
        angle = float(np.degrees(np.arctan2(d[1], d[0]))) if np.any(d) else 0.0
        if angle > 90:
            angle -= 180
        elif angle < -90:
            angle += 180
        text = fmt(level) if callable(fmt) else fmt % level
        texts.append(ax.text(float(best[0]), float(best[1]), text, fontsize=fontsize,
                             rotation=angle, rotation_mode="anchor", ha="center",
                             va="center", clip_on=True, zorder=4,
                             bbox={"boxstyle": f"round,pad={0.05 + 0.02 * inline_spacing:g}",
                                   "facecolor": "white", "edgecolor": "none",
                                   "alpha": 0.85}))
        # the label's whole length along its line is taken, not only its centre
        centre = to_axes.transform(np.asarray(best)[None, :])[0]
        half = 0.55 * fontsize * ax.figure.dpi / 72 * len(text) / 2 + 4
        along = np.array([np.cos(np.radians(angle)) * half / w_ax,
                          np.sin(np.radians(angle)) * half / h_ax])
        taken.extend(centre + f * along for f in np.linspace(-1, 1, 5))
    return texts
