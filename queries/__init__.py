"""Queries: named SPARQL queries, the SPARQL endpoint and networkx analytics."""
