"""Figures of a run (``costs``, ``evidence``), of its decision analysis (``analysis``) and of
its claims audit (``claims``), each with the caption the report prints under it."""
