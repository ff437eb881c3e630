"""Where each reproduction comes from: a :class:`Source` per registered entry.

Every reproduction is one of three kinds, and says which:

``published``
    it reproduces a named element (figure, table, proposition, example) of a publication;
``model``
    it solves a published model at parameter values of our choosing (no figure or table of
    the publication is reproduced; the numbers checked are the model's, derived here);
``derived``
    it is our formalisation of a verbal argument (the cited text states the argument, not
    the model).

Elements (figure, page, section) are named only where they were verified against the
publication; where they were not, the entry is ``model`` or ``derived``, never a guessed
page. Full citations: :data:`CITATIONS` (the same entries as ``docs/references.bib``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InvalidParameterError

__all__ = ["CITATIONS", "KINDS", "SOURCES", "Source"]

#: The kinds of source, in words.
KINDS = {
    "published": "reproduces a published element",
    "model": "a published model at our parameter values",
    "derived": "derived: our formalisation of a verbal argument",
}

#: Full citations by BibTeX key (docs/references.bib).
CITATIONS = {
    "jervis1978": "Jervis, R. (1978). Cooperation under the Security Dilemma. World Politics "
                  "30(2), 167-214. doi:10.2307/2009958",
    "kydd2005": "Kydd, A. H. (2005). Trust and Mistrust in International Relations. "
                "Princeton, NJ: Princeton University Press",
    "kydd1997": "Kydd, A. (1997). Game Theory and the Spiral Model. World Politics 49(3), "
                "371-400",
    "kydd2000": "Kydd, A. (2000). Trust, Reassurance, and Cooperation. International "
                "Organization 54(2), 325-357",
    "harsanyi1988": "Harsanyi, J. C. and Selten, R. (1988). A General Theory of Equilibrium "
                    "Selection in Games. Cambridge, MA: MIT Press",
    "baliga2004": "Baliga, S. and Sjöström, T. (2004). Arms Races and Negotiations. Review "
                  "of Economic Studies 71(2), 351-369",
    "carlsson1993": "Carlsson, H. and van Damme, E. (1993). Global Games and Equilibrium "
                    "Selection. Econometrica 61(5), 989-1018",
    "chassang2010": "Chassang, S. and Padró i Miquel, G. (2010). Conflict and Deterrence "
                    "under Strategic Risk. Quarterly Journal of Economics 125(4), 1821-1858",
    "abreu1990": "Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a Theory of "
                 "Discounted Repeated Games with Imperfect Monitoring. Econometrica 58(5), "
                 "1041-1063. doi:10.2307/2938299",
    "abreu2014": "Abreu, D. and Sannikov, Y. (2014). An Algorithm for Two-Player Repeated "
                 "Games with Perfect Monitoring. Theoretical Economics 9(2), 313-338. "
                 "doi:10.3982/TE1302",
    "richardson1960": "Richardson, L. F. (1960). Arms and Insecurity: A Mathematical Study "
                      "of the Causes and Origins of War. Pittsburgh: Boxwood Press",
    "axelrod1984": "Axelrod, R. (1984). The Evolution of Cooperation. New York: Basic Books",
    "nowak1993": "Nowak, M. and Sigmund, K. (1993). A Strategy of Win-Stay, Lose-Shift that "
                 "Outperforms Tit-for-Tat in the Prisoner's Dilemma Game. Nature 364, 56-58. "
                 "doi:10.1038/364056a0",
    "boyd1989": "Boyd, R. (1989). Mistakes Allow Evolutionary Stability in the Repeated "
                "Prisoner's Dilemma Game. Journal of Theoretical Biology 136(1), 47-56. "
                "doi:10.1016/S0022-5193(89)80188-2",
    "mailath2006": "Mailath, G. J. and Samuelson, L. (2006). Repeated Games and Reputations: "
                   "Long-Run Relationships. Oxford: Oxford University Press",
    "tiong2023": "Tiong, W. J. and Li, M. (2023). The US-China Security Dilemma: The Need "
                 "for Constant Mitigation. RSIS Commentary IP23082, S. Rajaratnam School of "
                 "International Studies, Singapore, 17 November 2023",
    "cho1987": "Cho, I.-K. and Kreps, D. M. (1987). Signaling Games and Stable Equilibria. "
               "Quarterly Journal of Economics 102(2), 179-221. doi:10.2307/1885060",
    "banks1987": "Banks, J. S. and Sobel, J. (1987). Equilibrium Selection in Signaling "
                 "Games. Econometrica 55(3), 647-661. doi:10.2307/1913604",
    "fudenberg1991": "Fudenberg, D. and Tirole, J. (1991). Game Theory. Cambridge, MA: MIT "
                     "Press",
    "lim": "Lim, D. (2021). The New Face of an Old Problem: Technology and the Security "
           "Dilemma. Futures Hub, The Australian National University (web essay)",
    "farrell2019": "Farrell, H. and Newman, A. L. (2019). Weaponized Interdependence: How "
                   "Global Economic Networks Shape State Coercion. International Security "
                   "44(1), 42-79",
    "fearon1995": "Fearon, J. D. (1995). Rationalist Explanations for War. International "
                  "Organization 49(3), 379-414",
    "powell2006": "Powell, R. (2006). War as a Commitment Problem. International "
                  "Organization 60(1), 169-203",
    "debs2014": "Debs, A. and Monteiro, N. P. (2014). Known Unknowns: Power Shifts, "
                "Uncertainty, and War. International Organization 68(1), 1-31",
    "green1984": "Green, E. J. and Porter, R. H. (1984). Noncooperative Collusion under "
                 "Imperfect Price Information. Econometrica 52(1), 87-100. "
                 "doi:10.2307/1911462",
}


@dataclass(frozen=True)
class Source:
    """Where a reproduction comes from.

    Attributes
    ----------
    kind : str
        ``"published"``, ``"model"`` or ``"derived"`` (see :data:`KINDS`).
    refs : tuple of str
        BibTeX keys of :data:`CITATIONS`, the main source first.
    element : str
        What is reproduced or formalised, in words: the figure / table / proposition for
        ``published``; the model and our parameter values for ``model``; the argument
        formalised for ``derived``.
    part : str
        Where in the main source the model is (chapter, section, proposition, equation,
        figure, table), with the page where known; empty unless verified against the
        publication (its table of contents or text), never guessed.

    Examples
    --------
    >>> s = Source("derived", ("jervis1978",), "the offence-defence argument")
    >>> s.label
    'derived'
    >>> s.citations()[0].startswith("Jervis, R. (1978)")
    True
    """

    kind: str
    refs: tuple[str, ...]
    element: str
    part: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise InvalidParameterError(
                f"Source(): kind must be one of {list(KINDS)}; got {self.kind!r}")
        if not self.refs or not self.element:
            raise InvalidParameterError(
                f"Source(): refs and element must be non-empty; got {self.refs!r}, "
                f"{self.element!r}")
        unknown = [k for k in self.refs if k not in CITATIONS]
        if unknown:
            raise InvalidParameterError(
                f"Source(): refs must be keys of CITATIONS; got {unknown!r}")

    @property
    def label(self) -> str:
        """The kind, as shown in ``reproduce --list``."""
        return self.kind

    def citations(self) -> list[str]:
        """The full citations of :attr:`refs`, in order."""
        return [CITATIONS[k] for k in self.refs]

    def describe(self) -> str:
        """One paragraph: kind, element, full citations."""
        where = f" ({self.part})" if self.part else ""
        return (f"{KINDS[self.kind]}: {self.element}{where}. Sources: "
                + "; ".join(self.citations()) + ".")


_D, _M = "derived", "model"

#: The source of every registered reproduction, by name.
SOURCES: dict[str, Source] = {
    "jervis-offense-defense": Source(_D, ("jervis1978",), (
        "Jervis's argument that the offence-defence balance decides whether the security "
        "dilemma is a harmony, a stag hunt or a prisoner's dilemma, written as a 2x2 game "
        "with value V=10, cost k=1, gain g=2 (our payoffs)")),
    "stag-hunt-trust-threshold": Source(_D, ("jervis1978", "kydd2005", "harsanyi1988"), (
        "the stag hunt reading of the security dilemma (Jervis; Kydd) at illustrative "
        "payoffs (R,T,P,S) = (4,3,2,1) of our choosing: trust threshold, mixed equilibrium; "
        "risk dominance by the Nash-product criterion of Harsanyi and Selten")),
    "kydd-trust-region": Source(_M, ("kydd2005",), (
        "the security dilemma game with private information about types (security seekers "
        "and greedy states) of Kydd (2005), solved at a_S = c = 1/2, pi* = 1/2 (our values)"),
        # verified against the book's table of contents (chapter 2, section "The Security
        # Dilemma Game", p. 29)
        "after Kydd (2005), chapter 2 \"Trust and the Security Dilemma\", section \"The "
        "Security Dilemma Game\", p. 29; notation ours"),
    "spiral-belief-path": Source(_M, ("kydd1997", "kydd2005"), (
        "the Bayesian spiral model of Kydd (1997): updating of trust after observed moves, "
        "from prior trust 3/5 (our values)")),
    "baliga-sjostrom-contagion": Source(_M, ("baliga2004",), (
        "the arms race game with privately known hostility of Baliga and Sjöström (2004), "
        "without communication: cutoff best responses and contagion by iterated dominance "
        "at c=1, d=3, h ~ U[-3, 1] (our values)")),
    "global-game-cutoff": Source(_M, ("carlsson1993", "chassang2010"), (
        "a 2x2 cooperation game with noisy private signals of its payoff (the global games "
        "of Carlsson and van Damme; Chassang and Padró i Miquel): the equilibrium cutoff "
        "against the signal noise at c = 1 (our value), limit x* = c/2")),
    "critical-discount-factors": Source(_M, ("mailath2006", "axelrod1984", "nowak1993",
                                             "boyd1989"), (
        "the critical discount factors of grim trigger, tit-for-tat, win-stay lose-shift, "
        "contrite tit-for-tat and k-period punishment in the repeated prisoner's dilemma at "
        "Axelrod's tournament payoffs (T,R,P,S) = (5,3,1,0), with and without noise")),
    "abreu-sannikov-payoff-sets": Source(_M, ("abreu2014", "abreu1990"), (
        "the pure-strategy subgame-perfect payoff sets computed by the algorithm of Abreu and "
        "Sannikov (2014), for a prisoner's dilemma of our choosing and the 3x3 example stage "
        "game of Abreu and Sannikov (2014) at delta = 0.3, whose vertices are compared with "
        "those used in QuantEcon's test of its implementation")),
    "richardson-arms-race": Source(_M, ("richardson1960",), (
        "Richardson's linear arms race equations, at coefficients of our choosing "
        "(dx/dt = 2y - 5x + 5, dy/dt = 2x - 3y + 5, and a runaway race): rest point and the "
        "stability condition ab > kl")),
    "reassurance-regions": Source(_M, ("kydd2000", "fudenberg1991"), (
        "the costly reassurance signalling game of Kydd (2000), its perfect Bayesian "
        "equilibrium classes over gesture cost and prior trust at R_S=3, T_G=2, R_G=1, "
        "c_r=1 (our values)")),
    "intuitive-criterion": Source(_M, ("kydd2000", "cho1987", "banks1987"), (
        "the Intuitive Criterion of Cho and Kreps (1987) applied to the reassurance game of "
        "Kydd (2000) at mu0=0.3, R_S=3, T_G=2, c_r=1 (our values)")),
    "interdependence-cooperation": Source(_D, ("lim", "tiong2023", "kydd2005"), (
        "Lim's and Tiong and Li's argument that technological interdependence both binds "
        "and exposes states, as a Bayesian game of our own on the Kydd (2005) type space")),
    "sanction-spiral-noise": Source(_D, ("lim", "tiong2023", "axelrod1984", "boyd1989"), (
        "the argument that sanctions and counter-sanctions spiral (Lim; Tiong and Li), as a "
        "repeated prisoner's dilemma with misperception (Axelrod; Boyd)")),
    "third-state-hedging": Source(_D, ("lim", "tiong2023", "farrell2019"), (
        "the argument that third states hedge between two great powers whose interdependence "
        "can be weaponised (Lim; Tiong and Li; Farrell and Newman), as a three-player game "
        "of our own")),
    "interdependence-reassurance": Source(_D, ("kydd2000", "lim", "tiong2023"), (
        "the argument that interdependence can reassure (Lim; Tiong and Li), as the "
        "reassurance game of Kydd (2000) with stake and leverage growing in "
        "interdependence (our formalisation)")),
    "gradual-trust-building": Source(_D, ("kydd2000", "fudenberg1991"), (
        "Kydd's (2000) verbal argument for building trust gradually, as a multi-round "
        "reassurance game of our own at mu0=1/5, R_S=3, T_G=2, c_r=1")),
    "fearon-risk-return": Source(_D, ("fearon1995",), (
        "Fearon's (1995) risk-return trade-off under private information about the cost of "
        "war, as a bargaining model of our own with a screening offer")),
    "powell-export-controls": Source(_D, ("powell2006", "fearon1995"), (
        "the commitment-problem logic of Powell (2006) applied to export controls that slow "
        "a shift in power (our formalisation)")),
    "debs-monteiro-prevention": Source(_D, ("debs2014",), (
        "the logic of Debs and Monteiro (2014), preventive war under uncertainty about "
        "militarisation, with noisy intelligence (our formalisation)")),
    "green-porter-monitoring": Source(_M, ("green1984", "mailath2006"), (
        "trigger strategies under imperfect public monitoring (Green and Porter 1984; "
        "Mailath and Samuelson 2006) in a prisoner's dilemma of our choosing: critical "
        "discount factor and shortest punishment over false-alarm and detection rates")),
    "noisy-spiral": Source(_D, ("kydd1997", "kydd2005", "tiong2023"), (
        "the spiral of mistrust from noisy reports between two security seekers (Kydd; "
        "Tiong and Li), with and without a verification hotline (our formalisation)")),
    "jervis-four-worlds": Source(_D, ("jervis1978", "kydd2005"), (
        "Jervis's four worlds (offence or defence advantaged; postures distinguishable or "
        "not), with distinguishability as the accuracy of a noisy signal of the posture "
        "(our formalisation)")),
    "arms-race-talk": Source(_M, ("baliga2004",), (
        "cheap talk before an arms decision with continuous hostility types, after Baliga "
        "and Sjöström (2004): probability of an arms race with and without talk as hawks "
        "become rarer (our parameter values)")),
}
