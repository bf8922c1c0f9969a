"""Analyses: pure functions, a networkx graph in, a pandas DataFrame out.

One concern per module. No function mutates its input. Every table has an
``id`` column (``a``/``b`` for pairs) and, where a person reads it, a German
``explanation``. Heavy kernels run in igraph or scipy behind networkx-facing
functions (:mod:`graph.analysis.kernels`).
"""
