"""The SQLite store: the connection, schema and migrations, and one narrow repository per
stage (`store.sources`, `store.items`, `store.dedupe`, `store.events`, `store.outbox`, each
in its own module). The only user of sqlite_utils (imported through `sqlite_lib`).

One `Store` belongs to one thread (sqlite3 connections are bound to the thread that
made them). Writes that belong together run inside `with store.transaction():` so a
kill in the middle leaves either all of them or none.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from monitor.errors import DiskFull, StoreError
from monitor.store.dedupe import (
    DedupeRepo,
    migrate_drop_identity_indexes,
    migrate_fts_update_trigger,
    migrate_near_bands,
    migrate_near_sigs,
)
from monitor.store.events import EventRepo, migrate_event_reports, migrate_event_tallies
from monitor.store.items import ItemRepo, migrate_classification_named
from monitor.store.outbox import OutboxRepo, migrate_alerts_outbox
from monitor.store.rows import one
from monitor.store.search import migrate_search_cjk, register
from monitor.store.sources import SourceRepo
from monitor.store.sqlite_lib import sqlite_utils
from monitor.timeutil import iso, utcnow

Migration = Callable[[sqlite_utils.Database], None]


def _m001_initial(db: sqlite_utils.Database) -> None:
    db.table("sources").create(
        {
            "name": str,
            "kind": str,
            "url": str,
            "etag": str,
            "last_modified": str,
            "body_hash": str,
            "last_poll": str,
            "last_success": str,
            "last_error": str,
            "last_error_at": str,
            "consecutive_failures": int,
            "next_poll": str,
            "items_seen": int,
            "last_new_item": str,
            "status": str,
            "redirect_url": str,
            "redirect_count": int,
        },
        pk="name",
    )
    db.table("items").create(
        {
            "id": int,
            "source": str,
            "guid": str,
            "url": str,
            "canonical_url": str,
            "title": str,
            "summary": str,
            "text": str,
            "published": str,
            "first_seen": str,
            "content_hash": str,
            "event_id": int,
        },
        pk="id",
    )
    db.table("items").create_index(["source", "guid"])
    db.table("items").create_index(["canonical_url"])
    db.table("items").create_index(["first_seen"])
    db.table("items").create_index(["published"])
    db.table("items").enable_fts(
        ["title", "summary", "text"], create_triggers=True, tokenize="porter"
    )
    # Identity keys outlive the items they name (tombstones): a pruned item never returns as new.
    db.table("item_keys").create({"key": str, "item_id": int, "created": str}, pk="key")
    db.table("classifications").create(
        {
            "item_id": int,
            "kind": str,
            "status": str,
            "leaders": str,
            "topics": str,
            "score": float,
            "evidence": str,
            "classified_at": str,
        },
        pk="item_id",
        foreign_keys=[("item_id", "items", "id")],
    )
    db.table("classifications").create_index(["kind"])
    db.table("events").create(
        {
            "id": int,
            "kind": str,
            "status": str,
            "leaders": str,
            "leader_key": str,
            "date": str,
            "at": str,
            "first_seen": str,
            "updated": str,
            "topics": str,
            "best_item_id": int,
            "evidence": str,
        },
        pk="id",
    )
    db.table("events").create_index(["leader_key", "at"])
    db.table("event_items").create(
        {"event_id": int, "item_id": int, "added": str},
        pk=("event_id", "item_id"),
    )
    db.table("alerts").create({"id": int, "event_id": int, "reason": str, "created": str}, pk="id")
    db.table("deliveries").create(
        {
            "id": int,
            "alert_id": int,
            "channel": str,
            "state": str,
            "attempts": int,
            "next_attempt": str,
            "last_error": str,
            "sent_at": str,
            "created": str,
        },
        pk="id",
    )
    db.table("deliveries").create_index(["state", "next_attempt"])
    db.table("deliveries").create_index(["alert_id", "channel"], unique=True)
    db.table("digests").create(
        {"date": str, "markdown": str, "html": str, "created": str}, pk="date"
    )
    db.table("meta").create({"key": str, "value": str}, pk="key")


def _m_fetch_redirect_candidate(db: sqlite_utils.Database) -> None:
    # A permanent redirect is adopted only after several polls agree on its target.
    db.table("sources").add_column("redirect_candidate", str)


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_initial", _m001_initial),
    ("dedupe_near_bands", migrate_near_bands),
    ("events_reports", migrate_event_reports),
    ("alerts_outbox_health", migrate_alerts_outbox),
    ("fetch_redirect_candidate", _m_fetch_redirect_candidate),
    ("dedupe_near_sigs", migrate_near_sigs),
    ("dedupe_drop_identity_indexes", migrate_drop_identity_indexes),
    ("ingest_fts_update_trigger", migrate_fts_update_trigger),
    ("events_tallies", migrate_event_tallies),
    ("search_cjk", migrate_search_cjk),
    ("classification_named", migrate_classification_named),
]


def as_disk_full(exc: BaseException, state_dir: Path) -> DiskFull | None:
    """`exc` as a plain DiskFull naming the state directory, if it is SQLite's SQLITE_FULL
    (or a file write's ENOSPC, as the heartbeat or a digest meets it); None otherwise."""
    if isinstance(exc, DiskFull):
        return exc
    if (
        isinstance(exc, sqlite3.OperationalError)
        and (
            getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
            or "database or disk is full" in str(exc)
        )
    ) or (isinstance(exc, OSError) and exc.errno == errno.ENOSPC):
        return DiskFull(str(state_dir))
    return None


class Store:
    """The connection to `state_dir/monitor.db`: schema, migrations, transactions, and one
    narrow repository per stage (`sources`, `items`, `dedupe`, `events`, `outbox`)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            register(conn)  # the full-text index's triggers call it
            self.db = sqlite_utils.Database(conn)
            self.db.execute("PRAGMA busy_timeout = 30000")
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            full = self.disk_full(exc)
            if full is not None:
                raise full from exc
            raise StoreError(f"{self.path}: cannot open the database: {exc}") from exc
        self._depth = 0
        self.sources = SourceRepo(self)
        self.items = ItemRepo(self)
        self.dedupe = DedupeRepo(self)
        self.events = EventRepo(self)
        self.outbox = OutboxRepo(self)

    def disk_full(self, exc: BaseException) -> DiskFull | None:
        return as_disk_full(exc, self.path.parent)

    def close(self) -> None:
        self.db.conn.close()

    # -- schema ---------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied, each in its own transaction."""
        if "_migrations" not in self.db.table_names():
            self.db.table("_migrations").create({"name": str, "applied": str}, pk="name")
        done = {r["name"] for r in self.db.table("_migrations").rows}
        applied = []
        for name, func in MIGRATIONS:
            if name in done:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                func(self.db)
                self.db.table("_migrations").insert({"name": name, "applied": iso(utcnow())})
                self.db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            applied.append(name)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of writes; nests (inner blocks join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._rollback()
            raise
        else:
            try:
                self.db.execute("COMMIT")
            except sqlite3.OperationalError:
                self._rollback()
                raise
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        # SQLite may already have rolled back on its own (a full disk does that), and a
        # second ROLLBACK would raise over the error that explains why.
        if self.db.conn.in_transaction:
            self.db.execute("ROLLBACK")

    # -- meta -----------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = one(self.db, "SELECT value FROM meta WHERE key = ?", [key])
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.table("meta").upsert({"key": key, "value": value}, pk="key")
