"""entry records, history, projections, outbox

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 14:53:49.302304
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('entry_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('is_team_leader', sa.Boolean(), nullable=False),
    sa.Column('team_leader_entry_id', sa.Integer(), nullable=True),
    sa.Column('phone_encrypted', sa.Text(), nullable=True),
    sa.Column('phone_masked', sa.String(length=20), nullable=True),
    sa.Column('trade', sa.String(length=8), nullable=False),
    sa.Column('education', sa.String(length=4), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('exit_date', sa.Date(), nullable=True),
    sa.Column('evaluation', sa.String(length=12), nullable=True),
    sa.Column('evaluation_comment', sa.String(length=500), nullable=True),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('exited_by', sa.String(length=80), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['team_leader_entry_id'], ['entry_records.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entry_records', schema=None) as batch_op:
        batch_op.create_index('ix_entry_employer_date', ['employer_id', 'entry_date'], unique=False)
        batch_op.create_index('ix_entry_exit_date', ['exit_date'], unique=False)
        batch_op.create_index('ix_entry_person', ['person_id'], unique=False)
        batch_op.create_index('ix_entry_project_date', ['project_id', 'entry_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_entry_records_team_leader_entry_id'), ['team_leader_entry_id'], unique=False)
        batch_op.create_index('uq_entry_on_site', ['project_id', 'person_id'], unique=True, sqlite_where=sa.text('exit_date IS NULL'), postgresql_where=sa.text('exit_date IS NULL'))

    op.create_table('known_enterprises',
    sa.Column('enterprise_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('enterprise_id')
    )
    op.create_table('known_persons',
    sa.Column('person_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('id_number_masked', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('person_id')
    )
    with op.batch_alter_table('known_persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_known_persons_name'), ['name'], unique=False)

    op.create_table('known_projects',
    sa.Column('project_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('project_id')
    )
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

    op.create_table('processed_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('handler', sa.String(length=120), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'handler', name='uq_processed_event_handler')
    )
    op.create_table('entry_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=80), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entry_records.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entry_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_changes_entry_id'), ['entry_id'], unique=False)



def downgrade():
    with op.batch_alter_table('entry_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_changes_entry_id'))

    op.drop_table('entry_changes')
    op.drop_table('processed_events')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_published_at'))

    op.drop_table('outbox')
    op.drop_table('known_projects')
    with op.batch_alter_table('known_persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_known_persons_name'))

    op.drop_table('known_persons')
    op.drop_table('known_enterprises')
    with op.batch_alter_table('entry_records', schema=None) as batch_op:
        batch_op.drop_index('uq_entry_on_site', sqlite_where=sa.text('exit_date IS NULL'), postgresql_where=sa.text('exit_date IS NULL'))
        batch_op.drop_index(batch_op.f('ix_entry_records_team_leader_entry_id'))
        batch_op.drop_index('ix_entry_project_date')
        batch_op.drop_index('ix_entry_person')
        batch_op.drop_index('ix_entry_exit_date')
        batch_op.drop_index('ix_entry_employer_date')

    op.drop_table('entry_records')
