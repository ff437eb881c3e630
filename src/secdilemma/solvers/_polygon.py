"""Small, robust convex-polygon geometry in the plane (floats or exact Fractions).

A convex set is represented by the list of its vertices in counter-clockwise order,
starting from the lexicographically smallest vertex (smallest first coordinate, ties
broken by the smallest second coordinate). Degenerate sets are ordinary answers: one
vertex is a point, two vertices a segment (listed from the lexicographically smaller
end), the empty list the empty set.

Every function works on tuples of Python numbers; with :class:`~fractions.Fraction`
coordinates and ``eps=0`` all predicates are exact. No Qhull: the hull is Andrew's
monotone chain, which handles duplicate and collinear input without special cases.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

__all__ = ["convex_hull", "clip_quadrant", "contains", "area", "hausdorff_into",
           "min_coordinates"]

Point = tuple  # (x, y), floats or Fractions


def _cross(o: Point, a: Point, b: Point):
    """Twice the signed area of the triangle (o, a, b) (> 0: counter-clockwise turn)."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _dist(a: Point, b: Point) -> float:
    return math.hypot(float(a[0] - b[0]), float(a[1] - b[1]))


def convex_hull(points: Iterable[Point], eps: float = 0.0) -> list[Point]:
    """Vertices of the convex hull of ``points``, counter-clockwise from the
    lexicographically smallest one.

    ``eps`` is a distance in payoff units: a point within ``eps`` of the line through
    its neighbours on the hull, or within ``eps`` of a kept vertex, is dropped. With
    ``eps=0`` (and Fraction input) the hull is exact; collinear points are never
    vertices.

    Examples
    --------
    >>> convex_hull([(0, 0), (2, 0), (1, 0), (2, 2), (0, 2), (1, 1)])
    [(0, 0), (2, 0), (2, 2), (0, 2)]
    >>> convex_hull([(3, 3), (1, 1), (2, 2)])   # collinear: a segment
    [(1, 1), (3, 3)]
    >>> convex_hull([(5, 5), (5, 5)])
    [(5, 5)]
    """
    pts = [(p[0], p[1]) for p in points]
    if eps > 0 and pts:
        # snap coordinates that agree to within eps (the incentive lines of the payoff
        # set algorithm are axis-parallel, so equal coordinates are the common
        # degeneracy), then merge points closer than eps to an already kept one
        snap_x = _snap_map([p[0] for p in pts], eps)
        snap_y = _snap_map([p[1] for p in pts], eps)
        pts = sorted(set((snap_x[p[0]], snap_y[p[1]]) for p in pts))
        kept: list[Point] = []
        for p in pts:
            close = False
            for q in reversed(kept):
                if float(p[0] - q[0]) > eps:
                    break
                if _dist(p, q) <= eps:
                    close = True
                    break
            if not close:
                kept.append(p)
        pts = kept
    else:
        pts = sorted(set(pts))
    if len(pts) <= 2:
        return pts

    def drop(o: Point, a: Point, b: Point) -> bool:
        c = _cross(o, a, b)
        if c <= 0 or eps <= 0:
            return c <= 0
        # a (nearly) collinear point is dropped only when it lies between o and b:
        # its distance from the line (o, b) is c / |b - o|
        ob = _dist(o, b)
        if float(c) > eps * ob:
            return False
        t = float((a[0] - o[0]) * (b[0] - o[0]) + (a[1] - o[1]) * (b[1] - o[1]))
        return -eps * ob <= t <= ob * ob + eps * ob

    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and drop(lower[-2], lower[-1], p):
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and drop(upper[-2], upper[-1], p):
            upper.pop()
        upper.append(p)
    hull = lower[:-1] + upper[:-1]
    if len(hull) == 2 and hull[0] == hull[1]:
        hull = hull[:1]
    if eps > 0 and len(hull) >= 2:
        # a set whose width is below eps everywhere collapses to a segment or a point
        far = max(hull, key=lambda p: _dist(p, hull[0]))
        if _dist(far, hull[0]) <= eps:
            return [hull[0]]
        a, b = min(hull[0], far), max(hull[0], far)
        length = _dist(a, b)
        if all(abs(float(_cross(a, b, p))) <= eps * length for p in hull):
            return [a, b]
    return hull


def _snap_map(values, eps: float) -> dict:
    """Map each value to the smallest value of its cluster (consecutive sorted values
    less than ``eps`` apart)."""
    out = {}
    rep = None
    prev = None
    for v in sorted(set(values)):
        if prev is None or float(v - prev) > eps:
            rep = v
        out[v] = rep
        prev = v
    return out


def _clip_halfplane(ring: Sequence[Point], axis: int, level) -> list[Point]:
    """Vertices of ``ring`` (a convex polygon, segment or point) cut to
    ``{w : w[axis] >= level}``; intersection points get ``w[axis] == level`` exactly."""
    n = len(ring)
    out: list[Point] = []
    for j in range(n):
        p = ring[j]
        q = ring[(j + 1) % n]
        fp = p[axis] - level
        fq = q[axis] - level
        if fp >= 0:
            out.append(p)
        if (fp > 0 and fq < 0) or (fp < 0 and fq > 0):
            t = fp / (fp - fq)
            other = 1 - axis
            r = [None, None]
            r[axis] = level
            r[other] = p[other] + t * (q[other] - p[other])
            out.append((r[0], r[1]))
    return out


def clip_quadrant(vertices: Sequence[Point], lower: Point) -> list[Point]:
    """The points of the convex set with these ``vertices`` that are ``>= lower``
    coordinate-wise, as a vertex list (possibly with repeats; pass it through
    :func:`convex_hull` for the canonical form). Empty list when the intersection
    is empty.

    Examples
    --------
    >>> convex_hull(clip_quadrant([(0.0, 0.0), (4.0, 0.0), (0.0, 4.0)], (1.0, 1.0)))
    [(1.0, 1.0), (3.0, 1.0), (1.0, 3.0)]
    >>> clip_quadrant([(0, 0), (2, 2)], (3, 0))
    []
    """
    ring = list(vertices)
    for axis in (0, 1):
        if not ring:
            return []
        ring = _clip_halfplane(ring, axis, lower[axis])
    return ring


def min_coordinates(vertices: Sequence[Point]) -> Point:
    """The smallest first and the smallest second coordinate over the set."""
    return (min(v[0] for v in vertices), min(v[1] for v in vertices))


def contains(vertices: Sequence[Point], point: Point, tol: float = 0.0) -> bool:
    """Whether ``point`` lies in the convex set (within distance ``tol``).

    Examples
    --------
    >>> contains([(0, 0), (2, 0), (0, 2)], (0.5, 0.5))
    True
    >>> contains([(0, 0), (2, 2)], (1, 1)), contains([(0, 0), (2, 2)], (1, 1.5))
    (True, False)
    """
    n = len(vertices)
    if n >= 3:
        # the polygon lies on the inner side of every edge line: a point farther than
        # tol outside one of those lines is farther than tol from the polygon
        inside = True
        for j in range(n):
            a, b = vertices[j], vertices[(j + 1) % n]
            c = _cross(a, b, point)
            if c < 0:
                inside = False
                if tol <= 0 or float(c) < -tol * _dist(a, b):
                    return False
        if inside:
            return True
    return _distance_to_set(vertices, point) <= tol


def _distance_to_segment(a: Point, b: Point, p: Point) -> float:
    ax, ay, bx, by = float(a[0]), float(a[1]), float(b[0]), float(b[1])
    px, py = float(p[0]), float(p[1])
    dx, dy = bx - ax, by - ay
    denom = dx * dx + dy * dy
    if denom == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / denom))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _distance_to_set(vertices: Sequence[Point], p: Point) -> float:
    n = len(vertices)
    if n == 0:
        return math.inf
    if n == 1:
        return _dist(vertices[0], p)
    if n >= 3:
        # exact inside test (Fractions stay exact; floats as given)
        if all(_cross(vertices[j], vertices[(j + 1) % n], p) >= 0 for j in range(n)):
            return 0.0
    return min(_distance_to_segment(vertices[j], vertices[(j + 1) % n], p)
               for j in range(n if n >= 3 else 1))


def hausdorff_into(outer: Sequence[Point], inner: Sequence[Point]) -> float:
    """The Hausdorff distance between two convex sets when ``inner`` is (up to
    rounding) a subset of ``outer``: the largest distance from a vertex of ``outer``
    to ``inner``."""
    if not inner:
        return math.inf
    return max(_distance_to_set(inner, v) for v in outer)


def area(vertices: Sequence[Point]):
    """The area of the convex polygon (0 for a point or a segment; exact for Fractions).

    Examples
    --------
    >>> area([(0, 0), (2, 0), (0, 2)])
    2.0
    """
    n = len(vertices)
    if n < 3:
        return 0
    total = sum(vertices[j][0] * vertices[(j + 1) % n][1]
                - vertices[(j + 1) % n][0] * vertices[j][1] for j in range(n))
    return total / 2
