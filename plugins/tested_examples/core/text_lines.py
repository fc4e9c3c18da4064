"""A file's lines, kept as one string: what a build holds of every example it has read.

A tuple of line strings costs about 50 bytes of object header per line on top of
the text, and every example file a build reads stays in its cache until the build
ends (pages may show it again). :class:`TextLines` keeps the text once and where
each line starts, and cuts a line out when a snippet asks for it: a generated
123-line example costs 4.8 KB instead of 10.6 KB, which is most of what the plugin
adds to a 1000-page build's peak memory (``benchmarks/build_speed.py``).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import overload


class TextLines(Sequence[str]):
    """The lines ``lines`` (without their ``\\n``), read like a tuple of them."""

    __slots__ = ("_starts", "_text")

    def __init__(self, lines: Sequence[str]) -> None:
        self._text = "\n".join(lines)
        # Offsets into _text; "I" holds any offset below 4 GiB, "Q" any other.
        self._starts = array("I" if len(self._text) < 2**32 else "Q")
        position = 0
        for line in lines:
            self._starts.append(position)
            position += len(line) + 1

    @property
    def text(self) -> str:
        """The lines joined by ``\\n``, without a final one."""
        return self._text

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...

    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice):
            return tuple(self._line(i) for i in range(*index.indices(len(self._starts))))
        count = len(self._starts)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("line index out of range")
        return self._line(index)

    def _line(self, index: int) -> str:
        start = self._starts[index]
        end = self._starts[index + 1] - 1 if index + 1 < len(self._starts) else len(self._text)
        return self._text[start:end]

    def __iter__(self) -> Iterator[str]:
        return (self._line(i) for i in range(len(self._starts)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TextLines):
            return len(self) == len(other) and self._text == other._text
        if isinstance(other, (tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((len(self._starts), self._text))

    def __repr__(self) -> str:
        return f"TextLines({len(self)} lines)"
