"""Identifiers, IRIs, the store interface and its engines; imports nothing from ingest or api."""
