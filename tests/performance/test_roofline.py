"""The roofline against cases computed by hand (docs/performance.md), and decide throughput as
users see it."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from cli import main
from decision.performance.roofline import Chip, Request, RooflineError, throughput
from decision.performance.shapes import ModelShape, find_model

#: 1B parameters, 10 layers of width 1,000, one KV head of 100: 4,000 bytes of KV per token.
TOY = ModelShape(name="toy", title="Toy", architecture="decoder", parameters=1e9,
                 active_parameters=1e9, experts=0, experts_per_token=0, layers=10,
                 encoder_layers=0, hidden_size=1000, kv_heads=1, head_dim=100, source="test")


def chip(memory: float = 10e9, flops: float = 1e16, per_node: float = 1.0) -> Chip:
    return Chip(memory=memory, bandwidth=1e12, peak_flops=flops, interconnect=1e11,
                efficiency_memory=0.5, efficiency_compute=0.5, chips_per_node=per_node)


def request(s_in: float = 100.0, s_out: float = 100.0, tpot_ms: float = np.inf,
            ttft_ms: float = np.inf) -> Request:
    return Request(np.array([s_in]), np.array([s_out]), 2.0, 2.0, ttft_ms / 1e3, tpot_ms / 1e3)


def test_a_decode_bound_case_whose_batch_the_latency_target_caps() -> None:
    # Weights 2 GB at 0.5 TB/s: 4 ms a step; each sequence adds 150 tokens x 4,000 B = 1.2 us.
    # Memory allows floor((9 - 2) GB / 800 KB) = 8,750 sequences; 10 ms per token allows 5,000.
    r = throughput(TOY, chip(), request(tpot_ms=10.0001))
    assert r.chips[0] == 1 and r.batch[0] == 5000 and r.decode_memory_bound[0]
    assert r.tpot_s[0] == pytest.approx(0.010, rel=1e-12)
    # Prefill reads the weights once: 4 ms, more than its 2.002e11 FLOPs at 5e15 (40 us).
    assert r.ttft_s[0] == pytest.approx(0.004, rel=1e-12)
    # Per request 4 ms + 100 steps x 10 ms / 5,000 = 4.2 ms: 238.1 requests/s.
    assert r.requests_per_s_per_chip[0] == pytest.approx(1 / 0.0042, rel=1e-9)
    assert r.tokens_per_s_per_chip[0] == pytest.approx(100 / 0.0042, rel=1e-9)


def test_without_a_latency_target_memory_caps_the_batch() -> None:
    assert throughput(TOY, chip(), request()).batch[0] == 8750


def test_a_prefill_bound_case() -> None:
    # 10,000 prompt tokens: 2e13 + 2 x 10 x 1e8 x 1,000 = 2.2e13 FLOPs at 5e13: 0.44 s.
    r = throughput(TOY, chip(flops=1e14), request(s_in=10_000.0, s_out=10.0))
    assert r.ttft_s[0] == pytest.approx(0.44, rel=1e-12)
    assert r.prefill_share[0] > 0.5


def test_memory_forces_two_chips_per_replica() -> None:
    # 2 GB of weights in 1.8 GB of usable memory per chip: two chips, and the two all-reduces
    # per layer add 2 x 10 x B x 1,000 x 2 B x (2 - 1) / 2 / 100 GB/s to each step.
    r = throughput(TOY, chip(memory=2e9, per_node=2.0), request(s_in=10.0, s_out=10.0))
    assert r.chips[0] == 2
    batch = r.batch[0]
    assert batch == np.floor((2 * 2e9 * 0.9 - 2e9) / (4000 * 20))
    memory = (2e9 + batch * 15 * 4000) / (2 * 0.5e12)
    compute = 2e9 * batch / (2 * 5e15)
    exchange = 2 * 10 * batch * 1000 * 2 * 1 / 1e11
    assert r.tpot_s[0] == pytest.approx(max(memory, compute) + exchange, rel=1e-12)


def test_a_fixed_batch_is_served_at_that_batch() -> None:
    fixed = Request(np.array([100.0]), np.array([100.0]), 2.0, 2.0, batch=8.0)
    r = throughput(TOY, chip(), fixed)
    assert r.batch[0] == 8
    # 4 ms of weights + 8 x 150 x 4,000 B at 0.5 TB/s per step; 4 ms prefill.
    step = (2e9 + 8 * 150 * 4000) / 0.5e12
    assert r.requests_per_s_per_chip[0] == pytest.approx(1 / (0.004 + 100 * step / 8))
    too_big = Request(np.array([100.0]), np.array([100.0]), 2.0, 2.0, batch=9000.0)
    with pytest.raises(RooflineError, match="does not fit the memory"):
        throughput(TOY, chip(), too_big)


def test_a_latency_target_no_batch_meets_is_an_error() -> None:
    with pytest.raises(RooflineError, match="time per output token"):
        throughput(TOY, chip(), request(tpot_ms=3.0))
    with pytest.raises(RooflineError, match="time to first token"):
        throughput(TOY, chip(), request(ttft_ms=1.0))


def test_a_mixture_reads_only_the_experts_its_batch_touches() -> None:
    mixtral = find_model("mixtral-8x7b")
    one = throughput(mixtral, chip(memory=200e9), request(tpot_ms=1000.0, s_in=10, s_out=10))
    assert one.chips[0] == 1 and one.batch[0] > 1
    # At batch 1, a step reads the shared weights and 2 of 8 experts: the active parameters.
    from decision.performance.roofline import _weights_read
    assert _weights_read(mixtral, mixtral.parameters, np.array(1.0)) == pytest.approx(
        mixtral.active_parameters, rel=1e-12)
    assert _weights_read(mixtral, mixtral.parameters, np.array(1e4)) == pytest.approx(
        mixtral.parameters, rel=1e-9)


def test_decide_throughput_prints_per_chip_and_per_replica() -> None:
    result = CliRunner().invoke(main, ["throughput", "--platform", "h100-sxm", "--model",
                                       "llama-3-70b", "--input-tokens", "1024",
                                       "--output-tokens", "256", "--precision", "fp8",
                                       "--tpot-ms", "100"])
    assert result.exit_code == 0, result.output
    assert "tokens/s per chip" in result.output and "Bound:" in result.output


def test_decide_throughput_json() -> None:
    result = CliRunner().invoke(main, ["throughput", "--platform", "h100-sxm", "--model",
                                       "llama-2-13b", "--input-tokens", "512",
                                       "--output-tokens", "32", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert set(answer["tokens_per_s_per_chip"]) == {"p05", "p50", "p95"}
    assert answer["bound"] in ("memory (decode)", "compute (decode)", "compute (prefill)")
    assert answer["chips_per_replica"]["p50"] >= 1


@pytest.mark.parametrize(("args", "message"), [
    (["--platform", "h100", "--model", "llama-3-70b"], "unknown platform 'h100'"),
    (["--platform", "h100-sxm", "--model", "llama-4"], "unknown model 'llama-4'"),
    (["--platform", "a100-80gb-sxm", "--model", "llama-3-8b", "--precision", "fp8"],
     "specs.fp8_dense_tflops: not applicable"),
    (["--platform", "groq-lpu", "--model", "llama-3-8b"],
     "specs.interconnect_gb_s: llama-3-8b needs"),
    (["--platform", "h100-sxm", "--model", "llama-3-8b", "--tpot-ms", "0.1"],
     "no batch meets the 0.1 ms time per output token"),
    (["--platform", "h100-sxm", "--model", "llama-3-8b", "--precision", "fp4"],
     "Invalid value for '--precision'"),
])
def test_bad_arguments_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    base = ["throughput", "--input-tokens", "100", "--output-tokens", "10"]
    result = CliRunner().invoke(main, base + args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
