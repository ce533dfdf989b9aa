"""What ``decide calibrate --fit`` prints: how the measurements moved the efficiency priors,
the predictions after the fit, and the fitted priors as a ``serving:`` block to paste."""

from __future__ import annotations

from decision.performance.efficiency_fit import EfficiencyFit
from decision.report.formatting import number
from decision.report.terminal import convergence_line, table


def efficiency_fit_text(fit: EfficiencyFit) -> str:
    """Prior and posterior of every efficiency; each fitted result's prediction after the fit;
    the posterior 90% intervals as ``serving.efficiency`` priors."""
    rows = []
    for name, (p05, p50, p95) in fit.prior.items():
        post = fit.posterior[name]
        rows.append((name, f"{p50:.3f} ({p05:.3f} – {p95:.3f})",
                     f"{post.p50:.3f} ({post.p05:.3f} – {post.p95:.3f})"))
    misfit = fit.posterior["misfit"]
    rows.append(("misfit (log scale)", "HalfNormal(0.2)",
                 f"{misfit.p50:.3f} ({misfit.p05:.3f} – {misfit.p95:.3f})"))
    predictions = [(m.id, number(m.tokens_per_s_per_chip),
                    number(fit.posterior[f"{m.id}.predicted"].p50),
                    f"{fit.posterior[f'{m.id}.predicted'].p50 / m.tokens_per_s_per_chip:.2f}")
                   for m in fit.used]
    left_out = ", ".join(m.id for m in fit.left_out) or "none"
    families = sorted({name.split(".")[0] for name in fit.prior})
    block = ["serving:", "  efficiency:"]
    for family in families:
        block.append(f"    {family}:")
        for kind in ("memory", "compute"):
            post = fit.posterior[f"{family}.efficiency_{kind}"]
            block.append(f"      {kind}: {{dist: Beta, ci90: [{post.p05:.3f}, {post.p95:.3f}],"
                         f" source: \"decide calibrate --fit\"}}")
    return "\n".join([
        f"Benchmarks as evidence: {len(fit.used)} results without latency targets fitted;"
        f" {convergence_line(fit.diagnostics)}",
        f"Left out (their batch depends on a latency target): {left_out}",
        table(["efficiency", ">prior median (90%)", ">posterior median (90%)"], rows),
        table(["result", ">measured", ">predicted after the fit", ">ratio"], predictions),
        "The fitted efficiencies, for a priors file (fleets of these families):",
        *block])
