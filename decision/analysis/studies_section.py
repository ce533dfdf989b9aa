"""The ``studies`` and ``waiting`` sections of a run's summary
(:mod:`decision.analysis.evsi`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import xarray as xr

from decision.analysis.evsi import DelayedNetBenefits, value_of_studies, value_of_waiting
from decision.model.conditional import ConditionalSavings
from decision.model.outcomes import horizon_totals
from decision.report.schema import StudyValue, ValueOfInformation, WaitingValue, WaitValue
from decision.scenario.studies import Study, Waiting

if TYPE_CHECKING:
    from decision.model.workers import Workers


def learning_sections(model: ConditionalSavings, costs: xr.Dataset, studies: tuple[Study, ...],
                      waiting: Waiting | None, voi: ValueOfInformation,
                      workers: Workers | None = None
                      ) -> tuple[dict[str, StudyValue] | None, WaitingValue | None]:
    """What each study is worth at each size (and its best size), and deciding now against
    waiting; ``None`` for a section the priors file does not have. The delays and the
    regressions run on ``workers`` (threads of this process by default)."""
    delayed = DelayedNetBenefits(model, -horizon_totals(costs).values)
    return (_studies(model, delayed, studies, voi, workers) if studies else None,
            _waiting(model, delayed, waiting, workers) if waiting is not None else None)


def _studies(model: ConditionalSavings, delayed: DelayedNetBenefits, studies: tuple[Study, ...],
             voi: ValueOfInformation, workers: Workers | None) -> dict[str, StudyValue]:
    valued = value_of_studies(model, delayed, studies, workers)
    out = {}
    for study in studies:
        rows = valued[study.name]
        best = max(rows, key=lambda r: r.enbs)
        out[study.name] = StudyValue(
            kind=study.kind,
            input=study.input,
            evppi_usd=voi.evppi_usd.get(study.input, 0.0),
            evsi_usd={str(r.size): r.evsi for r in rows},
            evsi_standard_error_usd={str(r.size): r.standard_error for r in rows},
            evsi_r_squared={str(r.size): r.r_squared for r in rows},
            delay_months={str(r.size): study.delay(r.size) for r in rows},
            delay_cost_usd={str(r.size): r.delay_cost for r in rows},
            cost_usd={str(r.size): r.cost for r in rows},
            enbs_usd={str(r.size): r.enbs for r in rows},
            best_size=best.size if best.enbs > 0 else None,
        )
    return out


def _waiting(model: ConditionalSavings, delayed: DelayedNetBenefits,
             waiting: Waiting, workers: Workers | None) -> WaitingValue:
    now = -delayed.now
    waits = value_of_waiting(model, delayed, waiting, workers)
    best = min(waits, key=lambda w: w.expected_cost)
    reveals = list(waiting.watched)
    if waiting.traffic_noise is not None and "workload.annual_growth" in model.normals:
        reveals.append("workload.annual_growth")
    return WaitingValue(
        reveals=reveals,
        decide_now_expected_cost_usd=now,
        months={str(w.months): WaitValue(w.expected_cost, now - w.expected_cost,
                                         w.information, w.standard_error, w.delay_cost)
                for w in waits},
        best_months=best.months if best.expected_cost < now else None,
    )
