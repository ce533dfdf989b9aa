"""The expected value of sample information: what a study is worth before deciding.

EVSI of a study whose data would be summarised by ``S`` is
``E_S[max_d E(NB_d | S)] − max_d E[NB_d]``. As for EVPPI, ``E(NB_d − NB_1 | S)`` is the
regression of each option's incremental net benefit on ``S``, simulated once per draw from the
draw's true value (Strong, Oakley, Brennan & Breeze 2015), on the same smoother
(:class:`decision.analysis.voi.EVPPIRegressions`), so the same standard error and fit check.

A study that holds the decision up for ``m`` months is valued on the net benefits of deciding
``m`` months later: every challenger goes live ``m`` months later (its lead time plus ``m``,
the incumbent serving meanwhile), re-costed on the same draws. Its value against deciding now
is its EVSI on those net benefits less the cost of the delay,
``max_d E[NB_d] − max_d E[NB_d(delayed)]``; less the study's own cost it is the expected net
benefit of sampling (ENBS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike
from threadpoolctl import threadpool_limits

from decision.analysis.voi import EVPPIRegressions, EVPPIResult
from decision.model.conditional import ConditionalSavings
from decision.model.statistics import random_stream
from decision.scenario.studies import Study, Waiting

if TYPE_CHECKING:
    from decision.model.workers import Workers

#: The input whose value k months of traffic measure, when ``waiting.traffic_noise`` is given.
GROWTH = "workload.annual_growth"


def evsi(net_benefit: ArrayLike, statistic: ArrayLike, seed: int = 0) -> EVPPIResult:
    """EVSI of a study from its simulated summary statistic per draw.

    Parameters
    ----------
    net_benefit : array_like, shape (draws, options)
        Net benefit of each option per draw (minus its cost, in USD).
    statistic : array_like, shape (draws,) or (draws, k)
        The study's summary, simulated from each draw's true values (at most
        :data:`decision.analysis.voi.MAX_GROUP` columns).
    seed : int
        Seeds the simulation of the standard error.

    Returns
    -------
    EVPPIResult
        The value (units of the net benefit), its standard error and the fit's R².
    """
    statistic = np.asarray(statistic, dtype=np.float64)
    columns = statistic[:, None] if statistic.ndim == 1 else statistic
    names = [f"statistic {j}" for j in range(columns.shape[1])]
    regressions = EVPPIRegressions(net_benefit, dict(zip(names, columns.T, strict=True)), seed)
    # One BLAS thread, as the EVPPI's: the last digits then do not depend on the machine.
    with threadpool_limits(1, user_api="blas"):
        return regressions.single(names[0]) if len(names) == 1 else regressions.group(names)


def simulated_statistic(study: Study, truth: np.ndarray, size: int, normals: np.ndarray,
                        error: float | np.ndarray | None) -> np.ndarray:
    """The summary ``study`` at ``size`` would report in each draw whose true value of its
    input is ``truth``: the mean of ``size`` readings with one reading's ``error`` (a number,
    or one per draw; of the logarithm, for a relative error) from standard normals
    ``normals``; for a watch (``error`` unused), the time of the event or ``size`` months if it
    has not happened by then."""
    if study.kind == "watch":
        return np.minimum(truth, float(size))
    if study.relative_noise is not None:
        return np.log(truth) + error / np.sqrt(size) * normals
    return truth + error / np.sqrt(size) * normals


@dataclass(frozen=True)
class StudySize:
    """One study at one size: EVSI on the net benefits of deciding after it (with its standard
    error and R²), the cost of the delay, the study's cost, and the expected net benefit of
    sampling ``evsi − delay_cost − cost``."""

    size: int
    evsi: float
    standard_error: float
    r_squared: float
    delay_cost: float
    cost: float

    @property
    def enbs(self) -> float:
        """Expected net benefit of sampling, in USD."""
        return self.evsi - self.delay_cost - self.cost

    @property
    def worth(self) -> float:
        """The most the study may cost and still pay: EVSI less the cost of the delay."""
        return self.evsi - self.delay_cost


class DelayedNetBenefits:
    """The net benefits of deciding ``m`` months later on the same draws, each delay costed
    once; ``0`` is the run's own."""

    def __init__(self, model: ConditionalSavings, net_benefit: np.ndarray) -> None:
        self.model = model
        self._by_delay = {0.0: net_benefit}
        self.now = float(net_benefit.mean(axis=0).max())

    def __call__(self, months: float) -> np.ndarray:
        """``(draws, options)`` net benefits of deciding ``months`` later."""
        if months not in self._by_delay:
            self._by_delay[months] = _delayed_net_benefit(self.model, months)
        return self._by_delay[months]

    def cost_all(self, delays: list[float], workers: Workers) -> None:
        """Cost each of ``delays`` not costed yet, on ``workers`` (the same numbers as one at a
        time here)."""
        missing = [m for m in dict.fromkeys(delays) if m not in self._by_delay]
        for months, net_benefit in zip(missing, workers.map(_delayed_net_benefit, self.model,
                                                            missing), strict=True):
            self._by_delay[months] = net_benefit

    def cost_of(self, months: float) -> float:
        """What waiting ``months`` costs in expectation, before anything is learnt."""
        return self.now - float(self(months).mean(axis=0).max())


def value_of_studies(model: ConditionalSavings, delayed: DelayedNetBenefits,
                     studies: tuple[Study, ...], workers: Workers | None = None
                     ) -> dict[str, list[StudySize]]:
    """Each study at each of its sizes, on the draws the decision used.

    Each delay is costed once, and the regressions, one per study and size, run on
    ``workers`` (threads of this process by default, or a Dask cluster), with the same
    results wherever they run.

    Parameters
    ----------
    model : ConditionalSavings
        Over those draws.
    delayed : DelayedNetBenefits
        Their net benefits, deciding now or later.
    studies : tuple of Study
    workers : Workers, optional
        Where the delays are costed and the regressions run (:mod:`decision.model.workers`).
    """
    from decision.model.workers import InProcess

    workers = workers or InProcess()
    designs = [(study, size) for study in studies for size in study.sizes]
    delays = [study.delay(size) for study, size in designs]
    delayed.cost_all(delays, workers)
    engine = _Designs(model, {months: delayed(months) for months in delays})
    # One BLAS thread around all the threads too: each regression's limit is then never
    # lifted by another's ending, so the last digits stay those of one thread.
    with threadpool_limits(1, user_api="blas"):
        results = list(workers.map(_study_evsi, engine, designs))
    out: dict[str, list[StudySize]] = {study.name: [] for study in studies}
    for (study, size), result in zip(designs, results, strict=True):
        delay = study.delay(size)
        out[study.name].append(StudySize(size, result.value, result.standard_error,
                                         result.r_squared, delayed.cost_of(delay),
                                         study.cost(size)))
    return out


@dataclass(frozen=True)
class _Designs:
    """What every study design's regression needs: the draws and the net benefits of deciding
    after each delay (sent once to each worker)."""

    model: ConditionalSavings
    net_benefits: dict[float, np.ndarray]


def _study_evsi(engine: _Designs, design: tuple[Study, int]) -> EVPPIResult:
    """EVSI of one study at one size; its simulated readings are seeded by the study's name,
    so every size of a study sees the same noise."""
    study, size = design
    model = engine.model
    normals = random_stream(f"study {study.name}", model.seed).standard_normal(model.draws)
    error = (None if study.kind == "watch" else
             study.error(random_stream(f"study error {study.name}", model.seed)
                         .random(model.draws)))
    truth = np.broadcast_to(model.values[study.input], (model.draws,))
    statistic = simulated_statistic(study, truth, size, normals, error)
    return evsi(engine.net_benefits[study.delay(size)], statistic, model.seed)


@dataclass(frozen=True)
class Wait:
    """Waiting ``months``, then deciding on what they revealed: the expected cost of the
    strategy (USD, lower is better) and its parts: what the months reveal is worth (EVSI on
    the delayed net benefits, with its standard error) and what the delay costs."""

    months: int
    expected_cost: float
    information: float
    standard_error: float
    delay_cost: float


def value_of_waiting(model: ConditionalSavings, delayed: DelayedNetBenefits,
                     waiting: Waiting, workers: Workers | None = None) -> list[Wait]:
    """Each wait of ``waiting`` as a strategy, against deciding now (``-delayed.now``).

    The months reveal each watched input's event if it happens within them (``min(T, k)``)
    and, with a traffic noise ``s``, the volume's growth: the least-squares trend of ``k``
    monthly log volumes, whose annual rate has standard deviation
    ``12 s sqrt(12 / (k (k² − 1)))`` (two months at least). The delays are costed on
    ``workers`` (threads of this process by default).
    """
    from decision.model.workers import InProcess

    delayed.cost_all([float(m) for m in waiting.months], workers or InProcess())
    normals = random_stream("waiting growth", model.seed).standard_normal(model.draws)
    out = []
    for months in waiting.months:
        revealed = [np.minimum(np.broadcast_to(model.values[p], (model.draws,)), float(months))
                    for p in waiting.watched]
        if waiting.traffic_noise is not None and GROWTH in model.normals and months >= 2:
            spread = 12.0 * waiting.traffic_noise * np.sqrt(12.0 / (months * (months**2 - 1)))
            revealed.append(np.log1p(model.values[GROWTH]) + spread * normals)
        nb = delayed(months)
        result = (evsi(nb, np.column_stack(revealed), model.seed) if revealed
                  else EVPPIResult(0.0, 0.0, 0.0, 0.0))
        later = float(nb.mean(axis=0).max()) + result.value
        out.append(Wait(months, -later, result.value, result.standard_error,
                        delayed.cost_of(months)))
    return out


def _delayed_net_benefit(model: ConditionalSavings, months: float) -> np.ndarray:
    """``(draws, options)`` net benefits of deciding ``months`` later, re-costed."""
    return -model.totals(_later(model, months), conditioned=False)


def _later(model: ConditionalSavings, months: float) -> dict[str, np.ndarray]:
    """Every challenger's lead time ``months`` longer: the decision taken ``months`` later."""
    options = model.scenario.options
    paths = (["asic.lead_time_months"] if options.two_option
             else [f"{o.name}.lead_time_months" for o in options.challengers])
    return {path: model.values[path] + months for path in paths}
