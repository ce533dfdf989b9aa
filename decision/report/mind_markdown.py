"""The "What would change our mind" section of ``report.md``: value of information,
break-even values, risk and robustness, first in sentences, then in tables."""

from __future__ import annotations

from collections.abc import Callable

from decision.report.figures.analysis import ANALYSIS_FIGURES, CAPTIONS
from decision.report.formatting import OPTION_SHORT, number, option_words, percent, usd
from decision.report.schema import ModelAlternative, ModelRisk, Summary


def mind_sentences(summary: Summary) -> list[str]:
    """"What would change our mind", in plain words: one paragraph per analysis."""
    say = option_words(summary.decision)
    voi, risk, options = summary.analysis.voi, summary.analysis.risk, summary.decision.options
    option = risk.recommended.option
    other = next(o for o in risk.expected_opportunity_loss_usd if o != option)
    base, rival = OPTION_SHORT[options.incumbent], OPTION_SHORT[options.contender]
    base_cost = summary.decision.tco_usd[options.incumbent].mean
    if len(options.results) > 2:
        chosen = summary.decision.recommendation.option
        wrong = (f"If we {say[chosen]}, the expected cost of having chosen wrong"
                 f" (against the cheapest of all {len(options.results)} options in each draw) is"
                 f" {usd(options.results[chosen].expected_loss_usd)}")
    else:
        wrong = (f"If we {say[option]}, the expected cost of having chosen wrong is"
                 f" {usd(risk.expected_opportunity_loss_usd[option])} (against"
                 f" {usd(risk.expected_opportunity_loss_usd[other])} if we"
                 f" {say[other]})")
    out = [
        f"{wrong}; that is also the most any study could be worth before"
        f" deciding (the EVPI, {percent(voi.evpi_usd / base_cost)} of the {base} fleet's"
        f" expected cost). In the worst {percent(risk.tail_share, 0)} of draws"
        f" {say[option]} loses {usd(risk.tail_loss_usd[option])} on average against"
        f" {say[other]}." if len(options.results) > 2 else
        f"{wrong}; that is also the most any study could be worth before"
        f" deciding (the EVPI, {percent(voi.evpi_usd / base_cost)} of the {base} fleet's"
        f" expected cost). In the worst {percent(risk.tail_share, 0)} of draws the"
        f" recommended option loses {usd(risk.tail_loss_usd[option])} on average.",
    ]
    valuable = [(p, v) for p, v in voi.evppi_usd.items()
                if v > 2 * voi.evppi_standard_error_usd[p] and v > 0]
    if valuable:
        words = [f"`{p}` is worth up to {usd(v)}" for p, v in valuable[:3]]
        out.append("Measuring before deciding: " + "; ".join(words) + ". Every other input"
                   " alone is worth less than twice its estimation error.")
    else:
        out.append("No single input is worth measuring before deciding: resolving any one of"
                   " them alone would not change the decision in expected value.")
    groups = [(n, g) for n, g in voi.groups.items()
              if g.evppi_usd > 2 * g.standard_error_usd]
    if groups:
        out.append("Together: " + "; ".join(f"{n} ({', '.join(g.inputs)}) is worth up to"
                                           f" {usd(g.evppi_usd)}" for n, g in groups[:3])
                   + ".")
    out += _unexplained(summary)
    flips = [b for b in summary.analysis.break_even if b.savings_zero is not None]
    if flips:
        words = [f"`{b.input}`"
                 f" {'rises above' if (b.asic_favoured == 'above')
                     == (option == options.incumbent)
                     else 'falls below'} {number(b.savings_zero)} (median now"
                 f" {number(b.median)}{_jump_words(b.savings_jump_usd)})" for b in flips]
        out.append(f"The recommendation flips if {', or if '.join(words)}, the other inputs"
                   f" still uncertain; the break-even table says where P({rival} cheaper)"
                   " reaches 50%.")
    else:
        out.append("No single input flips the recommendation anywhere in its own 1st–99th"
                   " percentile range, with the other inputs still uncertain.")
    top = summary.analysis.sensitivity.tornado[0] if summary.analysis.sensitivity.tornado else None
    if top:
        out.append(f"The input that moves the expected savings most is"
                   f" `{top.input}`: from {usd(top.savings_at_low_usd)} at"
                   f" its 5th percentile ({number(top.low)}) to"
                   f" {usd(top.savings_at_high_usd)} at its 95th ({number(top.high)}),"
                   f" each ± {usd(top.standard_error_usd)} (one standard error).")
    widened = summary.analysis.robustness.widened
    steps = ", ".join(f"{percent(w.p_asic_cheaper)} at {w.prior_spread:g}x"
                      for w in widened[1:])
    verdict = ("the recommendation flips" if summary.analysis.robustness.flips
               else "the recommendation holds")
    out.append(f"If our priors are too confident — every spread widened in log or logit space"
               f" — P({rival} cheaper) goes from {percent(widened[0].p_asic_cheaper)} to"
               f" {steps}, and {verdict}.")
    out.append(model_risk_sentence(summary))
    return out


def model_risk_sentence(summary: Summary) -> str:
    """Whether the decision rests on a structural choice the file leaves at its default."""
    say = option_words(summary.decision)
    risks = summary.analysis.model_risk
    resting = [r for r in risks if r.decision_rests_on_it]
    if not risks:
        return "Every structural choice of the model is written in the priors file."
    if not resting:
        return ("The recommendation is the same under every option of the modelling choices"
                " the file leaves at their defaults (" + ", ".join(f"`{r.input}`" for r in risks)
                + ").")
    words = []
    for r in resting:
        others = [a for a in r.alternatives if a.option != r.used]
        words.append(f"`{r.input}`: with {r.used} (the default) the answer is to"
                     f" {say[_used(r).recommendation]}, with "
                     + ", ".join(f"{a.option} to {say[a.recommendation]}"
                                 f" ({percent(a.p_asic_cheaper)})" for a in others))
    return ("**The recommendation rests on a modelling choice the file does not make:** "
            + "; ".join(words) + ". Write the choice that fits your part in the priors file.")


def _used(risk: ModelRisk) -> ModelAlternative:
    return next(a for a in risk.alternatives if a.option == risk.used)


def mind_section(summary: Summary) -> list[str]:
    """The "What would change our mind" section of ``report.md``: sentences, then tables."""
    say = option_words(summary.decision)
    out = ["## What would change our mind", ""]
    for sentence in mind_sentences(summary):
        out += [sentence, ""]
    voi = summary.analysis.voi
    out += ["### Value of information", "",
            f"Expected value of perfect information (EVPI): **{usd(voi.evpi_usd)}**. Partial"
            f" values (EVPPI) by {voi.method}; ± is one standard error, of the regression and"
            " of the finite draws together.", "",
            "| input or group | EVPPI | ± | R² |", "|---|---:|---:|---:|"]
    for path, value in voi.evppi_usd.items():
        out.append(f"| `{path}` | {usd(value)} | {usd(voi.evppi_standard_error_usd[path])} |"
                   f" {voi.evppi_r_squared[path]:.3f} |")
    for name, g in voi.groups.items():
        below = (f" (below its member `{g.best_member}`, {usd(g.best_member_usd)}: the"
                 " regression could not resolve the group; it is worth at least that)"
                 if g.below_best_member else "")
        out.append(f"| {name}: {', '.join(f'`{p}`' for p in g.inputs)}{below} |"
                   f" {usd(g.evppi_usd)} | {usd(g.standard_error_usd)} | |")
    out += ["", "### Break-even values", "",
            f"Each input set to one value, every other input still uncertain, searched over"
            f" its 1st–99th percentile: the cost model re-run on the first"
            f" {summary.analysis.sensitivity.draws:,} draws, expectations estimated over all"
            f" {summary.decision.draws:,} by regression on each draw's savings and the input's"
            " value (control variates).", "",
            "| input | median now | searched | expected savings = 0 | P(ASIC cheaper) = 50% |",
            "|---|---:|---|---:|---:|"]
    for b in summary.analysis.break_even:
        lo, hi = b.searched
        zero = (number(b.savings_zero) + _jump_cell(b.savings_jump_usd, usd)
                if b.savings_zero is not None else
                f"none in range ({say[b.favours_throughout]} throughout)")
        half = (number(b.p_asic_cheaper_50) + _jump_cell(b.p_asic_cheaper_jump, percent)
                if b.p_asic_cheaper_50 is not None else "none in range")
        out.append(f"| `{b.input}` | {number(b.median)} | {number(lo)} – {number(hi)} |"
                   f" {zero} | {half} |")
    risk = summary.analysis.risk
    out += ["", "### Risk", "",
            f"Recommended rule: {risk.recommended.rule}; its expected loss against"
            f" hindsight is {usd(risk.recommended.expected_loss_usd)}.", "",
            "| loss more than | share of GPU cost | P(ASIC loses more) | P(GPU loses more) |",
            "|---:|---:|---:|---:|"]
    for e in risk.loss_exceedance:
        out.append(f"| {usd(e.loss_usd)} | {percent(e.share_of_gpu_cost, 0)} |"
                   f" {percent(e.p_asic_loses_more)} | {percent(e.p_gpu_loses_more)} |")
    out += ["", "| prior spread | P(ASIC cheaper) | expected savings | recommendation |",
            "|---:|---:|---:|---|"]
    for w in summary.analysis.robustness.widened:
        out.append(f"| {w.prior_spread:g}x | {percent(w.p_asic_cheaper)} |"
                   f" {usd(w.expected_savings_usd)} | {say[w.option]} |")
    kept = summary.analysis.robustness.kept_as_fitted
    if kept:
        out += ["", f"Inputs updated by evidence keep their posterior when the priors are"
                    f" widened: {', '.join(f'`{p}`' for p in kept)}."]
    if summary.analysis.model_risk:
        out += ["", "### Model risk", "",
                "Each structural choice the priors file leaves at its default, and the decision"
                " under each of its options on the same draws as the decision above.", "",
                "| choice | option | P(ASIC cheaper) | expected savings | recommendation |",
                "|---|---|---:|---:|---|"]
        for r in summary.analysis.model_risk:
            against = ("" if r.versus in (None, summary.decision.options.contender)
                       else f" (P and savings: {r.versus})")
            for a in r.alternatives:
                used = " (used)" if a.option == r.used else ""
                out.append(f"| `{r.input}`{against} | {a.option}{used} |"
                           f" {percent(a.p_asic_cheaper)} |"
                           f" {usd(a.expected_savings_usd)} | {say[a.recommendation]} |")
    importance = list(summary.analysis.sensitivity.importance_pawn.items())[:5]
    out += ["", "Global importance (PAWN index from the existing draws, 0 = no influence on the"
                " distribution of savings): " + ", ".join(f"`{p}` {v:.2f}" for p, v in importance)
            + ".", ""]
    for name in ANALYSIS_FIGURES:
        out += [f"![{name}](figures/{name}.png)", "", CAPTIONS[name], ""]
    return out


def _jump_words(jump: list[float] | None) -> str:
    """For a flip that is a step: where expected savings jump from and to."""
    if jump is None:
        return ""
    return f"; a step, where expected savings jump from {usd(jump[0])} to {usd(jump[1])}"


def _jump_cell(jump: list[float] | None, show: Callable[[float], str]) -> str:
    """A flip that is a step, in a table cell: ``(a step: a → b)``."""
    return "" if jump is None else f" (a step: {show(jump[0])} → {show(jump[1])})"


def _unexplained(summary: Summary) -> list[str]:
    """Why a strong driver can be worth nothing to measure, and how much of the EVPI no single
    input or group recovers."""
    voi, out = summary.analysis.voi, []
    drivers = [t for t in summary.analysis.sensitivity.tornado[:3]
               if voi.evppi_usd.get(t.input, 0.0) <= 2 * voi.evppi_standard_error_usd.get(
                   t.input, 0.0)]
    if drivers:
        names = ", ".join(f"`{t.input}`" for t in drivers)
        one = len(drivers) == 1
        out.append(f"{names} {'moves' if one else 'move'} the expected savings widely, yet"
                   f" measuring {'it' if one else 'any one of them'} alone is worth next to"
                   " nothing: at nearly every value it could take the recommendation stays the"
                   " same; it changes how much is saved, not which option saves.")
    if voi.evpi_usd > 0:
        best = max([*voi.evppi_usd.values(), *(g.evppi_usd for g in voi.groups.values()), 0.0])
        if best < 0.8 * voi.evpi_usd:
            out.append(f"The most valuable single input or group is worth"
                       f" {percent(best / voi.evpi_usd, 0)} of the EVPI; the rest is worth"
                       " learning only by resolving many inputs at once, which no one study"
                       " does.")
    return out
