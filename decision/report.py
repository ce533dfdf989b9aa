"""``report.md``: the human answer, written from the summary and the scenario."""

from __future__ import annotations

from typing import Any

from decision.formatting import month, number, percent, usd
from decision.plots import CAPTIONS, EVIDENCE_FIGURES
from decision.priors import Scenario
from decision.tco import LINES, OPTIONS

_OPTION_WORDS = {"gpu": "stay on GPUs", "asic": "build the ASIC program"}
_COLUMN_WORDS = {
    "gpu_today": "GPU today (no growth)",
    "gpu_projected": "GPU at projected volume",
    "asic_projected": "ASIC at projected volume",
}


def decision_sentence(summary: dict[str, Any]) -> str:
    """The decision in one sentence with its probability."""
    option = summary["recommendation"]["option"]
    p = summary["p_asic_cheaper"]
    savings = summary["savings_usd"]
    months = summary["horizon_months"]
    se = summary["mc_standard_error"]["p_asic_cheaper"]
    words = _OPTION_WORDS[option]
    return (
        f"{words[0].upper()}{words[1:]}: over {months} months the ASIC program is cheaper"
        f" in {percent(p)} of draws (±{percent(2 * se, 2)} Monte Carlo error), with expected"
        f" savings of {usd(savings['mean'])} (90% interval {usd(savings['p05'])} to"
        f" {usd(savings['p95'])})."
    )


def crossover_sentence(summary: dict[str, Any]) -> str:
    """When the ASIC pulls ahead for good, in words."""
    c = summary["crossover_month"]
    if c["never"] >= 1.0:
        return "The ASIC never pulls ahead for good within the horizon in any draw."
    if c["p50"] is None:
        never = (f"The ASIC never pulls ahead for good within the horizon in"
                 f" {percent(c['never'])} of draws")
        if c["p05"] is None:
            return never + "."
        return never + f"; in the most favourable 5% it does so by {month(c['p05'])}."
    return (
        f"When it does pull ahead for good, the median crossover is {month(c['p50'])}"
        f" (5th–95th percentile: {month(c['p05'])} to {month(c['p95'])}); it never crosses in"
        f" {percent(c['never'])} of draws."
    )


def evidence_sentence(summary: dict[str, Any]) -> str:
    """How the evidence moved the decision, in one sentence."""
    before = summary["evidence"]["prior_decision"]
    was, now = before["recommendation"]["option"], summary["recommendation"]["option"]
    moved = (f"the recommendation stays: {_OPTION_WORDS[now]}" if was == now else
             f"the recommendation flips from {_OPTION_WORDS[was]} to {_OPTION_WORDS[now]}")
    return (
        f"The evidence moved P(ASIC cheaper) from {percent(before['p_asic_cheaper'])} under the"
        f" priors alone to {percent(summary['p_asic_cheaper'])}, and expected savings from"
        f" {usd(before['savings_usd']['mean'])} to {usd(summary['savings_usd']['mean'])};"
        f" {moved}."
    )


def convergence_sentence(summary: dict[str, Any]) -> str:
    """Whether NUTS converged, with the numbers that say so."""
    sampler = summary["evidence"]["sampler"]
    d = summary["evidence"]["diagnostics"]
    how = (f"NUTS ({sampler['sampler']} sampler, {sampler['chains']} chains ×"
           f" {sampler['draws']:,} draws after {sampler['tune']:,} tuning steps)")
    if d["converged"]:
        return (f"{how} converged: largest R-hat {d['max_r_hat']:.3f}, smallest bulk ESS"
                f" {d['min_ess_bulk']:,.0f}, no divergent transitions.")
    return (f"**Warning: {how} did not converge ({'; '.join(d['problems'])}).** Treat the"
            " posterior, and the decision built on it, with caution: raise sampling.nuts.tune"
            " and sampling.nuts.draws, or check the evidence for mistakes.")


def _evidence_section(summary: dict[str, Any], scenario: Scenario) -> list[str]:
    out = ["## What the evidence changed", "", f"**{evidence_sentence(summary)}**", "",
           convergence_sentence(summary), "",
           "| input | evidence | prior median (90%) | posterior median (90%) | R-hat | bulk ESS |",
           "|---|---|---|---|---:|---:|"]
    for path, entry in summary["evidence"]["inputs"].items():
        prior, post = entry["prior"], summary["posterior"][path]
        out.append(f"| `{path}` | {scenario.evidence[path].describe()} |"
                   f" {_median_interval(prior)} | {_median_interval(post)} |"
                   f" {post['r_hat']:.3f} | {post['ess_bulk']:,.0f} |")
    parameters = [(path, name, stats) for path, entry in summary["evidence"]["inputs"].items()
                  for name, stats in entry.get("parameters", {}).items()]
    if parameters:
        out += ["", "Parameters of the evidence model (posterior):", "",
                "| input | parameter | median (90%) | R-hat | bulk ESS |",
                "|---|---|---|---:|---:|"]
        for path, name, stats in parameters:
            out.append(f"| `{path}` | {name} | {_median_interval(stats)} | {stats['r_hat']:.3f}"
                       f" | {stats['ess_bulk']:,.0f} |")
    out.append("")
    for name in EVIDENCE_FIGURES:
        out += [f"![{name}](figures/{name}.png)", "", CAPTIONS[name], ""]
    return out


def _median_interval(stats: dict[str, float]) -> str:
    return f"{number(stats['p50'])} ({number(stats['p05'])} – {number(stats['p95'])})"


def _discounting(scenario: Scenario) -> str:
    rate = scenario.inputs["finance.discount_rate"]
    if rate.uncertain:
        return f"costs discounted at an uncertain rate (median {percent(rate.quantiles()[1])})"
    if rate.value == 0:
        return "costs not discounted"
    return f"costs discounted at {percent(rate.value)} a year"


def render_report(summary: dict[str, Any], scenario: Scenario, figures: list[str]) -> str:
    """The whole report as Markdown.

    Parameters
    ----------
    summary : dict
        The ``summary.json`` document.
    scenario : Scenario
        For the description and the table of inputs.
    figures : list of str
        Figure names written under ``figures/`` (keys of ``decision.plots.FIGURES``).
    """
    out = [f"# {scenario.name}: GPU fleet or inference ASIC?", ""]
    if scenario.description:
        out += [scenario.description, ""]
    out += [
        f"Priors `{summary['priors_file']}` · {summary['draws']:,} draws · seed {summary['seed']}"
        f" · horizon {summary['horizon_months']} months · {_discounting(scenario)}.",
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
    if "evidence" in summary:
        out += _evidence_section(summary, scenario)
    out += [
        "## Total cost over the horizon",
        "",
        "| option | mean | 5th pct | median | 95th pct |",
        "|---|---:|---:|---:|---:|",
    ]
    for option in OPTIONS:
        s = summary["tco_usd"][option]
        out.append(f"| {_OPTION_WORDS[option]} | {usd(s['mean'])} | {usd(s['p05'])} |"
                   f" {usd(s['p50'])} | {usd(s['p95'])} |")
    s = summary["savings_usd"]
    out += [f"| savings (GPU − ASIC) | {usd(s['mean'])} | {usd(s['p05'])} | {usd(s['p50'])} |"
            f" {usd(s['p95'])} |", "",
            "## The three columns (annualised TCO, USD/year)", "",
            "| column | mean | 5th pct | 95th pct |", "|---|---:|---:|---:|"]
    for name, words in _COLUMN_WORDS.items():
        c = summary["columns_usd_per_year"][name]
        out.append(f"| {words} | {usd(c['mean'])} | {usd(c['p05'])} | {usd(c['p95'])} |")
    out += ["", "## Cost lines (mean total over the horizon)", "",
            "| line | " + " | ".join(_OPTION_WORDS[o] for o in OPTIONS) + " |",
            "|---|" + "---:|" * len(OPTIONS)]
    for line in LINES:
        values = " | ".join(usd(summary["lines_usd"][o][line]) for o in OPTIONS)
        out.append(f"| {line.replace('_', '-')} | {values} |")
    out += ["", "## Figures", ""]
    for name in figures:
        if name not in EVIDENCE_FIGURES:
            out += [f"![{name}](figures/{name}.png)", "", CAPTIONS[name], ""]
    out += ["## Inputs as used", "",
            "| input | median | 90% interval | from | source |", "|---|---:|---|---|---|"]
    posterior = summary.get("posterior", {})
    for path, value in scenario.inputs.items():
        p05, p50, p95 = value.quantiles()
        origin = value.origin
        if path in posterior:
            p05, p50, p95 = (posterior[path][k] for k in ("p05", "p50", "p95"))
            origin = f"{origin}, updated by {scenario.evidence[path].origin}"
        interval = f"{number(p05)} – {number(p95)}" if p05 != p95 else "fixed"
        source = (value.source or "").replace("|", "/")
        out.append(f"| `{path}` | {number(p50)} | {interval} | {origin} | {source} |")
    return "\n".join(out) + "\n"
