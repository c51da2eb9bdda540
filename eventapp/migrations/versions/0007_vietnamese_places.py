"""Vietnamese organizer, venue, address, room names and locations, session tracks

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 00:10:00.000000

Added nullable columns only: on SQLite, batch mode adds them in place without recreating
the tables. Each holds the Vietnamese text beside the English one, as title_vi does.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organizer_vi', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('venue_vi', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('address_vi', sa.String(length=500), nullable=True))

    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_vi', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('location_vi', sa.String(length=255), nullable=True))

    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('track_vi', sa.String(length=120), nullable=True))


def downgrade():
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.drop_column('track_vi')

    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.drop_column('location_vi')
        batch_op.drop_column('name_vi')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('address_vi')
        batch_op.drop_column('venue_vi')
        batch_op.drop_column('organizer_vi')
