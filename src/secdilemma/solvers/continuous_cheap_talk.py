"""Cheap talk before a binary arms decision with continuous types (uniform types).

The base game (Baliga and Sjöström 2004 setting, our payoffs): each of two states has a
private type h ~ U[h_lo, h_hi] (its hawkishness) and arms (H) or not (D); payoffs to a
state are (H, H) = h − c, (H, D) = h, (D, H) = −d, (D, D) = 0, with c ≥ 0 the
spillover and Δ = d − c > 0. Facing a rival that arms with probability q, a type arms
iff h ≥ −qΔ: best replies are cutoffs.

Before playing, the states send simultaneous messages m0 or m1. This module finds,
exactly where the algebra allows:

- :func:`no_talk_equilibria`: every symmetric cutoff BNE without talk (= every babbling
  equilibrium's outcome);
- :func:`threshold_talk_equilibrium`: the threshold profile (m1 iff h > 0; after
  (m0, m0) nobody arms; an m1-sender arms; an m0-sender facing m1 arms iff h ≥ −d),
  verified for every type, or the reason it fails (for c > 0 a dominant hawk gains
  (1 − π_H)cβ₀ by sending m0);
- :func:`interval_talk_equilibria`: every interval equilibrium (types in (a, b) send m1;
  after (m1, m1) nobody arms, a mismatch means both arm, after (m0, m0) types ≥ b arm):
  all real roots of the two indifference equations (a cubic in L = b − a), each
  verified — continuation conditions and every type's message incentive (at the kinks
  of the piecewise-linear payoff difference, so for all types, not a grid).

References
----------
.. [1] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
   Economic Studies* 71(2), 351-369.
.. [2] Baliga, S. and Morris, S. (2002). Co-ordination, spillovers, and cheap talk.
   *Journal of Economic Theory* 105(2), 450-468.

Examples
--------
>>> from fractions import Fraction as F
>>> from secdilemma.solvers.continuous_cheap_talk import threshold_talk_equilibrium
>>> eq = threshold_talk_equilibrium(F(-3, 2), F(1, 4), 0, 3)
>>> eq.race_probability, eq.valid
(Fraction(13, 49), True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .._validation import check_real_number, is_exact_scalar
from ..errors import InvalidParameterError

__all__ = ["TalkEquilibrium", "no_talk_equilibria", "threshold_talk_equilibrium",
           "interval_talk_equilibria", "check_arms_talk_parameters"]


@dataclass(frozen=True)
class TalkEquilibrium:
    """A (candidate) equilibrium of the arms game with or without talk.

    Attributes
    ----------
    kind : str
        ``"no_talk"``, ``"threshold"`` or ``"interval"``.
    cutoffs : tuple
        ``(h*,)`` for no talk (types ≥ h* arm); ``(0,)`` for the threshold profile;
        ``(a, b)`` for an interval equilibrium.
    race_probability : number
        Pr(both arm).
    valid : bool
        Every condition holds (for ``threshold``: False with ``reason`` when not).
    reason : str
        Why the profile fails ("" when valid).
    details : dict
        P₁, q₀₀, π_H, β₀, the hawk's gain from hiding, as applicable.
    """

    kind: str
    cutoffs: tuple
    race_probability: Any
    valid: bool = True
    reason: str = ""
    details: Any = None


def check_arms_talk_parameters(func: str, h_lo, h_hi, spillover, loss):
    """Validate (h_lo < h_hi, c ≥ 0, d > c); return them as Fractions if all are exact,
    else floats."""
    for name, v in (("h_lo", h_lo), ("h_hi", h_hi), ("spillover", spillover),
                    ("loss", loss)):
        check_real_number(func, name, v)
    if not h_lo < h_hi:
        raise InvalidParameterError(f"{func}(): h_hi must be > h_lo; got h_lo={h_lo!r}, "
                                    f"h_hi={h_hi!r}")
    if spillover < 0:
        raise InvalidParameterError(f"{func}(): spillover must be >= 0; got {spillover!r}")
    if not loss > spillover:
        raise InvalidParameterError(f"{func}(): loss must be > spillover (Delta = d - c > 0); "
                                    f"got loss={loss!r}, spillover={spillover!r}")
    vals = (h_lo, h_hi, spillover, loss)
    if all(is_exact_scalar(v) for v in vals):
        return tuple(Fraction(v) for v in vals)
    return tuple(float(v) for v in vals)


def no_talk_equilibria(h_lo, h_hi, spillover, loss) -> list[TalkEquilibrium]:
    """Every symmetric cutoff BNE of the arms game without talk, uniform types.

    A cutoff h* is an equilibrium iff h* = −Δ q(h*) with q = Pr(h ≥ h*) (corners: all
    arm iff h_lo ≥ −Δ; nobody arms iff h_hi ≤ 0).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> [(e.cutoffs, e.race_probability) for e in no_talk_equilibria(F(-3, 2), F(1, 4), 0, 3)]
    [((Fraction(-3, 2),), Fraction(1, 1))]
    """
    lo, hi, c, d = check_arms_talk_parameters("no_talk_equilibria", h_lo, h_hi, spillover,
                                              loss)
    delta, W = d - c, hi - lo
    out = []
    if lo >= -delta:                       # everyone arms
        out.append(TalkEquilibrium("no_talk", (lo,), 0 * W + 1))
    if W != delta:                         # interior: h = -Δ (hi - h)/W
        h = delta * hi / (delta - W)
        if lo < h < hi:
            q = (hi - h) / W
            out.append(TalkEquilibrium("no_talk", (h,), q * q))
    elif hi == 0:                          # W = Δ and hi = 0: a continuum
        raise InvalidParameterError("no_talk_equilibria(): every cutoff is an equilibrium "
                                    "(h_hi - h_lo = d - c and h_hi = 0); degenerate")
    if hi <= 0:                            # nobody arms
        out.append(TalkEquilibrium("no_talk", (hi,), 0 * W))
    return out


def threshold_talk_equilibrium(h_lo, h_hi, spillover, loss) -> TalkEquilibrium:
    """The threshold profile (m1 iff h > 0), with whether it is an equilibrium.

    Needs h_lo < 0 < h_hi. With c = 0 it is an equilibrium (hawks are indifferent between
    messages, doves strictly prefer m0); with c > 0 a dominant hawk gains
    (1 − π_H)cβ₀ by sending m0, so it fails.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> eq = threshold_talk_equilibrium(F(-3, 2), F(1, 4), F(1, 10), 3)
    >>> eq.valid, eq.details["hawk_gain_from_m0"]
    (False, Fraction(3, 35))
    """
    lo, hi, c, d = check_arms_talk_parameters("threshold_talk_equilibrium", h_lo, h_hi,
                                              spillover, loss)
    if not lo < 0 < hi:
        raise InvalidParameterError("threshold_talk_equilibrium(): the threshold profile "
                                    f"needs h_lo < 0 < h_hi; got h_lo={h_lo!r}, h_hi={h_hi!r}")
    W = hi - lo
    pi_h = hi / W
    beta0 = (0 - max(lo, -d)) / (0 - lo)           # Pr(h >= -d | h < 0)
    race = pi_h ** 2 + 2 * pi_h * (1 - pi_h) * beta0
    hawk_gain = (1 - pi_h) * c * beta0
    details = {"pi_H": pi_h, "beta0": beta0, "hawk_gain_from_m0": hawk_gain}
    # after (m0, m0): types < 0 with q = 0: nobody arms iff 0 >= every type: holds.
    # after (m1, m0) for the m1-sender (h > 0): arming is dominant when h > 0 >= -qΔ.
    # after (m0, m1) for an m0-sender: q = 1 (hawks arm), arm iff h >= -Δ; the profile
    # says h >= -d, which is the same only when c = 0.
    reasons = []
    if c > 0:
        reasons.append(f"a dominant hawk gains (1 - pi_H) c beta0 = {hawk_gain} by sending m0")
        if lo < -(d - c):
            reasons.append("an m0-sender facing m1 arms iff h >= -(d - c), not h >= -d")
    # doves: m0 gives pi_H*max(h, -d); m1 gives (1-pi_H)*max(h - c beta0, -d beta0) +
    # pi_H*max(h - c, -d) <= ... < m0 for h < 0 (checked at the kinks)
    if c == 0:
        kinks = sorted({lo, max(lo, -d), max(lo, -d * beta0), Fraction(0) if
                        isinstance(lo, Fraction) else 0.0})
        for h in kinks:
            u0 = pi_h * max(h, -d)
            u1 = (1 - pi_h) * max(h, -d * beta0) + pi_h * max(h, -d)
            if h < 0 and u1 > u0:
                reasons.append(f"type {h} gains by sending m1")
    return TalkEquilibrium("threshold", (0 * W,), race, not reasons, "; ".join(reasons),
                           details)


def _cubic_roots(lo, hi, c, d):
    """Real roots L in (0, W/2] of (W − 2L)(L² + c² − c·lo) − d(hi(L + c) − 2cL − c·lo)."""
    W = hi - lo
    # expand: (W - 2L)(L^2 + K) - d((hi - 2c)L + c hi - c lo), K = c^2 - c lo
    K = c * c - c * lo
    coeffs = [-2.0, float(W), float(-2 * K - d * (hi - 2 * c)),
              float(W * K - d * (c * hi - c * lo))]
    roots = np.roots(coeffs)
    out = []
    for r in roots:
        if abs(r.imag) > 1e-9 * max(1.0, abs(r.real)):
            continue
        x = float(r.real)
        # polish by Newton on the exact polynomial
        for _ in range(50):
            f = ((W - 2 * x) * (x * x + K) - d * ((hi - 2 * c) * x + c * hi - c * lo))
            fp = (-2 * (x * x + K) + (W - 2 * x) * 2 * x - d * (hi - 2 * c))
            if fp == 0:
                break
            step = float(f / fp)
            x -= step
            if abs(step) < 1e-16 * max(1.0, abs(x)):
                break
        out.append(x)
    return sorted(set(round(x, 14) for x in out))


def interval_talk_equilibria(h_lo, h_hi, spillover, loss, *, tol=1e-10):
    """Every interval-message equilibrium with spillover, uniform types.

    Types in (a, b) send m1; after (m1, m1) nobody arms; after a mismatch both arm; after
    (m0, m0) types ≥ b arm and types ≤ a do not. The indifference of types a and b:
    (b − a)(c − b) = c(a − h_lo) and (W − 2(b − a))(c − a) = d(h_hi − b); with
    L = b − a the first gives b = c(2L + h_lo)/(L + c), and the second becomes a cubic
    in L. Every real root is checked: h_lo ≥ −Δ (both arm after a mismatch), b ≤ 0
    (nobody arms after (m1, m1)), a ≤ −Δq₀₀ ≤ b ((m0, m0) play), and every type's
    message incentive (exactly, at the kinks of the piecewise-linear payoff gap).

    Returns
    -------
    list of TalkEquilibrium (floats)

    Examples
    --------
    >>> eqs = interval_talk_equilibria(-2.5, 0.05, 0.2, 3)
    >>> [tuple(round(x, 9) for x in e.cutoffs) for e in eqs][0]
    (-1.079745765, -0.793972386)
    """
    lo, hi, c, d = (float(v) for v in check_arms_talk_parameters(
        "interval_talk_equilibria", h_lo, h_hi, spillover, loss))
    W, delta = hi - lo, d - c
    out = []
    if c == 0:
        return out   # the interval system forces b = 0 = c: see threshold_talk_equilibrium
    for L in _cubic_roots(lo, hi, c, d):
        if not 0 < L < W:
            continue
        b = c * (2 * L + lo) / (L + c)
        a = b - L
        if not (lo - tol <= a and b <= hi + tol):
            continue
        P1 = L / W
        P0 = 1 - P1
        q00 = (hi - b) / (W - L)
        ok = lo >= -delta - tol and b <= tol and a - tol <= -delta * q00 <= b + tol
        if not ok:
            continue
        # every type's message incentive: U1(h) = P0 (h - c) [mismatch: both arm];
        # U0(h) = P1 (h - c) + P0 max(h - c q00, -d q00)  [(m0, m0) subgame]
        # But a type that deviates plays its own best reply in each continuation:
        def u1(h):
            # with m1: rival m1 (P1): rival does not arm, I arm iff h >= 0;
            # rival m0 (P0): rival arms (mismatch), I arm iff h >= -Δ.
            return P1 * max(h, 0.0) + P0 * max(h - c, -d)

        def u0(h):
            # with m0: rival m1 (P1): rival arms, I best reply; rival m0 (P0): rival
            # arms with q00, I best reply.
            return P1 * max(h - c, -d) + P0 * max(h - c * q00, -d * q00)

        kinks = sorted({lo, hi, a, b, 0.0, -delta, -delta * q00} & set(
            x for x in (lo, hi, a, b, 0.0, -delta, -delta * q00) if lo <= x <= hi))
        fails = []
        for h in kinks:
            gap = u1(h) - u0(h)
            if a + tol < h < b - tol and gap < -tol:
                fails.append(h)
            if (h < a - tol or h > b + tol) and gap > tol:
                fails.append(h)
        if fails:
            continue
        race = 2 * P0 * P1 + ((hi - b) / W) ** 2
        out.append(TalkEquilibrium("interval", (a, b), race, True, "",
                                   {"P1": P1, "q00": q00}))
    return out
