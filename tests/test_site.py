"""The whole course site builds strictly, and the pages show what a learner expects."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "quiz_part3.md"

QUIZ_QUESTIONS = {
    "question-1-workflow-design": "lesson_7/#designing-workflows",
    "question-2-saga-pattern": "lesson_7/#saga-pattern",
    "question-3-activity-idempotency": "lesson_7/#idempotency",
    "question-4-http-integration": "lesson_7/#http-integration",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # Material's end-of-life banner
    )
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stderr}"
    warnings = [line for line in proc.stderr.splitlines() if re.match(r"(\x1b\[\d+m)?WARNING", line)]
    assert warnings == [], "\n".join(warnings)
    return out


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_site_root_opens_the_course_home(site):
    assert 'course/' in (site / "index.html").read_text(encoding="utf-8")


def test_navigation_lists_home_then_part_3(site):
    nav = page(site, "course").select("nav.md-nav--primary a.md-nav__link")
    titles = [a.get_text(" ", strip=True) for a in nav]
    assert titles.index("Course home") < titles.index("Lesson 7 - Order processing") < titles.index("Part 3 Quiz")


@pytest.mark.parametrize("anchor", QUIZ_QUESTIONS)
def test_each_question_has_a_deep_link_and_a_collapsed_answer(site, anchor):
    quiz = page(site, "quiz_part3")
    heading = quiz.find(id=anchor)
    assert heading is not None and heading.name == "h3"
    answer = heading.find_next("details")
    assert answer is not None and not answer.has_attr("open"), "the answer must start collapsed"
    assert answer.summary.get_text(strip=True) == "Click to reveal answer"


@pytest.mark.parametrize(("anchor", "target"), QUIZ_QUESTIONS.items())
def test_review_links_point_at_existing_lesson_sections(site, anchor, target):
    quiz = page(site, "quiz_part3")
    answer = quiz.find(id=anchor).find_next("details")
    review = [a for a in answer.find_all("a") if "Lesson" in a.get_text()]
    assert review and review[-1]["href"].endswith(target)
    lesson, fragment = target.split("/#")
    assert page(site, lesson).find(id=fragment) is not None


def test_quiz_keeps_the_source_emoji_and_arrows_without_mojibake(site):
    html = (site / "quiz_part3" / "index.html").read_text(encoding="utf-8")
    for text in ("🛒", "📖", "→", "✅", "❌", "🎯"):
        assert text in html
    assert not re.search("[ÃÂâð][\x80-\xbf]", html), "double-encoded UTF-8 found"


def test_quiz_shows_questions_1_to_4_only_until_their_lessons_exist(site):
    quiz = page(site, "quiz_part3")
    questions = [h.get_text(" ", strip=True) for h in quiz.select("h3") if h.get("id", "").startswith("question-")]
    assert [q.split(":")[0] for q in questions] == [f"Question {n}" for n in range(1, 5)]


def test_every_code_block_came_from_an_example(site):
    """A code block is either titled with the example it came from, or is a command/output the plugin derived."""
    for html_file in site.rglob("*.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for block in soup.select("div.highlight"):
            title = block.select_one(".filename")
            lang = [c for c in block.get("class", []) if c.startswith("language-")]
            if lang in (["language-text"], []) and title is None:
                continue  # plain text (diagram, transcript) exempted in the page source with a reason
            assert title is not None, f"{html_file}: code block without a source title"


def test_pages_request_nothing_outside_the_site(site):
    for html_file in site.rglob("*.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in soup.find_all(tag):
                url = element.get(attr, "")
                if tag == "link" and "stylesheet" not in element.get("rel", []) and "preload" not in element.get("rel", []):
                    continue  # <link rel="canonical|next|prev"> is not fetched
                assert not re.match(r"(https?:)?//", url), f"{html_file}: {tag} loads {url}"
        assert "data-md-component=\"source\"" not in str(soup), "the repository facts fetch must stay disabled"


@pytest.mark.parametrize("name", ["course", "lesson_7", "quiz_part3"])
def test_every_page_has_an_edit_link(site, name):
    edit = page(site, name).select_one('a[rel="edit"]')
    assert edit is not None and edit["href"].endswith(f"/edit/main/docs/{name}.md")
