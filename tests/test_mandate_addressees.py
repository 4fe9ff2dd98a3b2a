"""Addressees of the UN system and of international relations, as real operative paragraphs name
them.

Each row is an operative paragraph of the AKN corpus (the file in the comment; long paragraphs are
cut after their first request) with the IRI of every addressee it must resolve to and the
addressees that must stay unresolved: States named one by one (the ontology has no class for a
single State), "the United Nations" itself (its name runs through countless other names) and
officers known only from context ("the Special Rapporteur").
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rdflib import URIRef
from unkg.graph.bodies import BODIES, EntityKind, ancestors
from unkg.graph.iris import Iris
from unkg.ingest.entities import resolve_entities
from unkg.ingest.mandates import find_mandates
from unkg.ingest.models import Resolution, UnresolvedKind
from unkg.ingest.to_rdf import resolution_to_rdf
from unkg.ontology import RDF, UNKG

from tests.test_entities import build

IRIS = Iris()
BODY = "https://w3id.org/unkg/id/body/"


def _mandated(body: str, paragraph: str) -> Resolution:
    return find_mandates(resolve_entities(build(body, operative=[paragraph])))


ADDRESSEES = [
    # ga/75/75_212_E.xml, 16: an officer of the General Assembly.
    ("ga", "Requests the President of the General Assembly to hold a one-day preparatory meeting, "
     "by November 2022, at United Nations Headquarters in New York, to finalize the themes of the "
     "interactive dialogues and other outstanding organizational matters;",
     [(f"{BODY}president-general-assembly", "the President of the General Assembly")], []),
    # ga/75/75_130_E.xml, 31: two specialized agencies by their full names; the World
    # Organization for Animal Health is outside the United Nations system and not listed.
    ("ga", "Invites the World Health Organization, the Food and Agriculture Organization of the "
     "United Nations and the World Organization for Animal Health to further strengthen their "
     "collaboration before and during pandemics through the Tripartite Secretariat;",
     [(f"{BODY}who", "the World Health Organization"),
      (f"{BODY}fao", "the Food and Agriculture Organization of the United Nations")],
     ["the World Organization for Animal Health"]),
    # ga/75/75_155_E.xml, 8: a name with commas inside, then a parenthesis.
    ("ga", "Invites the United Nations Educational, Scientific and Cultural Organization, as the "
     "specialized United Nations agency for education, to continue its mandated role to lead and "
     "coordinate the Education 2030 agenda;",
     [(f"{BODY}unesco",
       "the United Nations Educational, Scientific and Cultural Organization")], []),
    # ga/75/75_263_E.xml, 3.
    ("ga", "Invites the Food and Agriculture Organization of the United Nations, mindful of the "
     "provisions contained in the annex to Economic and Social Council resolution 1980/67, to "
     "facilitate the implementation of the International Year;",
     [(f"{BODY}fao", "the Food and Agriculture Organization of the United Nations")], []),
    # ga/75/75_224_E.xml, 11: a programme by its acronym.
    ("ga", "Urges UN-Habitat to continue to develop innovative methods, approaches and guidelines "
     "for data collection, analysis, monitoring and implementation;",
     [(f"{BODY}un-habitat", "UN-Habitat")], []),
    # ga/75/75_104_E.xml, 6: the specialized agencies as a group, beside the system.
    ("ga", "Requests the specialized agencies and other organizations of the United Nations system "
     "to intensify their engagement with the work of the Special Committee;",
     [(f"{BODY}specialized-agencies", "the specialized agencies"),
      (f"{BODY}un-system", "other organizations of the United Nations system")], []),
    # ga/75/75_310_E.xml, 4: international financial institutions as a group.
    ("ga", "Invites international financial institutions and donors to provide appropriate "
     "targeted finances, especially for developing countries;",
     [(f"{BODY}international-financial-institutions", "international financial institutions"),
      (f"{BODY}donors", "donors")], []),
    # ga/75/75_31_E.xml, 2: the Conference on Disarmament, then a parenthesis.
    ("ga", "Requests the Conference on Disarmament, without prejudice to further overview of its "
     "agenda, to keep the matter under review, as appropriate;",
     [(f"{BODY}conference-on-disarmament", "the Conference on Disarmament")], []),
    # ga/75/A_RES_75_291_E.xml, 41: a Secretariat office by its short official name.
    ("ga", "Requests the Office of Counter-Terrorism and other relevant Global Counter-Terrorism "
     "Coordination Compact entities to jointly support innovative measures and approaches to "
     "build the capacity of Member States;",
     [(f"{BODY}unoct", "the Office of Counter-Terrorism")],
     ["other relevant Global Counter-Terrorism Coordination Compact entities"]),
    # sc/2021/S_RES_2617 (2021)-2119887E.xml, 6: the Executive Directorate by its acronym.
    ("sc", "Encourages CTED to assess, as appropriate, Member States’ efforts to tackle all forms "
     "of terrorism and violent extremism conducive to terrorism;",
     [(f"{BODY}cted", "CTED")], []),
    # sc/2020/S_RES_2556 (2020)-2017440E.xml, 28: a peacekeeping operation by its acronym.
    ("sc", "Requests MONUSCO to ensure that any support provided to operations conducted by "
     "national security forces should be only for joint operations;",
     [(f"{BODY}monusco", "MONUSCO")], []),
    # sc/2020/S_RES_2552 (2020)-2015117E.xml, 30: "Authorises", as the Council sometimes spells it.
    ("sc", "Authorises MINUSCA to take all necessary means to carry out its mandate within its "
     "capabilities and areas of deployment;",
     [(f"{BODY}minusca", "MINUSCA")], []),
    # sc/2020/S_RES_2514 (2020)-2003919E.xml, 19.
    ("sc", "Requests UNMISS to continue to intensify and extend its presence and active patrolling "
     "in areas of high risk of conflict;",
     [(f"{BODY}unmiss", "UNMISS")], []),
    # sc/2020/S_RES_2520 (2020)-2007255E.xml, 13: a regional organization, its acronym in brackets.
    ("sc", "Requests the African Union (AU) to continue to develop and update the CONOPS in line "
     "with the updated Somali-led Transition Plan;",
     [(f"{BODY}african-union", "the African Union (AU)")], []),
    # sc/2020/S_RES_2520 (2020)-2007255E.xml, 18: the African Union's mission.
    ("sc", "Requests AMISOM to strengthen uniformity of reporting to the Civilian Casualty "
     "Tracking Analysis and Response Cell (CCTARC) across all of the sectors;",
     [(f"{BODY}amisom", "AMISOM")], []),
    # sc/2020/S_RES_2531 (2020)-2008609E.xml, 42: "notably ..." is a parenthesis.
    ("sc", "Encourages the European Union, notably its Special Representative for the Sahel and "
     "its EUTM Mali and EUCAP Sahel Mali missions, to continue its efforts to support Malian "
     "authorities in Security Sector Reform;",
     [(f"{BODY}european-union", "the European Union")], []),
    # ga/75/75_16_E.xml: "the United Nations" alone stays unresolved; its partner resolves.
    ("ga", "Requests the United Nations and the Organization of Islamic Cooperation to continue to "
     "cooperate in their common search for solutions to global problems;",
     [(f"{BODY}oic", "the Organization of Islamic Cooperation")], ["the United Nations"]),
    # ga/75/75_191_E.xml, 14: a State named alone is not modelled as an addressee.
    ("ga", "Calls upon the Islamic Republic of Iran to ensure, in law and in practice, that no one "
     "is subjected to torture or other cruel, inhuman or degrading treatment or punishment;",
     [], ["the Islamic Republic of Iran"]),
    # ga/75/75_169_E.xml, 64: which Special Rapporteur depends on the resolution.
    ("ga", "Requests the Special Rapporteur to prepare, for submission to the General Assembly at "
     "its seventy-sixth session, reports on the implementation of the present resolution;",
     [], ["the Special Rapporteur"]),
]


@pytest.mark.parametrize(("body", "paragraph", "resolved", "unresolved"), ADDRESSEES)
def test_addressees(body: str, paragraph: str, resolved: list[tuple[str, str]],
                    unresolved: list[str]) -> None:
    mandated = _mandated(body, paragraph)
    assert [(IRIS.body(m.addressee), m.addressee_text)
            for m in mandated.operative[0].mandates] == resolved
    assert [u.text for u in mandated.unresolved if u.kind is UnresolvedKind.MANDATE] == unresolved


PLACES = [
    # A peace operation belongs to the Security Council.
    ("monusco", EntityKind.SUBSIDIARY_BODY, ("sc",)),
    # The Executive Directorate serves the Counter-Terrorism Committee of the Council.
    ("cted", EntityKind.SUBSIDIARY_BODY, ("ctc", "sc")),
    # A Secretariat office.
    ("unoct", EntityKind.OFFICE, ("secretariat",)),
    # A programme reports to the General Assembly.
    ("un-habitat", EntityKind.OFFICE, ("ga",)),
    # An officer of the General Assembly.
    ("president-general-assembly", EntityKind.OTHER_ACTOR, ("ga",)),
    # A specialized agency is autonomous: no parent.
    ("fao", EntityKind.OTHER_ACTOR, ()),
    # The African Union's mission belongs to the African Union.
    ("amisom", EntityKind.OTHER_ACTOR, ("african-union",)),
]


@pytest.mark.parametrize(("key", "kind", "above"), PLACES)
def test_registry_places_each_addressee(key: str, kind: EntityKind,
                                        above: tuple[str, ...]) -> None:
    assert BODIES[key].kind is kind
    assert ancestors(key) == above


def test_every_parent_and_acronym_is_sound() -> None:
    assert [b.key for b in BODIES.values() if b.parent and b.parent not in BODIES] == []
    acronyms = [b.acronym for b in BODIES.values() if b.acronym]
    assert len(acronyms) == len(set(acronyms))


def test_a_mission_is_described_under_its_council_in_rdf() -> None:
    paragraph = next(row[1] for row in ADDRESSEES if row[1].startswith("Requests MONUSCO"))
    mandated = _mandated("sc", paragraph)
    triples = set(resolution_to_rdf(mandated, IRIS, generated_at=datetime(2024, 5, 1, tzinfo=UTC)))
    monusco, sc = URIRef(IRIS.body("monusco")), URIRef(IRIS.body("sc"))
    assert (monusco, RDF.type, UNKG.SubsidiaryBody) in triples
    assert (monusco, UNKG.subOrganizationOf, sc) in triples
    assert any(p == UNKG.addressee and o == monusco for _, p, o in triples)
