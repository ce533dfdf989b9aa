"""The performance layer: model shapes and a roofline from a model and a chip to throughput
(``docs/performance.md``)."""
