"""Real citation forms, copied from the corpus (``../shared/corpus``) and the seed, and what each
resolves to. Every row names the file it came from; the citing body is the one whose text it is.

Expected items are written ``kind:target``: a canonical symbol for resolutions, decisions and
documents, an instrument key for named instruments and reports.
"""

from __future__ import annotations

from datetime import date

import pytest
from unkg.ingest.models import Relation, UnresolvedKind
from unkg.ingest.references import Found, find_in_text, scan_text


def _what(found: Found) -> str:
    target = str(found.target) if found.target else found.instrument.key if found.instrument else ""
    return f"{found.kind.value}:{target}"


FORMS: list[tuple[str, str, list[str]]] = [
    # -- General Assembly resolutions ------------------------------------------------------------
    # data/ccpcj-resolution-22-7.txt (the seed): the Assembly cited by a Commission
    ("ccpcj", "Recalling General Assembly resolution 65/230 of 21 December \n\n2010, in which",
     ["resolution:A/RES/65/230"]),
    # akn/ga/79/A_RES_79_193-2424232E.xml: "its" is the citing Assembly
    ("ga", "Emphasizing its resolution 64/169 of 18 December 2009", ["resolution:A/RES/64/169"]),
    # akn/ga/77/A_RES_77_154-2228769E.xml: a dated list
    ("ga", "Recalling its resolutions 65/169 of 20 December 2010, 71/213 of 21 December 2016, "
           "72/207 of 20 December 2017, 73/222 of 20 December 2018, 74/206 of 19 December 2019, "
           "75/206 of 21 December 2020 and 76/196 of 17 December 2021",
     ["resolution:A/RES/65/169", "resolution:A/RES/71/213", "resolution:A/RES/72/207",
      "resolution:A/RES/73/222", "resolution:A/RES/74/206", "resolution:A/RES/75/206",
      "resolution:A/RES/76/196"]),
    # akn/ga/75/75_44_E.xml: parts of resolutions adopted in parts
    ("ga", "Recalling its resolutions 49/75 I of 15 December 1994, 50/70 F of 12 December 1995",
     ["resolution:A/RES/49/75 I", "resolution:A/RES/50/70 F"]),
    # akn/ga/75/75_4_E.xml: a list whose items carry their titles
    ("ga", "Recalling its resolutions 74/270 of 2 April 2020, entitled “Global solidarity to fight "
           "the coronavirus disease 2019 (COVID-19)”, 74/274 of 20 April 2020",
     ["resolution:A/RES/74/270", "resolution:A/RES/74/274"]),
    # akn/ga/75/75_133_E.xml: a footnote list separated by semicolons, each with a pinpoint
    ("ga", "Resolutions 52/214, sect. C, para. 3; 55/222, sect. III, para. 12",
     ["resolution:A/RES/52/214", "resolution:A/RES/55/222"]),
    # akn/ga/78/A_RES_78_162-2325889E.xml: "annex" ends one citation, "resolution" starts the next
    ("ga", "Resolution 78/3, annex, resolution 78/4, annex",
     ["resolution:A/RES/78/3", "resolution:A/RES/78/4"]),
    # akn/ga/75/75_182_E.xml: the Assembly named as owner of "its" in a text of the Assembly
    ("ga", "adopted by the General Assembly in its resolution 61/295 of 13 September 2007",
     ["resolution:A/RES/61/295"]),
    # akn/hrc/56/A_HRC_RES_56_11E.xml: "Assembly resolutions" in a Council text
    ("hrc", "the human rights to safe drinking water and sanitation and to menstrual hygiene, "
            "including Assembly resolutions 70/169 of 17 December 2015",
     ["resolution:A/RES/70/169"]),
    # akn/ga/78/A_RES_78_103-2324974E.xml: a leading pinpoint
    ("ga", "pursuant to paragraph 20 of General Assembly resolution 77/110 of 7 December 2022",
     ["resolution:A/RES/77/110"]),
    # akn/ga/76/A_RES_76_258-2204927E.xml: a footnote with a trailing pinpoint
    ("ga", "General Assembly resolution 69/313, annex, para. 46.", ["resolution:A/RES/69/313"]),
    # -- Roman sessions, special and emergency special sessions ----------------------------------
    # akn/ga/75/75_113_E.xml: the Universal Declaration's resolution, in a footnote
    ("ga", "Resolution 217 A (III).", ["resolution:A/RES/217 A (III)"]),
    # akn/ga/75/75_101A-B_E.xml: the International Covenants' resolution
    ("ga", "See resolution 2200 A (XXI), annex.", ["resolution:A/RES/2200 A (XXI)"]),
    # akn/ga/75/75_134_E.xml
    ("ga", "Recalling its resolution 2099 (XX) of 20 December 1965",
     ["resolution:A/RES/2099 (XX)"]),
    # akn/ga/75/75_102_E.xml
    ("ga", "contained in General Assembly resolution 1514 (XV) of 14 December 1960",
     ["resolution:A/RES/1514 (XV)"]),
    # akn/ga/75/75_181_E.xml
    ("ga", "contained in the annex to General Assembly resolution 2625 (XXV) of 24 October 1970",
     ["resolution:A/RES/2625 (XXV)"]),
    # akn/ga/75/75_192_E.xml: the Assembly named before "in its"
    ("ga", "Recalling that the General Assembly, in its resolution 3314 (XXIX), states that",
     ["resolution:A/RES/3314 (XXIX)"]),
    # akn/ga/78/A_RES_78_302-2412151E.xml: a special session in roman, with a non-breaking hyphen
    ("ga", "as stated in its resolutions 1874 (S\u2011IV) of 27 June 1963, 3101 (XXVIII) of 11 "
           "December 1973 and 55/235 of 23 December 2000",
     ["resolution:A/RES/1874 (S-IV)", "resolution:A/RES/3101 (XXVIII)",
      "resolution:A/RES/55/235"]),
    # akn/ga/75/75_98_E.xml: emergency special session
    ("ga", "as demanded in General Assembly resolutions ES-10/15 of 20 July 2004 and ES-10/13",
     ["resolution:A/RES/ES-10/15", "resolution:A/RES/ES-10/13"]),
    # akn/ga/75/75_96_E.xml: the same, written with a non-breaking hyphen
    ("ga", "recalling in this regard its resolution ES\u201110/15 of 20 July 2004",
     ["resolution:A/RES/ES-10/15"]),
    # akn/ga/75/75_37_E.xml: special session
    ("ga", "See resolution S-10/2.", ["resolution:A/RES/S-10/2"]),
    # akn/ga/75/75_157_E.xml
    ("ga", "Resolution S-23/2, annex, and resolution S-23/3, annex.",
     ["resolution:A/RES/S-23/2", "resolution:A/RES/S-23/3"]),
    # -- Security Council ------------------------------------------------------------------------
    # akn/sc/2021/SC_2561_2021-E.xml: "its resolution" in a Council text
    ("sc", "Recalling its resolution 1325 (2000) and related resolutions",
     ["resolution:S/RES/1325 (2000)"]),
    # akn/sc/2020/S_RES_2539 (2020)-2011260E.xml
    ("sc", "Security Council resolutions 1701 (2006), 1680 (2006) and 1559 (2004)",
     ["resolution:S/RES/1701 (2006)", "resolution:S/RES/1680 (2006)",
      "resolution:S/RES/1559 (2004)"]),
    # akn/ga/75/75_90_E.xml: Council numbers in an Assembly text are the Council's
    ("ga", "pursuant to resolutions 1267 (1999), 1989 (2011) and 2253 (2015)",
     ["resolution:S/RES/1267 (1999)", "resolution:S/RES/1989 (2011)",
      "resolution:S/RES/2253 (2015)"]),
    # akn/sc/2022/S_RES_2631 (2022)-2208016E.xml: numbers listed without "resolution"
    ("sc", "Recalling all its previous relevant resolutions on Iraq, in particular 1500 (2003), "
           "1546 (2004), 1557 (2004)",
     ["resolution:S/RES/1500 (2003)", "resolution:S/RES/1546 (2004)",
      "resolution:S/RES/1557 (2004)"]),
    # akn/sc/2022/S_RES_2650_2221218E.xml: a long list, with commas missing at its end
    ("sc", "Recalling all its previous resolutions on Lebanon, in particular resolutions "
           "425 (1978), 426 (1978), 1559 (2004), 1680 (2006), 1701 (2006), 1773 (2007), "
           "1832 (2008), 1884 (2009), 1937 (2010) and 2004 (2011), 2064 (2012), 2115 (2013), "
           "2172 (2014) and 2236 (2015), 2305 (2016), 2373 (2017), 2433 (2018), 2485 (2019) "
           "2539 (2020) and 2591 (2021)",
     [f"resolution:S/RES/{n}" for n in (
         "425 (1978)", "426 (1978)", "1559 (2004)", "1680 (2006)", "1701 (2006)", "1773 (2007)",
         "1832 (2008)", "1884 (2009)", "1937 (2010)", "2004 (2011)", "2064 (2012)", "2115 (2013)",
         "2172 (2014)", "2236 (2015)", "2305 (2016)", "2373 (2017)", "2433 (2018)", "2485 (2019)",
         "2539 (2020)", "2591 (2021)")]),
    # akn/sc/2020/S_RES_2551 (2020)-2015095E.xml
    ("sc", "paragraph 7 of resolution 2244 (2015)", ["resolution:S/RES/2244 (2015)"]),
    # akn/ga/75/75_201_E.xml: two bodies, each number to its own
    ("ga", "Reaffirming General Assembly and Security Council resolutions 70/262 and 2282 (2016) "
           "of 27 April 2016",
     ["resolution:A/RES/70/262", "resolution:S/RES/2282 (2016)"]),
    # text/unsc-1946-1994/S_RES_0403_1977_EN_GOLD.txt: OCR text with hard line breaks
    ("sc", "Recalling its resolutions 232 (1966) of 16 December\n1966 and 253 (1968) of 29 May "
           "1968, by which it",
     ["resolution:S/RES/232 (1966)", "resolution:S/RES/253 (1968)"]),
    # text/unsc-1946-1994/S_RES_0700_1991_EN_GOLD.txt: a number broken across lines
    ("sc", "Recalling its resolutions 661 (1990) of 6 August 1990, 665\n(1990) of 25 August 1990",
     ["resolution:S/RES/661 (1990)", "resolution:S/RES/665 (1990)"]),
    # -- Economic and Social Council, its commissions, the Human Rights Council ------------------
    # akn/ga/75/75_131_E.xml
    ("ga", "Economic and Social Council resolution 1980/67 of 25 July 1980",
     ["resolution:E/RES/1980/67"]),
    # akn/ga/78/A_RES_78_123-2325275E.xml
    ("ga", "the provisions contained in the annex to Economic and Social Council resolution "
           "1980/67",
     ["resolution:E/RES/1980/67"]),
    # akn/ga/79/A_RES_79_178-2424219E.xml
    ("ga", "Economic and Social Council resolution 2024/6.", ["resolution:E/RES/2024/6"]),
    # akn/ga/78/A_RES_78_183A-2326024E.xml
    ("ga", "Economic and Social Council decision 2023/313 of 5 April 2023",
     ["decision:E/DEC/2023/313"]),
    # akn/hrc/54/A_HRC_RES_54_10E.xml: "its" in a Council text, then a bare number in the list
    ("hrc", "Recalling its resolution 5/1 on institution-building of the Human Rights Council and "
            "resolution 5/2 on the Code of Conduct",
     ["resolution:A/HRC/RES/5/1", "resolution:A/HRC/RES/5/2"]),
    # akn/hrc/55/A_HRC_RES_55_1E.xml: a Council special session
    ("hrc", "Human Rights Council resolutions S-26/1 of 14 December 2016 and 31/20",
     ["resolution:A/HRC/RES/S-26/1", "resolution:A/HRC/RES/31/20"]),
    # akn/hrc/54/A_HRC_RES_54_14E.xml: "Council decision" in a Council text
    ("hrc", "as well as Council decision 25/116 of 27 March 2014", ["decision:A/HRC/DEC/25/116"]),
    # akn/hrc/54/A_HRC_RES_54_35E.xml
    ("hrc", "Human Rights Council decision 18/117 of 28 September 2011",
     ["decision:A/HRC/DEC/18/117"]),
    # akn/ga/79/A_RES_79_191-2424134E.xml
    ("ga", "Taking note of Human Rights Council resolution 52/24 of 4 April 2023",
     ["resolution:A/HRC/RES/52/24"]),
    # akn/ga/77/A_RES_77_205-2228931E.xml: the body named after the number
    ("ga", "Notes resolution 51/32 of the Human Rights Council", ["resolution:A/HRC/RES/51/32"]),
    # akn/hrc/58/A_HRC_RES_58_28E.xml: the Council as owner of "its"
    ("hrc", "as mandated by the Human Rights Council in its resolution 55/32 of 5 April 2024",
     ["resolution:A/HRC/RES/55/32"]),
    # akn/hrc/56/A_HRC_RES_56_20E.xml: the old Commission on Human Rights numbers by year
    ("hrc", "annexed to Commission on Human Rights resolution 1997/33 of 11 April 1997",
     ["resolution:E/CN.4/RES/1997/33"]),
    # akn/ga/75/75_169_E.xml
    ("ga", "Commission on Human Rights resolutions 2004/16 of 16 April 2004 and 2005/5 of 14 April "
           "2005",
     ["resolution:E/CN.4/RES/2004/16", "resolution:E/CN.4/RES/2005/5"]),
    # akn/ga/76/A_RES_76_185-2119239E.xml
    ("ga", "Commission on Crime Prevention and Criminal Justice resolutions 16/1 of 27 April 2007 "
           "and 23/1",
     ["resolution:E/CN.15/RES/16/1", "resolution:E/CN.15/RES/23/1"]),
    # akn/ga/75/75_198_E.xml
    ("ga", "Commission on Narcotic Drugs resolution 61/2 of 16 March 2018",
     ["resolution:E/CN.7/RES/61/2"]),
    # akn/ga/75/75_160_E.xml
    ("ga", "Commission on the Status of Women resolutions 51/2 of 9 March 2007, 52/2 of 7 March "
           "2008",
     ["resolution:E/CN.6/RES/51/2", "resolution:E/CN.6/RES/52/2"]),
    # -- decisions of the Assembly ---------------------------------------------------------------
    # akn/ga/78/A_RES_78_243-2326253E.xml
    ("ga", "its decision 77/548 B of 18 April 2023", ["decision:A/DEC/77/548 B"]),
    # akn/ga/78/A_RES_78_239-2326248E.xml
    ("ga", "and its decisions 72/514 of 4 December 2017, 73/514 of 5 December 2018",
     ["decision:A/DEC/72/514", "decision:A/DEC/73/514"]),
    # -- documents by symbol ---------------------------------------------------------------------
    # data/ccpcj-resolution-22-7.txt (the seed), footnote 1
    ("ccpcj", "See UNODC/CCPCJ/EG.4/2011/3 and UNODC/CCPCJ/EG.4/2013/3.",
     ["document:UNODC/CCPCJ/EG.4/2011/3", "document:UNODC/CCPCJ/EG.4/2013/3"]),
    # akn/ga/78/A_RES_78_119-2325269E.xml
    ("ga", "Official Records of the General Assembly, Seventy-eighth Session, Supplement No. 3 "
           "(A/78/3)", ["document:A/78/3"]),
    # akn/ga/78/A_RES_78_244-2326256E.xml
    ("ga", "A/78/6 (Sect. 11), A/78/6 (Sect. 12)",
     ["document:A/78/6(Sect.11)", "document:A/78/6(Sect.12)"]),
    # akn/ga/79/A_RES_79_234-2424612E.xml
    ("ga", "A/75/810/Rev.1, annex.", ["document:A/75/810/Rev.1"]),
    # akn/ga/79/A_RES_79_258-2424700E.xml
    ("ga", "A/79/519 and A/79/519/Corr.1.", ["document:A/79/519", "document:A/79/519/Corr.1"]),
    # akn/ga/76/A_RES_76_289-2210349E.xml
    ("ga", "A/76/760/Add.2.", ["document:A/76/760/Add.2"]),
    # akn/ga/79/A_RES_79_180-2424221E.xml
    ("ga", "A/HRC/22/17/Add.4, appendix", ["document:A/HRC/22/17/Add.4"]),
    # akn/ga/79/A_RES_79_139-2423458E.xml: a draft in brackets
    ("ga", "(A/79/L.33)", ["document:A/79/L.33"]),
    # akn/ga/77/A_RES_77_56-2228172E.xml: one document under two symbols
    ("ga", "See A/61/472-S/2006/780, annex I.", ["document:A/61/472"]),
    # akn/ga/75/75_182_E.xml
    ("ga", "E/CN.4/2002/28/Rev.1", ["document:E/CN.4/2002/28/Rev.1"]),
    # akn/ga/75/75_161_E.xml
    ("ga", "A/CONF.157/24 (Part I), chap. III.", ["document:A/CONF.157/24(PartI)"]),
    # akn/sc/2021/SC_2561_2021-E.xml
    ("sc", "Recalling its Presidential Statement (S/PRST/2020/9)", ["document:S/PRST/2020/9"]),
    # akn/ga/76/A_RES_76_142-2119159E.xml: a resolution printed in a report is a pinpoint
    ("ga", "Official Records of the Economic and Social Council, 2020, Supplement No. 7 "
           "(E/2020/27), chap. I, sect. C, resolution 59/1, annex.", ["document:E/2020/27"]),
    # akn/ga/76/A_RES_76_16_reissue.xml
    ("ga", "Official Records of the General Assembly, Seventy-third Session, Supplement No. 53 "
           "(A/73/53), chap. IV, sect. A, resolution 37/17.", ["document:A/73/53"]),
    # -- named instruments -----------------------------------------------------------------------
    # data/ccpcj-resolution-22-7.txt (the seed): the long name across page-break lines
    ("ccpcj", "endorsed the Salvador Declaration on \n\nComprehensive Strategies for Global "
              "Challenges: Crime Prevention \n\nand Criminal Justice Systems and Their Development "
              "in a Changing \n\nWorld and requested",
     ["instrument:salvador-declaration"]),
    # data/ccpcj-resolution-22-7.txt (the seed): the short name
    ("ccpcj", "Bearing in mind that in the Salvador Declaration, Member States",
     ["instrument:salvador-declaration"]),
    # akn/ga/75/75_145_E.xml
    ("ga", "Guided by the purposes and principles of the Charter of the United Nations",
     ["instrument:un-charter"]),
    # akn/sc/2021/SC_2562_2021-E.xml
    ("sc", "Acting under Chapter VII of the Charter of the United Nations",
     ["instrument:un-charter"]),
    # akn/hrc/55/A_HRC_RES_55_10E.xml
    ("hrc", "Reaffirming the Universal Declaration of Human Rights and the Vienna Declaration and "
            "Programme of Action, and the obligations of States under the International Covenant "
            "on Civil and Political Rights, the International Covenant on Economic, Social and "
            "Cultural Rights and other human rights instruments",
     ["instrument:udhr", "instrument:vdpa", "instrument:iccpr", "instrument:icescr"]),
    # akn/ga/75/75_183_E.xml: the short name restated in brackets is the same citation
    ("ga", "the United Nations Standard Minimum Rules for the Treatment of Prisoners (the Nelson "
           "Mandela Rules)", ["instrument:nelson-mandela-rules"]),
    # akn/ga/75/75_158_E.xml: the Protocol, not the Convention it supplements
    ("ga", "the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women "
           "and Children, supplementing the United Nations Convention against Transnational "
           "Organized Crime", ["instrument:trafficking-protocol"]),
    # akn/ga/75/75_103_E.xml
    ("ga", "entitled “Transforming our world: the 2030 Agenda for Sustainable Development”",
     ["instrument:agenda-2030"]),
    # akn/ga/75/75_124_E.xml
    ("ga", "the Sendai Framework for Disaster Risk Reduction 2015–2030, adopted by the Third "
           "United Nations World Conference on Disaster Risk Reduction",
     ["instrument:sendai-framework"]),
    # akn/ga/75/75_124_E.xml
    ("ga", "the Addis Ababa Action Agenda of the Third International Conference on Financing for "
           "Development", ["instrument:addis-ababa-action-agenda"]),
    # akn/ga/75/75_125_E.xml
    ("ga", "the Rome Statute of the International Criminal Court", ["instrument:rome-statute"]),
    # akn/ga/75/75_125_E.xml
    ("ga", "the Geneva Conventions of 12 August 1949 and the Additional Protocols thereto",
     ["instrument:geneva-conventions"]),
    # akn/ga/75/75_158_E.xml
    ("ga", "the Doha Declaration on Integrating Crime Prevention and Criminal Justice into the "
           "Wider United Nations Agenda to Address Social and Economic Challenges and to Promote "
           "the Rule of Law at the National and International Levels, and Public Participation, "
           "adopted in April 2015", ["instrument:doha-declaration"]),
    # akn/ga/75/75_144_E.xml
    ("ga", "the Vienna Convention on the Law of Treaties", ["instrument:vclt"]),
    # akn/ga/75/75_101A-B_E.xml: a body named after a convention is no citation of it
    ("ga", "the twenty-sixth session of the Conference of the Parties to the United Nations "
           "Framework Convention on Climate Change", []),
    # akn/ga/75/75_102_E.xml: the Declaration inside the name of the Special Committee
    ("ga", "the Special Committee on the Situation with regard to the Implementation of the "
           "Declaration on the Granting of Independence to Colonial Countries and Peoples", []),
    # -- reports named by description ------------------------------------------------------------
    # data/ccpcj-resolution-22-7.txt (the seed)
    ("ccpcj", "Takes note of the comprehensive study on cybercrime \n\nprepared by the United "
              "Nations Office on Drugs and Crime under the",
     ["report:unodc-comprehensive-study-on-cybercrime"]),
    # akn/ga/78/A_RES_78_31-2324540E.xml: a report of the Secretary-General named by its subject
    ("ga", "Taking note of the report of the Secretary-General on youth,",
     ["report:secretary-general-report-on-youth"]),
    # akn/ga/75/75_174_E.xml
    ("ga", "Takes note of the report of the Secretary-General on the status of the human rights "
           "treaty body system;", ["report:secretary-general-report-on-the-status-of-the-human-"
                                   "rights-treaty-body-system"]),
]


@pytest.mark.parametrize(("body", "text", "expected"), FORMS)
def test_citation_form(body: str, text: str, expected: list[str]) -> None:
    found = find_in_text(text, citing_body=body, relation=Relation.CITES)
    assert [_what(f) for f in found] == expected


def test_the_table_is_large_enough() -> None:
    assert len(FORMS) >= 60


# What the first citation of a text carries besides its target: date, pinpoint, words cited.
DETAILS: list[tuple[str, str, date | None, str | None, str]] = [
    # data/ccpcj-resolution-22-7.txt (the seed), footnote 2
    ("General Assembly resolution 65/230, annex, para. 42.", "ccpcj", None, "annex, para. 42",
     "General Assembly resolution 65/230, annex, para. 42"),
    # data/ccpcj-resolution-22-7.txt (the seed): the date broken over a page break
    ("Recalling also General Assembly resolution 67/189 of 20 \n\nDecember 2012, in which",
     "ccpcj", date(2012, 12, 20), None,
     "General Assembly resolution 67/189 of 20 \n\nDecember 2012"),
    # data/ccpcj-resolution-22-7.txt (the seed): a pinpoint into a named instrument
    ("in line with paragraph 42 of the Salvador \n\nDeclaration, an open-ended", "ccpcj", None,
     "paragraph 42", "paragraph 42 of the Salvador \n\nDeclaration"),
    # akn/ga/75/75_101A-B_E.xml
    ("See resolution 2200 A (XXI), annex.", "ga", None, "annex", "resolution 2200 A (XXI), annex"),
    # akn/ga/75/75_244_E.xml: a pinpoint before "its"
    ("paragraph 40 of its resolution 71/323 of 8 September 2017", "ga", date(2017, 9, 8),
     "paragraph 40", "paragraph 40 of its resolution 71/323 of 8 September 2017"),
    # akn/ga/76/A_RES_76_245-2119712E.xml: the date after a pinpoint
    ("Reaffirming its resolutions 41/213 of 19 December 1986, 42/211 of 21 December 1987, "
     "45/248 B, section VI, of 21 December 1990", "ga", date(1986, 12, 19), None,
     "resolutions 41/213 of 19 December 1986"),
    # akn/ga/75/75_246_E.xml: an article of the Charter
    ("Article 101, paragraph 3, of the Charter of the United Nations", "ga", None,
     "Article 101, paragraph 3", "Article 101, paragraph 3, of the Charter of the United Nations"),
]


@pytest.mark.parametrize(("text", "body", "when", "pinpoint", "cited"), DETAILS)
def test_citation_details(text: str, body: str, when: date | None, pinpoint: str | None,
                          cited: str) -> None:
    first = find_in_text(text, citing_body=body, relation=Relation.CITES)[0]
    assert (first.date, first.pinpoint, first.text) == (when, pinpoint, cited)
    assert text[first.start:first.end] == cited


# Citation-looking text that does not resolve becomes an unresolved item, never a wrong symbol.
UNRESOLVED: list[tuple[str, str, UnresolvedKind]] = [
    # akn/ga/75/75_89_E.xml: another organization's resolutions
    ("Indian Ocean Tuna Commission, resolutions 12/07 and 13/07.", "ga", UnresolvedKind.CITATION),
    # akn/ga/76/A_RES_76_296-2211524E.xml: a session number the Assembly never used
    ("Welcoming the decision by the United Nations Environment Assembly at its resumed fifth "
     "session, in resolution 5/14 of 2 March 2022, to convene", "ga", UnresolvedKind.CITATION),
    # akn/ga/77/A_RES_77_235-2229001E.xml: the body named after the number is not registered
    ("Welcoming resolution 9/8 of 17 December 2021 of the Conference of the States Parties to the "
     "United Nations Convention against Corruption", "ga", UnresolvedKind.CITATION),
    # akn/ga/75/75_223_E.xml: the Assembly of another organization
    ("Taking note of resolution 668 (XXI) adopted by the General Assembly of the World Tourism "
     "Organization", "ga", UnresolvedKind.CITATION),
    # akn/ga/75/75_118_E.xml: a decision of a treaty body
    ("the preamble to the Paris Agreement and to decision 1/CP.21", "ga",
     UnresolvedKind.CITATION),
    # akn/hrc/54/A_HRC_RES_54_13E.xml
    ("Taking note with appreciation of decision 13/1 adopted by the Open-ended Working Group",
     "hrc", UnresolvedKind.CITATION),
    # akn/ga/79/A_RES_79_96-2423554E.xml: "its" stands for a body outside the registry
    ("Recalls the adoption by the Economic Commission for Latin America and the Caribbean of its "
     "resolution 574 (XXVII) of 16 May 1998", "ga", UnresolvedKind.CITATION),
]


@pytest.mark.parametrize(("text", "body", "kind"), UNRESOLVED)
def test_unresolved_citations(text: str, body: str, kind: UnresolvedKind) -> None:
    scan = scan_text(text, citing_body=body, relation=Relation.CITES)
    assert [f for f in scan.found if f.target is not None] == []
    assert scan.unresolved and {u.kind for u in scan.unresolved} == {kind}


RELATIONS: list[tuple[str, Relation]] = [
    ("Recalling", Relation.RECALLS),  # the seed, p1
    ("Recalling also", Relation.RECALLS),  # the seed, p2
    ("Further recalling", Relation.RECALLS),  # akn/sc/2023/S_RES_2701_E.xml
    ("Reaffirming", Relation.REAFFIRMS),  # akn/hrc/55/A_HRC_RES_55_10E.xml
    ("Takes note of", Relation.TAKES_NOTE),  # the seed, o1
    ("Taking note with appreciation", Relation.APPRECIATES),  # akn/hrc/55/A_HRC_RES_55_10E.xml
    ("Expresses its appreciation for", Relation.APPRECIATES),  # the seed, o2
    ("Noting", Relation.NOTES),  # akn/ga/75/75_222_E.xml
    ("Welcoming", Relation.WELCOMES),  # akn/sc/2021/SC_2561_2021-E.xml
    ("Endorses", Relation.ENDORSES),
    ("Bearing in mind", Relation.BEARS_IN_MIND),  # the seed, p3
    ("Acknowledging", Relation.ACKNOWLEDGES),
    ("Guided by", Relation.GUIDED_BY),  # akn/hrc/55/A_HRC_RES_55_10E.xml
    ("Approves", Relation.APPROVES),
    ("Adopts", Relation.ADOPTS),
    ("Recognizing with appreciation", Relation.APPRECIATES),  # the seed, p5
    ("Recognizing", Relation.RECOGNIZES),
    ("Acting under Chapter VII of the Charter", Relation.IMPLEMENTS),
    ("Requests", Relation.CITES),  # the seed, o4
]


@pytest.mark.parametrize(("opening", "relation"), RELATIONS)
def test_relation_from_opening(opening: str, relation: Relation) -> None:
    from unkg.ingest.references import relation_for

    assert relation_for(opening) is relation
