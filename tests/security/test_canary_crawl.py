"""SECURITY.md item 3: tenant B's data carries unique markers; crawling every page, CSV and
Excel export as each of tenant A's users finds none of them.

The crawl follows every link from each user's start page (GET only), and also requests every
GET route of the application with tenant B's object ids filled in, as an attacker would.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import deque
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hrcare.core.roles import Role
from tests.conftest import Tenant, sign_in
from tests.security.canaries import CANARY, plant_canaries

MAX_PAGES = 400
HREF = re.compile(rb'href="([^"#]+)"')


def _texts(body: bytes, content_type: str) -> Iterable[bytes]:
    yield body
    if body[:2] == b"PK":  # xlsx: search inside the archive
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for name in archive.namelist():
                yield archive.read(name)
    if "csv" in content_type:
        for encoding in ("utf-8-sig", "cp932"):
            try:
                yield body.decode(encoding).encode("utf-8")
            except UnicodeDecodeError:
                pass


def _hits(body: bytes, content_type: str) -> bool:
    marker = CANARY.encode()
    return any(marker in text for text in _texts(body, content_type))


def _crawl(client: FlaskClient, start: str) -> tuple[int, list[str]]:
    seen: set[str] = set()
    queue = deque([start])
    leaks: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc or url in seen or parts.path.startswith(("/static/", "/dev/")):
            continue
        seen.add(url)
        response = client.get(url)
        if _hits(response.data, response.content_type or ""):
            leaks.append(url)
        if response.status_code in (301, 302, 303) and response.location:
            queue.append(urljoin(url, response.location))
        if "html" in (response.content_type or ""):
            for href in HREF.findall(response.data):
                target = urljoin(url, href.decode())
                if "logout" not in target:
                    queue.append(target)
    return len(seen), leaks


def _foreign_urls(app: Flask, tenant_a: Tenant, ids: dict[str, list[object]]) -> list[str]:
    """Every GET route, with tenant A's company and tenant B's object ids."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        candidates: list[dict[str, object]] = [{}]
        for arg in sorted(rule.arguments):
            values: list[object] = (
                [tenant_a.slug] if arg == "company" else ids.get(arg, ids["_any"])
            )
            candidates = [dict(c, **{arg: v}) for c in candidates for v in values]
        for values in candidates:
            try:
                urls.append(rule.build(values, append_unknown=False)[1])  # type: ignore[index]
            except Exception:  # noqa: BLE001,S112 - a value of the wrong type for this converter
                continue
    return urls


@pytest.mark.parametrize("role", list(Role))
def test_no_canary_reaches_tenant_a(
    app: Flask, client: FlaskClient, tenant_a: Tenant, tenant_b: Tenant, role: Role
) -> None:
    foreign_ids = plant_canaries(tenant_a, tenant_b)
    sign_in(client, tenant_a.users[role], tenant_a.company)
    pages, leaks = _crawl(client, "/")
    for url in _foreign_urls(app, tenant_a, foreign_ids):
        response = client.get(url)
        pages += 1
        if _hits(response.data, response.content_type or ""):
            leaks.append(url)
    print(f"figure: role={role.value} pages crawled={pages} canary hits={len(leaks)}")
    assert pages > 5
    assert leaks == []


def test_the_crawl_finds_the_canary_where_it_may_be_seen(
    client: FlaskClient, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    """Positive control: tenant B's own HR admin does see B's marked data, so a leak to
    tenant A would be caught by the same crawl."""
    plant_canaries(tenant_a, tenant_b)
    sign_in(client, tenant_b.users[Role.HR_ADMIN])
    pages, hits = _crawl(client, "/")
    assert pages > 5 and hits
