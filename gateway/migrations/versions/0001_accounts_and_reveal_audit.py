"""accounts and reveal audit

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 14:13:05.836289
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('region_code', sa.String(length=6), nullable=True),
    sa.Column('scope_name', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('reveal_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('client_address', sa.String(length=64), nullable=True),
    sa.Column('revealed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reveal_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reveal_audit_subject_id'), ['subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reveal_audit_username'), ['username'], unique=False)



def downgrade():
    with op.batch_alter_table('reveal_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reveal_audit_username'))
        batch_op.drop_index(batch_op.f('ix_reveal_audit_subject_id'))

    op.drop_table('reveal_audit')
    op.drop_table('accounts')
