"""Every worked number of the model specifications is a check of some reproduction.

The inventory below lists, for each worked number of the specifications (``MODELS.md``
and ``MODELS_II.md``, by section and vector name), the reproduction and the name of the
check that compares the package's value with it (a number derived by hand and written out
in the check, or the general solver on the model's game). The tests assert that every
listed check is registered and passes, and that no reproduction loses a listed check
silently (a renamed check fails here until the inventory follows it).

Numbers re-derived for this inventory all agree with the specifications.
"""

from __future__ import annotations

import warnings

import pytest

from secdilemma import reproduce

I, II = "MODELS.md", "MODELS_II.md"

#: (specification section, worked number, reproduction, check name)
INVENTORY = [
    # ---------------------------------------------------------------- MODELS.md §1
    (f"{I} §1 trust threshold", "(R,T,P,S)=(4,3,2,1): p* = 1/2",
     "stag-hunt-trust-threshold", "trust threshold p* (model, exact)"),
    (f"{I} §1 trust threshold", "mixed equilibrium plays C with 1/2 (state 1)",
     "stag-hunt-trust-threshold", "mixed equilibrium: Pr(C) of state 1 (exact)"),
    (f"{I} §1 trust threshold", "mixed equilibrium plays C with 1/2 (state 2)",
     "stag-hunt-trust-threshold", "mixed equilibrium: Pr(C) of state 2 (exact)"),
    (f"{I} §1 trust threshold", "p* = 1/2: a tie, (C,C) not risk-dominant (Nash products 1, 1)",
     "stag-hunt-trust-threshold", "Nash product of (C,C) = (R-T)^2 = (4-3)^2"),
    (f"{I} §1 trust threshold", "p* = 1/2: a tie (Nash product of (D,D))",
     "stag-hunt-trust-threshold", "Nash product of (D,D) = (P-S)^2 = (2-1)^2"),
    (f"{I} §1 offence-defence", "V=10,k=1,g=2,L=4: theta=0.2 Harmony",
     "jervis-offense-defense", "regime at theta=0.2, L=4 (sweep)"),
    (f"{I} §1 offence-defence", "theta=0.4 Stag Hunt",
     "jervis-offense-defense", "regime at theta=0.4, L=4 (sweep)"),
    (f"{I} §1 offence-defence", "theta=0.4: p* = 0.75",
     "jervis-offense-defense", "p* at theta=2/5, L=4 (model, exact)"),
    (f"{I} §1 offence-defence", "theta=0.6 Prisoner's Dilemma",
     "jervis-offense-defense", "regime at theta=0.6, L=4 (sweep)"),
    # ---------------------------------------------------------------- MODELS.md §2
    (f"{I} §2 Bayesian security dilemma", "a_S = c = 1/2: pi* = 1/2",
     "kydd-trust-region", "pi* = c / (1 - a_S + c) (model, exact)"),
    (f"{I} §2 Bayesian security dilemma", "p = 0.6: cooperative and all-defect BNE",
     "kydd-trust-region",
     "trust 0.6: the pure BNE are cooperative (S:C, G:D) and all defect (solver)"),
    (f"{I} §2 Bayesian security dilemma", "p = 0.6: three BNE in all",
     "kydd-trust-region", "number of BNE at trust 0.6 (solve_bayesian)"),
    (f"{I} §2 Bayesian security dilemma", "p = 0.6: sigma = 0.8333... = 5/6",
     "kydd-trust-region", "tipping: Pr(C | security seeker) at trust 0.6 (solver)"),
    (f"{I} §2 Bayesian security dilemma", "Pr(mutual cooperation) = 0.36",
     "kydd-trust-region", "Pr(mutual cooperation) in the cooperative BNE (solver)"),
    (f"{I} §2 Bayesian security dilemma", "p = 0.4: only all-defect",
     "kydd-trust-region", "trust 0.4: only all-defect (solver)"),
    (f"{I} §2 spiral", "mu(S | build) = 0.181818... = 2/11",
     "spiral-belief-path", "mu(S | build), prior 1/2 (Bayes' rule, exact)"),
    (f"{I} §2 spiral", "mu(S | no build) = 0.888889... = 8/9",
     "spiral-belief-path", "mu(S | no build), prior 1/2 (Bayes' rule, exact)"),
    # ---------------------------------------------------------------- MODELS.md §3
    (f"{I} §3 reassurance", "c_r = 1: pi_r* = 0.5",
     "reassurance-regions", "receiver threshold pi_r* (model, exact)"),
    (f"{I} §3 reassurance", "mu0 = 0.3: separating iff k in [2, 3] (lower end)",
     "reassurance-regions",
     "mu0=0.3: least gesture cost with separation (closed form, grid k = i/20)"),
    (f"{I} §3 reassurance", "mu0 = 0.3: separating iff k in [2, 3] (upper end)",
     "reassurance-regions", "mu0=0.3: largest gesture cost with separation"),
    (f"{I} §3 reassurance", "separating iff k in [2, 3] (solver, every k)",
     "intuitive-criterion", "separating exists exactly for 2 <= k <= 3 (solve_pbe)"),
    (f"{I} §3 reassurance", "no-trust pooling fails the Intuitive Criterion iff 2 < k < 3",
     "intuitive-criterion",
     "no-trust pooling fails the Intuitive Criterion exactly for 2 < k < 3 (solve_pbe)"),
    (f"{I} §3 reassurance", "no-trust pooling fails D1 for every k < R_S = 3",
     "intuitive-criterion", "D1 also eliminates no-trust pooling for k < R_S (T_G < R_S)"),
    # ---------------------------------------------------------------- MODELS.md §4
    (f"{I} §4 Baliga-Sjöström", "c=1, d=3, U[-3,1]: a unique cutoff",
     "baliga-sjostrom-contagion", "number of cutoff equilibria (c=1, d=3, U[-3,1])"),
    (f"{I} §4 Baliga-Sjöström", "h* = -1",
     "baliga-sjostrom-contagion", "equilibrium cutoff h*"),
    (f"{I} §4 Baliga-Sjöström", "Pr(arm) = 0.5",
     "baliga-sjostrom-contagion", "Pr(arm) at h*"),
    (f"{I} §4 cheap talk that fails", "Aumann's stag hunt: only babbling",
     "arms-race-talk",
     "Aumann's stag hunt (9,9),(0,8),(8,0),(7,7): only babbling (solve_cheap_talk)"),
    (f"{I} §4 global games", "improper uniform prior: x* = c/2 at every noise level",
     "global-game-cutoff", "improper prior: max |x* - c/2| over every noise level"),
    (f"{I} §4 global games", "normal prior: x* -> c/2 as the noise vanishes",
     "global-game-cutoff", "normal prior, smallest noise: x* -> c/2"),
    # ---------------------------------------------------------------- MODELS.md §5
    (f"{I} §5 critical discount factors", "(5,3,1,0): grim 0.5",
     "critical-discount-factors", "grim trigger SPE: critical δ = (T-R)/(T-P) (exact)"),
    (f"{I} §5 critical discount factors", "(5,3,1,0): TFT-Nash 2/3",
     "critical-discount-factors",
     "TFT Nash: critical δ = max((T-R)/(T-P), (T-R)/(R-S)) (exact)"),
    (f"{I} §5 critical discount factors", "(5,3,1,0): TFT never SPE",
     "critical-discount-factors", "TFT is never an SPE (exact)"),
    (f"{I} §5 critical discount factors", "(5,3,1,0): WSLS never SPE",
     "critical-discount-factors", "WSLS is never an SPE: 2R = T + P (exact)"),
    (f"{I} §5 long-run behaviour", "TFT vs TFT with noise averages (R+S+T+P)/4 = 9/4",
     "sanction-spiral-noise", "TFT long-run payoff with noise = (R+S+T+P)/4"),
    (f"{I} §5 long-run behaviour", "WSLS vs WSLS recovers R = 3 as eps -> 0",
     "sanction-spiral-noise", "WSLS long-run payoff recovers R = 3 as eps -> 0 (eps = 1/1000)"),
    (f"{I} §5 long-run behaviour", "WSLS vs WSLS at eps = 1/10: 1301/500 (derived)",
     "sanction-spiral-noise",
     "WSLS long-run payoff at eps=1/10 (Markov chain) = closed form by hand"),
    (f"{I} §5 payoff set", "PD at delta = 0.9: (3,3),(9.75,3),(9,9),(3,9.75)",
     "abreu-sannikov-payoff-sets",
     "PD δ = 0.9: 4 vertices (3,3),(9.75,3),(9,9),(3,9.75), max distance"),
    (f"{I} §5 payoff set", "PD at delta = 0.75: the same four vertices",
     "abreu-sannikov-payoff-sets",
     "PD δ = 0.75: 4 vertices (3,3),(9.75,3),(9,9),(3,9.75), max distance"),
    (f"{I} §5 payoff set", "3x3 game at delta = 0.3: six vertices",
     "abreu-sannikov-payoff-sets", "3x3 game δ = 0.3: number of vertices"),
    (f"{I} §5 payoff set", "3x3 game at delta = 0.3: the vertices' coordinates",
     "abreu-sannikov-payoff-sets", "3x3 game δ = 0.3: max distance to the published vertices"),
    # ---------------------------------------------------------------- MODELS.md §6
    (f"{I} §6 Richardson", "x* = 25/11", "richardson-arms-race", "equilibrium x* = 25/11 (exact)"),
    (f"{I} §6 Richardson", "y* = 35/11", "richardson-arms-race", "equilibrium y* = 35/11 (exact)"),
    (f"{I} §6 Richardson", "eigenvalues -4 ± √5",
     "richardson-arms-race", "eigenvalues = -4 ± √5 (exact)"),
    (f"{I} §6 Richardson", "stable", "richardson-arms-race", "stable: ab > kl"),
    # ---------------------------------------------------------------- MODELS_II.md §1
    (f"{II} §1 F1-a", "x* = 7/20", "fearon-risk-return", "F1-a: offer x*"),
    (f"{II} §1 F1-a", "Pr(war) = 3/8", "fearon-risk-return", "F1-a: Pr(war)"),
    (f"{II} §1 F1-a", "A's payoff 89/160", "fearon-risk-return", "F1-a: A's payoff"),
    (f"{II} §1 F1-c", "x* = 3/10", "fearon-risk-return", "F1-c (corner): offer"),
    (f"{II} §1 F1-c", "Pr(war) = 0", "fearon-risk-return", "F1-c (corner): Pr(war)"),
    (f"{II} §1 F1-c", "payoff 7/10", "fearon-risk-return", "F1-c (corner): A's payoff"),
    (f"{II} §1 F1-d", "q* = 5/8", "fearon-risk-return", "F1-d: screening threshold q*"),
    (f"{II} §1 F1-d", "q = 1/5: screening, Pr(war) = 1/5",
     "fearon-risk-return", "F1-d, q = 1/5: Pr(war)"),
    (f"{II} §1 F1-d", "q = 1/5: payoffs 18/25 vs 11/20",
     "fearon-risk-return", "F1-d, q = 1/5: A's payoffs (safe, screen)"),
    (f"{II} §1 F1-d", "q = 7/10: safe offer, no war",
     "fearon-risk-return", "F1-d, q = 7/10: Pr(war)"),
    (f"{II} §1 F1-d", "q = 7/10: payoffs 13/25 < 11/20",
     "fearon-risk-return", "F1-d, q = 7/10: A's payoffs (safe, screen)"),
    (f"{II} §1 F1-e", "e = 0: delta*Delta = 4/25",
     "powell-export-controls", "F1-e, e = 0: delta*Delta"),
    (f"{II} §1 F1-e", "e = 0: T_D = 9/100", "powell-export-controls", "F1-e, e = 0: T_D"),
    (f"{II} §1 F1-e", "e = 0: preventive war",
     "powell-export-controls", "F1-e, e = 0: outcome"),
    (f"{II} §1 F1-e", "s* = 9/80", "powell-export-controls", "F1-e: s*"),
    (f"{II} §1 F1-e", "delta*lambda - (1 - delta)G = 1/10",
     "powell-export-controls", "F1-e: delta*lambda - (1 - delta)G"),
    (f"{II} §1 F1-e", "war iff e < 7/10", "powell-export-controls", "F1-e: war iff e < e*"),
    (f"{II} §1 F1-e", "e = 1: delta*Delta = 1/25",
     "powell-export-controls", "F1-e, e = 1: delta*Delta"),
    (f"{II} §1 F1-e", "e = 1: T_D = 7/100", "powell-export-controls", "F1-e, e = 1: T_D"),
    (f"{II} §1 F1-e", "e = 1: peace", "powell-export-controls", "F1-e, e = 1: outcome"),
    (f"{II} §1 F1-f", "e = 0: delta*Delta = 3/25",
     "powell-export-controls", "F1-f, e = 0: delta*Delta"),
    (f"{II} §1 F1-f", "e = 0: T_D = 3/20", "powell-export-controls", "F1-f, e = 0: T_D"),
    (f"{II} §1 F1-f", "e = 0: peace", "powell-export-controls", "F1-f, e = 0: outcome"),
    (f"{II} §1 F1-f", "slope -3/50",
     "powell-export-controls", "F1-f: slope delta*lambda - (1 - delta)G"),
    (f"{II} §1 F1-f", "war iff e > 1/2", "powell-export-controls", "F1-f: war iff e > e*"),
    (f"{II} §1 F1-f", "e = 1: delta*Delta = 2/25",
     "powell-export-controls", "F1-f, e = 1: delta*Delta"),
    (f"{II} §1 F1-f", "e = 1: T_D = 1/20", "powell-export-controls", "F1-f, e = 1: T_D"),
    (f"{II} §1 F1-f", "e = 1: war", "powell-export-controls", "F1-f, e = 1: outcome"),
    (f"{II} §1 F1-h", "war premium 7/20 (s = 1/5)",
     "powell-export-controls", "F1-h: D's war premium, s = 1/5"),
    (f"{II} §1 F1-h", "war premium 7/20 (s in {0, 2/5})",
     "powell-export-controls", "F1-h: D's war premium, s in {0, 2/5}"),
    (f"{II} §1 F1-i", "beta = 1: T_D = 1/4", "powell-export-controls", "F1-i (beta = 1): T_D"),
    (f"{II} §1 F1-i", "beta = 1: peace", "powell-export-controls", "F1-i (beta = 1): outcome"),
    # ---------------------------------------------------------------- MODELS_II.md §2
    (f"{II} §2 F2-a", "regime I only: x* = 1/13, s_a = 5/11, Pr(war) = 16/143, "
     "mistaken strikes 12/143", "debs-monteiro-prevention",
     "F2-a: the only PBE (alarm-mixing)"),
    (f"{II} §2 F2-a", "share of mistaken strikes 3/4",
     "debs-monteiro-prevention", "F2-a: share of strikes on non-investors"),
    (f"{II} §2 F2-a", "c = 1: Pr(war) 8/55", "debs-monteiro-prevention", "F2-a, c = 1: Pr(war)"),
    (f"{II} §2 F2-a", "c = 1: share 1/2", "debs-monteiro-prevention", "F2-a, c = 1: share"),
    (f"{II} §2 F2-a", "c = 3/2: Pr(war) 16/77",
     "debs-monteiro-prevention", "F2-a, c = 3/2: Pr(war)"),
    (f"{II} §2 F2-a", "c = 3/2: share 1/4", "debs-monteiro-prevention", "F2-a, c = 3/2: share"),
    (f"{II} §2 F2-b", "regime II only: x* = 1/3, s_q = 3/8, Pr(war) = 2/3, mistaken 5/12",
     "debs-monteiro-prevention", "F2-b: the only PBE (quiet-mixing)"),
    (f"{II} §2 F2-c", "r-hat = 3/4", "debs-monteiro-prevention", "F2-c: r-hat"),
    (f"{II} §2 F2-c", "r = 7/10: II, x* = 7/16, s_q = 1/6, Pr(war) = 9/16",
     "debs-monteiro-prevention", "F2-c, r = 7/10: quiet-mixing"),
    (f"{II} §2 F2-c", "r = 4/5: I, x* = 1/13, s_a = 15/16, Pr(war) = 3/13",
     "debs-monteiro-prevention", "F2-c, r = 4/5: alarm-mixing"),
    (f"{II} §2 F2-f", "regime III only: invest and strike for sure",
     "debs-monteiro-prevention", "F2-f: the only PBE (sure war)"),
    (f"{II} §2 F2-g", "transparency: x = 0, strike iff alarm, Pr(war) = 0",
     "debs-monteiro-prevention", "F2-g (transparency): deterred, strike iff alarm, no war"),
    # ---------------------------------------------------------------- MODELS_II.md §3
    (f"{II} §3 W1", "unique PBE: both types o, B always arms",
     "jervis-four-worlds", "W1 (3/4, 1/2): every PBE (model = by hand)"),
    (f"{II} §3 W1", "tragic arming 1", "jervis-four-worlds", "W1: tragic arming (the unique PBE)"),
    (f"{II} §3 W2", "unique PBE: S d, G o, B never arms",
     "jervis-four-worlds", "W2 (1/4, 1/2): every PBE (model = by hand)"),
    (f"{II} §3 W2", "arming 0", "jervis-four-worlds", "W2: tragic arming (the unique PBE)"),
    (f"{II} §3 W2", "exposure 1",
     "jervis-four-worlds", "W2: Pr(B unarmed | G chose o) (the unique PBE)"),
    (f"{II} §3 W3", "three PBE", "jervis-four-worlds",
     "W3 (3/4, 9/10): every PBE (model = by hand)"),
    (f"{II} §3 W3", "separating: tragic arming 1/10",
     "jervis-four-worlds", "W3 separating: tragic arming"),
    (f"{II} §3 W3", "separating: exposure 1/10",
     "jervis-four-worlds", "W3 separating: Pr(B unarmed | G chose o)"),
    (f"{II} §3 W3", "pooling on o: arming 1",
     "jervis-four-worlds", "W3 pooling on o: tragic arming"),
    (f"{II} §3 W4", "unique PBE: G o with 1/4, B arms after o-signal with 5/16",
     "jervis-four-worlds", "W4 (1/4, 9/10): every PBE (model = by hand)"),
    (f"{II} §3 W4", "tragic arming 1/32", "jervis-four-worlds", "W4: tragic arming"),
    (f"{II} §3 W4", "exposure 23/32", "jervis-four-worlds", "W4: Pr(B unarmed | G chose o)"),
    (f"{II} §3 dual use", "separating iff rho >= 10/13", "jervis-four-worlds",
     "dual use, theta = 3/4: rho* = (1-mu)(1-kappa)/((1-mu)(1-kappa)+mu kappa)"),
    (f"{II} §3 dual use", "separating at rho = 4/5",
     "jervis-four-worlds", "separating PBE at rho = 4/5 (model)"),
    (f"{II} §3 dual use", "no separating at rho = 19/25",
     "jervis-four-worlds", "no separating PBE at rho = 19/25 (model)"),
    # ---------------------------------------------------------------- MODELS_II.md §4
    (f"{II} §4 noisy spiral", "eps = 1/5: n* = 2",
     "noisy-spiral", "eps = 1/5, mu0 = 9/10: n* (odds 9 -> 9/4 -> 9/16 < 1)"),
    (f"{II} §4 noisy spiral", "eps = 1/5: r = 1/4", "noisy-spiral", "eps = 1/5: r = eps/(1-eps)"),
    (f"{II} §4 noisy spiral", "eps = 1/5: per side 1/16",
     "noisy-spiral", "eps = 1/5: per-side ruin r^2"),
    (f"{II} §4 noisy spiral", "eps = 1/5: pair 31/256",
     "noisy-spiral", "eps = 1/5: Pr(spiral) = 1 - (15/16)^2"),
    (f"{II} §4 sawtooth", "eps = 6/25: n* = 2, per side 36/361",
     "noisy-spiral", "sawtooth: eps = 6/25 per side (6/19)^2"),
    (f"{II} §4 sawtooth", "eps = 13/50: n* = 3, per side 2197/50653",
     "noisy-spiral", "sawtooth: eps = 13/50, n* = 3, per side (13/37)^3"),
    (f"{II} §4 hotline", "phi = 1/2: r = 0.104356076", "noisy-spiral", "hotline phi = 1/2: r"),
    (f"{II} §4 hotline", "phi = 1/2: per side 0.010890191",
     "noisy-spiral", "hotline phi = 1/2: per side"),
    (f"{II} §4 hotline", "phi = 1/2: pair 0.021661785", "noisy-spiral", "hotline phi = 1/2: pair"),
    (f"{II} §4 prior trust", "mu0 = 3/5: n* = 1", "noisy-spiral", "mu0 = 3/5: n*"),
    (f"{II} §4 prior trust", "mu0 = 3/5: pair 7/16", "noisy-spiral", "mu0 = 3/5: Pr(spiral)"),
    (f"{II} §4 prior trust", "mu0 = 7/10: n* = 1", "noisy-spiral", "mu0 = 7/10: n*"),
    (f"{II} §4 prior trust", "mu0 = 7/10: pair 7/16", "noisy-spiral", "mu0 = 7/10: Pr(spiral)"),
    (f"{II} §4 prior trust", "mu0 = 19/20: n* = 3", "noisy-spiral", "mu0 = 19/20: n*"),
    (f"{II} §4 prior trust", "mu0 = 19/20: pair 0.031006",
     "noisy-spiral", "mu0 = 19/20: Pr(spiral)"),
    (f"{II} §4 prior trust", "mu0 = 99/100: n* = 4", "noisy-spiral", "mu0 = 99/100: n*"),
    (f"{II} §4 prior trust", "mu0 = 99/100: pair 0.007797",
     "noisy-spiral", "mu0 = 99/100: Pr(spiral)"),
    (f"{II} §4 remedies", "costless message: only babbling",
     "noisy-spiral", "costless message: only babbling (solve_cheap_talk)"),
]

# ---------------------------------------------------------------- MODELS_II.md §5
for _a, _rest in {"1/10": ("5/7", "4"), "1/20": ("2/3", "3"), "1/50": ("25/39", "3"),
                  "3/20": ("10/13", "5"), "1/5": ("5/6", "8")}.items():
    INVENTORY += [
        (f"{II} §5 Green-Porter", f"alpha = {_a}: delta* = {_rest[0]}",
         "green-porter-monitoring", f"α = {_a}: δ* (general solver: grim's exact PPE set)"),
        (f"{II} §5 Green-Porter", f"alpha = {_a}: K* = {_rest[1]}",
         "green-porter-monitoring", f"α = {_a}: K* (general solver: shortest PPE trigger)"),
    ]
INVENTORY += [
    (f"{II} §5 Green-Porter", "alpha = 1/10: x* = 5/18",
     "green-porter-monitoring", "α = 1/10: x* by hand"),
    (f"{II} §5 Green-Porter", "alpha = 1/10: V_4 = 2.527288833",
     "green-porter-monitoring", "α = 1/10: V_K* (general solver, 9 digits)"),
    (f"{II} §5 Green-Porter", "alpha = 1/10: grim value 39/19",
     "green-porter-monitoring", "α = 1/10: grim value (general solver)"),
    (f"{II} §5 Green-Porter", "alpha = 1/10: bound 13/5",
     "green-porter-monitoring",
     "α = 1/10: value with public randomisation (general solver: binding lottery)"),
    (f"{II} §5 Green-Porter", "alpha = 1/20: V_3 = 2.782610633",
     "green-porter-monitoring", "α = 1/20: V_K* (general solver, 9 digits)"),
    (f"{II} §5 Green-Porter", "alpha = 1/20: bound 31/11",
     "green-porter-monitoring",
     "α = 1/20: value with public randomisation (general solver: binding lottery)"),
    (f"{II} §5 Green-Porter", "alpha = 0, beta = 1: delta* = (T-R)/(T-P)",
     "green-porter-monitoring",
     "perfect monitoring (α = 0, β = 1): grim's set is [(T − R)/(T − P), 1) (general solver)"),
    # ---------------------------------------------------------------- MODELS_II.md §6
    (f"{II} §6 F6-a", "no talk: everyone arms (unique BNE)",
     "arms-race-talk", "F6-a: no talk, everyone arms (unique BNE)"),
    (f"{II} §6 F6-b", "pi_H = 1/7", "arms-race-talk", "F6-b: pi_H = (1/4)/(7/4)"),
    (f"{II} §6 F6-b", "beta0 = 1", "arms-race-talk",
     "F6-b: beta0 = Pr(h >= -d | h < 0) (h_lo = -3/2 > -d = -3)"),
    (f"{II} §6 F6-b", "Pr(race) = 13/49",
     "arms-race-talk", "F6-b: threshold talk Pr(race) = 1/49 + 12/49"),
    (f"{II} §6 F6-d", "a dominant hawk gains 3/35 by hiding",
     "arms-race-talk", "F6-d: c = 1/10, a dominant hawk gains (6/7)(1/10) by m0"),
    (f"{II} §6 F6-e", "Pr(race) with talk 0.013201",
     "arms-race-talk", "F6-e: Pr(race) with talk = 1 - (150/151)^2"),
    (f"{II} §6 F6-e", "Pr(race) without talk 1",
     "arms-race-talk", "F6-e: no talk, everyone arms (unique BNE)"),
    (f"{II} §6 F6-f", "no talk: everyone arms",
     "arms-race-talk", "F6-f: no talk, everyone arms (unique BNE)"),
    (f"{II} §6 F6-f", "a = -1.079745765", "arms-race-talk", "F6-f: a"),
    (f"{II} §6 F6-f", "b = -0.793972386", "arms-race-talk", "F6-f: b"),
    (f"{II} §6 F6-f", "P1 = 0.112067992", "arms-race-talk", "F6-f: P1"),
    (f"{II} §6 F6-f", "q00 = 0.372742012", "arms-race-talk", "F6-f: q00"),
    (f"{II} §6 F6-f", "Pr(race) = 0.308558366", "arms-race-talk", "F6-f: Pr(race)"),
]

#: Inventory rows whose check was added for this inventory (the number was computed by the
#: API but checked by no reproduction before).
ADDED = {
    "Aumann's stag hunt (9,9),(0,8),(8,0),(7,7): only babbling (solve_cheap_talk)",
    "WSLS long-run payoff recovers R = 3 as eps -> 0 (eps = 1/1000)",
    "WSLS long-run payoff at eps=1/10 (Markov chain) = closed form by hand",
    "trust 0.6: the pure BNE are cooperative (S:C, G:D) and all defect (solver)",
    "W1: tragic arming (the unique PBE)",
    "W2: tragic arming (the unique PBE)",
    "W2: Pr(B unarmed | G chose o) (the unique PBE)",
    "W3 pooling on o: tragic arming",
    "F6-b: pi_H = (1/4)/(7/4)",
    "F6-b: beta0 = Pr(h >= -d | h < 0) (h_lo = -3/2 > -d = -3)",
    "F6-e: no talk, everyone arms (unique BNE)",
    "F6-f: no talk, everyone arms (unique BNE)",
}


@pytest.fixture(scope="module")
def registered_checks():
    """Reproduction name -> list of Check, for every reproduction of the inventory
    (compute and check only; no figure)."""
    out = {}
    for name in sorted({row[2] for row in INVENTORY}):
        entry = reproduce.get(name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            checks = entry.check(entry.compute())
        out[name] = list(checks)
    return out


def test_inventory_rows_are_distinct_and_well_formed():
    assert len({(r[0], r[1]) for r in INVENTORY}) == len(INVENTORY)
    for section, number, name, check in INVENTORY:
        assert section.split()[0] in (I, II) and number and check
        assert name in reproduce.names(), name
    assert ADDED <= {r[3] for r in INVENTORY}


def test_every_worked_number_is_a_registered_check_that_passes(registered_checks):
    missing, failing = [], []
    for section, number, name, check in INVENTORY:
        got = {c.name: c for c in registered_checks[name]}.get(check)
        if got is None:
            missing.append((section, number, name, check))
        elif not got.passed:
            failing.append((section, number, got))
    assert not missing, f"worked numbers whose check is not registered: {missing}"
    assert not failing, f"worked numbers whose check fails: {failing}"


def test_check_names_are_unique_within_a_reproduction(registered_checks):
    """A check name must identify one check, or the inventory could point at the wrong one."""
    for name, checks in registered_checks.items():
        names = [c.name for c in checks]
        dupes = sorted({n for n in names if names.count(n) > 1})
        assert not dupes, (name, dupes)
