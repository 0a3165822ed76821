"""Precision, recall and a confusion matrix of the rules against labeled items.

An item counts as a detection when its kind is not "none" and its status is
"occurred": planned meetings and calls are news, but not the event the monitor
alerts on. The same mapping turns labels and predictions into one label each
(the kind, or "none"), for the per-label figures and the confusion matrix.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from monitor.classify.engine import Classifier
from monitor.models import KINDS, Classification, Document

LABELS = (*KINDS, "none")


def part_of(item_id: str) -> str:
    """The part of a labelled set an item belongs to: "check" for one item in four,
    chosen by a hash of its id that never changes, "tune" for the others.

    Rules are tuned on the tune part only; the check part measures them on wording
    they were not tuned on.
    """
    return "check" if int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 4 == 0 else "tune"


def select(
    items: list[tuple[dict[str, Any], Document]], part: str
) -> list[tuple[dict[str, Any], Document]]:
    """The items of one part ("tune", "check"), or all of them."""
    if part == "all":
        return items
    return [(raw, doc) for raw, doc in items if part_of(str(raw.get("id", ""))) == part]


@dataclass
class Miss:
    id: str
    title: str
    expected: str
    got: str
    status: str | None
    leaders: list[str]
    evidence: list[dict[str, str]]


@dataclass
class Report:
    total: int = 0
    per_label: dict[str, dict[str, float]] = field(default_factory=dict)
    detection: dict[str, float] = field(default_factory=dict)
    # The same without the items labelled `contested` (a careful annotator could read
    # them either way), when there are any.
    detection_uncontested: dict[str, float] | None = None
    kind_accuracy: float = 0.0
    leader_accuracy: float = 0.0
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "per_label": self.per_label,
            "detection": self.detection,
            "detection_uncontested": self.detection_uncontested,
            "kind_accuracy": self.kind_accuracy,
            "leader_accuracy": self.leader_accuracy,
            "confusion": self.confusion,
            "misclassified": [m.__dict__ for m in self.misses],
        }


def effective(kind: str | None, status: str | None) -> str:
    return kind if kind in KINDS and status == "occurred" else "none"


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def _detection(outcomes: list[str]) -> dict[str, float]:
    """Detection precision and recall from each item's tp, fp, fn or tn."""
    tp, fp, fn = (outcomes.count(k) for k in ("tp", "fp", "fn"))
    return {
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def surnames(names: Iterable[object]) -> set[str]:
    """Last words, lower case: labels may say "Obama" where the rules say "Barack Obama"."""
    return {str(n).split()[-1].lower() for n in names if str(n).split()}


def evaluate(
    classifier: Classifier, items: list[tuple[dict[str, Any], Document]], now: datetime
) -> Report:
    report = Report(total=len(items))
    confusion = {g: dict.fromkeys(LABELS, 0) for g in LABELS}
    kind_ok = leaders_ok = 0
    outcomes: list[str] = []  # each item's tp, fp, fn or tn
    uncontested: list[str] = []  # the same, for the items not labelled contested
    for raw, doc in items:
        result: Classification = classifier.classify(doc, now)
        gold = effective(raw.get("label"), raw.get("status"))
        got = effective(result.kind, result.status)
        confusion[gold if gold in LABELS else "none"][got] += 1
        if got != "none" and gold != "none":
            outcome = "tp"
            kind_ok += got == gold
            leaders_ok += surnames(result.leaders) == surnames(list(raw.get("leaders") or []))
        elif got != "none":
            outcome = "fp"
        else:
            outcome = "fn" if gold != "none" else "tn"
        outcomes.append(outcome)
        if raw.get("contested") is not True:
            uncontested.append(outcome)
        if got != gold:
            report.misses.append(
                Miss(
                    id=str(raw.get("id", "")),
                    title=doc.title,
                    expected=gold,
                    got=got,
                    status=result.status,
                    leaders=result.leaders,
                    evidence=[
                        {"rule": e.rule, "field": e.field, "text": e.text} for e in result.evidence
                    ],
                )
            )
    for label in LABELS:
        t = confusion[label][label]
        predicted = sum(confusion[g][label] for g in LABELS)
        actual = sum(confusion[label].values())
        p, r = _ratio(t, predicted), _ratio(t, actual)
        f1 = round(2 * p * r / (p + r), 3) if p + r else 0.0
        report.per_label[label] = {"precision": p, "recall": r, "f1": f1, "support": actual}
    report.detection = _detection(outcomes)
    if len(uncontested) < len(outcomes):
        report.detection_uncontested = {
            **_detection(uncontested),
            "left_out": len(outcomes) - len(uncontested),
        }
    tp = outcomes.count("tp")
    report.kind_accuracy = _ratio(kind_ok, tp)
    report.leader_accuracy = _ratio(leaders_ok, tp)
    report.confusion = confusion
    return report


def format_report(report: Report) -> str:
    lines = [
        f"{report.total} items",
        "",
        f"{'label':<20}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}",
    ]
    for label, fig in report.per_label.items():
        lines.append(
            f"{label:<20}{fig['precision']:>10.3f}{fig['recall']:>8.3f}"
            f"{fig['f1']:>8.3f}{int(fig['support']):>9}"
        )
    d = report.detection
    lines += [
        "",
        f"detection  precision {d['precision']:.3f}  recall {d['recall']:.3f}  "
        f"(tp {int(d['tp'])}, fp {int(d['fp'])}, fn {int(d['fn'])})",
        *_uncontested_line(report.detection_uncontested),
        f"kind accuracy among detected true positives  {report.kind_accuracy:.3f}",
        f"leader accuracy among detected true positives (surnames)  {report.leader_accuracy:.3f}",
        "",
        "confusion (rows: expected, columns: got)",
        " " * 20 + "".join(f"{_short(g):>8}" for g in LABELS),
    ]
    for gold in LABELS:
        lines.append(f"{gold:<20}" + "".join(f"{report.confusion[gold][g]:>8}" for g in LABELS))
    if report.misses:
        lines += ["", f"misclassified ({len(report.misses)})"]
    for m in report.misses:
        lines.append(
            f"- {m.id}  expected {m.expected}, got {m.got}"
            f"{f' ({m.status})' if m.status else ''}: {m.title}"
        )
        for e in m.evidence:
            lines.append(f"    {e['rule']}  [{e['field']}]  {e['text']}")
    return "\n".join(lines)


def _uncontested_line(d: dict[str, float] | None) -> list[str]:
    if d is None:
        return []
    return [
        f"  without the {int(d['left_out'])} contested items  precision {d['precision']:.3f}  "
        f"recall {d['recall']:.3f}  (tp {int(d['tp'])}, fp {int(d['fp'])}, fn {int(d['fn'])})"
    ]


def _short(label: str) -> str:
    return {
        "phone_call": "phone",
        "video_call": "video",
        "in_person_meeting": "meet",
        "letter_or_message": "letter",
    }.get(label, label)
