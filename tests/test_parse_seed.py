"""The acceptance checks of the seed resolution, through ``unkg parse --json`` as a user runs it."""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest

from tests.conftest import SEED
from unkg.cli import main


@pytest.fixture(scope="module")
def parsed() -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["parse", str(SEED), "--json"]) == 0
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def _refs(paragraph: dict[str, Any]) -> list[dict[str, Any]]:
    return list(paragraph["references"])


def test_document_header(parsed: dict[str, Any]) -> None:
    assert parsed["number"] == "22/7"
    assert parsed["body"] == "ccpcj"
    assert parsed["title"] == "Strengthening international cooperation to combat cybercrime"
    assert parsed["symbol"] == "E/CN.15/RES/22/7"


def test_paragraph_counts_and_openings(parsed: dict[str, Any]) -> None:
    assert [p["opening"] for p in parsed["preamble"]] == [
        "Recalling",
        "Recalling also",
        "Bearing in mind",
        "Underlining",
        "Recognizing with appreciation",
    ]
    assert [p["number"] for p in parsed["operative"]] == [str(n) for n in range(1, 9)]
    assert [p["opening"] for p in parsed["operative"]] == [
        "Takes note of",
        "Expresses its appreciation for",
        "Invites",
        "Requests",
        "Requests",
        "Invites",
        "Invites",
        "Requests",
    ]


def test_references(parsed: dict[str, Any], seed_text: str) -> None:
    first = _refs(parsed["preamble"][0])
    ga_65_230 = next(r for r in first if r["target"] == "A/RES/65/230")
    assert ga_65_230["kind"] == "resolution"
    assert ga_65_230["relation"] == "recalls"
    assert ga_65_230["date"] == "2010-12-21"
    assert seed_text[ga_65_230["start"] : ga_65_230["end"]].startswith("General Assembly")
    assert "65/230" in seed_text[ga_65_230["start"] : ga_65_230["end"]]
    salvador = [r for r in first if r["kind"] == "instrument"]
    assert salvador, "the Salvador Declaration is cited in the first preambular paragraph"
    key = salvador[0]["instrument"]
    assert "salvador" in key
    # "the Salvador Declaration" in the third preambular paragraph is the same instrument.
    assert key in {r["instrument"] for r in _refs(parsed["preamble"][2])}

    second = _refs(parsed["preamble"][1])
    assert {"A/RES/67/189"} <= {r["target"] for r in second}
    assert next(r for r in second if r["target"] == "A/RES/67/189")["relation"] == "recalls"

    every = [r for p in parsed["preamble"] + parsed["operative"] for r in _refs(p)]
    every += [r for f in parsed["footnotes"] for r in f["references"]]
    targets = {r["target"] for r in every}
    assert {"UNODC/CCPCJ/EG.4/2011/3", "UNODC/CCPCJ/EG.4/2013/3"} <= targets
    assert any(r["kind"] == "report" for r in _refs(parsed["operative"][0])), "the UNODC study"
    for reference in every:
        written = seed_text[reference["start"] : reference["end"]]
        assert " ".join(written.split()) == " ".join(reference["text"].split())


def test_footnotes(parsed: dict[str, Any]) -> None:
    by_marker = {f["marker"]: f for f in parsed["footnotes"]}
    assert by_marker["1"]["paragraph"] == "o3"
    assert by_marker["2"]["paragraph"] == "o5"
    assert "1" in parsed["operative"][2]["footnotes"]
    assert "2" in parsed["operative"][4]["footnotes"]
    note = by_marker["2"]["references"]
    assert [(r["target"], r["pinpoint"]) for r in note] == [("A/RES/65/230", "annex, para. 42")]


def test_expert_group_is_one_entity(parsed: dict[str, Any]) -> None:
    groups = [e for e in parsed["entities"] if e["kind"] == "expert-group"]
    assert len(groups) == 1
    group = groups[0]
    assert group["parent"] == "ccpcj"
    mentions = [
        m
        for p in parsed["preamble"] + parsed["operative"]
        for m in p["mentions"]
        if m["entity"] == group["key"]
    ]
    written = {" ".join(m["text"].split()).lower() for m in mentions}
    assert len(mentions) >= 8
    assert any(w.endswith("group") and w.startswith("open-ended") for w in written)
    ccpcj = next(e for e in parsed["entities"] if e["key"] == "ccpcj")
    assert ccpcj["parent"] == "ecosoc"


def test_meeting_in_vienna(parsed: dict[str, Any]) -> None:
    meeting = next(m for m in parsed["meetings"] if m["place"] == "Vienna")
    assert (meeting["start_date"], meeting["end_date"]) == ("2013-02-25", "2013-02-28")
    assert meeting["ordinal"] == 2


def test_mandates(parsed: dict[str, Any]) -> None:
    group = next(e["key"] for e in parsed["entities"] if e["kind"] == "expert-group")
    by_addressee: dict[str, set[str]] = {}
    for paragraph in parsed["operative"]:
        for mandate in paragraph["mandates"]:
            by_addressee.setdefault(mandate["addressee"], set()).add(paragraph["number"])
    assert by_addressee["secretariat"] == {"4", "6"}
    assert by_addressee[group] == {"5", "6", "8"}
    assert "7" in by_addressee["member-states"]
    assert by_addressee["donors"] == {"7"}
    six = parsed["operative"][5]["mandates"]
    assert [(m["verb"], m["addressee"]) for m in six] == [
        ("invites", group),
        ("requests", "secretariat"),
    ]


def test_open_ended_keeps_its_hyphen(parsed: dict[str, Any]) -> None:
    assert "open-ended intergovernmental Expert Group" in parsed["operative"][2]["text"]
    assert "open- ended" not in parsed["operative"][2]["text"]
    assert "openended" not in json.dumps(parsed)
