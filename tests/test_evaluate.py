"""``unkg eval``: the gold read from AKN, its two renderings, the scoring and the saved runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from unkg.graph.symbols import Symbol
from unkg.ingest.models import (
    Footnote,
    Paragraph,
    ParagraphKind,
    Reference,
    ReferenceKind,
    Relation,
    Resolution,
    Source,
    Span,
)

from unkg.cli import main
from unkg.eval_akn import read_akn_documents
from unkg.eval_gold import Gold, GoldNote, GoldParagraph
from unkg.eval_render import render_pdf, render_plain
from unkg.eval_report import (
    build_run,
    compare_runs,
    format_comparison,
    format_report,
    load_run,
    save_run,
    summarize,
)
from unkg.evaluate import (
    Extra,
    FileResult,
    Rendering,
    evaluate_paths,
    score_resolution,
    symbol_family,
    symbol_key,
)

pytestmark = pytest.mark.corpus

GA_79_10 = "akn/ga/79/A_RES_79_10-2421660E.xml"  # 15 preambular, 9 operative, 7 footnotes
SC_2670 = "akn/sc/2022/S_RES_2670-2229179E.xml"  # operative 1 with sub-items (a)-(d)
GA_79_279 = "akn/ga/79/A_RES_79_279-2506204E.xml"  # links to docs.un.org; an unlinked decision
GA_75_101 = "akn/ga/75/75_101A-B_E.xml"  # two resolutions, A and B, in one file


# --- the gold ----------------------------------------------------------------------------------


def test_gold_of_a_general_assembly_resolution(corpus: Path) -> None:
    [document] = read_akn_documents(corpus / GA_79_10)
    gold = document.gold
    assert (gold.body, gold.symbol) == ("ga", "A/RES/79/10")
    assert len(gold.preamble) == 15
    assert [p.number for p in gold.operative] == [str(n) for n in range(1, 10)]
    # "Referring further to its resolutions 64/256 of 2 March 2010, ..., 77/13": eight links.
    assert len(gold.preamble[3].symbols) == 8
    assert Symbol("A/RES/77/13") in gold.preamble[3].symbols
    # Footnotes belong to the paragraph that calls them; footnote 3 links two documents.
    assert [(n.marker, n.paragraph) for n in gold.notes] == [
        ("1", "p1"), ("2", "p4"), ("3", "p5"), ("4", "p5"), ("5", "p9"), ("6", "p11"),
        ("7", "p11")]
    assert gold.notes[2].symbols == {Symbol("S/PRST/2010/1"), Symbol("S/INF/65")}
    # "A/79/302-S/2024/600": the link names only the first of the two documents.
    assert gold.notes[0].symbols == {Symbol("A/79/302")}


def test_gold_sub_items_and_links_to_docs_un_org(corpus: Path) -> None:
    [sc] = read_akn_documents(corpus / SC_2670)
    assert sc.gold.operative[0].labels == ("a", "b", "c", "d")
    assert sc.gold.symbol == "S/RES/2670 (2022)"
    [ga] = read_akn_documents(corpus / GA_79_279)
    # https://docs.un.org/en/A/RES/76/217 is the same document system as undocs.org.
    assert Symbol("A/RES/76/217") in ga.gold.preamble[0].symbols
    assert ga.gold.bad_links == ()
    assert ga.gold.notes[0].paragraph == "o2"


def test_a_file_of_two_resolutions_gives_two_units(corpus: Path) -> None:
    a, b = read_akn_documents(corpus / GA_75_101)
    assert (a.unit.endswith("#A"), b.unit.endswith("#B")) == (True, True)
    # In A, "(a) To cooperate ..." is a <paragraph> of its own: a sub-item of "Urges ...".
    assert [p.number for p in a.gold.operative] == [None]
    assert a.gold.operative[0].labels[:3] == ("a", "b", "c")


# --- the renderings ----------------------------------------------------------------------------


def test_plain_rendering(corpus: Path) -> None:
    [document] = read_akn_documents(corpus / GA_79_10)
    lines = render_plain(document).splitlines()
    assert lines[0] == "Resolution adopted by the General Assembly on 18 November 2024"
    for line in (
        "79/10. Cooperation between the United Nations and the Collective Security Treaty "
        "Organization",
        "The General Assembly,",
        "Having considered the report of the Secretary-General on cooperation between the "
        "United Nations and regional and other organizations,1",  # the marker where it is called
        "Referring also to its resolution 59/50 of 2 December 2004, in which it granted the "
        "Collective Security Treaty Organization observer status in the General Assembly,",
        "39th plenary meeting",
        "2 Resolution 49/57, annex.",  # the footnotes at the end
    ):
        assert line in lines
    assert next(k for k, line in enumerate(lines) if line.startswith("9. Decides")) < lines.index(
        "1 A/79/302-S/2024/600.")
    [sc] = read_akn_documents(corpus / SC_2670)
    assert "(b) recalls paragraph 28 and notes that the AUPSC, in paragraph 2 of its Communique" \
        in render_plain(sc)


def test_pdf_rendering_is_the_mess_of_pdf_extraction(corpus: Path) -> None:
    [document] = read_akn_documents(corpus / GA_79_10)
    text = render_pdf(document)
    assert text == render_pdf(document)  # deterministic, seeded by the file name
    lines = text.splitlines()
    assert lines[0] == " United Nations  A/RES/79/10 "  # the masthead
    assert "*2421660*" in text and "24-21660 (E)" in text  # barcode and job number
    assert any(re.fullmatch(r" ?(?:24-21660 2/\d|2/\d 24-21660) ?", line) for line in lines)
    assert "__________________ " in lines  # the rule above each page's footnotes
    assert max(len(line) for line in lines if not line.startswith("Cooperation")) <= 82
    assert sum(line.rstrip().endswith("-") for line in lines) >= 1  # words broken at line ends
    # Footnote 1 sits at the foot of the first page, under its rule, long before the last paragraph.
    note = re.search(r"(?m)^ ?1 {1,2}A/79/302-S/2024/600\. ?$", text)
    assert note is not None and text.index("__________________") < note.start()
    assert note.start() < text.index("9. Decides")
    assert text.count("A/RES/79/10") >= 3  # the running header of each later page


# --- the scoring -------------------------------------------------------------------------------


def _reference(text: str, kind: ReferenceKind, target: str | None = None,
               instrument: str | None = None) -> Reference:
    return Reference(text, Span(0, len(text)), kind, Relation.RECALLS,
                     target=Symbol(target) if target else None, instrument=instrument)


def _symbols(*values: str) -> frozenset[Symbol]:
    return frozenset(Symbol(v) for v in values)


TEXT_P1 = ("Referring also to its resolution 59/50 of 2 December 2004, and recalling Economic and "
           "Social Council resolution 2012/19 and the Charter of the United Nations,")
TEXT_O1 = "Recalls paragraph 6 of its resolution 74/255 B and its decision 75/570;"
GOLD = Gold(
    unit="ga/x.xml", body="ga", symbol="A/RES/79/10",
    preamble=(GoldParagraph(ParagraphKind.PREAMBULAR, 1, None, TEXT_P1, (), ("1",),
                            _symbols("A/RES/59/50", "S/RES/1631 (2005)")),),
    operative=(GoldParagraph(ParagraphKind.OPERATIVE, 1, "1", TEXT_O1, ("a", "b"), (),
                             _symbols("A/RES/74/255 A-B")),),
    notes=(GoldNote("1", "p1", "A/79/302-S/2024/600.", _symbols("A/79/302")),),
    bad_links=(), web_links=0, unscored_links=0, links=4,
)


def _predicted() -> Resolution:
    """What the pipeline might read from the gold above, one case per reference."""
    preamble = (Paragraph(
        ParagraphKind.PREAMBULAR, 1, "Referring also", TEXT_P1, Span(0, 1), footnotes=("1",),
        references=(
            _reference("resolution 59/50", ReferenceKind.RESOLUTION, "A/RES/59/50"),  # TP
            _reference("resolution 2012/19", ReferenceKind.RESOLUTION, "E/RES/2012/19"),  # ECOSOC
            _reference("the Charter", ReferenceKind.INSTRUMENT, instrument="un-charter"),
            _reference("resolution 1/2", ReferenceKind.RESOLUTION, "A/RES/1/2"),  # invented
        )),)
    operative = (Paragraph(
        ParagraphKind.OPERATIVE, 1, "Recalls", TEXT_O1, Span(0, 1), number="1.",
        references=(
            _reference("resolution 74/255 B", ReferenceKind.RESOLUTION, "A/RES/74/255 B"),  # TP
            _reference("decision 75/570", ReferenceKind.DECISION, "A/DEC/75/570"),  # never linked
        )),)
    footnotes = (Footnote("1", "A/79/302-S/2024/600.", Span(0, 1), paragraph="p1", references=(
        _reference("A/79/302", ReferenceKind.DOCUMENT, "A/79/302"),
        _reference("S/2024/600", ReferenceKind.DOCUMENT, "S/2024/600"),  # printed, not linked
    )),)
    source = Source("x.txt", "0" * 64, "text/plain", "")
    return Resolution(source, None, None, "ga", None, preamble=preamble, operative=operative,
                      footnotes=footnotes)


def test_scoring_true_and_false_positives_negatives_and_extras() -> None:
    result = score_resolution(GOLD, _predicted())
    # A/RES/59/50, A/RES/74/255 (part letters aside) and A/79/302 found; S/RES/1631 missed.
    assert (result.tp, result.fp, result.fn) == (3, 1, 1)
    assert result.missed == ["p1 S/RES/1631 (2005)"]
    assert result.invented == ["p1 A/RES/1/2"]
    assert result.extras == {"named-instrument": 1, "other-body": 1, "decision": 1,
                             "verbatim-symbol": 1}
    assert "n1 S/2024/600 (verbatim-symbol)" in result.extra_items
    assert (result.preamble_exact, result.numbering_exact, result.counts_exact) == (True,) * 3
    assert (result.labeled, result.labels_exact) == (1, 0)  # (a) (b) in the gold, none read
    assert (result.notes_attachable, result.notes_attached) == (1, 1)
    assert result.families["A/RES"] == [2, 1, 0] and result.families["S/RES"] == [0, 0, 1]


@pytest.mark.parametrize(("symbol", "key", "family"), [
    ("A/RES/74/255 B", "A/RES/74/255", "A/RES"),  # part letters are not compared
    ("A/RES/217 A (III)", "A/RES/217 (III)", "A/RES"),
    ("S/RES/1373 (2001)", "S/RES/1373 (2001)", "S/RES"),
    ("A/HRC/RES/5/1", "A/HRC/RES/5/1", "A/HRC/RES"),
    ("E/CN.15/RES/22/7", "E/CN.15/RES/22/7", "other RES"),
    ("A/DEC/75/570", "A/DEC/75/570", "decisions"),
    ("A/CONF.157/24(PartI)", "A/CONF.157/24(PartI)", "doc A/CONF"),
    ("A/ES-10/L.1", "A/ES-10/L.1", "doc A/ES"),
    ("S/2024/600", "S/2024/600", "doc S"),
])
def test_symbol_keys_and_families(symbol: str, key: str, family: str) -> None:
    assert (symbol_key(Symbol(symbol)), symbol_family(Symbol(symbol))) == (key, family)


# --- runs over the corpus, the report, saved runs and their comparison -------------------------


def test_a_run_over_corpus_files_reports_every_section(corpus: Path, tmp_path: Path) -> None:
    files = [corpus / GA_79_10, corpus / SC_2670, corpus / GA_79_279, corpus / GA_75_101]
    results = list(evaluate_paths(files, tuple(Rendering), workers=2))
    assert {(Path(r.unit.partition("#")[0]).name, r.rendering) for r in results} >= {
        ("A_RES_79_10-2421660E.xml", "plain"), ("A_RES_79_10-2421660E.xml", "pdf")}
    assert len(results) == 2 * 5  # 75/101 holds two resolutions
    run = build_run(results, "unkg eval (test)")
    report = format_report(run, worst=3)
    for section in ("References (paragraphs and footnotes, micro)", "Structure", "Targets:",
                    "By symbol family (plain)", "By body (pdf)", "Worst 3 (plain)",
                    "paragraph counts exact", "unlinked extras"):
        assert section in report
    summary = run["summary"]["plain"]
    assert summary["files"] == 5 and summary["tp"] > 0 and 0 < summary["f1"] <= 1
    # Through the command line: saved, then compared with the saved run on the next call.
    saved = tmp_path / "last.json"
    argv = ["eval", str(corpus / GA_79_10), str(corpus / SC_2670), "--render", "plain",
            "--workers", "1", "--save", str(saved)]
    assert main([*argv, "--json"]) == 0
    assert load_run(saved)["summary"]["plain"]["files"] == 2
    assert main(argv) == 0
    assert main([*argv, "--sample-extras", "2", "--no-save", "--compare", str(saved)]) == 0


def test_extras_sample_and_json_output(corpus: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(corpus / GA_79_279), "--workers", "1", "--json", "--no-save",
                 "--sample-extras", "3", "--save", str(tmp_path / "none.json")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["comparison"] is None and not (tmp_path / "none.json").exists()
    # Each sampled extra names its class and carries its paragraph for checking by hand.
    samples = data["extras_sample"]
    assert 0 < len(samples) <= 3
    assert {s["class"] for s in samples} <= {e.value for e in Extra}
    assert all(s["paragraph"] and s["unit"].endswith("A_RES_79_279-2506204E.xml") for s in samples)


def _result(unit: str, tp: int, fp: int, fn: int, missed: list[str],
            preamble: tuple[int, int] = (3, 3)) -> FileResult:
    return FileResult(unit, "plain", "ga", gold_preamble=preamble[0], pred_preamble=preamble[1],
                      tp=tp, fp=fp, fn=fn, missed=missed, links=tp + fn)


def test_compare_two_saved_runs(tmp_path: Path) -> None:
    before = build_run([_result("ga/a.xml", 5, 1, 2, ["p1 A/RES/1/1", "o2 S/RES/2 (2000)"]),
                        _result("ga/b.xml", 4, 0, 0, [], preamble=(3, 3))], "before")
    after = build_run([_result("ga/a.xml", 7, 0, 0, []),
                       _result("ga/b.xml", 3, 0, 1, ["p2 A/RES/9/9"], preamble=(3, 2))], "after")
    save_run(before, tmp_path / "before.json")
    save_run(after, tmp_path / "after.json")
    diff = compare_runs(load_run(tmp_path / "before.json"), load_run(tmp_path / "after.json"))
    [gain], [loss] = diff["gains"], diff["losses"]
    assert (gain["unit"], gain["delta"], gain["now_found"]) == (
        "ga/a.xml", -3, ["o2 S/RES/2 (2000)", "p1 A/RES/1/1"])
    assert (loss["unit"], loss["delta"], loss["broken_checks"], loss["now_missed"]) == (
        "ga/b.xml", 1, ["preamble_exact"], ["p2 A/RES/9/9"])
    assert diff["totals"]["plain"]["tp"] == 1
    text = format_comparison(diff)
    assert "1 files with gains" in text and "ga/b.xml [plain] errors +1 (-preamble_exact)" in text
    assert summarize([]) == {}
