import click
from flask.cli import AppGroup

from eventapp.extensions import db
from eventapp.organizations.services import sync_organization_types

organizations_cli = AppGroup("organizations", help="Organization types offered at registration.")


@organizations_cli.command("sync")
def sync_command():
    """Add the default organization types that are missing."""
    added = sync_organization_types()
    db.session.commit()
    click.echo(f"Added {len(added)} organization type(s): {', '.join(added) or 'none'}.")
