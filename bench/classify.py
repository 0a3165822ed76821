"""Classifier speed on title + summary, against a plain compiled-regex baseline.

    python bench/classify.py [--rules monitor/classify/rules.toml] [--data F.jsonl] [--items N]

The baseline is what a naive keyword filter costs: one compiled regex of leader names
and trigger words, searched once over each item's title and summary. Both run in the
same process on the same items, so the ratio holds across machines; the target is at
least 5,000 items/s for the classifier on one core. Items come from the labeled
development set beside the checkout when it is there, else from built-in headlines.

Timing is CPU time of this process, in short rounds that alternate between the
baseline and the classifier; each side's best round counts. On a machine shared with
other work a round that was slowed down by it is simply not the best, and both sides
see the same conditions, so the ratio stays steady when the absolute numbers do not.
Exit status 0 when the target is met, 1 when it is not.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Measure the checkout this script is in, not whichever copy of the package is
# installed: `python bench/classify.py` puts bench/, not the checkout, on the path.
sys.path.insert(0, str(ROOT))

from monitor.classify import Classifier  # noqa: E402
from monitor.classify.records import document  # noqa: E402
from monitor.models import Document  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "dev_labeled.jsonl"
TARGET = 5000.0

FALLBACK = [
    ("Trump and Xi speak by phone about trade", "The White House said the call lasted an hour."),
    ("Biden and Xi meet on the sidelines of APEC", "The two leaders talked for four hours."),
    ("Xi'an reopens museum after renovation", "Visitors returned on Saturday."),
    ("Blinken meets Wang Yi in Beijing", "Secretary of State Antony Blinken met the minister."),
    ("Stocks rally as tariff fears ease", "Markets closed higher on Friday."),
    ("Xi congratulates Trump on election win", "Xi Jinping sent a congratulatory message."),
]

BASELINE = re.compile(
    r"\b(?:xi|jinping|biden|trump|obama|bush|hu jintao)\b.*?"
    r"\b(?:call|phone|video|virtual|met|meet|meeting|summit|letter|message|congratulat\w*)\b",
    re.IGNORECASE | re.DOTALL,
)


def load_items(path: Path | None, count: int) -> list[Document]:
    docs: list[Document] = []
    if path is not None and path.is_file():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                raw = json.loads(line)
                doc = document(raw, f"{path}:{n}")
                docs.append(Document(title=doc.title, summary=doc.summary, published=doc.published))
    else:
        docs = [Document(title=t, summary=s) for t, s in FALLBACK]
    return (docs * (count // len(docs) + 1))[:count]


def rates(
    funcs: list[Callable[[Document], object]], docs: list[Document], rounds: int
) -> list[float]:
    """Items/s of each function: its best of `rounds` alternating rounds over docs."""
    best = [float("inf")] * len(funcs)
    for _ in range(rounds):
        for n, func in enumerate(funcs):
            start = time.process_time()
            for doc in docs:
                func(doc)
            best[n] = min(best[n], time.process_time() - start)
    return [len(docs) / max(b, 1e-9) for b in best]


LONG_SIZE = 4_000_000
LONG_WORDS = [
    "Trump",
    "Xi",
    "President Xi",
    "met",
    "call",
    "phone call",
    "summit",
    "will",
    "after",
    "not",
    "the two leaders",
    "Putin",
    "letter",
    "video call",
    "and",
    ",",
]


def long_item_cost(clf: Classifier, now: datetime) -> tuple[float, float]:
    """CPU seconds for one normal item and for one whose description is megabytes of
    leader names and trigger words (best of a few runs each)."""
    words = (LONG_WORDS * (LONG_SIZE // 40))[: LONG_SIZE // 5]
    title = "Trump and Xi hold a phone call on trade"
    normal = Document(title=title, summary="The two leaders spoke for an hour on Monday.")
    long = Document(title=title, summary=" ".join(words)[:LONG_SIZE])
    out = []
    for doc in (normal, long):
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            clf.classify(doc, now)
            best = min(best, time.process_time() - start)
        out.append(max(best, 1e-6))
    return out[0], out[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=ROOT / "monitor" / "classify" / "rules.toml")
    parser.add_argument("--data", type=Path, default=DEV if DEV.is_file() else None)
    parser.add_argument(
        "--items", type=int, default=500, help="items per round (the data set, repeated)"
    )
    parser.add_argument("--rounds", type=int, default=30, help="alternating rounds per side")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    clf = Classifier.load(args.rules)
    load_ms = (time.perf_counter() - start) * 1000
    docs = load_items(args.data, args.items)
    now = datetime.now(UTC)

    def classify(doc: Document) -> object:
        return clf.classify(doc, now)

    def baseline(doc: Document) -> object:
        return BASELINE.search(f"{doc.title}\n{doc.summary}")

    base, ours = rates([baseline, classify], docs, args.rounds)
    source = args.data if args.data is not None and args.data.is_file() else "built-in headlines"
    print(f"items: {len(docs)} per round, best of {args.rounds} (title + summary, from {source})")
    print(f"rule file load + compile: {load_ms:.1f} ms")
    print(f"baseline (one compiled regex): {base:,.0f} items/s")
    print(f"classifier:                   {ours:,.0f} items/s")
    print(f"ratio classifier/baseline:    {ours / base:.3f}")
    normal, long = long_item_cost(clf, now)
    print(
        f"one normal item {normal * 1000:.2f} ms, one item of {LONG_SIZE // 1_000_000} MB "
        f"{long * 1000:.2f} ms: ratio {long / normal:.1f}"
    )
    ok = ours >= TARGET
    verdict = "PASS" if ok else "FAIL"
    print(f"{verdict}: classifier {ours:,.0f} items/s vs target {TARGET:,.0f} items/s on one core")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
