"""考勤预警: absence warnings raised, projects' attendance rates; 补卡 applications; clock photos' thumbnails

Revision ID: att_0004_warnings_corrections
Revises: att_0002_device_dialects
Create Date: 2026-12-01 10:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'att_0004_warnings_corrections'
down_revision = 'att_0002_device_dialects'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('absence_warnings',
    sa.Column('project_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('person_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('spell_start', sa.Date(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('days_absent', sa.Integer(), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('project_id', 'person_id', 'spell_start')
    )
    op.create_index('ix_absence_open', 'absence_warnings', ['cleared_at', 'project_id'], unique=False)
    op.create_table('project_rates',
    sa.Column('project_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('rate', sa.Float(), nullable=True),
    sa.Column('on_site_days', sa.Integer(), nullable=False),
    sa.Column('attended_days', sa.Integer(), nullable=False),
    sa.Column('low', sa.Boolean(), nullable=False),
    sa.Column('low_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('project_id')
    )
    op.create_table('clock_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('direction', sa.String(length=2), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('applicant', sa.String(length=80), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by', sa.String(length=80), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_reason', sa.String(length=200), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_correction_project_status', 'clock_corrections', ['project_id', 'status', 'id'],
                    unique=False)
    op.create_table('clock_photos',
    sa.Column('record_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('thumbnail_encrypted', sa.Text(), nullable=False),
    sa.Column('kept_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('record_id')
    )


def downgrade():
    op.drop_table('clock_photos')
    op.drop_index('ix_correction_project_status', table_name='clock_corrections')
    op.drop_table('clock_corrections')
    op.drop_table('project_rates')
    op.drop_index('ix_absence_open', table_name='absence_warnings')
    op.drop_table('absence_warnings')
