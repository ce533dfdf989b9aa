"""``report.md``: the human answer, written from the summary and the scenario."""

from __future__ import annotations

from decision.model.tco import LINES
from decision.report.appendix_markdown import appendix_section
from decision.report.claims_markdown import report_section
from decision.report.evidence_markdown import evidence_section
from decision.report.figures.costs import CAPTIONS
from decision.report.figures.options import CAPTIONS as OPTION_CAPTIONS
from decision.report.formatting import (
    MERCHANT_NOUN,
    OPTION_SHORT,
    for_pair,
    in_unit,
    month,
    option_words,
    percent,
    usd,
)
from decision.report.mind_markdown import mind_section, risk_section, why_sentences
from decision.report.options_text import (
    against_incumbent_markdown,
    many_options,
    options_decision_sentence,
    options_markdown,
)
from decision.report.physics_markdown import physics_section
from decision.report.schema import Summary
from decision.report.studies_markdown import studies_markdown
from decision.scenario.inputs import InputValue
from decision.scenario.priors_file import Scenario

_COLUMN_WORDS = {
    "gpu_today": "GPU today (no growth)",
    "gpu_projected": "GPU at projected volume",
    "asic_projected": "ASIC at projected volume",
}


def _column_words(name: str) -> str:
    if name in _COLUMN_WORDS:
        return _COLUMN_WORDS[name]
    option, _, when = name.rpartition("_")
    return f"{option} today (no growth)" if when == "today" else f"{option} at projected volume"


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


def _cost_figures(figures: list[str], pair: tuple[str, str]) -> list[str]:
    """The cost figures a run drew, with their captions."""
    captions = CAPTIONS | OPTION_CAPTIONS
    out = []
    for name in figures:
        if name in captions:
            out += [f"![{name}](figures/{name}.png)", "", for_pair(captions[name], *pair), ""]
    return out


def render_report(summary: Summary, scenario: Scenario, figures: list[str]) -> str:
    """The whole report as Markdown.

    Parameters
    ----------
    summary : Summary
        The answer of the run.
    scenario : Scenario
        For the description and the table of inputs.
    figures : list of str
        Figure names written under ``figures/``.
    """
    say = option_words(summary.decision)
    d = summary.decision
    names = list(d.tco_usd)
    base, other = OPTION_SHORT[d.options.incumbent], OPTION_SHORT[d.options.contender]
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
        crossover_sentence(summary),
        "",
        "The recommendation is the option with the lower expected cost; the probability says how"
        " often the other option would have been cheaper. A draw is one possible future: one"
        " value of every uncertain input, drawn from the beliefs in the priors file; the run"
        f" costs every option in each of {d.draws:,} of them.",
        "",
    ]
    if many_options(summary):
        out += options_markdown(summary) + [
            f"The sections below compare {d.options.incumbent} (the incumbent) with"
            f" {d.options.contender}, the other option with the lowest expected cost.", ""]
    pair = (d.options.incumbent, d.options.contender)
    out += [for_pair(line, *pair) for line in why_sentences(summary)] + [""]
    out += [
        "## Total cost over the horizon",
        "",
        "| option | mean | 5th pct | median | 95th pct |",
        "|---|---:|---:|---:|---:|",
    ]
    for option in names:
        s = summary.decision.tco_usd[option]
        out.append(f"| {say[option]} | {usd(s.mean)} | {usd(s.p05)} |"
                   f" {usd(s.p50)} | {usd(s.p95)} |")
    s = summary.decision.savings_usd
    out += [f"| savings ({base} − {other}) | {usd(s.mean)} | {usd(s.p05)} | {usd(s.p50)} |"
            f" {usd(s.p95)} |", "",
            "Levelised cost of a million requests (each option's discounted total over the"
            " requests served, discounted alike):", "",
            "| option | mean | 5th pct | median | 95th pct |", "|---|---:|---:|---:|---:|"]
    for option in names:
        s = summary.decision.usd_per_million_requests[option]
        out.append(f"| {say[option]} | {usd(s.mean)} | {usd(s.p05)} |"
                   f" {usd(s.p50)} | {usd(s.p95)} |")
    out += ["",
            f"## The {'three ' if len(names) == 2 else ''}columns (annualised TCO, USD/year)",
            "", "| column | mean | 5th pct | 95th pct |", "|---|---:|---:|---:|"]
    for name, c in summary.decision.columns_usd_per_year.items():
        out.append(f"| {_column_words(name)} | {usd(c.mean)} | {usd(c.p05)} | {usd(c.p95)} |")
    out += ["", "## Cost lines (mean total over the horizon)", "",
            "| line | " + " | ".join(say[o] for o in names) + " |",
            "|---|" + "---:|" * len(names)]
    for line in LINES:
        values = " | ".join(usd(summary.decision.lines_usd[o][line]) for o in names)
        out.append(f"| {line.replace('_', '-')} | {values} |")
    out += ["", *_cost_figures(figures, pair)]
    out += [for_pair(line, *pair) for line in risk_section(summary)]
    out += [for_pair(line, *pair) for line in mind_section(summary, figures)]
    out += against_incumbent_markdown(summary)
    out += studies_markdown(summary, figures)
    out += physics_section(summary)
    if summary.fit is not None:
        out += evidence_section(summary, scenario)
    if summary.claims:
        out += report_section(summary.claims, figures)
    out += [for_pair(line, *pair) for line in appendix_section(summary)]
    out += ["### Inputs as used", "",
            "| input | median | 90% interval | from | source |", "|---|---:|---|---|---|"]
    posterior = summary.fit.posterior if summary.fit is not None else {}
    defaults = [p for p, v in scenario.inputs.items() if v.origin == "default"]
    for path, value in scenario.inputs.items():
        if value.origin == "default":
            continue
        p05, p50, p95 = value.quantiles()
        origin = value.origin
        if path in posterior:
            stats = posterior[path]
            p05, p50, p95 = stats.p05, stats.p50, stats.p95
            origin = f"{origin}, updated by {scenario.evidence[path].origin}"
        unit = value.spec.unit
        interval = f"{in_unit(p05, unit)} – {in_unit(p95, unit)}" if p05 != p95 else "fixed"
        median = (value.spec.options[int(p50)] if value.spec.options
                  else in_unit(p50, unit))
        source = (value.source or "").replace("|", "/")
        out.append(f"| `{path}` | {median} | {interval} | {origin} | {source} |")
    if defaults:
        out += ["", "Left at their defaults (`decide inputs` lists them): " + ", ".join(
            f"`{p}` {_default_value(scenario.inputs[p])}" for p in defaults) + "."]
    return "\n".join(out) + "\n"


def _default_value(value: InputValue) -> str:
    """A default input's value as the table would show it."""
    return (value.spec.options[int(value.value)] if value.spec.options
            else in_unit(value.value, value.spec.unit))
