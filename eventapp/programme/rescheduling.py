"""The programme follows its event: when the event's dates or time zone change.

Changing the time zone keeps every session at the same local time (a corrected zone means
the times were meant in it); with "move the programme with the event" every session moves
by as much as the event's start. Sessions that would fall outside the event's new dates
refuse the change. Attendees of moved sessions are told (ProgrammeChanges).
"""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp import signals
from eventapp.events.editing import EventError, same_local_time
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.changes import ProgrammeChanges
from eventapp.programme.models import WorkshopSession


@signals.event_rescheduled.connect
def follow_the_event(
    event: Event,
    *,
    new_zone: ZoneInfo,
    shift: timedelta,
    starts_at: datetime,
    ends_at: datetime,
    actor="system",
    **_,
) -> ProgrammeChanges:
    """Move the sessions as the event moves; the caller notifies once its change is made."""
    sessions = _sessions(event)
    planned = _planned_times(sessions, event.tz, new_zone, shift)
    _check_programme_fits(sessions, planned, starts_at, ends_at)
    changes = ProgrammeChanges(event, actor)
    for session, (session_starts, session_ends) in planned.items():
        changes.watch(session)
        session.starts_at, session.ends_at = session_starts, session_ends
    return changes


def _sessions(event: Event) -> list[WorkshopSession]:
    return list(
        db.session.scalars(
            select(WorkshopSession)
            .where(WorkshopSession.event_id == event.id)
            .order_by(WorkshopSession.starts_at, WorkshopSession.id)
        )
    )


def _planned_times(sessions, old_zone: ZoneInfo, new_zone: ZoneInfo, shift: timedelta) -> dict:
    """Where each session goes: the same local time in the new zone, then moved by `shift`.

    Only the sessions that move are listed.
    """
    planned = {}
    for session in sessions:
        times = (
            same_local_time(session.starts_at, old_zone, new_zone) + shift,
            same_local_time(session.ends_at, old_zone, new_zone) + shift,
        )
        times = (times[0].astimezone(UTC), times[1].astimezone(UTC))
        if times != (session.starts_at, session.ends_at):
            planned[session] = times
    return planned


def _check_programme_fits(sessions, planned: dict, starts_at: datetime, ends_at: datetime) -> None:
    times = [planned.get(s, (s.starts_at, s.ends_at)) for s in sessions]
    outside = [
        session
        for session, (s_start, s_end) in zip(sessions, times, strict=True)
        if s_start < starts_at or s_end > ends_at
    ]
    if outside:
        raise EventError(
            _l(
                "“%(title)s” and %(others)d other session(s) would fall outside the event's new "
                "dates. Tick “Move the programme with the event”, or change those sessions first.",
                title=outside[0].title,
                others=len(outside) - 1,
            ),
            "starts_at",
        )
