"""The app's words: German by default, English when chosen in the sidebar.

Texts are written in German in the pages and passed through :func:`t`; the
English translations live here. A missing translation shows the German text.
"""

from __future__ import annotations

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
