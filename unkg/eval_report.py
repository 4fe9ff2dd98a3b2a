"""The report of ``unkg eval``: totals, breakdowns, the worst files, saved runs and their diff.

A *run* is plain JSON (:func:`build_run`): when it was made and by which command, the extractor
version, the :func:`summarize` totals per rendering and one
:class:`~unkg.evaluate.FileResult` per resolution and rendering. :func:`save_run` writes it
(``build/eval/last.json`` by default) and :func:`compare_runs` tells, file by file, what a new run
gained and lost against an older one. :func:`format_report` prints all of it for a person.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from unkg import EXTRACTOR_VERSION
from unkg.errors import SourceError
from unkg.evaluate import FileResult

__all__ = ["RUN_VERSION", "TARGETS", "build_run", "compare_runs", "format_comparison",
           "format_report", "linked_bodies", "load_run", "save_run", "short_unit", "summarize"]

#: Version of the saved-run JSON below; bump it when a key changes meaning.
RUN_VERSION = 1

#: The project's targets: (rendering, measure, lowest acceptable value).
TARGETS = (
    ("plain", "f1", 0.97),
    ("plain", "precision", 0.98),
    ("pdf", "f1", 0.95),
    ("plain", "counts_exact", 0.97),
    ("pdf", "counts_exact", 0.97),
)

Json = dict[str, Any]


def short_unit(unit: str) -> str:
    """A unit named from the corpus root on ("ga/79/A_RES_79_1-2416433E.xml"), so that runs made
    from different working folders compare."""
    match = re.search(r"(?:^|/)akn/(.+)$", unit.replace(os.sep, "/"))
    return match[1] if match else unit


def _prf(tp: int, fp: int, fn: int) -> Json:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4)}


def _rate(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 1.0


def linked_bodies(results: Iterable[FileResult]) -> set[str]:
    """The bodies whose markup links what their resolutions cite: most of their files have at
    least one link (GA and SC do; the Human Rights Council files carry almost none)."""
    files: dict[str, list[int]] = {}
    for r in results:
        counts = files.setdefault(r.body, [0, 0])
        counts[0] += 1
        counts[1] += r.links > 0
    return {body for body, (n, linked) in files.items() if linked >= n / 2}


def summarize(results: Iterable[FileResult]) -> dict[str, Json]:
    """Totals per rendering: references (micro over units, and per document), unlinked extras,
    structure rates, and references by symbol family and by adopting body. References count only
    in files with links, of bodies whose files mostly have them (:func:`linked_bodies`)."""
    results = list(results)
    scored_bodies = linked_bodies(r for r in results if not r.skipped)
    acc: dict[str, dict[str, Any]] = {}
    for r in results:
        a = acc.setdefault(r.rendering, {
            "files": 0, "failed": 0, "scored": 0, "c": [0] * 9, "extras": {}, "families": {},
            "bodies": {}, "bad_links": 0, "web_links": 0, "unscored_links": 0, "seconds": 0.0,
            "skipped": {}})
        if r.skipped:
            why = r.skipped.partition(":")[0]
            a["skipped"][why] = a["skipped"].get(why, 0) + 1
            continue
        a["files"] += 1
        a["failed"] += r.error is not None
        a["seconds"] += r.seconds
        a["bad_links"] += len(r.bad_links)
        a["web_links"] += r.web_links
        a["unscored_links"] += r.unscored_links
        scored = r.links > 0 and r.body in scored_bodies
        a["scored"] += scored
        counts = (r.tp, r.fp, r.fn, r.doc_tp, r.doc_fp, r.doc_fn)
        if scored:
            a["c"][:6] = [x + y for x, y in zip(a["c"][:6], counts, strict=True)]
        checks = (r.preamble_exact, r.numbering_exact, r.counts_exact)
        a["c"][6:] = [x + int(y) for x, y in zip(a["c"][6:], checks, strict=True)]
        b = a["bodies"].setdefault(r.body or "?", [0, 0, 0, 0, 0, r.body in scored_bodies])
        b[0], b[1], b[2], b[3], b[4] = (b[0] + 1, b[1] + r.tp, b[2] + r.fp, b[3] + r.fn,
                                        b[4] + r.counts_exact)
        for key in ("labeled", "labels_exact", "notes_gold", "notes_found", "notes_attachable",
                    "notes_attached"):
            a[key] = a.get(key, 0) + getattr(r, key)
        if not scored:
            continue
        for why, n in r.extras.items():
            a["extras"][why] = a["extras"].get(why, 0) + n
        for family, (tp, fp, fn) in r.families.items():
            f = a["families"].setdefault(family, [0, 0, 0])
            f[0], f[1], f[2] = f[0] + tp, f[1] + fp, f[2] + fn
    out: dict[str, Json] = {}
    for rendering, a in acc.items():
        tp, fp, fn, dtp, dfp, dfn, pre, num, cnt = a["c"]
        files = a["files"]
        extras = sum(a["extras"].values()) - a["extras"].get("named-instrument", 0)
        out[rendering] = {
            "files": files, "failed": a["failed"], "seconds": round(a["seconds"], 1),
            "scored_files": a["scored"], "scored_bodies": sorted(scored_bodies),
            "skipped": dict(sorted(a["skipped"].items())),
            **_prf(tp, fp, fn),
            "strict_precision": _prf(tp, fp + extras, fn)["precision"],
            "document": _prf(dtp, dfp, dfn),
            "extras": dict(sorted(a["extras"].items())),
            "preamble_exact": _rate(pre, files), "numbering_exact": _rate(num, files),
            "counts_exact": _rate(cnt, files),
            "labels_exact": _rate(a["labels_exact"], a["labeled"]), "labeled": a["labeled"],
            "notes": a["notes_gold"], "notes_found": _rate(a["notes_found"], a["notes_gold"]),
            "notes_attached": _rate(a["notes_attached"], a["notes_attachable"]),
            "bad_links": a["bad_links"], "web_links": a["web_links"],
            "unscored_links": a["unscored_links"],
            "families": {k: _prf(*v) for k, v in sorted(a["families"].items())},
            "bodies": {k: {"files": v[0], **_prf(v[1], v[2], v[3]),
                           "counts_exact": _rate(v[4], v[0]), "scored": bool(v[5])}
                       for k, v in sorted(a["bodies"].items())},
        }
    return out


def build_run(results: list[FileResult], command: str) -> Json:
    return {
        "run_version": RUN_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "extractor_version": EXTRACTOR_VERSION,
        "summary": summarize(results),
        "files": [{**r.to_json(), "unit": short_unit(r.unit), "samples": []} for r in results],
    }


def save_run(run: Json, path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def load_run(path: str | Path) -> Json:
    """A saved run; raises :class:`SourceError` naming the file when it is not one."""
    try:
        run = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SourceError(path, f"cannot read a saved eval run: {error}") from None
    if not isinstance(run, dict) or run.get("run_version") != RUN_VERSION:
        raise SourceError(path, f"not an eval run of version {RUN_VERSION}")
    return run


# --- comparison ------------------------------------------------------------------------------


def compare_runs(before: Json, after: Json) -> Json:
    """What changed from ``before`` to ``after``: totals per rendering, and per file the errors
    (false positives + false negatives) and structure checks that got better or worse."""
    old = {(f["unit"], f["rendering"]): FileResult.from_json(f) for f in before["files"]}
    gains, losses = [], []
    seen = set()
    for data in after["files"]:
        key = (data["unit"], data["rendering"])
        seen.add(key)
        if key not in old:
            continue
        was, now = old[key], FileResult.from_json(data)
        change = _file_change(was, now)
        if change["delta"] < 0 or (change["delta"] == 0 and change["fixed_checks"]
                                   and not change["broken_checks"]):
            gains.append(change)
        elif change["delta"] > 0 or change["broken_checks"]:
            losses.append(change)
    totals = {}
    for rendering, now_sum in after["summary"].items():
        was_sum = before["summary"].get(rendering)
        if was_sum:
            totals[rendering] = {k: round(now_sum[k] - was_sum[k], 4) for k in (
                "precision", "recall", "f1", "tp", "fp", "fn", "counts_exact",
                "numbering_exact", "labels_exact", "notes_attached")}
    return {
        "before": before.get("created"), "after": after.get("created"), "totals": totals,
        "gains": sorted(gains, key=lambda c: c["delta"]),
        "losses": sorted(losses, key=lambda c: -c["delta"]),
        "only_before": len(set(old) - seen), "only_after": len(seen - set(old)),
    }


_CHECKS = ("preamble_exact", "numbering_exact")


def _file_change(was: FileResult, now: FileResult) -> Json:
    return {
        "unit": now.unit, "rendering": now.rendering,
        "delta": (now.fp + now.fn) - (was.fp + was.fn),
        "fixed_checks": [c for c in _CHECKS if getattr(now, c) and not getattr(was, c)],
        "broken_checks": [c for c in _CHECKS if getattr(was, c) and not getattr(now, c)],
        "now_found": sorted(set(was.missed) - set(now.missed)),
        "now_missed": sorted(set(now.missed) - set(was.missed)),
        "no_longer_invented": sorted(set(was.invented) - set(now.invented)),
        "now_invented": sorted(set(now.invented) - set(was.invented)),
    }


def format_comparison(diff: Json, limit: int = 10) -> str:
    lines = [f"Against the run of {diff['before']}:"]
    for rendering, d in diff["totals"].items():
        lines.append(f"  {rendering:<6} F1 {d['f1']:+.4f}  P {d['precision']:+.4f}  "
                     f"R {d['recall']:+.4f}  TP {d['tp']:+d} FP {d['fp']:+d} FN {d['fn']:+d}  "
                     f"counts exact {d['counts_exact']:+.4f}")
    for title, changes in (("gains", diff["gains"]), ("losses", diff["losses"])):
        lines.append(f"  {len(changes)} files with {title}"
                     + (":" if changes else ""))
        for c in changes[:limit]:
            checks = ", ".join([f"+{x}" for x in c["fixed_checks"]]
                               + [f"-{x}" for x in c["broken_checks"]])
            lines.append(f"    {c['unit']} [{c['rendering']}] errors {c['delta']:+d}"
                         + (f" ({checks})" if checks else ""))
            for label in ("now_found", "no_longer_invented", "now_missed", "now_invented"):
                if c[label]:
                    lines.append(f"      {label.replace('_', ' ')}: {_few(c[label])}")
    if diff["only_before"] or diff["only_after"]:
        lines.append(f"  files only in the older run: {diff['only_before']}, "
                     f"only in this one: {diff['only_after']}")
    return "\n".join(lines)


# --- the report ------------------------------------------------------------------------------


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _few(items: list[str], n: int = 6) -> str:
    return "; ".join(items[:n]) + (f"; ... {len(items) - n} more" if len(items) > n else "")


def _row(label: str, values: list[str], width: int = 12) -> str:
    return f"  {label:<44}" + "".join(f"{v:>{width}}" for v in values)


def format_report(run: Json, *, worst: int = 10) -> str:
    """The run as text: references, structure, families, bodies, targets and the worst files."""
    summary: dict[str, Json] = run["summary"]
    names = list(summary)
    s = [summary[n] for n in names]
    out = [f"unkg eval: {s[0]['files'] if s else 0} resolutions, renderings "
           f"{', '.join(names)} ({run['extractor_version']}, {run['created']})",
           f"references scored in {s[0]['scored_files'] if s else 0} resolutions with links, of "
           f"{', '.join(s[0]['scored_bodies']) if s else '-'}; files not judged: "
           + (", ".join(f"{n} {why}" for why, n in s[0]["skipped"].items()) if s else "")
           + ("" if s and s[0]["skipped"] else "none"), "",
           _row("References (paragraphs and footnotes, micro)", names)]
    for key in ("precision", "recall", "f1", "strict_precision"):
        out.append(_row(key.replace("_", " ") + (" (extras as FP)" if "strict" in key else ""),
                        [f"{x[key]:.4f}" for x in s]))
    out.append(_row("TP / FP / FN", [f"{x['tp']}/{x['fp']}/{x['fn']}" for x in s], 18))
    out.append(_row("per document P / R / F1", [
        f"{x['document']['precision']:.3f}/{x['document']['recall']:.3f}/"
        f"{x['document']['f1']:.3f}" for x in s], 18))
    for why in sorted({k for x in s for k in x["extras"]}):
        out.append(_row(f"unlinked extras: {why}", [str(x["extras"].get(why, 0)) for x in s]))
    out += ["", _row("Structure", names)]
    out.append(_row("resolutions failed to parse", [str(x["failed"]) for x in s]))
    for key, label in (("preamble_exact", "preamble count exact"),
                       ("numbering_exact", "operative numbering exact"),
                       ("counts_exact", "paragraph counts exact"),
                       ("labels_exact", "sub-item labels exact (paragraphs)"),
                       ("notes_found", "footnotes found (by marker)"),
                       ("notes_attached", "footnotes attached to the right paragraph")):
        out.append(_row(label, [pct(x[key]) for x in s]))
    out.append(_row("links: no symbol / web pages / outside paragraphs",
                    [f"{x['bad_links']}/{x['web_links']}/{x['unscored_links']}" for x in s], 14))
    out += ["", "Targets:"]
    for rendering, key, low in TARGETS:
        if rendering in summary:
            value = summary[rendering][key]
            mark = "met" if value >= low else "NOT met"
            out.append(f"  {rendering:<6} {key:<14} {value:.4f} >= {low}  {mark}")
    for name, x in zip(names, s, strict=True):
        out += ["", f"By symbol family ({name}):   TP     FP     FN      P      R     F1"]
        for family, v in sorted(x["families"].items(), key=lambda kv: -kv[1]["tp"] - kv[1]["fn"]):
            out.append(f"  {family:<22}{v['tp']:>7}{v['fp']:>7}{v['fn']:>7}"
                       f"{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}")
        out.append(f"By body ({name}):      files     TP     FP     FN     F1  counts exact")
        for body, v in x["bodies"].items():
            out.append(f"  {body:<18}{v['files']:>7}{v['tp']:>7}{v['fp']:>7}{v['fn']:>7}"
                       f"{v['f1']:>7.3f}  {pct(v['counts_exact']):>12}"
                       + ("" if v["scored"] else "  (references not scored: unlinked markup)"))
    if worst:
        scored = set(s[0]["scored_bodies"]) if s else set()
        out += _worst(run["files"], names, worst, scored)
    return "\n".join(out)


def _worst(files: list[Json], names: list[str], n: int, scored: set[str]) -> list[str]:
    """The files with the most reference errors (where references are scored), then the ones
    whose paragraphs were miscounted."""
    def rank(r: FileResult) -> tuple[bool, int, bool]:
        errors = r.fp + r.fn if r.links and r.body in scored else 0
        return r.error is None, -errors, r.counts_exact

    out = []
    for name in names:
        ranked = sorted((FileResult.from_json(f) for f in files
                         if f["rendering"] == name and not f.get("skipped")), key=rank)
        out += ["", f"Worst {n} ({name}):"]
        for r in ranked[:n]:
            if r.error is not None:
                out.append(f"  {r.unit}: FAILED {r.error}")
                continue
            problems = []
            if not r.preamble_exact:
                problems.append(f"preamble {r.gold_preamble} -> {r.pred_preamble}")
            if not r.numbering_exact:
                problems.append(f"operative {len(r.gold_numbers)} -> {len(r.pred_numbers)}"
                                + _first_difference(r.gold_numbers, r.pred_numbers))
            out.append(f"  {r.unit}: TP {r.tp} FP {r.fp} FN {r.fn}"
                       + (f"; {'; '.join(problems)}" if problems else ""))
            if r.missed:
                out.append(f"    missed: {_few(r.missed)}")
            if r.invented:
                out.append(f"    invented: {_few(r.invented)}")
    return out


def _first_difference(gold: list[str | None], predicted: list[str | None]) -> str:
    for k, (g, p) in enumerate(zip(gold, predicted, strict=False)):
        if g != p:
            return f", first difference at #{k + 1}: {g} vs {p}"
    return ""
