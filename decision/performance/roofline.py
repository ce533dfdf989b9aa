"""The roofline: from a model shape, token counts and a chip to throughput, batch and bound.

Pure NumPy, vectorised over draws: every chip figure and efficiency is a scalar or an array of
shape ``(draw,)``. Equations and symbols: ``docs/performance.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from decision.performance.shapes import ModelShape

Array = NDArray[np.float64]
#: Share of a chip's memory the runtime lets weights and KV cache use (vLLM's default
#: ``gpu_memory_utilization``, docs.vllm.ai, 2024).
USABLE_MEMORY = 0.9
#: Bytes of one activation exchanged between tensor-parallel chips (16-bit).
ACTIVATION_BYTES = 2.0
#: The largest batch searched.
MAX_BATCH = 2**16


@dataclass(frozen=True)
class Chip:
    """One chip's figures in SI units (bytes, bytes/s, FLOP/s), scalars or ``(draw,)``."""

    memory: Array
    bandwidth: Array
    peak_flops: Array
    interconnect: Array
    efficiency_memory: Array
    efficiency_compute: Array
    chips_per_node: Array


@dataclass(frozen=True)
class Request:
    """Tokens and latency targets of one request, and the precision it is served at."""

    input_tokens: Array
    output_tokens: Array
    weight_bytes: float
    kv_bytes: float
    ttft_s: float = np.inf
    tpot_s: float = np.inf
    batch: float | None = None


@dataclass(frozen=True)
class Throughput:
    """What one replica achieves at the largest batch that fits memory and the targets."""

    chips: Array
    batch: Array
    ttft_s: Array
    tpot_s: Array
    requests_per_s_per_chip: Array
    tokens_per_s_per_chip: Array
    decode_memory_bound: Array
    prefill_share: Array


#: What limits a draw's throughput, as :func:`bounds` labels it.
BOUNDS = ("compute (prefill)", "memory (decode)", "compute (decode)")


def bounds(result: Throughput) -> np.ndarray:
    """Per draw, what limits throughput: prefill compute when the prompt takes most of a
    request's replica time, else what bounds a decode step (memory or compute)."""
    return np.where(result.prefill_share > 0.5, BOUNDS[0],
                    np.where(result.decode_memory_bound, BOUNDS[1], BOUNDS[2]))


def main_bound(result: Throughput) -> str:
    """The bound of most draws."""
    values, counts = np.unique(bounds(result), return_counts=True)
    return str(values[np.argmax(counts)])


class RooflineError(ValueError):
    """The model does not fit, or no batch meets the targets: one line saying which."""


def throughput(shape: ModelShape, chip: Chip, request: Request) -> Throughput:
    """Throughput of ``shape`` served on ``chip`` for ``request`` (``docs/performance.md``).

    Each draw takes the replica size, from the fewest chips that hold the model up to a whole
    node (powers of two), that serves the most requests per chip within the targets.

    Raises
    ------
    RooflineError
        When no batch meets a latency target on any replica size.
    """
    s_in = np.asarray(request.input_tokens, float)
    kv_token = kv_bytes_per_token(shape, request.kv_bytes)
    fewest = replica_chips(shape.parameters * request.weight_bytes
                           + kv_token * (s_in + request.output_tokens), chip.memory)
    best = None
    largest = np.max(np.maximum(fewest, chip.chips_per_node))
    for factor in 2.0 ** np.arange(int(np.log2(largest / np.min(fewest))) + 1):
        chips = fewest * factor
        candidate = _replica(shape, chip, request, chips)
        allowed = (chips == fewest) | (chips <= chip.chips_per_node)
        score = np.where(allowed, candidate.requests_per_s_per_chip, -1.0)
        if best is None:
            best, best_score = candidate, score
            continue
        better = score > best_score
        best = Throughput(*(np.where(better, new, old) for new, old in zip(
            _fields(candidate), _fields(best), strict=True)))
        best_score = np.maximum(score, best_score)
    if np.any(best.requests_per_s_per_chip <= 0):
        target = ("time to first token" if np.any(best.ttft_s > request.ttft_s)
                  else "time per output token")
        limit = request.ttft_s if "first" in target else request.tpot_s
        if request.batch is not None and np.all(np.isinf(limit)):
            raise RooflineError(f"a batch of {request.batch:g} sequences does not fit the"
                                " memory of a node; use a smaller batch or fewer tokens")
        raise RooflineError(f"no batch meets the {limit * 1e3:g} ms {target} on this chip,"
                            " even one sequence on a whole node; relax the target or shorten"
                            " the prompt")
    return best


def _replica(shape: ModelShape, chip: Chip, request: Request, chips: Array) -> Throughput:
    """Throughput on replicas of ``chips`` chips; 0 requests/s where a target is missed."""
    s_in = np.asarray(request.input_tokens, float)
    s_out = np.asarray(request.output_tokens, float)
    batch_memory = memory_batch(shape, chips, chip, request, s_in, s_out)
    context = s_in + s_out / 2.0  # mean context over the decode steps
    ttft = prefill_time(shape, chips, chip, request, s_in)
    if shape.architecture == "encoder":
        batch = np.minimum(batch_memory, MAX_BATCH)
        step = np.zeros_like(ttft)
        memory_bound = np.zeros(np.shape(ttft), dtype=bool)
    else:
        def step_time(b: Array) -> Array:
            return decode_step(shape, chips, chip, request, b, context)[0]
        ceiling = np.minimum(batch_memory, MAX_BATCH)
        if request.batch is not None:  # a batch the user fixes: feasible or not at all
            ceiling = np.where(ceiling >= request.batch, request.batch, 0.0)
        batch = _largest(lambda b: step_time(b) <= request.tpot_s, ceiling)
        step, memory_bound = decode_step(shape, chips, chip, request, np.maximum(batch, 1.0),
                                         context)
    per_request = request_seconds(ttft, step, np.maximum(batch, 1.0), s_out)
    met = (batch >= 1) & (ttft <= request.ttft_s)
    requests = np.where(met, 1.0 / (per_request * chips), 0.0)
    return Throughput(chips=chips + 0.0 * ttft, batch=batch, ttft_s=ttft, tpot_s=step,
                      requests_per_s_per_chip=requests,
                      tokens_per_s_per_chip=requests * np.maximum(s_out, 1.0),
                      decode_memory_bound=memory_bound, prefill_share=ttft / per_request)


def saturated_tokens_per_chip(shape: ModelShape, chip: Chip, request: Request, chips: Array,
                              xp=np) -> Array:
    """Generated tokens/s per chip of replicas of ``chips`` chips kept at the batch memory
    allows, without latency targets (a benchmark's offline scenario). With ``xp`` PyTensor's
    tensor module, the efficiencies and token counts may be symbolic (evidence)."""
    s_in, s_out = request.input_tokens, request.output_tokens
    batch = xp.minimum(memory_batch(shape, chips, chip, request, s_in, s_out, xp), MAX_BATCH)
    ttft = prefill_time(shape, chips, chip, request, s_in, xp)
    step = decode_step(shape, chips, chip, request, batch, s_in + s_out / 2.0, xp)[0]
    return s_out / (request_seconds(ttft, step, batch, s_out) * chips)


def memory_batch(shape: ModelShape, chips: Array, chip: Chip, request: Request, s_in: Array,
                 s_out: Array, xp=np) -> Array:
    """Sequences whose KV cache at full length fits beside the weights:
    ``floor((n u M - W) / (k (S_i + S_o)))``."""
    reserved = xp.maximum(kv_bytes_per_token(shape, request.kv_bytes) * (s_in + s_out), 1.0)
    weights = shape.parameters * request.weight_bytes
    return xp.floor((chips * chip.memory * USABLE_MEMORY - weights) / reserved)


def request_seconds(ttft: Array, step: Array, batch: Array, s_out: Array) -> Array:
    """Replica-seconds per request with continuous batching: ``t_p + S_o t_d(B) / B``."""
    return ttft + s_out * step / batch


def _fields(result: Throughput) -> tuple[Array, ...]:
    return tuple(getattr(result, name) for name in Throughput.__dataclass_fields__)


def kv_bytes_per_token(shape: ModelShape, kv_bytes: float) -> float:
    """Key and value cache of one token of one sequence: ``2 L H_kv d_h b_kv``."""
    if shape.architecture == "encoder":
        return 0.0
    return 2.0 * shape.layers * shape.kv_heads * shape.head_dim * kv_bytes


def replica_chips(needed: Array, memory: Array) -> Array:
    """The smallest power of two of chips whose usable memory holds ``needed`` bytes."""
    return 2.0 ** np.maximum(np.ceil(np.log2(needed / (memory * USABLE_MEMORY))), 0.0)


def prefill_time(shape: ModelShape, chips: Array, chip: Chip, request: Request,
                 s_in: Array, xp=np) -> Array:
    """Time to first token: the prompt's FLOPs at the compute roof, or its weights at the
    memory roof, whichever is slower, plus the tensor-parallel exchange."""
    prefill_parameters = (shape.encoder_parameters if shape.architecture != "decoder"
                          else shape.active_parameters)
    flops = 2.0 * prefill_parameters * s_in + 2.0 * shape.layers * s_in**2 * shape.hidden_size
    compute = flops / (chips * chip.peak_flops * chip.efficiency_compute)
    memory = shape.parameters * request.weight_bytes / (chips * chip.bandwidth
                                                        * chip.efficiency_memory)
    return xp.maximum(compute, memory) + _exchange(shape, chips, chip, s_in, xp)


def decode_step(shape: ModelShape, chips: Array, chip: Chip, request: Request, batch: Array,
                context: Array, xp=np) -> tuple[Array, Array]:
    """One decode step for ``batch`` sequences: the bytes read (weights touched plus KV cache)
    at the memory roof, or the FLOPs at the compute roof, plus the tensor-parallel exchange.
    Returns the time and whether memory bounds it."""
    decoder_parameters = shape.parameters - shape.encoder_parameters
    read = _weights_read(shape, decoder_parameters, batch) * request.weight_bytes
    kv = batch * context * kv_bytes_per_token(shape, request.kv_bytes)
    memory = (read + kv) / (chips * chip.bandwidth * chip.efficiency_memory)
    active = decoder_parameters * shape.active_parameters / shape.parameters
    compute = 2.0 * active * batch / (chips * chip.peak_flops * chip.efficiency_compute)
    return (xp.maximum(memory, compute) + _exchange(shape, chips, chip, batch, xp),
            memory >= compute)


def _weights_read(shape: ModelShape, parameters: float, batch: Array) -> Array:
    """Weights one decode step reads: all of a dense model; of a mixture, the shared part and
    the experts at least one of the ``batch`` tokens is routed to (uniform routing)."""
    if not shape.experts:
        return parameters + 0.0 * batch
    e, k = shape.experts, shape.experts_per_token
    expert = (shape.parameters - shape.active_parameters) / (e - k)
    shared = shape.parameters - e * expert
    touched = e * (1.0 - (1.0 - k / e) ** batch)
    return (shared + touched * expert) * parameters / shape.parameters


def _exchange(shape: ModelShape, chips: Array, chip: Chip, tokens: Array, xp=np) -> Array:
    """Two all-reduces per layer of ``tokens x d`` activations across the replica's chips
    (ring: each chip sends ``2 (n - 1) / n`` of the data)."""
    if np.all(chips == 1):
        return 0.0 * tokens
    data = 2.0 * shape.layers * tokens * shape.hidden_size * ACTIVATION_BYTES
    return xp.where(chips > 1, data * 2.0 * (chips - 1.0) / chips / chip.interconnect, 0.0)


def _largest(ok, ceiling: Array) -> Array:
    """The largest whole ``b`` in ``[1, ceiling]`` with ``ok(b)`` (monotone: true up to a
    point), 0 where even ``b = 1`` fails; bisection on every draw at once."""
    low = np.zeros_like(ceiling)
    high = np.maximum(ceiling, 0.0)
    while np.any(high - low > 0):
        middle = np.ceil((low + high) / 2.0)
        good = ok(np.maximum(middle, 1.0)) & (middle >= 1)
        low = np.where(good, middle, low)
        high = np.where(good, high, middle - 1.0)
    return low
