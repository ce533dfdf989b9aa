"""The ``correlations:`` section of a priors file: rank correlations between uncertain inputs,
checked, then joined by those among the inputs a ``serving:`` section derives."""

from __future__ import annotations

from decision.scenario.copula import copula_matrix
from decision.scenario.inputs import Correlation, InputValue
from decision.scenario.located_yaml import LocatedYaml, show, suggest


def parse_correlations(block: object, inputs: dict[str, InputValue], located: LocatedYaml,
                  derived: tuple[Correlation, ...]) -> tuple[Correlation, ...]:
    """The file's rank correlations, then those among inputs derived from ``serving:``
    (``derived``, left out where the file correlates the same pair).

    Raises
    ------
    PriorsError
        One line naming the key: a malformed entry, an unknown or fixed input, a rank outside
        (-1, 1), a pair given twice, or a matrix that is not a correlation matrix.
    """
    if not isinstance(block, list):
        raise located.error("correlations", "must be a list of {inputs: [a, b], rank: r}")
    out = []
    seen: set[frozenset[str]] = set()
    for item in block:
        if not isinstance(item, dict) or set(item) != {"inputs", "rank"}:
            raise located.error("correlations", f"each entry is {{inputs: [a, b], rank: r}};"
                                                f" got {show(item)}")
        pair, rank = item["inputs"], item["rank"]
        if not (isinstance(pair, list) and len(pair) == 2
                and all(isinstance(path, str) for path in pair) and pair[0] != pair[1]):
            raise located.error("correlations", f"inputs must name two different inputs;"
                                                f" got {show(pair)}")
        for path in pair:
            if path not in inputs:
                raise located.error("correlations", f"unknown input {path!r}"
                                                    f"{suggest(str(path), list(inputs))}")
            if not inputs[path].uncertain:
                raise located.error("correlations", f"{path} is fixed; only uncertain inputs"
                                                    " can be correlated")
        if isinstance(rank, bool) or not isinstance(rank, int | float) or not -1 < rank < 1:
            raise located.error("correlations", f"rank must be a number in (-1, 1); got"
                                                f" {show(rank)}")
        if frozenset(pair) in seen:
            raise located.error("correlations", f"{pair[0]} and {pair[1]} are correlated twice")
        seen.add(frozenset(pair))
        out.append(Correlation(pair[0], pair[1], float(rank)))
    out += [c for c in derived if frozenset((c.first, c.second)) not in seen]
    try:
        copula_matrix([(c.first, c.second, c.rank) for c in out])
    except ValueError as exc:
        raise located.error("correlations", str(exc)) from None
    return tuple(out)
