"""Measured data: the ``evidence:`` section as objects (``spec``) read from a priors file
(``parse``), both without PyMC; the PyMC model and NUTS (``pymc_model``); the posterior's
quantile functions, statistics and diagnostics (``posterior``); and the time-to-change maths of
change histories (``survival``).
"""
