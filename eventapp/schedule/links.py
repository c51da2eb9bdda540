"""Absolute addresses of the pages and files that the schedule exports point to.

The documents are built by plain functions that know nothing of requests; they ask a
`Links` object for every address, so that tests (and a future CLI export) can hand them
addresses of their own.
"""
from typing import Protocol

from flask import url_for

from eventapp.events.models import Event
from eventapp.programme.models import WorkshopSession
from eventapp.speakers.models import Speaker
from eventapp.urls import public_url


class Links(Protocol):
    def event(self, event: Event) -> str: ...

    def event_ics(self, event: Event) -> str: ...

    def session(self, event: Event, session: WorkshopSession) -> str: ...

    def session_ics(self, event: Event, session: WorkshopSession) -> str: ...

    def speaker(self, speaker: Speaker) -> str: ...


class ExternalLinks:
    """Links for the running application: in a request, or with SERVER_NAME set."""

    def event(self, event: Event) -> str:
        return url_for("programme.event_page", slug=event.slug, _external=True)

    def event_ics(self, event: Event) -> str:
        return url_for("schedule.event_ics", slug=event.slug, _external=True)

    def session(self, event: Event, session: WorkshopSession) -> str:
        return url_for(
            "programme.session_page", slug=event.slug, session_id=session.id, _external=True
        )

    def session_ics(self, event: Event, session: WorkshopSession) -> str:
        return url_for(
            "schedule.session_ics", slug=event.slug, session_id=session.id, _external=True
        )

    def speaker(self, speaker: Speaker) -> str:
        return url_for("speakers.profile", slug=speaker.slug, _external=True)


class PublicLinks:
    """Links on PUBLIC_URL, for documents that leave the site (email attachments)."""

    def event(self, event: Event) -> str:
        return public_url("programme.event_page", slug=event.slug)

    def event_ics(self, event: Event) -> str:
        return public_url("schedule.event_ics", slug=event.slug)

    def session(self, event: Event, session: WorkshopSession) -> str:
        return public_url("programme.session_page", slug=event.slug, session_id=session.id)

    def session_ics(self, event: Event, session: WorkshopSession) -> str:
        return public_url("schedule.session_ics", slug=event.slug, session_id=session.id)

    def speaker(self, speaker: Speaker) -> str:
        return public_url("speakers.profile", slug=speaker.slug)
