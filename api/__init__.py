"""The HTTP API of unkg (FastAPI): see :mod:`unkg.api.app`."""
