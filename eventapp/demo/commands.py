"""The demo event: the workshop eventapp was first built for."""
import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from eventapp.demo import attendees
from eventapp.demo.data import DEMO_SLUGS
from eventapp.demo.services import (
    DemoAlreadyLoaded,
    database_is_empty,
    load_demo,
    remove_demo,
)
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.models import SessionSpeaker, WorkshopSession

demo_cli = AppGroup("demo", help="The demo event.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database holds any event.")
@click.option("--replace", is_flag=True, help="Delete the demo events first, then load them again.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date the demo is reckoned from (YYYY-MM-DD); defaults to today in Hanoi.",
)
@click.option("--attendees", "attendee_count", type=click.IntRange(0, 1000), default=0,
              help="Also register this many demo attendees for the workshop (no email).")
def load_command(if_empty: bool, replace: bool, today, attendee_count: int):
    """Load the demo workshop, an earlier event of its series and a draft follow-up."""
    if if_empty and replace:
        raise click.UsageError("Use either --if-empty or --replace, not both.")
    if if_empty and not database_is_empty():
        click.echo("The database already holds events: the demo was not loaded.")
        return
    if replace:
        removed = remove_demo()
        if removed:
            click.echo(f"Deleted the demo events: {', '.join(removed)}.")
    try:
        event = load_demo(today.date() if today else None)
    except DemoAlreadyLoaded as exc:
        db.session.rollback()
        raise click.ClickException(
            f"The demo is already loaded ({', '.join(exc.slugs)}). "
            "Run `flask demo load --replace` to load it again."
        ) from exc
    db.session.commit()
    _print_summary(event)
    if attendee_count:
        outcome = attendees.add_attendees(event.slug, attendee_count, 0.0)
        db.session.commit()
        _print_attendees(outcome, event.slug)


def _print_summary(main_event: Event) -> None:
    events = db.session.scalars(
        select(Event).where(Event.slug.in_(DEMO_SLUGS)).order_by(Event.starts_at)
    )
    click.echo("Loaded the demo events:")
    for event in events:
        starts, ends = event.local(event.starts_at), event.local(event.ends_at)
        sessions = db.session.scalar(
            select(func.count())
            .select_from(WorkshopSession)
            .where(WorkshopSession.event_id == event.id)
        )
        click.echo(
            f"  {event.slug} ({event.status.value}): {starts:%a} {starts.day} {starts:%B %Y},"
            f" {starts:%H:%M}–{ends:%H:%M} {event.timezone}, {sessions} sessions"
        )
    speakers = db.session.scalar(
        select(func.count(func.distinct(SessionSpeaker.speaker_id)))
        .join(WorkshopSession, WorkshopSession.id == SessionSpeaker.session_id)
        .where(WorkshopSession.event_id == main_event.id)
    )
    click.echo(f"The main event has {speakers} speakers; its page is /events/{main_event.slug}/")


@demo_cli.command("attendees")
@click.option("--count", type=click.IntRange(1, 1000), default=attendees.DEFAULT_COUNT,
              show_default=True, help="How many people of the demo list the event should have.")
@click.option("--checked-in", "checked_in", type=click.FloatRange(0, 1), default=0.0,
              show_default=True,
              help="Share of them to check in on the morning of the event (0 to 1).")
@click.option("--event", "slug", default=attendees.DEFAULT_EVENT, show_default=True,
              help="Slug of the event to add them to.")
def attendees_command(count: int, checked_in: float, slug: str):
    """Add demo attendees (confirmed, with sessions) to a demo event; no email is sent.

    Running it again adds nobody already there (matched by email).
    """
    try:
        outcome = attendees.add_attendees(slug, count, checked_in)
    except attendees.DemoEventMissing as exc:
        db.session.rollback()
        raise click.ClickException(
            f"There is no event {slug!r}. Load the demo first: flask demo load"
        ) from exc
    db.session.commit()
    _print_attendees(outcome, slug)


def _print_attendees(outcome: attendees.Outcome, slug: str) -> None:
    event = outcome.event
    click.echo(f"Added {outcome.added} attendees to {slug}"
               + (f" ({outcome.walk_ins} of them walk-ins)" if outcome.walk_ins else "")
               + f"; {outcome.already_there} were already registered.")
    if outcome.walk_ins_waiting:
        click.echo(f"{outcome.walk_ins_waiting} walk-ins were left out: they come with"
                   " --checked-in, on the day.")
    if outcome.not_admitted:
        click.echo(f"{outcome.not_admitted} were left out: the event does not admit their kind"
                   " of organization.")
    if outcome.no_place:
        click.echo(f"{outcome.no_place} were left out: no place left for them.")
    if outcome.checked_in:
        click.echo(f"Checked in {outcome.checked_in} more.")
        if outcome.arrivals_ahead:
            starts = event.local(event.starts_at)
            click.echo(f"The event is on {starts:%Y-%m-%d}: their arrival times were set on"
                       " that morning, as if the day had come.")
    db.session.refresh(event)
    places = "no limit" if event.capacity is None else f"{event.places_left} left"
    click.echo(f"Places: {event.seats_taken} taken, {places}.")
