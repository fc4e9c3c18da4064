"""The course under its second builder: Zensical shows the same code blocks as MkDocs on every page.

Zensical reads mkdocs.yml and runs its markdown_extensions, so tested_examples.markdown
pulls the code and gates the page there too; it ignores the tested-examples MkDocs plugin
(source links, manifest, serve). One Zensical build per session (``zensical_site``), and
MkDocs' is the session's ``course_site`` (both in tests/conftest.py).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from tests.support.site import ROOT, block_differences, code_blocks, mkdocs_build, zensical_build

# Every page of docs/, as both builders write it (directory URLs).
PAGES = sorted(
    f"{page.relative_to(ROOT / 'docs').with_suffix('').as_posix()}/index.html" for page in (ROOT / "docs").rglob("*.md")
)


def test_zensical_shows_the_same_code_blocks_on_every_page(course_site: Path, zensical_site: Path) -> None:
    mkdocs_blocks, zensical_blocks = code_blocks(course_site), code_blocks(zensical_site)
    assert block_differences(mkdocs_blocks, zensical_blocks, PAGES) == []
    assert sum(len(mkdocs_blocks[page]) for page in PAGES) > 100  # the comparison saw the course's code


def test_the_comparison_fails_on_a_planted_difference(course_site: Path, zensical_site: Path) -> None:
    """The check above, shown to fail: one character changed in one block of one page of the Zensical build."""
    page = "lesson_7/index.html"
    planted = code_blocks(zensical_site)
    block = planted[page][2]
    at = block.index("a")
    planted[page][2] = block[:at] + "b" + block[at + 1 :]
    assert block_differences(code_blocks(course_site), planted, [page]) == [
        f"{page}: block 3 differs at character {at}: {block[at : at + 40]!r} against {planted[page][2][at : at + 40]!r}"
    ]
    del planted[page][2]
    count = len(planted[page])
    assert block_differences(code_blocks(course_site), planted, [page])[0] == (
        f"{page}: {count + 1} code block(s) against {count}"
    )


def test_every_zensical_code_block_carries_the_class_the_gate_gave_it(zensical_site: Path) -> None:
    """The gate ran under Zensical: each block it let through has its stable class, the secret one is gone."""
    from bs4 import BeautifulSoup

    for page in PAGES:
        soup = BeautifulSoup((zensical_site / page).read_text(encoding="utf-8"), "html.parser")
        for pre in soup.select("article pre"):
            holder = pre.find_parent(class_="tested-example")
            assert holder is not None, f"{page}: a code block without the tested-example class"
        assert "tested-example-" in str(soup) or not soup.select("article pre"), page


BROKEN_PAGE = """\
---
title: Broken
---
# Broken

```example
path: lesson/nope.py
```
"""
BROKEN_YML = """\
site_name: Broken example
theme:
  name: material
  font: false
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.tabbed
  - tested_examples.markdown:
      examples_dir: examples
plugins:
  - tested-examples
"""


@pytest.fixture
def broken_project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(BROKEN_PAGE, encoding="utf-8")
    (tmp_path / "examples" / "lesson").mkdir(parents=True)
    (tmp_path / "examples" / "lesson" / "saga.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(BROKEN_YML, encoding="utf-8")
    return tmp_path


WHERE = "docs/index.md:7: examples/lesson/nope.py does not exist. Fix: correct the path"


def test_a_broken_example_block_fails_the_mkdocs_build_naming_page_and_line(broken_project: Path) -> None:
    result = mkdocs_build(broken_project / "mkdocs.yml", broken_project / "site")
    assert result.returncode != 0
    assert WHERE in result.stderr, result.stderr


def test_a_broken_example_block_fails_the_zensical_build_naming_page_and_line(broken_project: Path) -> None:
    result = zensical_build(broken_project / "mkdocs.yml", broken_project / "z", broken_project / "z" / "site")
    assert result.returncode != 0
    assert WHERE in result.stderr, result.stderr
    assert not (broken_project / "z" / "site" / "index.html").exists()


def _nav(site: Path, page: str) -> list[tuple[str, str]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.md-nav--primary")
    assert nav is not None, f"{page}: no navigation"
    # Hrefs normalized: Zensical writes the current page as '././', MkDocs as './'.
    return [
        (a.get_text(" ", strip=True), posixpath.normpath(str(a["href"]))) for a in nav.select("a.md-nav__link[href]")
    ]


def test_zensical_keeps_the_navigation_the_redirect_and_the_page_outside_the_navigation(
    course_site: Path, zensical_site: Path
) -> None:
    """What CONTRIBUTING.md says Zensical supports of mkdocs.yml: nav, not_in_nav, redirects, overrides/."""
    assert _nav(zensical_site, "lesson_7/index.html") == _nav(course_site, "lesson_7/index.html")
    assert not any("listings" in href for _, href in _nav(zensical_site, "lesson_7/index.html"))
    assert (zensical_site / "lesson_7_listings" / "index.html").is_file()  # built, reached from lesson 7
    assert 'content="0; url=course/"' in (zensical_site / "index.html").read_text(encoding="utf-8")
    # overrides/partials/source.html: a plain repository link, no GitHub API component.
    assert 'data-md-component="source"' not in (zensical_site / "course" / "index.html").read_text(encoding="utf-8")
