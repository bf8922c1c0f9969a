"""The network drawing of the Netzwerk page: vis-network in a components-v2 component that reports clicks.

``st.components.v2.component`` registers the component once (at import) with
inline CSS and JavaScript: ``network.css`` and an ES module made of the
vis-network build pyvis ships (defined on a local ``vis`` object, its licence
header kept; no global, nothing from a CDN), the label placement shared with
the offline page (``graph/views/templates/labels.js``) and ``network.js``.
Python passes the built view as ``data`` (:meth:`graph.views.network.NetworkView.component_data`);
the browser reports the selection as the state value ``selection``
(``{"ids": [...], "n": counter}``: the counter makes a repeated click a change, so
its callback runs even when Python changed the selection in between).

Streamlit does not sanitise a component's HTML, CSS or JS; ours contains no
user string, and the script sets every string of the data as text only
(``tests/test_network_component.py`` checks both).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from graph.views.network import LABELS_JS, VIS_JS

HERE = Path(__file__).parent
#: The component's name ("<project>.<component>", as Streamlit asks for packaged components).
NAME = "bildungsnetz.network"


def script() -> str:
    """The component's JavaScript module: vis-network (as ``vis``), the label placement and ``network.js``."""
    library = re.sub(r"^//# sourceMappingURL=.*$", "", VIS_JS.read_text(encoding="utf-8"), flags=re.M)
    return "\n".join(
        [
            "/* vis-network as pyvis ships it, defined on a local `vis` (its UMD wrapper takes the `exports` "
            "branch) */",
            "const vis = {};",
            "(function (exports, module, define) {",
            library,
            "}).call(undefined, vis, { exports: vis }, undefined);",
            LABELS_JS.read_text(encoding="utf-8"),
            (HERE / "network.js").read_text(encoding="utf-8"),
        ]
    )


def stylesheet() -> str:
    """The component's CSS (mounted in its shadow root)."""
    return (HERE / "network.css").read_text(encoding="utf-8")


_mount = st.components.v2.component(NAME, css=stylesheet(), js=script(), isolate_styles=True)


def selection(value: Any) -> list[str]:
    """The ids a ``selection`` state value names: at most two, the first is the actor whose profile is shown.

    Anything malformed (the value comes from the browser) yields no selection.

    Examples
    --------
    >>> selection({"ids": ["ak-1", "ak-2", "ak-3"], "n": 4})
    ['ak-1', 'ak-2']
    >>> selection({"ids": "ak-1"}), selection(None)
    ([], [])
    """
    ids = value.get("ids") if isinstance(value, Mapping) else None
    if not isinstance(ids, list):
        return []
    return list(dict.fromkeys(i for i in ids if isinstance(i, str) and i))[:2]


def network_graph(data: Mapping[str, Any], *, key: str, on_select: Callable[[], None] | None = None) -> list[str]:
    """Draw the network and return the selection the browser reported last (see :func:`selection`).

    ``on_select`` runs (before the rerun's script) whenever the user changes the
    selection; it reads the new value with :func:`reported`.
    """
    result = _mount(
        key=key,
        data=dict(data),
        default={"selection": None},
        width="stretch",
        height="content",
        on_selection_change=on_select or (lambda: None),
    )
    return selection(result.get("selection"))


def reported(key: str) -> list[str]:
    """The selection the component with ``key`` reported (for its ``on_select`` callback)."""
    value = st.session_state.get(key)
    return selection(value.get("selection") if isinstance(value, Mapping) else None)
