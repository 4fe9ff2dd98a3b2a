"""The name patterns gathered by first letter, and the quick test before the search for body
mentions: on real paragraphs they find exactly what the plain alternation of names finds."""

from __future__ import annotations

import re

import pytest
from unkg.ingest import entities
from unkg.ingest import regexes as rx

# Real paragraphs and footnotes of the AKN corpus.
PARAGRAPHS = [
    # a full body name, and a short one later
    "Requests the Secretary-General to submit to the General Assembly at its seventy-seventh "
    "session a report on the implementation of the present resolution;",
    # a name inside a title of a series
    "Official Records of the General Assembly, Seventy-fifth Session, Supplement No. 23 (A/75/23).",
    # a body named after "the work of the": the registry's regional commission
    "Welcomes the active participation of the Territory in the work of the Economic Commission for "
    "Latin America and the Caribbean;",
    # no registered body at all: the quick test spares the search
    "Recalling its resolutions 69/119 of 10 December 2014 and 72/117 of 7 December 2017,",
    # a committee not in the list of citing bodies
    "Endorses the recommendations and conclusions of the Committee on Relations with the Host "
    "Country contained in paragraph 194 of its report;",
    # "Assembly" alone is a short name, not a full one
    "Acknowledges the comments expressed by Governments in the Sixth Committee at the "
    "seventy-fifth session of the General Assembly on the subject;",
    # a name opening the text, with a capital that a lower-case registry name may take
    "Human Rights Council resolutions 7/36 of 28 March 2008 and 16/4 of 24 March 2011.",
    "Civil society organizations and the private sector, as appropriate,",
]


def _plain(names: list[str], literal: bool) -> re.Pattern[str]:
    """The alternation as it was written before the names were gathered by first letter."""
    parts = [entities._literal(n) if literal else rx.words(n) for n in names]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_gathered_names_match_as_the_plain_alternation(text: str) -> None:
    registry = sorted(entities._NAME_TO_KEY, key=len, reverse=True)
    assert [m.span() for m in entities.REGISTRY_NAME.finditer(text)] == \
        [m.span() for m in _plain(registry, literal=True).finditer(text)]
    bodies = sorted(rx.BODY_BY_NAME, key=lambda n: (-len(n), n))
    full = re.compile(r"(?<![\w-])(?:" + rx._FULL_BODY + r")(?![\w-])")
    assert [m.span() for m in full.finditer(text)] == \
        [m.span() for m in _plain(bodies, literal=False).finditer(text)]


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_the_quick_test_passes_every_text_that_mentions_a_body(text: str) -> None:
    mentions = list(rx.BODY_MENTION.finditer(text))
    assert (rx.ANY_BODY_NAME.search(text) is not None) == bool(mentions)
