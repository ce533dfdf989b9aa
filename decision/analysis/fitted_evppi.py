"""EVPPI from fitted conditional expectations, and its standard error.

The regression of :mod:`decision.analysis.voi` gives ``g (draws, d)``: each option's expected
incremental net benefit over the baseline given the inputs. The EVPPI is
``E[max(0, max_d g_d)] - max(0, max_d E[g_d])``. Its standard error combines the regression's
(the coefficients drawn from their approximate posterior, Strong, Oakley & Brennan 2014) and
the finite draws'.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from decision.analysis.smooth import Fit

Array = NDArray[np.float64]

STANDARD_ERROR_DRAWS = 200
#: Standard deviations within which a fitted option counts as a rival for the best in the
#: standard-error simulation; options further behind everywhere are left out of it.
RIVAL_MARGIN = 5.0
#: Rows per pass of the standard-error simulation (its arrays stay in cache).
_ROWS = 2048


def standard_error(design: Array, fits: list[Fit], rng: np.random.Generator) -> float:
    """Standard error of :func:`evppi_from_fitted` of ``fits``: of the regression (over
    :data:`STANDARD_ERROR_DRAWS` coefficient draws) and of the finite draws, in quadrature.

    Parameters
    ----------
    design : ndarray, shape (draws, p)
        The regression's design matrix.
    fits : list of Fit
        One per option other than the baseline.
    rng : numpy.random.Generator
    """
    fitted = np.column_stack([f.fitted for f in fits])
    spread = _spread(design, fits)
    rivals = _may_be_best(fitted, spread)
    simulated = (simulated_evppi(design, [fits[k] for k in rivals], spread[:, rivals],
                                 STANDARD_ERROR_DRAWS, rng) if rivals else np.zeros(2))
    return float(np.hypot(np.std(simulated, ddof=1), _draws_error(fitted)))


def evppi_from_fitted(fitted: Array) -> float:
    """``E[max(0, g)] - max(0, E[g])`` for fitted incremental net benefits ``g (draws, d)``."""
    informed = np.maximum(fitted.max(axis=1), 0.0).mean()
    return float(informed - max(fitted.mean(axis=0).max(), 0.0))


def _draws_error(fitted: Array) -> float:
    """Monte Carlo standard error of :func:`evppi_from_fitted` over the finite draws: it is
    the mean of ``max(0, max_d g_d) - g_best`` (``g_best`` the option best on average, 0 for the
    baseline), whose spread over draws gives it."""
    means = fitted.mean(axis=0)
    best = fitted[:, np.argmax(means)] if means.max() > 0 else 0.0
    gain = np.maximum(fitted.max(axis=1), 0.0) - best
    return float(np.std(gain, ddof=1) / np.sqrt(gain.size))


def _spread(design: Array, fits: list[Fit]) -> Array:
    """:data:`RIVAL_MARGIN` standard deviations of each fitted value under the coefficients'
    posterior, ``sigma ||C' x_i||`` (``C`` the covariance root), shape ``(draws, fits)``."""
    out = np.empty((design.shape[0], len(fits)))
    for start in range(0, design.shape[0], _ROWS):
        block = design[start:start + _ROWS]
        for k, f in enumerate(fits):
            root = block @ f.covariance_root
            out[start:start + _ROWS, k] = RIVAL_MARGIN * f.sigma * np.sqrt(
                np.einsum("ij,ij->i", root, root))
    return out


def _may_be_best(fitted: Array, spread: Array) -> list[int]:
    """The fits that can change the simulated EVPPI: those whose fitted value, moved by its
    ``spread``, can be the largest in some draw or on average (with 0, the baseline option,
    which has no uncertainty)."""
    n, d = fitted.shape
    lower = np.hstack([np.zeros((n, 1)), fitted - spread])
    upper = fitted + spread
    # The best lower bound among the others of each fit: the largest, or the second largest
    # where the fit itself holds the largest.
    order = np.argsort(lower, axis=1)
    first = np.take_along_axis(lower, order[:, -1:], axis=1)[:, 0]
    second = np.take_along_axis(lower, order[:, -2:-1], axis=1)[:, 0]
    means = lower.mean(axis=0)
    keep = []
    for k in range(d):
        others = np.where(order[:, -1] == k + 1, second, first)
        best_mean = np.delete(means, k + 1).max()
        if np.any(upper[:, k] >= others) or upper[:, k].mean() >= best_mean:
            keep.append(k)
    return keep


def simulated_evppi(design: Array, fits: list[Fit], spread: Array, count: int,
                    rng: np.random.Generator) -> Array:
    """EVPPI under ``count`` draws of every fit's coefficients, shape ``(count,)``.

    The coefficients' approximate posterior is ``N(b, sigma^2 C C')`` (Strong et al. 2014).
    Exact sums do most of the work: the mean of each drawn fit comes from the design's column
    sums, and so does the largest in every draw where one option (or the baseline's 0) is
    ahead of all others by more than their ``spread``; only the remaining draws go through
    the coefficient draws row by row, in chunks.
    """
    deviations = [f.sigma * f.covariance_root @ rng.standard_normal((f.coefficients.size,
                                                                     count))
                  for f in fits]
    n = design.shape[0]
    fitted = np.column_stack([np.zeros(n)] + [f.fitted for f in fits])
    zero = np.zeros((n, 1))
    lower = fitted - np.hstack([zero, spread])
    upper = fitted + np.hstack([zero, spread])
    winner = lower.argmax(axis=1)
    upper[np.arange(n), winner] = -np.inf
    settled = lower[np.arange(n), winner] >= upper.max(axis=1)
    column_sums = design.sum(axis=0)
    means = np.column_stack([(f.fitted.sum() + column_sums @ d) / n
                             for f, d in zip(fits, deviations, strict=True)])
    informed = np.zeros(count)
    for k, (f, d) in enumerate(zip(fits, deviations, strict=True), start=1):
        rows = settled & (winner == k)
        informed += f.fitted[rows].sum() + design[rows].sum(axis=0) @ d
    unsettled = np.flatnonzero(~settled)
    for start in range(0, unsettled.size, _ROWS):
        rows = unsettled[start:start + _ROWS]
        block = design[rows]
        best = np.zeros((rows.size, count))
        for f, d in zip(fits, deviations, strict=True):
            drawn = block @ d
            drawn += f.fitted[rows, None]
            np.maximum(best, drawn, out=best)
        informed += best.sum(axis=0)
    return informed / n - np.maximum(means.max(axis=1), 0.0)
