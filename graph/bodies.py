"""The registry of UN bodies and actors: who they are, what they belong to, how texts name them.

A :class:`Body` row gives a stable ``key`` (used in IRIs), the official name, the body it belongs to
(``parent``), the symbol series of its resolutions and decisions, and the names and short forms by
which resolutions refer to it. The symbol parser (:mod:`unkg.graph.symbols`) reads the series; the
reference finder (:mod:`unkg.ingest.references`) reads the names.

Expert and working groups created by a resolution are not listed here: the extractor creates them
from the text, with the creating body as their parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class EntityKind(Enum):
    """What kind of body or actor an entity is."""

    PRINCIPAL_ORGAN = "principal-organ"  # General Assembly, Security Council, ECOSOC, ...
    SUBSIDIARY_BODY = "subsidiary-body"  # a council, commission or committee under an organ
    EXPERT_GROUP = "expert-group"  # an expert or working group established by a body
    OFFICE = "office"  # a Secretariat office, fund or programme (UNODC, OHCHR, UNDP)
    SECRETARIAT = "secretariat"  # the Secretariat and the Secretary-General
    MEMBER_STATES = "member-states"  # Member States, States, States parties
    DONORS = "donors"
    OTHER_ACTOR = "actor"  # civil society, the private sector, other addressees


@dataclass(frozen=True)
class Body:
    """One body or actor of the registry.

    ``resolution_series`` is the symbol prefix of the body's resolutions (``A/RES`` for the General
    Assembly, ``E/CN.15/RES`` for the Commission on Crime Prevention and Criminal Justice) and
    ``document_series`` the prefix of its documents (``A``, ``E/CN.15``); ``names`` are the full
    names and variants a text may use; ``short_names`` the forms that refer back to a body
    already named ("the Assembly", "the Commission"), which only resolve inside a text that names
    the body.
    """

    key: str
    name: str
    kind: EntityKind
    parent: str | None = None
    acronym: str | None = None
    resolution_series: str | None = None
    decision_series: str | None = None
    document_series: str | None = None
    names: tuple[str, ...] = ()
    short_names: tuple[str, ...] = ()


_BODIES: tuple[Body, ...] = (
    # Principal organs.
    Body("ga", "General Assembly", EntityKind.PRINCIPAL_ORGAN, acronym="GA",
         resolution_series="A/RES", decision_series="A/DEC", document_series="A",
         names=("General Assembly", "United Nations General Assembly"), short_names=("Assembly",)),
    Body("sc", "Security Council", EntityKind.PRINCIPAL_ORGAN, acronym="SC",
         resolution_series="S/RES", document_series="S",
         names=("Security Council", "United Nations Security Council"), short_names=("Council",)),
    Body("ecosoc", "Economic and Social Council", EntityKind.PRINCIPAL_ORGAN, acronym="ECOSOC",
         resolution_series="E/RES", decision_series="E/DEC", document_series="E",
         names=("Economic and Social Council",), short_names=("Council",)),
    Body("secretariat", "Secretariat", EntityKind.SECRETARIAT,
         names=("Secretariat", "United Nations Secretariat"), short_names=("Secretariat",)),
    Body("secretary-general", "Secretary-General", EntityKind.SECRETARIAT, parent="secretariat",
         names=("Secretary-General", "Secretary-General of the United Nations")),
    Body("icj", "International Court of Justice", EntityKind.PRINCIPAL_ORGAN, acronym="ICJ",
         names=("International Court of Justice",), short_names=("Court",)),
    Body("trusteeship-council", "Trusteeship Council", EntityKind.PRINCIPAL_ORGAN,
         resolution_series="T/RES", document_series="T", names=("Trusteeship Council",)),
    # Subsidiary bodies of the General Assembly.
    Body("hrc", "Human Rights Council", EntityKind.SUBSIDIARY_BODY, parent="ga", acronym="HRC",
         resolution_series="A/HRC/RES", decision_series="A/HRC/DEC", document_series="A/HRC",
         names=("Human Rights Council",), short_names=("Council",)),
    Body("ilc", "International Law Commission", EntityKind.SUBSIDIARY_BODY, parent="ga",
         acronym="ILC", document_series="A/CN.4", names=("International Law Commission",),
         short_names=("Commission",)),
    Body("uncitral", "United Nations Commission on International Trade Law",
         EntityKind.SUBSIDIARY_BODY, parent="ga", acronym="UNCITRAL", document_series="A/CN.9",
         names=("United Nations Commission on International Trade Law",),
         short_names=("Commission",)),
    Body("peacebuilding-commission", "Peacebuilding Commission", EntityKind.SUBSIDIARY_BODY,
         parent="ga", acronym="PBC", document_series="PBC", names=("Peacebuilding Commission",),
         short_names=("Commission",)),
    Body("copuos", "Committee on the Peaceful Uses of Outer Space", EntityKind.SUBSIDIARY_BODY,
         parent="ga", acronym="COPUOS", document_series="A/AC.105",
         names=("Committee on the Peaceful Uses of Outer Space",), short_names=("Committee",)),
    # Functional commissions of the Economic and Social Council.
    Body("ccpcj", "Commission on Crime Prevention and Criminal Justice", EntityKind.SUBSIDIARY_BODY,
         parent="ecosoc", acronym="CCPCJ", resolution_series="E/CN.15/RES",
         decision_series="E/CN.15/DEC", document_series="E/CN.15",
         names=("Commission on Crime Prevention and Criminal Justice",),
         short_names=("Commission",)),
    Body("cnd", "Commission on Narcotic Drugs", EntityKind.SUBSIDIARY_BODY, parent="ecosoc",
         acronym="CND", resolution_series="E/CN.7/RES", decision_series="E/CN.7/DEC",
         document_series="E/CN.7", names=("Commission on Narcotic Drugs",),
         short_names=("Commission",)),
    Body("csw", "Commission on the Status of Women", EntityKind.SUBSIDIARY_BODY, parent="ecosoc",
         acronym="CSW", resolution_series="E/CN.6/RES", document_series="E/CN.6",
         names=("Commission on the Status of Women",), short_names=("Commission",)),
    Body("csocd", "Commission for Social Development", EntityKind.SUBSIDIARY_BODY,
         parent="ecosoc", acronym="CSocD", resolution_series="E/CN.5/RES", document_series="E/CN.5",
         names=("Commission for Social Development",), short_names=("Commission",)),
    Body("cpd", "Commission on Population and Development", EntityKind.SUBSIDIARY_BODY,
         parent="ecosoc", acronym="CPD", resolution_series="E/CN.9/RES", document_series="E/CN.9",
         names=("Commission on Population and Development",), short_names=("Commission",)),
    Body("cstd", "Commission on Science and Technology for Development",
         EntityKind.SUBSIDIARY_BODY, parent="ecosoc", acronym="CSTD", document_series="E/CN.16",
         names=("Commission on Science and Technology for Development",),
         short_names=("Commission",)),
    Body("statistical-commission", "Statistical Commission", EntityKind.SUBSIDIARY_BODY,
         parent="ecosoc", document_series="E/CN.3", names=("Statistical Commission",),
         short_names=("Commission",)),
    Body("unff", "United Nations Forum on Forests", EntityKind.SUBSIDIARY_BODY, parent="ecosoc",
         acronym="UNFF", names=("United Nations Forum on Forests",), short_names=("Forum",)),
    Body("chr", "Commission on Human Rights", EntityKind.SUBSIDIARY_BODY, parent="ecosoc",
         acronym="CHR", resolution_series="E/CN.4/RES", decision_series="E/CN.4/DEC",
         document_series="E/CN.4", names=("Commission on Human Rights",),
         short_names=("Commission",)),
    # Offices, funds and programmes.
    Body("unodc", "United Nations Office on Drugs and Crime", EntityKind.OFFICE,
         parent="secretariat", acronym="UNODC", document_series="UNODC",
         names=("United Nations Office on Drugs and Crime",), short_names=("Office",)),
    Body("ohchr", "Office of the United Nations High Commissioner for Human Rights",
         EntityKind.OFFICE, parent="secretariat", acronym="OHCHR",
         names=("Office of the United Nations High Commissioner for Human Rights",
                "Office of the High Commissioner for Human Rights",
                "Office of the High Commissioner"),
         short_names=("Office of the High Commissioner",)),
    Body("high-commissioner-human-rights", "United Nations High Commissioner for Human Rights",
         EntityKind.OFFICE, parent="ohchr",
         names=("United Nations High Commissioner for Human Rights",
                "High Commissioner for Human Rights"), short_names=("High Commissioner",)),
    Body("undp", "United Nations Development Programme", EntityKind.OFFICE, parent="ga",
         acronym="UNDP", names=("United Nations Development Programme",)),
    Body("unep", "United Nations Environment Programme", EntityKind.OFFICE, parent="ga",
         acronym="UNEP", names=("United Nations Environment Programme",)),
    Body("unicef", "United Nations Children's Fund", EntityKind.OFFICE, parent="ga",
         acronym="UNICEF", names=("United Nations Children's Fund",)),
    Body("unhcr", "Office of the United Nations High Commissioner for Refugees",
         EntityKind.OFFICE, parent="ga", acronym="UNHCR",
         names=("Office of the United Nations High Commissioner for Refugees",
                "United Nations High Commissioner for Refugees")),
    Body("dgc", "Department of Global Communications", EntityKind.OFFICE, parent="secretariat",
         names=("Department of Global Communications",), short_names=("Department",)),
    # Actors that are not bodies.
    Body("member-states", "Member States", EntityKind.MEMBER_STATES,
         names=("Member States", "all Member States", "States Members of the United Nations")),
    Body("states", "States", EntityKind.MEMBER_STATES, names=("States", "all States")),
    Body("states-parties", "States parties", EntityKind.MEMBER_STATES,
         names=("States parties", "all States parties")),
    Body("donors", "Donors", EntityKind.DONORS,
         names=("donors", "other donors", "donor countries", "the donor community")),
    Body("civil-society", "Civil society", EntityKind.OTHER_ACTOR,
         names=("civil society", "civil society organizations", "non-governmental organizations")),
    Body("private-sector", "Private sector", EntityKind.OTHER_ACTOR, names=("private sector",)),
    Body("governments", "Governments", EntityKind.MEMBER_STATES,
         names=("Governments", "all Governments", "national Governments")),
    Body("administering-powers", "Administering Powers", EntityKind.MEMBER_STATES,
         names=("administering Power", "administering Powers")),
    Body("parties", "Parties", EntityKind.OTHER_ACTOR,
         names=("the parties", "all parties", "the parties concerned", "all parties concerned",
                "all the parties concerned", "parties to the conflict",
                "all parties to the conflict")),
    Body("international-community", "International community", EntityKind.OTHER_ACTOR,
         names=("international community",)),
    Body("un-system", "United Nations system", EntityKind.OTHER_ACTOR,
         names=("United Nations system", "organizations of the United Nations system",
                "entities of the United Nations system", "United Nations entities",
                "United Nations development system", "United Nations agencies")),
    Body("international-organizations", "International organizations", EntityKind.OTHER_ACTOR,
         names=("international organizations", "intergovernmental organizations",
                "international and regional organizations",
                "regional and international organizations")),
    Body("regional-organizations", "Regional organizations", EntityKind.OTHER_ACTOR,
         names=("regional organizations", "regional and subregional organizations")),
    Body("stakeholders", "Stakeholders", EntityKind.OTHER_ACTOR,
         names=("stakeholders", "relevant stakeholders", "all stakeholders", "other stakeholders",
                "all relevant stakeholders", "other relevant stakeholders")),
)

BODIES: dict[str, Body] = {body.key: body for body in _BODIES}


def body(key: str) -> Body:
    """The registry row for ``key``; raises ``KeyError`` naming the key when there is none."""
    try:
        return BODIES[key]
    except KeyError:
        raise KeyError(f"no body with key {key!r} in the registry") from None


def ancestors(key: str) -> tuple[str, ...]:
    """The keys of the bodies above ``key``, nearest first (``ccpcj`` gives ``("ecosoc",)``)."""
    chain: list[str] = []
    parent = BODIES[key].parent if key in BODIES else None
    while parent is not None and parent not in chain:
        chain.append(parent)
        parent = BODIES[parent].parent if parent in BODIES else None
    return tuple(chain)
