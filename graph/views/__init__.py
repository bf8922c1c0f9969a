"""Views: interactive network HTML, static pictures, charts (no Streamlit here)."""
