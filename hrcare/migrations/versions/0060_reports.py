"""reports: executive reports and hub batches

Revision ID: 0060_reports
Revises: 0010_memberships
Create Date: 2026-12-06 02:00:00
"""

from alembic import op
import sqlalchemy as sa
import hrcare.core.db


revision = '0060_reports'
down_revision = '0010_memberships'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hub_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('report_ids', sa.JSON(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', hrcare.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("language IN ('ja', 'en')", name=op.f('ck_report_batches_language')),
    sa.ForeignKeyConstraint(['hub_id'], ['hubs.id'], name=op.f('fk_report_batches_hub_id_hubs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_report_batches_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_batches'))
    )
    with op.batch_alter_table('report_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_batches_hub_id'), ['hub_id'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('inputs_key', sa.String(length=64), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=True),
    sa.Column('survey_title', sa.String(length=200), nullable=True),
    sa.Column('parameter_set', sa.JSON(), nullable=False),
    sa.Column('job_run_id', sa.String(length=36), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('workbook_name', sa.String(length=255), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('size_bytes', sa.Integer(), nullable=True),
    sa.Column('created_at', hrcare.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', hrcare.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('executive')", name=op.f('ck_reports_kind')),
    sa.CheckConstraint("language IN ('ja', 'en')", name=op.f('ck_reports_language')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_reports_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['job_run_id'], ['job_runs.id'], name=op.f('fk_reports_job_run_id_job_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_reports_requested_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_reports_survey_id_surveys'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('company_id', 'inputs_key', name=op.f('uq_reports_company_id_inputs_key'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_job_run_id'), ['job_run_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_job_run_id'))
        batch_op.drop_index(batch_op.f('ix_reports_company_id'))

    op.drop_table('reports')
    with op.batch_alter_table('report_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_batches_hub_id'))

    op.drop_table('report_batches')
