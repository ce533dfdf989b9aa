"""``claims.md`` and the claims section of ``report.md``, in plain words, from the ``claims``
list of the summary."""

from __future__ import annotations

from decision.claims.metrics import FLEET_SIZES, METRICS
from decision.report.costs_markdown import figure_lines
from decision.report.figures.claims import CAPTIONS
from decision.report.formatting import (
    factor,
    input_name,
    input_value,
    metric_value,
    number,
    percent,
    usd,
)
from decision.report.schema import ClaimEntry
from decision.scenario.option_catalogue import spec_of

#: Above this many, the inputs a replay takes from the team are counted, not listed.
LISTED_INPUTS = 6


def claimed_text(value: float | list[float], unit: str | None = None) -> str:
    """A claimed number or range as people read it."""
    show = number if unit is None else (lambda v: metric_value(v, unit))
    if isinstance(value, list):
        return f"{show(value[0])} – {show(value[1])}"
    return show(value)


def input_verdict(entry: ClaimEntry) -> str:
    """What an input claim means for the decision, in one or two sentences."""
    true, prior = percent(entry.p_claim_true), percent(entry.p_prior)
    opening = (f"Taken as exactly true, the ASIC is cheaper in {true} of draws (under the team's"
               f" own beliefs: {prior}).")
    margin = entry.margin
    if margin is None:
        if entry.favours_throughout == "asic":
            return (opening + " The ASIC stays cheaper in expectation whether the claim is true"
                              " or inflated 50x: the decision does not turn on it.")
        return (opening + " GPUs stay cheaper in expectation even if the truth were 50x more"
                          " favourable to the ASIC than the claim: the decision does not turn on"
                          " it.")
    at = ", ".join(f"the {input_name(path)} = {_break_even_value(path, v)}"
                   for path, v in entry.break_even.items())
    if entry.savings_jump_usd is not None:
        below, above = entry.savings_jump_usd
        at += (f"; a step in the model, where expected savings jump from {usd(below)} to"
               f" {usd(above)}, not a smooth zero")
    if entry.haircut_to_flip is not None:
        return (opening + f" The claim can be {factor(margin)} inflated before the decision"
                          f" flips back to GPUs (break-even {at}, at a haircut of"
                          f" {percent(entry.haircut_to_flip, 0)}).")
    return (opening + f" Even if true it leaves GPUs cheaper in expectation; it would have to be"
                      f" {factor(1 / margin)} more favourable to the ASIC ({at}) for the ASIC to"
                      f" win.")


def output_verdict(entry: ClaimEntry) -> str:
    """How an output claim compares with its own arithmetic and with the team's beliefs."""
    unit, replayed, team = entry.unit, entry.replayed, entry.team
    claimed = claimed_text(entry.claimed, unit)
    spread = ("" if replayed.p05 == replayed.p95 else
              f" (90%: {metric_value(replayed.p05, unit)} –"
              f" {metric_value(replayed.p95, unit)})")
    text = (f"Claimed {claimed}; its own inputs give {metric_value(replayed.p50, unit)}"
            f"{spread}")
    ratio = entry.replay_ratio
    size = ""
    if ratio is not None:
        size = (f"{factor(ratio)} more than its inputs give" if ratio >= 1 else
                f"{factor(1 / ratio)} less than its inputs give")
    if entry.consistent:
        text += f": consistent with its own arithmetic{f' ({size})' if size else ''}."
    else:
        text += f": **it disagrees with its own arithmetic{f', {size}' if size else ''}**."
    text += (f" Under the team's beliefs the same number is {metric_value(team.p50, unit)}"
             f" (90%: {metric_value(team.p05, unit)} – {metric_value(team.p95, unit)});"
             f" the claim sits {_where(team.percentile_of_claim)}.")
    return text


def _where(share: float) -> str:
    """Where a claim sits among the team's draws."""
    if share >= 1:
        return "above every draw of the team's"
    if share <= 0:
        return "below every draw of the team's"
    return f"above {percent(share, 0)} of the team's draws"


def _break_even_value(path: str, value: float) -> str:
    """A break-even value in the input's unit, flagged when it is the input's bound (the
    discount was clipped)."""
    low, high = spec_of(path).domain.bounds
    return input_value(path, value) + (" (the input's bound)" if value in (low, high) else "")


def _claimed_input(path: str, value: float | list[float]) -> str:
    """A claimed input (or stated fleet size) by its human name, in its unit: ``ASIC work per
    joule ÷ GPU's 4``."""
    shown = (f"{input_value(path, value[0])} – {input_value(path, value[1])}"
             if isinstance(value, list) else input_value(path, value))
    name, _, size = path.partition(".")
    label = (FLEET_SIZES[size].replace("the fleet", f"the {name} fleet")
             if size in FLEET_SIZES else input_name(path))
    return f"{label} {shown}"


def _from_team(entry: ClaimEntry) -> str:
    paths = entry.from_team
    if not paths:
        return "none: the number follows from what the claim states."
    if len(paths) > LISTED_INPUTS:
        return f"the {len(paths)} inputs it does not state."
    return ", ".join(f"`{p}`" for p in paths) + "."


def claims_table(entries: list[ClaimEntry]) -> list[str]:
    """Markdown tables of the input claims and of the output claims, one row each."""
    out = []
    inputs = [e for e in entries if e.kind == "input"]
    outputs = [e for e in entries if e.kind == "output"]
    if inputs:
        out += ["| claim | claimed | P(ASIC cheaper) if true | break-even | margin |",
                "|---|---|---:|---|---:|"]
        for e in inputs:
            claimed = "; ".join(_claimed_input(p, v) for p, v in e.claimed.items())
            be = ("none within 50x" if e.break_even is None else
                  "; ".join(_break_even_value(p, v) for p, v in e.break_even.items()))
            margin = "—" if e.margin is None else factor(e.margin)
            out.append(f"| `{e.id}` | {claimed} | {percent(e.p_claim_true)} | {be} |"
                       f" {margin} |")
        out.append("")
    if outputs:
        out += ["| claim | metric | claimed | its inputs give | factor | consistent |"
                " team's median |", "|---|---|---|---|---:|---|---|"]
        for e in outputs:
            ratio = "—" if e.replay_ratio is None else factor(e.replay_ratio)
            out.append(f"| `{e.id}` | {METRICS[e.metric].meaning} |"
                       f" {claimed_text(e.claimed, e.unit)}"
                       f" | {metric_value(e.replayed.p50, e.unit)} | {ratio} |"
                       f" {'yes' if e.consistent else '**no**'} |"
                       f" {metric_value(e.team.p50, e.unit)} |")
        out.append("")
    return out


def claims_markdown(entries: list[ClaimEntry], scenario: str, description: str,
                    figures: list[str]) -> str:
    """The whole of ``claims.md``."""
    first = entries[0]
    out = [f"# Vendor claims against the beliefs of '{scenario}'", ""]
    if description:
        out += [description, ""]
    out += [f"Each claim is tested on {first.draws:,} draws of the team's beliefs (with"
            f" evidence, the posterior). Under those beliefs alone the ASIC is cheaper in"
            f" {percent(first.p_prior)} of draws. How to read this: `docs/results.md`.", ""]
    out += claims_table(entries)
    inputs = [e for e in entries if e.kind == "input"]
    if inputs:
        out += ["## Claims about inputs", "",
                "A haircut discounts every claimed value against the ASIC: values whose higher"
                " side favours the ASIC are multiplied by (1 − haircut), the others divided by"
                " it. The margin is how many times the claim can be inflated before the"
                " decision (lower expected cost) flips.", ""]
        if "claims_haircut" in figures:
            out += ["![claims_haircut](figures/claims_haircut.png)", "",
                    CAPTIONS["claims_haircut"], ""]
        for e in inputs:
            out += _claim_heading(e)
            for path, value in e.claimed.items():
                t = e.team[path]
                favoured = "ASIC" if e.asic_favoured[path] == "above" else "GPUs"
                out.append(f"- `{path}` claimed {claimed_text(value)}; the team believes"
                           f" {number(t.p50)} (90%: {number(t.p05)} –"
                           f" {number(t.p95)}), the claim"
                           f" {_where(t.percentile_of_claim)}; higher values favour the"
                           f" {favoured}.")
            out += ["", input_verdict(e), "", "| haircut | P(ASIC cheaper) | expected savings |",
                    "|---:|---:|---:|"]
            out += [f"| {percent(h.haircut, 0)} | {percent(h.p_asic_cheaper)} |"
                    f" {usd(h.expected_savings_usd)} |" for h in e.haircuts]
            out.append("")
    outputs = [e for e in entries if e.kind == "output"]
    if outputs:
        out += ["## Claims about outputs", "",
                "Each number is recomputed through the same cost model from the inputs the claim"
                " states (a stated range spread over the draws, anything it does not state taken"
                " from the team's beliefs), then placed in the team's own distribution of it.",
                ""]
        if "claims_replay" in figures:
            out += ["![claims_replay](figures/claims_replay.png)", "",
                    CAPTIONS["claims_replay"], ""]
        for e in outputs:
            out += _claim_heading(e)
            stated = ", ".join(_claimed_input(p, v) for p, v in e.stated_inputs.items())
            out += [f"- Metric: {e.metric} ({METRICS[e.metric].meaning}), of {e.option}.",
                    f"- Stated inputs: {stated or 'none'}.",
                    f"- Taken from the team's beliefs: {_from_team(e)}", "",
                    output_verdict(e), ""]
    return "\n".join(out)


def _claim_heading(entry: ClaimEntry) -> list[str]:
    return [f"### `{entry.id}`", "", f"> {entry.words}", "",
            f"Source: {entry.source} ({entry.origin})", ""]


def report_section(entries: list[ClaimEntry], figures: list[str]) -> list[str]:
    """The "Vendor claims" section of ``report.md``: the tables, verdicts and figures."""
    first = entries[0]
    out = ["## Vendor claims", "",
           f"Each claim is tested on the first {first.draws:,} draws of this run, on which the"
           f" ASIC is cheaper in {percent(first.p_prior)} under the team's beliefs alone.", ""]
    out += claims_table(entries)
    for e in entries:
        verdict = input_verdict(e) if e.kind == "input" else output_verdict(e)
        out.append(f"- `{e.id}`: {verdict}")
    out.append("")
    for name in ("claims_haircut", "claims_replay"):
        if name in figures:
            out += figure_lines(name, CAPTIONS[name])
    out += ["Each claim's words, source and haircut table: [claims.md](claims.md).", ""]
    return out
