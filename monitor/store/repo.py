"""The base of the store's repositories: one stage's queries on the store's one connection."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from monitor.store.rows import one
from monitor.store.sqlite_lib import sqlite_utils

if TYPE_CHECKING:
    from monitor.store import Store


class Repo:
    """Queries of one part of the database. A repository holds no state of its own: it
    works on its store's connection and joins its store's transactions."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def db(self) -> sqlite_utils.Database:
        return self._store.db

    def transaction(self) -> AbstractContextManager[None]:
        return self._store.transaction()

    def _one(self, sql: str, args: list[Any]) -> dict[str, Any] | None:
        return one(self.db, sql, args)
