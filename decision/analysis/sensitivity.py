"""Which inputs drive the answer, and at what value each would flip it.

All three analyses run on the draws a decision used, through
:class:`decision.model.conditional.ConditionalSavings` (common random numbers, copula partners
conditioned); the first two re-evaluate the cost model on the first draws of a
:class:`decision.analysis.subsample.Subsample` and estimate expectations over all of them:

- the tornado: expected savings with one input at its 5th and at its 95th percentile;
- the break-even table: the value of one input at which expected savings is zero and at which
  P(ASIC cheaper) is 50%, the other inputs still uncertain;
- a global importance ranking from the existing draws (PAWN, via SALib).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

import numpy as np
from scipy.optimize import brentq

from decision.analysis.decision import recommend
from decision.analysis.subsample import RegressionEstimate, Subsample
from decision.model.conditional import ConditionalSavings

#: Quantiles of each input's draws at which its response is evaluated; the tornado uses the
#: 5th and 95th, the break-even search brackets roots between neighbours and the outer two
#: bound the searched range.
GRID_QUANTILES = (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)
TORNADO_QUANTILES = (0.05, 0.95)
#: The grid's points evaluated for every input; the inner ones only where the response turns
#: across these (:func:`refined`).
OUTER_QUANTILES = (0.01, 0.05, 0.95, 0.99)
#: Break-even values are located to this share of the searched range (and of the bracket),
ROOT_TOLERANCE = 1e-3
#: or, when coarser, to this share of what their Monte Carlo error makes them uncertain by,
NOISE_SHARE = 0.25
#: but never to more than this share of the bracket (a jump needs a tight final bracket).
COARSEST_SHARE = 0.02
#: A flip is a jump, not a crossing, when more than this share of the change across its grid
#: bracket happens within the final bracket of the root search.
JUMP_SHARE = 0.5
PAWN_SLIDES = 10


@dataclass(frozen=True)
class Response:
    """Expected savings (and its standard error) and P(ASIC cheaper) with one input set to
    each of a few values: those at ``quantiles`` of its draws."""

    path: str
    quantiles: tuple[float, ...]
    values: np.ndarray
    expected_savings: np.ndarray
    p_asic_cheaper: np.ndarray
    savings_standard_error: np.ndarray
    p_standard_error: np.ndarray

    def at(self, quantile: float) -> int:
        """The index of ``quantile`` in :attr:`values`."""
        return self.quantiles.index(quantile)

    @property
    def turns(self) -> bool:
        """Whether expected savings or P(ASIC cheaper) − 50% changes sign across the values, or
        expected savings changes direction: where a finer grid may find a flip."""
        steps = np.sign(np.diff(self.expected_savings))
        return bool(any(np.any(np.sign(series[:-1]) != np.sign(series[1:]))
                        for series in (self.expected_savings, self.p_asic_cheaper - 0.5))
                    or (np.any(steps > 0) and np.any(steps < 0)))


@dataclass(frozen=True)
class TornadoBar:
    """One input's swing: expected savings at its 5th and 95th percentile, and the larger
    standard error of the two."""

    path: str
    low_value: float
    high_value: float
    savings_at_low: float
    savings_at_high: float
    standard_error: float

    @property
    def swing(self) -> float:
        """Width of the bar in USD."""
        return abs(self.savings_at_high - self.savings_at_low)


@dataclass(frozen=True)
class BreakEven:
    """Where one input flips the decision, within ``searched`` (its 1st–99th percentile).

    ``savings_zero`` and ``p_half`` are ``None`` when the decision does not flip in range; then
    ``favours_throughout`` is the option the whole range favours.
    ``asic_favoured_above`` says whether higher values of the input favour the ASIC.
    ``savings_jump`` and ``p_jump`` are the values just below and just above a flip that is a
    jump (a step in the model, such as the model changing before or after go-live), ``None``
    for a smooth crossing.
    """

    path: str
    searched: tuple[float, float]
    current: float
    savings_zero: float | None
    p_half: float | None
    favours_throughout: str
    asic_favoured_above: bool
    savings_jump: tuple[float, float] | None = None
    p_jump: tuple[float, float] | None = None


@dataclass(frozen=True)
class Flip:
    """Where a function of one input changes sign, and the values either side if it jumps."""

    value: float
    jump: tuple[float, float] | None = None


def responses(sample: Subsample, paths: list[str]) -> dict[str, Response]:
    """Each input's :class:`Response` at :data:`OUTER_QUANTILES` of its draws (all of them),
    every input's settings stacked into few runs of the cost model."""
    return _evaluated(sample, {path: OUTER_QUANTILES for path in paths})


def responses_against_incumbent(samples: Mapping[str, Subsample]
                                ) -> dict[str, dict[str, Response]]:
    """:func:`responses` of the savings of several options against the incumbent, each
    option's :class:`Subsample` in ``samples`` (keyed by option, on the same draws), to every
    input that enters them: an input's settings are costed once for all the options whose
    savings it moves, the incumbent among them."""
    first = next(iter(samples.values()))
    options = first.full.scenario.options
    concerns: dict[tuple[str, ...], list[str]] = {}
    for path in first.full.uncertain:
        who = tuple(name for name, s in samples.items() if options.enters(path, s.full.pair))
        if who:
            concerns.setdefault(who, []).append(path)
    out: dict[str, dict[str, Response]] = {name: {} for name in samples}
    for who, paths in concerns.items():
        grid = {path: np.quantile(first.full.values[path], OUTER_QUANTILES) for path in paths}
        costed = (options.incumbent, *who)
        totals = first.model.totals_each([{path: v} for path in paths for v in grid[path]],
                                         options=costed)
        names = options.subset(costed).names
        base = totals[:, :, names.index(options.incumbent)]
        for name in who:
            savings = (base - totals[:, :, names.index(name)]).reshape(
                len(paths), len(OUTER_QUANTILES), -1)
            for path, each in zip(paths, savings, strict=True):
                out[name][path] = _response(samples[name], path, OUTER_QUANTILES, grid[path],
                                            each)
    return {name: {path: found[path] for path in samples[name].full.uncertain_in_pair}
            for name, found in out.items()}


def refined(sample: Subsample, found: dict[str, Response]) -> dict[str, Response]:
    """``found`` with every response that :attr:`Response.turns` evaluated on the whole of
    :data:`GRID_QUANTILES`; a response that keeps its sign and direction at the outer
    quantiles is kept as it is (no flip in range to bracket)."""
    inner = tuple(q for q in GRID_QUANTILES if q not in OUTER_QUANTILES)
    added = _evaluated(sample, {path: inner for path, r in found.items() if r.turns})
    out = dict(found)
    for path, extra in added.items():
        r = found[path]
        order = np.argsort(r.quantiles + extra.quantiles, kind="stable")
        merged = [np.concatenate([getattr(r, name), getattr(extra, name)])[order]
                  for name in ("values", "expected_savings", "p_asic_cheaper",
                               "savings_standard_error", "p_standard_error")]
        out[path] = Response(path, GRID_QUANTILES, *merged)
    return out


def _evaluated(sample: Subsample, quantiles: dict[str, tuple[float, ...]]
               ) -> dict[str, Response]:
    """The :class:`Response` of each input at its ``quantiles``."""
    grid = {path: np.quantile(sample.full.values[path], q) for path, q in quantiles.items()}
    settings = [{path: v} for path, values in grid.items() for v in values]
    every = iter(sample.model.savings_each(settings) if settings else ())
    return {path: _response(sample, path, quantiles[path], values,
                            np.array([next(every) for _ in values]))
            for path, values in grid.items()}


def _response(sample: Subsample, path: str, quantiles: tuple[float, ...], values: np.ndarray,
              savings: np.ndarray) -> Response:
    """The :class:`Response` of ``path`` from the savings ``(values, draws)`` with it set to
    each of ``values`` (those at ``quantiles`` of its draws)."""
    estimate = sample.estimate(path)
    return Response(path, quantiles, values, estimate.mean(savings),
                    np.clip(estimate.mean(savings > 0), 0.0, 1.0),
                    estimate.standard_error(savings), estimate.standard_error(savings > 0))


def tornado(found: dict[str, Response]) -> list[TornadoBar]:
    """Tornado bars from :func:`responses`, widest swing first."""
    bars = []
    for path, r in found.items():
        low, high = (r.at(q) for q in TORNADO_QUANTILES)
        bars.append(TornadoBar(path, float(r.values[low]), float(r.values[high]),
                               float(r.expected_savings[low]), float(r.expected_savings[high]),
                               float(max(r.savings_standard_error[low],
                                         r.savings_standard_error[high]))))
    return sorted(bars, key=lambda bar: -bar.swing)


def break_even(sample: Subsample, found: dict[str, Response]) -> list[BreakEven]:
    """For each input, the values at which expected savings is 0 and P(ASIC cheaper) is 50%.

    A root is bracketed on the grid of :func:`refined` (the sign change nearest the
    input's median when there are several) and refined with Brent's method on the same draws.
    """
    out = []
    model = sample.full
    for path, r in found.items():
        estimate = sample.estimate(path)
        expected = partial(_expected_savings, sample, estimate, path)
        above_half = partial(_above_half, sample, estimate, path)

        searched = (float(r.values[0]), float(r.values[-1]))
        zero = find_flip(expected, r.values, r.expected_savings, noise=r.savings_standard_error)
        half = find_flip(above_half, r.values, r.p_asic_cheaper - 0.5, noise=r.p_standard_error)
        out.append(BreakEven(
            path=path,
            searched=searched,
            current=float(np.median(model.values[path])),
            savings_zero=None if zero is None else zero.value,
            p_half=None if half is None else half.value,
            favours_throughout=recommend(float(r.expected_savings.mean()), *model.pair),
            asic_favoured_above=bool(r.expected_savings[-1] > r.expected_savings[0]),
            savings_jump=None if zero is None else zero.jump,
            p_jump=(None if half is None or half.jump is None
                    else (half.jump[0] + 0.5, half.jump[1] + 0.5)),
        ))
    return out


def _expected_savings(sample: Subsample, estimate: RegressionEstimate, path: str,
                      value: float) -> float:
    return float(estimate.mean(sample.model.savings({path: value})))


def _above_half(sample: Subsample, estimate: RegressionEstimate, path: str,
                value: float) -> float:
    return float(estimate.mean(sample.model.savings({path: value}) > 0)) - 0.5


def find_flip(function: Callable[[float], float], values: np.ndarray, signs: np.ndarray,
              bracket: int | None = None, noise: np.ndarray | None = None) -> Flip | None:
    """Where ``function`` changes sign, bracketed on ``values`` (where it took ``signs``) and
    refined by Brent's method.

    ``bracket`` is the index ``i`` of the sign change between ``values[i]`` and
    ``values[i + 1]`` to refine; by default the one nearest the middle. ``signs`` must be the
    values of ``function`` there: the root search does not evaluate them again. It keeps
    every value it tries; when the function changes by more than :data:`JUMP_SHARE` of its
    change across the bracket within the final, tiny bracket, the flip is a jump and
    :attr:`Flip.jump` holds the function just below and just above it. ``noise``, the standard
    error of ``signs``, lets the search stop at a share of the root's own Monte Carlo error.
    """
    changes = np.flatnonzero(np.sign(signs[:-1]) != np.sign(signs[1:]))
    if changes.size == 0:
        return None
    middle = len(values) // 2
    i = changes[np.argmin(np.abs(changes + 0.5 - middle))] if bracket is None else bracket
    low, high = float(values[i]), float(values[i + 1])
    if signs[i] == 0:
        return Flip(low)
    if signs[i + 1] == 0:
        return Flip(high)
    # The bracket's ends are known: Brent's method asks for them first.
    tried = {low: float(signs[i]), high: float(signs[i + 1])}

    def recorded(value: float) -> float:
        if value not in tried:
            tried[value] = function(value)
        return tried[value]

    tolerance = ROOT_TOLERANCE * min(values[-1] - values[0], high - low)
    if noise is not None:
        # The root is uncertain by about the function's error over its slope in the bracket.
        slope = abs(signs[i + 1] - signs[i]) / (high - low)
        uncertain = max(noise[i], noise[i + 1]) / slope
        tolerance = max(tolerance, min(NOISE_SHARE * uncertain, COARSEST_SHARE * (high - low)))
    root = float(brentq(recorded, low, high, xtol=tolerance))
    points = sorted(tried.items())
    below = max((p for p in points if p[0] <= root and np.sign(p[1]) == np.sign(signs[i])),
                default=(low, signs[i]))
    above = min((p for p in points if p[0] >= root and np.sign(p[1]) == np.sign(signs[i + 1])),
                default=(high, signs[i + 1]))
    step = abs(above[1] - below[1])
    if above[0] - below[0] < 0.05 * (high - low) and step > JUMP_SHARE * abs(signs[i + 1]
                                                                              - signs[i]):
        return Flip(root, (float(below[1]), float(above[1])))
    return Flip(root)


def global_importance(model: ConditionalSavings, savings: np.ndarray) -> dict[str, float]:
    """PAWN index (median Kolmogorov–Smirnov distance over slides) of each uncertain input.

    Computed from the existing draws, no extra model runs: how far the distribution of savings
    moves when one input is confined to a tenth of its range (Pianosi & Wagener 2015). 0 means
    no influence, 1 the most; ranked highest first.
    """
    from SALib.analyze import pawn  # imported here: SALib loads pandas

    paths = model.uncertain_in_pair
    if not paths:
        return {}
    problem = {"num_vars": len(paths), "names": paths,
               "bounds": [[float(model.values[p].min()), float(model.values[p].max())]
                          for p in paths]}
    x = np.column_stack([model.values[p] for p in paths])
    result = pawn.analyze(problem, x, savings, S=PAWN_SLIDES)
    ranked = sorted(zip(paths, result["median"], strict=True), key=lambda item: -item[1])
    return {path: float(index) for path, index in ranked}
