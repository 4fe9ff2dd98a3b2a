"""IRI minting: one base, every kind of IRI the graph holds, and parsing entity IRIs back."""

from __future__ import annotations

import doctest
import hashlib
import re
from collections.abc import Callable

import pytest
import unkg.graph.iris
from unkg.graph.iris import DEFAULT_BASE, ENV_VAR, Iris
from unkg.graph.symbols import Symbol

IRIS = Iris()
SEED = "https://w3id.org/unkg/id/resolution/E_CN.15_RES_22_7"
SHA = hashlib.sha256(b"seed").hexdigest()

MINTED: list[tuple[Callable[[], str], str]] = [
    # the seed resolution, by the slug of its symbol
    (lambda: IRIS.symbol(Symbol.parse("E/CN.15/RES/22/7")), SEED),
    # a Security Council resolution: brackets are IRI-safe and kept
    (lambda: IRIS.symbol(Symbol.parse("S/RES/1373 (2001)")),
     "https://w3id.org/unkg/id/resolution/S_RES_1373(2001)"),
    # an Assembly decision
    (lambda: IRIS.symbol(Symbol.parse("A/DEC/71/555")),
     "https://w3id.org/unkg/id/decision/A_DEC_71_555"),
    # the expert-group report of the seed's footnote
    (lambda: IRIS.symbol(Symbol.parse("UNODC/CCPCJ/EG.4/2013/3")),
     "https://w3id.org/unkg/id/document/UNODC_CCPCJ_EG.4_2013_3"),
    # a presidential statement is a document
    (lambda: IRIS.symbol(Symbol.parse("S/PRST/2020/11")),
     "https://w3id.org/unkg/id/document/S_PRST_2020_11"),
    # a resolution whose symbol could not be read, by its file stem
    (lambda: IRIS.resolution_without_symbol("ccpcj-resolution-22-7"),
     "https://w3id.org/unkg/id/resolution/file/ccpcj-resolution-22-7"),
    # the gazetteer key of the Budapest Convention
    (lambda: IRIS.instrument("budapest-convention"),
     "https://w3id.org/unkg/id/instrument/budapest-convention"),
    # the Commission, and an actor
    (lambda: IRIS.body("ccpcj"), "https://w3id.org/unkg/id/body/ccpcj"),
    (lambda: IRIS.body("member-states"), "https://w3id.org/unkg/id/body/member-states"),
    # a meeting the seed names
    (lambda: IRIS.meeting("ccpcj-expert-group-2"),
     "https://w3id.org/unkg/id/meeting/ccpcj-expert-group-2"),
    # operative paragraph 6 and its sub-paragraph (a)
    (lambda: IRIS.paragraph(SEED, "o6"), f"{SEED}/o6"),
    (lambda: IRIS.subparagraph(f"{SEED}/o6", "(a)"), f"{SEED}/o6/a"),
    (lambda: IRIS.subparagraph(f"{SEED}/o6/a", "(iv)"), f"{SEED}/o6/a/iv"),
    # footnote 1, and a starred footnote of an old Council text
    (lambda: IRIS.footnote(SEED, "1"), f"{SEED}/fn/1"),
    (lambda: IRIS.footnote(SEED, "*"), f"{SEED}/fn/%2A"),
    # the second reference of preambular paragraph 1, the first mandate of operative paragraph 6
    (lambda: IRIS.reference(f"{SEED}/p1", 2), f"{SEED}/p1/ref/2"),
    (lambda: IRIS.mandate(f"{SEED}/o6", 1), f"{SEED}/o6/mandate/1"),
    # the named graph of the seed (its slug), its source file and the run that extracted it
    (lambda: IRIS.graph("E_CN.15_RES_22_7"), "https://w3id.org/unkg/graph/E_CN.15_RES_22_7"),
    (lambda: IRIS.source(SHA), f"https://w3id.org/unkg/source/{SHA}"),
    (lambda: IRIS.activity(SHA.upper(), "0.1.0"), f"https://w3id.org/unkg/activity/{SHA}/0.1.0"),
    # keys that are not IRI-safe are percent-encoded into one segment
    (lambda: IRIS.body("member states/donors"),
     "https://w3id.org/unkg/id/body/member%20states%2Fdonors"),
    (lambda: IRIS.instrument("côte-d'ivoire"),
     "https://w3id.org/unkg/id/instrument/c%C3%B4te-d%27ivoire"),
    (lambda: IRIS.meeting("100%"), "https://w3id.org/unkg/id/meeting/100%25"),
    (lambda: IRIS.body(".."), "https://w3id.org/unkg/id/body/%2E%2E"),  # no climbing the path
]


@pytest.mark.parametrize(("mint", "iri"), MINTED)
def test_minted_iris(mint: Callable[[], str], iri: str) -> None:
    assert mint() == iri


def test_base_is_configurable() -> None:
    iris = Iris("http://example.org/kg/")
    assert iris.body("ga") == "http://example.org/kg/id/body/ga"
    assert Iris().base == DEFAULT_BASE == "https://w3id.org/unkg/"


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "https://data.example.org/un/")
    assert Iris.from_env().base == "https://data.example.org/un/"
    monkeypatch.setenv(ENV_VAR, "")  # set but empty: the default
    assert Iris.from_env().base == DEFAULT_BASE
    monkeypatch.delenv(ENV_VAR)
    assert Iris.from_env() == Iris()


@pytest.mark.parametrize("base", [
    "w3id.org/unkg/",  # no scheme
    "ftp://w3id.org/unkg/",  # not http(s)
    "https://w3id.org/unkg",  # no trailing slash
    "https:///unkg/",  # no host
    "https://w3id.org/unkg/?v=1/",  # a query
    "https://w3id.org/unkg/#/",  # a fragment
    "https://w3id.org/un kg/",  # a space
])
def test_bad_base_raises_naming_it(base: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(base))):
        Iris(base)


@pytest.mark.parametrize(("mint", "message"), [
    (lambda: IRIS.body(""), "empty"),  # an empty key would name the collection
    (lambda: IRIS.source("abc"), "'abc'"),  # not a SHA-256
    (lambda: IRIS.reference(SEED, -1), "-1"),  # negative index
])
def test_bad_keys_raise(mint: Callable[[], str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        mint()


@pytest.mark.parametrize(("iri", "parsed"), [
    (SEED, ("resolution", "E_CN.15_RES_22_7")),  # the seed
    ("https://w3id.org/unkg/id/resolution/S_RES_1373(2001)", ("resolution", "S_RES_1373(2001)")),
    ("https://w3id.org/unkg/id/decision/A_DEC_71_555", ("decision", "A_DEC_71_555")),
    ("https://w3id.org/unkg/id/document/S_PRST_2020_11", ("document", "S_PRST_2020_11")),
    ("https://w3id.org/unkg/id/instrument/budapest-convention",
     ("instrument", "budapest-convention")),
    ("https://w3id.org/unkg/id/body/member%20states%2Fdonors", ("body", "member states/donors")),
    ("https://w3id.org/unkg/id/meeting/ccpcj-expert-group-2", ("meeting", "ccpcj-expert-group-2")),
    # a resolution known by its file
    ("https://w3id.org/unkg/id/resolution/file/ccpcj-resolution-22-7",
     ("resolution", "file/ccpcj-resolution-22-7")),
    (f"{SEED}/o6", None),  # a paragraph is not an entity
    ("https://w3id.org/unkg/graph/E_CN.15_RES_22_7", None),  # a graph
    ("https://w3id.org/unkg/id/body/file/x", None),  # only resolutions have file stems
    ("http://example.org/kg/id/body/ga", None),  # another base
])
def test_parse(iri: str, parsed: tuple[str, str] | None) -> None:
    assert IRIS.parse(iri) == parsed


@pytest.mark.parametrize("text", ["A/RES/217 A (III)", "E/CN.15/RES/22/7", "A/75/6 (Sect. 12)"])
def test_symbol_iri_round_trip(text: str) -> None:
    symbol = Symbol.parse(text)
    kind_and_slug = IRIS.parse(IRIS.symbol(symbol))
    assert kind_and_slug is not None
    assert Symbol.from_slug(kind_and_slug[1]) == symbol
    assert re.fullmatch(r"[A-Za-z0-9\-._~()%/:]+", IRIS.symbol(symbol))


def test_docstring_examples_run() -> None:
    assert doctest.testmod(unkg.graph.iris).failed == 0
