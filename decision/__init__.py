"""decide: which inference silicon to bet on, with honest probabilities.

The data flow, one subpackage per stage (each documented in ``docs/``)::

    scenario/  priors file -> Scenario          (docs/priors-format.md)
    evidence/  evidence -> PyMC NUTS posterior   (docs/evidence.md)
    model/     draws -> TCO core -> costs        (docs/model.md)
    analysis/  costs -> decision, VOI, sensitivity, risk, sweeps  (docs/decision-analysis.md)
    claims/    vendor claims stressed and replayed                (docs/claims.md)
    report/    typed summary -> summary.json, report.md, terminal, figures  (docs/results.md)
    pipeline/  the commands end to end: run, sweep, stress

``docs/architecture.md`` says where each rule lives.
"""
