import click
from flask.cli import AppGroup

from eventapp.accounts.models import Role
from eventapp.accounts.services import AccountError, create_account
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
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given.")
def create_command(email: str, name: str, role: str, password: str):
    """Create an account that can sign in to the workspace."""
    try:
        account = create_account(email, name, password, Role(role))
    except AccountError as error:
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo(f"Created {account.role} account {account.email}.")
