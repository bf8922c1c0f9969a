"""The app's own Streamlit components (components v2); their JavaScript and CSS lie next to their modules."""
