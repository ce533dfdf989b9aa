"""What the physics says: each fleet's roofline summarised, its levelised cost per generated
token, and the figures that set the answer, named for a user to check first
(``docs/results.md``)."""

from __future__ import annotations

import numpy as np

from decision.model.statistics import PERCENTILES
from decision.performance.chips import PRECISIONS
from decision.performance.roofline import BOUNDS, bounds, main_bound
from decision.performance.serving import PlatformPhysics, ServingPhysics
from decision.report.formatting import number, percent
from decision.report.schema import Decision, MoneyStats, Percentiles
from decision.report.schema.physics import OptionPhysics, Physics

#: A draw's batch counts as capped by the latency target when its decode step takes at least
#: this share of the target.
LATENCY_CAP = 0.95


def physics_summary(physics: ServingPhysics, decision: Decision) -> Physics:
    """Summarise the roofline of every fleet, with ``decision``'s cost of a million requests
    turned into the cost of a million generated tokens."""
    spec = physics.spec
    tokens = float(physics.output_tokens.mean())
    options = {}
    for fleet, platform in physics.platforms.items():
        per_request = decision.usd_per_million_requests[fleet]
        options[fleet] = _option(platform, spec.precision_of(fleet), physics, spec.tpot_ms,
                                 None if tokens == 0 else MoneyStats(
                                     *(value / tokens for value in (
                                         per_request.mean, per_request.p05, per_request.p50,
                                         per_request.p95))))
    return Physics(spec.model.name, spec.precision, spec.kv_precision,
                   _spread(physics.input_tokens),
                   _spread(physics.output_tokens), spec.ttft_ms, spec.tpot_ms,
                   int(physics.input_tokens.size), options, _check_first(physics, options))


def _option(platform: PlatformPhysics, precision: str, physics: ServingPhysics,
            tpot_ms: float | None, per_token: MoneyStats | None) -> OptionPhysics:
    r = platform.result
    labels = bounds(r)
    capped = (np.zeros(r.batch.shape, bool) if tpot_ms is None
              else r.tpot_s * 1e3 >= LATENCY_CAP * tpot_ms)
    joules = platform.joules_per_request()
    generates = bool(physics.output_tokens.mean() > 0)
    return OptionPhysics(
        platform=platform.platform.name,
        precision=precision,
        chips_per_replica=_spread(r.chips),
        batch=_spread(r.batch),
        bound=main_bound(r),
        bound_shares={label: float((labels == label).mean()) for label in BOUNDS},
        batch_capped_by_latency=float(capped.mean()),
        requests_per_s_per_chip=_spread(r.requests_per_s_per_chip),
        tokens_per_s_per_chip=_spread(r.tokens_per_s_per_chip) if generates else None,
        ttft_ms=_spread(r.ttft_s * 1e3),
        tpot_ms=_spread(r.tpot_s * 1e3),
        joules_per_request=None if joules is None else _spread(joules),
        joules_per_token=(_spread(joules / physics.output_tokens)
                          if joules is not None and generates else None),
        usd_per_million_tokens=per_token,
    )


def _spread(values: np.ndarray) -> Percentiles:
    p05, p50, p95 = np.percentile(values, PERCENTILES)
    return Percentiles(float(p05), float(p50), float(p95))


def _check_first(physics: ServingPhysics, options: dict[str, OptionPhysics]) -> list[str]:
    """One sentence per fleet on what bounds it and which sheet figures set that, then one on
    what caps the batch."""
    spec = physics.spec
    sentences = []
    for fleet, option in options.items():
        sheet = physics.platforms[fleet].platform
        efficiency = spec.efficiency_of(sheet.family)
        if option.bound == BOUNDS[1]:
            field, prior, tokens = ("memory_bandwidth_gb_s", efficiency.memory,
                                    ("output", physics.output_tokens))
        else:
            field, prior, tokens = (PRECISIONS[spec.precision_of(fleet)][0], efficiency.compute,
                                    ("input", physics.input_tokens) if option.bound == BOUNDS[0]
                                    else ("output", physics.output_tokens))
        entry = sheet.entries[field]
        low, _, high = entry.quantiles()
        figure = number(low) if low == high else f"{number(low)}–{number(high)}"
        e_low, e_high = prior.ppf([0.05, 0.95])
        t_low, t_high = np.percentile(tokens[1], [5, 95])
        sentences.append(
            f"{sheet.name}: {percent(option.bound_shares[option.bound])} of draws are bound by"
            f" {option.bound}; check {field} ({figure} {entry.spec.unit}, {entry.source}), the"
            f" efficiency prior ({e_low:.2f}–{e_high:.2f}) and the {tokens[0]} length"
            f" ({number(t_low)}–{number(t_high)} tokens).")
        if spec.tpot_ms is not None:
            sentences.append(
                f"{sheet.name}: the batch (median {number(option.batch.p50)}) is capped by the"
                f" {spec.tpot_ms:g} ms time-per-output-token target in"
                f" {percent(option.batch_capped_by_latency)} of draws, by memory in the rest:"
                " a looser target buys throughput only where it caps the batch.")
    return sentences
