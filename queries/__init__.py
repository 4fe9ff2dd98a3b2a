"""The named SPARQL queries, one ``.rq`` file per question researchers ask."""
