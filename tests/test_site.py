"""The whole course site builds strictly, and the pages show what a learner expects."""

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.support.site import COURSE, ROOT, mkdocs_build, parsed_html

SEED = ROOT.parent / "shared" / "seed" / "quiz_part3.md"

QUIZ_QUESTIONS = {
    "question-1-workflow-design": "lesson_7/#designing-workflows",
    "question-2-saga-pattern": "lesson_7/#saga-pattern",
    "question-3-activity-idempotency": "lesson_7/#idempotency",
    "question-4-http-integration": "lesson_7/#http-integration",
    "question-5-testing-workflows": "lesson_8/#testing-workflows",
    "question-6-workflow-versioning": "lesson_8/#workflow-versioning",
    "question-7-common-pitfalls": "lesson_8/#common-pitfalls",
    "question-8-observability": "lesson_8/#monitoring-observability",
    "question-9-worker-deployment": "lesson_9/#worker-deployment",
    "question-10-high-availability": "lesson_9/#high-availability",
    "question-11-security": "lesson_9/#security",
    "question-12-scaling": "lesson_9/#scaling",
}
PART_1_QUIZ_QUESTIONS = {
    "question-1-a-worker-dies-mid-order": "lesson_1/#a-worker-dies-mid-order",
    "question-2-what-temporal-guarantees": "lesson_1/#guarantees",
    "question-3-workflow-id-and-run-id": "lesson_1/#building-blocks",
    "question-4-where-your-code-runs": "lesson_1/#architecture",
    "question-5-the-clock-in-a-workflow": "lesson_2/#determinism",
    "question-6-an-activity-call-without-a-timeout": "lesson_2/#activity-options",
    "question-7-three-independent-checks": "lesson_2/#sequential-and-parallel",
    "question-8-a-child-workflow-fails": "lesson_2/#child-workflows",
    "question-9-are-workers-stateless": "lesson_3/#how-a-worker-polls",
    "question-10-a-forgotten-activity": "lesson_3/#registering",
    "question-11-a-queue-for-payments": "lesson_3/#task-queue-routing",
    "question-12-how-much-does-one-worker-run": "lesson_3/#scaling-workers",
}
PART_2_QUESTIONS = {
    "question-1-a-server-on-your-laptop": "lesson_4/#the-local-server",
    "question-2-workflow-id-and-run-id": "lesson_4/#workflow-id-and-run-id",
    "question-3-a-duplicate-start": "lesson_4/#duplicate-starts",
    "question-4-a-start-with-no-worker": "lesson_4/#your-first-workflow",
    "question-5-the-default-retry-policy": "lesson_5/#retry-policies",
    "question-6-what-fails-a-workflow": "lesson_5/#which-exceptions-fail-a-workflow",
    "question-7-timeouts": "lesson_5/#activity-timeouts",
    "question-8-no-dead-letter-queue": "lesson_5/#no-dead-letter-queue",
    "question-9-choosing-a-message": "lesson_6/#updates-and-validators",
    "question-10-queries": "lesson_6/#queries",
    "question-11-an-approval-with-a-deadline": "lesson_6/#waiting-with-a-deadline",
    "question-12-signal-with-start": "lesson_6/#signal-with-start-and-update-with-start",
}
# Every quiz page, with each question's anchor and the lesson section its Review link must name.
QUIZZES = {"quiz_part1": PART_1_QUIZ_QUESTIONS, "quiz_part2": PART_2_QUESTIONS, "quiz_part3": QUIZ_QUESTIONS}
QUIZ_CASES = [(quiz, anchor, target) for quiz, questions in QUIZZES.items() for anchor, target in questions.items()]
PAGES = ["course", *COURSE]


@pytest.fixture
def site(course_site: Path) -> Path:
    return course_site


def fresh_page(site: Path, name: str) -> BeautifulSoup:
    """A page parsed anew: for a test that changes it (a fault planted in a copy)."""
    return BeautifulSoup((site / name / "index.html").read_text(encoding="utf-8"), "html.parser")


def page(site: Path, name: str) -> BeautifulSoup:
    """A page of the course (``name``/index.html), parsed once per run: read it, never change it."""
    return parsed_html(site / name / "index.html")


def test_site_root_opens_the_course_home(site):
    assert "course/" in (site / "index.html").read_text(encoding="utf-8")


def test_navigation_lists_home_then_parts_1_2_3(site):
    nav = page(site, "course").select("nav.md-nav--primary a.md-nav__link")
    titles = [a.get_text(" ", strip=True) for a in nav]
    order = [
        "Course home",
        "Lesson 1 - What is Temporal?",
        "Lesson 2 - Workflows & activities",
        "Lesson 3 - Workers & task queues",
        "Part 1 Quiz",
        "Lesson 4 - Running your first workflow",
        "Lesson 5 - Error handling & retries",
        "Lesson 6 - Signals, queries & updates",
        "Part 2 Quiz",
        "Lesson 7 - Order processing",
        "Lesson 8 - Testing & best practices",
        "Lesson 9 - Production deployment",
        "Part 3 Quiz",
    ]
    assert [t for t in titles if t in order] == order


def test_parts_1_2_3_are_the_navigation_sections_in_order(site):
    labels = [
        s.get_text(" ", strip=True) for s in page(site, "course").select("nav.md-nav--primary label.md-nav__link")
    ]
    sections = [label for label in labels if label.startswith("Part ")]
    assert sections[:3] == ["Part 1 - Foundations", "Part 2 - Building & Running", "Part 3 - Real-World Application"]


@pytest.mark.parametrize(("quiz_page", "anchor", "target"), QUIZ_CASES)
def test_each_question_has_a_deep_link_and_a_collapsed_answer(site, quiz_page, anchor, target):
    quiz = page(site, quiz_page)
    heading = quiz.find(id=anchor)
    assert heading is not None and heading.name == "h3"
    answer = heading.find_next("details")
    assert answer is not None and not answer.has_attr("open"), "the answer must start collapsed"
    assert answer.summary.get_text(strip=True) == "Click to reveal answer"


@pytest.mark.parametrize(("quiz_page", "anchor", "target"), QUIZ_CASES)
def test_review_links_point_at_existing_lesson_sections(site, quiz_page, anchor, target):
    quiz = page(site, quiz_page)
    answer = quiz.find(id=anchor).find_next("details")
    review = [a for a in answer.find_all("a") if "Lesson" in a.get_text()]
    assert review and review[-1]["href"].endswith(target)
    lesson, fragment = target.split("/#")
    assert page(site, lesson).find(id=fragment) is not None


def test_quiz_keeps_the_source_emoji_and_arrows_without_mojibake(site):
    html = (site / "quiz_part3" / "index.html").read_text(encoding="utf-8")
    for text in ("🛒", "🧪", "🚀", "📖", "→", "✅", "❌", "🎯", "🌟"):
        assert text in html
    assert not re.search("[ÃÂâð][\x80-\xbf]", html), "double-encoded UTF-8 found"


def test_quiz_shows_all_12_questions_under_their_lessons_then_the_scoring_guide(site):
    quiz = page(site, "quiz_part3")
    headings = [h.get_text(" ", strip=True) for h in quiz.select("h2, h3") if h.get("id")]
    questions = [h.split(":")[0] for h in headings if h.startswith("Question")]
    assert questions == [f"Question {n}" for n in range(1, 13)]
    order = [h for h in headings if h.startswith(("🛒", "🧪", "🚀", "🎯", "📚"))]
    assert [h.split()[0] for h in order] == ["🛒", "🧪", "🚀", "🎯", "📚"]
    assert headings.index(order[1]) > headings.index(next(h for h in headings if h.startswith("Question 4")))


def test_part_1_quiz_has_12_questions_under_its_three_lessons_then_scoring_and_next_steps(site):
    quiz = page(site, "quiz_part1")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in quiz.select("h2, h3") if h.get("id")]
    questions = [h.split(":")[0] for h in headings if h.startswith("Question")]
    assert questions == [f"Question {n}" for n in range(1, 13)]
    sections = [h for h in headings if not h.startswith("Question")]
    assert sections == [
        "🧭 Lesson 1: What is Temporal?",
        "🧱 Lesson 2: Workflows and Activities",
        "⚙️ Lesson 3: Workers and Task Queues",
        "🎯 Scoring Guide",
        "📚 What's Next?",
    ]
    for lesson, first in (("🧱", "Question 5"), ("⚙️", "Question 9")):
        section = next(h for h in headings if h.startswith(lesson))
        assert headings.index(section) == headings.index(next(h for h in headings if h.startswith(first))) - 1
    bands = [li.get_text(" ", strip=True) for li in quiz.select("h2#scoring-guide ~ ul")[0].find_all("li")]
    assert [b.split(" correct:")[0] for b in bands] == ["10-12", "7-9", "4-6", "0-3"]
    assert not re.search("[ÃÂâð][\x80-\xbf]", str(quiz)), "double-encoded UTF-8 found"


def test_part_1_quiz_has_at_least_three_multiple_choice_questions_answered_by_letter(site):
    quiz = page(site, "quiz_part1")
    multiple_choice = 0
    for heading in quiz.select("h3[id^=question-]"):
        answer = heading.find_next("details")
        options = []
        for sibling in heading.find_next_siblings():
            if sibling is answer:
                break
            if sibling.name == "p" and re.match(r"[A-D]\) ", sibling.get_text()):
                options.append(sibling.get_text()[0])
        if options:
            multiple_choice += 1
            assert options == ["A", "B", "C", "D"]
            first = answer.find("p").get_text(" ", strip=True)
            assert re.match(r"Answer: [A-D] - ", first), first
    assert multiple_choice >= 3


def test_quiz_keeps_the_source_question_titles(site):
    if not SEED.exists():  # the source text lies beside the repository on the team's machines, not in forks
        pytest.skip(f"source text not found at {SEED}")
    seed = SEED.read_text(encoding="utf-8")
    quiz = page(site, "quiz_part3")
    for heading in quiz.select("h3"):
        title = heading.get_text(" ", strip=True).rstrip("¶").strip()
        if title.startswith("Question"):
            assert f"### {title}" in seed


# The classes the tested-examples plugin gives every block it writes (after checking the page).
KINDS = ("code", "output", "command", "not-code")


def stray_blocks(soup: BeautifulSoup) -> list[str]:
    """Every code block of a built page that the plugin did not write as it should, described."""
    problems = []
    for pre in soup.find_all(["pre", "xmp", "listing", "plaintext"]):
        wrapper = pre.find_parent(class_="tested-example")
        first = next((line for line in pre.get_text().splitlines() if line.strip()), "")
        if wrapper is None:
            problems.append(f"a block not written by the plugin: {first!r}")
            continue
        kind = next((k for k in KINDS if f"tested-example-{k}" in wrapper["class"]), None)
        links = wrapper.find_next_sibling()
        if kind in ("code", "output"):
            if wrapper.select_one(".filename") is None:
                problems.append(f"a {kind} block without a source title: {first!r}")
            if links is None or links.select_one("small.tested-example-links a.tested-example-test") is None:
                problems.append(f"a {kind} block without its 'tested by' link: {first!r}")
        elif kind == "command":
            if not pre.get_text().startswith("$ python -m examples."):
                problems.append(f"a command block that does not run an example: {first!r}")
        elif kind == "not-code":
            tokens = [s for s in pre.find_all("span") if set(s.get("class") or []) - {"hll"}]
            if tokens:
                problems.append(f"an exempted block that renders highlighted as code: {first!r}")
        else:
            problems.append(f"a block of unknown kind {wrapper['class']}: {first!r}")
    return problems


def test_every_code_block_came_from_an_example(site):
    """Each block on every page: tested code or output (title, source and test links), a command, or plain text."""
    kinds: dict[str, int] = {}
    for html_file in site.rglob("*.html"):
        soup = parsed_html(html_file)
        assert stray_blocks(soup) == [], html_file
        for wrapper in soup.select(".tested-example"):
            kind = next(k for k in KINDS if f"tested-example-{k}" in wrapper["class"])
            kinds[kind] = kinds.get(kind, 0) + 1
    assert set(kinds) == set(KINDS) and kinds["code"] > 100, kinds  # the check looked at the real blocks


PLANTED = {
    "raw HTML": '<pre><code class="language-python">print("typed by hand")</code></pre>',
    "highlight div": '<div class="highlight"><pre><span></span><code>print("typed by hand")</code></pre></div>',
    "fake class": (
        '<div class="tested-example tested-example-code highlight"><pre><code>print("typed")</code></pre></div>'
    ),
}


@pytest.mark.parametrize("block", PLANTED.values(), ids=PLANTED.keys())
def test_the_block_check_catches_a_block_planted_in_a_copy_of_a_page(site, block):
    soup = fresh_page(site, "lesson_7")
    assert stray_blocks(soup) == []
    article = soup.select_one("article")
    article.append(BeautifulSoup(block, "html.parser"))
    assert stray_blocks(soup) != []


def test_the_build_fails_on_a_hand_typed_block_planted_in_a_copy_of_a_page(tmp_path):
    """The plugin's gate on the rendered page: an indented code block typed into lesson 7 stops the build."""
    for name in ("overrides", "examples", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    lesson = tmp_path / "docs" / "lesson_7.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text + "\nTyped by hand:\n\n    print('not tested')\n", encoding="utf-8")
    line = text.count("\n") + 4
    proc = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode != 0
    assert (
        f"docs/lesson_7.md:{line}: a code block starting 'print('not tested')' on the rendered page did not come "
        "from an ```example block"
    ) in proc.stderr, proc.stderr


def test_pages_request_nothing_outside_the_site(site):
    for html_file in site.rglob("*.html"):
        soup = parsed_html(html_file)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in soup.find_all(tag):
                url = element.get(attr, "")
                if (
                    tag == "link"
                    and "stylesheet" not in element.get("rel", [])
                    and "preload" not in element.get("rel", [])
                ):
                    continue  # <link rel="canonical|next|prev"> is not fetched
                assert not re.match(r"(https?:)?//", url), f"{html_file}: {tag} loads {url}"
        assert 'data-md-component="source"' not in str(soup), "the repository facts fetch must stay disabled"


def test_every_script_a_page_loads_is_deferred(site):
    """overrides/main.html: Material's bundle and our scripts wait for the page to be parsed."""
    pages = sorted(site.rglob("*.html"))
    loaded = 0
    for html_file in pages:
        for script in parsed_html(html_file).find_all("script", src=True):
            loaded += 1
            assert script.has_attr("defer"), f"{html_file.relative_to(site)}: {script} is not deferred"
    assert loaded >= 5 * len(PAGES), f"only {loaded} scripts on {len(pages)} pages"


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_an_edit_link(site, name):
    edit = page(site, name).select_one('a[rel="edit"]')
    assert edit is not None and edit["href"].endswith(f"/edit/main/docs/{name}.md")


def test_lesson_4_shows_the_web_ui_screenshots_sized_lazy_and_described(site):
    """The Web UI pictures (recorded by tests/examples/lesson4/test_inspect_run.py) are in the
    site, with their real size, lazy loading and alt text that says what they show."""
    images = page(site, "lesson_4").select("article img")
    assert [img["src"] for img in images] == [
        "../images/lesson4/workflows.png",
        "../images/lesson4/workflow.png",
        "../images/lesson4/event-history.png",
    ]
    for img in images:
        assert img.get("loading") == "lazy"
        assert "order-A-1003" in img.get("alt", "") and len(img["alt"]) > 60
        png = (site / "lesson_4" / img["src"]).resolve().read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert (img.get("width"), img.get("height")) == (str(width), str(height))


def test_part_2_quiz_has_12_questions_under_lessons_4_to_6_then_scoring_and_whats_next(site):
    quiz = page(site, "quiz_part2")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in quiz.select("h2, h3") if h.get("id")]
    questions = [h.split(":")[0] for h in headings if h.startswith("Question")]
    assert questions == [f"Question {n}" for n in range(1, 13)]
    lessons = [h for h in headings if "Lesson" in h and not h.startswith("Question")]
    assert [h.split(":")[0].split()[-2:] for h in lessons] == [["Lesson", "4"], ["Lesson", "5"], ["Lesson", "6"]]
    assert headings.index(lessons[1]) > headings.index(next(h for h in headings if h.startswith("Question 4")))
    assert headings.index(lessons[2]) > headings.index(next(h for h in headings if h.startswith("Question 8")))
    assert [h for h in headings if h.startswith(("🎯", "📚"))] == ["🎯 Scoring Guide", "📚 What's Next?"]
    whats_next = quiz.find(id="whats-next").find_next("ul")
    assert any(a["href"].endswith("lesson_7/") for a in whats_next.find_all("a"))


def test_part_2_quiz_has_multiple_choice_questions_and_answers_that_open_with_the_answer(site):
    quiz = page(site, "quiz_part2")
    choices = 0
    for heading in quiz.select("h3[id^=question-]"):
        answer = heading.find_next("details")
        first = answer.find("p", class_=False)
        assert first is not None and first.get_text().startswith("Answer:"), heading["id"]
        options = []
        for sibling in heading.find_next_siblings():
            if sibling is answer:
                break
            if sibling.name == "p" and re.match(r"[A-D]\) ", sibling.get_text()):
                options.append(sibling.get_text()[0])
        if options:
            choices += 1
            assert options == ["A", "B", "C", "D"]
            assert re.match(r"Answer: [A-D] - ", first.get_text()), heading["id"]
    assert choices >= 3
