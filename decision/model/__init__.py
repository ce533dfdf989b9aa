"""The cost model and the draws it runs on, pure NumPy at its core.

``sampling`` draws every input (seeded, common random numbers); ``tco`` evaluates both options
for every draw, with fleets of whole nodes (``fleet``) and the ASIC option's states month by
month (``asic_fleet``); ``costs`` wraps it for xarray; ``outcomes`` turns costs into savings and
crossover months; ``conditional`` re-evaluates the core with some inputs set, the engine of
the decision analysis; ``statistics`` holds the Monte Carlo numerics they share.
"""
