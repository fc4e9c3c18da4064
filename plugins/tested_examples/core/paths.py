"""Turn a page's ``path:`` into a file inside the examples folder, refusing anything else."""

from __future__ import annotations

import difflib
import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import ExampleError

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
_SKIPPED_DIRS = {"__pycache__", "node_modules"}


@dataclass(frozen=True)
class ExamplesRoot:
    """The examples folder: where it is, and how pages and commands name it (e.g. ``examples``)."""

    path: Path
    label: str = "examples"

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path).resolve())

    def display(self, relpath: str) -> str:
        """How messages and titles name a file, e.g. ``examples/lesson7/order_workflow.py``."""
        return f"{self.label}/{relpath}"


def resolve_example_path(root: ExamplesRoot, relpath: str) -> Path:
    """The existing file ``relpath`` names inside ``root``; anything else is an ExampleError."""
    _reject_unsafe(root, relpath)
    rel = PurePosixPath(relpath).as_posix()
    try:
        return _existing_file(root, rel)
    except RuntimeError:  # Path.resolve() on a symlink loop (Python 3.11)
        raise _loop_error(root, rel) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _loop_error(root, rel) from None
        if error.errno == errno.ENAMETOOLONG:
            raise ExampleError(f"path '{relpath}' is too long for the file system", "shorten it") from None
        raise ExampleError(
            f"{root.display(rel)} cannot be opened ({error.strerror or error})",
            f"make it a readable file under {root.label}/",
        ) from None


def _loop_error(root: ExamplesRoot, rel: str) -> ExampleError:
    return ExampleError(
        f"{root.display(rel)} is a symlink loop (it points, through links, back to itself)",
        f"replace the symlink with a real file under {root.label}/",
    )


def _existing_file(root: ExamplesRoot, rel: str) -> Path:
    candidate = root.path / rel
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root.path):
        raise ExampleError(
            f"{root.display(rel)} is a symlink to {resolved}, which is outside {root.label}/",
            f"replace the symlink with a real file under {root.label}/ (a page may only show code the tests run)",
        )
    if resolved.is_dir():
        raise ExampleError(
            f"{root.display(rel)} is a directory, not a file",
            f"name one file inside it in 'path:' (relative to {root.label}/)",
        )
    if not resolved.is_file():
        raise _missing_file_error(root, rel)
    return resolved


def example_files(root: ExamplesRoot) -> list[str]:
    """Every file under the examples folder, as POSIX paths relative to it (caches skipped)."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root.path):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        base = Path(folder).relative_to(root.path)
        found.extend(
            (base / name).as_posix() for name in sorted(files) if not name.endswith(".pyc") and not name.startswith(".")
        )
    return found


def _reject_unsafe(root: ExamplesRoot, relpath: str) -> None:
    relative_fix = f"give a path relative to {root.label}/, e.g. lesson7/order_workflow.py"
    if not relpath.strip():
        raise ExampleError("'path' is empty", relative_fix)
    if _URL.match(relpath):
        raise ExampleError(
            f"path '{relpath}' is a URL; only files under {root.label}/ can be shown",
            f"put the code in a file under {root.label}/, run it from a test, and {relative_fix}",
        )
    bad = next((c for c in relpath if ord(c) < 32 or 0x7F <= ord(c) < 0xA0), None)
    if bad is not None:
        raise ExampleError(f"path {relpath!r} contains a control character (U+{ord(bad):04X})", "remove it")
    too_long = next((part for part in relpath.split("/") if len(part.encode("utf-8", "replace")) > 255), None)
    if too_long is not None or len(relpath.encode("utf-8", "replace")) > 4000:
        shown = relpath if len(relpath) <= 60 else relpath[:57] + "..."
        raise ExampleError(f"path '{shown}' is too long (a file name over 255 bytes)", "shorten it")
    if "\\" in relpath:
        raise ExampleError(f"path '{relpath}' contains a backslash", "separate folders with '/'")
    if relpath.startswith(("/", "~")) or _WINDOWS_DRIVE.match(relpath):
        raise ExampleError(f"path '{relpath}' is absolute", relative_fix)
    if ".." in PurePosixPath(relpath).parts:
        raise ExampleError(f"path '{relpath}' uses '..' to leave {root.label}/", f"{relative_fix}, without '..'")


def _missing_file_error(root: ExamplesRoot, rel: str) -> ExampleError:
    message = f"{root.display(rel)} does not exist"
    files = example_files(root)
    label_prefix = f"{root.label}/"
    if rel.startswith(label_prefix) and rel[len(label_prefix) :] in files:
        return ExampleError(message, f"paths are relative to {root.label}/: write 'path: {rel[len(label_prefix) :]}'")
    same_name = [f for f in files if PurePosixPath(f).name == PurePosixPath(rel).name]
    same_type = [f for f in files if PurePosixPath(f).suffix == PurePosixPath(rel).suffix]
    close = difflib.get_close_matches(rel, same_type or files, n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys([*close, *same_name]))[:3]
    if suggestions:
        names = " or ".join(f"'{s}'" for s in suggestions)
        return ExampleError(message, f"correct the path (relative to {root.label}/); did you mean {names}?")
    return ExampleError(
        message,
        f"create the file under {root.label}/ (with a test that runs it), or fix the path (relative to {root.label}/)",
    )


def module_for(root: ExamplesRoot, relpath: str) -> str:
    """The module a learner runs with ``python -m``, e.g. ``examples.lesson7.order_workflow``."""
    rel = PurePosixPath(relpath)
    if rel.suffix != ".py":
        raise ExampleError(
            f"'show: command' runs Python modules, and {root.display(rel.as_posix())} is not a .py file",
            "point 'path' at the .py file a learner runs",
        )
    parts = [*PurePosixPath(root.label).parts, *rel.with_suffix("").parts]
    if parts[-1] == "__main__":
        parts.pop()
    if not all(part.isidentifier() for part in parts):
        raise ExampleError(
            f"{root.display(rel.as_posix())} cannot be run with 'python -m': '{'.'.join(parts)}' is not a module name",
            "rename folders and file to valid Python names (letters, digits, '_')",
        )
    return ".".join(parts)
