"""What ``decide`` prints: the answer of a run, a claims audit, a sweep and a priors file
checked, as text for the terminal; and progress while it works."""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

import click
import numpy as np
import xarray as xr

from decision.report.formatting import (
    OPTION_SHORT,
    input_label,
    input_name,
    input_value,
    metric_value,
    month,
    number,
    option_words,
    percent,
    usd,
)
from decision.report.options_text import many_options, options_terminal
from decision.report.schema import ClaimEntry, Diagnostics, Summary
from decision.report.studies_markdown import learning_lines
from decision.scenario.priors_file import Scenario


def run_text(summary: Summary, folder: Path, description: str) -> str:
    """The answer of ``decide run``: decision, savings, crossover, columns, evidence, files."""
    d = summary.decision
    s, c = d.savings_usd, d.crossover_month
    se = d.mc_standard_error.p_asic_cheaper
    say = option_words(d)
    base, other = OPTION_SHORT[d.options.incumbent], OPTION_SHORT[d.options.contender]
    chosen = d.recommendation.option
    why = (f"the {other} is cheaper in {percent(d.p_asic_cheaper)} of draws"
           f" (±{percent(2 * se, 2)})") if not many_options(summary) else (
        f"cheapest of {len(d.options.results)} options in"
        f" {percent(d.options.p_cheapest[chosen])} of draws; {other} beats {base} in"
        f" {percent(d.p_asic_cheaper)} (±{percent(2 * se, 2)})")
    lines = [
        f"{d.scenario}: {description}" if description else d.scenario,
        f"{d.draws:,} draws · seed {d.seed} · horizon {d.horizon_months} months",
        "",
        click.style(f"Decision: {say[chosen]}", bold=True) + f" — {why}",
        f"Savings ({base} − {other}): mean {usd(s.mean)}, 90% interval {usd(s.p05)} to"
        f" {usd(s.p95)}",
        f"Crossover: median {month(c.p50)} (90%: {month(c.p05)} to {month(c.p95)});"
        f" never in {percent(c.never)} of draws",
        "Annualised TCO (mean, 90% interval):",
    ]
    width = max(15, *(len(OPTION_SHORT[k.rpartition("_")[0]]) + 11
                      for k in d.columns_usd_per_year))
    for key, col in d.columns_usd_per_year.items():
        option, _, when = key.rpartition("_")
        name = f"{OPTION_SHORT[option]} {when}"
        lines.append(f"  {name:<{width}} {usd(col.mean):>8}/yr  ({usd(col.p05)} –"
                     f" {usd(col.p95)})")
    if many_options(summary):
        lines += ["", *options_terminal(summary)]
    if summary.physics is not None:
        lines += ["", f"Roofline of {summary.physics.model} ({summary.physics.precision}),"
                      " median per chip:"]
        for fleet, option in summary.physics.options.items():
            cost = d.usd_per_million_requests[fleet]
            at = ("" if option.precision == summary.physics.precision
                  else f" at {option.precision}")
            name = option.platform + at
            lines.append(f"  {name:<15} {number(option.requests_per_s_per_chip.p50)}"
                         f" requests/s, batch {number(option.batch.p50)}, {option.bound};"
                         f" {say[fleet]}: {usd(cost.p50)} per million requests")
    if summary.fit is not None:
        evidence = summary.fit.evidence
        lines += ["", f"Evidence on {len(summary.fit.posterior)} inputs: P({other} cheaper)"
                      f" {percent(evidence.prior_decision.p_asic_cheaper)} under the priors"
                      f" alone → {percent(d.p_asic_cheaper)} with evidence;"
                      f" {convergence_line(evidence.diagnostics)}"]
    learn = learning_lines(summary)
    if learn:
        lines += ["", *learn]
    files = "summary.json, report.md, appendix.md, report.html, figures/, draws.nc" + (
        ", posterior.nc" if summary.fit is not None else "") + (
        ", claims.md" if summary.claims else "")
    lines += ["", f"Wrote {folder}/ ({files})"]
    return "\n".join(lines)


def stress_text(scenario: str, entries: list[ClaimEntry],
                files: list[Path]) -> str:
    """The claims audit of ``decide stress``: a table row per claim and the files written."""
    from decision.report.claims_markdown import claimed_text

    first = entries[0]
    versus = first.versus is not None
    lines = [f"{scenario}: {len(entries)} claims tested on {first.draws:,} draws of the"
             + (f" team's beliefs, each claim on the option it names against {first.versus[0]}"
                if versus else
                f" team's beliefs; the ASIC is cheaper in {percent(first.p_prior)} of them")]
    inputs = [e for e in entries if e.kind == "input"]
    outputs = [e for e in entries if e.kind == "output"]
    if inputs:
        rows = []
        for e in inputs:
            base, other = ((OPTION_SHORT[o] for o in e.versus) if e.versus else ("GPU", "ASIC"))
            margin = "—" if e.margin is None else f"{e.margin:.3g}x"
            if e.margin is None:
                verdict = (f"{other} cheaper even if 50x inflated"
                           if e.favours_throughout == (e.versus or ["gpu", "asic"])[1]
                           else f"{base} cheaper even if 50x more favourable")
            elif e.haircut_to_flip is not None:
                verdict = f"flips to {base} at a haircut of {percent(e.haircut_to_flip, 0)}"
            else:
                verdict = f"{base} cheaper even if true; needs {1 / e.margin:.3g}x better"
            if versus:
                verdict = f"{other}: P {percent(e.p_prior)} now; {verdict}"
            rows.append((e.id, percent(e.p_claim_true), margin, verdict))
        lines += ["", table(["claim about inputs", ">P if true", ">margin", "verdict"], rows)]
    if outputs:
        rows = [(e.id, claimed_text(e.claimed, e.unit), metric_value(e.replayed.p50, e.unit),
                 "—" if e.replay_ratio is None else f"{e.replay_ratio:.3g}x",
                 "yes" if e.consistent else "NO") for e in outputs]
        lines += ["", table(["claim about outputs", ">claimed", ">its inputs give", ">factor",
                             "agrees"], rows)]
    lines += ["", "Wrote " + ", ".join(str(f) for f in files)]
    return "\n".join(lines)


def sweep_text(grid: xr.Dataset, files: list[Path]) -> str:
    """The crossover map of ``decide sweep``: range of P, the 50% frontier, break-even."""
    x = grid["x"]
    axes = [grid[name] for name in ("x", "y") if name in grid.dims]
    described = " × ".join(
        f"{input_label(a.attrs['input'])} ({a.attrs['input']}:"
        f" {input_value(a.attrs['input'], float(a.min()))} –"
        f" {input_value(a.attrs['input'], float(a.max()))}, {a.attrs['scale']}, {a.size} points)"
        for a in axes)
    p = grid["p_asic_cheaper"]
    other = OPTION_SHORT[grid.attrs.get("contender", "asic")]
    base = OPTION_SHORT[grid.attrs.get("incumbent", "gpu")]
    lines = [f"{grid.attrs['scenario']}: sweep of {described}",
             f"{grid.attrs['draws']:,} draws of every other input, shared by every cell · seed"
             f" {grid.attrs['seed']}",
             f"P({other} cheaper) over the grid: {percent(float(p.min()))} to"
             f" {percent(float(p.max()))}"]
    crossing = grid["crossing"]
    if "y" in grid.dims:
        y = grid["y"]
        across, down = x.attrs["input"], y.attrs["input"]
        lines.append(f"50% frontier (the {input_name(across)} where P({other} cheaper)"
                     " crosses 50%):")
        for i in np.unique(np.linspace(0, y.size - 1, 5).round().astype(int)):
            value = float(crossing.sel(level=0.5).values[i])
            at = input_value(across, value) if np.isfinite(value) else "no crossing in range"
            lines.append(f"  {input_name(down)} = {input_value(down, float(y[i])):<10} → {at}")
    else:
        lines.append(f"P({other} cheaper) crosses " + ", ".join(
            f"{percent(level, 0)} at"
            f" {input_value(x.attrs['input'], v) if np.isfinite(v) else 'no value in range'}"
            for level, v in zip(crossing["level"].values, crossing.values, strict=True)))
    b = grid["break_even"].attrs
    shown = partial(input_value, b["input"])
    median = (f"median {shown(b['p50'])} (90%: {shown(b['p05'])} – {shown(b['p95'])})"
              if b["share_in_range"] > 0 else "none in range")
    if "winner" in grid:
        names = grid["winner"].attrs["flag_meanings"].split()
        shares = np.bincount(grid["winner"].values.ravel(), minlength=len(names))
        shares = shares / shares.sum()
        lines.append("Lowest expected cost by cell: " + ", ".join(
            f"{names[i]} in {percent(shares[i], 0)}" for i in np.argsort(-shares)
            if shares[i] > 0) + f"; P(best) {percent(float(grid['p_best'].min()), 0)} to"
            f" {percent(float(grid['p_best'].max()), 0)} (figures/sweep_winner.png)")
    lines += [f"Break-even {input_name(b['input'])} per draw: {median}; flips in range in"
              f" {percent(b['share_in_range'])} of draws, {other} cheaper throughout in"
              f" {percent(b['share_asic_throughout'])}, {base} cheaper throughout in"
              f" {percent(b['share_gpu_throughout'])}",
              "", "Wrote " + ", ".join(str(f) for f in files)]
    return "\n".join(lines)



def validation_text(priors_file: Path, scenario: Scenario) -> str:
    """``decide validate``: every input with its median, 90% interval and origin."""
    lines = [f"{priors_file}: ok — scenario '{scenario.name}', horizon"
             f" {scenario.horizon_months} months, {scenario.draws:,} draws, seed {scenario.seed},"
             f" {len(scenario.uncertain)} uncertain inputs"]
    rows = []
    for path, value in scenario.inputs.items():
        p05, p50, p95 = value.quantiles()
        interval = f"{number(p05)} – {number(p95)}" if value.uncertain else "fixed"
        kind = f" ({value.prior.dist})" if value.prior else ""
        shown = value.spec.options[int(p50)] if value.spec.options else number(p50)
        rows.append((path, shown, interval, f"{value.origin}{kind}"))
    lines.append(table(["input", ">median", "90% interval", "origin"], rows))
    for c in scenario.correlations:
        lines.append(f"rank correlation {c.rank:+.2f} between {c.first} and {c.second}")
    for path, evidence in scenario.evidence.items():
        lines.append(f"evidence for {path}: {evidence.describe()} ({evidence.origin})")
    for claim in scenario.claims:
        about = ", ".join(claim.inputs) if claim.kind == "input" else claim.metric
        lines.append(f"claim {claim.id} about {about} ({claim.origin})")
    return "\n".join(lines)


def table(headers: list[str], rows: list[tuple[str, ...]]) -> str:
    """Aligned columns under a bold header, as plain text (``rich``); a header starting with
    ``>`` is right-aligned."""
    from rich.console import Console
    from rich.table import Table

    grid = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    for header in headers:
        right = header.startswith(">")
        grid.add_column(header.removeprefix(">"), justify="right" if right else "left",
                        no_wrap=True)
    for row in rows:
        grid.add_row(*row)
    console = Console(file=io.StringIO(), width=400, color_system=None, highlight=False)
    console.print(grid)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines())


def convergence_warning(diagnostics: Diagnostics,
                        consequence: str = "the posterior and the decision are unreliable",
                        fix: str = "raise sampling.nuts.tune/draws or check the evidence") -> str:
    """The warning printed when NUTS chains did not converge: what it makes unreliable, and
    what to do."""
    return (f"warning: the NUTS chains did not converge ({'; '.join(diagnostics.problems)});"
            f" {consequence} — {fix}")


def convergence_line(diagnostics: Diagnostics) -> str:
    """NUTS in a few words: converged or not, with the numbers that say so."""
    state = "converged" if diagnostics.converged else "NOT converged"
    return (f"NUTS {state} (R-hat ≤ {diagnostics.max_r_hat:.3f}, ESS ≥"
            f" {diagnostics.min_ess_bulk:,.0f}, {diagnostics.divergences} divergences)")
