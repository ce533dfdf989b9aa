"""decide: will an inference ASIC beat the GPU fleet on total cost over your horizon?

The data flow: ``priors`` -> ``sampling`` -> ``costs`` (``tco``) -> ``analysis`` -> ``results``;
with evidence, ``evidence`` -> ``bayes`` (PyMC) -> ``posterior`` replaces the evidenced inputs'
draws in ``sampling``.
"""
