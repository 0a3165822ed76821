"""An event is occurred only on a report that says it happened; previews never alert."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from eventdesk import Desk, utc

from monitor import events
from monitor.config.schema import EventsSection
from monitor.models import Classification, EventReport

T = utc(2026, 11, 9, 15)


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return Desk.open(tmp_path)


def test_previews_make_a_planned_event_and_no_alert(desk: Desk) -> None:
    first = desk.report("Trump and Xi to meet in Lima", T, "in_person_meeting", "planned")
    again = desk.report(
        "Trump lands in Lima ahead of meeting with Xi",
        T + timedelta(days=1),
        "in_person_meeting",
        "planned",
    )
    assert first.event_id == again.event_id
    assert (first.reason, again.reason) == (None, None)
    assert desk.event(first.event_id)[1] == "planned"
    assert desk.alerts == []


def test_the_first_report_that_it_happened_alerts_once(desk: Desk) -> None:
    plan = desk.report("Trump and Xi to meet in Lima", T, "in_person_meeting", "planned")
    met = desk.report("Trump and Xi meet in Lima", T + timedelta(days=6), "in_person_meeting")
    more = desk.report(
        "Trump, Xi hold talks in Lima", T + timedelta(days=6, hours=3), "in_person_meeting"
    )
    assert met.event_id == plan.event_id and met.reason == "new"
    assert more.reason is None
    assert desk.event(plan.event_id)[1:] == ("occurred", "2026-11-15")


def test_with_alert_planned_the_plan_alerts_and_its_coming_true_updates(tmp_path: Path) -> None:
    desk = Desk.open(tmp_path, EventsSection(alert_planned=True))
    plan = desk.report("Trump and Xi to talk this week", T, "phone_call", "planned")
    call = desk.report("Trump and Xi talk", T + timedelta(days=2))
    assert (plan.reason, call.reason) == ("new", "status")


def test_a_preview_after_the_event_changes_nothing(desk: Desk) -> None:
    call = desk.report("Trump and Xi talk by phone", T)
    preview = desk.report(
        "Trump and Xi to talk again soon", T + timedelta(hours=5), "phone_call", "planned"
    )
    assert preview.event_id == call.event_id and preview.reason is None
    assert desk.event(call.event_id)[1] == "occurred"


def test_a_plan_of_another_kind_never_comes_true_by_a_call(desk: Desk) -> None:
    plan = desk.report("Trump to visit Beijing in April", T, "in_person_meeting", "planned")
    call = desk.report("Trump and Xi talk by phone", T + timedelta(days=1))
    assert call.event_id != plan.event_id and call.reason == "new"
    assert desk.event(plan.event_id)[1] == "planned"


def test_a_reading_without_a_status_starts_no_occurred_event() -> None:
    report = EventReport(
        item_id=1, source="wire", tier="outlet", kind="phone_call", status=None, at=T
    )
    unsure = Classification("phone_call", None, ["Donald Trump", "Xi Jinping"])
    assignment = events.start(unsure, report, T)
    assert assignment.event.status == "planned"
    assert events.alert_reason(assignment, EventsSection(), alerted_before=False) is None
