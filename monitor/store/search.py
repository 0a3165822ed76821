"""Full-text search that finds Chinese as well as English: what the index holds, how a
query is read, and the migration that built the index this way.

SQLite's tokenizers split words at spaces and punctuation, and Chinese writes no space
between words, so a whole clause would be one token that no query matches. Before it is
indexed, text with Han characters is normalised (Traditional to Simplified, full-width
forms to plain) and every Han character becomes a token of its own; a query does the
same, and a run of Han characters becomes a phrase of consecutive characters. So
`通电话`, `通話` and `習近平` find their words in either script, at any length (one or two
characters included), while English keeps the porter tokenizer, its stemming and its
phrase queries unchanged: ASCII text and ASCII queries pass through untouched.

The index reads its text through the view `items_search`, which applies `search_text`,
a function each connection registers (`register`): tools other than the store may read
the database, but writes to `items` need that function. A delete hands the index the
search form of the old row, which must be the form it was indexed with: a change to what
`search_text` returns comes with a migration that rebuilds the index.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import TYPE_CHECKING

from monitor.simplified import to_simplified

if TYPE_CHECKING:
    import sqlite_utils

# Han ideographs (with the compatibility block and the supplementary planes) and kana:
# the scripts written without spaces between words.
_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_ONE = re.compile(f"[{_HAN}]")
_RUN = re.compile(f"([{_HAN}]+)(\\*?)")
# Chinese punctuation in a query separates words; read as FTS syntax (a comma) it would
# make the query invalid, and it would then be searched as one phrase.
_QUERY_PUNCT = str.maketrans(dict.fromkeys("，、。；：！？《》“”「」『』", " "))


class _Spaced(dict[int, str]):
    """A `str.translate` table that puts spaces around Han characters, filled as
    characters are first met: much cheaper per character than a regex substitution."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = value = f" {ch} " if _ONE.match(ch) else ch
        return value


_SPACED = _Spaced()


def _normal(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return to_simplified(text) if _ONE.search(text) else text


def search_text(text: str | None) -> str | None:
    """The form of a stored text the index holds: Simplified, one token per character.

    Text with no Han or kana that is already in NFKC form (most English with a curly
    quote or an accent) is its own search form, as it is through `_normal`: returned as
    it is, without a pass over its characters."""
    if not text or text.isascii():
        return text
    if not _ONE.search(text) and unicodedata.is_normalized("NFKC", text):
        return text
    return _normal(text).translate(_SPACED)


def match_query(query: str) -> str:
    """An FTS5 query in the index's form: each run of Han characters outside quotes is a
    phrase of its characters; inside quotes its characters are spaced out."""
    if query.isascii():
        return query
    parts = _normal(query.translate(_QUERY_PUNCT)).split('"')
    for i, part in enumerate(parts):
        if i % 2:  # inside a string: the tokenizer makes the phrase
            parts[i] = part.translate(_SPACED)
        else:
            parts[i] = _RUN.sub(_phrase, part)
    return '"'.join(parts)


def _phrase(m: re.Match[str]) -> str:
    # A trailing `*` stays on the phrase: a prefix query on its last character.
    return ' "' + " ".join(m.group(1)) + '"' + m.group(2) + " "


def register(conn: sqlite3.Connection) -> None:
    conn.create_function("search_text", 1, search_text, deterministic=True)


def migrate_search_cjk(db: sqlite_utils.Database) -> None:
    # Replaces the index of the raw columns with one of their search form, built from
    # every stored item.
    for trigger in ("items_ai", "items_ad", "items_au"):
        db.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    db.execute('DROP TABLE IF EXISTS "items_fts"')
    db.execute(
        "CREATE VIEW items_search AS SELECT id, search_text(title) AS title, "
        "search_text(summary) AS summary, search_text(text) AS text FROM items"
    )
    db.execute(
        "CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, text, "
        "content='items_search', content_rowid='id', tokenize='porter')"
    )
    new = "new.id, search_text(new.title), search_text(new.summary), search_text(new.text)"
    old = "old.id, search_text(old.title), search_text(old.summary), search_text(old.text)"
    insert = f"INSERT INTO items_fts (rowid, title, summary, text) VALUES ({new});"
    delete = (
        f"INSERT INTO items_fts (items_fts, rowid, title, summary, text) VALUES ('delete', {old});"
    )
    db.execute(f"CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN {insert} END")
    db.execute(f"CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN {delete} END")
    db.execute(
        f"CREATE TRIGGER items_au AFTER UPDATE OF title, summary, text ON items "
        f"BEGIN {delete} {insert} END"
    )
    db.execute("INSERT INTO items_fts (items_fts) VALUES ('rebuild')")
