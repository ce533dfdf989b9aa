"""The technical appendix of ``report.md``: the tables behind "What would change our mind"."""

from __future__ import annotations

from collections.abc import Callable

from decision.report.formatting import input_label, input_value, option_words, percent, usd
from decision.report.schema import Summary


def appendix_section(summary: Summary) -> list[str]:
    """Value of information, break-even values and the global importance ranking."""
    say = option_words(summary.decision)
    voi = summary.analysis.voi
    out = ["## Appendix: the analysis in numbers", "",
           "### Value of information", "",
           f"What knowing an input exactly before deciding would be worth: the expected value of"
           f" perfect information about everything (EVPI) is **{usd(voi.evpi_usd)}**; about one"
           f" input or group (EVPPI), by {voi.method}. ± is one standard error, of the regression"
           " and of the finite draws together; R² is the share of the stakes the input explains.",
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
    out += ["", "Global importance (the PAWN index: how far the distribution of savings moves"
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
