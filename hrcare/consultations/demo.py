"""Demo data: the outside-services directory and worked consultations.

The directory gets a realistic handful of (fictitious) providers per category from the
platform, two from the demo hub and each company's own desk. Where a company has an employee
account and consultation staff (demo-mid), the employee's 申出 has been answered with two
suggestions, the notice recorded and a support plan drafted; a few requests through the entry
link make the counts pages show figures.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from hrcare.auth.services import Membership, User
from hrcare.consultations import access, directory, records, services
from hrcare.consultations.directory import EntryData
from hrcare.consultations.directory_models import OutsideService
from hrcare.consultations.models import Consultation
from hrcare.core.actor import Actor
from hrcare.core.clock import JST
from hrcare.core.roles import Role

AICHI = ["愛知県"]
TOKAI = ["愛知県", "岐阜県", "三重県", "静岡県"]

# (name, provider, categories, prefectures, public, price note, contact)
PLATFORM_ENTRIES: tuple[tuple[str, str, list[str], list[str], bool, str, str], ...] = (
    ("シニア旅行サポート", "株式会社たびケア（架空）", ["leisure"], [], False, "付添い1日 25,000円〜", "0120-000-101"),
    ("園芸・手芸の訪問教室", "NPO法人いきいき趣味の会（架空）", ["leisure", "conversation"], TOKAI, False, "1回 1,500円", "052-000-0102"),
    ("シルバー人材センター", "公益社団法人（市区町村ごと）", ["learning_work"], [], True, "会員登録 年会費 2,000円程度", "市区町村の窓口"),
    ("オンライン生涯学習講座", "株式会社まなびや（架空）", ["learning_work"], [], False, "月額 2,980円", "support@manabiya.example.jp"),
    ("介護予防フィットネス", "株式会社げんき体操（架空）", ["exercise"], TOKAI, False, "月4回 6,000円", "052-000-0103"),
    ("オンライン体操教室", "株式会社うごくラボ（架空）", ["exercise"], [], False, "月額 1,980円", "info@ugoku.example.jp"),
    ("傾聴・話し相手サービス", "株式会社こころね（架空）", ["conversation"], [], False, "1時間 3,300円", "0120-000-104"),
    ("地域のサロン・通いの場", "市区町村・社会福祉協議会", ["kayoi_no_ba", "conversation"], [], True, "無料〜数百円", "市区町村の介護保険担当"),
    ("家事代行サービス", "株式会社おうちケア（架空）", ["housework"], [], False, "1時間 3,000円〜（交通費別）", "0120-000-105"),
    ("自費の訪問ヘルプ", "株式会社ほっとヘルプ（架空）", ["housework", "personal_care"], TOKAI, False, "1時間 4,000円〜", "052-000-0106"),
    ("外出付添いサービス", "株式会社おでかけサポート（架空）", ["mobility"], TOKAI, False, "1時間 3,500円〜", "052-000-0107"),
    ("介護タクシー", "東海ケア交通（架空）", ["mobility"], AICHI, False, "基本料 1,000円＋運賃", "052-000-0108"),
    ("買い物代行・宅配", "株式会社とどけるん（架空）", ["shopping"], [], False, "1回 550円〜", "0120-000-109"),
    ("高齢者向け配食サービス", "株式会社まごころ弁当（架空）", ["meals"], [], False, "1食 600円前後", "0120-000-110"),
    ("服薬支援・お薬カレンダー訪問", "みなと薬局（架空）", ["meals"], AICHI, False, "月 1,100円〜", "052-000-0111"),
    ("家族信託・資産管理相談", "〇〇司法書士事務所（架空）", ["assets"], [], False, "初回相談 無料、契約 30万円〜", "03-0000-0112"),
    ("日常生活自立支援事業", "社会福祉協議会", ["assets", "procedures"], [], True, "1回 1,200円程度", "市区町村の社会福祉協議会"),
    ("身元保証・入院手続き代行", "一般社団法人あんしん保証（架空）", ["procedures"], [], False, "入会金 10万円〜", "0120-000-113"),
    ("任意後見・見守り契約の相談", "〇〇行政書士事務所（架空）", ["procedures", "wishes"], [], False, "相談 1時間 5,500円", "052-000-0114"),
    ("高齢者住まい紹介", "株式会社すまいるナビ（架空）", ["housing"], [], False, "紹介料 無料", "0120-000-115"),
    ("終活・エンディングノート講座", "株式会社ライフノート（架空）", ["preparation", "wishes"], [], False, "講座 1,000円", "info@lifenote.example.jp"),
    ("民間介護保険の相談", "〇〇保険代理店（架空）", ["preparation"], [], False, "相談 無料", "0120-000-116"),
    ("人生会議（ACP）相談", "在宅医療支援診療所（架空）", ["wishes"], AICHI, False, "保険診療", "052-000-0117"),
    ("訪問介護（介護保険）", "各地の訪問介護事業所", ["personal_care", "grooming"], [], True, "介護保険の自己負担 1〜3割", "ケアマネジャー経由"),
    ("訪問理美容", "株式会社ヘアケアビジット（架空）", ["grooming"], TOKAI, False, "カット 3,500円＋出張費", "052-000-0118"),
    ("住宅改修・福祉用具（介護保険）", "福祉用具貸与事業所", ["home_equipment"], [], True, "住宅改修は20万円まで1〜3割負担", "ケアマネジャー経由"),
    ("手すり・段差の住まい診断", "株式会社バリアフリー工房（架空）", ["home_equipment", "housing"], AICHI, False, "診断 無料、工事は見積り", "052-000-0119"),
    ("見守りセンサー・緊急通報", "株式会社みまもりネット（架空）", ["watch"], [], False, "月額 2,500円〜", "0120-000-120"),
    ("電気ポット見守り", "〇〇ライフ（架空）", ["watch"], [], False, "月額 3,300円", "0120-000-121"),
    ("外部の介護相談窓口（EAP）", "株式会社ワークケアライン（架空）", ["workplace_desk", "decision_support"], [], False, "法人契約 従業員1人 月 100円〜", "0120-000-122"),
    ("親の介護の実態チェック面談", "株式会社ケアアセス（架空）", ["care_assessment"], [], False, "1回 8,800円", "0120-000-123"),
    ("介護両立セミナー（社内研修）", "一般社団法人両立支援協会（架空）", ["training"], [], False, "1回 15万円〜", "seminar@ryouritsu.example.jp"),
    ("ケアマネ同席の両立プラン相談", "株式会社ケアパートナー（架空）", ["decision_support", "care_assessment"], TOKAI, False, "1回 11,000円", "052-000-0124"),
    ("介護休業給付金（雇用保険）", "ハローワーク", ["benefit"], [], True, "休業開始時賃金の67%、93日まで", "最寄りのハローワーク https://www.hellowork.mhlw.go.jp/"),
    ("名古屋市 いきいき支援センター（地域包括支援センター）", "名古屋市", ["houkatsu"], AICHI, True, "相談無料", "各区のいきいき支援センター"),
    ("豊田市 地域包括支援センター", "豊田市", ["houkatsu"], AICHI, True, "相談無料", "市内の地域包括支援センター"),
    ("岐阜市 地域包括支援センター", "岐阜市", ["houkatsu"], ["岐阜県"], True, "相談無料", "市内の地域包括支援センター"),
)  # fmt: skip

HUB_ENTRIES = (
    ("ハブの個別相談（社会保険労務士）", "東海中小企業両立支援ハブ", ["workplace_desk", "decision_support"], TOKAI, False, "支援先企業は無料", "hub@tokai-hub.example.jp"),
    ("ハブ共同の介護両立研修", "東海中小企業両立支援ハブ", ["training"], TOKAI, False, "支援先企業は無料", "hub@tokai-hub.example.jp"),
)  # fmt: skip

GUEST_REQUESTS = (
    (["insurance"], "resolved"),
    (["leave", "work_style"], "in_progress"),
    (["insurance", "cost"], "waiting"),
    (["wellbeing"], "in_progress"),
    (["leave"], "new"),
    (["work_style"], "resolved"),
)


def _data(row: tuple[Any, ...]) -> EntryData:
    name, provider, categories, prefectures, public, price, contact = row
    return EntryData(
        name=name,
        provider=provider,
        categories=categories,
        prefectures=prefectures,
        municipalities="",
        is_public=public,
        price_note=price,
        contact=contact,
        url="",
    )


def seed_directory(session: Session, company: Any) -> None:
    if not session.scalar(select(exists().where(OutsideService.scope == "platform"))):
        for row in PLATFORM_ENTRIES:
            directory.add_entry(session, data=_data(row), actor_id=None)
    hub_id = company.hub_id
    if hub_id and not session.scalar(select(exists().where(OutsideService.hub_id == hub_id))):
        for row in HUB_ENTRIES:
            directory.add_entry(session, data=_data(row), actor_id=None, hub_id=hub_id)
    contact = (company.consultation_contact or "").strip()
    row = (
        "社内の仕事と介護の両立相談窓口",
        company.name,
        ["workplace_desk"],
        [],
        False,
        "無料",
        contact[:500],
    )
    directory.add_entry(session, data=_data(row), actor_id=None, company_id=company.id)


def _account(session: Session, company: Any, role: Role) -> User | None:
    """The first person holding ``role`` in the company (the demo-small HR admin is also its
    desk; a hub consultant assigned to the company counts as its desk too)."""
    return session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.company_id == company.id, Membership.role == role.value)
        .order_by(Membership.id)
    ).first()


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=JST)


def seed_consultations(session: Session, company: Any, *, today: date, rng: random.Random) -> None:
    employee = _account(session, company, Role.EMPLOYEE)
    desk = access.company_staff(session, company.id)
    # The company's own desk first (in demo-small: its HR admin, who is also the desk), before
    # a hub consultant assigned to the company.
    desk.sort(key=lambda u: any(m.hub_id is not None for m in u.memberships))
    if not desk:
        return
    staff = desk[0]
    staff_actor = Actor(user_id=staff.id, role=Role.CONSULTATION_STAFF.value, company_id=company.id)
    for i, (topics, status) in enumerate(GUEST_REQUESTS):
        filed = today - timedelta(days=40 - 6 * i)
        c = services.file_request(
            session,
            actor=None,
            company_id=company.id,
            data=services.RequestData(
                topics=topics,
                urgency=rng.choice(["normal", "soon"]),
                contact_method="reply",
                contact_times="",
                body="（デモ）家族の介護について相談したいことがあります。",
            ),
            guest_email=f"demo-guest{i + 1}@example.jp",
            now=_at(filed, 9 + i),
            notify=False,
        )
        services.assign(
            session, actor=staff_actor, consultation=c, assignee_id=staff.id, now=_at(filed, 10 + i)
        )
        if status != "new":
            services.staff_reply(
                session,
                actor=staff_actor,
                consultation=c,
                body="（デモ）ご相談ありがとうございます。面談の日程を調整させてください。",
                next_status=status,
                hub_id=company.hub_id,
                now=_at(filed + timedelta(days=1), 11),
                notify=False,
            )
    if employee is not None:
        _worked_moushide(session, company, employee, staff_actor, today)


def _worked_moushide(
    session: Session, company: Any, employee: User, staff: Actor, today: date
) -> None:
    filed = today - timedelta(days=10)
    actor = Actor(user_id=employee.id, role=Role.EMPLOYEE.value, company_id=company.id)
    c: Consultation = services.file_request(
        session,
        actor=actor,
        company_id=company.id,
        data=services.RequestData(
            topics=["leave", "insurance", "work_style"],
            urgency="soon",
            contact_method="online",
            contact_times="平日 12:00〜13:00",
            body=(
                "豊田市に一人で住む母が転倒して入院し、退院後は要介護2の見込みです。"
                "仕事は続けたいのですが、何から始めればよいか分かりません。"
            ),
            relative={
                "relationship": "parent",
                "age_band": "75_84",
                "residence": "far",
                "prefecture": "愛知県",
                "municipality": "豊田市",
                "care_level": "applying",
            },
            is_moushide=True,
        ),
        now=_at(filed, 9),
        notify=False,
    )
    services.assign(
        session, actor=staff, consultation=c, assignee_id=staff.user_id, now=_at(filed, 10)
    )
    suggestions = [
        e.id
        for e in directory.visible_entries(session, company.id, company.hub_id, prefecture="愛知県")
        if e.name in ("豊田市 地域包括支援センター", "高齢者向け配食サービス")
    ]
    contact = (company.consultation_contact or "").strip() or "人事部 相談窓口"
    services.staff_reply(
        session,
        actor=staff,
        consultation=c,
        body=records.legal_information(contact.splitlines()[0]),
        next_status="waiting",
        service_ids=suggestions,
        hub_id=company.hub_id,
        now=_at(filed + timedelta(days=1), 10),
        notify=False,
    )
    records.record_notice(
        session,
        actor=staff,
        consultation=c,
        data=records.NoticeData(
            moushide_on=filed,
            notified_on=filed + timedelta(days=2),
            method="online",
            informed_measures=True,
            informed_where_to_apply=True,
            informed_benefit=True,
            confirmed_intention=True,
            apply_to=contact.splitlines()[0][:200],
            intention="considering",
            intention_note="介護休業の分割取得と介護休暇の時間単位取得を検討したい。",
        ),
        now=_at(filed + timedelta(days=2), 15),
    )
    records.save_plan(
        session,
        actor=staff,
        consultation=c,
        data=records.PlanData(
            situation={
                "relationship": "parent",
                "age_band": "75_84",
                "care_level": "care_2",
                "dementia": "no",
                "residence": "far",
                "other_helpers": "近くに住む弟（週末のみ）",
                "services_used": "要介護認定を申請中",
            },
            work={
                "role": "営業（法人顧客担当）",
                "hours": "フルタイム",
                "wishes": "退院直後の2週間は休み、その後は週2日テレワーク",
            },
            measures=["leave", "care_days_off", "telework"],
            measures_note="退院時に介護休業2週間、以降は介護休暇を時間単位で",
            handover="担当顧客3社を同じ課の先輩と分担",
            manager_summary="退院時に2週間の休業、その後しばらく週2日テレワークの予定です。",
            next_review_on=today + timedelta(days=7),
            follow_up="",
        ),
        now=_at(filed + timedelta(days=3), 16),
    )


def seed_demo_consultations(
    session: Session, company: Any, *, today: date, rng: random.Random
) -> None:
    """The seeder for ``hrcare.demo.loader.EXTRA_SEEDERS``. Flushes, never commits."""
    seed_directory(session, company)
    seed_consultations(session, company, today=today, rng=rng)
    session.flush()
