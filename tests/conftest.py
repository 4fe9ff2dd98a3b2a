"""Shared fixtures: where the real corpus is, and the seed resolution."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "ccpcj-resolution-22-7.txt"
CORPUS = Path(os.environ.get("UNKG_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real UN corpus at ``../shared/corpus``; a test that needs it fails when it is missing."""
    if not (CORPUS / "README.md").is_file():
        pytest.fail(
            f"this test needs the UN corpus at {CORPUS} (../shared/corpus beside the checkout, "
            "or set UNKG_CORPUS); it is missing",
            pytrace=False,
        )
    return CORPUS


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The original text of CCPCJ resolution 22/7, the project's founding document."""
    return SEED.read_text(encoding="utf-8")
