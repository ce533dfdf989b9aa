"""Value of information from the draws of any probabilistic analysis: EVPI and EVPPI.

Pure NumPy/SciPy, independent of the rest of the package: ``net_benefit`` is an array of
shape ``(draws, options)`` (higher is better; for costs pass their negatives) and ``inputs``
the draws of the inputs whose partial value is wanted, row-aligned with it.

EVPPI follows the regression method of Strong, Oakley & Brennan (2014, *Med Decis Making*
34:311): the incremental net benefit of each option over the first is regressed on the
inputs, and the fitted values stand for ``E[NB | inputs]``. The regression is the additive
P-spline smooth of :mod:`decision.analysis.smooth` (main effects of each input, linear in its
value and smooth in its rank, plus pairwise interactions for a group), smoothing chosen by GCV.
Its standard error combines the regression's (the coefficients drawn from their approximate
posterior, as in Strong et al.) with the finite draws' (the spread of the per-draw gain).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray
from threadpoolctl import threadpool_limits

from decision.analysis.smooth import Fit, MainEffect, Smooth

Array = NDArray[np.float64]

MAX_GROUP = 8
STANDARD_ERROR_DRAWS = 200
#: Standard deviations within which a fitted option counts as a rival for the best in the
#: standard-error simulation; options further behind everywhere are left out of it.
RIVAL_MARGIN = 5.0
#: Rows per pass of the standard-error simulation (its arrays stay in cache).
_ROWS = 2048


@dataclass(frozen=True)
class EVPPIResult:
    """EVPPI of one input or group, with what the regression says about itself.

    Attributes
    ----------
    value : float
        Expected value of partial perfect information, in the units of the net benefit.
    standard_error : float
        Of the regression (its coefficients' uncertainty) and of the finite draws together.
    r_squared : float
        Share of the incremental net benefit's variance the inputs explain (largest over
        options); near 0 means the inputs barely move the decision's stakes.
    edf : float
        Effective degrees of freedom of the fitted smooth (largest over options).
    members : tuple of float
        For a group, each member's own EVPPI (in the order of the inputs; 0 for a fixed
        one): a group is worth at least its best member, and an estimate below that says the
        regression could not resolve the group. Empty for one input.
    """

    value: float
    standard_error: float
    r_squared: float
    edf: float
    members: tuple[float, ...] = ()


def evpi(net_benefit: ArrayLike) -> float:
    """Expected value of perfect information.

    Parameters
    ----------
    net_benefit : array_like, shape (draws, options)
        Net benefit of each option in each draw.

    Returns
    -------
    float
        ``E[max_d NB_d] - max_d E[NB_d]``: what knowing every input before deciding is worth.
    """
    nb = _net_benefit(net_benefit)
    return float(nb.max(axis=1).mean() - nb.mean(axis=0).max())


def expected_opportunity_loss(net_benefit: ArrayLike) -> Array:
    """Expected loss of choosing each option against the best option of each draw.

    Parameters
    ----------
    net_benefit : array_like, shape (draws, options)

    Returns
    -------
    ndarray, shape (options,)
        ``E[max_d NB_d - NB_option]``; the smallest equals :func:`evpi`.
    """
    nb = _net_benefit(net_benefit)
    return nb.max(axis=1).mean() - nb.mean(axis=0)


def evppi(
    net_benefit: ArrayLike,
    inputs: ArrayLike,
    *,
    seed: int = 0,
) -> EVPPIResult:
    """Expected value of partial perfect information about one input or a group of inputs.

    Parameters
    ----------
    net_benefit : array_like, shape (draws, options)
        Net benefit of each option in each draw.
    inputs : array_like, shape (draws,) or (draws, k)
        The draws of the input (or of the ``k`` inputs learnt together), row-aligned with
        ``net_benefit``. At most :data:`MAX_GROUP` inputs.
    seed : int
        Seeds the coefficient draws behind the standard error.

    Returns
    -------
    EVPPIResult
    """
    nb = _net_benefit(net_benefit)
    x = np.asarray(inputs, dtype=np.float64)
    x = x[:, None] if x.ndim == 1 else x
    if x.ndim != 2 or x.shape[0] != nb.shape[0]:
        raise ValueError(f"inputs must have shape (draws,) or (draws, k) with {nb.shape[0]}"
                         f" draws; got {x.shape}")
    names = [str(j) for j in range(x.shape[1])]
    analysis = EVPPIRegressions(nb, dict(zip(names, x.T, strict=True)), seed)
    return analysis.group(names) if len(names) > 1 else analysis.single(names[0])


class EVPPIRegressions:
    """EVPPI of named inputs alone and in groups, by regressions on the same draws: each
    input's main effect and its own fit are computed once and shared by every group that
    contains it.

    Parameters
    ----------
    net_benefit : array_like, shape (draws, options)
    inputs : mapping of str to array_like, each shape (draws,)
    seed : int
        Seeds the coefficient draws behind the standard errors.
    """

    def __init__(self, net_benefit: ArrayLike, inputs: Mapping[str, ArrayLike],
                 seed: int = 0) -> None:
        nb = _undominated(_net_benefit(net_benefit))
        inputs = {name: np.asarray(v, dtype=np.float64) for name, v in inputs.items()}
        for name, v in inputs.items():
            if v.shape != (nb.shape[0],):
                raise ValueError(f"input {name!r} must have shape ({nb.shape[0]},);"
                                 f" got {v.shape}")
        self.incremental = nb[:, 1:] - nb[:, :1]
        self.inputs = inputs
        self.seed = seed
        self._mains: dict[str, MainEffect] = {}
        self._fits: dict[str, list[Fit]] = {}
        self._singles: dict[str, EVPPIResult] = {}
        self._smooths: dict[str, Smooth] = {}

    def _varies(self, name: str) -> bool:
        return self.incremental.shape[1] > 0 and bool(np.ptp(self.inputs[name]) > 0)

    def _single_fits(self, name: str) -> list[Fit]:
        if name not in self._fits:
            self._mains[name] = MainEffect(self.inputs[name])
            self._smooths[name] = Smooth([self._mains[name]])
            self._fits[name] = [self._smooths[name].fit(y) for y in self.incremental.T]
        return self._fits[name]

    def single(self, name: str) -> EVPPIResult:
        """EVPPI of one input (0 when it is fixed: it carries no information)."""
        if not self._varies(name):
            return EVPPIResult(0.0, 0.0, 0.0, 0.0)
        if name not in self._singles:
            fits = self._single_fits(name)
            self._singles[name] = self._result(self._smooths[name].design, fits)
        return self._singles[name]

    def each(self, names: Sequence[str] | None = None,
             groups: Mapping[str, Sequence[str]] | None = None
             ) -> tuple[dict[str, EVPPIResult], dict[str, EVPPIResult]]:
        """:meth:`single` of each of ``names`` (default: every input), then :meth:`group` of
        each of ``groups``, on a thread per core.

        Each thread's linear algebra runs on one BLAS thread: the matrices are small and many,
        and BLAS's own threads cost more than they bring here (and their number would change
        the last digits from one machine to another).
        """
        names = list(self.inputs) if names is None else list(names)
        groups = dict(groups or {})
        with (threadpool_limits(1, user_api="blas"),
              ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool):
            singles = dict(zip(names, pool.map(self.single, names), strict=True))
            together = dict(zip(groups, pool.map(self.group, groups.values()), strict=True))
        return singles, together

    def group(self, names: Sequence[str]) -> EVPPIResult:
        """EVPPI of inputs learnt together, with each member's own."""
        if len(names) > MAX_GROUP:
            raise ValueError(f"at most {MAX_GROUP} inputs can be learnt together;"
                             f" got {len(names)}")
        varying = [n for n in names if self._varies(n)]
        members = tuple(_evppi_from_fitted(np.column_stack([f.fitted for f in
                                                            self._single_fits(n)]))
                        if n in varying else 0.0 for n in names)
        if not varying:
            return EVPPIResult(0.0, 0.0, 0.0, 0.0, members)
        smooth = Smooth([self._mains[n] for n in varying])
        fits = ([smooth.fit(y, np.concatenate([self._fits[n][r].main_log_lambda
                                               for n in varying]))
                 for r, y in enumerate(self.incremental.T)]
                if len(varying) > 1 else self._fits[varying[0]])
        return replace(self._result(smooth.design, fits), members=members)

    def _result(self, design: Array, fits: list[Fit]) -> EVPPIResult:
        fitted = np.column_stack([f.fitted for f in fits])
        spread = _spread(design, fits)
        rivals = _may_be_best(fitted, spread)
        simulated = (simulated_evppi(design, [fits[k] for k in rivals], spread[:, rivals],
                                     STANDARD_ERROR_DRAWS, np.random.default_rng(self.seed))
                     if rivals else np.zeros(2))
        return EVPPIResult(
            value=_evppi_from_fitted(fitted),
            standard_error=float(np.hypot(np.std(simulated, ddof=1), _draws_error(fitted))),
            r_squared=max(f.r_squared for f in fits),
            edf=max(f.edf for f in fits),
        )


def _evppi_from_fitted(fitted: Array) -> float:
    """``E[max(0, g)] - max(0, E[g])`` for fitted incremental net benefits ``g (draws, d)``."""
    informed = np.maximum(fitted.max(axis=1), 0.0).mean()
    return float(informed - max(fitted.mean(axis=0).max(), 0.0))


def _draws_error(fitted: Array) -> float:
    """Monte Carlo standard error of :func:`_evppi_from_fitted` over the finite draws: it is
    the mean of ``max(0, max_d g_d) - g_best`` (``g_best`` the option best on average, 0 for the
    baseline), whose spread over draws gives it."""
    means = fitted.mean(axis=0)
    best = fitted[:, np.argmax(means)] if means.max() > 0 else 0.0
    gain = np.maximum(fitted.max(axis=1), 0.0) - best
    return float(np.std(gain, ddof=1) / np.sqrt(gain.size))


def _undominated(nb: Array) -> Array:
    """The options not dominated draw by draw: one whose net benefit another option's equals
    or beats in every draw (strictly in one, or equal and earlier) is never the best given
    any information, so it leaves every EVPPI exactly as it is."""
    keep = []
    for k in range(nb.shape[1]):
        beaten = (np.all(nb >= nb[:, k:k + 1], axis=0)
                  & (np.any(nb > nb[:, k:k + 1], axis=0) | (np.arange(nb.shape[1]) < k)))
        beaten[k] = False
        if not beaten.any():
            keep.append(k)
    return nb[:, keep]


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


def _net_benefit(net_benefit: ArrayLike) -> Array:
    nb = np.asarray(net_benefit, dtype=np.float64)
    if nb.ndim != 2 or nb.shape[0] < 2:
        raise ValueError(f"net_benefit must have shape (draws, options); got {nb.shape}")
    if not np.isfinite(nb).all():
        raise ValueError("net_benefit has non-finite values")
    return nb
