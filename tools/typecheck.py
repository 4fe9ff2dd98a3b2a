"""Run mypy over the ``unkg`` package as Python imports it.

``pyproject.toml`` maps ``unkg.ingest`` to ``ingest/`` and so on; mypy cannot follow setuptools'
editable finder, so this builds a tree of links under ``build/typecheck`` that has the installed
shape, runs mypy on it and prints the findings with the real paths.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "build" / "typecheck"


def build_tree() -> Path:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    mapping: dict[str, str] = config["tool"]["setuptools"]["package-dir"]
    top = TREE / "unkg"
    top.mkdir(parents=True, exist_ok=True)
    for entry in top.iterdir():
        if entry.is_symlink():
            entry.unlink()
    for source in (ROOT / mapping["unkg"]).iterdir():
        if source.suffix in {".py", ".typed"}:
            (top / source.name).symlink_to(source)
        elif (source / "__init__.py").is_file():  # a subpackage kept inside unkg/ (unkg.client)
            (top / source.name).symlink_to(source, target_is_directory=True)
    for package, folder in mapping.items():
        if package != "unkg":
            (top / package.split(".", 1)[1]).symlink_to(ROOT / folder, target_is_directory=True)
    return top


def main() -> int:
    top = build_tree()
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), str(top)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    prefix = os.path.relpath(top, ROOT) + os.sep
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    mapping = config["tool"]["setuptools"]["package-dir"]
    output = result.stdout + result.stderr
    for package, folder in sorted(mapping.items(), key=lambda kv: -len(kv[0])):
        sub = package.split(".", 1)[1] + os.sep if "." in package else ""
        output = output.replace(prefix + sub, folder.rstrip("/") + os.sep)
    sys.stdout.write(output)
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
