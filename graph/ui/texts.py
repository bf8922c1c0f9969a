"""The app's words: German by default, English when chosen in the sidebar.

Texts are written in German in the pages and passed through :func:`t`; the
English translations live here. A missing translation shows the German text.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

ENGLISH = {
    "Überblick": "Overview",
    "Start": "Start",
    "Analysen": "Analyses",
    "Präsentieren": "Present",
    "Daten pflegen": "Maintain data",
    "Netzwerk": "Network",
    "Akteure": "Actors",
    "Angebote": "Offers",
    "Gremien": "Committees",
    "Broker & Risiken": "Brokers & risks",
    "Lücken": "Gaps",
    "Doppelstrukturen": "Duplicate structures",
    "Fehlende Verbindungen & Konferenz": "Missing links & conference",
    "Zeitvergleich": "Change over time",
    "Daten": "Data",
    "Berichte": "Reports",
    "Präsentation": "Presentation",
    "Folien erstellen": "Create slides",
    "Folien als PDF": "Slides as PDF",
    "Präsentation als HTML": "Presentation as HTML",
    "Ansichten verwalten und exportieren": "Manage and export views",
    "Ansicht für Präsentation speichern": "Save view for presentation",
    "Bildunterschrift": "Caption",
    "Bericht": "Report",
    "Bericht erstellen": "Create report",
    "Bilder erstellen": "Create pictures",
    "Tischplan erstellen": "Create table plan",
    "Netzwerkbild": "Network picture",
    "ganzer Kreis": "whole district",
    "Anonymisiert (Typ und Gebietskürzel statt Namen)": "Anonymised (type and area code instead of names)",
    "Sprache": "Language",
    "Stichtag": "Reference date",
    "Vergleich ab": "Compare from",
    "Datenstand": "Data revision",
    "Die Bildungslandschaft des Kreises als Netzwerk": "The district's education landscape as a network",
    "Akteure im Netzwerk": "Actors in the network",
    "Kooperationen": "Cooperations",
    "Dichte": "Density",
    "Zusammenhängende Teile": "Connected parts",
    "Akteure nach Sektor": "Actors by sector",
    "Wichtigste Befunde": "Headline findings",
    "Brückenakteure": "Brokers",
    "Angebotslücken": "Offer gaps",
    "Übergänge ohne Kooperation": "Transitions without cooperation",
    "Abgehängte Akteure": "Isolated actors",
    "Empfohlene Verbindungen": "Recommended links",
    "Filter": "Filters",
    "Sektor": "Sector",
    "Akteurstyp": "Actor type",
    "Gebiet": "Area",
    "Bildungsbereich": "Education area",
    "Gremium": "Committee",
    "alle": "all",
    "Farbe nach": "Colour by",
    "Größe nach": "Size by",
    "Akteur suchen": "Find an actor",
    "Umkreis (Schritte)": "Neighbourhood (steps)",
    "nur Umkreis des gesuchten Akteurs zeigen": "show only the searched actor's neighbourhood",
    "Zusammenfassen nach": "Aggregate by",
    "keine Zusammenfassung": "no aggregation",
    "Gemeinschaft": "Community",
    "Ansicht als HTML herunterladen": "Download view as HTML",
    "Details": "Details",
    "Merkmal": "Attribute",
    "Wert": "Value",
    "Kooperationspartner": "Cooperation partners",
    "Suche": "Search",
    "Neu anlegen": "Create new",
    "Bearbeiten": "Edit",
    "Speichern": "Save",
    "Löschen": "Delete",
    "Eintrag auswählen": "Choose an entry",
    "Gespeichert.": "Saved.",
    "Gelöscht.": "Deleted.",
    "Neu laden": "Reload",
    "Wirklich löschen?": "Really delete?",
    "CSV herunterladen": "Download CSV",
    "Excel herunterladen": "Download Excel",
    "Spalte": "Column",
    "Meldung": "Message",
    "Schnittpunkte, Brücken und Schlüsselakteure": "Cut points, bridges and key players",
    "Lebensphase": "Life phase",
    "Angebote je Gebiet und Lebensphase": "Offers per area and life phase",
    "Zielgruppe": "Target group",
    "Tische": "Tables",
    "Plätze je Tisch": "Seats per table",
    "Tischplan": "Table plan",
    "Von": "From",
    "Bis": "To",
    "Datei hochladen": "Upload file",
    "Prüfbericht": "Validation report",
    "Importieren": "Import",
    "Bestand ersetzen": "Replace all data",
    "Export": "Export",
    "Auf Demo-Landkreis zurücksetzen": "Reset to the demo district",
}


def lang() -> str:
    """The chosen language: "de" (default) or "en".

    Outside a script run (Streamlit serialising a widget's options on its own thread) there is no
    session to ask: German.
    """
    if get_script_run_ctx(suppress_warning=True) is None:
        return "de"
    return "en" if st.session_state.get("lang") == "English" else "de"


def t(text: str) -> str:
    """Return ``text`` in the chosen language."""
    return ENGLISH.get(text, text) if lang() == "en" else text


#: Characters with a meaning anywhere in a line: escapes, code, emphasis, strikethrough, links and
#: images, HTML and autolinks in ``<…>``, entities, tables, LaTeX (``$``), Streamlit's directives,
#: icons and emoji (``:red[…]``, ``:material/…:``, ``:smile:``). CommonMark shows each escaped one as itself.
_INLINE = re.compile(r"[\\`*_~\[\]<>!&|$:{}()]")
#: What starts a block at the beginning of a line: heading, list item (``-``, ``+``, ``1.``, ``1)``), quote.
_BLOCK_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
#: GFM links bare addresses, and Streamlit draws ``:material/…:`` icons, wherever it finds them in the
#: parsed text, escapes or not: an invisible word joiner after the ``:`` of ``://`` and of
#: ``:material/`` and after ``www`` keeps them plain text.
_AUTOLINKS = re.compile(r"(?<=:)(?=//|material/)|(?<=www)(?=\.)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md(text: Any) -> str:
    r"""Return ``text`` made inert for Streamlit's Markdown: it is shown exactly as written.

    Use it for every user string (names, titles, ids, file names, messages that embed values) that
    reaches an element rendering Markdown: ``st.markdown``, ``st.write``, ``st.caption``, headings,
    ``st.info``/``success``/``warning``/``error``/``toast``, and labels and ``help`` of widgets,
    expanders, popovers, tabs and metrics. Not for ``st.dataframe`` or the options of a selectbox or
    multiselect, which show text as it is (the options of ``st.radio`` render Markdown).

    Characters with a meaning anywhere (``\ ` * _ ~ [ ] < > ! & | $ : { } ( )``) are escaped with a
    backslash, so no image (``![x](url)``), link, emphasis, HTML, LaTeX or Streamlit directive
    (``:red[…]``) can form; line breaks become spaces and a heading, list or quote marker at the start
    is escaped, so no block can start; an invisible word joiner after ``://``, ``www`` and
    ``:material/`` keeps GFM from linking bare web addresses and Streamlit from drawing icons. An
    e-mail address stays as it is (GFM may offer it as a ``mailto:`` link, which loads nothing).

    Parameters
    ----------
    text : object
        The user string (anything else is shown as its ``str``).

    Returns
    -------
    str
        The escaped Markdown source.

    Examples
    --------
    >>> print(md("![x](http://evil.example/x.png)").replace(WORD_JOINER, ""))
    \!\[x\]\(http\://evil.example/x.png\)
    >>> print(md("1. Kita-Verbund e.V. :red[rot]"))
    1\. Kita-Verbund e.V. \:red\[rot\]
    >>> md("partner@kreis.test")
    'partner@kreis.test'
    """
    text = _AUTOLINKS.sub(WORD_JOINER, _LINE_BREAKS.sub(" ", str(text)).lstrip())
    text = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    return _BLOCK_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), text)
