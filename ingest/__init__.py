"""Extraction: source files to the resolution model to RDF triples; pure, no store access."""
