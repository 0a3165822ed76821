from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.parse.dates import text_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-10-15", datetime(2026, 10, 15, tzinfo=UTC)),
        ("2026-10-15T08:30:00+08:00", datetime(2026, 10, 15, 0, 30, tzinfo=UTC)),
        ("Thu, 15 Oct 2026 09:00:00 GMT", datetime(2026, 10, 15, 9, tzinfo=UTC)),
        ("2026年10月15日 09:30", datetime(2026, 10, 15, 1, 30, tzinfo=UTC)),  # Beijing time
        ("发布时间：2026/10/5", datetime(2026, 10, 5, tzinfo=UTC)),
        ("Updated Oct. 15, 2026", datetime(2026, 10, 15, tzinfo=UTC)),
        ("September 3rd, 2026", datetime(2026, 9, 3, tzinfo=UTC)),
        ("Posted 3 Sept 2026", datetime(2026, 9, 3, tzinfo=UTC)),
        ("no date here", None),
        ("2026-13-45", None),
    ],
)
def test_page_dates(raw: str, expected: datetime | None) -> None:
    assert text_date(raw) == expected
