"""``loss`` command group: run the loss engine on a file, outside the web app.

Mounted by the application as ``hrcare loss estimate``; it imports click only
(never Flask) and needs no application context, so it also runs standalone
with ``python -m hrcare.loss.cli estimate ...``.

Contract: on success the result goes to stdout; on bad input a message
naming the file, the CSV line and the column goes to stderr, nothing goes to
stdout, and the exit status is 2 (click's usage-error status), so scripts can
tell "bad file" from a crash (1).
"""

from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import click
import pandas as pd

from hrcare.core.formatting import yen_full, yen_ja
from hrcare.loss.labels import (
    BASIS_LABELS_JA,
    COMPONENT_LABELS_JA,
    METHOD_LABELS_JA,
    PARAMETER_SET_LABELS_JA,
    SEPARATION_LABELS_JA,
)
from hrcare.loss.model import estimate, estimate_aggregate
from hrcare.loss.params import LossParameters, ParameterError
from hrcare.loss.results import NOTE_CODES, LossResult
from hrcare.loss.validation import METHODS, SEPARATION_METHODS, InputError

__all__ = [
    "COMMANDS",
    "CSV_COLUMNS",
    "loss",
    "read_aggregate_json",
    "read_roster_csv",
    "render_text",
]

#: Columns a roster CSV must have (others, e.g. ``department`` or
#: ``future_caregiver``, are passed through to the engine).
CSV_COLUMNS: tuple[str, ...] = (
    "employee_id",
    "age",
    "is_manager",
    "responded",
    "is_caregiver",
    "balancing_status",
    "performance_score",
    "value_added_yen",
)
AGGREGATE_KEYS: tuple[str, ...] = ("caregivers", "leavers", "employees")


class _BadInput(Exception):
    """Anything that should end the command with status 2 and a message."""


def _read_text(path: Path) -> str:
    """Read UTF-8 (a BOM, as Excel writes, is dropped); errors name the line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _BadInput(f"{path}: file not found") from None
    except OSError as exc:
        raise _BadInput(f"{path}: cannot read file ({exc.strerror or exc})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _BadInput(
            f"{path}: line {line}: not UTF-8 text (save the file as UTF-8 CSV)"
        ) from None


def read_roster_csv(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """Parse a roster CSV into a string frame plus each row's physical line.

    We use the ``csv`` module rather than ``pandas.read_csv`` so every row
    keeps the line it started on (blank lines and quoted newlines would
    otherwise shift the numbers in error messages).  Values are stripped and
    empty cells become missing; typing and range checks are the engine's job,
    so the CLI and the web upload report the same problems.
    """
    reader = csv.reader(io.StringIO(_read_text(path), newline=""))
    header: list[str] | None = None
    header_line = 1
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if header is None:
                header, header_line = cells, start
                continue
            if len(cells) != len(header):
                raise InputError(f"expected {len(header)} fields, got {len(cells)}", line=start)
            rows.append(cells)
            lines.append(start)
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", line=reader.line_num) from None
    if header is None:
        raise InputError("the file is empty (expected a header line)", line=1)
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise InputError("duplicate column", column=duplicated[0], line=header_line)
    for name in CSV_COLUMNS:
        if name not in header:
            raise InputError(f"missing column '{name}'", column=name, line=header_line)
    if not rows:
        raise InputError("the file has a header but no employees", line=header_line + 1)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame = frame.mask(frame == "")
    ids = frame["employee_id"]
    duplicate_ids = (ids.notna() & ids.duplicated()).to_numpy()
    if duplicate_ids.any():
        first = int(duplicate_ids.argmax())
        raise InputError(
            f"duplicate employee_id {ids.iloc[first]!r}",
            column="employee_id",
            position=first,
            line=lines[first],
            count=int(duplicate_ids.sum()),
        )
    return frame, lines


def read_aggregate_json(path: Path) -> dict[str, Any]:
    """Parse ``{"caregivers": N, "leavers": L}`` (``employees`` optional)."""
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON ({exc.msg})", line=exc.lineno) from None
    if not isinstance(data, dict):
        raise InputError('expected a JSON object like {"caregivers": 12, "leavers": 0.5}')
    for key in data:
        if key not in AGGREGATE_KEYS:
            raise InputError(f"unknown key (expected {', '.join(AGGREGATE_KEYS)})", column=str(key))
    if "caregivers" not in data:
        raise InputError("missing key 'caregivers'", column="caregivers")
    return data


def _load_params(path: Path | None) -> LossParameters:
    params = LossParameters()
    if path is None:
        return params
    try:
        overrides = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise _BadInput(f"{path}: line {exc.lineno}: invalid JSON ({exc.msg})") from None
    try:
        return params.with_overrides(overrides)
    except ParameterError as exc:
        raise _BadInput(f"{path}: {exc}") from None


def _run(path: Path, params: LossParameters, method: str, separation: str | None) -> LossResult:
    """Dispatch on the file type and translate engine errors to file terms."""
    if path.suffix.lower() == ".json":
        try:
            data = read_aggregate_json(path)
            if method != "flat":
                raise _BadInput(
                    f"{path}: method '{method}' needs a per-employee CSV; "
                    "aggregate input supports only 'flat'"
                )
            leavers = data.get("leavers")
            if separation == "national_rate":
                leavers = None
            elif separation == "survey_intent" and leavers is None:
                raise _BadInput(f"{path}: separation 'survey_intent' needs 'leavers' in the file")
            return estimate_aggregate(
                data["caregivers"], leavers, params, employees=data.get("employees")
            )
        except InputError as exc:
            raise _BadInput(str(exc.with_context(source=str(path)))) from None
    lines: list[int] = []
    try:
        frame, lines = read_roster_csv(path)
        return estimate(frame, params, method, separation or "national_rate")
    except InputError as exc:
        line = lines[exc.position] if exc.position is not None and lines else None
        raise _BadInput(str(exc.with_context(source=str(path), line=line))) from None


def _count(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _caregiver_line(data: dict[str, Any]) -> str:
    estimated = f"推計 {_count(data['caregivers_estimated'])}人"
    if data["basis"] == "aggregate":
        return f"ビジネスケアラー: {_count(data['caregivers_estimated'])}人（入力値）"
    if data["caregivers_observed"] is None:
        return f"ビジネスケアラー: {estimated}"
    return f"ビジネスケアラー: 回答者 {_count(data['caregivers_observed'])}人 ／ {estimated}"


def about_yen(amount: float) -> str:
    """An estimate rounded to three significant figures (``約1,290億円``): what inputs known
    to two or three digits support; the full value follows in brackets."""
    if not amount:
        return yen_ja(0)
    exponent = Decimal(abs(amount)).adjusted() - 2
    rounded = Decimal(amount).quantize(Decimal(1).scaleb(max(exponent, 0)), rounding=ROUND_HALF_UP)
    return "約" + yen_ja(int(rounded))


def render_text(result: LossResult, source: str | None = None) -> str:
    """A Japanese summary for a terminal or an e-mail; amounts as in the JSON."""
    data = result.to_dict()
    pset = data["parameter_set"]
    changed = f"（変更: {', '.join(pset['overridden'])}）" if pset["customised"] else ""
    lines = ["仕事と介護の両立困難による経済損失の試算（年間）"]
    if source:
        lines.append(f"入力: {source}")
    basis = BASIS_LABELS_JA.get(data["basis"], data["basis"])
    if data["employees"] is not None:
        basis += f"（従業員 {_count(data['employees'])}人"
        if data["respondents"] is not None:
            basis += f"、回答 {_count(data['respondents'])}人"
        basis += "）"
    lines += [
        f"根拠: {basis}",
        f"パラメータ: {PARAMETER_SET_LABELS_JA.get(pset['name'], pset['name'])}"
        f"（{pset['name']} v{pset['version']}）{changed}",
        f"パフォーマンス低下度: {METHOD_LABELS_JA.get(data['method'], data['method'])}",
        "介護離職者数: "
        + SEPARATION_LABELS_JA.get(data["separation_method"], data["separation_method"]),
        _caregiver_line(data),
        f"介護離職者（年間・期待値）: {_count(data['leavers_expected'])}人",
        "",
    ]
    for key, label in COMPONENT_LABELS_JA.items():
        amount = data[key]
        lines.append(f"{label}: {about_yen(amount)}（{yen_full(amount)}）")
    if data["per_employee_yen"] is not None:
        amount = data["per_employee_yen"]
        lines.append(f"従業員一人当たり: {about_yen(amount)}（{yen_full(amount)}）")
    if data["notes"]:
        lines += ["", "注記:"]
        lines += [f"- {NOTE_CODES.get(code, code)}" for code in data["notes"]]
    return "\n".join(lines)


@click.group(name="loss", help="仕事と介護の両立困難による経済損失の試算 (loss engine).")
def loss() -> None:
    """Group only; commands below."""


@loss.command("estimate")
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Roster CSV (one row per employee) or aggregate JSON {caregivers, leavers}.",
)
@click.option(
    "--params",
    "params_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON object overriding parameters by name.",
)
@click.option("--method", type=click.Choice(METHODS), default="flat", show_default=True)
@click.option(
    "--separation",
    type=click.Choice(SEPARATION_METHODS),
    default=None,
    help="Default national_rate; for aggregate JSON, the given leavers if present.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
)
def estimate_command(
    input_path: Path,
    params_path: Path | None,
    method: str,
    separation: str | None,
    output_format: str,
) -> None:
    """Estimate the annual loss for one company from a file."""
    try:
        params = _load_params(params_path)
        result = _run(input_path, params, method, separation)
    except _BadInput as exc:
        click.echo(f"error: {exc}", err=True)
        raise click.exceptions.Exit(2) from None
    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result, source=str(input_path)))


#: Mounted by ``create_app`` under the ``hrcare`` command (``hrcare loss estimate``).
COMMANDS = (loss,)


if __name__ == "__main__":  # pragma: no cover - manual use
    loss()
