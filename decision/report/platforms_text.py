"""What ``decide platforms`` prints: the catalogue at a glance, and one sheet with its sources."""

from __future__ import annotations

from decision.platforms.sheet import ABSENT, Entry, Platform
from decision.report.formatting import number
from decision.report.terminal import table

#: The catalogue overview's columns: field key and header.
OVERVIEW = (("memory_gb", ">memory GB"), ("memory_bandwidth_gb_s", ">bandwidth GB/s"),
            ("bf16_dense_tflops", ">BF16 TFLOP/s"), ("chip_tdp_w", ">TDP W"),
            ("chips_per_node", ">chips/node"), ("node_price_usd", ">node USD"),
            ("chip_hour_usd", ">USD/chip-hr"))


def catalogue_text(platforms: dict[str, Platform]) -> str:
    """Every platform in one table: its main figures (medians of priors) and how many fields
    a user must supply."""
    rows = []
    for p in platforms.values():
        missing = sum(e.absent in ("not_public", "unverified") for e in p.entries.values())
        rows.append((p.name, p.title, p.family,
                     *(_short(p.entries[key]) for key, _ in OVERVIEW), str(missing)))
    headers = ["platform", "title", "family", *(h for _, h in OVERVIEW), ">to supply"]
    return (table(headers, rows) + "\n\n~ marks the median of a prior; — a figure that is not"
            " public, not sold, not applicable or not verified. `decide platforms NAME` shows"
            " a sheet with its sources.")


def sheet_text(platform: Platform) -> str:
    """One platform: every field with its value (median and 90% interval of a prior), unit and
    source, and what the user must supply."""
    rows = []
    for entry in platform.entries.values():
        rows.append((entry.spec.key, _full(entry), entry.spec.unit, entry.source))
    lines = [f"{platform.name}: {platform.title} ({platform.family}) — {platform.file}",
             table(["field", "value", "unit", "source"], rows)]
    if platform.note:
        lines.append(platform.note)
    return "\n".join(lines)


def _short(entry: Entry) -> str:
    q = entry.quantiles()
    if q is None:
        return "—"
    return ("~" if entry.prior is not None else "") + number(q[1])


def _full(entry: Entry) -> str:
    if entry.absent is not None:
        return ABSENT[entry.absent]
    if isinstance(entry.value, str):
        return entry.value
    p05, p50, p95 = entry.quantiles()
    if entry.prior is None:
        return number(p50)
    return f"{number(p50)} (90%: {number(p05)} – {number(p95)}, {entry.prior.dist})"
