"""Bildungsnetz: the education landscape of a district as a property graph.

Actors, Träger, offers, cooperations, committees and areas are kept in Neo4j
(or the embedded ArcadeDB engine), analysed with networkx and shown in a
Streamlit app. See README.md for users and ../shared/DOMAIN.md for the model.
"""

__version__ = "0.1.0"
