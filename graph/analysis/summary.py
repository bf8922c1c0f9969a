"""Every analysis computed once, as named tables (the report and the app use them)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from graph.analysis.brokerage import brokers
from graph.analysis.centrality import centrality
from graph.analysis.change import change
from graph.analysis.communities import communities, community_summary, ei_index
from graph.analysis.duplicates import duplicates
from graph.analysis.gaps import isolates, offer_gaps, transition_gaps
from graph.analysis.kernels import Kernel
from graph.analysis.links import conference, missing_links
from graph.analysis.risks import risks
from graph.build import AreaTree, cooperation_graph, landscape
from graph.dataset import Dataset


def summary(
    ds: Dataset,
    *,
    as_of: dt.date | None = None,
    since: dt.date | None = None,
    group: str = "sector",
    top: int = 50,
    tables: int = 10,
    size: int = 8,
    seed: int = 0,
) -> dict[str, pd.DataFrame]:
    """Compute every analysis once and return the tables by name.

    The cooperation graph and its igraph/scipy kernel are built once and shared.

    Parameters
    ----------
    ds : Dataset
        The data; not changed.
    as_of : date, optional
        Reference date (default today).
    since : date, optional
        Earlier date of the change table (default one year before ``as_of``).
    group : str
        Grouping attribute for brokerage and the E-I index.
    top : int
        Number of missing links and key players.
    tables, size : int
        Conference plan.
    seed : int
        Seed of every randomised step.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``centrality``, ``brokers``, ``risks``, ``communities``,
        ``community_summary``, ``ei_index``, ``gaps``, ``transitions``,
        ``isolates``, ``duplicates``, ``missing_links``, ``conference``, ``change``.
    """
    when = as_of or dt.date.today()
    earlier = since or when - dt.timedelta(days=365)
    L = landscape(ds, when)
    G = cooperation_graph(L)
    kernel = Kernel(G)
    central = centrality(G, seed=seed, kernel=kernel)  # first: its path measures are cached for the others
    members = communities(G, seed=seed, kernel=kernel)
    links = missing_links(L, G, top=max(top, 200), seed=seed, kernel=kernel)
    broker_table = brokers(G, group=group, seed=seed, kernel=kernel)
    return {
        "centrality": central,
        "brokers": broker_table,
        "risks": risks(G, top=min(top, 10), seed=seed, kernel=kernel),
        "communities": members,
        "community_summary": community_summary(G, members, area_names=AreaTree(L).names),
        "ei_index": ei_index(G, group),
        "gaps": offer_gaps(L),
        "transitions": transition_gaps(L),
        "isolates": isolates(G),
        "duplicates": duplicates(L),
        "missing_links": links.head(top).reset_index(drop=True),
        "conference": conference(L, G, tables=tables, size=size, seed=seed, kernel=kernel, links=links),
        "change": change(
            ds, min(earlier, when), when, group=group, seed=seed, later_brokers=broker_table, later_landscape=L
        ),
    }
