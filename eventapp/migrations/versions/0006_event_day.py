"""event day: arrivals per session, certificates of attendance sent

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 23:50:00.000000

Added columns only: on SQLite, batch mode adds them in place without recreating the tables.
The index on (event_id, status) goes: (event_id, status, id), from 0005, serves the same.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certificate_sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_index('ix_registration_event_id_status')

    with op.batch_alter_table('session_choice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('session_choice', schema=None) as batch_op:
        batch_op.drop_column('checked_in_at')

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index('ix_registration_event_id_status', ['event_id', 'status'], unique=False)
        batch_op.drop_column('certificate_sent_at')
