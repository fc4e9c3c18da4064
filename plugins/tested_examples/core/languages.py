"""Which example files can be shown, with which highlighting and which comment markers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from .errors import ExampleError


@dataclass(frozen=True)
class Language:
    """How a kind of example file is highlighted and how its comments start."""

    name: str  # the fence language (a Pygments alias)
    comment_prefixes: tuple[str, ...]  # line-comment starts that may carry region markers

    @property
    def is_python(self) -> bool:
        return self.name == "python"


PYTHON = Language("python", ("#",))
_HASH = ("#",)

_BY_SUFFIX: dict[str, Language] = {
    ".py": PYTHON,
    ".yaml": Language("yaml", _HASH),
    ".yml": Language("yaml", _HASH),
    ".sh": Language("bash", _HASH),
    ".toml": Language("toml", _HASH),
    ".json": Language("json", ()),
    ".txt": Language("text", _HASH),
    ".ini": Language("ini", ("#", ";")),
    ".cfg": Language("ini", ("#", ";")),
    ".sql": Language("sql", ("--",)),
}
_DOCKERFILE = Language("dockerfile", _HASH)

SUPPORTED_FILE_TYPES = ", ".join([*_BY_SUFFIX, "Dockerfile"])


def language_for(path: str) -> Language:
    """The language of an example file, from its name; unsupported types are an error."""
    name = PurePosixPath(path).name
    if name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith(".Dockerfile"):
        return _DOCKERFILE
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    kind = f"'{suffix}' files" if suffix else f"files without an extension ('{name}')"
    raise ExampleError(
        f"cannot show {kind}: unsupported file type (supported: {SUPPORTED_FILE_TYPES})",
        "show a file of a supported type, or add the type to "
        "plugins/tested_examples/core/languages.py together with a test that runs such files",
    )
