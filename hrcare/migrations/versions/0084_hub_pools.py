"""hub pools: the hub's pooled breakdowns, each published set stored frozen

Revision ID: 0084_hub_pools
Revises: 0083_hub_templates
Create Date: 2026-12-06 07:55:00.000000
"""

from alembic import op
import sqlalchemy as sa
import hrcare.core.db


revision = '0084_hub_pools'
down_revision = '0083_hub_templates'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Release ids are never reused (a pool names its releases by id): SQLite otherwise
        # gives a deleted newest row's id to the next one.
        with op.batch_alter_table(
            "survey_releases", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass
    op.create_table('hub_pools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hub_id', sa.Integer(), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('view', sa.JSON(), nullable=False),
    sa.Column('groups', sa.JSON(), nullable=False),
    sa.Column('parts', sa.JSON(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', hrcare.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hub_id'], ['hubs.id'], name=op.f('fk_hub_pools_hub_id_hubs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_hub_pools_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hub_pools'))
    )
    with op.batch_alter_table('hub_pools', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hub_pools_hub_id'), ['hub_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('hub_pools', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hub_pools_hub_id'))
    op.drop_table('hub_pools')
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("survey_releases", recreate="always"):
            pass
