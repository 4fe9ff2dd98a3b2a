"""Worker processes hand their results back through temporary files: what a user sees is the same
result as parsing in the writer process, in the order of the files, and nothing is left behind."""

from __future__ import annotations

from pathlib import Path

from unkg.graph.iris import Iris

from unkg.load import _Workers, parse_to_ntriples

# Real files of the corpus, read where they are.
AKN_FILES = [
    "akn/ga/77/A_RES_77_1-2223391E.xml",   # a General Assembly resolution
    "akn/sc/2021/SC_2561_2021-E.xml",      # a Security Council resolution
    "akn/hrc/55/A_HRC_RES_55_10E.xml",     # a Human Rights Council resolution
    "akn/ga/77/no-such-file.xml",          # missing: reported by name, as in one process
]


def test_two_workers_hand_back_what_one_process_parses(corpus: Path) -> None:
    paths = [corpus / name for name in AKN_FILES]
    with _Workers(2, Iris()) as pool:
        results = list(pool.map(paths))
        folder = pool._folder
    alone = [parse_to_ntriples(path, Iris()) for path in paths]
    # In the order of the files, each with the same graphs (N-Triples without the ingest time),
    # text-index passages and error as when parsed in this process.
    assert [r.path for r in results] == [str(p) for p in paths]
    for got, want in zip(results, alone, strict=True):
        assert got.error == want.error
        assert [(g.graph, g.triples, g.passages, g.copy is None) for g in got.graphs] == \
            [(g.graph, g.triples, g.passages, g.copy is None) for g in want.graphs]
        assert [_timeless(g.lines()) for g in got.graphs] == \
            [_timeless(g.lines()) for g in want.graphs]
    assert results[-1].error is not None and "no-such-file" in results[-1].path
    # The folder the workers left their results in is gone with the pool.
    assert folder is not None and not Path(folder).exists()


def _timeless(ntriples: str) -> list[str]:
    return [line for line in ntriples.splitlines() if "dateTime" not in line]
