"""`flask db upgrade` from an empty database builds exactly the schema the models describe."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, select

from eventapp import create_app
from eventapp.config import TestConfig
from eventapp.extensions import db
from eventapp.models import OrganizationType
from eventapp.organizations.taxonomy import DEFAULT_ORGANIZATION_TYPES


@pytest.fixture
def migrated_url(databases):
    url = databases.create("migrations")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def test_migrations_build_the_schema_the_models_describe(migrated_url):
    engine = create_engine(migrated_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True}
            )
            differences = compare_metadata(context, db.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_migrations_seed_the_default_organization_types(migrated_url):
    engine = create_engine(migrated_url)
    try:
        with engine.connect() as conn:
            codes = list(conn.scalars(select(OrganizationType.code).order_by(OrganizationType.position)))
    finally:
        engine.dispose()
    assert codes == [entry["code"] for entry in DEFAULT_ORGANIZATION_TYPES]


def test_migrations_create_every_check_constraint_the_models_declare(migrated_url):
    """Autogenerate does not compare CHECK constraints, so compare their names here."""
    from sqlalchemy import CheckConstraint, inspect

    declared = {
        (table.name, constraint.name)
        for table in db.metadata.sorted_tables
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }
    engine = create_engine(migrated_url)
    try:
        inspector = inspect(engine)
        built = {
            (table, check["name"])
            for table in inspector.get_table_names()
            if table != "alembic_version"
            for check in inspector.get_check_constraints(table)
        }
    finally:
        engine.dispose()
    assert built == declared


def test_upgrading_keeps_the_data_already_there(databases):
    """Each revision applied to a database holding an event keeps its rooms and sessions
    (on SQLite, altering a table recreates it, which must not cascade deletes)."""
    from flask_migrate import upgrade as upgrade_to
    from sqlalchemy import text

    url = databases.create("upgrade")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    with app.app_context():
        upgrade_to(revision="0001")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO event (id, slug, title, description, venue, address, timezone, "
                "starts_at, ends_at, status, created_at, updated_at) VALUES (1, 'w', 'Workshop', "
                "'', '', '', 'Asia/Ho_Chi_Minh', '2031-03-18 01:00:00', '2031-03-18 10:00:00', "
                "'published', '2030-01-01 00:00:00', '2030-01-01 00:00:00')"
            ))
            conn.execute(text("INSERT INTO room (id, event_id, name, position) VALUES (1, 1, 'Hall', 0)"))
            conn.execute(text(
                "INSERT INTO workshop_session (id, event_id, title, description, kind, starts_at, "
                "ends_at, room_id, seats_taken, language, created_at, updated_at) VALUES (1, 1, "
                "'Opening', '', 'opening', '2031-03-18 01:00:00', '2031-03-18 01:30:00', 1, 0, "
                "'vi', '2030-01-01 00:00:00', '2030-01-01 00:00:00')"
            ))
        upgrade_to()
        with db.engine.connect() as conn:
            rooms = conn.execute(text("SELECT count(*) FROM room")).scalar()
            sessions = conn.execute(text("SELECT room_id FROM workshop_session")).scalars().all()
            seats = conn.execute(text("SELECT seats_taken FROM event")).scalar()
        db.engine.dispose()
    assert rooms == 1
    assert sessions == [1]
    assert seats == 0
