"""``from decision.costs import evaluate_costs``, as the README documented it before the
package was split; the cost model lives in :mod:`decision.model`."""

from decision.model.costs import evaluate_costs

__all__ = ["evaluate_costs"]
