"""Crossover maps: P(ASIC cheaper over the horizon) over a grid of one or two inputs.

Every cell sets the swept inputs and keeps every other input at the same draws (common
random numbers, :class:`decision.model.conditional.ConditionalSavings`), so the map is smooth in
the grid and differences between cells are the inputs', not sampling noise. Along the first
axis each draw also gets its own break-even value, found by bisection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import xarray as xr

from decision.errors import SweepError
from decision.model.conditional import ConditionalSavings, Setting
from decision.model.statistics import PERCENTILES, binomial_standard_error
from decision.model.workers import InProcess, Workers
from decision.scenario.catalogue import Domain
from decision.scenario.located_yaml import suggest
from decision.scenario.priors_file import Scenario

DEFAULT_AXES = ("workload.inferences_per_day", "asic.model_freeze_months")


def default_axes(scenario: Scenario) -> tuple[str, ...]:
    """Volume × model freeze: :data:`DEFAULT_AXES`, or in an ``options:`` file the first
    custom option's freeze (volume alone without a custom option)."""
    if DEFAULT_AXES[1] in scenario.inputs:
        return DEFAULT_AXES
    freezes = [f"{o.name}.model_freeze_months" for o in scenario.options.options
               if o.kind == "custom"]
    return (DEFAULT_AXES[0], *freezes[:1])
DEFAULT_POINTS = 25
MAX_POINTS = 200
BISECTION_STEPS = 30
LEVELS = (0.1, 0.5, 0.9)
#: A fixed input with no range given is swept from a tenth to ten times its value.
FIXED_SPAN = 10.0


@dataclass(frozen=True)
class Axis:
    """One swept input: ``points`` values from ``low`` to ``high``, log-spaced if ``log``."""

    path: str
    low: float
    high: float
    log: bool
    points: int

    @property
    def values(self) -> np.ndarray:
        """The grid."""
        space = np.geomspace if self.log else np.linspace
        return space(self.low, self.high, self.points)

    def middle(self, low: np.ndarray, high: np.ndarray) -> np.ndarray:
        """Midpoints on the axis' scale (geometric for a log axis)."""
        return np.sqrt(low * high) if self.log else (low + high) / 2


def parse_axis(text: str, scenario: Scenario, draws: dict[str, np.ndarray]) -> Axis:
    """``PATH[=LO:HI][:log|:linear][:N]`` -> :class:`Axis`.

    Without a range an uncertain input is swept over its 1st–99th percentile and a fixed one
    from a tenth to ten times its value; the scale is log when the range spans a factor of 10.

    Raises
    ------
    SweepError
        With one line saying what is wrong.
    """
    path, _, spec = text.partition("=")
    # Without a range, :log and :N follow the path itself (PATH:log:N).
    path, *modifiers = (p.strip() for p in path.split(":"))
    if path not in scenario.inputs:
        raise SweepError(f"unknown input {path!r}{suggest(path, list(scenario.inputs))}")
    known = scenario.inputs[path].spec
    if known.options:
        raise SweepError(f"{path} is a modelling choice; the report's model-risk section"
                         " compares its options")
    if known.domain in (Domain.COUNT, Domain.WHOLE):
        raise SweepError(f"{path} is a whole-number count; sweep a continuous input")
    parts = [p.strip() for p in spec.split(":")] if spec else []
    extra = parts[2:] + modifiers
    scale = [p for p in extra if p in ("log", "linear")]
    counts = [p for p in extra if p not in ("log", "linear")]
    if (spec and (len(parts) < 2 or modifiers)) or len(scale) > 1 or len(counts) > 1:
        raise SweepError(f"{text!r}: write PATH=LO:HI, optionally followed by :log or :linear"
                         " and :N points")
    low, high = (_number(p, text) for p in parts[:2]) if parts else _default_range(
        path, scenario, draws)
    points = DEFAULT_POINTS
    if counts:
        if not counts[0].isdigit() or not 2 <= int(counts[0]) <= MAX_POINTS:
            raise SweepError(f"{text!r}: the number of points must be a whole number from 2 to"
                             f" {MAX_POINTS}; got {counts[0]!r}")
        points = int(counts[0])
    domain = known.domain
    for bound in (low, high):
        if not domain.contains(bound):
            raise SweepError(f"{path} must be {domain.describe()}; the range has {bound:g}")
    if not low < high:
        raise SweepError(f"{text!r}: LO must be below HI; got {low:g} and {high:g}")
    log = scale[0] == "log" if scale else (low > 0 and high / low >= 10)
    if log and low <= 0:
        raise SweepError(f"{text!r}: a log axis needs LO > 0; got {low:g}")
    return Axis(path, low, high, log, points)


def check_axes(axes: list[Axis]) -> None:
    """Refuse two axes on the same input."""
    if len({a.path for a in axes}) < len(axes):
        raise SweepError(f"--x and --y are both {axes[0].path}; sweep two different inputs")


def _number(part: str, text: str) -> float:
    try:
        value = float(part)
    except ValueError:
        raise SweepError(f"{text!r}: {part!r} is not a number (write 5e6, 0.3, ...)") from None
    if not np.isfinite(value):
        raise SweepError(f"{text!r}: the range must be finite; got {part!r}")
    return value


def _default_range(path: str, scenario: Scenario, draws: dict[str, np.ndarray]
                   ) -> tuple[float, float]:
    values = draws[path]
    if values.ndim:
        low, high = np.percentile(values, [1, 99])
        return float(low), float(high)
    value = float(values)
    domain = scenario.inputs[path].spec.domain
    if domain in (Domain.FRACTION, Domain.POSITIVE_FRACTION):
        return 0.01, 1.0
    if value <= 0:
        raise SweepError(f"{path} is fixed at {value:g} in {scenario.file}; give a range,"
                         f" e.g. --x {path}=LO:HI")
    return value / FIXED_SPAN, value * FIXED_SPAN


def sweep(model: ConditionalSavings, x: Axis, y: Axis | None = None,
          progress: Callable[[int, int], None] = lambda done, total: None,
          workers: Workers | None = None) -> xr.Dataset:
    """P(ASIC cheaper), expected savings and their spread on the grid, plus break-even per draw.

    Parameters
    ----------
    model : ConditionalSavings
        The draws of every input (the posterior's when the scenario has evidence).
    x, y : Axis
        The swept inputs; ``y`` optional.
    progress : callable, optional
        Called with (rows done, rows in all) as the grid fills.
    workers : Workers, optional
        Where the rows of the grid and the chunks of draws of the break-even search run
        (:mod:`decision.model.workers`); by default in this process. The result is the same.

    Returns
    -------
    xarray.Dataset
        ``p_asic_cheaper``, ``mc_standard_error``, ``expected_savings``, ``savings_p05``,
        ``savings_p95`` over ``(x[, y])``; ``crossing (level[, y])``: the ``x`` value where P
        crosses each of :data:`LEVELS` (NaN when it does not); ``break_even (draw)``.
    """
    axes = [x] if y is None else [x, y]
    check_axes(axes)
    workers = InProcess() if workers is None else workers
    options = model.scenario.options
    many = len(options.options) > 2
    cells = [{x.path: value} if y is None else {x.path: value, y.path: w}
             for value in x.values for w in ([None] if y is None else y.values)]
    per_row = 1 if y is None else y.points
    found = []
    for cell in workers.map(cell_statistics, model, cells):
        found.append(cell)
        if len(found) % per_row == 0:
            progress(len(found) // per_row, x.points + 1)
    dims = ("x",) if y is None else ("x", "y")
    grid = {name: (dims, np.array([c[name] for c in found]).reshape([a.points for a in axes]))
            for name in found[0]}
    usd = {"unit": "USD"}
    for name in ("expected_savings", "savings_p05", "savings_p95"):
        grid[name] = (*grid[name], usd)
    if many:
        grid["winner"] = (*grid["winner"], {
            "meaning": "option with the lowest expected total in the cell",
            "flag_values": np.arange(len(options.names)),
            "flag_meanings": " ".join(options.names)})
        grid["p_best"] = (*grid["p_best"], {"meaning": "share of draws in which the winner"
                                                       " is the cheapest option"})
    units = {path: value.spec.unit for path, value in model.scenario.inputs.items()}
    coords = {name: (name, axis.values, _axis_attrs(axis, units[axis.path]))
              for name, axis in zip(dims, axes, strict=True)}
    p = grid["p_asic_cheaper"][1]
    crossing = np.array([[_first_crossing(x, column, level) for column in
                          (p.T if y is not None else [p])] for level in LEVELS])
    grid["crossing"] = (("level", "y") if y is not None else ("level",),
                        crossing if y is not None else crossing[:, 0],
                        {"meaning": f"{x.path} at which P(ASIC cheaper) crosses the level"})
    break_even, ends = break_even_per_draw(model, x, workers)
    progress(x.points + 1, x.points + 1)
    dataset = xr.Dataset(grid, coords=coords | {"level": list(LEVELS)}, attrs={
        "scenario": model.scenario.name, "draws": model.draws,
        "meaning": "P(contender cheaper than the incumbent over the horizon) with the swept"
                   " inputs set, every other input at the same draws",
        "incumbent": model.pair[0], "contender": model.pair[1],
    })
    dataset["break_even"] = ("draw", break_even, _break_even_attrs(x, break_even, ends))
    return dataset


def cell_statistics(model: ConditionalSavings, setting: Setting) -> dict[str, float]:
    """One cell of the grid: P(contender cheaper), expected savings and their spread, and with
    more than two options which wins and how surely."""
    options = model.scenario.options
    winner = {}
    if len(options.options) > 2:  # every option in every cell: which wins, and how surely
        totals = model.totals(setting)
        base, other = (options.names.index(name) for name in model.pair)
        savings = totals[:, base] - totals[:, other]
        best = int(totals.mean(axis=0).argmin())
        winner = {"winner": best, "p_best": float((totals.argmin(axis=1) == best).mean())}
    else:
        savings = model.savings(setting)
    p = float((savings > 0).mean())
    return {
        "p_asic_cheaper": p,
        "mc_standard_error": float(binomial_standard_error(p, model.draws)),
        "expected_savings": float(savings.mean()),
        "savings_p05": float(np.percentile(savings, 5)),
        "savings_p95": float(np.percentile(savings, 95)),
        **winner,
    }


def break_even_per_draw(model: ConditionalSavings, axis: Axis, workers: Workers | None = None
                        ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Each draw's value of ``axis.path`` at which savings change sign, by bisection, the
    draws split into one chunk per worker.

    Returns
    -------
    break_even : ndarray, shape (draws,)
        NaN where the sign is the same at both ends of the axis.
    ends : (ndarray, ndarray)
        Savings at the low and at the high end, per draw.
    """
    workers = InProcess() if workers is None else workers
    chunks = np.array_split(np.arange(model.draws), workers.size)
    parts = list(workers.map(_break_even_of_draws, model,
                             [(axis, c[0], c[-1] + 1) for c in chunks if c.size]))
    return (np.concatenate([p[0] for p in parts]),
            (np.concatenate([p[1] for p in parts]), np.concatenate([p[2] for p in parts])))


def _break_even_of_draws(model: ConditionalSavings, task: tuple[Axis, int, int]
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    axis, start, stop = task
    part = model.rows(start, stop)
    ends = (part.savings({axis.path: axis.low}), part.savings({axis.path: axis.high}))
    found = sign_change_per_draw(lambda value: part.savings({axis.path: value}), axis, ends)
    return found, *ends


def sign_change_per_draw(savings_at: Callable[[np.ndarray], np.ndarray], axis: Axis,
                         ends: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Bisect each draw's sign change of ``savings_at`` (savings per draw at one value per
    draw) between the ends of ``axis``, given the savings there; NaN where none."""
    at_low, at_high = ends
    low = np.full(at_low.size, axis.low)
    high = np.full(at_low.size, axis.high)
    low_positive = at_low > 0
    for _ in range(BISECTION_STEPS):
        middle = axis.middle(low, high)
        same_as_low = (savings_at(middle) > 0) == low_positive
        low = np.where(same_as_low, middle, low)
        high = np.where(same_as_low, high, middle)
    return np.where(low_positive != (at_high > 0), axis.middle(low, high), np.nan)


def _first_crossing(axis: Axis, p: np.ndarray, level: float) -> float:
    above = p > level
    changes = np.flatnonzero(above[:-1] != above[1:])
    if changes.size == 0:
        return float("nan")
    i = changes[0]
    grid = np.log(axis.values) if axis.log else axis.values
    t = (level - p[i]) / (p[i + 1] - p[i])
    value = grid[i] + t * (grid[i + 1] - grid[i])
    return float(np.exp(value) if axis.log else value)


def _axis_attrs(axis: Axis, unit: str) -> dict[str, str]:
    return {"input": axis.path, "unit": unit,
            "scale": "log" if axis.log else "linear"}


def _break_even_attrs(axis: Axis, values: np.ndarray,
                      ends: tuple[np.ndarray, np.ndarray]) -> dict[str, object]:
    at_low, at_high = ends
    finite = values[np.isfinite(values)]
    p05, p50, p95 = np.percentile(finite, PERCENTILES) if finite.size else (np.nan,) * 3
    return {
        "meaning": f"{axis.path} at which this draw's savings change sign (NaN: no flip in"
                   " the swept range)",
        "input": axis.path,
        "share_in_range": float(finite.size / values.size),
        "share_asic_throughout": float(((at_low > 0) & (at_high > 0)).mean()),
        "share_gpu_throughout": float(((at_low <= 0) & (at_high <= 0)).mean()),
        "p05": float(p05), "p50": float(p50), "p95": float(p95),
    }

