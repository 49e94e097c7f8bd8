"""Build hook: compiled catalogs ship in the wheel.

The .po files are the source (the .mo files are not committed); building the package
compiles every ``hrcare/<feature>/translations/*/LC_MESSAGES/messages.po`` into its .mo in
the build folder, so an installed hrcare speaks English without ``hrcare i18n compile``
(which would have to write into site-packages). Everything else is in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in Path(self.build_lib, "hrcare").glob("**/translations/*/LC_MESSAGES/*.po"):
            with po_path.open("rb") as fh:
                catalog = read_po(fh)
            with po_path.with_suffix(".mo").open("wb") as fh:
                write_mo(fh, catalog)


setup(cmdclass={"build_py": BuildWithCatalogs})
