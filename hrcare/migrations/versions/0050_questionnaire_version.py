"""surveys: the questionnaire version each survey was created with

Revision ID: 0050_questionnaire_version
Revises: 0005_loss_settings
Create Date: 2026-12-06 01:50:00.000000

Surveys that exist before this revision were created with version 1 and keep it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0050_questionnaire_version"
down_revision = "0005_loss_settings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("questionnaire_version", sa.Integer(), server_default="1", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_column("questionnaire_version")
