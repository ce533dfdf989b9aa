"""``report.md``: the human answer, written from the summary and the scenario."""

from __future__ import annotations

from decision.report.figures.analysis import ANALYSIS_FIGURES
from decision.report.figures.analysis import CAPTIONS as ANALYSIS_CAPTIONS
from decision.report.claims_markdown import report_section
from decision.report.formatting import OPTION_WORDS, month, number, percent, usd
from decision.report.figures.costs import CAPTIONS
from decision.report.figures.evidence import CAPTIONS as EVIDENCE_CAPTIONS
from decision.report.figures.evidence import EVIDENCE_FIGURES
from decision.report.schema import Summary
from decision.scenario.priors_file import Scenario
from decision.model.tco import LINES, OPTIONS

_COLUMN_WORDS = {
    "gpu_today": "GPU today (no growth)",
    "gpu_projected": "GPU at projected volume",
    "asic_projected": "ASIC at projected volume",
}


def decision_sentence(summary: Summary) -> str:
    """The decision in one sentence with its probability."""
    option = summary.decision.recommendation.option
    p = summary.decision.p_asic_cheaper
    savings = summary.decision.savings_usd
    months = summary.decision.horizon_months
    se = summary.decision.mc_standard_error.p_asic_cheaper
    words = OPTION_WORDS[option]
    return (
        f"{words[0].upper()}{words[1:]}: over {months} months the ASIC program is cheaper"
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


def evidence_sentence(summary: Summary) -> str:
    """How the evidence moved the decision, in one sentence."""
    before = summary.fit.evidence.prior_decision
    was, now = before.recommendation.option, summary.decision.recommendation.option
    moved = (f"the recommendation stays: {OPTION_WORDS[now]}" if was == now else
             f"the recommendation flips from {OPTION_WORDS[was]} to {OPTION_WORDS[now]}")
    return (
        f"The evidence moved P(ASIC cheaper) from {percent(before.p_asic_cheaper)} under the"
        f" priors alone to {percent(summary.decision.p_asic_cheaper)}, and expected savings from"
        f" {usd(before.savings_usd.mean)} to {usd(summary.decision.savings_usd.mean)};"
        f" {moved}."
    )


def convergence_sentence(summary: Summary) -> str:
    """Whether NUTS converged, with the numbers that say so."""
    sampler = summary.fit.evidence.sampler
    d = summary.fit.evidence.diagnostics
    how = (f"NUTS ({sampler.sampler} sampler, {sampler.chains} chains ×"
           f" {sampler.draws:,} draws after {sampler.tune:,} tuning steps)")
    if d.converged:
        return (f"{how} converged: largest R-hat {d.max_r_hat:.3f}, smallest bulk ESS"
                f" {d.min_ess_bulk:,.0f}, no divergent transitions.")
    return (f"**Warning: {how} did not converge ({'; '.join(d.problems)}).** Treat the"
            " posterior, and the decision built on it, with caution: raise sampling.nuts.tune"
            " and sampling.nuts.draws, or check the evidence for mistakes.")


def _evidence_section(summary: Summary, scenario: Scenario) -> list[str]:
    out = ["## What the evidence changed", "", f"**{evidence_sentence(summary)}**", "",
           convergence_sentence(summary), "",
           "| input | evidence | prior median (90%) | posterior median (90%) | R-hat | bulk ESS |",
           "|---|---|---|---|---:|---:|"]
    for path, entry in summary.fit.evidence.inputs.items():
        prior, post = entry.prior, summary.fit.posterior[path]
        out.append(f"| `{path}` | {scenario.evidence[path].describe()} |"
                   f" {_median_interval(prior)} | {_median_interval(post)} |"
                   f" {post.r_hat:.3f} | {post.ess_bulk:,.0f} |")
    parameters = [(path, name, stats) for path, entry in summary.fit.evidence.inputs.items()
                  for name, stats in (entry.parameters or {}).items()]
    if parameters:
        out += ["", "Parameters of the evidence model (posterior):", "",
                "| input | parameter | median (90%) | R-hat | bulk ESS |",
                "|---|---|---|---:|---:|"]
        for path, name, stats in parameters:
            out.append(f"| `{path}` | {name} | {_median_interval(stats)} | {stats.r_hat:.3f}"
                       f" | {stats.ess_bulk:,.0f} |")
    out.append("")
    for name in EVIDENCE_FIGURES:
        out += [f"![{name}](figures/{name}.png)", "", EVIDENCE_CAPTIONS[name], ""]
    return out


def mind_sentences(summary: Summary) -> list[str]:
    """"What would change our mind", in plain words: one paragraph per analysis."""
    voi, risk = summary.analysis.voi, summary.analysis.risk
    option = risk.recommended.option
    other = "gpu" if option == "asic" else "asic"
    gpu_cost = summary.decision.tco_usd["gpu"].mean
    out = [
        f"If we {OPTION_WORDS[option]}, the expected cost of having chosen wrong is"
        f" {usd(risk.expected_opportunity_loss_usd[option])} (against"
        f" {usd(risk.expected_opportunity_loss_usd[other])} if we"
        f" {OPTION_WORDS[other]}); that is also the most any study could be worth before"
        f" deciding (the EVPI, {percent(voi.evpi_usd / gpu_cost)} of the GPU fleet's"
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
    flips = [b for b in summary.analysis.break_even if b.savings_zero is not None]
    if flips:
        words = [f"`{b.input}`"
                 f" {'rises above' if (b.asic_favoured == 'above') == (option == 'gpu')
                     else 'falls below'} {number(b.savings_zero)} (median now"
                 f" {number(b.median)})" for b in flips]
        out.append(f"The recommendation flips if {', or if '.join(words)}, the other inputs"
                   " still uncertain; the break-even table says where P(ASIC cheaper) reaches"
                   " 50%.")
    else:
        out.append("No single input flips the recommendation anywhere in its own 1st–99th"
                   " percentile range, with the other inputs still uncertain.")
    top = summary.analysis.sensitivity.tornado[0] if summary.analysis.sensitivity.tornado else None
    if top:
        out.append(f"The input that moves the expected savings most is"
                   f" `{top.input}`: from {usd(top.savings_at_low_usd)} at"
                   f" its 5th percentile ({number(top.low)}) to"
                   f" {usd(top.savings_at_high_usd)} at its 95th ({number(top.high)}).")
    widened = summary.analysis.robustness.widened
    steps = ", ".join(f"{percent(w.p_asic_cheaper)} at {w.prior_spread:g}x"
                      for w in widened[1:])
    verdict = ("the recommendation flips" if summary.analysis.robustness.flips
               else "the recommendation holds")
    out.append(f"If our priors are too confident — every spread widened in log or logit space"
               f" — P(ASIC cheaper) goes from {percent(widened[0].p_asic_cheaper)} to"
               f" {steps}, and {verdict}.")
    return out


def _mind_section(summary: Summary) -> list[str]:
    out = ["## What would change our mind", ""]
    for sentence in mind_sentences(summary):
        out += [sentence, ""]
    voi = summary.analysis.voi
    out += ["### Value of information", "",
            f"Expected value of perfect information (EVPI): **{usd(voi.evpi_usd)}**. Partial"
            f" values (EVPPI) by {voi.method}; ± is one standard error of the regression.", "",
            "| input or group | EVPPI | ± | R² |", "|---|---:|---:|---:|"]
    for path, value in voi.evppi_usd.items():
        out.append(f"| `{path}` | {usd(value)} | {usd(voi.evppi_standard_error_usd[path])} |"
                   f" {voi.evppi_r_squared[path]:.3f} |")
    for name, g in voi.groups.items():
        out.append(f"| {name}: {', '.join(f'`{p}`' for p in g.inputs)} |"
                   f" {usd(g.evppi_usd)} | {usd(g.standard_error_usd)} | |")
    out += ["", "### Break-even values", "",
            f"Each input set to one value, every other input still uncertain"
            f" ({summary.analysis.sensitivity.draws:,} draws), searched over its 1st–99th"
            " percentile.", "",
            "| input | median now | searched | expected savings = 0 | P(ASIC cheaper) = 50% |",
            "|---|---:|---|---:|---:|"]
    for b in summary.analysis.break_even:
        lo, hi = b.searched
        zero = (number(b.savings_zero) if b.savings_zero is not None else
                f"none in range ({OPTION_WORDS[b.favours_throughout]} throughout)")
        half = (number(b.p_asic_cheaper_50) if b.p_asic_cheaper_50 is not None
                else "none in range")
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
                   f" {usd(w.expected_savings_usd)} | {OPTION_WORDS[w.option]} |")
    kept = summary.analysis.robustness.kept_as_fitted
    if kept:
        out += ["", f"Inputs updated by evidence keep their posterior when the priors are"
                    f" widened: {', '.join(f'`{p}`' for p in kept)}."]
    importance = list(summary.analysis.sensitivity.importance_pawn.items())[:5]
    out += ["", "Global importance (PAWN index from the existing draws, 0 = no influence on the"
                " distribution of savings): " + ", ".join(f"`{p}` {v:.2f}" for p, v in importance)
            + ".", ""]
    for name in ANALYSIS_FIGURES:
        out += [f"![{name}](figures/{name}.png)", "", ANALYSIS_CAPTIONS[name], ""]
    return out


def _median_interval(stats: dict[str, float]) -> str:
    return f"{number(stats.p50)} ({number(stats.p05)} – {number(stats.p95)})"


def _discounting(scenario: Scenario) -> str:
    rate = scenario.inputs["finance.discount_rate"]
    if rate.uncertain:
        return f"costs discounted at an uncertain rate (median {percent(rate.quantiles()[1])})"
    if rate.value == 0:
        return "costs not discounted"
    return f"costs discounted at {percent(rate.value)} a year"


def render_report(summary: Summary, scenario: Scenario, figures: list[str]) -> str:
    """The whole report as Markdown.

    Parameters
    ----------
    summary : dict
        The ``summary.json`` document.
    scenario : Scenario
        For the description and the table of inputs.
    figures : list of str
        Figure names written under ``figures/`` (keys of ``decision.report.figures.costs.FIGURES``).
    """
    out = [f"# {scenario.name}: GPU fleet or inference ASIC?", ""]
    if scenario.description:
        out += [scenario.description, ""]
    out += [
        f"Priors `{summary.decision.priors_file}` · {summary.decision.draws:,} draws · seed {summary.decision.seed}"
        f" · horizon {summary.decision.horizon_months} months · {_discounting(scenario)}.",
        "",
        "## Decision",
        "",
        f"**{decision_sentence(summary)}**",
        "",
        crossover_sentence(summary),
        "",
        "The recommendation is the option with the lower expected cost; the probability says how"
        " often the other option would have been cheaper.",
        "",
    ]
    out += _mind_section(summary)
    if summary.fit is not None:
        out += _evidence_section(summary, scenario)
    if summary.claims:
        out += report_section(summary.claims, figures)
    out += [
        "## Total cost over the horizon",
        "",
        "| option | mean | 5th pct | median | 95th pct |",
        "|---|---:|---:|---:|---:|",
    ]
    for option in OPTIONS:
        s = summary.decision.tco_usd[option]
        out.append(f"| {OPTION_WORDS[option]} | {usd(s.mean)} | {usd(s.p05)} |"
                   f" {usd(s.p50)} | {usd(s.p95)} |")
    s = summary.decision.savings_usd
    out += [f"| savings (GPU − ASIC) | {usd(s.mean)} | {usd(s.p05)} | {usd(s.p50)} |"
            f" {usd(s.p95)} |", "",
            "## The three columns (annualised TCO, USD/year)", "",
            "| column | mean | 5th pct | 95th pct |", "|---|---:|---:|---:|"]
    for name, words in _COLUMN_WORDS.items():
        c = summary.decision.columns_usd_per_year[name]
        out.append(f"| {words} | {usd(c.mean)} | {usd(c.p05)} | {usd(c.p95)} |")
    out += ["", "## Cost lines (mean total over the horizon)", "",
            "| line | " + " | ".join(OPTION_WORDS[o] for o in OPTIONS) + " |",
            "|---|" + "---:|" * len(OPTIONS)]
    for line in LINES:
        values = " | ".join(usd(summary.decision.lines_usd[o][line]) for o in OPTIONS)
        out.append(f"| {line.replace('_', '-')} | {values} |")
    out += ["", "## Figures", ""]
    for name in figures:
        if name in CAPTIONS:
            out += [f"![{name}](figures/{name}.png)", "", CAPTIONS[name], ""]
    out += ["## Inputs as used", "",
            "| input | median | 90% interval | from | source |", "|---|---:|---|---|---|"]
    posterior = summary.fit.posterior if summary.fit is not None else {}
    for path, value in scenario.inputs.items():
        p05, p50, p95 = value.quantiles()
        origin = value.origin
        if path in posterior:
            stats = posterior[path]
            p05, p50, p95 = stats.p05, stats.p50, stats.p95
            origin = f"{origin}, updated by {scenario.evidence[path].origin}"
        interval = f"{number(p05)} – {number(p95)}" if p05 != p95 else "fixed"
        source = (value.source or "").replace("|", "/")
        out.append(f"| `{path}` | {number(p50)} | {interval} | {origin} | {source} |")
    return "\n".join(out) + "\n"
