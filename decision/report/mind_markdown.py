"""The "Risks" and "What would change our mind" sections of ``report.md``: value of
information, break-even values, risk, robustness and model risk in sentences, with the
model-risk table and the analysis figures."""

from __future__ import annotations

from decision.report.costs_markdown import figure_lines
from decision.report.figures.analysis import ANALYSIS_FIGURES, CAPTIONS
from decision.report.formatting import (
    OPTION_SHORT,
    input_name,
    input_value,
    option_words,
    percent,
    usd,
)
from decision.report.schema import BreakEvenEntry, ModelAlternative, ModelRisk, Summary

#: Inputs whose break-even the sentences name: those of the widest tornado bars.
TOP_FLIPS = 3


def flipping(summary: Summary) -> list[BreakEvenEntry]:
    """The break-even entries of inputs that flip the recommendation in range, widest tornado
    bar first."""
    order = {t.input: i for i, t in enumerate(summary.analysis.sensitivity.tornado)}
    flips = [b for b in summary.analysis.break_even if b.savings_zero is not None]
    return sorted(flips, key=lambda b: order.get(b.input, len(order)))[:TOP_FLIPS]


def why_sentences(summary: Summary) -> list[str]:
    """Why the decision, in two or three sentences under it: what drives it, what would flip
    it, and what to learn first."""
    out = []
    tornado = summary.analysis.sensitivity.tornado
    if tornado:
        top = tornado[0]
        out.append(f"What drives it most is the {input_name(top.input)}"
                   f" (`{top.input}`): expected savings go from {usd(top.savings_at_low_usd)} at"
                   f" its 5th percentile ({input_value(top.input, top.low)}) to"
                   f" {usd(top.savings_at_high_usd)} at its 95th"
                   f" ({input_value(top.input, top.high)}).")
    flips = flipping(summary)
    if flips:
        b = flips[0]
        direction = ("rises above" if (b.asic_favoured == "above")
                     == (summary.decision.recommendation.option
                         == summary.decision.options.incumbent) else "falls below")
        out.append(f"The recommendation flips if the {input_name(b.input)} {direction}"
                   f" {input_value(b.input, b.savings_zero)} (median now"
                   f" {input_value(b.input, b.median)}).")
    else:
        out.append("No single input flips it anywhere in its own range, the others still"
                   " uncertain.")
    from decision.report.studies_markdown import learning_lines

    learn = learning_lines(summary)
    if learn:
        out.append(" ".join(f"{line}." for line in learn))
    else:
        voi = summary.analysis.voi
        worth = [(p, v) for p, v in voi.evppi_usd.items()
                 if v > 2 * voi.evppi_standard_error_usd[p] and v > 0]
        if worth:
            out.append(f"Worth measuring first: the {input_name(worth[0][0])} (knowing it"
                       f" exactly before deciding is worth up to {usd(worth[0][1])}).")
        else:
            out.append(f"Nothing is worth measuring first: knowing every input exactly would"
                       f" be worth {usd(voi.evpi_usd)} in expectation, and no one input is"
                       " worth more than twice its estimation error.")
    return [" ".join(out)]


def mind_sentences(summary: Summary) -> list[str]:
    """"What would change our mind", in plain words: one paragraph per analysis."""
    say = option_words(summary.decision)
    voi, risk, options = summary.analysis.voi, summary.analysis.risk, summary.decision.options
    option = risk.recommended.option
    other = next(o for o in risk.expected_opportunity_loss_usd if o != option)
    base = OPTION_SHORT[options.incumbent]
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
    out = [f"{wrong}. That is also the most any study could be worth before deciding: the"
           f" expected value of perfect information (EVPI), {percent(voi.evpi_usd / base_cost)}"
           f" of the {base} fleet's expected cost."]
    valuable = [(p, v) for p, v in voi.evppi_usd.items()
                if v > 2 * voi.evppi_standard_error_usd[p] and v > 0]
    if valuable:
        words = [f"the {input_name(p)} is worth up to {usd(v)}" for p, v in valuable[:3]]
        out.append("Knowing one input exactly before deciding (its EVPPI): " + "; ".join(words)
                   + ". Every other input alone is worth less than twice its estimation error.")
    else:
        out.append("No single input is worth measuring before deciding: resolving any one of"
                   " them alone would not change the decision in expected value.")
    groups = [(n, g) for n, g in voi.groups.items()
              if g.evppi_usd > 2 * g.standard_error_usd]
    if groups:
        out[-1] += " Together: " + "; ".join(
            f"{n} ({len(g.inputs)} inputs) is worth up to {usd(g.evppi_usd)}"
            for n, g in groups[:3]) + "."
    out += _unexplained(summary)
    flips = flipping(summary)
    if flips:
        words = [f"the {input_name(b.input)}"
                 f" {'rises above' if (b.asic_favoured == 'above')
                     == (option == options.incumbent)
                     else 'falls below'} {input_value(b.input, b.savings_zero)} (median now"
                 f" {input_value(b.input, b.median)}{_jump_words(b.savings_jump_usd)})"
                 for b in flips]
        every = sum(b.savings_zero is not None for b in summary.analysis.break_even)
        more = (f"; {every} inputs can flip it within their range, each listed in the"
                " appendix" if every > len(flips) else "")
        out.append(f"The recommendation flips if {', or if '.join(words)}, the other inputs"
                   f" still uncertain{more}.")
    else:
        out.append("No single input flips the recommendation anywhere in its own 1st–99th"
                   " percentile range, with the other inputs still uncertain.")
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


def mind_section(summary: Summary, figures: list[str]) -> list[str]:
    """The "What would change our mind" section of ``report.md``: sentences, the model-risk
    table when the decision rests on a modelling choice, and the figures; the tables behind
    the sentences are in the appendix (:mod:`decision.report.appendix_markdown`)."""
    out = ["## What would change our mind", ""]
    for sentence in mind_sentences(summary):
        out += [sentence, ""]
    if any(r.decision_rests_on_it for r in summary.analysis.model_risk):
        out += model_risk_table(summary)[2:]
    for name in ANALYSIS_FIGURES:
        if name in figures:
            out += figure_lines(name, CAPTIONS[name])
    return out


def model_risk_table(summary: Summary) -> list[str]:
    """Each structural choice the file leaves at its default, and the decision under each of
    its options; none when the file makes every choice."""
    if not summary.analysis.model_risk:
        return []
    say = option_words(summary.decision)
    out = ["## Model risk", "",
           "Each structural choice the priors file leaves at its default, and the decision"
           " under each of its options on the same draws as the decision above:", "",
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
    return [*out, ""]


def risk_section(summary: Summary) -> list[str]:
    """The "Risks" section of ``report.md``: what a wrong call costs, how likely a large loss
    is, and whether the call survives wider priors."""
    say = option_words(summary.decision)
    risk = summary.analysis.risk
    option = risk.recommended.option
    out = ["## Risks", "",
           f"Choosing the option with the lowest expected cost loses"
           f" {usd(risk.recommended.expected_loss_usd)} on average against hindsight (against"
           f" the option that turns out cheaper in each draw); in the worst"
           f" {percent(risk.tail_share, 0)} of draws, {usd(risk.tail_loss_usd[option])}."
           " How likely a large loss is, for each choice:", "",
           "| loss more than | share of GPU cost | P(ASIC loses more) | P(GPU loses more) |",
           "|---:|---:|---:|---:|"]
    for e in risk.loss_exceedance:
        out.append(f"| {usd(e.loss_usd)} | {percent(e.share_of_gpu_cost, 0)} |"
                   f" {percent(e.p_asic_loses_more)} | {percent(e.p_gpu_loses_more)} |")
    widened = summary.analysis.robustness.widened
    steps = ", ".join(f"{percent(w.p_asic_cheaper)} at {w.prior_spread:g}x"
                      for w in widened[1:])
    now = summary.decision.recommendation.option
    flipped = next((w.option for w in widened if w.option != now), None)
    verdict = ("the recommendation holds" if flipped is None
               else f"the recommendation flips to {say[flipped]}")
    out += ["", f"If our priors are too confident: with every prior's spread widened around its"
                " median (on a log scale, so prices stay positive and shares between 0 and 1),"
                f" P(ASIC cheaper) goes from {percent(widened[0].p_asic_cheaper)} to {steps},"
                f" and {verdict}."]
    kept = summary.analysis.robustness.kept_as_fitted
    if kept:
        out[-1] += (" Inputs updated by evidence keep their posterior: "
                    + ", ".join(f"the {input_name(p)}" for p in kept) + ".")
    return [*out, ""]


def widening_table(summary: Summary) -> list[str]:
    """The appendix's table of the decision under wider priors."""
    say = option_words(summary.decision)
    sample = summary.analysis.sensitivity.draws
    out = ["## Priors widened", "",
           "Every prior's spread widened around its median (1x is the run itself; wider priors"
           f" are re-run on its first {sample:,} draws and estimated over all of them).", "",
           "| prior spread | P(ASIC cheaper) | expected savings | recommendation |",
           "|---:|---:|---:|---|"]
    for w in summary.analysis.robustness.widened:
        out.append(f"| {w.prior_spread:g}x | {percent(w.p_asic_cheaper)} |"
                   f" {usd(w.expected_savings_usd)} | {say[w.option]} |")
    return [*out, ""]


def _jump_words(jump: list[float] | None) -> str:
    """For a flip that is a step: where expected savings jump from and to."""
    if jump is None:
        return ""
    return f"; a step, where expected savings jump from {usd(jump[0])} to {usd(jump[1])}"


def _unexplained(summary: Summary) -> list[str]:
    """Why a strong driver can be worth nothing to measure, and how much of the EVPI no single
    input or group recovers."""
    voi, out = summary.analysis.voi, []
    drivers = [t for t in summary.analysis.sensitivity.tornado[:3]
               if voi.evppi_usd.get(t.input, 0.0) <= 2 * voi.evppi_standard_error_usd.get(
                   t.input, 0.0)]
    if drivers:
        names = " and ".join(f"the {input_name(t.input)}" for t in drivers)
        names = names[0].upper() + names[1:]
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
