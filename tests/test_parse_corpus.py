"""``unkg parse`` over every old Security Council text, exactly as a user runs it.

No text may raise, every one must print valid JSON, and nearly every one must come out as what it
is: a Security Council resolution with its number and at least one operative paragraph. Many of
these resolutions have unnumbered operative paragraphs ("Resolves that ...") or no preamble; that
counts as valid structure.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from unkg.cli import main

pytestmark = pytest.mark.corpus


def parse(path: Path) -> tuple[int, Any, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["parse", str(path), "--json"])
    return code, json.loads(out.getvalue()) if code == 0 else None, err.getvalue()


def test_unkg_parse_reads_every_old_security_council_text(corpus: Path) -> None:
    files = sorted((corpus / "text" / "unsc-1946-1994").glob("*.txt"))
    assert len(files) == 902
    recognised, errors = 0, []
    for path in files:
        code, data, err = parse(path)
        if code != 0:
            errors.append(f"{path.name}: {err.strip()}")
            continue
        for item in data if isinstance(data, list) else [data]:
            if item["body"] == "sc" and item["number"] and item["operative"]:
                recognised += 1
                break
    share = recognised / len(files)
    print(f"\n{share:.1%} of {len(files)} texts give body sc, a number and operative text")
    assert errors == [], errors[:10]
    assert share >= 0.95
