"""UN document symbols as value objects (provisional minimal version; being completed)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from unkg.errors import SymbolError


class SymbolKind(Enum):
    RESOLUTION = "resolution"
    DECISION = "decision"
    DOCUMENT = "document"


_SERIES = {"ga": "A/RES", "sc": "S/RES", "ecosoc": "E/RES", "hrc": "A/HRC/RES", "ccpcj": "E/CN.15/RES"}


@dataclass(frozen=True, order=True)
class Symbol:
    value: str

    @classmethod
    def parse(cls, text: str) -> Symbol:
        value = re.sub(r"\s+", " ", text.strip())
        if not re.fullmatch(r"[A-Z]+(?:\.\d+)?(?:/[A-Za-z0-9.\-]+)+(?: \(\w+\))?", value):
            raise SymbolError(f"not a UN document symbol: {text!r}")
        return cls(value)

    @classmethod
    def for_resolution(cls, body: str, number: str, *, decision: bool = False) -> Symbol:
        return cls.parse(f"{_SERIES[body]}/{number}")

    def __str__(self) -> str:
        return self.value

    @property
    def kind(self) -> SymbolKind:
        if "/RES/" in self.value:
            return SymbolKind.RESOLUTION
        if "/DEC/" in self.value:
            return SymbolKind.DECISION
        return SymbolKind.DOCUMENT

    @property
    def slug(self) -> str:
        return self.value.replace("/", "_").replace(" ", "")

    @property
    def undocs_url(self) -> str:
        return "https://undocs.org/" + self.value.replace(" ", "")
