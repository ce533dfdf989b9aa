"""The report's "What the physics says": each fleet's roofline, its levelised costs, and the
numbers to check first."""

from __future__ import annotations

from decision.report.formatting import number, option_words, percent, usd
from decision.report.schema import MoneyStats, Percentiles, Summary


def physics_section(summary: Summary) -> list[str]:
    """The section's Markdown lines; none without a ``serving:`` section."""
    p = summary.physics
    if p is None:
        return []
    targets = ", ".join(f"{name} ≤ {value:g} ms" for name, value in
                        (("time to first token", p.ttft_ms_target),
                         ("time per output token", p.tpot_ms_target)) if value)
    options = list(p.options)
    fleets = [p.options[o] for o in options]
    per_request = [summary.decision.usd_per_million_requests[o] for o in options]
    rows = [
        ("platform", [f"`{f.platform}`" for f in fleets]),
        ("chips per replica", [_spread(f.chips_per_replica) for f in fleets]),
        ("batch (sequences)", [_spread(f.batch) for f in fleets]),
        ("bound", [f"{f.bound} ({percent(f.bound_shares[f.bound])})" for f in fleets]),
        ("requests/s per chip", [_spread(f.requests_per_s_per_chip) for f in fleets]),
        ("tokens/s per chip", [_spread(f.tokens_per_s_per_chip) for f in fleets]),
        ("time to first token, ms", [_spread(f.ttft_ms) for f in fleets]),
        ("time per output token, ms", [_spread(f.tpot_ms) for f in fleets]),
        ("joules per request", [_spread(f.joules_per_request) for f in fleets]),
        ("joules per token", [_spread(f.joules_per_token) for f in fleets]),
        ("USD per million requests", [_money(cost) for cost in per_request]),
        ("USD per million tokens", [_money(f.usd_per_million_tokens) for f in fleets]),
    ]
    say = option_words(summary.decision)
    out = ["## What the physics says", "",
           f"`{p.model}` at {p.precision}{_kv(p.kv_precision, p.precision)},"
           f" {_spread(p.input_tokens)} input and"
           f" {_spread(p.output_tokens)} output tokens per request"
           f"{'; ' + targets if targets else ''}. The roofline (`docs/performance.md`) on"
           f" {p.draws:,} draws of the tokens, the sheets' uncertain figures and the efficiency"
           " priors gives each fleet's throughput; the table of inputs names those it supplied"
           " (source: roofline) and those read from a sheet. Medians with 90% intervals; tokens are"
           " generated tokens; costs are levelised (discounted cost over discounted volume).",
           "", "| | " + " | ".join(say[o] for o in options) + " |",
           "|---|" + "---|" * len(options)]
    out += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows]
    return [*out, "", "The appendix says which figures of each sheet to check first.", ""]


def check_first(summary: Summary) -> list[str]:
    """The appendix's list of what bounds each fleet and which figures to check; none without
    a ``serving:`` section."""
    if summary.physics is None:
        return []
    return ["## What to check in the roofline", "",
            *(f"- {sentence}" for sentence in summary.physics.check_first), ""]


def _kv(kv_precision: str, precision: str) -> str:
    return "" if kv_precision == precision else f" (KV cache {kv_precision})"


def _spread(value: Percentiles | None) -> str:
    if value is None:
        return "—"
    if value.p05 == value.p95:
        return number(value.p50)
    return f"{number(value.p50)} ({number(value.p05)} – {number(value.p95)})"


def _money(value: MoneyStats | None) -> str:
    if value is None:
        return "—"
    return f"{usd(value.p50)} ({usd(value.p05)} – {usd(value.p95)})"
