"""Print the installed distributions that requirements.lock does not pin (scripts/_setup
removes them). pip itself and hrcare are kept."""

from __future__ import annotations

import re
import sys
from importlib.metadata import distributions
from pathlib import Path

KEEP = {"pip", "hrcare"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> None:
    lock = Path(__file__).resolve().parent.parent / "requirements.lock"
    pinned = {
        canonical(m.group(1))
        for m in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", lock.read_text(), re.M)
    }
    installed = {canonical(d.metadata["Name"]) for d in distributions() if d.metadata["Name"]}
    sys.stdout.write("".join(f"{name}\n" for name in sorted(installed - pinned - KEEP)))


if __name__ == "__main__":
    main()
