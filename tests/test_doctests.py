"""The examples in the docstrings of graph/ run as doctests, so they stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import graph

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(graph.__path__, "graph.")
    if not info.name.startswith("graph.ui") and info.name != "graph.db.engine_main"
)


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_of_each_module_hold(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
