"""Which queries provably stream: those a thread can stop between rows, without a worker process.

Owns one decision, :func:`streams`: is the query's algebra, as rdflib's SPARQL parser builds it,
one of the shapes whose evaluation never works long without handing over a row?

* ``SELECT`` of ONE triple pattern (``SELECT ?work { <r> unkg:cites ?work }``), optionally inside
  ``GRAPH`` and with a ``LIMIT`` (no ``OFFSET``, whose skipped rows the engine reads without
  handing them over);
* ``ASK`` of one triple pattern, or ``ASK {}``.

The pattern's predicate is an IRI or a variable (a property path walks the graph), no variable or
blank node occurs twice in it (``?x ?p ?x`` scans everything and keeps few rows), and the query
names no dataset of its own (``FROM``). Every other form (joins, ``OPTIONAL``, ``UNION``,
``FILTER``, ``BIND``, ``VALUES``, ``DISTINCT``, ``ORDER BY``, ``GROUP BY`` and aggregates,
subqueries, ``CONSTRUCT``, ``DESCRIBE``, paths, ``SERVICE``), a text rdflib cannot parse, and a
text longer than :data:`MAX_TEXT` is not known to stream: its first row may take unbounded work,
so it goes to a worker process that can be killed (:mod:`unkg.graph.query_processes`).

Such a pattern is an index scan: each row costs the engine a step, so the thread that pulls the
rows checks the deadline between them and stops at the row cap (:func:`evaluate
<unkg.graph.query_processes.evaluate>`).

Parsing costs about 1.5 ms for a lookup (rdflib), more than the lookup takes, and 20 to 70 ms for
a named query of a dozen patterns, so a light tokenizer looks first (:func:`might_stream`): a text
with a keyword that no such shape has (``OPTIONAL``, ``ORDER``, ``AS``...) or with more than two
opening braces is decided at once, without parsing. The decisions are kept per text
(:class:`StreamingCache`): a text that might stream, seen for the first time, goes to a worker
unexamined; the second time it is parsed and the decision kept. Clients that bind parameters
send the same text each time, so they get the decision from the cache.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Any

__all__ = ["MAX_TEXT", "StreamingCache", "might_stream", "streams", "warm_up"]

#: Texts longer than this are not examined (nor remembered): they go to a worker.
MAX_TEXT = 4096

#: The only keywords a streaming query may hold (``a`` is rdf:type; true and false are literals).
_KEYWORDS = frozenset(
    {"SELECT", "ASK", "WHERE", "GRAPH", "LIMIT", "PREFIX", "BASE", "A", "TRUE", "FALSE"}
)
_TOKEN = re.compile(
    r"""
      \#[^\n]*                                  # a comment
    | "{3} (?: [^"\\] | \\. | "(?!"") )* "{3}   # a long string in double quotes
    | '{3} (?: [^'\\] | \\. | '(?!'') )* '{3}   # a long string in single quotes
    | " (?: [^"\\\n] | \\. )* "                 # a string in double quotes
    | ' (?: [^'\\\n] | \\. )* '                 # a string in single quotes
    | < [^<>"{}|^`\\\x00-\x20]* >               # an IRI
    | [?$] \w+                                  # a variable
    | @ [A-Za-z]+ (?: -[A-Za-z0-9]+ )*          # a language tag
    | (?: [A-Za-z][\w.\-]* )? : (?: [\w.:%\-] | \\. )*  # a prefixed name
    | (?P<word> [A-Za-z_]\w* )                  # a keyword or a function name
    | (?P<brace> \{ )                           # an opening brace
    """,
    re.VERBOSE,
)


def streams(sparql: str) -> bool:
    """True when ``sparql`` is a SELECT or ASK of one plain triple pattern (see the module
    docstring); False for every other query and for text rdflib cannot parse.

    >>> streams("SELECT ?o { <http://example.org/r> <http://example.org/cites> ?o } LIMIT 5")
    True
    >>> streams("SELECT DISTINCT ?o { <http://example.org/r> <http://example.org/cites> ?o }")
    False
    """
    if not might_stream(sparql):
        return False
    from pyparsing.exceptions import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        query = translateQuery(parseQuery(sparql)).algebra
    except (ParseException, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        # rdflib refuses (or trips over) what it cannot read: not known to stream.
        return False
    if query.get("datasetClause"):
        return False
    if query.name == "AskQuery":
        return _one_pattern(query.p, allow_empty=True)
    if query.name == "SelectQuery":
        top = query.p
        if top.name == "Slice":
            if top.get("start") not in (None, 0):
                return False
            top = top.p
        return top.name == "Project" and _one_pattern(top.p, allow_empty=False)
    return False


def might_stream(sparql: str) -> bool:
    """False when a light look at ``sparql`` rules out every shape that streams: longer than
    :data:`MAX_TEXT`, a keyword outside :data:`_KEYWORDS` (strings, IRIs, prefixed names and
    comments skipped), or more than two opening braces. True means "parse it to know".

    >>> might_stream("SELECT ?o { <http://example.org/order> ?p ?o . }")
    True
    >>> might_stream("SELECT ?o { ?s ?p ?o } ORDER BY ?o")
    False
    """
    if len(sparql) > MAX_TEXT:
        return False
    braces = 0
    for match in _TOKEN.finditer(sparql):
        word = match["word"]
        if word is not None and word.upper() not in _KEYWORDS:
            return False
        if match["brace"] is not None:
            braces += 1
            if braces > 2:
                return False
    return True


def warm_up() -> None:
    """Load rdflib's SPARQL parser and parse once (about 0.1 s), so that the first decision
    costs no more than the next ones."""
    streams("ASK {}")


def _one_pattern(node: Any, *, allow_empty: bool) -> bool:
    """``node`` is ``Project(BGP)`` (ASK), ``BGP`` or ``Graph(BGP)`` of one plain pattern."""
    from rdflib.term import BNode, URIRef, Variable

    if node.name == "Project":  # ASK wraps its pattern in a projection of every variable
        node = node.p
    if node.name == "Graph":
        if not isinstance(node.term, URIRef | Variable):
            return False
        node = node.p
    if node.name != "BGP":
        return False
    triples = node.triples
    if not triples:
        return allow_empty
    if len(triples) != 1:
        return False
    subject, predicate, obj = triples[0]
    if not isinstance(predicate, URIRef | Variable):
        return False  # a property path
    free = [term for term in (subject, predicate, obj) if isinstance(term, Variable | BNode)]
    return len(free) == len(set(free))


def _streams_apart(sparql: str) -> bool:
    """:func:`streams` on a thread of its own, whose stack holds nothing of the caller's.

    The parser (pyparsing) leaves reference cycles through its exceptions and their frames, which
    only the garbage collector frees; run on the caller's thread, they would keep the caller's
    frames alive too, and with them whatever those hold (an open store's lock).
    """
    decision: list[bool] = []
    worker = threading.Thread(
        target=lambda: decision.append(streams(sparql)), name="unkg-query-shape", daemon=True
    )
    worker.start()
    worker.join()
    return bool(decision) and decision[0]


class StreamingCache:
    """:func:`streams` decisions per query text, the last ``size`` texts kept (thread-safe).

    :meth:`check` answers False for a text seen once (without parsing it) and parses it the second
    time, so a stream of queries that each come once costs no parsing at all.
    """

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._decisions: OrderedDict[str, bool] = OrderedDict()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, sparql: str) -> bool:
        """Whether ``sparql`` streams, as far as this cache knows (False when it does not know)."""
        decision = self.sight(sparql)
        return self.decide(sparql) if decision is None else decision

    def sight(self, sparql: str) -> bool | None:
        """:meth:`check` without the parsing: ``None`` when the text is seen for the second time
        and :meth:`decide` should parse it now."""
        if len(sparql) > MAX_TEXT:
            return False
        with self._lock:
            decision = self._decisions.get(sparql)
            if decision is not None:
                self._decisions.move_to_end(sparql)
                return decision
        if not might_stream(sparql):
            with self._lock:
                self._remember(self._decisions, sparql, False)
            return False
        with self._lock:
            if sparql not in self._seen:
                self._remember(self._seen, sparql, None)
                return False
            del self._seen[sparql]
        return None

    def decide(self, sparql: str) -> bool:
        """Parse ``sparql`` (:func:`streams`) and keep the decision."""
        decision = _streams_apart(sparql)
        with self._lock:
            self._remember(self._decisions, sparql, decision)
        return decision

    def known(self, sparql: str) -> bool:
        """Whether ``sparql`` is known to stream already; never parses, never counts a sighting."""
        with self._lock:
            return self._decisions.get(sparql, False)

    def _remember(self, table: OrderedDict[str, Any], key: str, value: Any) -> None:
        table[key] = value
        if len(table) > self._size:
            table.popitem(last=False)
