"""What ``decide calibrate`` prints: per measured result, the roofline's prediction against
the measurement."""

from __future__ import annotations

from decision.performance.benchmarks import Calibration
from decision.report.formatting import number
from decision.report.terminal import table


def calibration_text(results: list[Calibration], file: str) -> str:
    """One row per result: measured and predicted tokens/s per chip, their ratio, and whether
    the measurement lies inside the prediction's 90% interval."""
    rows = [(c.measured.id, number(c.measured.tokens_per_s_per_chip), number(c.predicted[1]),
             f"{number(c.predicted[0])} – {number(c.predicted[2])}", f"{c.ratio:.2f}",
             c.measured_percentile) for c in results]
    inside = sum(c.measured_percentile == "inside" for c in results)
    return "\n".join([
        f"{file}: generated tokens/s per chip, measured vs the roofline (median, 90% interval)",
        table(["result", ">measured", ">predicted", ">90% interval", ">predicted/measured",
               "measured is"], rows),
        f"{inside} of {len(results)} measurements inside the predicted 90% interval."])
