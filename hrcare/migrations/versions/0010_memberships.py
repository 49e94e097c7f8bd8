"""memberships: roles held in places; scope-owned job runs and audit events

Every existing user carries over to one membership with the role, company and hub they had;
the place in force is kept on the server-side session. Job runs and audit events belong to a
company, a hub or the platform. Downgrading keeps each person's first membership only.

Revision ID: 0010_memberships
Revises: 0050_questionnaire_version
Create Date: 2026-12-06 01:50:00
"""

from alembic import op
import sqlalchemy as sa
import hrcare.core.db


revision = '0010_memberships'
down_revision = '0050_questionnaire_version'
branch_labels = None
depends_on = None

# Spelled out: a migration must not change when the code's role list does.
ROLES = "'platform_admin', 'hub_operator', 'hub_consultant', 'hr_admin', 'executive', 'consultation_staff', 'employee'"
OLD_ROLES = "'platform_admin', 'hub_operator', 'hr_admin', 'executive', 'consultation_staff', 'employee'"
ROLE_SCOPE = (
    "(role = 'platform_admin' AND company_id IS NULL AND hub_id IS NULL)"
    " OR (role IN ('hub_consultant', 'hub_operator') AND hub_id IS NOT NULL AND company_id IS NULL)"
    " OR (role IN ('consultation_staff', 'employee', 'executive', 'hr_admin') AND company_id IS NOT NULL AND hub_id IS NULL)"
)
OLD_ROLE_SCOPE = (
    "(role IN ('platform_admin') AND company_id IS NULL AND hub_id IS NULL)"
    " OR (role = 'hub_operator' AND hub_id IS NOT NULL AND company_id IS NULL)"
    " OR (role NOT IN ('platform_admin', 'hub_operator') AND company_id IS NOT NULL)"
)


def upgrade() -> None:
    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('hub_id', sa.Integer(), nullable=True),
    sa.Column('created_at', hrcare.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint(ROLE_SCOPE, name=op.f('ck_memberships_role_scope')),
    sa.CheckConstraint(f"role IN ({ROLES})", name=op.f('ck_memberships_role')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_memberships_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hub_id'], ['hubs.id'], name=op.f('fk_memberships_hub_id_hubs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('user_id', 'role', 'company_id', 'hub_id', name=op.f('uq_memberships_user_id_role_company_id_hub_id'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_hub_id'), ['hub_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_user_id'), ['user_id'], unique=False)

    # Every user keeps exactly what they had: one membership each, in user order.
    op.execute(
        "INSERT INTO memberships (user_id, role, company_id, hub_id, created_at)"
        " SELECT id, role,"
        " CASE WHEN role IN ('platform_admin', 'hub_operator') THEN NULL ELSE company_id END,"
        " CASE WHEN role = 'hub_operator' THEN hub_id ELSE NULL END,"
        " created_at FROM users ORDER BY id"
    )

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role_scope'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.drop_index(batch_op.f('ix_users_company_id'))
        batch_op.drop_index(batch_op.f('ix_users_hub_id'))
        batch_op.drop_constraint(batch_op.f('fk_users_company_id_companies'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_users_hub_id_hubs'), type_='foreignkey')
        batch_op.drop_column('hub_id')
        batch_op.drop_column('company_id')
        batch_op.drop_column('role')

    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('membership_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('client_company_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_user_sessions_membership_id_memberships'), 'memberships', ['membership_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_user_sessions_client_company_id_companies'), 'companies', ['client_company_id'], ['id'], ondelete='SET NULL')

    for table in ('job_runs', 'audit_events'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('hub_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_hub_id'), ['hub_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_hub_id_hubs'), 'hubs', ['hub_id'], ['id'], ondelete='CASCADE')
            batch_op.create_check_constraint(batch_op.f(f'ck_{table}_one_scope'), 'company_id IS NULL OR hub_id IS NULL')
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.alter_column('company_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # Platform and hub job runs had no place before: they go.
    op.execute("DELETE FROM job_runs WHERE company_id IS NULL")
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.alter_column('company_id', existing_type=sa.Integer(), nullable=False)
    op.execute("UPDATE audit_events SET hub_id = NULL")
    for table in ('audit_events', 'job_runs'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'ck_{table}_one_scope'), type_='check')
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_hub_id_hubs'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_hub_id'))
            batch_op.drop_column('hub_id')

    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_sessions_client_company_id_companies'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_user_sessions_membership_id_memberships'), type_='foreignkey')
        batch_op.drop_column('client_company_id')
        batch_op.drop_column('membership_id')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('company_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hub_id', sa.Integer(), nullable=True))
    # Each person keeps their first membership. A hub consultant's hub membership has no
    # equivalent in the old schema, and making them a hub operator would hand them the hub's
    # aggregates: they keep their first client desk (consultation staff of that company)
    # instead, and one with no client assignment cannot be kept.
    first = (
        "(SELECT {col} FROM memberships m WHERE m.user_id = users.id"
        " AND m.role <> 'hub_consultant' ORDER BY m.id LIMIT 1)"
    )
    op.execute(
        "UPDATE users SET role = " + first.format(col="m.role")
        + ", company_id = " + first.format(col="m.company_id")
        + ", hub_id = " + first.format(col="m.hub_id")
    )
    op.execute("DELETE FROM users WHERE role IS NULL")
    op.drop_table('memberships')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=32), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_users_company_id_companies'), 'companies', ['company_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_users_hub_id_hubs'), 'hubs', ['hub_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_users_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_hub_id'), ['hub_id'], unique=False)
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), f"role IN ({OLD_ROLES})")
        batch_op.create_check_constraint(batch_op.f('ck_users_role_scope'), OLD_ROLE_SCOPE)
