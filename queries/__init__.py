"""The named SPARQL queries: one ``.rq`` file per question researchers ask of the graph.

This package holds data only. Each file opens with a header of comment lines (``# title:``,
``# description:``, ``# param: NAME TYPE [= DEFAULT]  description``) and is otherwise plain,
self-contained SPARQL 1.1: its own ``PREFIX`` lines, an ``ORDER BY``, a ``LIMIT`` where the answer
could be huge, and its parameters as plain variables. :mod:`unkg.graph.named_queries` reads the
files (through :mod:`importlib.resources`, so they work from a wheel too), parses the headers and
types the parameters; ``unkg queries`` lists them and ``unkg query NAME --param k=v`` runs one.
``docs/queries.md`` documents each query with an example call.
"""
