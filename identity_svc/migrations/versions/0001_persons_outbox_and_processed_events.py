"""persons, outbox and processed events

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 14:11:20.647708
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=80), nullable=False),
    sa.Column('envelope', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_published_at'), ['published_at'], unique=False)

    op.create_table('persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('id_type', sa.String(length=2), nullable=False),
    sa.Column('id_number_encrypted', sa.Text(), nullable=False),
    sa.Column('id_number_index', sa.String(length=64), nullable=False),
    sa.Column('id_number_masked', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('ethnicity', sa.String(length=2), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('issuing_authority', sa.String(length=100), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('phone_encrypted', sa.Text(), nullable=True),
    sa.Column('phone_index', sa.String(length=64), nullable=True),
    sa.Column('phone_masked', sa.String(length=20), nullable=True),
    sa.Column('verification_state', sa.String(length=12), nullable=False),
    sa.Column('verification_source', sa.String(length=12), nullable=False),
    sa.Column('registered_by_role', sa.String(length=12), nullable=False),
    sa.Column('registered_by_username', sa.String(length=80), nullable=False),
    sa.Column('registered_by_enterprise_id', sa.Integer(), nullable=True),
    sa.Column('registered_by_project_id', sa.Integer(), nullable=True),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('id_type', 'id_number_index', name='uq_person_document')
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index('ix_person_registered', ['registered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_phone_index'), ['phone_index'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_registered_by_enterprise_id'), ['registered_by_enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_registered_by_project_id'), ['registered_by_project_id'], unique=False)

    op.create_table('processed_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('handler', sa.String(length=120), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'handler', name='uq_processed_event_handler')
    )


def downgrade():
    op.drop_table('processed_events')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_registered_by_project_id'))
        batch_op.drop_index(batch_op.f('ix_persons_registered_by_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_persons_phone_index'))
        batch_op.drop_index(batch_op.f('ix_persons_name'))
        batch_op.drop_index('ix_person_registered')

    op.drop_table('persons')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_published_at'))

    op.drop_table('outbox')
