import click
from flask.cli import AppGroup
from sqlalchemy import select

from eventapp.accounts import administration
from eventapp.accounts.models import Role
from eventapp.accounts.services import AccountError
from eventapp.events.models import Event
from eventapp.extensions import db

organizer_cli = AppGroup("organizer", help="Accounts of the organizers' workspace.")


@organizer_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="The person's name (defaults to the address).")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.ORGANIZER.value,
    show_default=True,
)
@click.option("--event", "event_slugs", multiple=True, metavar="SLUG",
              help="Assign the account to this event (repeat for several).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given.")
def create_command(email: str, name: str, role: str, event_slugs: tuple[str, ...],
                   password: str):
    """Create an account that can sign in to the workspace (or, for check-in staff, to the
    check-in station of the events it is assigned to)."""
    events = []
    for slug in event_slugs:
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        if event is None:
            raise click.ClickException(f"No event has the slug {slug!r}.")
        events.append(event)
    try:
        # As an administrator's page would, but the audit log names "system" as the creator.
        account = administration.create(
            email, name, password, Role(role), [event.id for event in events], actor="system"
        )
    except AccountError as error:
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo(f"Created {account.role} account {account.email}.")
    for event in events:
        click.echo(f"Assigned to {event.slug}.")
