"""A priors file read into a validated :class:`~decision.scenario.priors_file.Scenario`.

``located_yaml`` reads YAML with the line of every key; ``catalogue`` lists every model input;
``distributions`` turns ``{dist, kwargs}`` / ``{ci90}`` specs into priors; ``copula`` checks
rank correlations; ``priors_file`` puts them together (evidence and claims sections are parsed
by :mod:`decision.evidence.spec` and :mod:`decision.claims.spec`).
"""
