"""Measured data: the ``evidence:`` section (``spec``, no PyMC), the PyMC model and NUTS
(``pymc_model``), the posterior's quantile functions and diagnostics (``posterior``), and the
time-to-change maths of change histories (``survival``).
"""
