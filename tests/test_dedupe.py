"""Near-duplicates through the persisted band index, and tombstones after pruning."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feedgen import Story, rss
from helpers import FeedServer, run_cli, run_monitor, write_config

from monitor import config, dedupe, pipeline
from monitor.classify import Classifier
from monitor.dedupe import minhash
from monitor.models import Entry, Item, PollReport, Source
from monitor.normalize import normalize
from monitor.store import Store

NOW = datetime(2026, 9, 16, 12, 0, tzinfo=UTC)
LEAD = (
    "U.S. President Donald Trump and Chinese President Xi Jinping spoke by phone on Tuesday, "
    "the White House said, as a deadline for their trade truce approached."
)


def _stored(store: Store, title: str, summary: str, source: str, now: datetime = NOW) -> Item:
    item = normalize(Entry(title=title, summary=summary), source, now)
    fp = dedupe.Fingerprint.of(item)
    with store.transaction():
        item_id = store.items.add_item(item, dedupe.identity_keys(item))
        store.dedupe.add_near_signature(item_id, fp.signature)
    return item


def _near(store: Store, title: str, summary: str, now: datetime = NOW) -> dedupe.NearMatch | None:
    """A lookup as a fresh process makes it: the index is loaded from the store."""
    index = dedupe.NearIndex()
    index.sync(store.dedupe, now)
    item = normalize(Entry(title=title, summary=summary), "other", now)
    return index.find(store.dedupe, dedupe.Fingerprint.of(item))


def test_copies_with_outlet_credits_and_small_edits_are_found(tmp_path: Path) -> None:
    store = Store(tmp_path / "m.db")
    original = _stored(
        store, "Trump and Xi speak by phone as trade truce deadline nears - Wire", LEAD, "wire"
    )
    _stored(store, "Parliament passes budget after late-night session", "Lawmakers voted.", "x")

    credit = _near(
        store, "Trump and Xi speak by phone as trade truce deadline nears | Portal", LEAD
    )
    assert credit is not None and credit.item_id == original.id and credit.similarity > 0.8

    edited = _near(
        store,
        "Trump, Xi speak by phone as truce deadline nears",
        LEAD.replace("the White House said", "according to the White House"),
    )
    assert edited is not None and edited.item_id == original.id
    assert edited.similarity >= dedupe.NEAR

    assert (
        _near(store, "Xi, Putin discuss energy cooperation in phone call", "Xi held a call.")
        is None
    )
    store.close()


def test_only_recent_items_are_candidates(tmp_path: Path) -> None:
    store = Store(tmp_path / "m.db")
    _stored(store, "Trump and Xi speak by phone", LEAD, "wire", now=NOW - timedelta(days=10))
    assert _near(store, "Trump and Xi speak by phone", LEAD) is None
    assert (
        _near(store, "Trump and Xi speak by phone", LEAD, now=NOW - timedelta(days=9)) is not None
    )
    store.close()


def test_a_long_running_index_follows_other_processes_and_the_horizon(tmp_path: Path) -> None:
    store = Store(tmp_path / "m.db")
    index = dedupe.NearIndex()
    index.sync(store.dedupe, NOW - timedelta(days=8))
    first = _stored(store, "Trump and Xi speak by phone", LEAD, "wire", NOW - timedelta(days=8))
    # Stored by another process: this index learns of it at its next sync.
    copy = normalize(Entry(title="Trump and Xi speak by phone - Portal", summary=LEAD), "p", NOW)
    assert index.find(store.dedupe, dedupe.Fingerprint.of(copy)) is None
    index.sync(store.dedupe, NOW - timedelta(days=8))
    found = index.find(store.dedupe, dedupe.Fingerprint.of(copy))
    assert found is not None and found.item_id == first.id and len(index) == 1
    # A week later the item has left the window, and the index has let go of it.
    index.sync(store.dedupe, NOW)
    assert index.find(store.dedupe, dedupe.Fingerprint.of(copy)) is None and len(index) == 0
    store.close()


def test_outlet_credit_is_stripped_only_when_a_headline_remains() -> None:
    assert minhash.strip_outlet("Xi tells Trump Taiwan matters most - Harbour Post") == (
        "Xi tells Trump Taiwan matters most"
    )
    assert minhash.strip_outlet("Xi - Trump call") == "Xi - Trump call"
    assert minhash.shingles("One") == {"one"}
    assert minhash.jaccard(set(), {"a"}) == 0.0


def test_signature_estimates_follow_the_true_similarity() -> None:
    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(2000)]
    errors = []
    for _ in range(200):
        base = rng.choices(vocab, k=40)
        other = list(base)
        for _ in range(rng.randrange(0, 25)):
            other[rng.randrange(40)] = rng.choice(vocab)
        a, b = " ".join(base), " ".join(other)
        estimate = minhash.estimates(minhash.signature(a), [minhash.signature(b)])
        errors.append(estimate[0] - minhash.jaccard(minhash.shingles(a), minhash.shingles(b)))
    assert abs(statistics.mean(errors)) < 0.02  # unbiased
    assert statistics.pstdev(errors) < 0.1  # about sqrt(J(1-J)/48)


def test_band_keys_are_the_same_in_another_process() -> None:
    # Stored keys are only useful if a later process computes the same ones.
    code = (
        "import json; from monitor.dedupe import minhash as m; "
        f"print(json.dumps(m.band_keys(m.signature({LEAD!r}))))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    here = minhash.band_keys(minhash.signature(LEAD))
    assert json.loads(out.stdout) == here
    assert len(set(here)) == minhash.BANDS


def test_same_text_from_another_source_is_a_new_report(tmp_path: Path) -> None:
    one = normalize(
        Entry(title="Trump and Xi speak", summary=LEAD, url="https://a.example/1"), "a", NOW
    )
    two = normalize(
        Entry(title="Trump and Xi speak", summary=LEAD, url="https://b.example/9"), "b", NOW
    )
    assert not set(dedupe.identity_keys(one)) & set(dedupe.identity_keys(two))
    moved = normalize(
        Entry(title="Trump and Xi speak", summary=LEAD, url="https://a.example/2"), "a", NOW
    )
    assert set(dedupe.identity_keys(one)) & set(dedupe.identity_keys(moved))


def test_pruned_items_never_come_back_as_new(tmp_path: Path, feed_server: FeedServer) -> None:
    day = datetime(2026, 9, 15, 23, 0, tzinfo=UTC)
    call = Story(
        "Readout of President Trump’s Call with President Xi Jinping",
        "https://gov.example/briefings/2026/09/15/readout/",
        day,
        "President Donald J. Trump spoke by telephone today with President Xi Jinping of China.",
        guid="r-1",
    )
    others = [
        Story(
            f"Weekly schedule of the President, week {n}",
            f"https://gov.example/s/{n}",
            day,
            "",
            guid=f"s-{n}",
        )
        for n in range(3)
    ]
    feed_server.serve("/feed.xml", rss("Briefings", [call, *others]))
    cfg = write_config(tmp_path, [{"name": "gov", "url": feed_server.url + "/feed.xml"}])
    assert "4 new" in run_cli("once", "--config", str(cfg)).stdout

    # `prune` as a real process once, for the console script's own exit code.
    pruned = run_monitor("prune", "--older-than", "0s", "--config", str(cfg))
    assert pruned.returncode == 0, pruned.stderr
    assert "3 items deleted" in pruned.stdout and "4 index rows dropped" in pruned.stdout
    db = sqlite3.connect(tmp_path / "state" / "monitor.db")
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM item_keys").fetchone()[0] == 12
    db.close()

    # The feed changes (so it is parsed again) and still lists the pruned items: only the
    # genuinely new entry is new, even with its old items' links dressed up differently.
    relisted = [
        Story(s.title, s.url + "?utm_source=feed", s.published, s.summary, s.guid) for s in others
    ]
    fresh = Story(
        "Remarks by the President on Energy", "https://gov.example/e/1", day, "", guid="e-1"
    )
    feed_server.serve("/feed.xml", rss("Briefings", [fresh, call, *relisted]))
    again = run_cli("once", "--config", str(cfg))
    assert again.returncode == 0, again.stderr
    assert "1 new" in again.stdout, again.stdout
    events = json.loads(run_cli("events", "--json", "--config", str(cfg)).stdout)
    assert [e["items"][0]["title"] for e in events] == [call.title]


def test_contexts_of_one_database_share_one_index(tmp_path: Path) -> None:
    # The daemon makes a context per poll; the index must not be reloaded each time.
    settings = config.load(write_config(tmp_path, []))
    classifier = Classifier.load(settings.rules_path)
    store = Store(tmp_path / "m.db")
    source = Source("wire", "rss", "https://wire.example/feed", 600.0)
    first, second = (
        pipeline.Context(settings=settings, store=store, classifier=classifier) for _ in range(2)
    )
    for ctx, entry in (
        (first, Entry(title="Trump and Xi speak by phone - Wire", summary=LEAD, guid="1")),
        (second, Entry(title="Trump and Xi speak by phone - Portal", summary=LEAD, guid="2")),
    ):
        items = pipeline.new_items(store, source, [entry], NOW)
        with store.transaction():
            pipeline.ingest(ctx, source, items, NOW, PollReport(source="wire"))
    index = dedupe.shared_index(str(store.path))
    assert len(index) == 2
    copy_of = store.db.execute("SELECT dup_of FROM items WHERE guid = '2'").fetchone()[0]
    assert copy_of == store.db.execute("SELECT id FROM items WHERE guid = '1'").fetchone()[0]
    store.close()


def test_prune_takes_in_the_cutoffs_own_second(tmp_path: Path) -> None:
    # Times are stored to the second: an item seen at 12:00:00.3 is stored as 12:00:00.
    store = Store(tmp_path / "m.db")
    seen = NOW + timedelta(milliseconds=300)
    _stored(store, "Weekly schedule of the President", "Briefings.", "gov", now=seen)
    kept = store.dedupe.prune(NOW - timedelta(seconds=1))
    assert (kept.deleted, kept.bands) == (0, 0) and store.items.count_items() == 1
    pruned = store.dedupe.prune(seen + timedelta(milliseconds=400))
    assert (pruned.deleted, pruned.bands) == (1, 1) and store.items.count_items() == 0
    store.close()
