"""Graph: the RDF data model, the on-disk store and the HTML views."""
