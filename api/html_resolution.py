"""The HTML page of one resolution, for people: ``GET /resolutions/{id}`` with ``Accept: text/html``
or ``?format=html``.

Owns writing an ingested resolution as a page: its metadata; its text, paragraphs in document
order with the opening phrase in italics, every reference a link to the cited work's page on its
words as written (:mod:`unkg.api.html_text` finds them; one that cannot be found is listed under
its paragraph), sub-paragraphs indented, footnote calls; its mandates as a table; its footnotes,
meetings, subjects and uninterpreted passages; its provenance; who cites it; and the citation graph
around it (drawn by ``/static/browse.js``). A resolution known only because others cite it gets
what the citations say. The page shell, the escaping and the links are :mod:`unkg.api.html`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from unkg.api.html import (
    RESOURCE_FORMATS,
    Site,
    card_link,
    cited_by_summary,
    date_html,
    esc,
    external_link,
    facts_list,
    graph_box,
    html_url,
    link_html,
    name_of,
    page_html,
    related_nav,
    table_html,
)
from unkg.api.html_text import mark_text, opening_mark, place_references, subparagraph_breaks

__all__ = ["resolution_page"]

JSON = dict[str, Any]


def resolution_page(document: JSON, site: Site) -> str:
    """``GET /resolutions/{id}``: an ingested resolution's metadata, text (references linked),
    mandates, footnotes, provenance, who cites it and its citation graph; a resolution known only
    from citations, what they say of it."""
    name = name_of(document)
    head = f"<h1>{esc(name)}</h1>"
    if document.get("title"):
        head += f'\n<p class="title">{esc(document["title"])}</p>'
    facts = facts_list([
        ("Symbol", esc(document.get("symbol") or "")),
        ("Number", esc(document.get("number") or "")),
        ("Type", esc(document.get("type") or "")),
        ("Adopted by", card_link(site, document.get("body"))),
        ("Date", date_html(document.get("date"))),
        ("Official Document System", external_link(document.get("undocs"))),
        ("Akoma Ntoso work", esc(document.get("akn_work") or "")),
    ])
    links = document.get("links") or {}
    nav = related_nav(site, [("References (JSON)", links.get("references")),
                             ("Cited by", links.get("cited_by")),
                             ("Citation graph", html_url(links.get("neighbourhood"))),
                             ("Lineage (JSON)", links.get("lineage"))])
    parts = [head, nav, facts]
    if not document.get("ingested"):
        parts.append('<p class="note">This resolution is not in the store: it is known because '
                     "resolutions in the store cite it.</p>")
    else:
        parts += [_text_section(document, site), _mandates_section(document, site),
                  _footnotes_section(document, site), _other_section(document, site),
                  _provenance_section(document.get("provenance") or {})]
    parts += [cited_by_summary(document.get("cited_by") or [], site),
              _graph_section(site, links.get("neighbourhood"), name)]
    return page_html(name, "\n".join(p for p in parts if p), site, graph=True,
                     formats=RESOURCE_FORMATS)


# -- parts of a resolution page ------------------------------------------------------------------


def _text_section(document: JSON, site: Site) -> str:
    paragraphs = document.get("paragraphs") or []
    blocks = []
    for kind, heading in (("preambular", "Preamble"), ("operative", "Operative paragraphs")):
        mine = [p for p in paragraphs if p.get("kind") == kind]
        if mine:
            blocks.append(f'<h3>{heading}</h3>\n<div class="{kind}">\n'
                          + "\n".join(_paragraph(p, site) for p in mine) + "\n</div>")
    others = [p for p in paragraphs if p.get("kind") not in ("preambular", "operative")]
    blocks += [_paragraph(p, site) for p in others]
    return f'<section aria-labelledby="text"><h2 id="text">Text</h2>\n{"".join(blocks)}</section>'


def _paragraph(paragraph: JSON, site: Site) -> str:
    text = str(paragraph.get("text") or "")
    marks, unplaced = place_references(text, paragraph.get("span"),
                                       paragraph.get("references") or [],
                                       lambda r: _reference_tags(r, site))
    opening = opening_mark(text, paragraph.get("opening"))
    if opening is not None and not any(m.start < opening.end for m in marks):
        marks = [opening, *marks]
    number = paragraph.get("number")
    label = f'<span class="number">{esc(number)}.</span> ' if number else ""
    notes = "".join(f'<sup class="fn-call"><a href="#fn/{esc(marker)}" '
                    f'aria-label="footnote {esc(marker)}">{esc(marker)}</a></sup>'
                    for marker in paragraph.get("footnotes") or [])
    breaks = subparagraph_breaks(text, paragraph.get("subparagraphs") or [])
    body = mark_text(text, marks, breaks)
    return (f'<div class="paragraph" id="{esc(paragraph.get("id") or "")}">'
            f"<p>{label}{body}{notes}</p>{_unplaced(unplaced, site)}</div>")


def _reference_tags(reference: JSON, site: Site) -> tuple[str, str] | None:
    work = reference.get("work") or {}
    url = site.url(work.get("href"))
    if url is None:
        return None
    title = _reference_title(reference)
    return (f'<a class="ref" href="{esc(url)}" title="{esc(title)}" '
            f'data-relation="{esc(reference.get("relation") or "")}">', "</a>")


def _reference_title(reference: JSON) -> str:
    work = reference.get("work") or {}
    words = [str(reference.get("relation") or "cites"), name_of(work)]
    if reference.get("pinpoint"):
        words.append(f"({reference['pinpoint']})")
    return " ".join(words)


def _unplaced(references: Sequence[JSON], site: Site) -> str:
    if not references:
        return ""
    items = "".join(
        f"<li>{esc(r.get('relation') or 'cites')}: "
        f"{link_html(site, (r.get('work') or {}).get('href'), name_of(r.get('work') or {}))}"
        + (f" <span class=\"meta\">as written: “{esc(r['text_as_written'])}”</span>"
           if r.get("text_as_written") else "") + "</li>"
        for r in references)
    return f'<ul class="also" aria-label="Also cited in this paragraph">{items}</ul>'


def _mandates_section(document: JSON, site: Site) -> str:
    rows = []
    for paragraph in document.get("paragraphs") or []:
        anchor = f"#{paragraph.get('id')}"
        for mandate in paragraph.get("mandates") or []:
            addressee = mandate.get("addressee")
            written = mandate.get("addressee_as_written")
            who = card_link(site, addressee) if addressee else esc(written or "")
            if addressee and written and written.casefold() != str(name_of(addressee)).casefold():
                who += f' <span class="meta">(“{esc(written)}”)</span>'
            rows.append(f'<tr><td><a href="{esc(anchor)}">{esc(paragraph.get("id"))}</a></td>'
                        f"<td>{esc(mandate.get('verb') or '')}</td><td>{who}</td>"
                        f"<td>{esc(mandate.get('action') or '')}</td></tr>")
    if not rows:
        return ""
    return (f'<section aria-labelledby="mandates"><h2 id="mandates">Mandates</h2>\n'
            f"{table_html(('Paragraph', 'Verb', 'Addressee', 'Action'), chr(10).join(rows))}"
            "</section>")


def _footnotes_section(document: JSON, site: Site) -> str:
    notes = document.get("footnotes") or []
    if not notes:
        return ""
    items = []
    for note in notes:
        text = str(note.get("text") or "")
        marks, unplaced = place_references(text, note.get("span"), note.get("references") or [],
                                           lambda r: _reference_tags(r, site))
        back = (f' <a class="back" href="#{esc(note["paragraph"])}">(paragraph '
                f'{esc(note["paragraph"])})</a>' if note.get("paragraph") else "")
        items.append(f'<li id="fn/{esc(note.get("marker"))}"><span class="marker">'
                     f'{esc(note.get("marker"))}</span> {mark_text(text, marks)}{back}'
                     f"{_unplaced(unplaced, site)}</li>")
    return (f'<section aria-labelledby="footnotes"><h2 id="footnotes">Footnotes</h2>\n'
            f'<ul class="footnotes">{"".join(items)}</ul></section>')


def _other_section(document: JSON, site: Site) -> str:
    meetings = [f"<li>{esc(m.get('label') or '')}"
                + (f" ({card_link(site, m.get('body'))})" if m.get("body") else "") + "</li>"
                for m in document.get("meetings") or []]
    unresolved = document.get("unresolved") or {}
    passages = [f"<li>{esc(u.get('kind') or '')}: “{esc(u.get('text') or '')}”"
                f" <span class=\"meta\">{esc(u.get('reason') or '')}</span></li>"
                for u in unresolved.get("items") or []]
    parts = []
    if meetings:
        parts.append(f"<h3>Meetings named</h3><ul>{''.join(meetings)}</ul>")
    if document.get("subjects"):
        parts.append("<h3>Subjects</h3><ul>"
                     + "".join(f"<li>{esc(s)}</li>" for s in document["subjects"]) + "</ul>")
    if passages:
        parts.append(f"<h3>Passages not interpreted ({esc(unresolved.get('count'))})</h3>"
                     f"<ul>{''.join(passages)}</ul>")
    if not parts:
        return ""
    return f'<section aria-labelledby="more"><h2 id="more">More</h2>{"".join(parts)}</section>'


def _provenance_section(provenance: JSON) -> str:
    source = provenance.get("source") or {}
    return ('<section aria-labelledby="provenance"><h2 id="provenance">Provenance</h2>\n'
            + facts_list([
                ("Source file", esc(source.get("path") or "")),
                ("Format", esc(source.get("format") or "")),
                ("SHA-256", f"<code>{esc(source['sha256'])}</code>" if source.get("sha256")
                 else ""),
                ("Extracted by", esc(provenance.get("extractor_version") or "")),
                ("Extracted at", esc(provenance.get("generated_at") or "")),
                ("Named graph", f"<code>{esc(provenance['graph'])}</code>"
                 if provenance.get("graph") else ""),
            ]) + "</section>")


def _graph_section(site: Site, neighbourhood: str | None, name: str) -> str:
    if not neighbourhood:
        return ""
    return (f'<section aria-labelledby="neighbourhood"><h2 id="neighbourhood">Citation graph'
            f"</h2>\n<p>The works it cites and those that cite it. Click a work to open its page; "
            f"{link_html(site, html_url(neighbourhood), 'a larger view')} goes further.</p>\n"
            f"{graph_box(site, site.url(neighbourhood) or '', name, listed=False)}</section>")
