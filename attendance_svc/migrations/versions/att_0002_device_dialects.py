"""device dialects (protocol), Hikvision's frontSerialNo and its events that are no clock, the per-device command
queue

Revision ID: att_0002_device_dialects
Revises: att_0001_devices_records
Create Date: 2026-12-01 10:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'att_0002_device_dialects'
down_revision = 'att_0001_devices_records'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('protocol', sa.String(length=12), server_default='platform', nullable=False))
        batch_op.add_column(sa.Column('resynced_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('clock_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('front_seq', sa.BigInteger(), nullable=True))
    op.create_table('device_commands',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('operation', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('next_try_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('device_id', 'person_id', name='uq_device_command_person')
    )
    with op.batch_alter_table('device_commands', schema=None) as batch_op:
        batch_op.create_index('ix_device_command_due', ['device_id', 'state', 'next_try_at'], unique=False)
    op.create_table('device_events_seen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('front_seq', sa.BigInteger(), nullable=True),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('device_id', 'seq', name='uq_device_event_seen')
    )


def downgrade():
    op.drop_table('device_events_seen')
    with op.batch_alter_table('device_commands', schema=None) as batch_op:
        batch_op.drop_index('ix_device_command_due')
    op.drop_table('device_commands')
    with op.batch_alter_table('clock_records', schema=None) as batch_op:
        batch_op.drop_column('front_seq')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('resynced_at')
        batch_op.drop_column('protocol')
