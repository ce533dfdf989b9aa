"""Rank correlations between inputs through a Gaussian copula."""

from __future__ import annotations

import numpy as np


def copula_matrix(pairs: list[tuple[str, str, float]]) -> tuple[list[str], np.ndarray]:
    """Normal-scale correlation matrix that gives the requested rank correlations.

    Parameters
    ----------
    pairs : list of (str, str, float)
        ``(first, second, spearman_rank)`` for each correlated pair.

    Returns
    -------
    paths : list of str
        The correlated inputs, in first-seen order.
    matrix : ndarray, shape (k, k)
        Pearson correlation of the underlying normals, ``2 sin(pi rho_s / 6)``.

    Raises
    ------
    ValueError
        When the matrix is not positive definite (the correlations contradict each other).
    """
    paths = list(dict.fromkeys(p for a, b, _ in pairs for p in (a, b)))
    index = {p: i for i, p in enumerate(paths)}
    matrix = np.eye(len(paths))
    for a, b, rank in pairs:
        matrix[index[a], index[b]] = matrix[index[b], index[a]] = 2 * np.sin(np.pi * rank / 6)
    if paths and np.linalg.eigvalsh(matrix).min() <= 1e-10:
        raise ValueError("these rank correlations contradict each other (the matrix is not"
                         " positive definite); weaken some of them")
    return paths, matrix


def correlated_normals(normals: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Impose ``matrix`` on independent standard normals of shape ``(draws, k)``."""
    return normals @ np.linalg.cholesky(matrix).T
