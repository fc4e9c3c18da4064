"""The way through the course, as the built site shows it.

The home lists it, the navigation follows it, no page is a dead end.
"""

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import Tag

from tests.support.site import COURSE, parsed_html


def content(site: Path, name: str) -> Tag:
    """The page's own text: the article, without Material's navigation, header and footer."""
    article = parsed_html(site / name / "index.html").select_one("article.md-content__inner")
    assert article is not None, f"{name}: no article"
    return article


def page_links(site: Path, name: str) -> list[str]:
    """The pages the article links to, in order, as names like ``lesson_4`` (anchors and external links dropped)."""
    names = []
    for a in content(site, name).find_all("a", href=True):
        href = a["href"]
        if href.startswith(("http:", "https:", "#", "mailto:")) or "headerlink" in (a.get("class") or []):
            continue
        target = urljoin(f"/{name}/", href.split("#")[0]).strip("/")
        if target and target != name:
            names.append(target)
    return names


@pytest.fixture
def site(course_site: Path) -> Path:
    return course_site


def test_the_course_home_lists_every_lesson_and_quiz_in_course_order_with_its_time(site):
    rows = content(site, "course").select("table tbody tr")
    listed = []
    for row in rows:
        first, time = row.find_all("td")[:2]
        link = first.find("a", href=True)
        assert link is not None, f"a row of the home's tables names no page: {row.get_text(' ', strip=True)}"
        listed.append(urljoin("/course/", link["href"]).strip("/"))
        assert re.fullmatch(r"\d+ min", time.get_text(strip=True)), f"{listed[-1]}: no time to read and run"
    assert listed == COURSE


def test_the_navigation_follows_the_course_order(site):
    soup = parsed_html(site / "course" / "index.html")
    links = soup.select("nav.md-nav--primary a.md-nav__link[href]")
    order = []
    for a in links:
        name = urljoin("/course/", a["href"].split("#")[0]).strip("/")
        if name and name not in order:
            order.append(name)
    assert order == ["course", *COURSE]


@pytest.mark.parametrize(("page", "following"), list(zip(COURSE, [*COURSE[1:], "course"], strict=True)))
def test_every_page_ends_leading_to_the_next_one(site, page, following):
    """The page's last links lead on: a lesson to the next lesson or its Part's quiz, a quiz to the next Part."""
    links = page_links(site, page)
    assert following in links[-4:], f"{page} ends with links to {links[-4:]}, not to {following}"


def test_part_3_whats_next_leads_to_lesson_10_and_the_earlier_quizzes(site):
    quiz = content(site, "quiz_part3")
    heading = quiz.find(id="whats-next")
    assert heading is not None
    listed = heading.find_next("ul")
    names = [urljoin("/quiz_part3/", a["href"]).strip("/") for a in listed.find_all("a", href=True)]
    assert names[:3] == ["lesson_10", "quiz_part1", "quiz_part2"]
    assert "course" in names


def test_every_page_of_the_site_is_reachable_from_the_home_by_the_pages_own_links(site):
    built = {p.parent.relative_to(site).as_posix() for p in site.glob("*/index.html")} - {"404"}
    seen, todo = {"course"}, ["course"]
    while todo:
        for target in page_links(site, todo.pop()):
            if target in built and target not in seen:
                seen.add(target)
                todo.append(target)
    assert built - seen == set()
