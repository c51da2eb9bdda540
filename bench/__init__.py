"""Benchmarks of eventapp: `make bench` (or `python -m bench`), never part of the tests.

Results go to bench/results/latest.md and latest.json; docs/performance.md explains them.
"""
