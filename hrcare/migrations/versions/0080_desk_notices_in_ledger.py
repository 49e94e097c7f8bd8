"""desk notices in the ledger: consultation_notices folded into individual_notices

The consultation desk's 個別の周知・意向確認 becomes the ledger's record (source
'consultation', one per consultation, without the employee): the rows move over with their
intention codes mapped (use → wants_to_use, consider → considering, later → not_now) and
the desk's own table goes.

Revision ID: 0080_desk_notices_in_ledger
Revises: 0020_survey_releases
Create Date: 2026-12-06 04:40:00
"""

from alembic import op
import sqlalchemy as sa
import hrcare.core.db


revision = '0080_desk_notices_in_ledger'
down_revision = '0020_survey_releases'
branch_labels = None
depends_on = None

TO_LEDGER = {"use": "wants_to_use", "consider": "considering", "later": "not_now"}
TO_DESK = {v: k for k, v in TO_LEDGER.items()}


def _intention(mapping: dict[str, str], column: str) -> str:
    cases = " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in mapping.items())
    return f"CASE {column} {cases} ELSE {column} END"


def upgrade() -> None:
    with op.batch_alter_table('individual_notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('apply_to', sa.String(length=200), nullable=True))
    op.execute("UPDATE individual_notices SET apply_to = ''")
    with op.batch_alter_table('individual_notices', schema=None) as batch_op:
        batch_op.alter_column('apply_to', existing_type=sa.String(length=200), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f('uq_individual_notices_company_id_consultation_id'),
            ['company_id', 'consultation_id'],
        )
    op.execute(
        "INSERT INTO individual_notices (company_id, employee_id, consultation_id, reported_on,"
        " notified_on, method, told_measures, told_where, told_benefit, asked_intention,"
        " intention, apply_to, note, source, recorded_by_id, recorded_at)"
        " SELECT company_id, NULL, consultation_id, moushide_on, notified_on, method,"
        " informed_measures, informed_where_to_apply, informed_benefit, confirmed_intention,"
        f" {_intention(TO_LEDGER, 'intention')}, apply_to, intention_note, 'consultation',"
        " recorded_by_id, updated_at FROM consultation_notices"
    )
    with op.batch_alter_table('consultation_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_notices_consultation_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_notices_company_id'))
    op.drop_table('consultation_notices')


def downgrade() -> None:
    op.create_table('consultation_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('moushide_on', sa.Date(), nullable=False),
    sa.Column('notified_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('informed_measures', sa.Boolean(), nullable=False),
    sa.Column('informed_where_to_apply', sa.Boolean(), nullable=False),
    sa.Column('informed_benefit', sa.Boolean(), nullable=False),
    sa.Column('confirmed_intention', sa.Boolean(), nullable=False),
    sa.Column('apply_to', sa.String(length=200), nullable=False),
    sa.Column('intention', sa.String(length=16), nullable=False),
    sa.Column('intention_note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('created_at', hrcare.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hrcare.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("intention IN ('use', 'consider', 'later', 'undecided')", name=op.f('ck_consultation_notices_intention')),
    sa.CheckConstraint("method IN ('meeting', 'online', 'letter', 'fax', 'email')", name=op.f('ck_consultation_notices_method')),
    sa.CheckConstraint('notified_on >= moushide_on', name=op.f('ck_consultation_notices_notified_after_moushide')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_consultation_notices_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_notices_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_consultation_notices_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_notices')),
    sa.UniqueConstraint('company_id', 'consultation_id', name=op.f('uq_consultation_notices_company_id_consultation_id'))
    )
    with op.batch_alter_table('consultation_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_notices_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_notices_consultation_id'), ['consultation_id'], unique=False)
    # Only records whose consultation still exists can go back (the desk's table has the key).
    op.execute(
        "INSERT INTO consultation_notices (company_id, consultation_id, moushide_on, notified_on,"
        " method, informed_measures, informed_where_to_apply, informed_benefit,"
        " confirmed_intention, apply_to, intention, intention_note, recorded_by_id, created_at,"
        " updated_at)"
        " SELECT n.company_id, n.consultation_id, n.reported_on, n.notified_on, n.method,"
        " n.told_measures, n.told_where, n.told_benefit, n.asked_intention, n.apply_to,"
        f" {_intention(TO_DESK, 'n.intention')}, n.note, n.recorded_by_id, n.recorded_at,"
        " n.recorded_at FROM individual_notices n"
        " JOIN consultations c ON c.id = n.consultation_id AND c.company_id = n.company_id"
        " WHERE n.source = 'consultation'"
    )
    op.execute("DELETE FROM individual_notices WHERE source = 'consultation'")
    with op.batch_alter_table('individual_notices', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('uq_individual_notices_company_id_consultation_id'), type_='unique'
        )
        batch_op.drop_column('apply_to')
