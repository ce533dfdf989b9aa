"""Where many independent evaluations of the cost model run: in this process (a thread per
core), or on a Dask cluster of processes, local or remote.

A :class:`Workers` maps a function of the analysis engine (a
:class:`decision.model.conditional.ConditionalSavings`) and one item over many items, in
order. The engine goes to every worker once; each item is a small task. Results do not depend
on where they ran: the same draws, the same arithmetic.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from decision.errors import SweepError

#: Dask settings of the workers a local cluster starts. Dask sets ``MALLOC_TRIM_THRESHOLD_``
#: for its workers, and glibc then stops raising its mmap threshold: every temporary of the
#: cost model (a few hundred kB) was mapped and unmapped anew, 1.9x slower; its sampling
#: profiler took the GIL every 10 ms from the task's thread. Without both, a cell costs in a
#: worker what it costs here (measured: 48 against 46 ms).
WORKER_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                 "distributed.worker.profile.enabled": False}


#: How long to try to reach a scheduler given with ``--scheduler``.
CONNECT_TIMEOUT = "10s"


class Workers(Protocol):
    """Runs ``function(engine, item)`` for each item, yielding the results in order."""

    @property
    def size(self) -> int:
        """How many items run at once."""
        ...

    def map(self, function: Callable[[Any, Any], Any], engine: Any,
            items: Sequence[Any]) -> Iterator[Any]:
        """The results of ``function(engine, item)`` for each of ``items``, in order."""
        ...

    def close(self) -> None:
        """Release what the workers hold (a local cluster's processes)."""
        ...


class InProcess:
    """Items in this process, on a thread per free core (NumPy releases the GIL in the cost
    model's arithmetic)."""

    def __init__(self) -> None:
        self.size = free_cores()

    def map(self, function: Callable[[Any, Any], Any], engine: Any,
            items: Sequence[Any]) -> Iterator[Any]:
        with ThreadPoolExecutor(max_workers=self.size) as pool:
            yield from pool.map(lambda item: function(engine, item), items)

    def close(self) -> None:
        return None


class DaskWorkers:
    """Items as tasks on a Dask cluster; the engine is scattered to every worker once.

    Parameters
    ----------
    client : distributed.Client
    owns_cluster : bool
        Close the client's cluster with :meth:`close` (a local cluster this run started).
    """

    def __init__(self, client: Any, owns_cluster: bool = False) -> None:
        self.client = client
        self.owns_cluster = owns_cluster

    @property
    def size(self) -> int:
        return max(1, len(self.client.scheduler_info()["workers"]))

    def map(self, function: Callable[[Any, Any], Any], engine: Any,
            items: Sequence[Any]) -> Iterator[Any]:
        shared = self.client.scatter(engine, broadcast=True, hash=False)
        futures = self.client.map(function, [shared] * len(items), list(items), pure=False)
        return (future.result() for future in futures)

    def close(self) -> None:
        cluster = self.client.cluster if self.owns_cluster else None
        self.client.close()
        if cluster is not None:
            cluster.close()


def free_cores() -> int:
    """Cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def start_workers(workers: int | None = None, scheduler: str | None = None) -> Workers:
    """The workers a command asked for.

    Parameters
    ----------
    workers : int, optional
        1: this process alone (a thread per free core). More: a local Dask cluster of that
        many single-threaded processes. Default: one process per free core, and this process
        alone when only one core is free.
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:port``); ``workers`` is then
        the cluster's business.

    Raises
    ------
    decision.errors.SweepError
        When the scheduler cannot be reached.
    """
    if scheduler is None and (workers or free_cores()) == 1:
        return InProcess()
    import dask.config
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            return DaskWorkers(Client(scheduler, timeout=CONNECT_TIMEOUT))
        except (OSError, ValueError, TypeError) as exc:  # unreachable, or not an address
            raise SweepError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there"
                             f" ({exc}); give tcp://HOST:PORT of a running one (dask"
                             " scheduler) or leave the option out") from exc
    with dask.config.set(WORKER_CONFIG):
        cluster = LocalCluster(n_workers=workers or free_cores(), threads_per_worker=1,
                               processes=True, dashboard_address=None)
    return DaskWorkers(Client(cluster), owns_cluster=True)
