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
