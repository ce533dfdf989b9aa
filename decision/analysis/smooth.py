"""The regression behind EVPPI (and EVSI): an additive P-spline smooth of a few inputs, with
pairwise interactions, fitted by penalised least squares and GCV.

For inputs ``x_1 … x_k`` the smooth is

    g(x) = a + sum_j [c_j x_j + s_j(r_j)] + sum_{j<l} t_jl(r_j, r_l)

where ``r_j`` is the rank of ``x_j`` scaled to (0, 1), ``s_j`` a cubic B-spline of
:data:`MAIN_BASIS` functions with a second-difference penalty, ``t_jl`` a tensor product of
two smaller B-spline margins with the sum of the margins' penalties (mgcv's ``ti()``), and
``c_j x_j`` a term linear in the input's own value. The linear term follows a price into its
tail, where the ranks cannot; it is left out when it is nearly the linear function of the
rank (a uniform input). Each spline is constrained to sum to zero over the draws, so the
terms are identifiable.

Smoothing: each main effect ``s_j`` has its own ``lambda_j``; the interactions share one. A
single input's ``lambda`` is chosen by generalised cross-validation (GCV); a group keeps its
members' main-effect ``lambda_j`` from their own fits and chooses the interactions' by GCV. A
one-parameter GCV search costs one Cholesky factorisation and one symmetric eigendecomposition,
then ``O(p^2)`` per value tried (Wood 2017, *Generalized Additive Models*, 6.2): with
``M = X'X + F`` (``F`` the fixed penalties) ``= L L'`` and ``L^-1 P L^-T = U D U'``,
``(M + lambda P)^-1 = L^-T U (I + lambda D)^-1 U' L^-1``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import NDArray
from scipy.interpolate import BSpline
from scipy.linalg import cho_factor, eigh, solve_triangular
from scipy.optimize import minimize_scalar
from scipy.stats import rankdata

Array = NDArray[np.float64]

#: B-spline functions of each input's main effect.
MAIN_BASIS = 20
#: Most coefficients the pairwise interactions of a group may have together; each pair's
#: margins get the largest equal size within it, between 3 and :data:`MAX_PAIR_MARGIN`.
PAIR_BUDGET = 256
MAX_PAIR_MARGIN = 10
#: A term linear in the value is kept unless it correlates with the rank beyond this.
COLLINEAR = 0.999
#: Range of log smoothing parameters searched (penalties are scaled to their block's Gram).
LOG_LAMBDA = (-12.0, 12.0)
_GRID = np.linspace(*LOG_LAMBDA, 97)


@dataclass(frozen=True)
class Fit:
    """One response fitted by a :class:`Smooth`.

    ``covariance_root`` is ``C`` with ``C C' = (X'X + penalties)^-1``, so the coefficients'
    approximate posterior is ``N(coefficients, sigma^2 C C')``.
    """

    coefficients: Array
    fitted: Array
    covariance_root: Array
    sigma: float
    r_squared: float
    edf: float
    main_log_lambda: Array  # one per input; what a group containing it reuses


@dataclass(frozen=True)
class _Block:
    columns: slice
    penalty: Array  # scaled to the block's Gram matrix


class MainEffect:
    """One input's main effect ``c x + s(r)``: its columns (centred) and penalty.

    Built once per input and shared by every smooth that contains the input.

    Parameters
    ----------
    x : ndarray, shape (draws,)
        The input's draws; not all equal.
    """

    def __init__(self, x: Array) -> None:
        order = np.argsort(x, kind="stable")
        if np.any(x[order][1:] == x[order][:-1]):  # ties share their mean rank
            self.position = None
            self.rank = (rankdata(x) - 0.5) / x.size
        else:
            self.position = np.empty(x.size, dtype=np.intp)
            self.position[order] = np.arange(x.size)
            self.rank = (self.position + 0.5) / x.size
        spline, penalty = self.spline(MAIN_BASIS)
        linear = (x - x.mean()) / x.std()
        if abs(np.corrcoef(linear, self.rank)[0, 1]) < COLLINEAR:
            spline = np.column_stack([linear, spline])
            penalty = np.pad(penalty, ((1, 0), (1, 0)))
        self.columns = spline
        self.penalty = _scaled(penalty, spline)

    def spline(self, size: int) -> tuple[Array, Array]:
        """The constrained spline of the rank with ``size`` functions, and its penalty.

        Without ties the ranks are a permutation of the same grid for every input, so the
        basis is computed once per grid and gathered.
        """
        if self.position is None:
            return _constrained_spline(self.rank, size)
        spline, penalty = _grid_spline(self.rank.size, size)
        return spline[self.position], penalty


class Smooth:
    """The additive smooth of some inputs' main effects and their pairwise interactions,
    ready to fit several responses.

    Parameters
    ----------
    mains : list of MainEffect
        One per input, all of the same draws.
    """

    def __init__(self, mains: list[MainEffect]) -> None:
        n, k = mains[0].rank.size, len(mains)
        self.n = n
        self.mains: list[_Block] = []
        start = 1
        for main in mains:
            self.mains.append(_Block(slice(start, start + main.columns.shape[1]),
                                     main.penalty))
            start += main.columns.shape[1]
        pairs = list(combinations(range(k), 2))
        margins = []
        if pairs:
            size = int(np.clip(1 + np.sqrt(PAIR_BUDGET / len(pairs)) + 1e-9, 3,
                               MAX_PAIR_MARGIN))
            margins = [main.spline(size) for main in mains]
        # The design is filled in place: at 100,000 draws a group's takes a few hundred MB,
        # and stacking its pieces would write it twice.
        width = sum(margins[j][0].shape[1] * margins[m][0].shape[1] for j, m in pairs)
        self.design = np.empty((n, start + width))
        self.design[:, 0] = 1.0
        for main, block in zip(mains, self.mains, strict=True):
            self.design[:, block.columns] = main.columns
        self.pairs: list[_Block] = []
        for j, m in pairs:
            (a, sa), (b, sb) = margins[j], margins[m]
            product = (a[:, :, None] * b[:, None, :]).reshape(n, -1)
            penalty = np.kron(sa, np.eye(sb.shape[0])) + np.kron(np.eye(sa.shape[0]), sb)
            columns = slice(start, start + product.shape[1])
            self.design[:, columns] = product
            self.pairs.append(_Block(columns, _scaled(penalty, product)))
            start = columns.stop
        self.gram = self.design.T @ self.design
        p = self.gram.shape[0]
        self.ridge = 1e-8 * np.trace(self.gram) / p * np.eye(p)

    def _penalty(self, blocks: list[_Block], log_lambda: Array | None = None) -> Array:
        total = np.zeros_like(self.gram)
        for i, block in enumerate(blocks):
            scale = 1.0 if log_lambda is None else np.exp(log_lambda[i])
            total[block.columns, block.columns] += scale * block.penalty
        return total

    def fit(self, y: Array, members: list[Fit] | None = None) -> Fit:
        """Fit ``y`` (draws,).

        Parameters
        ----------
        y : ndarray, shape (draws,)
        members : list of Fit, optional
            Each input's own fit of ``y``, required for more than one input: the main
            effects keep their smoothing, and the interactions' is chosen by GCV.
        """
        if len(self.mains) == 1:
            fixed, searched = self.ridge, self._penalty(self.mains)
            main_log_lambda = None
        else:
            main_log_lambda = np.concatenate([f.main_log_lambda for f in members])
            fixed = self.ridge + self._penalty(self.mains, main_log_lambda)
            searched = self._penalty(self.pairs)
        xty = self.design.T @ y
        lower = cho_factor(self.gram + fixed, lower=True)[0]
        inverse = solve_triangular(lower, np.eye(lower.shape[0]), lower=True)  # L^-1
        d, u = eigh(inverse @ searched @ inverse.T)
        d = np.maximum(d, 0.0)
        rotate = inverse.T @ u  # L^-T U
        z = rotate.T @ xty
        held = rotate.T @ fixed @ rotate  # U' L^-1 F L^-T U
        yy = float(y @ y)

        def gcv(log_lambda: Array) -> Array:
            w = 1.0 / (1.0 + np.exp(np.atleast_1d(log_lambda))[:, None] * d)  # (values, p)
            wz = w * z
            edf = (w * (1.0 - np.diag(held))).sum(axis=1)
            # b'X'y = sum w z^2 and b'(X'X)b = sum (w z)^2 - (wz)' H (wz).
            rss = yy - 2 * (wz * z).sum(axis=1) + (wz * wz).sum(axis=1) - np.einsum(
                "vi,ij,vj->v", wz, held, wz)
            return self.n * np.maximum(rss, 0.0) / np.maximum(self.n - edf, 1.0) ** 2

        best = _GRID[np.argmin(gcv(_GRID))]
        step = _GRID[1] - _GRID[0]
        log_lambda = minimize_scalar(lambda v: float(gcv(v)[0]), method="bounded",
                                     bounds=(max(best - step, LOG_LAMBDA[0]),
                                             min(best + step, LOG_LAMBDA[1])),
                                     options={"xatol": 1e-3}).x
        w = 1.0 / (1.0 + np.exp(log_lambda) * d)
        coefficients = rotate @ (w * z)
        covariance_root = rotate * np.sqrt(w)
        fitted = self.design @ coefficients
        residual = y - fitted
        rss = float(residual @ residual)
        edf = float((w * (1.0 - np.diag(held))).sum())
        total = float(((y - y.mean()) ** 2).sum())
        mains = np.array([log_lambda]) if main_log_lambda is None else main_log_lambda
        return Fit(coefficients, fitted, covariance_root,
                   float(np.sqrt(rss / max(self.n - edf, 1.0))),
                   1.0 - rss / total if total > 0 else 0.0, edf, mains)


@functools.lru_cache(maxsize=8)
def _grid_spline(n: int, size: int) -> tuple[Array, Array]:
    """:func:`_constrained_spline` of the ranks ``(i + 1/2) / n`` in order."""
    return _constrained_spline((np.arange(n) + 0.5) / n, size)


def _constrained_spline(rank: Array, size: int) -> tuple[Array, Array]:
    """``size`` cubic B-splines of ``rank`` (at most degree ``size - 1``) on equally spaced
    knots, constrained to sum to zero over the draws (``size - 1`` columns), and their
    second-difference penalty (first difference for 2 functions) in the constrained
    coefficients."""
    degree = min(3, size - 1)
    interior = np.linspace(0.0, 1.0, size - degree + 1)
    knots = np.concatenate([np.zeros(degree), interior, np.ones(degree)])
    basis = BSpline.design_matrix(rank, knots, degree).toarray()
    # Null space of the constraint (column sums): the last size - 1 columns of its QR's Q.
    q, _ = np.linalg.qr(basis.sum(axis=0)[:, None], mode="complete")
    z = q[:, 1:]
    difference = np.diff(np.eye(size), n=min(2, size - 1), axis=0)
    return basis @ z, z.T @ difference.T @ difference @ z


def _scaled(penalty: Array, block: Array) -> Array:
    """``penalty`` scaled so ``log lambda = 0`` is a middling smoothness for ``block``."""
    return penalty * np.einsum("ij,ij->", block, block) / max(np.trace(penalty), 1e-300)


def conditional_mean(y: Array, x: Array) -> Array:
    """``E(y | x)`` per draw, by the additive smooth of the columns of ``x`` (draws, k), at
    most :data:`decision.analysis.voi.MAX_GROUP` of them; ``y``'s mean where none varies."""
    mains = [MainEffect(column) for column in x.T if np.ptp(column) > 0]
    if not mains:
        return np.full_like(y, y.mean())
    members = [Smooth([main]).fit(y) for main in mains]
    return members[0].fitted if len(mains) == 1 else Smooth(mains).fit(y, members).fitted
