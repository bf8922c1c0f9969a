"""The slide of the Präsentation page: a picture with "Vollbild" (Fullscreen API) and ←/→ keys.

``st.components.v2.component`` registers the component once (at import) with
inline CSS and JavaScript (``deck.css``, ``deck.js``; nothing from a CDN).
Python sends one slide (:func:`slide_data`); the browser reports a step to the
previous or next slide as the trigger value ``step`` (−1 or +1), from the
arrow keys anywhere on the page (not in a field that uses them itself) or the
◀/▶ buttons shown in full screen. The element keeps its place between reruns, so
full screen stays on while the slides change.

The script sets every string as text; the picture is a ``data:`` URL of base64
digits (``tests/test_slides.py`` checks both).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import streamlit as st

HERE = Path(__file__).parent
#: The component's name ("<project>.<component>", as Streamlit asks for packaged components).
NAME = "bildungsnetz.deck"
TEXTS = {
    "full": "Vollbild",
    "exit": "Vollbild beenden",
    "prev": "Vorherige Folie (Pfeiltaste links)",
    "next": "Nächste Folie (Pfeiltaste rechts)",
}


def script() -> str:
    """The component's JavaScript module."""
    return (HERE / "deck.js").read_text(encoding="utf-8")


def stylesheet() -> str:
    """The component's CSS (mounted in its shadow root)."""
    return (HERE / "deck.css").read_text(encoding="utf-8")


_mount = st.components.v2.component(NAME, css=stylesheet(), js=script(), isolate_styles=True)


def slide_data(png: bytes, caption: str, number: int, total: int) -> dict[str, Any]:
    """The JSON the component shows: the picture as base64, its caption (as text), "number / total".

    Examples
    --------
    >>> data = slide_data(b"PNG", "Alle <b>Akteure</b>", 2, 5)
    >>> data["png"], data["caption"], data["position"]
    ('UE5H', 'Alle <b>Akteure</b>', '2 / 5')
    """
    return {
        "png": base64.b64encode(png).decode("ascii"),
        "caption": caption,
        "position": f"{number} / {total}",
        "texts": dict(TEXTS),
    }


def slide_show(data: Mapping[str, Any], *, key: str, on_step: Callable[[], None]) -> None:
    """Show the slide ``data`` (:func:`slide_data`); ``on_step`` runs on a step (read it with :func:`step`)."""
    _mount(key=key, data=dict(data), width="stretch", height="content", on_step_change=on_step)


def step(key: str) -> int:
    """The step the component with ``key`` reported (−1, +1, or 0 for none or anything malformed)."""
    value = st.session_state.get(key)
    got = value.get("step") if isinstance(value, Mapping) else None
    return got if got in (-1, 1) else 0
