"""The vocabulary and the shapes: they parse, every term is documented, and they agree with the
model's enums and with what :mod:`unkg.ingest.to_rdf` writes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node
from unkg.graph.iris import Iris
from unkg.ingest import to_rdf
from unkg.ingest.models import MandateVerb, Relation, UnresolvedKind
from unkg.ingest.to_rdf import mandate_verb_concept, relation_concept, relation_property
from unkg.ontology import (
    CITO,
    ELI,
    ONTOLOGY_IRI,
    ORG,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    UNKG,
    load_ontology,
    load_shapes,
)

from tests.test_to_rdf import SC_11_TEXT, sc_11_resolution, seed_resolution

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "ontology.md"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def unkg_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(UNKG))}


def test_ontology_parses_and_declares_itself(ontology: Graph) -> None:
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in ontology
    assert len(unkg_terms(ontology)) > 100


def test_every_term_has_a_label_and_a_comment(ontology: Graph) -> None:
    for term in unkg_terms(ontology):
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_every_term_has_a_type(ontology: Graph) -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             SKOS.Concept, SKOS.ConceptScheme}
    for term in unkg_terms(ontology):
        assert set(ontology.objects(term, RDF.type)) & kinds, term


def _emitted(triples: list[tuple[Node, Node, Node]]) -> set[URIRef]:
    terms = {t for triple in triples for t in triple if isinstance(t, URIRef)}
    return {t for t in terms if t.startswith(str(UNKG))}


def test_every_term_written_by_to_rdf_is_declared(ontology: Graph, seed_text: str) -> None:
    when = datetime(2024, 5, 1, tzinfo=UTC)
    written = set()
    for resolution in (seed_resolution(seed_text), sc_11_resolution(SC_11_TEXT)):
        written |= _emitted(to_rdf.resolution_to_rdf(resolution, Iris(), generated_at=when))
    undeclared = {t for t in written if ontology.value(t, RDFS.label) is None}
    assert not undeclared


def test_every_term_named_in_to_rdf_source_is_declared(ontology: Graph) -> None:
    # UNKG.Name and UNKG["name"] in the module's code, including branches the samples miss
    source = Path(to_rdf.__file__).read_text(encoding="utf-8")
    names = re.findall(r'UNKG(?:\.(\w+)|\["([\w-]+)"\])', source)
    terms = {UNKG[a or b] for a, b in names}
    assert len(terms) > 40
    assert {t for t in terms if ontology.value(t, RDFS.label) is None} == set()


@pytest.mark.parametrize("relation", list(Relation), ids=lambda r: r.value)
def test_every_relation_has_a_concept_and_a_cito_shortcut(ontology: Graph,
                                                          relation: Relation) -> None:
    concept = relation_concept(relation)
    assert (concept, SKOS.inScheme, UNKG.relations) in ontology
    assert (concept, SKOS.notation, Literal(relation.value)) in ontology
    assert (concept, UNKG.citationProperty, relation_property(relation)) in ontology
    supers = set(ontology.transitive_objects(relation_property(relation), RDFS.subPropertyOf))
    assert {CITO.cites, ELI.cites, UNKG.cites} <= supers


def test_relation_scheme_holds_exactly_the_model_relations(ontology: Graph) -> None:
    in_scheme = set(ontology.subjects(SKOS.inScheme, UNKG.relations))
    assert in_scheme == {relation_concept(r) for r in Relation}


@pytest.mark.parametrize("verb", list(MandateVerb), ids=lambda v: v.value)
def test_every_mandate_verb_has_a_concept(ontology: Graph, verb: MandateVerb) -> None:
    concept = mandate_verb_concept(verb)
    assert (concept, SKOS.inScheme, UNKG.mandateVerbs) in ontology
    assert (concept, SKOS.notation, Literal(verb.value)) in ontology


def test_verb_scheme_holds_exactly_the_model_verbs(ontology: Graph) -> None:
    in_scheme = set(ontology.subjects(SKOS.inScheme, UNKG.mandateVerbs))
    assert in_scheme == {mandate_verb_concept(v) for v in MandateVerb}


ALIGNMENTS = [
    # documents are ELI legal resources; paragraphs are ELI subdivisions
    (UNKG.Resolution, RDFS.subClassOf, ELI.LegalResource),
    (UNKG.Decision, RDFS.subClassOf, ELI.LegalResource),
    (UNKG.Declaration, RDFS.subClassOf, ELI.LegalResource),
    (UNKG.OperativeParagraph, RDFS.subClassOf, ELI.LegalResourceSubdivision),
    (UNKG.SubParagraph, RDFS.subClassOf, ELI.LegalResourceSubdivision),
    # ELI properties: who passed it, its number, its parts, the citations and legal basis
    (UNKG.adoptedBy, RDFS.subPropertyOf, ELI.passed_by),
    (UNKG.number, RDFS.subPropertyOf, ELI.number),
    (UNKG.hasParagraph, RDFS.subPropertyOf, ELI.has_part),
    (UNKG.cites, RDFS.subPropertyOf, ELI.cites),
    (UNKG.implements, RDFS.subPropertyOf, ELI.based_on),
    # CiTO: a reference is a reified cito:Citation, the shortcuts are CiTO properties
    (UNKG.Reference, RDFS.subClassOf, CITO.Citation),
    (UNKG.citingParagraph, RDFS.subPropertyOf, CITO.hasCitingEntity),
    (UNKG.citedWork, RDFS.subPropertyOf, CITO.hasCitedEntity),
    (UNKG.guidedBy, RDFS.subPropertyOf, CITO.citesAsAuthority),
    (UNKG.emphasizes, RDFS.subPropertyOf, CITO.discusses),
    (UNKG.welcomes, RDFS.subPropertyOf, CITO.agreesWith),
    # W3C ORG: bodies are organizations, the hierarchy is org:subOrganizationOf
    (UNKG.Body, RDFS.subClassOf, ORG.Organization),
    (UNKG.PrincipalOrgan, RDFS.subClassOf, ORG.FormalOrganization),
    (UNKG.ExpertGroup, RDFS.subClassOf, ORG.OrganizationalUnit),
    (UNKG.subOrganizationOf, RDFS.subPropertyOf, ORG.subOrganizationOf),
    # PROV-O: the source file, the ingest run and the extractor
    (UNKG.SourceFile, RDFS.subClassOf, PROV.Entity),
    (UNKG.IngestActivity, RDFS.subClassOf, PROV.Activity),
    (UNKG.Extractor, RDFS.subClassOf, PROV.SoftwareAgent),
    (UNKG.Actor, RDFS.subClassOf, PROV.Agent),
]


@pytest.mark.parametrize("triple", ALIGNMENTS, ids=lambda t: f"{t[0].n3()} {t[2].n3()}")
def test_alignments(ontology: Graph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    term, link, aligned = triple
    assert aligned in set(ontology.transitive_objects(term, link))


def test_structure_names_its_akoma_ntoso_element(ontology: Graph) -> None:
    for term, element in [(UNKG.PreambularParagraph, "preamble/container"),
                          (UNKG.OperativeParagraph, "mainBody/paragraph"),
                          (UNKG.SubParagraph, "list/point"),
                          (UNKG.Footnote, "authorialNote")]:
        assert (term, UNKG.aknEquivalent, Literal(element)) in ontology


def test_shapes_parse_and_cover_what_to_rdf_writes(shapes: Graph) -> None:
    targets = set(shapes.objects(None, SH.targetClass))
    assert {UNKG.Paragraph, UNKG.SubParagraph, UNKG.Footnote, UNKG.Reference, UNKG.Mandate,
            UNKG.Actor, UNKG.Meeting, UNKG.Instrument, UNKG.Document, UNKG.SourceFile,
            UNKG.IngestActivity, UNKG.Extractor, UNKG.Unresolved} <= targets


def _in_list(shapes: Graph, path: URIRef) -> set[Node]:
    for shape in shapes.subjects(SH.path, path):
        head = shapes.value(shape, SH["in"])
        if head is not None:
            return set(Collection(shapes, head))
    raise AssertionError(f"no sh:in on {path}")


def test_shape_value_lists_match_the_model_enums(shapes: Graph) -> None:
    assert _in_list(shapes, UNKG.relation) == {relation_concept(r) for r in Relation}
    assert _in_list(shapes, UNKG.verb) == {mandate_verb_concept(v) for v in MandateVerb}
    assert _in_list(shapes, UNKG.unresolvedKind) == {Literal(k.value) for k in UnresolvedKind}


def test_prefixes_cover_every_namespace_of_the_vocabulary() -> None:
    text = (ROOT / "ontology" / "unkg.ttl").read_text(encoding="utf-8")
    declared = dict(re.findall(r"@prefix (\w+):\s+<([^>]+)>", text))
    assert declared.items() <= PREFIXES.items()


def test_loaders_return_fresh_graphs() -> None:
    first = load_ontology()
    first.remove((None, None, None))
    assert len(load_ontology()) > 0


def test_every_class_and_property_is_documented(ontology: Graph) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    terms = {t for t in unkg_terms(ontology) if set(ontology.objects(t, RDF.type)) & kinds}
    names = {t.removeprefix(str(UNKG)) for t in terms}
    missing = sorted(n for n in names if not re.search(rf"unkg:{n}\b", docs))
    assert not missing, f"docs/ontology.md does not mention: {missing}"
