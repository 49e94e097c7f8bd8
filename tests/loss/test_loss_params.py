"""Parameter set: defaults, sources, override validation, age bands."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import pytest

import hrcare.loss
from hrcare.loss.params import (
    AGE_BANDS,
    PARAMETER_NAMES,
    SOURCES,
    LossParameters,
    ParameterError,
    age_band,
)


def test_defaults_match_the_model_document() -> None:
    p = LossParameters()
    assert (p.name, p.version, p.customised) == ("meti-2030", 1, False)
    assert p.value_added_per_worker_yen == 9_050_000
    assert p.productivity_drop_rate == 0.275
    assert p.training_cost_per_year_yen == 32_746
    assert p.tenure_years == 35
    assert p.replacement_cost_yen == 1_033_000
    assert p.caregiver_separation_rate == 0.0354
    assert p.national_caregiver_share == 0.049
    assert p.manager_drop_rate == 0.167
    assert p.non_manager_drop_rate == 0.317
    assert dict(p.age_band_drop_rates) == {
        "<=29": 0.332,
        "30-34": 0.296,
        "35-39": 0.333,
        "40-44": 0.290,
        "45-49": 0.241,
        "50-54": 0.230,
        "55-59": 0.225,
        ">=60": 0.208,
    }


def test_training_cost_is_the_five_year_mean() -> None:
    assert LossParameters().training_cost_per_year_yen == round(
        (38_752 + 34_607 + 35_628 + 24_841 + 29_904) / 5
    )


def test_every_parameter_has_a_japanese_source() -> None:
    assert set(SOURCES) == set(PARAMETER_NAMES)
    assert all(text.strip() for text in SOURCES.values())


def test_frozen_and_hashable() -> None:
    p = LossParameters()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.tenure_years = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        p.age_band_drop_rates["30-34"] = 0.5  # type: ignore[index]
    assert hash(p) == hash(LossParameters())


def test_with_overrides_returns_new_customised_instance() -> None:
    base = LossParameters()
    custom = base.with_overrides({"tenure_years": 30, "age_band_drop_rates": {"30-34": 0.25}})
    assert base.tenure_years == 35  # unchanged
    assert custom.tenure_years == 30
    assert custom.age_band_drop_rates["30-34"] == 0.25
    assert custom.age_band_drop_rates["<=29"] == 0.332  # partial table merged
    assert custom.name == "meti-2030" and custom.customised
    assert custom.overridden == ("age_band_drop_rates", "tenure_years")
    assert custom.parameter_set()["overridden"] == ["age_band_drop_rates", "tenure_years"]


def test_overriding_with_the_default_is_not_a_customisation() -> None:
    same = LossParameters().with_overrides({"tenure_years": 35, "productivity_drop_rate": 0.275})
    assert not same.customised


@pytest.mark.parametrize(
    ("overrides", "match", "parameter"),
    [
        ({"tenure": 30}, "unknown parameter 'tenure'", "tenure"),
        ({"name": "x"}, "unknown parameter 'name'", "name"),
        ({"caregiver_separation_rate": 1.5}, "between 0 and 1", "caregiver_separation_rate"),
        ({"productivity_drop_rate": -0.1}, "between 0 and 1", "productivity_drop_rate"),
        ({"replacement_cost_yen": -1}, "negative", "replacement_cost_yen"),
        ({"tenure_years": float("inf")}, "finite", "tenure_years"),
        ({"value_added_per_worker_yen": float("nan")}, "finite", "value_added_per_worker_yen"),
        ({"tenure_years": "35"}, "number", "tenure_years"),
        ({"tenure_years": True}, "number", "tenure_years"),
        ({"age_band_drop_rates": {"30~34": 0.2}}, "unknown age band", "age_band_drop_rates"),
        ({"age_band_drop_rates": {"30-34": 2}}, "between 0 and 1", "age_band_drop_rates[30-34]"),
        ({"age_band_drop_rates": 0.2}, "object", "age_band_drop_rates"),
    ],
)
def test_override_validation(overrides: dict, match: str, parameter: str) -> None:
    with pytest.raises(ParameterError, match=match) as info:
        LossParameters().with_overrides(overrides)
    assert info.value.parameter == parameter
    assert isinstance(info.value, ValueError)


def test_overrides_must_be_a_mapping() -> None:
    with pytest.raises(ParameterError):
        LossParameters().with_overrides([("tenure_years", 3)])  # type: ignore[arg-type]


def test_direct_construction_is_validated() -> None:
    with pytest.raises(ParameterError):
        LossParameters(productivity_drop_rate=2)


def test_to_dict_is_json() -> None:
    data = LossParameters().to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["name"] == "meti-2030"
    assert data["age_band_drop_rates"]["35-39"] == 0.333


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "<=29"),
        (18, "<=29"),
        (29, "<=29"),
        (30, "30-34"),
        (34, "30-34"),
        (35, "35-39"),
        (44, "40-44"),
        (45, "45-49"),
        (50, "50-54"),
        (55, "55-59"),
        (59, "55-59"),
        (60, ">=60"),
        (75, ">=60"),
    ],
)
def test_age_band(age: int, band: str) -> None:
    assert age_band(age) == band
    assert band in AGE_BANDS


def test_age_band_rejects_bad_ages() -> None:
    with pytest.raises(ValueError):
        age_band(-1)
    with pytest.raises(ValueError):
        age_band(3.5)  # type: ignore[arg-type]


#: The pure engine (plus the CLI that wraps it) and the application layer on
#: top of it.  Every module of the package must be in one of the two, so a new
#: module is classified on purpose rather than escaping the check below.
ENGINE_MODULES = {
    "__init__",
    "params",
    "validation",
    "results",
    "model",
    "scenarios",
    "outlook",
    "breakdown",
    "labels",
    "cli",
}
APP_MODULES = {
    "models",
    "settings",
    "services",
    "presentation",
    "charts",
    "guards",
    "forms",
    "views",
    "explain",
}


def test_every_module_is_classified() -> None:
    package = Path(hrcare.loss.__file__).parent
    names = {source.stem for source in package.glob("*.py")}
    assert names - ENGINE_MODULES - APP_MODULES == set()


def test_engine_modules_import_neither_flask_nor_orm() -> None:
    """The engine must stay usable from jobs, the CLI and the benchmark."""
    forbidden = {"flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug"}
    package = Path(hrcare.loss.__file__).parent
    for source in sorted(package / f"{name}.py" for name in ENGINE_MODULES):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in forbidden, f"{source.name} imports {name}"
