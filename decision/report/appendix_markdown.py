"""``appendix.md``: the analysis behind ``report.md`` in numbers, for whoever checks it."""

from __future__ import annotations

from collections.abc import Callable

from decision.report.evidence_markdown import diagnostics_tables
from decision.report.formatting import (
    for_pair,
    in_unit,
    input_label,
    input_value,
    option_words,
    percent,
    usd,
)
from decision.report.mind_markdown import model_risk_table, widening_table
from decision.report.options_text import against_incumbent_markdown
from decision.report.physics_markdown import check_first
from decision.report.schema import Summary
from decision.report.studies_markdown import study_sizes_table
from decision.scenario.inputs import InputValue
from decision.scenario.priors_file import Scenario


def appendix_contents(summary: Summary) -> list[str]:
    """What ``appendix.md`` holds for this run, in words, for the report's last line."""
    return [text for text, present in (
        ("the value of information of every input and group", True),
        ("break-even values", True),
        ("sensitivity indices", True),
        ("the priors widened", True),
        ("the model's structural choices", bool(summary.analysis.model_risk)),
        ("the other likely options against the incumbent",
         bool(summary.analysis.against_incumbent)),
        ("every study size", bool(summary.studies)),
        ("the NUTS diagnostics", summary.fit is not None),
        ("what to check in the roofline", summary.physics is not None),
        ("the figures of P(cheaper) by month and of the cost lines", True),
        ("every input as used, with its source", True)) if present]


#: Figures of a run that the report leaves to the appendix.
MORE_FIGURES = ("p_asic_cheaper", "cost_lines")


def render_appendix(summary: Summary, scenario: Scenario, figures: list[str]) -> str:
    """``appendix.md`` as Markdown.

    Parameters
    ----------
    summary : Summary
        The answer of the run.
    scenario : Scenario
        For the table of inputs as used.
    figures : list of str
        Figure names written under ``figures/``.
    """
    pair = (summary.decision.options.incumbent, summary.decision.options.contender)
    out = [f"# {scenario.name}: the analysis in numbers", "",
           "The tables behind `report.md`; `summary.json` holds every number.", ""]
    out += [for_pair(line, *pair) for line in _analysis_tables(summary)]
    out += [for_pair(line, *pair) for line in widening_table(summary)]
    out += [for_pair(line, *pair) for line in model_risk_table(summary)]
    out += against_incumbent_markdown(summary)
    out += study_sizes_table(summary)
    if summary.fit is not None:
        out += diagnostics_tables(summary, scenario)
    out += check_first(summary)
    out += [for_pair(line, *pair) for line in _more_figures(figures)]
    out += inputs_table(summary, scenario)
    return "\n".join(out) + "\n"


def _more_figures(figures: list[str]) -> list[str]:
    """The figures the report leaves out, each with its caption."""
    shown = [name for name in MORE_FIGURES if name in figures]
    if not shown:
        return []
    from decision.report.costs_markdown import figure_lines
    from decision.report.figures.costs import CAPTIONS

    return ["## More figures", "",
            *(line for name in shown for line in figure_lines(name, CAPTIONS[name]))]


def _analysis_tables(summary: Summary) -> list[str]:
    """Value of information, break-even values and the global importance ranking."""
    say = option_words(summary.decision)
    voi = summary.analysis.voi
    out = ["## Value of information", "",
           f"What knowing an input exactly before deciding would be worth: the expected value of"
           f" perfect information about everything (EVPI) is **{usd(voi.evpi_usd)}**; about one"
           f" input or group (EVPPI), by {voi.method}. ± is one standard error, of the regression"
           " and of the finite draws together; R² is the share of the stakes the input explains."
           " In plain words: each option's net benefit in every draw is predicted from the input"
           " alone by a flexible curve (a P-spline, a sum of smooth pieces, whose smoothness is"
           " chosen by generalised cross-validation, GCV: the fit that best predicts draws it"
           " left out); the EVPPI is what choosing the best option at each predicted value"
           " gains over choosing now.",
           "", "| input or group | EVPPI | ± | R² |", "|---|---:|---:|---:|"]
    resolved = {p: v for p, v in voi.evppi_usd.items()
                if v > 2 * voi.evppi_standard_error_usd[p]}
    for path, value in resolved.items():
        out.append(f"| {_named(path)} | {usd(value)} |"
                   f" {usd(voi.evppi_standard_error_usd[path])} |"
                   f" {voi.evppi_r_squared[path]:.3f} |")
    rest = [p for p in voi.evppi_usd if p not in resolved]
    if rest:
        largest = max(voi.evppi_usd[p] + 2 * voi.evppi_standard_error_usd[p] for p in rest)
        out.append(f"| {len(rest)} other inputs, each worth less than twice its standard"
                   f" error (`summary.json` has every one) | under {usd(largest)} | | |")
    for name, g in voi.groups.items():
        below = (f" (below its member `{g.best_member}`, {usd(g.best_member_usd)}: the"
                 " regression could not resolve the group; it is worth at least that)"
                 if g.below_best_member else "")
        out.append(f"| {name}: {', '.join(f'`{p}`' for p in g.inputs)}{below} |"
                   f" {usd(g.evppi_usd)} | {usd(g.standard_error_usd)} | |")
    out += ["", "## Break-even values", "",
            f"Each input set to one value, every other input still uncertain, searched over"
            f" its 1st–99th percentile: the cost model re-run on the first"
            f" {summary.analysis.sensitivity.draws:,} draws, expectations estimated over all"
            f" {summary.decision.draws:,} by regression on each draw's savings and the input's"
            " value (control variates).", "",
            "| input | median now | searched | expected savings = 0 | P(ASIC cheaper) = 50% |",
            "|---|---:|---|---:|---:|"]
    for b in summary.analysis.break_even:
        lo, hi = b.searched

        def value(v: float, path: str = b.input) -> str:
            return input_value(path, v)

        zero = (value(b.savings_zero) + _jump_cell(b.savings_jump_usd, usd)
                if b.savings_zero is not None else
                f"none in range ({say[b.favours_throughout]} throughout)")
        half = (value(b.p_asic_cheaper_50) + _jump_cell(b.p_asic_cheaper_jump, percent)
                if b.p_asic_cheaper_50 is not None else "none in range")
        out.append(f"| {_named(b.input)} | {value(b.median)} | {value(lo)} – {value(hi)} |"
                   f" {zero} | {half} |")
    importance = list(summary.analysis.sensitivity.importance_pawn.items())[:5]
    out += ["", "## Sensitivity indices", "",
            "Global importance (the PAWN index: how far the distribution of savings moves"
                " when one input is confined to a tenth of its range; 0 = no influence, from"
                " the existing draws): " + ", ".join(f"`{p}` {v:.2f}" for p, v in importance)
            + ".", ""]
    return out


def _named(path: str) -> str:
    """An input in a table: its human name, then its path in the priors file."""
    return f"{input_label(path)} (`{path}`)"


def _jump_cell(jump: list[float] | None, show: Callable[[float], str]) -> str:
    """A flip that is a step, in a table cell: ``(a step: a → b)``."""
    return "" if jump is None else f" (a step: {show(jump[0])} → {show(jump[1])})"


def inputs_table(summary: Summary, scenario: Scenario) -> list[str]:
    """Every input the file sets, with its median, 90% interval (the posterior's for an
    evidenced input), where it was written and its source; the defaults in one line."""
    out = ["## Inputs as used", "",
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
        out.append(f"| {_named(path)} | {median} | {interval} | {origin} | {source} |")
    if defaults:
        out += ["", "Left at their defaults (`decide inputs` lists them): " + ", ".join(
            f"`{p}` {_default_value(scenario.inputs[p])}" for p in defaults) + "."]
    return [*out, ""]


def _default_value(value: InputValue) -> str:
    """A default input's value as the table would show it."""
    return (value.spec.options[int(value.value)] if value.spec.options
            else in_unit(value.value, value.spec.unit))
