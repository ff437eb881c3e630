"""General rules every reproduction's figure keeps (a journal's, not one figure's patch).

Each reproduction's figure is built the way ``reproduce.run`` builds it (``compute``, then
``draw`` on a new Figure in the publication style), without writing files, and checked:

(a) every legend handle has the style (colour, line style, marker; face colour and hatch
    for patches) of some artist drawn in the figure (a neutral grey or black line key
    stands for a line style or marker worn by curves of several colours), and every
    artist that carries a label is named in a legend;
(b) no text (tick labels, axis labels, titles, annotations, contour labels, legend texts)
    falls outside the figure (renderer window extents);
(c) categorical region maps tell their regions apart by more than colour: every filled
    region carries hatching or a direct text label inside the axes (one plain region,
    the background, is told apart by carrying neither);
(d) no two texts overlap (their own boxes, rotated with them, beyond a pixel);
(e) a legend inside an axes covers at most 3 % of any line's length or markers there;
(f) region boundaries are curves: no boundary of eight or more vertices turns by 40°
    or more at more than a fifth of its vertices (a staircase turns at nearly all);
(g) a figure of several panels (visible axes of at least a quarter of the largest
    one's area; insets are not panels) labels each one "(a)", "(b)", ... in a title or
    a text;
(h) on a region map no text lies across a region boundary;
(i) in a figure with a legend, every marker drawn is keyed in a legend or named by a
    text beside it or a note showing its glyph;
(j) every colour of a line, marker or filled region is an Okabe–Ito colour (at any
    transparency) or a grey.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.collections import Collection, PathCollection, PolyCollection, QuadMesh
from matplotlib.colors import to_hex as to_hex_
from matplotlib.colors import to_rgba
from matplotlib.contour import ContourSet
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from secdilemma.plotting.style import publication_style
from secdilemma.reproduce import registry

NAMES = registry.names()
_FIGURES: dict = {}


def build(name):
    """The reproduction's figure, drawn as ``reproduce.run`` draws it (cached)."""
    if name not in _FIGURES:
        entry = registry.get(name)
        data = entry.compute()
        with publication_style():
            fig = Figure(figsize=entry.figsize)  # as reproduce.run: no canvas while drawing
            ax = fig.add_subplot()
            entry.draw(data, ax)
            FigureCanvasAgg(fig)  # as savefig: a renderer only to save
            fig.canvas.draw()  # layout and text positions as saved
        _FIGURES[name] = fig
    return _FIGURES[name]


def _rgba(c):
    return tuple(np.round(to_rgba(c), 3))


def _norm_ls(ls):
    return {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dashdot",
            "None": "none", "": "none", " ": "none"}.get(ls, ls)


def _line_styles(artist):
    """(colour, linestyle, marker) tuples an artist shows."""
    if isinstance(artist, Line2D):
        marker = artist.get_marker()
        marker = "none" if marker in (None, "None", "", " ") else str(marker)
        color = artist.get_color() if artist.get_linestyle() not in ("None", "") \
            else artist.get_markerfacecolor()
        return {(_rgba(artist.get_color()), _norm_ls(artist.get_linestyle()), marker),
                (_rgba(color), _norm_ls(artist.get_linestyle()), marker)}
    return set()


def _dash_kind(dashes):
    """'solid' or 'dashed'-like from a collection's (offset, pattern)."""
    _, pattern = dashes
    if not pattern:
        return "solid"
    on = pattern[0]
    return "dotted" if on <= 1.5 * matplotlib.rcParams["lines.linewidth"] and \
        len(pattern) == 2 and pattern[0] < pattern[1] * 0.8 else "dashed"


def _all_axes(fig):
    """The figure's Axes and their inset (child) Axes."""
    out, todo = [], list(fig.axes)
    while todo:
        ax = todo.pop(0)
        if ax not in out:
            out.append(ax)
            todo.extend(ax.child_axes)
    return out


def _fig_artists(fig):
    out = []
    for ax in _all_axes(fig):
        out.extend(ax.lines)
        out.extend(ax.collections)
        out.extend(ax.patches)
        out.extend(ax.images)
    return out


def _handle_matches(handle, artists):
    if isinstance(handle, Line2D):
        rgba = to_rgba(handle.get_color())
        if rgba[0] == rgba[1] == rgba[2]:
            # a neutral (grey or black) style key: "dashed = with hotline" for curves of
            # every colour; it must match the line style and marker of some line
            key = (_norm_ls(handle.get_linestyle()), next(iter(_line_styles(handle)))[2])
            if any(isinstance(a, Line2D) and
                   {(ls, mk) for _, ls, mk in _line_styles(a)} & {key} for a in artists):
                return True
        want = _line_styles(handle)
        hmarker = next(iter(want))[2]
        hls = next(iter(want))[1]
        for a in artists:
            if isinstance(a, Line2D) and want & _line_styles(a):
                return True
            if isinstance(a, Collection) and hmarker == "none" and hls != "none":
                cols = {_rgba(c) for c in np.atleast_2d(a.get_edgecolor())} if \
                    len(a.get_edgecolor()) else set()
                if isinstance(a, ContourSet):
                    cols = {_rgba(c) for c in np.atleast_2d(a.get_edgecolor())}
                hcol = _rgba(handle.get_color())
                if hcol in cols:
                    kinds = {"solid" if not d[1] else "dashed"
                             for d in a.get_linestyle()}
                    if ("solid" if hls == "solid" else "dashed") in kinds:
                        return True
            if isinstance(a, PathCollection) and hmarker != "none":
                fc = {_rgba(c) for c in a.get_facecolor()}
                if _rgba(handle.get_markerfacecolor()) in fc:
                    return True
        return False
    if isinstance(handle, Patch):
        fc = _rgba(handle.get_facecolor())
        hatch = handle.get_hatch() or None
        for a in artists:
            if isinstance(a, Patch) and _rgba(a.get_facecolor()) == fc and \
                    (a.get_hatch() or None) == hatch:
                return True
            if isinstance(a, ContourSet) and a.filled:
                hatches = list(a.hatches or [None])
                styles = {(_rgba(c), hatches[i % len(hatches)] or None)
                          for i, c in enumerate(a.get_facecolor())}
                if (fc, hatch) in styles:
                    return True
                continue
            if isinstance(a, Collection) and not isinstance(a, QuadMesh):
                colours = {_rgba(c) for c in a.get_facecolor()}
                if fc in colours:
                    ahatch = a.get_hatch() if hasattr(a, "get_hatch") else None
                    if (ahatch or None) == hatch:
                        return True
        return False
    if isinstance(handle, PathCollection):
        fc = {_rgba(c) for c in handle.get_facecolor()}
        return any(isinstance(a, PathCollection) and fc & {_rgba(c) for c in a.get_facecolor()}
                   for a in artists if a is not handle)
    return True  # other handle types: not judged


def _legends(fig):
    legs = [ax.get_legend() for ax in _all_axes(fig) if ax.get_legend() is not None]
    legs.extend(fig.legends)
    return legs


@pytest.mark.parametrize("name", NAMES)
def test_legend_handles_match_drawn_artists(name):
    fig = build(name)
    artists = _fig_artists(fig)
    bad = []
    for leg in _legends(fig):
        for handle, text in zip(leg.legend_handles, leg.get_texts()):
            if not _handle_matches(handle, artists):
                bad.append(text.get_text())
    assert not bad, f"{name}: legend entries whose style no drawn artist has: {bad}"


@pytest.mark.parametrize("name", NAMES)
def test_labelled_artists_are_in_a_legend(name):
    fig = build(name)
    texts = {t.get_text() for leg in _legends(fig) for t in leg.get_texts()}
    missing = []
    for a in _fig_artists(fig):
        label = a.get_label()
        if label and not label.startswith("_") and label not in texts:
            missing.append(label)
    assert not missing, f"{name}: labelled artists missing from the legend: {missing}"


def _texts(fig):
    """The texts a renderer draws: every visible Text, tick labels only for the ticks
    inside the view interval (Matplotlib keeps, but does not draw, the others)."""
    tick_labels = set()
    drawn = []
    for ax in _all_axes(fig):
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            span = hi - lo
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                for lab in (tick.label1, tick.label2):
                    tick_labels.add(id(lab))
                    if lo - 1e-9 * span <= tick.get_loc() <= hi + 1e-9 * span and \
                            lab.get_visible() and tick.get_visible():
                        drawn.append(lab)
    out = [t for t in drawn if t.get_text().strip()]
    for t in fig.findobj(Text):
        if id(t) in tick_labels:
            continue
        if t.get_visible() and t.get_text().strip() and t.figure is not None:
            out.append(t)
    return out


def _inside(ext, box, tol=0.5):
    return not (ext.x0 < box.x0 - tol or ext.y0 < box.y0 - tol or ext.x1 > box.x1 + tol
                or ext.y1 > box.y1 + tol)


@pytest.mark.parametrize("name", NAMES)
def test_no_text_outside_the_figure(name):
    fig = build(name)
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    outside = []
    for t in _texts(fig):
        ext = t.get_window_extent(renderer)
        if ext.width == 0 and ext.height == 0:
            continue
        if not _inside(ext, box):
            outside.append(t.get_text())
        elif t.get_clip_on() and t.get_clip_box() is not None and \
                not _inside(ext, t.get_clip_box()):
            outside.append(f"{t.get_text()} (clipped by the axes)")
    assert not outside, f"{name}: text outside the figure: {outside}"


def _filled_regions(ax):
    """Filled region artists of an Axes (contourf sets, fill_between polys, meshes)."""
    out = []
    for a in ax.collections:
        if isinstance(a, ContourSet) and a.filled:
            out.append(a)
        elif isinstance(a, PolyCollection) and not isinstance(a, ContourSet) and \
                len(a.get_facecolor()) and a.get_facecolor()[0][3] > 0.2:
            out.append(a)
    out.extend(p for p in ax.patches if isinstance(p, Rectangle) is False and p.get_fill())
    return out


def _region_has_direct_label(ax, artist, renderer):
    for t in ax.texts:
        if not t.get_text().strip():
            continue
        x, y = t.get_position()
        pt = t.get_transform().transform((x, y))
        for path in artist.get_paths() if hasattr(artist, "get_paths") else [artist.get_path()]:
            tr = artist.get_transform()
            if path.contains_point(pt, transform=tr):
                return True
    return False


def _is_region_map(ax):
    """A categorical region map: two or more filled regions of different colours."""
    colours = set()
    for a in _filled_regions(ax):
        fc = np.atleast_2d(a.get_facecolor())
        if isinstance(a, ContourSet) and a.get_array() is not None and \
                len(np.atleast_1d(a.get_array())) > 1:
            # a filled contour set holds one colour per level: each is a region
            fc = np.atleast_2d(a.to_rgba(np.asarray(a.get_array())))
        for row in (fc if isinstance(a, ContourSet) else fc[:1]):
            colours.add(_rgba(row))
    return len(colours) >= 2


@pytest.mark.parametrize("name", NAMES)
def test_region_maps_tell_regions_apart_by_more_than_colour(name):
    fig = build(name)
    renderer = fig.canvas.get_renderer()
    bad = []
    for ax in _all_axes(fig):
        if not _is_region_map(ax):
            continue
        plain = []
        for a in _filled_regions(ax):
            if not len(a.get_paths() if hasattr(a, "get_paths") else [1]):
                continue
            hatch = a.get_hatch() if hasattr(a, "get_hatch") else None
            if isinstance(a, ContourSet):
                hatch = any(a.hatches or [])
            if hatch:
                continue
            if _region_has_direct_label(ax, a, renderer):
                continue
            plain.append(to_hex_(np.atleast_2d(a.get_facecolor())[0]))
        # one plain region (the background) is told apart by carrying no hatch or label
        if len(set(plain)) > 1:
            bad.extend(sorted(set(plain)))
    assert not bad, f"{name}: regions told apart by colour alone (face colours {bad})"


# --------------------------------------------------------------------------------------
# (d) no two texts overlap; (e) a legend inside an axes covers little of the plotted
# lines and markers; (f) region boundaries are curves, not staircases; (g) a figure of
# several panels labels them (a), (b), ...


def _overlap(a, b, shrink=1.0):
    """Whether two display boxes overlap by more than ``shrink`` pixels each way."""
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > shrink
            and min(a.y1, b.y1) - max(a.y0, b.y0) > shrink)


def _text_corners(t, renderer):
    """The four display corners of a text's own box (rotated with the text; an
    annotation's arrow left out)."""
    ext = Text.get_window_extent(t, renderer)
    rot = t.get_rotation()
    if not rot % 360:
        return np.array([(ext.x0, ext.y0), (ext.x1, ext.y0), (ext.x1, ext.y1),
                         (ext.x0, ext.y1)])
    t.set_rotation(0)
    flat = Text.get_window_extent(t, renderer)
    t.set_rotation(rot)
    centre = np.array([(ext.x0 + ext.x1) / 2, (ext.y0 + ext.y1) / 2])
    a = np.radians(rot)
    u, v = np.array([np.cos(a), np.sin(a)]), np.array([-np.sin(a), np.cos(a)])
    w, h = flat.width / 2, flat.height / 2
    return np.array([centre + sx * w * u + sy * h * v
                     for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))])


def _boxes_overlap(p, q, shrink=1.0):
    """Whether two convex quadrilaterals overlap by more than ``shrink`` pixels
    (separating axis test on their edge normals)."""
    for poly in (p, q):
        for i in range(4):
            edge = poly[(i + 1) % 4] - poly[i]
            n = np.array([-edge[1], edge[0]])
            norm = np.hypot(*n)
            if norm == 0:
                continue
            n = n / norm
            pp, qq = p @ n, q @ n
            if min(pp.max(), qq.max()) - max(pp.min(), qq.min()) <= shrink:
                return False
    return True


@pytest.mark.parametrize("name", NAMES)
def test_no_two_texts_overlap(name):
    fig = build(name)
    renderer = fig.canvas.get_renderer()
    boxes = []
    for t in _texts(fig):
        ext = t.get_window_extent(renderer)
        if ext.width > 0 and ext.height > 0:
            boxes.append((t.get_text(), _text_corners(t, renderer)))
    clashes = [(a, b) for i, (a, ea) in enumerate(boxes) for b, eb in boxes[i + 1:]
               if _boxes_overlap(ea, eb)]
    assert not clashes, f"{name}: texts that overlap: {clashes}"


def _line_samples(line, n=200):
    """Display coordinates along a drawn line (its segments sampled) or its markers."""
    xy = np.asarray(line.get_xydata(), dtype=float)
    xy = xy[np.all(np.isfinite(xy), axis=1)]
    if not len(xy):
        return np.empty((0, 2))
    pts = line.get_transform().transform(xy)
    if line.get_linestyle() in ("None", "", " ") or len(pts) < 2:
        return pts
    seg = np.diff(pts, axis=0)
    lengths = np.hypot(*seg.T)
    total = lengths.sum()
    if total == 0:
        return pts
    s = np.linspace(0, total, n)
    cum = np.concatenate([[0], np.cumsum(lengths)])
    return np.column_stack([np.interp(s, cum, pts[:, 0]), np.interp(s, cum, pts[:, 1])])


@pytest.mark.parametrize("name", NAMES)
def test_legends_inside_axes_leave_the_data_visible(name):
    """A legend inside an axes covers at most 3 % of each line's length (or of its
    markers) there; legends outside the axes cover nothing."""
    fig = build(name)
    renderer = fig.canvas.get_renderer()
    bad = []
    for ax in _all_axes(fig):
        leg = ax.get_legend()
        if leg is None or not ax.get_visible():
            continue
        box = leg.get_window_extent(renderer)
        abox = ax.get_window_extent(renderer)
        if not _overlap(box, abox):
            continue
        for line in ax.lines:
            pts = _line_samples(line)
            if len(pts) == 0:
                continue
            inside = ((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1)
                      & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1))
            if inside.mean() > 0.03:
                bad.append(f"{line.get_label()!r}: {inside.mean():.0%}")
        for coll in ax.collections:
            if isinstance(coll, PathCollection) and len(coll.get_offsets()):
                pts = coll.get_offset_transform().transform(coll.get_offsets())
                inside = ((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1)
                          & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1))
                if inside.mean() > 0.03:
                    bad.append(f"markers {coll.get_label()!r}: {inside.mean():.0%}")
    assert not bad, f"{name}: the legend covers plotted data: {bad}"


def _turn_fraction(xy, ax):
    """The fraction of a polyline's interior vertices where it turns by 40° or more
    (in display coordinates, repeated points dropped)."""
    pts = ax.transData.transform(np.asarray(xy, dtype=float))
    keep = np.concatenate([[True], np.hypot(*np.diff(pts, axis=0).T) > 1e-6])
    pts = pts[keep]
    if len(pts) < 8:
        return 0.0
    d = np.diff(pts, axis=0)
    ang = np.arctan2(d[:, 1], d[:, 0])
    turn = np.abs((np.diff(ang) + np.pi) % (2 * np.pi) - np.pi)
    return float(np.mean(turn >= np.radians(40)))


def _boundary_polylines(ax):
    """The region boundaries of an axes: the outlines of filled contour regions and
    the line collections drawn over a region map, split into their connected pieces,
    without the stretches along the axes' edges."""
    from matplotlib.collections import LineCollection
    from matplotlib.path import Path

    out = []
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    tol = 1e-6 * max(abs(x1 - x0), abs(y1 - y0))

    def pieces(vertices, codes=None):
        v = np.asarray(vertices, dtype=float)
        starts = [0] if codes is None else list(np.flatnonzero(codes == Path.MOVETO))
        if not starts or starts[0] != 0:
            starts = [0] + starts
        for a, b in zip(starts, starts[1:] + [len(v)]):
            seg = v[a:b]
            on_edge = ((np.abs(seg[:, 0] - x0) < tol) | (np.abs(seg[:, 0] - x1) < tol)
                       | (np.abs(seg[:, 1] - y0) < tol) | (np.abs(seg[:, 1] - y1) < tol))
            run = []
            for p, e in zip(seg, on_edge):
                if e:
                    if len(run) > 1:
                        out.append(np.array(run))
                    run = []
                else:
                    run.append(p)
            if len(run) > 1:
                out.append(np.array(run))

    for coll in ax.collections:
        if isinstance(coll, ContourSet) and coll.filled:
            for path in coll.get_paths():
                if len(path.vertices):
                    pieces(path.vertices, path.codes)
        elif isinstance(coll, LineCollection) and not isinstance(coll, ContourSet):
            for seg in coll.get_segments():
                pieces(seg)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_region_boundaries_are_curves_not_staircases(name):
    """On a region map, a boundary of eight or more vertices turns sharply (≥ 40°) at
    no more than a fifth of them: a staircase (or marching-squares zigzag) turns by
    45° or 90° at nearly every vertex; a curve, or a polygon with a few corners, does
    not."""
    fig = build(name)
    bad = []
    for ax in _all_axes(fig):
        if not _is_region_map(ax):
            continue
        for piece in _boundary_polylines(ax):
            frac = _turn_fraction(piece, ax)
            if frac > 0.2:
                bad.append(f"{len(piece)} vertices, {frac:.0%} sharp turns")
    assert not bad, f"{name}: staircase boundaries: {bad}"


def _panels(fig):
    """The figure's data panels: visible axes with at least a quarter of the largest
    one's area (an inset is not a panel)."""
    axes = [a for a in _all_axes(fig) if a.get_visible() and a.axison]
    if not axes:
        return []
    renderer = fig.canvas.get_renderer()
    area = {id(a): a.get_window_extent(renderer).width * a.get_window_extent(renderer)
            .height for a in axes}
    big = max(area.values())
    return [a for a in axes if area[id(a)] >= 0.25 * big]


@pytest.mark.parametrize("name", NAMES)
def test_panels_carry_labels(name):
    import re

    fig = build(name)
    panels = _panels(fig)
    if len(panels) < 2:
        return
    label = re.compile(r"^\(?[a-z]\)")
    missing = []
    for i, ax in enumerate(panels):
        texts = [ax.get_title(loc) for loc in ("left", "center")]
        texts += [t.get_text() for t in ax.texts]
        if not any(label.match(t.strip()) for t in texts if t):
            missing.append(i)
    assert not missing, f"{name}: panels without a label (a), (b), ...: {missing}"


@pytest.mark.parametrize("name", NAMES)
def test_texts_on_region_maps_do_not_sit_on_a_boundary(name):
    """(h) On a region map, no text inside the axes (a region's name, a contour label)
    lies across a region boundary: its box is crossed by no boundary curve."""
    fig = build(name)
    renderer = fig.canvas.get_renderer()
    bad = []
    for ax in _all_axes(fig):
        if not _is_region_map(ax):
            continue
        pieces = [ax.transData.transform(p) for p in _boundary_polylines(ax)]
        for t in ax.texts:
            if not t.get_text().strip():
                continue
            # the text's own box (an annotation's arrow left out), in its own frame when
            # it is rotated: centre, half sizes (shrunk a little) and angle
            ext = Text.get_window_extent(t, renderer)
            angle = np.radians(t.get_rotation())
            rot = t.get_rotation()
            t.set_rotation(0)
            flat = Text.get_window_extent(t, renderer)
            t.set_rotation(rot)
            centre = np.array([(ext.x0 + ext.x1) / 2, (ext.y0 + ext.y1) / 2])
            half = np.array([0.45 * flat.width, 0.4 * flat.height])
            c, s_ = np.cos(angle), np.sin(angle)
            for pts in pieces:
                # a densely sampled curve: some sample strictly inside the box
                seg = np.diff(pts, axis=0)
                fine = np.vstack([pts[:-1] + f * seg for f in np.linspace(0, 1, 6)])
                d = fine - centre
                local = np.column_stack([c * d[:, 0] + s_ * d[:, 1],
                                         -s_ * d[:, 0] + c * d[:, 1]])
                if np.any((np.abs(local[:, 0]) < half[0]) & (np.abs(local[:, 1]) < half[1])):
                    bad.append(t.get_text())
                    break
    assert not bad, f"{name}: texts across a region boundary: {bad}"


def test_the_rules_helpers_tell_the_cases_apart():
    """The geometry under rules (d) and (f), on cases worked by hand."""
    square = np.array([(0, 0), (10, 0), (10, 10), (0, 10)], dtype=float)
    assert _boxes_overlap(square, square + 5)
    assert not _boxes_overlap(square, square + (12, 0))
    # a diamond whose bounding box overlaps the square's corner, the diamond not
    diamond = np.array([(15, 10), (20, 15), (15, 20), (10, 15)], dtype=float) + (1, 1)
    assert not _boxes_overlap(square, diamond)
    # a staircase (steps of one grid cell) turns at every vertex; a circle nowhere
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_xlim(0, 20)
    ax.set_ylim(0, 20)
    stairs = np.array([(k // 2 + (k % 2), k // 2) for k in range(30)], dtype=float)
    assert _turn_fraction(stairs, ax) > 0.9
    a = np.linspace(0, 2 * np.pi, 100)
    circle = np.column_stack([10 + 5 * np.cos(a), 10 + 5 * np.sin(a)])
    assert _turn_fraction(circle, ax) == 0.0
    # rule (j): Okabe-Ito (at any alpha) and greys pass, a pure red or green does not
    assert _palette_ok(to_rgba("#E69F00", 0.3)) and _palette_ok(to_rgba("0.35"))
    assert not _palette_ok(to_rgba("#FF0000")) and not _palette_ok(to_rgba("#00FF00"))


@pytest.mark.parametrize("name", NAMES)
def test_every_marker_drawn_is_in_a_legend(name):
    """(i) In a figure with a legend, every marker shape drawn on a line (worked points,
    starting points, ends of curves) is keyed in some legend of the figure, or named
    directly: a text within 30 pixels of it, or a note that shows its glyph ("×: ...")."""
    fig = build(name)
    renderer = fig.canvas.get_renderer()
    glyphs = {"x": "×", "o": "●", "s": "■", "^": "▲", "v": "▼", "D": "◆", "+": "+"}
    notes = " ".join(t.get_text() for t in fig.findobj(Text))
    legends = _legends(fig)
    if not legends:
        return
    keyed, neutral = set(), set()   # (marker, face colour); markers keyed in grey
    for leg in legends:
        for h in leg.legend_handles:
            if isinstance(h, Line2D) and h.get_marker() not in (None, "None", "", " "):
                face = _rgba(h.get_markerfacecolor())
                keyed.add((str(h.get_marker()), face))
                edge = _rgba(h.get_markeredgecolor())
                if face[0] == face[1] == face[2] and edge[0] == edge[1] == edge[2] and \
                        face[:3] != (1.0, 1.0, 1.0):
                    neutral.add(str(h.get_marker()))  # a grey key: every colour
    missing = set()
    for ax in _all_axes(fig):
        labelled = []
        for t in ax.texts:
            if t.get_text().strip():
                e = Text.get_window_extent(t, renderer)
                labelled.append(e)
        for line in ax.lines:
            marker = line.get_marker()
            if marker in (None, "None", "", " ") or not line.get_visible():
                continue
            xy = np.asarray(line.get_xydata(), dtype=float)
            xy = xy[np.all(np.isfinite(xy), axis=1)]
            if not len(xy) or str(marker) in neutral or \
                    (str(marker), _rgba(line.get_markerfacecolor())) in keyed:
                continue
            if glyphs.get(str(marker), "\0") in notes:
                continue  # a note shows the glyph and says what it means
            pts = line.get_transform().transform(xy)
            near = [any(e.x0 - 30 < px < e.x1 + 30 and e.y0 - 30 < py < e.y1 + 30
                        for e in labelled) for px, py in pts]
            if all(near):
                continue  # a text beside the marker names it
            missing.add(str(marker))
    assert not missing, f"{name}: markers drawn but in no legend: {sorted(missing)}"


def _palette_ok(rgba):
    """Okabe–Ito (any transparency), a grey, or white: safe under colour-vision
    deficiency."""
    from secdilemma.plotting.style import OKABE_ITO

    r, g, b = (round(float(v), 2) for v in rgba[:3])
    if abs(r - g) < 0.02 and abs(g - b) < 0.02:
        return True
    return any(np.allclose((r, g, b), to_rgba(c)[:3], atol=0.02) for c in OKABE_ITO.values())


@pytest.mark.parametrize("name", NAMES)
def test_colours_are_colour_blind_safe(name):
    """(j) Every colour that carries meaning (lines, markers, filled regions, marker
    collections) is an Okabe–Ito colour or a grey."""
    fig = build(name)
    bad = set()
    for a in _fig_artists(fig):
        colours = []
        if isinstance(a, Line2D):
            colours = [a.get_color(), a.get_markerfacecolor(), a.get_markeredgecolor()]
        elif isinstance(a, Collection) and not isinstance(a, QuadMesh):
            fc = a.get_facecolor()
            if isinstance(a, ContourSet) and a.filled and a.get_array() is not None:
                fc = a.to_rgba(np.asarray(a.get_array()))
            colours = list(np.atleast_2d(fc)) + list(np.atleast_2d(a.get_edgecolor()))
        elif isinstance(a, Patch):
            colours = [a.get_facecolor(), a.get_edgecolor()]
        for c in colours:
            if c is None or (isinstance(c, str) and c in ("none", "None")):
                continue
            rgba = to_rgba(c)
            if rgba[3] == 0:
                continue
            if not _palette_ok(rgba):
                bad.add(to_hex_(rgba))
    assert not bad, f"{name}: colours outside the Okabe–Ito palette and greys: {sorted(bad)}"
