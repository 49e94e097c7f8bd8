"""An import-linter contract the built-in ones cannot express: a feature package is reached
from another feature only through its public modules (``services``, or a module the
contract declares public). The composition root (``hrcare``, ``hrcare.models``,
``hrcare.cli``, migrations) is not a feature and may wire any module.

Used by ``[tool.importlinter]`` in pyproject.toml (``lint-imports`` runs from the checkout,
whose root is on ``sys.path``).
"""

from __future__ import annotations

from typing import Any

from importlinter import Contract, ContractCheck, fields, output


class FeatureApiContract(Contract):
    type_name = "feature_api"

    features = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField(), required=False)
    public_names = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        features: list[str] = list(self.features)  # type: ignore[call-overload]
        public = set(self.public or [])  # type: ignore[arg-type]
        public_names = set(self.public_names or ["services"])  # type: ignore[arg-type]

        def feature_of(module: str) -> str | None:
            for feature in features:
                if module == feature or module.startswith(feature + "."):
                    return feature
            return None

        illegal: list[tuple[str, str, tuple[int, ...]]] = []
        for feature in features:
            for module in sorted({feature} | set(graph.find_descendants(feature))):
                if module == feature or module in public:
                    continue
                if module.rsplit(".", 1)[-1] in public_names:
                    continue
                for importer in sorted(graph.find_modules_that_directly_import(module)):
                    other = feature_of(importer)
                    if other is None or other == feature:
                        continue
                    lines = tuple(
                        d["line_number"]
                        for d in graph.get_import_details(importer=importer, imported=module)
                    )
                    illegal.append((importer, module, lines))
        return ContractCheck(kept=not illegal, metadata={"illegal": illegal})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, lines in check.metadata["illegal"]:
            where = ", ".join(map(str, lines))
            output.print_error(f"- {importer} -> {imported} (l.{where})", bold=False)
            output.new_line()
        output.print_error(
            "Reach another feature through its services (or a module declared public).",
            bold=False,
        )
