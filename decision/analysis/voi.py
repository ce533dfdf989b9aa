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

from decision.analysis.fitted_evppi import evppi_from_fitted, standard_error
from decision.analysis.smooth import Fit, MainEffect, Smooth

Array = NDArray[np.float64]

MAX_GROUP = 8


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
        _check_group(names)
        varying = [n for n in names if self._varies(n)]
        members = tuple(evppi_from_fitted(np.column_stack([f.fitted for f in
                                                           self._single_fits(n)]))
                        if n in varying else 0.0 for n in names)
        if not varying:
            return EVPPIResult(0.0, 0.0, 0.0, 0.0, members)
        smooth, fits = self._group_fits(names)
        return replace(self._result(smooth.design, fits), members=members)

    def _group_fits(self, names: Sequence[str]) -> tuple[Smooth, list[Fit]]:
        varying = [n for n in names if self._varies(n)]
        if len(varying) == 1:
            self._single_fits(varying[0])
            return self._smooths[varying[0]], self._fits[varying[0]]
        for n in varying:
            self._single_fits(n)
        smooth = Smooth([self._mains[n] for n in varying])
        return smooth, [smooth.fit(y, [self._fits[n][r] for n in varying])
                        for r, y in enumerate(self.incremental.T)]

    def _result(self, design: Array, fits: list[Fit]) -> EVPPIResult:
        return EVPPIResult(
            value=evppi_from_fitted(np.column_stack([f.fitted for f in fits])),
            standard_error=standard_error(design, fits, np.random.default_rng(self.seed)),
            r_squared=max(f.r_squared for f in fits),
            edf=max(f.edf for f in fits),
        )


def _check_group(names: Sequence[str]) -> None:
    if len(names) > MAX_GROUP:
        raise ValueError(f"at most {MAX_GROUP} inputs can be learnt together; got {len(names)}")


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


def _net_benefit(net_benefit: ArrayLike) -> Array:
    nb = np.asarray(net_benefit, dtype=np.float64)
    if nb.ndim != 2 or nb.shape[0] < 2:
        raise ValueError(f"net_benefit must have shape (draws, options); got {nb.shape}")
    if not np.isfinite(nb).all():
        raise ValueError("net_benefit has non-finite values")
    return nb
