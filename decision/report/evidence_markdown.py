"""The "What the evidence changed" section of ``report.md``."""

from __future__ import annotations

from decision.report.costs_markdown import figure_lines
from decision.report.figures.evidence import CAPTIONS, EVIDENCE_FIGURES
from decision.report.formatting import (
    OPTION_SHORT,
    input_label,
    input_value,
    median_interval,
    option_words,
    percent,
    usd,
)
from decision.report.schema import PosteriorStats, PriorStats, Summary
from decision.scenario.priors_file import Scenario


def evidence_sentence(summary: Summary) -> str:
    """How the evidence moved the decision, in one sentence."""
    before = summary.fit.evidence.prior_decision
    was, now = before.recommendation.option, summary.decision.recommendation.option
    say = option_words(summary.decision)
    moved = (f"the recommendation stays: {say[now]}" if was == now else
             f"the recommendation flips from {say[was]} to {say[now]}")
    other = OPTION_SHORT[summary.decision.options.contender]
    return (
        f"The evidence moved P({other} cheaper) from {percent(before.p_asic_cheaper)} under the"
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
                f" {d.min_ess_bulk:,.0f}, no divergent transitions. (R-hat compares the chains:"
                " near 1 they agree; the effective sample size, ESS, is how many independent"
                " draws the correlated ones are worth.)")
    return (f"**Warning: {how} did not converge ({'; '.join(d.problems)}).** Treat the"
            " posterior, and the decision built on it, with caution: raise sampling.nuts.tune"
            " and sampling.nuts.draws, or check the evidence for mistakes.")


def evidence_section(summary: Summary, scenario: Scenario) -> list[str]:
    """The "What the evidence changed" section of ``report.md``."""
    out = ["## What the evidence changed", "", f"**{evidence_sentence(summary)}**", "",
           convergence_sentence(summary), "",
           "| input | evidence | prior median (90%) | posterior median (90%) |",
           "|---|---|---|---|"]
    for path, entry in summary.fit.evidence.inputs.items():
        out.append(f"| {input_label(path)} | {scenario.evidence[path].describe()} |"
                   f" {_in_unit(path, entry.prior)} |"
                   f" {_in_unit(path, summary.fit.posterior[path])} |")
    out.append("")
    for name in EVIDENCE_FIGURES:
        out += figure_lines(name, CAPTIONS[name])
    return out


def diagnostics_tables(summary: Summary, scenario: Scenario) -> list[str]:
    """The appendix's NUTS diagnostics: each evidenced input's posterior mean with its Monte
    Carlo error, R-hat and ESS, and the evidence model's parameters."""
    out = ["## NUTS diagnostics", "",
           "| input | posterior mean ± MC error | R-hat | bulk ESS |", "|---|---:|---:|---:|"]
    for path in summary.fit.evidence.inputs:
        post = summary.fit.posterior[path]
        out.append(f"| `{path}` | {post.mean:.4g} ± {post.mcse_mean:.2g} |"
                   f" {post.r_hat:.3f} | {post.ess_bulk:,.0f} |")
    parameters = [(path, name, stats) for path, entry in summary.fit.evidence.inputs.items()
                  for name, stats in (entry.parameters or {}).items()]
    if parameters:
        out += ["", "Parameters of the evidence model (posterior):", "",
                "| input | parameter | median (90%) | R-hat | bulk ESS |",
                "|---|---|---|---:|---:|"]
        for path, name, stats in parameters:
            out.append(f"| `{path}` | {name} | {median_interval(stats)} | {stats.r_hat:.3f}"
                       f" | {stats.ess_bulk:,.0f} |")
    return [*out, ""]


def _in_unit(path: str, stats: PosteriorStats | PriorStats) -> str:
    """``median (p05 – p95)`` of input ``path`` in its unit: ``42.7% (39% – 46.4%)``."""
    return (f"{input_value(path, stats.p50)} ({input_value(path, stats.p05)} –"
            f" {input_value(path, stats.p95)})")
