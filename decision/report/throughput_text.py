"""What ``decide throughput`` prints: per chip and per replica, medians and 90% intervals."""

from __future__ import annotations

import json

import numpy as np

from decision.performance.roofline import main_bound
from decision.pipeline.throughput import Sizing
from decision.report.formatting import number
from decision.report.terminal import table


def as_json(sizing: Sizing) -> dict:
    """The same answer as one JSON object."""
    r = sizing.result

    def spread(values: np.ndarray) -> dict[str, float]:
        p05, p50, p95 = np.percentile(values, [5, 50, 95])
        return {"p05": _round(p05), "p50": _round(p50), "p95": _round(p95)}

    return {
        "platform": sizing.platform.name, "model": sizing.model.name,
        "precision": sizing.precision, "kv_precision": sizing.kv_precision,
        "input_tokens": sizing.input_tokens,
        "output_tokens": sizing.output_tokens, "ttft_ms_target": sizing.ttft_ms,
        "tpot_ms_target": sizing.tpot_ms, "batch_fixed": sizing.batch, "draws": len(r.chips),
        "tokens_per_s_per_chip": spread(r.tokens_per_s_per_chip),
        "requests_per_s_per_chip": spread(r.requests_per_s_per_chip),
        "tokens_per_s_per_replica": spread(r.tokens_per_s_per_chip * r.chips),
        "requests_per_s_per_replica": spread(r.requests_per_s_per_chip * r.chips),
        "chips_per_replica": spread(r.chips),
        "batch": spread(r.batch),
        "ttft_ms": spread(r.ttft_s * 1e3),
        "tpot_ms": spread(r.tpot_s * 1e3),
        "bound": main_bound(r),
    }


def throughput_text(sizing: Sizing) -> str:
    """Per chip and per replica: median and 90% interval of each figure, the batch, the bound."""
    r = sizing.result

    def cell(values: np.ndarray) -> tuple[str, str]:
        p05, p50, p95 = np.percentile(values, [5, 50, 95])
        return number(p50), f"{number(p05)} – {number(p95)}"

    rows = [("tokens/s per chip", *cell(r.tokens_per_s_per_chip)),
            ("requests/s per chip", *cell(r.requests_per_s_per_chip)),
            ("tokens/s per replica", *cell(r.tokens_per_s_per_chip * r.chips)),
            ("requests/s per replica", *cell(r.requests_per_s_per_chip * r.chips)),
            ("chips per replica", *cell(r.chips)),
            ("batch (sequences)", *cell(r.batch)),
            ("time to first token, ms", *cell(r.ttft_s * 1e3)),
            ("time per output token, ms", *cell(r.tpot_s * 1e3))]
    targets = ", ".join(f"{name} ≤ {value:g} ms" for name, value in
                        (("TTFT", sizing.ttft_ms), ("TPOT", sizing.tpot_ms)) if value)
    fixed = f", batch {sizing.batch} (fixed)" if sizing.batch else ""
    kv = "" if sizing.kv_precision == sizing.precision else f" (KV cache {sizing.kv_precision})"
    head = (f"{sizing.model.title} on {sizing.platform.title}, {sizing.precision}{kv},"
            f" {sizing.input_tokens} input + {sizing.output_tokens} output tokens{fixed}"
            f"{'; ' + targets if targets else ''} — {len(r.chips):,} draws")
    return "\n".join([head, table(["", ">median", "90% interval"], rows),
                      f"Bound: {main_bound(r)}. Efficiency priors: {sizing.efficiency_source}."])


def _round(value: float) -> float:
    return float(f"{value:.4g}")


def dumps(sizing: Sizing) -> str:
    """:func:`as_json` as text."""
    return json.dumps(as_json(sizing), indent=2)
