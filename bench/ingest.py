"""The whole ingest after parsing, with a large store behind it.

    python bench/ingest.py [--sizes 10000,100000] [--full] [--items 5000] [--rate 3000]

For each size, a fresh database is pre-filled with that many items, then `--items` new
parsed entries go through `pipeline.new_items` and `pipeline.ingest`: normalize, identity
keys, near-duplicate lookup, classification, clustering into events, and storage (items,
keys, full-text index, MinHash signature, event reports), in one transaction per poll of
50 entries, as `monitor once` does. The near-duplicate index of the last 7 days is loaded
from the store before the run (its load time is reported), as at the start of a
`monitor once` process. `--full` adds a run with 1,000,000 stored items.

Pre-filling uses a fast bulk path, not the pipeline: `executemany` inside one
transaction for items (the full-text triggers fire), identity keys and classifications,
with a realistic share of events; signatures are written for the items of the last 7 days
only (older ones are outside the near-duplicate horizon and `monitor prune` drops them).
Pre-filled items arrive at `--rate` items per day, so the recent window is the same size
whatever the store holds.

Rates are from CPU time (user + system, this process), so other work on the machine
moves them less than wall-clock time; the wall-clock rate is printed beside them. The
baseline is plain SQLite: the same item rows inserted with `executemany` into a table
without indexes, in transactions of the same size, in the same process. The ratio
(ingest CPU time / baseline CPU time) holds across machines; items/s is this machine's.
Target: at least 2,000 items/s with 1,000,000 items stored, flat as the store grows.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor import config, dedupe, pipeline  # noqa: E402
from monitor.classify import Classifier  # noqa: E402
from monitor.dedupe import minhash  # noqa: E402
from monitor.models import Entry, PollReport, Source  # noqa: E402
from monitor.normalize import canonical_url, content_hash  # noqa: E402
from monitor.store import Store  # noqa: E402
from monitor.timeutil import iso  # noqa: E402

NOW = datetime(2026, 9, 30, 12, 0, tzinfo=UTC)
POLL = 50  # entries per source poll: one transaction each
TARGET = 2000.0

PLACES = [
    "Ohio",
    "Texas",
    "Berlin",
    "Lagos",
    "Jakarta",
    "Toronto",
    "Nairobi",
    "Lima",
    "Seoul",
    "Madrid",
    "Chennai",
    "Osaka",
]
SUBJECTS = [
    "City council",
    "Central bank",
    "Regional court",
    "Health ministry",
    "Airline",
    "Chipmaker",
    "Police",
    "Farm groups",
    "Union leaders",
    "University",
    "Energy firm",
    "Lawmakers",
]
VERBS = [
    "approves new budget for",
    "warns of delays in",
    "announces plan to expand",
    "faces protests over",
    "cuts forecast for",
    "opens inquiry into",
    "signs deal to build",
    "reports record demand for",
]
OBJECTS = [
    "rail lines",
    "water supply",
    "housing",
    "solar farms",
    "hospital beds",
    "school meals",
    "port capacity",
    "flood defences",
    "wheat exports",
    "battery plants",
]
LEADS = [
    "Officials said on {day} that the decision followed months of talks with local groups.",
    "The announcement came after a review found rising costs and slower progress than planned.",
    "Critics said the move would do little to help residents, while supporters welcomed it.",
    "The plan still needs approval from regulators, who are expected to rule next month.",
]
LEADER_NEWS = [
    ("Trump signs executive order on {obj}", "President Donald Trump signed an order on {day}."),
    ("Xi inspects {obj} in {place}", "Chinese President Xi Jinping visited {place} on {day}."),
    ("Trump says tariffs will protect {obj}", "President Donald Trump spoke at a rally on {day}."),
    ("Xi calls for progress on {obj}", "Xi Jinping addressed a party meeting on {day}."),
]
CALLS = [
    (
        "Trump and Xi speak by phone about {obj}",
        "President Donald Trump spoke by phone with Chinese President Xi Jinping on {day}.",
    ),
    (
        "Xi holds phone talks with U.S. President Trump",
        "Chinese President Xi Jinping held a phone call with U.S. President Donald Trump on {day}.",
    ),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tu",
    "sa",
    "vel",
    "dor",
    "pi",
    "ne",
    "gal",
    "mor",
    "si",
    "tha",
    "bre",
    "un",
    "cor",
    "fi",
]
# A vocabulary of 5,000 made-up words: news copy is varied, and a handful of templates
# would make every item a near-duplicate of hundreds of others.
_VOCAB_RNG = random.Random(7)
VOCAB = sorted({"".join(_VOCAB_RNG.choices(_SYLLABLES, k=2 + i % 3)) for i in range(20000)})[:5000]
OUTLETS = ["Wire", "Daily Portal", "Capital Times", "Harbour Post", "Evening Star"]


@dataclass
class Generated:
    source: str
    entry: Entry


def generate(
    count: int, rng: random.Random, start: datetime, span: timedelta, tag: str = "p"
) -> list[Generated]:
    """Parsed entries: mostly ordinary news, some naming a president, a few calls with copies."""
    out: list[Generated] = []
    n = 0
    while len(out) < count:
        n += 1
        when = start + span * (len(out) / max(1, count))
        day, obj, place = rng.choice(DAYS), rng.choice(OBJECTS), rng.choice(PLACES)
        roll = rng.random()
        if roll < 0.02:  # a leader call, reported by several outlets, with copies
            title, lead = rng.choice(CALLS)
            title, lead = title.format(obj=obj), lead.format(day=day)
            lead = f"{lead} {' '.join(rng.choices(VOCAB, k=20)).capitalize()}."
            for k, outlet in enumerate(rng.sample(OUTLETS, 3)):
                out.append(
                    _entry(f"{title} - {outlet}", lead, when + timedelta(hours=k), n, k, tag)
                )
            continue
        words = " ".join(rng.choices(VOCAB, k=rng.randint(15, 35)))
        if roll < 0.17:
            title, lead = rng.choice(LEADER_NEWS)
            title, lead = title.format(obj=obj, place=place), lead.format(day=day, place=place)
        else:
            title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {obj} in {place}"
            # A fifth of the leads open with a stock sentence, like wire boilerplate.
            lead = rng.choice(LEADS).format(day=day) if rng.random() < 0.2 else ""
        title = f"{title}: {' '.join(rng.choices(VOCAB, k=3))}"
        lead = f"{lead} {words.capitalize()}.".strip()
        out.append(_entry(title, lead, when, n, 0, tag))
    return out[:count]


def _entry(title: str, lead: str, when: datetime, n: int, k: int, tag: str) -> Generated:
    source = f"src{(n + k) % 40}"
    url = f"https://news{(n + k) % 40}.example/{when:%Y/%m/%d}/{tag}-{n}-{k}?utm_source=rss"
    guid = f"{tag}-{n}-{k}"
    return Generated(source, Entry(title=title, url=url, guid=guid, summary=lead, published=when))


def prefill(store: Store, count: int, per_day: int, rng: random.Random) -> None:
    """The bulk path: rows written directly, in one transaction (see the module docstring)."""
    span = timedelta(days=count / per_day)
    gen = generate(count, rng, NOW - span - timedelta(days=1), span)
    horizon = NOW - dedupe.HORIZON
    db = store.db.conn
    item_rows, key_rows, cls_rows, sig_rows = [], [], [], []
    for i, g in enumerate(gen, 1):
        e, when = g.entry, g.entry.published
        assert when is not None
        curl = canonical_url(e.url)
        h = content_hash(e.title, e.summary)
        stamp = iso(when)
        item_rows.append(
            (i, g.source, e.guid, e.url, curl, e.title, e.summary, "", stamp, stamp, h)
        )
        key_rows += [
            (f"guid:{g.source}:{e.guid}", i, stamp),
            (f"url:{curl}", i, stamp),
            (f"hash:{g.source}:{h}", i, stamp),
        ]
        cls_rows.append((i, "none", None, "[]", "[]", 0.0, "[]", stamp))
        if when >= horizon:
            sig_rows.append((i, minhash.signature(dedupe.near_text(e.title, e.summary, ""))))
    with store.transaction():
        db.executemany(
            "INSERT INTO items (id, source, guid, url, canonical_url, title, summary, text, "
            "published, first_seen, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            item_rows,
        )
        db.executemany("INSERT OR IGNORE INTO item_keys VALUES (?,?,?)", key_rows)
        db.executemany(
            "INSERT INTO classifications (item_id, kind, status, leaders, topics, score, "
            "evidence, classified_at) VALUES (?,?,?,?,?,?,?,?)",
            cls_rows,
        )
        db.executemany("INSERT INTO near_sigs VALUES (?,?)", sig_rows)
        # One past event every few days, with a dozen reports each.
        for k, day in enumerate(range(0, int(span.days), 3)):
            at = iso(NOW - timedelta(days=day + 1))
            db.execute(
                "INSERT INTO events (kind, status, leaders, leader_key, date, at, first_seen, "
                "updated, topics, best_item_id, evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                ("phone_call", "occurred", '["Donald Trump", "Xi Jinping"]',
                 "Donald Trump|Xi Jinping", at[:10] if at else None, at, at, at, "[]", None, "[]"),
            )  # fmt: skip
            event_id = db.execute("SELECT last_insert_rowid()").fetchone()[0]
            first = 1 + (k * 997) % count
            for item_id in range(first, min(count, first + 12) + 1):
                db.execute(
                    "INSERT OR IGNORE INTO event_items VALUES (?,?,?,?,?,?,?,?,?)",
                    (event_id, item_id, at, f"src{item_id % 40}", "outlet", "phone_call",
                     "occurred", at, "rules"),
                )  # fmt: skip
                db.execute("UPDATE items SET event_id = ? WHERE id = ?", (event_id, item_id))


def measure(ctx: pipeline.Context, batch: list[Generated]) -> tuple[float, float, PollReport]:
    """Wall and CPU seconds (this process, user + system) to ingest `batch`, and counts."""
    sources = {f"src{n}": Source(f"src{n}", "rss", "https://x.example/", 600.0) for n in range(40)}
    total = PollReport(source="all")
    polls: dict[str, list[Entry]] = {}
    for g in batch:
        polls.setdefault(g.source, []).append(g.entry)
    chunks = [
        (name, entries[i : i + POLL])
        for name, entries in polls.items()
        for i in range(0, len(entries), POLL)
    ]
    start, cpu = time.perf_counter(), time.process_time()
    for name, entries in chunks:
        report = PollReport(source=name)
        # As a poll does: normalize and drop known entries, then the rest in a transaction.
        items = pipeline.new_items(ctx.store, sources[name], entries, NOW)
        with ctx.store.transaction():
            pipeline.ingest(ctx, sources[name], items, NOW, report)
        total.new_items += report.new_items
        total.relevant += report.relevant
        total.new_events += report.new_events
    return time.perf_counter() - start, time.process_time() - cpu, total


def baseline(path: Path, batch: list[Generated]) -> float:
    """CPU seconds of plain SQLite inserts of the same rows: the floor any ingest stands on."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE plain (source, guid, url, title, summary, published, first_seen)")
    rows = [
        (g.source, g.entry.guid, g.entry.url, g.entry.title, g.entry.summary,
         iso(g.entry.published), iso(NOW))
        for g in batch
    ]  # fmt: skip
    start = time.process_time()
    for i in range(0, len(rows), POLL):
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO plain VALUES (?,?,?,?,?,?,?)", rows[i : i + POLL])
        conn.execute("COMMIT")
    elapsed = time.process_time() - start
    conn.close()
    return elapsed


def run(size: int, items: int, per_day: int, workdir: Path, cfg: Path) -> dict[str, float]:
    rng = random.Random(size)
    db_path = workdir / f"ingest-{size}.db"
    store = Store(db_path)
    t0 = time.perf_counter()
    prefill(store, size, per_day, rng)
    fill = time.perf_counter() - t0
    settings = config.load(cfg)
    near = dedupe.NearIndex()
    ctx = pipeline.Context(settings, store, Classifier.load(settings.rules_path), near=near)
    batch = generate(
        items, random.Random(size + 1), NOW - timedelta(hours=20), timedelta(hours=20), "m"
    )
    t1 = time.perf_counter()
    near.sync(store.dedupe, NOW)
    load = time.perf_counter() - t1
    window = len(near)
    # Warm up on entries that are not measured (imports, caches, the first pages read).
    warm = generate(200, random.Random(size + 2), NOW - timedelta(days=3), timedelta(hours=1), "w")
    measure(ctx, warm)
    elapsed, cpu, report = measure(ctx, batch)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    base = baseline(workdir / f"plain-{size}.db", batch)
    size_mb = db_path.stat().st_size / 1e6
    return {
        "stored": size,
        "prefill_s": fill,
        "new": report.new_items,
        "relevant": report.relevant,
        "events": report.new_events,
        "rate": report.new_items / cpu,
        "wall_rate": report.new_items / elapsed,
        "us_per_item": cpu / max(1, report.new_items) * 1e6,
        "ratio": cpu / base,
        "db_mb": size_mb,
        "load_s": load,
        "window": window,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="stored items before each run")
    parser.add_argument("--full", action="store_true", help="also run with 1,000,000 stored")
    parser.add_argument("--items", type=int, default=5000, help="new entries measured per run")
    parser.add_argument("--rate", type=int, default=3000, help="pre-filled items per day")
    parser.add_argument("--dir", type=Path, help="where the databases go (default: a temp dir)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.full and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        workdir = Path(tmp)
        cfg = workdir / "bench.toml"
        cfg.write_text(
            f'[monitor]\nstate_dir = "{workdir}"\nrules = "{ROOT / "monitor" / "classify" / "rules.toml"}"\n'
        )
        print(
            f"{'stored':>9} {'db MB':>8} {'new':>6} {'relevant':>8} {'events':>6} "
            f"{'items/s':>8} {'us/item':>8} {'x plain':>8} {'wall/s':>7} {'prefill s':>9} "
            f"{'index':>7} {'load s':>6}"
        )
        results = []
        for size in sizes:
            r = run(size, args.items, args.rate, workdir, cfg)
            results.append(r)
            print(
                f"{r['stored']:>9,.0f} {r['db_mb']:>8.0f} {r['new']:>6.0f} {r['relevant']:>8.0f} "
                f"{r['events']:>6.0f} {r['rate']:>8,.0f} {r['us_per_item']:>8.0f} "
                f"{r['ratio']:>8.1f} {r['wall_rate']:>7,.0f} {r['prefill_s']:>9.1f} {r['window']:>7,.0f} "
                f"{r['load_s']:>6.2f}",
                flush=True,
            )
            (workdir / f"ingest-{size}.db").unlink()
        largest = results[-1]
        flat = largest["us_per_item"] / results[0]["us_per_item"]
        print(
            f"\nper-item cost at {largest['stored']:,.0f} stored / at {results[0]['stored']:,.0f}: "
            f"{flat:.2f}x; target {TARGET:,.0f} items/s: "
            + ("met" if largest["rate"] >= TARGET else "NOT met")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
