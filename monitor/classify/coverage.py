"""Opinion and analysis: items that discuss a communication without reporting one.

They are coverage (the digest's other relevant coverage), never a new event. Besides
headline forms (the rule file's `[non_reports] title` and `patterns`), two signs
give them away: the section of the site the URL sits in (/opinion/, /analysis/, or the
first word of the page's slug, /opinion-why-it-matters), and
a writer's own voice in the summary ("We are now two weeks past the summit"), which
news copy keeps inside quotation marks.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from monitor.models import Evidence

# Quoted speech, closed or running to the end of the text: it is someone else's voice.
# Spans are capped, so that text full of unclosed quotes stays linear to scan.
_QUOTED = re.compile(
    r"“[^”]{0,600}(?:”|$)|\"[^\"]{0,600}(?:\"|$)"
    r"|‘[^’]{0,600}(?:’(?!\w)|$)|(?<!\w)'[^']{0,600}(?:'(?!\w)|$)"
)


class Coverage:
    def __init__(self, sections: list[str], voice: list[str]) -> None:
        self._sections = frozenset(sections)
        self._voice = (
            re.compile(r"(?<![\w'’])(?:" + "|".join(map(re.escape, voice)) + r")(?![\w.\-])")
            if voice
            else None
        )

    def section(self, url: str | None) -> Evidence | None:
        """The URL's opinion or analysis section, if it has one."""
        if not url or not self._sections:
            return None
        try:
            path = urlsplit(url).path
        except ValueError:
            return None
        *sections, page = path.lower().rstrip("/").split("/")
        for part in sections:
            if part in self._sections:
                return Evidence(f"non_report:section/{part}", "url", url)
        # Sites without sections name the kind of piece first in the page's slug
        # ("/content/opinion-why-the-call-matters", "/world/analysis-trump-xi-call").
        words = page.split("-")
        for n in (2, 1):  # "op-ed-..." before "op-..."
            if len(words) > n and "-".join(words[:n]) in self._sections:
                return Evidence(f"non_report:slug/{'-'.join(words[:n])}", "url", url)
        return None

    def voice(self, summary: str) -> Evidence | None:
        """A writer's own first-person word in the summary, outside quotes."""
        if self._voice is None or not summary:
            return None
        m = self._voice.search(_QUOTED.sub(" ", summary))
        if m is None:
            return None
        return Evidence(f"non_report:voice/{m.group(0)}", "summary", m.group(0))
