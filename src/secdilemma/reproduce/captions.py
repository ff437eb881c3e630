"""The caption of every reproduction's figure: what is plotted, every mark, line style,
fill and hatching, the parameter values, and the source.

:data:`CAPTIONS` holds the body of each caption, by reproduction name; legend entries are
quoted exactly as the legend shows them (categorical fills are keyed by colour *and*
hatching in the legend, so the body names each entry rather than its colour).
:func:`compose` appends the source sentence (the reproduction's kind — published element,
published model or derived — and its citations); the registry attaches the composed
caption to every entry (:attr:`Reproduction.caption`), and ``REPORT.md`` prints it under
the figure.

Examples
--------
>>> from secdilemma.reproduce import get
>>> get("stag-hunt-trust-threshold").caption.startswith("Expected payoff")
True
>>> "Source: derived" in get("stag-hunt-trust-threshold").caption
True
"""

from __future__ import annotations

from .sources import CITATIONS, Source

__all__ = ["CAPTIONS", "compose", "short_citation"]

#: The body of every figure's caption, by reproduction name.
CAPTIONS: dict[str, str] = {
    "jervis-offense-defense": (
        "Regime of the 2×2 security dilemma game over the offence advantage θ (horizontal) "
        "and the loss if exploited L (vertical), at status quo value V = 10, arms-race cost "
        "k = 1 and exploitation gain g = 2 (R = V, P = V − k, T = V − k + gθ, S = V − Lθ). "
        "Regions, keyed by colour and hatching: \"Harmony\", \"Stag Hunt\", \"Prisoner's "
        "Dilemma\", \"Chicken\"; solid lines are the regime boundaries θ = k/L and "
        "θ = k/g = 0.5. Dashed contours, labelled with their value: the \"trust threshold "
        "$p^*$\" = (Lθ − k)/((L − g)θ) in the stag hunt. White circles, \"worked points "
        "(checked)\": θ = 0.2, 0.4, 0.6 at L = 4 (harmony; stag hunt with p* = 0.75; "
        "prisoner's dilemma)."),
    "stag-hunt-trust-threshold": (
        "Expected payoff of \"cooperate (C)\" (solid) and \"defect (D)\" (dashed) against "
        "the probability q that the other side cooperates, in the stag hunt (R, T, P, S) = "
        "(4, 3, 2, 1). The lines cross at the trust threshold p* = (P − S)/((R − T) + "
        "(P − S)) = 0.5 (black dot, dotted vertical line), which is also each side's "
        "probability of C in the mixed equilibrium; the shaded backgrounds mark where D "
        "(q < p*) and where C (q > p*) is the best reply."),
    "kydd-trust-region": (
        "Bayesian security dilemma with security seekers and greedy types: which Bayes-Nash "
        "equilibria exist over the two states' trust p₁ (horizontal) and p₂ (vertical), at "
        "a_S = c = 1/2 (so π* = 1/2). Regions, keyed by colour and hatching: \"All defect "
        "only\" and \"Cooperation possible\" (the cooperative BNE exists iff p₁, p₂ ≥ π*; "
        "solid line: its boundary). Dashed contours \"Pr(C, C), best equilibrium\", "
        "labelled 0.3, 0.5, 0.7: the probability of mutual cooperation in the best "
        "equilibrium (p₁p₂ in the cooperative BNE). Computed exactly on a grid of trusts."),
    "spiral-belief-path": (
        "The spiral in the repeated Bayesian security dilemma: eight periods of the tipping "
        "equilibrium from trust 3/5 on both sides, a_S = c = 1/2 (π* = 1/2), beliefs "
        "updated by Bayes' rule after each observed move. \"Pr(mutual cooperation)\" (solid, "
        "circles) in each period; \"Pr(trust $< \\pi^*$)\" (dashed, squares), the "
        "probability that state 1's trust is below π* at the start of the period; \"expected "
        "trust\" (dotted), state 1's, constant at 3/5 (a martingale). The two states are "
        "symmetric. Exact arithmetic."),
    "baliga-sjostrom-contagion": (
        "Contagion in the arms race game with privately known hostility h ~ U[−3, 1], arming "
        "cost c = 1 and loss d = 3 if the other arms alone: a type arms iff its h exceeds "
        "the cutoff \"best-response cutoff $BR(h)$\" (thick solid line) to the other side's "
        "cutoff h. \"45° line\" (dotted grey): fixed points are equilibria. The staircases "
        "are iterated elimination of dominated strategies \"from the top (all arm)\" and "
        "\"from the bottom (none arm)\"; both converge to the unique cutoff h* = −1 (black "
        "dot), where Pr(arm) = 1/2."),
    "global-game-cutoff": (
        "Equilibrium cutoff signal x* (a state cooperates iff its private signal exceeds x*) "
        "against the noise σ of the private signals (log scale), in a cooperation game "
        "paying θ − c·Pr(other defects) for cooperation and 0 for defection, c = 1. "
        "\"normal prior $N(0.2, 1^2)$\" (solid): the cutoff solves an equation in the normal "
        "cdf (solved numerically) and tends to c/2 = 0.5 as σ → 0; \"improper uniform "
        "prior\" (dashed): x* = c/2 at every noise level."),
    "critical-discount-factors": (
        "Least discount factor δ at which each strategy profile is a subgame-perfect "
        "equilibrium of the repeated prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0), against "
        "the noise ε (each intended action is flipped with probability ε; ε = 0, 1/50, ..., "
        "1/5, exact): \"grim trigger\" (circles), \"2-period punishment\" (squares), "
        "\"3-period punishment\" (triangles), \"contrite TFT\" (diamonds); \"TFT (Nash): "
        "only at ε = 0\" (open triangle at δ = 2/3). A black × ends a curve: at the next ε "
        "no δ < 1 makes the profile an equilibrium. TFT (SPE), WSLS (SPE) and the "
        "1-period punishment are never equilibria at these payoffs (note in the panel)."),
    "abreu-sannikov-payoff-sets": (
        "Pure-strategy subgame-perfect payoff sets (with public randomisation) computed by "
        "the Abreu–Sannikov algorithm. Left: the prisoner's dilemma [[(9, 9), (1, 10)], "
        "[(10, 1), (3, 3)]]; right: the 3×3 example stage game of Abreu and Sannikov "
        "(2014). Grey: the \"feasible set\"; dotted lines: the pure-strategy minmax payoffs. "
        "Left: "
        "\"δ = 0.1\" (the point (3, 3), dot), \"δ = 0.2\" (the segment from (3, 3) to "
        "(9, 9), thick line), \"δ = 0.248\" and \"δ = 0.3, 0.5, 0.75, 0.9\" (polygons; from "
        "δ = 1/4 on the set is the whole feasible individually rational set, vertices "
        "(3, 3), (9.75, 3), (9, 9), (3, 9.75)). Right: \"δ = 0.1, 0.2, 0.248\" (a single "
        "point, circle), \"δ = 0.3\", \"δ = 0.5\", \"δ = 0.75\", \"δ = 0.9\". Each set has "
        "its own colour and hatching (legend); sets of larger δ contain those of smaller δ "
        "and are drawn behind them."),
    "richardson-arms-race": (
        "Phase portraits of Richardson's arms race equations dx/dt = ky − ax + g, "
        "dy/dt = lx − by + h. Left: dx/dt = 2y − 5x + 5, dy/dt = 2x − 3y + 5 (ab = 15 > "
        "kl = 4): every path converges to the \"stable rest point\" (25/11, 35/11) (filled "
        "circle), eigenvalues −4 ± √5. Right: dx/dt = 3y − 2x + 1, dy/dt = 3x − 2y + 1 "
        "(ab = 4 < kl = 9): a runaway race (the rest point (−1, −1) is a saddle outside "
        "the plotted quadrant). Dashed: the nullclines \"$\\dot x = 0$\" and \"$\\dot y = "
        "0$\"; solid black: \"trajectories\" from their starting points (black dots), "
        "arrowheads in the direction of motion; grey arrows: the direction field."),
    "reassurance-regions": (
        "Classes of perfect Bayesian equilibria of the costly reassurance game over the "
        "gesture cost k̄ (horizontal) and the prior trust μ₀ (vertical), at R_S = 3, "
        "T_G = 2, R_G = 1, c_r = 1 (π_r* = 1/2). The six regions, each keyed by colour and "
        "hatching and named by the equilibria that exist there: \"no-trust pooling; "
        "semi-separating\", \"no-trust pooling; separating\", \"no-trust pooling only\", "
        "\"pooling on gesture / no gesture; hybrid\", \"trust without gesture; separating; "
        "hybrid\", \"trust without gesture only\". Dashed: the \"receiver's threshold "
        "$\\pi_r^*$\"; dotted verticals: the \"gesture cost $T_G$, $R_S$\" (k̄ = 2 and 3, "
        "labelled at the top); separation exists exactly for T_G ≤ k̄ ≤ R_S. White circles: "
        "\"points checked against the solver\" (solve_pbe at k̄ ∈ {1, 2, 5/2, 3, 7/2}, "
        "μ₀ ∈ {3/10, 7/10})."),
    "intuitive-criterion": (
        "Which equilibria of the costly reassurance game survive the Intuitive Criterion, at "
        "prior trust μ₀ = 0.3, R_S = 3, T_G = 2, c_r = 1, on the gesture costs k̄ = 1/8, "
        "2/8, ..., 4. One row per equilibrium class (separating; pooling with no gesture "
        "and no trust; semi-separating, the greedy type mixing); a mark wherever the class "
        "exists, a filled dot if it \"survives the Intuitive Criterion\", an open circle if "
        "it is \"eliminated\". Colours only tell the rows apart. Grey band: T_G < k̄ < "
        "R_S, where no-trust pooling fails the criterion."),
    "interdependence-cooperation": (
        "Pure Bayes-Nash equilibrium regime of the interdependence game (Open / Restrict / "
        "Decouple, security seekers S and greedy states G) over the interdependence x and "
        "the common trust p₁ = p₂, at openness gain 1, exploitation loss 2, coercion gain 4, "
        "restriction cost 1/2, decoupling cost 1. Regions, keyed by colour and hatching: "
        "\"all open\", \"S open, G coerces\", \"one G open, one coerces\", \"no "
        "cooperation\"; solid black curve π*(x): the least trust at which security seekers "
        "open; other solid lines: the region boundaries; dotted vertical line: to its right "
        "the restriction spiral is also a BNE "
        "(label in the panel). White circles: \"points checked against the solver\" "
        "(solve_bayesian, exact, at x ∈ {0.1, 0.2, 0.3, 0.5, 0.8}, p ∈ {0.1, 0.3, 0.6})."),
    "sanction-spiral-noise": (
        "Sanctions answered in kind, as a repeated prisoner's dilemma (T, R, P, S) = "
        "(5, 3, 1, 0) with misperception ε (each intended action is flipped with probability "
        "ε). "
        "(a) Least discount factor at which \"contrite TFT\" and \"grim trigger\" are "
        "subgame perfect, against ε = 0, 0.02, ..., 0.3 (exact method); dotted line: the "
        "\"discount factor "
        "δ = 0.9\"; circles: the \"noise tolerance at δ = 0.9\" of each strategy (filled "
        "and open so that the two stay visible), with dashed drop lines to the ε axis; ×: "
        "\"ends: beyond, no δ < 1 suffices\". (b) Expected length of a spiral of mutual "
        "punishment (log scale) for \"TFT\", \"contrite TFT\", \"WSLS\" and \"generous "
        "TFT\" (Markov chain over action profiles), against ε = 0.005, 0.01, ..., 0.3. "
        "Colours name the same strategy in both panels."),
    "third-state-hedging": (
        "Where hedging by a third state is part of a pure Nash equilibrium of the "
        "three-player alignment game, over the hedging gain h and the leakage ℓ, at "
        "engagement gain e = 3, exploitation loss v = 2, restriction gain θ = 4, alignment "
        "value 1, alignment benefit b = 2 and sanction cost σ = 2. Regions, keyed by colour and "
        "hatching: \"no hedging equilibrium\", \"hedging with engagement\", \"hedging under "
        "restriction\", \"both\". Dotted verticals at h = b and h = b + σ; dashed "
        "horizontal ℓ = θ − e; the edge ℓ = v (labels in the panel). White circles: "
        "\"points checked against the solver\" (solve_nash, pure, exact)."),
    "interdependence-reassurance": (
        "Costly reassurance when the trustworthy type's stake R_S(x) and the greedy type's "
        "leverage T_G(x) grow with interdependence x. Left, stake faster than leverage: "
        "R_S(x) = 1 + 4x, T_G(x) = 1 + 2x (interdependence reassures); right, stake slower "
        "than leverage: R_S(x) = 3 + x, T_G(x) = 1 + 4x (it backfires). Filled and hatched: "
        "the \"separating PBE\" region T_G(x) ≤ k̄ ≤ R_S(x) over interdependence and "
        "gesture cost k̄; solid line \"$R_S(x)$\", dashed line \"$T_G(x)$\"; grey: no "
        "separating equilibrium."),
    "gradual-trust-building": (
        "Gradual trust building: the posterior trust μ_t on the semi-separating path of the "
        "multi-round reassurance game with \"T = 1\", \"T = 2\", \"T = 4\" and \"T = 8\" "
        "rounds (dots at each round), from μ₀ = 1/5 up to the receiver's threshold "
        "π_r* = 1/2 (dashed line), at R_S = 3, T_G = 2, c_r = 1. Inset: the gestures k_t "
        "of the T = 4 path (bars), growing round by round."),
    "fearon-risk-return": (
        "Probability of war under the risk-return trade-off: A offers B a share of a good "
        "of size 1, B's cost of war c_B ~ U[c_lo, c_hi] is private, B wins a war with "
        "probability p = 0.9. Pr(war) = max(0, (c_hi − c_A)/(2c_hi)) at c_lo = 0 does not "
        "depend on p. Pr(war) against the spread of resolve c_hi − c_lo (c_lo = 0) for A's "
        "cost of war c_A = 0 (solid), 0.1 (dashed), 0.2 (dash-dot) and 0.3 (dotted), each "
        "curve labelled at its right end."),
    "powell-export-controls": (
        "War and peace when export controls e slow a shift in power s: regimes of the "
        "bargaining game at initial power p = 1/2, discount δ = 0.8, war costs d = 0.05 "
        "for both, trade gains G = 0.1 (destroyed in proportion to e), control effect "
        "λ = 0.35, the rising state proposing after the shift (β = 0). Regions, labelled in "
        "the panel and told apart by colour and hatching: peace, preventive war (by the "
        "declining state), rising state strikes; solid lines: their boundaries. Dotted "
        "contours (0.1, 0.5, 0.9): Pr(war) when the shift is uniform on s ± 0.05 and "
        "revealed before bargaining."),
    "debs-monteiro-prevention": (
        "Preventive strikes under noisy intelligence: the equilibrium regime over the "
        "intelligence quality r (alarm probability π₁ = r if the rival invested, π₀ = 1 − r "
        "if not) and the cost of a strike c, at benefit b = 2 and cost k = 1/2 of "
        "investing, strike damage w = 0, loss ℓ = 2 from an unopposed shift and strike "
        "effectiveness φ = 1. Regions, labelled in the panel and told apart by colour and "
        "hatching: unopposed investment (c ≥ φℓ = 2), quiet mixing (r < r̂ = 3/4), alarm "
        "mixing; solid lines: their boundaries. Dotted contours, labelled: the largest "
        "Pr(war) over the equilibria."),
    "green-porter-monitoring": (
        "Trigger strategies under imperfect public monitoring in the repeated prisoner's "
        "dilemma (T, R, P, S) = (5, 3, 1, 0): an incident is observed with probability α "
        "(false alarm) if both cooperate and β if one defects. Left, over α and β: solid "
        "black contours \"δ*: least δ for grim\" (labelled δ* = 0.6, 0.7, 0.8, 0.95); "
        "shaded, bounded by the thick line δ* = 0.9: \"no reciprocity at δ = 0.9 (edge: "
        "δ* = 0.9)\"; dashed contours \"K* ≤ k above-left of line k (δ = 0.9)\", the "
        "shortest incentive-compatible punishment, labelled k = 2, 3, 4, 6, 8, 12; grey, "
        "hatched: \"β ≤ α: incidents uninformative\"; black dots: \"worked points (β = 0.6), "
        "K* above\" at α = 1/50, 1/20, 1/10, 3/20, 1/5. Right, at β = 0.6: the average "
        "value of the best trigger strategy, \"best trigger $V_{K^*}$, δ = 0.8\", \"best "
        "trigger $V_{K^*}$, δ = 0.9\" and \"best trigger $V_{K^*}$, δ = 0.97\" (each curve "
        "jumps where K* changes), the value \"with public randomisation "
        "$R-\\alpha(T-R)/(\\beta-\\alpha)$\" (black), and × where \"reciprocity ends "
        "($\\alpha = \\hat\\alpha(\\delta)$)\"."),
    "noisy-spiral": (
        "The probability that a spiral of mistrust ever starts between two security "
        "seekers who see noisy public reports of each other's moves, against the report "
        "noise ε, at a_S = c = 1/2 (π* = 1/2). Colour: \"prior trust $\\mu_0$ = 0.7\", "
        "\"prior trust $\\mu_0$ = 0.9\", \"prior trust $\\mu_0$ = 0.99\"; line style: \"no "
        "hotline\" (solid) or \"hotline verifies with $\\varphi$ = 0.5\" (dashed). The "
        "curves jump where the tolerated number of false alarms n* changes, and curves "
        "with equal n* coincide. The sawtooth at μ₀ = 0.9 without hotline: \"sharper "
        "reports, $\\varepsilon$ = 0.24\" (open circle, n* = 2) have more spirals than "
        "\"noisier reports, $\\varepsilon$ = 0.26\" (open square, n* = 3)."),
    "jervis-four-worlds": (
        "Jervis's four worlds: the perfect Bayesian equilibrium regime of the posture game "
        "over the offence advantage θ and the distinguishability ρ (accuracy of the "
        "signal of the posture), at posture value v = 1, expansion value g = 3, cost of "
        "being armed against h = 1, loss L = 8, arming cost k = 1, trust μ = 3/5. Regions, "
        "keyed by colour and hatching: \"pooling on offence\", \"pooling on defence\", "
        "\"honest postures no arming\", \"separating\", \"separating or pooling\", \"semi "
        "separating\", \"other multiple\" (several equilibria in another combination). "
        "The boundaries are the model's own curves, derived from its equilibrium "
        "conditions, not interpolated from a grid: with X = v(2θ − 1), Y = X + gθ and "
        "κ = k/(Lθ), the vertical lines θ = 1/5 (Y = 0) and θ = 1/2 (X = 0), where the "
        "equilibrium list is degenerate (a type is indifferent); ρ = 1/2 + Y/(2h) = 5θ/2; "
        "ρ = 1/2 + X/(2h) = θ; and the posterior thresholds ρ = 3/(16θ + 1) (B's belief "
        "after an offensive signal equals κ) and ρ = (16θ − 2)/(16θ + 1) (after a "
        "defensive signal), which meet ρ = 1/2 at θ = 5/16. The least ρ of a separating "
        "equilibrium for θ > 1/2 is max(θ, (16θ − 2)/(16θ + 1)), with the corner at "
        "θ = (15 + √97)/32 ≈ 0.777. "
        "Circles: "
        "\"W1-W4: the four worlds\", W1 (θ, ρ) = (3/4, 1/2), W2 (1/4, 1/2), W3 (3/4, 9/10), "
        "W4 (1/4, 9/10)."),
    "arms-race-talk": (
        "Probability of an arms race with and without cheap talk, against the upper end "
        "h̄ of the support of hawkishness h (hawks, h > 0, become rarer as h̄ falls), with "
        "loss d = 3 if the other arms alone: \"no talk: everyone arms (unique BNE, both "
        "supports)\" (solid, at 1); \"threshold talk, $c = 0$, $h \\sim U[-3/2, \\bar h]$\" "
        "(solid); \"interval talk, $c = 1/5$, $h \\sim U[-5/2, \\bar h]$ (lower)\" "
        "(dashed) and \"interval talk, $c = 1/5$ (second equilibrium)\" (dotted): the two "
        "interval equilibria merge where the curves meet and do not exist beyond."),
}


def short_citation(key: str) -> str:
    """Author(s) and year of a citation key (the full citation up to the year).

    Examples
    --------
    >>> short_citation("kydd2000")
    'Kydd, A. (2000)'
    """
    full = CITATIONS[key]
    end = full.find(")")
    return full[:end + 1] if end > 0 else full


def compose(body: str, source: Source) -> str:
    """The full caption: the body and a sentence naming the source (kind, the element
    reproduced or formalised, short citations).

    Examples
    --------
    >>> from secdilemma.reproduce.sources import Source
    >>> text = compose("A plot.", Source("model", ("kydd2000",), "the reassurance game"))
    >>> text.split("values): ", 1)[1]
    'the reassurance game; Kydd, A. (2000).'
    >>> text.startswith("A plot. Source: model (a published model at our parameter values)")
    True
    """
    cites = "; ".join(short_citation(k) for k in source.refs)
    where = f" ({source.part})" if source.part else ""
    return (f"{body} Source: {source.label} ({_KIND_WORDS[source.kind]}): "
            f"{source.element}{where}; {cites}.")


_KIND_WORDS = {"published": "reproduces a published element",
               "model": "a published model at our parameter values",
               "derived": "our formalisation of a verbal argument"}
