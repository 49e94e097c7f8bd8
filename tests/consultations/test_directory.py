"""The outside-services directory: platform, hub and company entries; filters."""

from __future__ import annotations

from hrcare.consultations import directory
from hrcare.consultations.directory_models import CATEGORY_GROUP, CATEGORY_LABELS, GROUPS
from hrcare.core.roles import Role
from hrcare.extensions import db
from tests.conftest import Tenant, sign_in

from .conftest import entry


def test_seed_groups_and_categories() -> None:
    groups = [str(label) for _code, label, _cats in GROUPS]
    assert groups[:4] == [
        "介護予防・社会参加支援",
        "日常生活支援",
        "生活機能維持・療養支援",
        "家族支援",
    ]
    assert len([c for c in CATEGORY_LABELS if CATEGORY_GROUP[c] != "public"]) == 22


def test_each_company_sees_platform_own_hub_and_own_entries(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    entry("全国の見守り", ["watch"])
    entry("ハブAの研修", ["training"], hub_id=tenant_a.hub.id)
    entry("A社の窓口", ["workplace_desk"], company_id=tenant_a.company.id)
    entry("B社の窓口", ["workplace_desk"], company_id=tenant_b.company.id)
    names = {
        e.name for e in directory.visible_entries(db.session, tenant_a.company.id, tenant_a.hub.id)
    }
    assert names == {"全国の見守り", "ハブAの研修", "A社の窓口"}


def test_filters_by_category_and_prefecture(tenant_a: Tenant) -> None:
    entry("名古屋の配食", ["meals"], prefectures=["愛知県"])
    entry("全国の配食", ["meals"])
    entry("大阪の家事", ["housework"], prefectures=["大阪府"])
    found = directory.visible_entries(
        db.session, tenant_a.company.id, None, category="meals", prefecture="愛知県"
    )
    assert {e.name for e in found} == {"名古屋の配食", "全国の配食"}


def test_staff_adds_a_company_entry_and_bad_input_is_refused(client, tenant_a: Tenant) -> None:
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    url = f"/c/{tenant_a.slug}/desk/directory/new"
    page = client.post(url, data={"name": "社内の介護相談会", "categories": ["nope"]})
    assert page.status_code == 200
    page = client.post(
        url, data={"name": "社内の介護相談会", "categories": ["training"], "url": "javascript:x"}
    )
    assert "https://" in page.get_data(as_text=True)
    response = client.post(url, data={"name": "社内の介護相談会", "categories": ["training"]})
    assert response.status_code == 302
    listing = client.get(f"/c/{tenant_a.slug}/desk/directory?category=training")
    assert "社内の介護相談会" in listing.get_data(as_text=True)
