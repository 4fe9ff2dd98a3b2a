"""Texts that hold several resolutions: where each starts and ends, each read on its own with its
spans still pointing into the whole file, and each ingested into a named graph of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from unkg.graph.embedded import EmbeddedStore
from unkg.graph.iris import Iris
from unkg.graph.symbols import Symbol
from unkg.ingest.models import Resolution, Source, Span, VoteKind
from unkg.ingest.pdf import read_pdf_source
from unkg.ingest.pipeline import parse_documents, parse_file, parse_resolutions
from unkg.ingest.split import split_resolutions
from unkg.ingest.to_rdf import graph_slug

from unkg.errors import SourceError
from unkg.load import Outcome, ingest_paths

# Three eras of Security Council headings: "100 (1953). Resolution of 27 October 1953",
# "Resolution 500 (1982)" over "of 28 January 1982", "RESOLUTION 800 (1993)" over "Adopted by ...".
THREE = (
    "S_RES_0100_1953_EN_GOLD.txt", "S_RES_0500_1982_EN_GOLD.txt", "S_RES_0800_1993_EN_GOLD.txt"
)


@pytest.fixture(scope="module")
def combined(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int]]:
    """The three texts one after the other in one file, and where each starts in it."""
    parts = [(corpus / "text" / "unsc-1946-1994" / name).read_bytes() for name in THREE]
    parts = [part if part.endswith(b"\n") else part + b"\n" for part in parts]
    path = tmp_path_factory.mktemp("split") / "sc-volume.txt"
    path.write_bytes(b"".join(parts))
    starts = [len(b"".join(parts[:n]).decode("utf-8")) for n in range(len(parts))]
    return path, starts


def test_three_resolutions_in_one_file(combined: tuple[Path, list[int]]) -> None:
    path, starts = combined
    text = path.read_bytes().decode("utf-8")
    resolutions = parse_documents(path)
    assert [str(r.symbol) for r in resolutions] == [
        "S/RES/100 (1953)", "S/RES/500 (1982)", "S/RES/800 (1993)"
    ]
    assert [r.number for r in resolutions] == ["100 (1953)", "500 (1982)", "800 (1993)"]
    iris = Iris()
    assert len({iris.symbol(r.symbol) for r in resolutions if r.symbol}) == 3
    assert [graph_slug(r) for r in resolutions] == [
        Symbol.parse(s).slug for s in ("S/RES/100 (1953)", "S/RES/500 (1982)", "S/RES/800 (1993)")
    ]
    bounds = [*starts, len(text)]
    for n, resolution in enumerate(resolutions):
        # Each keeps the whole file as its source, and every span falls inside its own part.
        assert resolution.source.path == str(path)
        assert resolution.source.text == text
        spans = [p.span for p in resolution.paragraphs] + [f.span for f in resolution.footnotes]
        assert all(bounds[n] <= s.start <= s.end <= bounds[n + 1] for s in spans), THREE[n]


def test_spans_point_into_the_combined_file(combined: tuple[Path, list[int]]) -> None:
    path, _ = combined
    text = path.read_bytes().decode("utf-8")
    first, second, third = parse_documents(path)

    def at(span: Span | None) -> str:
        assert span is not None
        return text[span.start : span.end]

    assert at(first.operative[0].span).startswith("Deems it desirable to that end")
    assert at(first.adoption_span) == "Adopted unanimously at the\n631st meeting."
    assert at(second.operative[0].span).startswith("Decides to call an emergency special session")
    assert at(third.preamble[0].span).startswith(
        "Having examined the application of the Slovak Republic for admission"
    )
    # The adoption details of each, read from its own statement.
    assert first.record is not None and first.record.vote is not None
    assert first.record.vote.kind is VoteKind.UNANIMOUS
    assert second.record is not None and second.record.vote is not None
    assert (second.record.meeting_number, second.record.vote.abstaining) == (2330, 2)
    assert third.record is not None and third.record.meeting_number == 3157


def test_parse_file_refuses_a_file_of_several(combined: tuple[Path, list[int]]) -> None:
    path, _ = combined
    with pytest.raises(SourceError, match=r"holds 3 resolutions \(S/RES/100 \(1953\), "):
        parse_file(path)


def test_ingesting_the_combined_file_makes_three_graphs(combined: tuple[Path, list[int]]) -> None:
    path, _ = combined
    iris = Iris()
    with EmbeddedStore.in_memory() as store:
        report = ingest_paths(store, [path], iris)
        assert [f.outcome for f in report.files] == [Outcome.INGESTED] * 3
        assert [f.symbol for f in report.files] == [
            "S/RES/100 (1953)", "S/RES/500 (1982)", "S/RES/800 (1993)"
        ]
        assert sorted(store.graphs()) == sorted(f.graph for f in report.files if f.graph)
        assert len(store.graphs()) == 3
        assert all(store.graph_length(g) > 50 for g in store.graphs())
        # Unchanged file, same extractor: every graph is skipped the second time.
        again = ingest_paths(store, [path], iris)
        assert [f.outcome for f in again.files] == [Outcome.SKIPPED] * 3


# Real headings with the first lines under them; the bodies are cut short.
SEED_HEAD = (
    "Resolution 22/7 \n"
    "  Strengthening international cooperation to combat \n"
    "cybercrime \n"
    " The Commission on Crime Prevention and Criminal Justice , \n"
    " Recalling General Assembly resolution 65/230 of 21 December \n"
    "2010, ...\n"
)
GA_73_7 = (
    " 73/7. Report of the International Criminal Court \n"
    " \n"
    " The General Assembly, \n"
    " Recalling its resolution 72/3 of 30 October 2017 and all its previous relevant \n"
    "resolutions, \n"
    " 1. Welcomes the report of the International Criminal Court for 2017/18;4 \n"
)
GA_73_8 = (
    " 73/8. Necessity of ending the economic, commercial and financial \n"
    "embargo imposed by the United States of America \n"
    "against Cuba \n"
    " The General Assembly, \n"
    " Determined to encourage strict compliance with the purposes and principles \n"
)
SC_1 = (
    "MILITARY STAFF COMMITTEE\n"
    "\n"
    "1 (1946) Resolution of 25 January 1946\n"
    "\n"
    "By Article 47 of the Charter, the United Nations have agreed ...\n"
)
SC_2 = (
    "2 (1946). Resolution of 30 January 1946\n"
    "[S/6]\n"
    "The Security Council,\n"
)


@pytest.mark.parametrize(
    ("text", "first_lines"),
    [
        # the seed alone: one resolution, read whole
        (SEED_HEAD, [SEED_HEAD.splitlines()[0]]),
        # a session report: "73/7. Title" and "73/8. Title", each over "The General Assembly,"
        (GA_73_7 + GA_73_8, [GA_73_7.splitlines()[0], GA_73_8.splitlines()[0]]),
        # a CCPCJ report heading, "Resolution 22/7", then a GA one
        (SEED_HEAD + GA_73_8, [SEED_HEAD.splitlines()[0], GA_73_8.splitlines()[0]]),
        # a subject heading in capitals goes with the resolution under it
        (SC_2 + SC_1, [SC_2.splitlines()[0], "MILITARY STAFF COMMITTEE"]),
        # "22/7." in a footnote and "Resolution 70/1." alone on a line, with no formula below:
        # not headings
        (GA_73_8 + " 1  Resolution 70/1. \n 2  See resolution 22/7. \n22/7.\n",
         [GA_73_8.splitlines()[0]]),
        # "Resolution 242 (1967)" at the end of a line of running text: not a heading
        (SC_2 + "Recalling its\nResolution 242 (1967)\nand 338 (1973),\n", [SC_2.splitlines()[0]]),
    ],
)
def test_split_resolutions(text: str, first_lines: list[str]) -> None:
    ranges = split_resolutions(text)
    if len(first_lines) == 1:
        assert ranges == [(0, len(text))]
        return
    assert [text[start:end].splitlines()[0] for start, end in ranges] == first_lines
    assert ranges[-1][1] == len(text)


def test_a_decision_ends_the_resolution_before_it() -> None:
    text = GA_73_7 + "Decision 73/501\n The General Assembly decided ...\n" + GA_73_8
    (start1, end1), (start2, _) = split_resolutions(text)
    assert text[start1:end1] == GA_73_7
    assert text[start2:].startswith(" 73/8.")


def test_every_old_sc_text_is_one_resolution_and_all_of_them_together_902(corpus: Path) -> None:
    folder = corpus / "text" / "unsc-1946-1994"
    texts = {p.name: p.read_bytes().decode("utf-8") for p in sorted(folder.glob("*.txt"))}
    several = {name for name, text in texts.items() if len(split_resolutions(text)) != 1}
    # S/RES/471 (1980) carries at its foot the heading of 474, cut off by the page: two pieces,
    # and the pipeline reads the heading-only piece with the resolution before it.
    assert several == {"S_RES_0471_1980_EN_GOLD.txt"}
    assert [str(r.symbol) for r in parse_documents(folder / "S_RES_0471_1980_EN_GOLD.txt")] == [
        "S/RES/471 (1980)"
    ]
    whole, starts = "", []
    for text in texts.values():
        starts.append(len(whole))
        whole += text if text.endswith("\n") else text + "\n"
    found = [start for start, _ in split_resolutions(whole)]
    # One resolution starts in each file's stretch of the whole (two in 471's).
    ends = [*starts[1:], len(whole)]
    per_file = {
        name: sum(1 for f in found if start <= f < end)
        for name, start, end in zip(texts, starts, ends, strict=True)
    }
    assert len(per_file) == 902
    assert {name: n for name, n in per_file.items() if n != 1} == {"S_RES_0471_1980_EN_GOLD.txt": 2}


def test_a_bundle_of_ga_pdfs_gives_the_same_resolutions_as_each_pdf(corpus: Path) -> None:
    # Two official PDFs put one after the other: the masthead of the second ("United Nations
    # A/RES/73/8", "[without reference to a Main Committee (A/73/L.3)]") stands above its
    # "73/8." heading and goes with it.
    paths = [corpus / "pdf" / "ga-73" / f"A_RES_73_{n}-EN.pdf" for n in (7, 8)]
    singles: list[Resolution] = [parse_file(path) for path in paths]
    text = "\f".join(read_pdf_source(path).text for path in paths)
    bundle = parse_resolutions(Source("bundle.pdf", "0" * 64, "application/pdf", text))
    assert [
        (r.symbol, r.date, r.draft, len(r.preamble), len(r.operative), len(r.footnotes))
        for r in bundle
    ] == [
        (r.symbol, r.date, r.draft, len(r.preamble), len(r.operative), len(r.footnotes))
        for r in singles
    ]
