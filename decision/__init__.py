"""decide: will an inference ASIC beat the GPU fleet on total cost over your horizon?

The data flow: ``priors`` -> ``sampling`` -> ``costs`` (``tco``) -> ``analysis`` -> ``results``;
with evidence, ``evidence`` -> ``bayes`` (PyMC) -> ``posterior`` replaces the evidenced inputs'
draws in ``sampling``. The decision analysis re-evaluates the core on the same draws
(``conditional``): ``voi``, ``sensitivity``, ``risk`` -> ``mind_changers`` for a run, ``sweep``
for crossover maps, and for vendor claims (``claims``) ``stress`` (input claims) and ``replay``
(output claims) -> ``audit``.
"""
