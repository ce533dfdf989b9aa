"""The "Costs" section of ``report.md``: one table of every option's totals, cost lines,
levelised cost and annualised columns, and the cost figures."""

from __future__ import annotations

from decision.model.tco import LINES
from decision.report.formatting import OPTION_SHORT, for_pair, option_words, usd
from decision.report.options_text import many_options
from decision.report.schema import Summary

#: The cost figures the report shows, in order; the others stay in ``figures/``.
SHOWN = ("cumulative_cost", "savings", "crossover_histogram", "p_cheapest", "option_costs")


def costs_section(summary: Summary, discounting: str, figures: list[str]) -> list[str]:
    """The section's Markdown lines.

    Parameters
    ----------
    summary : Summary
        The answer of the run.
    discounting : str
        How the costs are discounted, in words ("discounted at 8.0% a year").
    figures : list of str
        Figure names written under ``figures/``.
    """
    d = summary.decision
    say = option_words(d)
    names = list(d.tco_usd)
    paired = not many_options(summary)
    base, other = d.options.incumbent, d.options.contender
    difference = f"difference ({OPTION_SHORT[base]} − {OPTION_SHORT[other]})"
    headers = [say[o] for o in names] + ([difference] if paired else [])

    def row(label: str, cells: list[str]) -> str:
        return f"| {label} | " + " | ".join(cells) + " |"

    def money(values: dict[str, float | None], gap: bool = True) -> list[str]:
        cells = [usd(values[o]) if values.get(o) is not None else "" for o in names]
        if paired:
            both = values.get(base) is not None and values.get(other) is not None
            cells.append(usd(values[base] - values[other]) if gap and both else "")
        return cells

    totals = {o: d.tco_usd[o].mean for o in names}
    columns = d.columns_usd_per_year
    out = ["## Costs", "",
           f"Expected (mean) cost of each option over {d.horizon_months} months, {discounting};"
           " a 90% interval holds nine draws in ten. The cost lines add up to the total; the"
           " levelised cost is the total over the requests served (both discounted alike); a"
           " year is the horizon's total × 12 / horizon (annualised TCO).", "",
           row("", headers), "|---|" + "---:|" * len(headers),
           row(f"**total over {d.horizon_months} months**",
               [f"**{c}**" for c in money(totals)])]
    if paired:  # several options have theirs in the "Every option" table
        spreads = [*(d.tco_usd[o] for o in names), d.savings_usd]
        out.append(row("90% interval", [f"{usd(s.p05)} – {usd(s.p95)}" for s in spreads]))
    rented = any(d.options.results[o].kind == "rented" for o in names)
    out += [row(_line_words(line, rented), money({o: d.lines_usd[o][line] for o in names}))
            for line in LINES]
    out += [row("per million requests (levelised)",
                money({o: d.usd_per_million_requests[o].mean for o in names})),
            row("a year at today's volume (no growth)",
                money({base: columns[f"{base}_today"].mean}, gap=False)),
            row("a year at projected volume",
                money({o: columns[f"{o}_projected"].mean for o in names})), ""]
    return out + cost_figures(figures, (base, other), many=not paired)


def _line_words(line: str, rented: bool) -> str:
    """A cost line as the table names it; a rented option's rent, support and egress are its
    hardware line (``docs/model.md``)."""
    if line == "hardware" and rented:
        return "hardware, or rent"
    return line.replace("_", "-")


def cost_figures(figures: list[str], pair: tuple[str, str], many: bool) -> list[str]:
    """The cost figures a run drew that the report shows, each with its caption (those of
    :mod:`decision.report.figures.options` when the run has ``many`` options)."""
    from decision.report.figures.costs import CAPTIONS
    from decision.report.figures.options import CAPTIONS as OPTION_CAPTIONS

    captions = CAPTIONS | OPTION_CAPTIONS if many else CAPTIONS
    return [line for name in SHOWN if name in figures
            for line in figure_lines(name, for_pair(captions[name], *pair))]


def figure_lines(name: str, caption: str) -> list[str]:
    """A figure and its caption in one paragraph: the image, then the caption under it."""
    return [f"![{name}](figures/{name}.png)", f"*{caption}*", ""]

