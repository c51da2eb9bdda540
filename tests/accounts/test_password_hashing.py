"""Argon2 costs come from the config: argon2-cffi's defaults in production, the least in tests."""
import argon2

from eventapp import create_app
from eventapp.accounts import services
from eventapp.accounts.models import Account
from eventapp.config import Config, TestConfig
from tests.conftest import PASSWORD

# argon2-cffi's defaults, RFC 9106's low-memory profile: 3 passes over 64 MiB, 4 lanes.
STRONG_COSTS = (3, 64 * 1024, 4)
STRONG = {
    "ARGON2_TIME_COST": Config.ARGON2_TIME_COST,
    "ARGON2_MEMORY_COST": Config.ARGON2_MEMORY_COST,
    "ARGON2_PARALLELISM": Config.ARGON2_PARALLELISM,
}


def costs(password_hash: str) -> tuple[int, int, int]:
    params = argon2.extract_parameters(password_hash)
    return params.time_cost, params.memory_cost, params.parallelism


def test_production_hashes_with_argon2_cffis_defaults():
    default = argon2.PasswordHasher()
    assert (default.time_cost, default.memory_cost, default.parallelism) == STRONG_COSTS
    assert tuple(STRONG.values()) == STRONG_COSTS

    # The app as production builds it: Config, nothing of TestConfig.
    production = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k" * 40})
    with production.app_context():
        assert services.password_hasher().check_needs_rehash(default.hash(PASSWORD)) is False
        assert costs(services.hash_password(PASSWORD)) == STRONG_COSTS


def test_tests_hash_with_the_cheapest_costs(app, admin):
    assert (TestConfig.ARGON2_TIME_COST, TestConfig.ARGON2_MEMORY_COST,
            TestConfig.ARGON2_PARALLELISM) == (1, 8, 1)
    assert costs(admin.password_hash) == (1, 8, 1)
    assert admin.password_hash.startswith("$argon2id$")


def test_a_strong_hash_signs_in_under_cheap_costs_and_is_redone_cheap(app, db, admin):
    account = db.session.get(Account, admin.id)
    account.password_hash = argon2.PasswordHasher().hash(PASSWORD)
    db.session.commit()

    assert services.authenticate(admin.email, "not the password") is None
    assert services.authenticate(admin.email, PASSWORD).id == admin.id
    db.session.commit()

    assert costs(db.session.get(Account, admin.id).password_hash) == (1, 8, 1)
    assert services.authenticate(admin.email, PASSWORD).id == admin.id


def test_a_cheap_hash_signs_in_under_production_costs_and_is_redone_strong(app, db, admin):
    app.config.update(STRONG)

    assert services.authenticate(admin.email, PASSWORD).id == admin.id
    db.session.commit()
    strong_hash = db.session.get(Account, admin.id).password_hash
    assert costs(strong_hash) == STRONG_COSTS

    # Already at the configured costs: signing in again keeps the hash.
    assert services.authenticate(admin.email, PASSWORD).id == admin.id
    db.session.commit()
    assert db.session.get(Account, admin.id).password_hash == strong_hash
