"""Value of information from the draws of any probabilistic analysis: EVPI and EVPPI.

Pure NumPy/SciPy, independent of the rest of the package: ``net_benefit`` is an array of
shape ``(draws, options)`` (higher is better; for costs pass their negatives) and ``inputs``
the draws of the inputs whose partial value is wanted, row-aligned with it.

EVPPI follows the regression method of Strong, Oakley & Brennan (2014, *Med Decis Making*
34:311): the incremental net benefit of each option over the first is regressed on the
inputs, and the fitted values stand for ``E[NB | inputs]``. The regression is a penalised
tensor-product B-spline (P-spline) on the inputs' ranks — the ``te()`` smooth of the GAM the
R package ``voi`` uses — with a smoothing parameter per input chosen by generalised
cross-validation.
Its standard error comes from drawing the spline coefficients from their approximate
posterior, as in Strong et al.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.interpolate import BSpline
from scipy.linalg import cho_factor, cho_solve, solve_triangular
from scipy.optimize import minimize
from scipy.stats import rankdata

Array = NDArray[np.float64]

#: Basis functions per input of a single-input smooth; groups share a budget (see below).
SINGLE_BASIS = 20
#: Most coefficients a tensor-product smooth may have; each margin gets the largest equal
#: size within it (3 inputs: 6 each, 4 inputs: 4, 5: 3, 6–8: 2 — bilinear interactions).
TENSOR_BUDGET = 256
MAX_GROUP = 8
STANDARD_ERROR_DRAWS = 200
#: Standard deviations within which a fitted option counts as a rival for the best in the
#: standard-error simulation; options further behind everywhere are left out of it.
RIVAL_MARGIN = 5.0
_CHUNK = 4096
#: Range of log smoothing parameters searched (penalties are scaled to the Gram matrix).
_LOG_LAMBDA = (-12.0, 12.0)


@dataclass(frozen=True)
class EVPPIResult:
    """EVPPI of one input or group, with what the regression says about itself.

    Attributes
    ----------
    value : float
        Expected value of partial perfect information, in the units of the net benefit.
    standard_error : float
        From the uncertainty of the regression coefficients (not the finite draws).
    r_squared : float
        Share of the incremental net benefit's variance the inputs explain (largest over
        options); near 0 means the inputs barely move the decision's stakes.
    edf : float
        Effective degrees of freedom of the fitted smooth (largest over options).
    """

    value: float
    standard_error: float
    r_squared: float
    edf: float


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
    nb = _undominated(_net_benefit(net_benefit))
    x = np.asarray(inputs, dtype=np.float64)
    x = x[:, None] if x.ndim == 1 else x
    if x.ndim != 2 or x.shape[0] != nb.shape[0]:
        raise ValueError(f"inputs must have shape (draws,) or (draws, k) with {nb.shape[0]}"
                         f" draws; got {x.shape}")
    x = x[:, np.ptp(x, axis=0) > 0]  # a fixed input carries no information
    if x.shape[1] > MAX_GROUP:
        raise ValueError(f"at most {MAX_GROUP} inputs can be learnt together; got {x.shape[1]}")
    incremental = nb[:, 1:] - nb[:, :1]
    if x.shape[1] == 0 or nb.shape[1] == 1:
        return EVPPIResult(0.0, 0.0, 0.0, 0.0)

    smooth = _PenalisedSpline(x)
    fits = [smooth.fit(column) for column in incremental.T]
    fitted = np.column_stack([f.fitted for f in fits])
    value = _evppi_from_fitted(fitted)

    rivals = [fits[k] for k in _may_be_best(smooth, fits, fitted)]
    simulated = (smooth.simulated_evppi(rivals, STANDARD_ERROR_DRAWS,
                                        np.random.default_rng(seed)) if rivals else np.zeros(2))
    return EVPPIResult(
        value=value,
        standard_error=float(np.std(simulated, ddof=1)),
        r_squared=max(f.r_squared for f in fits),
        edf=max(f.edf for f in fits),
    )


def _evppi_from_fitted(fitted: Array) -> float:
    """``E[max(0, g)] - max(0, E[g])`` for fitted incremental net benefits ``g (draws, d)``."""
    informed = np.maximum(fitted.max(axis=1), 0.0).mean()
    return float(informed - max(fitted.mean(axis=0).max(), 0.0))


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


def _may_be_best(smooth: _PenalisedSpline, fits: list[_Fit], fitted: Array) -> list[int]:
    """The fits that can change the simulated EVPPI: those whose fitted value, moved by
    :data:`RIVAL_MARGIN` bounds on its standard deviation, can be the largest in some draw or
    on average (with 0, the baseline option, which has no uncertainty). The bound of a row is
    ``sigma ||x_i|| ||L||_2`` (``L`` the covariance root), never below the row's own."""
    rows = np.sqrt(np.einsum("ij,ij->i", smooth.design, smooth.design))
    spread = np.column_stack([RIVAL_MARGIN * f.sigma * np.linalg.norm(f.covariance_root, 2)
                              * rows for f in fits])
    upper, lower = fitted + spread, fitted - spread
    keep = []
    for k in range(fitted.shape[1]):
        others = np.delete(lower, k, axis=1)
        best = np.maximum(others.max(axis=1), 0.0) if others.shape[1] else np.zeros(len(rows))
        best_mean = max(float(others.mean(axis=0).max()), 0.0) if others.shape[1] else 0.0
        if np.any(upper[:, k] >= best) or upper[:, k].mean() >= best_mean:
            keep.append(k)
    return keep


def _net_benefit(net_benefit: ArrayLike) -> Array:
    nb = np.asarray(net_benefit, dtype=np.float64)
    if nb.ndim != 2 or nb.shape[0] < 2:
        raise ValueError(f"net_benefit must have shape (draws, options); got {nb.shape}")
    if not np.isfinite(nb).all():
        raise ValueError("net_benefit has non-finite values")
    return nb


@dataclass(frozen=True)
class _Fit:
    coefficients: Array
    fitted: Array
    covariance_root: Array  # L with L L' = (X'X + sum lam_j S_j)^-1
    sigma: float
    r_squared: float
    edf: float


class _PenalisedSpline:
    """A tensor-product P-spline on the ranks of ``x``, ready to fit several responses.

    Each input has its own difference penalty ``S_j`` and smoothing parameter ``lam_j``
    (an anisotropic smooth, as mgcv's ``te()``): the fit minimises
    ``|y - X b|^2 + sum_j lam_j b' S_j b``, with the ``lam_j`` minimising GCV.
    """

    def __init__(self, x: Array) -> None:
        n, k = x.shape
        size = SINGLE_BASIS if k == 1 else max(2, int(TENSOR_BUDGET ** (1 / k) + 1e-9))
        margins = [_bspline_basis((rankdata(col) - 0.5) / n, size) for col in x.T]
        self.design = margins[0]
        for margin in margins[1:]:
            self.design = (self.design[:, :, None] * margin[:, None, :]).reshape(n, -1)
        self.gram = self.design.T @ self.design
        # Each penalty scaled to the Gram matrix so log(lam) = 0 is a middling smoothness.
        self.penalties = [p * np.trace(self.gram) / max(np.trace(p), 1e-300)
                          for p in _tensor_penalties(size, k)]
        self.ridge = 1e-8 * np.trace(self.gram) / self.gram.shape[0] * np.eye(self.gram.shape[0])

    def _solve(self, log_lam: Array, xty: Array) -> tuple[Array, Array, float]:
        """Coefficients, Cholesky factor of the penalised Gram matrix and the edf."""
        penalised = self.gram + self.ridge + sum(
            np.exp(lam) * p for lam, p in zip(np.clip(log_lam, *_LOG_LAMBDA), self.penalties,
                                              strict=True))
        factor = cho_factor(penalised, lower=True)
        edf = float(np.trace(cho_solve(factor, self.gram)))
        return cho_solve(factor, xty), factor[0], edf

    def fit(self, y: Array) -> _Fit:
        n, k = y.size, len(self.penalties)
        xty = self.design.T @ y
        yy = float(y @ y)

        def gcv(log_lam: Array) -> float:
            try:
                b, _, edf = self._solve(np.broadcast_to(log_lam, k), xty)
            except np.linalg.LinAlgError:  # too little smoothing for an ill-conditioned basis
                return np.inf
            rss = yy - 2 * b @ xty + b @ self.gram @ b
            return n * max(rss, 0.0) / (n - edf) ** 2

        grid = np.linspace(*_LOG_LAMBDA, 25)
        start = np.full(k, grid[np.argmin([gcv(g) for g in grid])])
        log_lam = minimize(gcv, start, method="Nelder-Mead",
                           options={"xatol": 0.05, "fatol": 1e-9, "maxfev": 60 * k}).x
        coefficients, lower, edf = self._solve(log_lam, xty)
        fitted = self.design @ coefficients
        residual = y - fitted
        rss = float(residual @ residual)
        total = float(((y - y.mean()) ** 2).sum())
        covariance_root = solve_triangular(lower, np.eye(lower.shape[0]), lower=True).T
        return _Fit(coefficients, fitted, covariance_root,
                    float(np.sqrt(rss / max(n - edf, 1.0))),
                    1.0 - rss / total if total > 0 else 0.0, edf)

    def simulated_evppi(self, fits: list[_Fit], count: int, rng: np.random.Generator
                        ) -> Array:
        """EVPPI under ``count`` draws of every fit's coefficients, shape ``(count,)``.

        The coefficients' approximate posterior is ``N(b, sigma^2 (X'X + sum lam_j S_j)^-1)``.
        Rows go in chunks so no ``(draws, count)`` array is ever held whole.
        """
        deviations = [f.sigma * f.covariance_root @ rng.standard_normal((f.coefficients.size,
                                                                         count))
                      for f in fits]
        n = self.design.shape[0]
        informed = np.zeros(count)
        totals = np.zeros((count, len(fits)))
        for start in range(0, n, _CHUNK):
            rows = slice(start, start + _CHUNK)
            fitted = np.stack([f.fitted[rows, None] + self.design[rows] @ d
                               for f, d in zip(fits, deviations, strict=True)], axis=-1)
            informed += np.maximum(fitted.max(axis=-1), 0.0).sum(axis=0)
            totals += fitted.sum(axis=0)
        return informed / n - np.maximum((totals / n).max(axis=-1), 0.0)


def _bspline_basis(u: Array, size: int) -> Array:
    """``size`` B-splines of degree ``min(3, size - 1)`` on equally spaced knots over [0, 1]."""
    degree = min(3, size - 1)
    interior = np.linspace(0.0, 1.0, size - degree + 1)
    knots = np.concatenate([np.zeros(degree), interior, np.ones(degree)])
    return BSpline.design_matrix(u, knots, degree).toarray()


def _tensor_penalties(size: int, k: int) -> list[Array]:
    """One penalty per margin: a difference penalty (order 2, or 1 for size 2) on that
    margin's coefficients, identity on the others."""
    order = min(2, size - 1)
    difference = np.diff(np.eye(size), n=order, axis=0)
    marginal = difference.T @ difference
    identity = np.eye(size)
    penalties = []
    for j in range(k):
        term = np.ones((1, 1))
        for i in range(k):
            term = np.kron(term, marginal if i == j else identity)
        penalties.append(term)
    return penalties
