"""From costs per draw to the decision and what would change it.

``decision`` is the answer (recommendation, P(ASIC cheaper), crossover); ``voi``,
``sensitivity`` and ``risk`` analyse it on the same draws and ``mind_changers`` gathers them
for a run; ``sweep`` maps the decision over a grid of inputs.
"""
