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
    Body("unfpa", "United Nations Population Fund", EntityKind.OFFICE, parent="ga",
         acronym="UNFPA", names=("United Nations Population Fund",)),
    Body("wfp", "World Food Programme", EntityKind.OFFICE, parent="ga", acronym="WFP",
         names=("World Food Programme",)),
    Body("un-women", "United Nations Entity for Gender Equality and the Empowerment of Women",
         EntityKind.OFFICE, parent="ga", acronym="UN-Women",
         names=("United Nations Entity for Gender Equality and the Empowerment of Women",)),
    Body("un-habitat", "United Nations Human Settlements Programme", EntityKind.OFFICE,
         parent="ga", acronym="UN-Habitat", names=("United Nations Human Settlements Programme",)),
    Body("unctad", "United Nations Conference on Trade and Development", EntityKind.OFFICE,
         parent="ga", acronym="UNCTAD",
         names=("United Nations Conference on Trade and Development",)),
    Body("unrwa", "United Nations Relief and Works Agency for Palestine Refugees in the Near East",
         EntityKind.OFFICE, parent="ga", acronym="UNRWA",
         names=("United Nations Relief and Works Agency for Palestine Refugees in the Near East",)),
    Body("unops", "United Nations Office for Project Services", EntityKind.OFFICE, parent="ga",
         acronym="UNOPS", names=("United Nations Office for Project Services",)),
    Body("unaids", "Joint United Nations Programme on HIV/AIDS", EntityKind.OFFICE,
         acronym="UNAIDS", names=("Joint United Nations Programme on HIV/AIDS",)),
    # Secretariat offices and departments.
    Body("ocha", "Office for the Coordination of Humanitarian Affairs", EntityKind.OFFICE,
         parent="secretariat", acronym="OCHA",
         names=("Office for the Coordination of Humanitarian Affairs",)),
    Body("unoct", "United Nations Office of Counter-Terrorism", EntityKind.OFFICE,
         parent="secretariat", acronym="UNOCT",
         names=("United Nations Office of Counter-Terrorism", "Office of Counter-Terrorism")),
    Body("unoda", "Office for Disarmament Affairs", EntityKind.OFFICE, parent="secretariat",
         acronym="UNODA", names=("Office for Disarmament Affairs",
                                 "United Nations Office for Disarmament Affairs")),
    Body("unoosa", "Office for Outer Space Affairs", EntityKind.OFFICE, parent="secretariat",
         acronym="UNOOSA", names=("Office for Outer Space Affairs",)),
    Body("desa", "Department of Economic and Social Affairs", EntityKind.OFFICE,
         parent="secretariat", acronym="DESA",
         names=("Department of Economic and Social Affairs",)),
    Body("dppa", "Department of Political and Peacebuilding Affairs", EntityKind.OFFICE,
         parent="secretariat", acronym="DPPA",
         names=("Department of Political and Peacebuilding Affairs",)),
    Body("dpo", "Department of Peace Operations", EntityKind.OFFICE, parent="secretariat",
         acronym="DPO", names=("Department of Peace Operations",)),
    Body("pbso", "Peacebuilding Support Office", EntityKind.OFFICE, parent="secretariat",
         acronym="PBSO", names=("Peacebuilding Support Office",)),
    # Officers of the principal organs.
    Body("president-general-assembly", "President of the General Assembly",
         EntityKind.OTHER_ACTOR, parent="ga", names=("President of the General Assembly",)),
    # Subsidiary bodies of the Security Council, and the peace operations it established.
    Body("ctc", "Counter-Terrorism Committee", EntityKind.SUBSIDIARY_BODY, parent="sc",
         acronym="CTC", names=("Counter-Terrorism Committee",)),
    Body("cted", "Counter-Terrorism Committee Executive Directorate", EntityKind.SUBSIDIARY_BODY,
         parent="ctc", acronym="CTED",
         names=("Counter-Terrorism Committee Executive Directorate",)),
    Body("monusco", "United Nations Organization Stabilization Mission in the Democratic Republic "
         "of the Congo", EntityKind.SUBSIDIARY_BODY, parent="sc", acronym="MONUSCO",
         names=("United Nations Organization Stabilization Mission in the Democratic Republic of "
                "the Congo",)),
    Body("minusca", "United Nations Multidimensional Integrated Stabilization Mission in the "
         "Central African Republic", EntityKind.SUBSIDIARY_BODY, parent="sc", acronym="MINUSCA",
         names=("United Nations Multidimensional Integrated Stabilization Mission in the Central "
                "African Republic",)),
    Body("minusma", "United Nations Multidimensional Integrated Stabilization Mission in Mali",
         EntityKind.SUBSIDIARY_BODY, parent="sc", acronym="MINUSMA",
         names=("United Nations Multidimensional Integrated Stabilization Mission in Mali",)),
    Body("unmiss", "United Nations Mission in the Republic of South Sudan",
         EntityKind.SUBSIDIARY_BODY, parent="sc", acronym="UNMISS",
         names=("United Nations Mission in the Republic of South Sudan",
                "United Nations Mission in South Sudan")),
    Body("unisfa", "United Nations Interim Security Force for Abyei", EntityKind.SUBSIDIARY_BODY,
         parent="sc", acronym="UNISFA", names=("United Nations Interim Security Force for Abyei",)),
    Body("unama", "United Nations Assistance Mission in Afghanistan", EntityKind.SUBSIDIARY_BODY,
         parent="sc", acronym="UNAMA", names=("United Nations Assistance Mission in Afghanistan",)),
    Body("unami", "United Nations Assistance Mission for Iraq", EntityKind.SUBSIDIARY_BODY,
         parent="sc", acronym="UNAMI", names=("United Nations Assistance Mission for Iraq",)),
    Body("unifil", "United Nations Interim Force in Lebanon", EntityKind.SUBSIDIARY_BODY,
         parent="sc", acronym="UNIFIL", names=("United Nations Interim Force in Lebanon",)),
    Body("unficyp", "United Nations Peacekeeping Force in Cyprus", EntityKind.SUBSIDIARY_BODY,
         parent="sc", acronym="UNFICYP", names=("United Nations Peacekeeping Force in Cyprus",)),
    Body("undof", "United Nations Disengagement Observer Force", EntityKind.SUBSIDIARY_BODY,
         parent="sc", acronym="UNDOF", names=("United Nations Disengagement Observer Force",)),
    Body("minurso", "United Nations Mission for the Referendum in Western Sahara",
         EntityKind.SUBSIDIARY_BODY, parent="sc", acronym="MINURSO",
         names=("United Nations Mission for the Referendum in Western Sahara",)),
    Body("unmik", "United Nations Interim Administration Mission in Kosovo",
         EntityKind.SUBSIDIARY_BODY, parent="sc", acronym="UNMIK",
         names=("United Nations Interim Administration Mission in Kosovo",)),
    Body("unsom", "United Nations Assistance Mission in Somalia", EntityKind.SUBSIDIARY_BODY,
         parent="sc", acronym="UNSOM", names=("United Nations Assistance Mission in Somalia",)),
    Body("unsos", "United Nations Support Office in Somalia", EntityKind.SUBSIDIARY_BODY,
         parent="sc", acronym="UNSOS", names=("United Nations Support Office in Somalia",)),
    Body("unsmil", "United Nations Support Mission in Libya", EntityKind.SUBSIDIARY_BODY,
         parent="sc", acronym="UNSMIL", names=("United Nations Support Mission in Libya",)),
    Body("binuh", "United Nations Integrated Office in Haiti", EntityKind.SUBSIDIARY_BODY,
         parent="sc", acronym="BINUH", names=("United Nations Integrated Office in Haiti",)),
    # Specialized agencies and related organizations: autonomous, linked to the United Nations
    # by agreement, so no parent.
    Body("fao", "Food and Agriculture Organization of the United Nations", EntityKind.OTHER_ACTOR,
         acronym="FAO", names=("Food and Agriculture Organization of the United Nations",
                               "Food and Agriculture Organization")),
    Body("icao", "International Civil Aviation Organization", EntityKind.OTHER_ACTOR,
         acronym="ICAO", names=("International Civil Aviation Organization",)),
    Body("ifad", "International Fund for Agricultural Development", EntityKind.OTHER_ACTOR,
         acronym="IFAD", names=("International Fund for Agricultural Development",)),
    Body("ilo", "International Labour Organization", EntityKind.OTHER_ACTOR, acronym="ILO",
         names=("International Labour Organization",)),
    Body("imf", "International Monetary Fund", EntityKind.OTHER_ACTOR, acronym="IMF",
         names=("International Monetary Fund",)),
    Body("imo", "International Maritime Organization", EntityKind.OTHER_ACTOR, acronym="IMO",
         names=("International Maritime Organization",)),
    Body("itu", "International Telecommunication Union", EntityKind.OTHER_ACTOR, acronym="ITU",
         names=("International Telecommunication Union",)),
    Body("unesco", "United Nations Educational, Scientific and Cultural Organization",
         EntityKind.OTHER_ACTOR, acronym="UNESCO",
         names=("United Nations Educational, Scientific and Cultural Organization",)),
    Body("unido", "United Nations Industrial Development Organization", EntityKind.OTHER_ACTOR,
         acronym="UNIDO", names=("United Nations Industrial Development Organization",)),
    Body("unwto", "World Tourism Organization", EntityKind.OTHER_ACTOR, acronym="UNWTO",
         names=("World Tourism Organization",)),
    Body("upu", "Universal Postal Union", EntityKind.OTHER_ACTOR, acronym="UPU",
         names=("Universal Postal Union",)),
    Body("who", "World Health Organization", EntityKind.OTHER_ACTOR, acronym="WHO",
         names=("World Health Organization",)),
    Body("wipo", "World Intellectual Property Organization", EntityKind.OTHER_ACTOR,
         acronym="WIPO", names=("World Intellectual Property Organization",)),
    Body("wmo", "World Meteorological Organization", EntityKind.OTHER_ACTOR, acronym="WMO",
         names=("World Meteorological Organization",)),
    Body("world-bank-group", "World Bank Group", EntityKind.OTHER_ACTOR,
         names=("World Bank Group",)),
    Body("world-bank", "World Bank", EntityKind.OTHER_ACTOR, parent="world-bank-group",
         names=("World Bank",)),
    Body("iaea", "International Atomic Energy Agency", EntityKind.OTHER_ACTOR, acronym="IAEA",
         names=("International Atomic Energy Agency",)),
    Body("iom", "International Organization for Migration", EntityKind.OTHER_ACTOR,
         acronym="IOM", names=("International Organization for Migration",)),
    Body("opcw", "Organisation for the Prohibition of Chemical Weapons", EntityKind.OTHER_ACTOR,
         acronym="OPCW", names=("Organisation for the Prohibition of Chemical Weapons",)),
    Body("wto", "World Trade Organization", EntityKind.OTHER_ACTOR, acronym="WTO",
         names=("World Trade Organization",)),
    Body("conference-on-disarmament", "Conference on Disarmament", EntityKind.OTHER_ACTOR,
         names=("Conference on Disarmament",)),
    # Regional organizations and their operations.
    Body("african-union", "African Union", EntityKind.OTHER_ACTOR, acronym="AU",
         names=("African Union",)),
    Body("amisom", "African Union Mission in Somalia", EntityKind.OTHER_ACTOR,
         parent="african-union", acronym="AMISOM", names=("African Union Mission in Somalia",)),
    Body("atmis", "African Union Transition Mission in Somalia", EntityKind.OTHER_ACTOR,
         parent="african-union", acronym="ATMIS",
         names=("African Union Transition Mission in Somalia",)),
    Body("european-union", "European Union", EntityKind.OTHER_ACTOR, acronym="EU",
         names=("European Union",)),
    Body("league-of-arab-states", "League of Arab States", EntityKind.OTHER_ACTOR,
         names=("League of Arab States",)),
    Body("oic", "Organization of Islamic Cooperation", EntityKind.OTHER_ACTOR, acronym="OIC",
         names=("Organization of Islamic Cooperation",)),
    Body("oas", "Organization of American States", EntityKind.OTHER_ACTOR, acronym="OAS",
         names=("Organization of American States",)),
    Body("osce", "Organization for Security and Co-operation in Europe", EntityKind.OTHER_ACTOR,
         acronym="OSCE", names=("Organization for Security and Co-operation in Europe",)),
    Body("asean", "Association of Southeast Asian Nations", EntityKind.OTHER_ACTOR,
         acronym="ASEAN", names=("Association of Southeast Asian Nations",)),
    Body("ecowas", "Economic Community of West African States", EntityKind.OTHER_ACTOR,
         acronym="ECOWAS", names=("Economic Community of West African States",)),
    Body("eccas", "Economic Community of Central African States", EntityKind.OTHER_ACTOR,
         acronym="ECCAS", names=("Economic Community of Central African States",)),
    Body("sadc", "Southern African Development Community", EntityKind.OTHER_ACTOR,
         acronym="SADC", names=("Southern African Development Community",)),
    Body("igad", "Intergovernmental Authority on Development", EntityKind.OTHER_ACTOR,
         acronym="IGAD", names=("Intergovernmental Authority on Development",)),
    Body("caricom", "Caribbean Community", EntityKind.OTHER_ACTOR, acronym="CARICOM",
         names=("Caribbean Community",)),
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
                "United Nations development system", "United Nations agencies",
                "United Nations organizations")),
    Body("specialized-agencies", "Specialized agencies", EntityKind.OTHER_ACTOR,
         names=("specialized agencies", "specialized agencies of the United Nations",
                "specialized agencies of the United Nations system",
                "United Nations specialized agencies")),
    Body("funds-and-programmes", "United Nations funds and programmes", EntityKind.OTHER_ACTOR,
         names=("United Nations funds and programmes", "funds and programmes of the United Nations",
                "funds and programmes of the United Nations system")),
    Body("international-organizations", "International organizations", EntityKind.OTHER_ACTOR,
         names=("international organizations", "intergovernmental organizations",
                "international and regional organizations",
                "regional and international organizations")),
    Body("international-financial-institutions", "International financial institutions",
         EntityKind.OTHER_ACTOR, names=("international financial institutions",)),
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
