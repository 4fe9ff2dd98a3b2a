"""The search engine of the full-text index: tantivy over the passages (``textindex``).

:class:`~unkg.graph.textindex.TextIndex` keeps the passages and the notes that hold it in step
with the store in SQLite; this module owns the tantivy index made from those rows
(``<store>/text-index.tantivy/``, in memory for an in-memory or read-only store): one document
per passage with its fields stored, ``text`` analysed (Unicode words, lower case, accents
folded, English stemming) and the filters indexed as exact terms (``graph``, ``body``, ``kind``)
and an integer (``year``). tantivy ranks with bm25 and block-max WAND, so only the top hits are
scored; its count of the matches is exact.

A query is built from the parsed search (:class:`Atom` groups: every group must match, any atom
of a group will do) with tantivy's own query objects, never its query language, so nothing a
user types is read as syntax. Snippets are made here from the analyser's tokens: the matching
words (a phrase as one run) in ``<mark>``, the rest HTML-escaped, cuts shown as an ellipsis.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

__all__ = ["ENGINE_DIR", "ENGINE_VERSION", "Atom", "Engine", "EngineHit"]

#: The folder of the tantivy index inside a store's folder.
ENGINE_DIR = "text-index.tantivy"
#: Bumped whenever the schema or the analyser change: an index of another version is rebuilt.
ENGINE_VERSION = "tantivy-1"
#: The analyser's name in the index.
ANALYZER = "unkg_text"
#: Words longer than this (in bytes) are not indexed.
LONGEST_WORD = 60
#: Tokens in a snippet.
SNIPPET_TOKENS = 24
#: Writer memory for a whole rebuild, and for the write of some graphs (an ingest writes all its
#: graphs' passages in one commit: 64 MB flushes fewer segments to merge than 16 MB did, 2.5 s
#: against 3.6 s for the AKN corpus's 96,000 passages; the memory is taken as it is used).
REBUILD_HEAP, WRITE_HEAP = 256_000_000, 64_000_000


@dataclass(frozen=True)
class Atom:
    """One term or phrase of a search: its words, and whether the last one is a prefix."""

    words: str
    prefix: bool = False


@dataclass(frozen=True)
class EngineHit:
    """A matching document: its stored fields, its snippet (HTML) and its bm25 score."""

    fields: dict[str, Any]
    snippet: str
    score: float


def _analyzer() -> tantivy.TextAnalyzer:
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(LONGEST_WORD))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer("english"))
            .build())


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=True, tokenizer_name=ANALYZER)
    for name in ("graph", "body", "kind"):
        builder.add_text_field(name, stored=True, tokenizer_name="raw")
    for name in ("iri", "resolution", "symbol"):
        builder.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("year", stored=True, indexed=True)
    return builder.build()


class Engine:
    """The tantivy index of the passages, in ``folder`` (``None``: in memory).

    Not thread-safe on its own: :class:`~unkg.graph.textindex.TextIndex` holds its lock around
    every call. A writer (and tantivy's lock on the folder) lives only during a write.
    """

    def __init__(self, folder: Path | None, *, fresh: bool = False,
                 read_only: bool = False) -> None:
        """Open the index in ``folder`` (made empty first if ``fresh``), or make it there;
        ``read_only``: one that cannot be opened gives way to an index in memory."""
        if folder is not None and fresh:
            shutil.rmtree(folder, ignore_errors=True)
        self.folder = folder
        self.schema = _schema()
        self.analyzer = _analyzer()
        #: Whether the index was made empty here (none was on disk, or a damaged one was).
        self.created = folder is None or not self.exists(folder)
        self._read_only = read_only
        self.index = self._open()

    def _open(self) -> tantivy.Index:
        index = self._index()
        index.register_tokenizer(ANALYZER, self.analyzer)
        return index

    def _index(self) -> tantivy.Index:
        if self.folder is None:
            return tantivy.Index(self.schema)
        if not self._read_only:
            self.folder.mkdir(parents=True, exist_ok=True)
        try:
            return tantivy.Index(self.schema, str(self.folder), reuse=True)
        except (OSError, ValueError):  # damaged or of another schema: it is derived data
            self.created = True
            if self._read_only:  # left as it is: made in memory
                self.folder = None
                return tantivy.Index(self.schema)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        return tantivy.Index(self.schema, str(self.folder), reuse=False)

    @staticmethod
    def exists(folder: Path) -> bool:
        """Whether ``folder`` holds a tantivy index (of any version)."""
        return folder.is_dir() and (folder / "meta.json").is_file()

    # -- writing ---------------------------------------------------------------------------------

    def reset(self, rows: Iterable[dict[str, Any]]) -> int:
        """Every document becomes ``rows`` (see :meth:`replace`), in one commit."""
        return self._write(rows, graphs=None, heap=REBUILD_HEAP)

    def replace(self, graphs: Sequence[str], rows: Iterable[dict[str, Any]]) -> int:
        """The documents of ``graphs`` become ``rows`` (dicts of the stored fields, each of one
        of those graphs), in one commit: before it, a search sees the old ones."""
        return self._write(rows, graphs=graphs, heap=WRITE_HEAP)

    def _write(self, rows: Iterable[dict[str, Any]], *, graphs: Sequence[str] | None,
               heap: int) -> int:
        writer = self.index.writer(heap, 1)
        count = 0
        try:
            if graphs is None:
                writer.delete_all_documents()
            else:
                for graph in graphs:
                    writer.delete_documents_by_term("graph", graph)
            for row in rows:
                writer.add_document(self._document(row))
                count += 1
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # and the folder's lock goes
        self.index.reload()
        return count

    @staticmethod
    def _document(row: dict[str, Any]) -> tantivy.Document:
        document = tantivy.Document()
        for name in ("text", "graph", "body", "kind", "iri", "resolution", "symbol"):
            if row.get(name) is not None:
                document.add_text(name, row[name])
        if row.get("year") is not None:
            document.add_integer("year", row["year"])
        return document

    # -- searching -------------------------------------------------------------------------------

    def tokens(self, words: str) -> list[str]:
        """The indexed terms of ``words``."""
        return list(self.analyzer.analyze(words))

    def search(self, groups: Sequence[Sequence[Atom]], *, filters: dict[str, str | int],
               limit: int, offset: int) -> tuple[int, list[EngineHit]]:
        """The count of documents matching every group (any atom of each) and ``filters`` (field
        -> exact value), and ``limit`` of them from ``offset``, best first."""
        musts: list[tuple[tantivy.Occur, tantivy.Query]] = []
        wanted: list[tuple[list[str], bool]] = []
        for group in groups:
            alternatives = []
            for atom in group:
                terms = self.tokens(atom.words)
                if terms:
                    alternatives.append(self._term_query(terms, atom.prefix))
                    wanted.append((terms, atom.prefix))
            if not alternatives:
                continue  # no indexed word in it (punctuation): as if not typed
            query = alternatives[0] if len(alternatives) == 1 else tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, q) for q in alternatives])
            musts.append((tantivy.Occur.Must, query))
        if not musts:
            return 0, []
        for name, value in filters.items():
            if isinstance(value, int):
                query = tantivy.Query.range_query(self.schema, name, tantivy.FieldType.Integer,
                                                  value, value)
            else:
                query = tantivy.Query.term_query(self.schema, name, value)
            musts.append((tantivy.Occur.Must, query))
        searcher = self.index.searcher()
        result = searcher.search(tantivy.Query.boolean_query(musts), max(limit, 1), count=True,
                                 offset=offset)
        hits = []
        for score, address in result.hits[:limit]:
            fields = {name: values[0] for name, values in searcher.doc(address).to_dict().items()
                      if values}
            hits.append(EngineHit(fields, snippet(self.analyzer, fields.get("text", ""), wanted),
                                  float(score)))
        return int(getattr(result, "count", None) or 0), hits

    def _term_query(self, terms: list[str], prefix: bool) -> tantivy.Query:
        if prefix and len(terms) == 1:  # every term that starts so (no cap on the expansions)
            return tantivy.Query.regex_query(self.schema, "text", _regex_literal(terms[0]) + ".*")
        words: list[str | tuple[int, str]] = list(terms)
        if prefix:
            return tantivy.Query.phrase_prefix_query(self.schema, "text", words)
        if len(terms) == 1:
            return tantivy.Query.term_query(self.schema, "text", terms[0])
        return tantivy.Query.phrase_query(self.schema, "text", words)

    def __len__(self) -> int:
        return int(self.index.searcher().num_docs)


def _regex_literal(term: str) -> str:
    """``term`` as a literal of tantivy's regex syntax."""
    return "".join("\\" + c if c in r".^$*+?()[]{}|\\" else c for c in term)


def snippet(analyzer: tantivy.TextAnalyzer, text: str,
            wanted: Sequence[tuple[list[str], bool]]) -> str:
    """The best window of :data:`SNIPPET_TOKENS` tokens of ``text`` as HTML: the runs of tokens
    that match a wanted phrase (terms, last-is-prefix) in ``<mark>``, cuts as an ellipsis."""
    tokens = analyzer.pre_tokenize(text).tokens
    words = [token.text for token in tokens]
    runs: list[tuple[int, int]] = []  # token ranges [i, j) that match
    for terms, prefix in wanted:
        n = len(terms)
        for i in range(len(words) - n + 1):
            if words[i:i + n - 1] == terms[:-1] and (
                    words[i + n - 1].startswith(terms[-1]) if prefix
                    else words[i + n - 1] == terms[-1]):
                runs.append((i, i + n))
    runs.sort()
    start = 0
    if len(tokens) > SNIPPET_TOKENS and runs:  # the window with the most matches, first best
        best = -1
        for first, _ in runs:
            begin = max(0, min(first - 2, len(tokens) - SNIPPET_TOKENS))
            covered = sum(1 for i, j in runs if i >= begin and j <= begin + SNIPPET_TOKENS)
            if covered > best:
                best, start = covered, begin
    end = min(len(tokens), start + SNIPPET_TOKENS)
    left = 0 if start == 0 or not tokens else tokens[start].char_offset_from
    right = len(text) if end >= len(tokens) or not tokens else tokens[end - 1].char_offset_to
    out, at = [], left
    merged: list[tuple[int, int]] = []
    for i, j in runs:
        if i < start or j > end:
            continue
        a, b = tokens[i].char_offset_from, tokens[j - 1].char_offset_to
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    for a, b in merged:
        out += [html.escape(text[at:a], quote=False), "<mark>",
                html.escape(text[a:b], quote=False), "</mark>"]
        at = b
    out.append(html.escape(text[at:right], quote=False))
    return ("…" if left > 0 else "") + "".join(out).strip() + ("…" if right < len(text) else "")
