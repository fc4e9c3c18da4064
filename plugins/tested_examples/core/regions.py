"""Named regions in example files: ``# region: NAME`` … ``# endregion: NAME`` comment lines."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from .errors import ExampleError
from .languages import Language

REGION_NAME = re.compile(r"[A-Za-z0-9_.-]+")


@dataclass(frozen=True, slots=True)
class Region:
    """A region's marker lines (1-based); the shown code lies strictly between them."""

    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RegionMap:
    """Every region of a file, and every marker line (never shown on a page)."""

    regions: Mapping[str, Region]

    @property
    def marker_lines(self) -> frozenset[int]:
        """Every marker line: the markers are balanced, so these are the regions' first and last lines.
        Computed when asked (a snippet asks once): a build keeps a RegionMap per example file."""
        return frozenset(line for found in self.regions.values() for line in (found.start, found.end))


@dataclass(frozen=True)
class _Marker:
    kind: str  # "region" or "endregion"
    name: str
    line: int


def find_regions(
    lines: Sequence[str],
    language: Language,
    display: str,
    comment_lines: Collection[int] | None = None,
) -> RegionMap:
    """Parse and check all markers of a file.

    ``comment_lines`` limits markers to lines that really start with a comment
    (for Python, found with ``tokenize`` so a marker inside a string is not one);
    ``None`` means any line may hold a marker.
    """
    markers = _markers(lines, language, display, comment_lines)
    comment = language.comment_prefixes[0] if language.comment_prefixes else "#"
    regions: dict[str, Region] = {}
    opened: dict[str, int] = {}  # every name ever opened -> its start line
    stack: list[_Marker] = []
    for marker in markers:
        if marker.kind == "region":
            if marker.name in opened:
                raise ExampleError(
                    f"region '{marker.name}' is opened twice in {display} "
                    f"(lines {opened[marker.name]} and {marker.line})",
                    "rename one of them: region names must be unique within a file",
                )
            opened[marker.name] = marker.line
            stack.append(marker)
            continue
        if marker.name not in (m.name for m in stack):
            raise ExampleError(
                f"'{comment} endregion: {marker.name}' at {display}:{marker.line} has no matching "
                f"'{comment} region: {marker.name}' before it (unbalanced markers)",
                f"add '{comment} region: {marker.name}' above the lines to show, or remove the stray end marker",
            )
        inner = stack[-1]
        if inner.name != marker.name:
            raise ExampleError(
                f"regions overlap in {display}: '{comment} endregion: {marker.name}' at line {marker.line} "
                f"comes before '{comment} endregion: {inner.name}' (region '{inner.name}' opened at line "
                f"{inner.line}, inside '{marker.name}')",
                f"close '{inner.name}' before '{marker.name}': regions may nest but not overlap",
            )
        stack.pop()
        regions[marker.name] = Region(marker.name, opened[marker.name], marker.line)
    if stack:
        unclosed = stack[-1]
        raise ExampleError(
            f"region '{unclosed.name}' opened at {display}:{unclosed.line} is never closed (unbalanced markers)",
            f"add '{comment} endregion: {unclosed.name}' after the last line to show",
        )
    return RegionMap(regions)


def region(region_map: RegionMap, name: str, display: str, language: Language) -> Region:
    """The region called ``name``; a missing one is an error listing those that exist."""
    found = region_map.regions.get(name)
    if found is not None:
        return found
    if not language.comment_prefixes:
        raise ExampleError(
            f"region '{name}' not found in {display}: {language.name} files have no comments, so no regions",
            "show the whole file (drop 'region:'), or move the part to show into a file of its own",
        )
    comment = language.comment_prefixes[0]
    existing = sorted(region_map.regions, key=lambda n: region_map.regions[n].start)
    there = f"regions there: {', '.join(existing)}" if existing else "it has no regions"
    import difflib  # only for this message

    close = difflib.get_close_matches(name, existing, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise ExampleError(
        f"region '{name}' not found in {display} ({there})",
        f"add '{comment} region: {name}' … '{comment} endregion: {name}' around the lines to show, "
        f"or name an existing region{hint}",
    )


def _markers(
    lines: Sequence[str], language: Language, display: str, comment_lines: Collection[int] | None
) -> list[_Marker]:
    if not language.comment_prefixes:
        return []
    starts = "|".join(re.escape(p) for p in language.comment_prefixes)
    candidate = re.compile(rf"^[ \t]*(?:{starts})[ \t]*(?P<kind>endregion|region)[ \t]*:(?P<name>.*)$")
    markers: list[_Marker] = []
    for number, text in enumerate(lines, start=1):
        match = candidate.match(text)
        if match is None or (comment_lines is not None and number not in comment_lines):
            continue
        name = match["name"].strip()
        if not REGION_NAME.fullmatch(name):
            comment = language.comment_prefixes[0]
            raise ExampleError(
                f"malformed region marker at {display}:{number}: '{text.strip()}'",
                f"write '{comment} {match['kind']}: NAME' alone on its line, with a NAME made of "
                "letters, digits, '_', '.' or '-'",
            )
        markers.append(_Marker(match["kind"], name, number))
    return markers
