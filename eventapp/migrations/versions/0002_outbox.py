"""outbox: one row per email, delivered after commit, with its attachments

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 19:43:47.298571

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # One row per email; its states and leases are explained in eventapp.mail.delivery.
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('ref_type', sa.String(length=40), nullable=True),
    sa.Column('ref_id', sa.Integer(), nullable=True),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('to_name', sa.String(length=200), nullable=True),
    sa.Column('reply_to', sa.String(length=254), nullable=True),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'sending', 'sent', 'failed', 'uncertain', name='outbox_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('claimed_by', sa.String(length=100), nullable=True),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'sending' OR (locked_until IS NOT NULL AND claimed_by IS NOT NULL)", name=op.f('ck_outbox_message_sending_is_leased')),
    sa.CheckConstraint("status <> 'sent' OR sent_at IS NOT NULL", name=op.f('ck_outbox_message_sent_has_time')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_message_attempts_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbox_message_message_id'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_kind'), ['kind'], unique=False)
        batch_op.create_index('ix_outbox_message_ref', ['ref_type', 'ref_id'], unique=False)
        batch_op.create_index('ix_outbox_message_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)

    op.create_table('outbox_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('content_id', sa.String(length=100), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_message.id'], name=op.f('fk_outbox_attachment_outbox_message_id_outbox_message'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attachment'))
    )
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attachment_outbox_message_id'), ['outbox_message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attachment_outbox_message_id'))

    op.drop_table('outbox_attachment')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_status_next_attempt_at')
        batch_op.drop_index('ix_outbox_message_ref')
        batch_op.drop_index(batch_op.f('ix_outbox_message_kind'))

    op.drop_table('outbox_message')
