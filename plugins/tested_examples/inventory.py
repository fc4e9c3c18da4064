"""The inventory rules, one copy for the MkDocs plugin (its "tested by" links) and ``tested_examples.check``.

- Tests mirror ``examples/`` one to one: ``examples/lesson7/saga.py`` (and its
  recorded output ``saga.output.txt``) is tested by ``tests/examples/lesson7/test_saga.py``.
- A shown file that is not Python names the test that checks it under ``[checked]``
  of ``tests/validated_files.toml``; ``[support]`` lists example code no page shows,
  ``[unreached]`` regions whose shown lines may not run, each with its reason.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

DEFAULT_INVENTORY = "tests/validated_files.toml"
OUTPUT_SUFFIX = ".output.txt"


@dataclass
class Inventory:
    path: str  # as given, relative to the repository: how problems name it
    checked: dict[str, str] = field(default_factory=dict)  # example file -> test that validates it (and how)
    support: dict[str, str] = field(default_factory=dict)  # file or file#region -> why no page shows it
    unreached: dict[str, str] = field(default_factory=dict)  # file#region -> why its shown lines may not run

    def checker(self, display: str) -> str | None:
        """The test file named under ``[checked]`` for ``display`` (its first word), if any."""
        words = self.checked.get(display, "").split("::")[0].split()
        return words[0] if words else None


class InventoryError(Exception):
    """The inventory cannot be read; ``str()`` names it and says how to fix it."""


def load_inventory(root: Path, relpath: str = DEFAULT_INVENTORY) -> Inventory:
    """``root/relpath`` read and checked; an empty inventory when there is no such file."""
    path = root / relpath
    if not path.exists():
        return Inventory(relpath)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InventoryError(f"{relpath}: cannot be read as TOML ({error}). Fix: correct the file") from None
    tables: dict[str, dict[str, str]] = {}
    for name in ("checked", "support", "unreached"):
        table = data.get(name, {})
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise InventoryError(
                f'{relpath}: [{name}] must map each "FILE" to a text. Fix: write entries as "examples/x" = "why"'
            )
        tables[name] = {str(k): v for k, v in table.items()}
    return Inventory(relpath, tables["checked"], tables["support"], tables["unreached"])


def mirror_test(display: str, tests_dir: str = "tests") -> str | None:
    """examples/lesson7/saga.py (or its .output.txt) -> tests/examples/lesson7/test_saga.py; None if not Python."""
    path = PurePosixPath(display)
    name = path.name
    if name.endswith(OUTPUT_SUFFIX):
        name = name[: -len(OUTPUT_SUFFIX)] + ".py"
    if not name.endswith(".py"):
        return None
    return f"{tests_dir}/{path.parent.as_posix()}/test_{name}"


def covering_test(root: Path, display: str, inventory: Inventory, tests_dir: str = "tests") -> str | None:
    """The existing test that runs or checks ``display``: its mirror test, else its ``[checked]`` test."""
    mirror = mirror_test(display, tests_dir)
    if mirror is not None and (root / mirror).is_file():
        return mirror
    checker = inventory.checker(display)
    if checker is not None and (root / checker).is_file():
        return checker
    return None
