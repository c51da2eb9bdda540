"""emails to attendees (mailings), indexes for the workspace's registration list

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 20:15:51.943844

The list pages by keyset in four sort orders (newest/oldest, name, organization, status):
each index starts with the event and ends with the registration id, the tiebreaker, so that
every page is one range of one index whatever the number of registrations.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mailing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('filter', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recipient_count', sa.Integer(), nullable=False),
    sa.CheckConstraint('(queued_at IS NULL AND recipient_count = 0) OR (queued_at IS NOT NULL AND recipient_count > 0)', name=op.f('ck_mailing_queued_has_recipients')),
    sa.CheckConstraint('recipient_count >= 0', name=op.f('ck_mailing_recipient_count_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['account.id'], name=op.f('fk_mailing_created_by_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_mailing_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing'))
    )
    with op.batch_alter_table('mailing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailing_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mailing_event_id'), ['event_id'], unique=False)

    # Indexes only: on SQLite, batch mode creates them in place without recreating the table.
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index('ix_registration_event_id_created_at_id', ['event_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_registration_event_id_organization_name_id', ['event_id', 'organization_name', 'id'], unique=False)
        batch_op.create_index('ix_registration_event_id_search_text_id', ['event_id', 'search_text', 'id'], unique=False)
        batch_op.create_index('ix_registration_event_id_status_id', ['event_id', 'status', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_event_id_status_id')
        batch_op.drop_index('ix_registration_event_id_search_text_id')
        batch_op.drop_index('ix_registration_event_id_organization_name_id')
        batch_op.drop_index('ix_registration_event_id_created_at_id')

    with op.batch_alter_table('mailing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailing_event_id'))
        batch_op.drop_index(batch_op.f('ix_mailing_created_by_id'))

    op.drop_table('mailing')
