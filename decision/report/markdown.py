"""``report.md``: the human answer, written from the summary and the scenario."""

from __future__ import annotations

from decision.report.appendix_markdown import appendix_contents
from decision.report.claims_markdown import report_section
from decision.report.costs_markdown import costs_section
from decision.report.evidence_markdown import evidence_section
from decision.report.formatting import MERCHANT_NOUN, for_pair, month, option_words, percent, usd
from decision.report.mind_markdown import mind_section, risk_section, why_sentences
from decision.report.options_text import (
    many_options,
    options_decision_sentence,
    options_markdown,
)
from decision.report.physics_markdown import physics_section
from decision.report.schema import Summary
from decision.report.studies_markdown import studies_markdown
from decision.scenario.priors_file import Scenario


def decision_sentence(summary: Summary) -> str:
    """The decision in one sentence with its probability."""
    say = option_words(summary.decision)
    if many_options(summary):
        return options_decision_sentence(summary)
    option = summary.decision.recommendation.option
    p = summary.decision.p_asic_cheaper
    savings = summary.decision.savings_usd
    months = summary.decision.horizon_months
    se = summary.decision.mc_standard_error.p_asic_cheaper
    words = say[option]
    contender = (MERCHANT_NOUN if summary.decision.options.results["asic"].kind == "merchant"
                 else "the ASIC program")
    return (
        f"{words[0].upper()}{words[1:]}: over {months} months {contender} is cheaper"
        f" in {percent(p)} of draws (±{percent(2 * se, 2)} Monte Carlo error), with expected"
        f" savings of {usd(savings.mean)} (90% interval {usd(savings.p05)} to"
        f" {usd(savings.p95)})."
    )


def crossover_sentence(summary: Summary) -> str:
    """When the ASIC pulls ahead for good, in words."""
    c = summary.decision.crossover_month
    if c.never >= 1.0:
        return "The ASIC never pulls ahead for good within the horizon in any draw."
    if c.p50 is None:
        never = (f"The ASIC never pulls ahead for good within the horizon in"
                 f" {percent(c.never)} of draws")
        if c.p05 is None:
            return never + "."
        return never + f"; in the most favourable 5% it does so by {month(c.p05)}."
    return (
        f"When it does pull ahead for good, the median crossover is {month(c.p50)}"
        f" (5th–95th percentile: {month(c.p05)} to {month(c.p95)}); it never crosses in"
        f" {percent(c.never)} of draws."
    )


def _discounting(scenario: Scenario) -> str:
    rate = scenario.inputs["finance.discount_rate"]
    if rate.uncertain:
        return f"costs discounted at an uncertain rate (median {percent(rate.quantiles()[1])})"
    if rate.value == 0:
        return "costs not discounted"
    return f"costs discounted at {percent(rate.value)} a year"


def render_report(summary: Summary, scenario: Scenario, figures: list[str]) -> str:
    """The report as Markdown: the decision and why, the costs, the risks, what would change
    our mind, what to learn first; the tables behind them are in ``appendix.md``
    (:func:`decision.report.appendix_markdown.render_appendix`).

    Parameters
    ----------
    summary : Summary
        The answer of the run.
    scenario : Scenario
        For the description and how costs are discounted.
    figures : list of str
        Figure names written under ``figures/``.
    """
    d = summary.decision
    names = list(d.tco_usd)
    question = ("GPU fleet or inference ASIC?" if not many_options(summary)
                else f"which of {len(names)} options?")
    out = [f"# {scenario.name}: {question}", ""]
    if scenario.description:
        out += [scenario.description, ""]
    out += [
        f"Priors `{d.priors_file}` · {d.draws:,} draws · seed {d.seed}"
        f" · horizon {d.horizon_months} months · {_discounting(scenario)}.",
        "",
        "## Decision",
        "",
        f"**{decision_sentence(summary)}**",
        "",
        crossover_sentence(summary) + " The recommendation is the option with the lowest"
        " expected cost. A draw is one possible future: one value of every uncertain input,"
        " drawn from the beliefs in the priors file; the run costs every option in each of"
        f" {d.draws:,} of them; ± is the Monte Carlo error, what so many draws leave"
        " uncertain (two standard errors).",
        "",
    ]
    if many_options(summary):
        out += options_markdown(summary) + [
            f"The sections below compare {d.options.incumbent} (the incumbent) with"
            f" {d.options.contender}, the other option with the lowest expected cost.", ""]
    pair = (d.options.incumbent, d.options.contender)
    out += [for_pair(line, *pair) for line in why_sentences(summary)] + [""]
    out += costs_section(summary, _discounting(scenario), figures)
    out += [for_pair(line, *pair) for line in risk_section(summary)]
    out += [for_pair(line, *pair) for line in mind_section(summary, figures)]
    out += studies_markdown(summary, figures)
    out += physics_section(summary)
    if summary.fit is not None:
        out += evidence_section(summary, scenario)
    if summary.claims:
        out += report_section(summary.claims, figures)
    out += ["## Appendix", "",
            "The analysis in numbers is in [appendix.md](appendix.md): " + ", ".join(
                appendix_contents(summary)) + "."]
    return "\n".join(out) + "\n"
