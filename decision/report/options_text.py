"""Every option of a run in words: the table of the report and of the terminal, and the
decision sentence when a file compares more than two options."""

from __future__ import annotations

from decision.report.formatting import month, number, option_words, percent, usd
from decision.report.schema import Summary


def many_options(summary: Summary) -> bool:
    """Whether the run compares more than two options."""
    return len(summary.decision.options.results) > 2


def options_decision_sentence(summary: Summary) -> str:
    """The decision among several options with how likely it is to be the cheapest."""
    say = option_words(summary.decision)
    d = summary.decision
    chosen = d.recommendation.option
    result = d.options.results[chosen]
    base = d.options.incumbent
    verb = say[chosen]
    sentence = (f"{verb[0].upper()}{verb[1:]}: over {d.horizon_months} months it has the lowest"
                f" expected cost of {len(d.options.results)} options"
                f" ({usd(result.tco_usd.mean)}) and is the cheapest in"
                f" {percent(result.p_cheapest)} of draws")
    if chosen == base:
        return sentence + "; no other option saves against it in expectation."
    savings = result.savings_vs_incumbent_usd
    return (sentence + f"; against staying on {base} it is cheaper in"
            f" {percent(result.p_cheaper_than_incumbent)} of draws, saving"
            f" {usd(savings.mean)} in expectation (90% interval {usd(savings.p05)} to"
            f" {usd(savings.p95)}).")


def options_markdown(summary: Summary) -> list[str]:
    """The report's "Every option" section: one row per option, cheapest expected first."""
    d = summary.decision
    out = ["## Every option", "",
           f"All options on the same {d.draws:,} draws, cheapest expected first; expected loss"
           " is what choosing the option costs on average against the cheapest of each draw.",
           "",
           "| option | kind | P(cheapest) | expected total | 90% interval | expected loss |"
           f" P(cheaper than {d.options.incumbent}) | median crossover |",
           "|---|---|---:|---:|---|---:|---:|---|"]
    for name, r in _by_cost(summary):
        kind = (r.kind + (", incumbent" if name == d.options.incumbent else "")
                + (f", the rest on {r.fallback}" if r.fallback else ""))
        versus = ("—" if r.p_cheaper_than_incumbent is None
                  else percent(r.p_cheaper_than_incumbent))
        crossing = "—" if r.crossover_month is None else _crossover(r.crossover_month)
        out.append(f"| {name} | {kind} | {percent(r.p_cheapest)} | {usd(r.tco_usd.mean)} |"
                   f" {usd(r.tco_usd.p05)} – {usd(r.tco_usd.p95)} |"
                   f" {usd(r.expected_loss_usd)} | {versus} | {crossing} |")
    return [*out, ""]


def options_terminal(summary: Summary) -> list[str]:
    """The terminal's lines on every option, cheapest expected first."""
    d = summary.decision
    width = max(len(name) for name in d.options.results) + 2
    lines = ["Options (P cheapest · expected total · expected loss):"]
    for name, r in _by_cost(summary):
        tag = (" (incumbent)" if name == d.options.incumbent else
               f" (the rest on {r.fallback})" if r.fallback else "")
        lines.append(f"  {name:<{width}} {percent(r.p_cheapest):>6}  {usd(r.tco_usd.mean):>8}"
                     f"  {usd(r.expected_loss_usd):>8}  {r.kind}{tag}")
    return lines


def _by_cost(summary: Summary):
    results = summary.decision.options.results
    return sorted(results.items(), key=lambda item: item[1].tco_usd.mean)


def _crossover(c) -> str:
    if c.p50 is None:
        return f"never in {percent(c.never)}"
    return month(c.p50)


def against_incumbent_markdown(summary: Summary) -> list[str]:
    """The report's section on each likely option (other than the contender) against the
    incumbent: the inputs that move its savings most, and where they flip the comparison."""
    found = summary.analysis.against_incumbent
    if not found:
        return []
    base = summary.decision.options.incumbent
    out = [f"## Other likely options against {base}", "",
           f"Each option the cheapest in at least 5% of draws, beside {base} and"
           f" {summary.decision.options.contender} (the report's pair), on the same"
           f" {summary.analysis.sensitivity.draws:,} draws: expected savings against {base}, the"
           " inputs that move them most (5th → 95th percentile) and the values at which the"
           " comparison flips.", ""]
    for name, a in found.items():
        bars = "; ".join(f"`{t.input}` {usd(t.savings_at_low_usd)} → {usd(t.savings_at_high_usd)}"
                         for t in a.tornado[:3])
        out.append(f"- **{name}** (cheapest in {percent(a.p_cheapest)}): expected savings"
                   f" {usd(a.expected_savings_usd)}; {bars}.")
        for b in a.break_even:
            zero = ("" if b.savings_zero is None
                    else f"expected savings are 0 at {number(b.savings_zero)}")
            half = ("" if b.p_asic_cheaper_50 is None
                    else f"P({name} cheaper) is 50% at {number(b.p_asic_cheaper_50)}")
            out.append(f"  - `{b.input}` (median now {number(b.median)}): "
                       + ", ".join(w for w in (zero, half) if w) + ".")
    return [*out, ""]
