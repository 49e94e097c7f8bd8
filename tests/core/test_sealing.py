"""Sealed records: unreadable without the secret key, bound to their row, rotation-safe."""

from __future__ import annotations

from typing import Any

import pytest

from hrcare.core.sealing import SealError, is_sealed, seal, unseal

RECORD = {"answers": {"caring_now": "yes"}, "comments": {"free": "母の介護 marker-42"}}


def test_a_sealed_record_opens_only_with_its_purpose_and_context(app: Any) -> None:
    sealed = seal(RECORD, purpose="survey-pool", context="1:7")
    assert is_sealed(sealed) and "marker-42" not in str(sealed) and "caring_now" not in str(sealed)
    assert unseal(sealed, purpose="survey-pool", context="1:7") == RECORD
    with pytest.raises(SealError):  # copied into another company's wave
        unseal(sealed, purpose="survey-pool", context="2:7")
    with pytest.raises(SealError):
        unseal(sealed, purpose="other", context="1:7")
    # Two seals of the same record differ (random nonce): equal answers are not visible.
    assert seal(RECORD, purpose="survey-pool", context="1:7") != sealed


def test_rotating_the_secret_keeps_pooled_records_readable_through_fallbacks(app: Any) -> None:
    old = seal(RECORD, purpose="survey-pool", context="1:7")
    original, fallbacks = app.config["SECRET_KEY"], app.config.get("SECRET_KEY_FALLBACKS")
    try:
        app.config["SECRET_KEY"] = "a-new-secret-key-after-rotation-000000"
        with pytest.raises(SealError):
            unseal(old, purpose="survey-pool", context="1:7")
        app.config["SECRET_KEY_FALLBACKS"] = [original]
        assert unseal(old, purpose="survey-pool", context="1:7") == RECORD
    finally:
        app.config["SECRET_KEY"] = original
        app.config["SECRET_KEY_FALLBACKS"] = fallbacks


def test_a_plain_record_from_before_sealing_is_read_as_it_is(app: Any) -> None:
    assert unseal(dict(RECORD), purpose="survey-pool", context="1:7") == RECORD
