"""The shared patterns of citations and mandates write the queries callers ask for, on the seed.

The seed, CCPCJ resolution 22/7, recalls GA resolution 65/230 and requests the Secretariat to act:
each query built by :meth:`~unkg.graph.fact_queries.Fact.select` finds those facts with the
columns it projects, and only the patterns of those columns are written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.fact_queries import CITATION, MANDATE, RECEIVED_BY_BODY
from unkg.graph.iris import Iris

from unkg.load import ingest_file

SEED = Path(__file__).resolve().parent.parent / "data" / "ccpcj-resolution-22-7.txt"
R22_7 = "https://w3id.org/unkg/id/resolution/E_CN.15_RES_22_7"
A65_230 = "https://w3id.org/unkg/id/resolution/A_RES_65_230"
SECRETARIAT = "https://w3id.org/unkg/id/body/secretariat"


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    with EmbeddedStore.in_memory() as filled:
        assert ingest_file(filled, SEED, Iris()).graph is not None
        yield filled


def test_who_cites_a_work_with_its_relation(store: EmbeddedStore) -> None:
    query = CITATION.select("?work ?citing ?symbol ?relation ?textAsWritten")
    rows = store.query(query, bindings={"work": URIRef(A65_230)}).rows
    # The seed's preamble recalls 65/230 (and may cite it again elsewhere).
    assert (URIRef(A65_230), URIRef(R22_7)) in {(row[0], row[1]) for row in rows}
    assert "recalls" in {str(row[3]) for row in rows}
    assert all("65/230" in str(row[4]) for row in rows)


def test_only_the_projected_columns_are_matched() -> None:
    query = CITATION.select("?citing ?work ?symbol")
    assert "dcterms:identifier ?symbol" in query
    assert "unkg:pinpoint" not in query and "unkg:text ?text" not in query


def test_a_column_the_patterns_never_match_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\?votes"):
        MANDATE.select("?mandate ?votes")


def test_the_mandates_a_body_received(store: EmbeddedStore) -> None:
    query = MANDATE.select("?body ?mandate ?resolution ?verb", anchor=RECEIVED_BY_BODY)
    rows = store.query(query, bindings={"body": URIRef(SECRETARIAT)}).rows
    assert rows and {row[2] for row in rows} == {URIRef(R22_7)}
    assert "requests" in {str(row[3]) for row in rows}
