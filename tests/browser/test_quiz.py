"""What a learner does with the quiz, in chromium: on the course site, and on a small
fixture site with a multiple-choice question (the contract in CONTRIBUTING.md) and
Material's instant navigation."""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect


@dataclass(frozen=True)
class Quiz:
    """A course quiz page and the questions the tests use on it."""

    path: str
    open: tuple[str, str, str]  # three questions answered with the "right"/"not yet" marks
    choices: dict[str, str]  # each multiple-choice question and its right option
    wrong: str  # a wrong option of the first multiple-choice question
    low_band: str  # the Scoring Guide's lowest band
    top_band: str = "10-12 correct"  # its first band

    @property
    def choice(self) -> str:
        return next(iter(self.choices))


PART_1 = Quiz(
    "quiz_part1/",
    ("question-1-a-worker-dies-mid-order", "question-3-workflow-id-and-run-id", "question-5-the-clock-in-a-workflow"),
    {
        "question-2-what-temporal-guarantees": "C",
        "question-4-where-your-code-runs": "B",
        "question-6-an-activity-call-without-a-timeout": "C",
        "question-9-are-workers-stateless": "B",
        "question-12-how-much-does-one-worker-run": "C",
    },
    "A",
    "0-3 correct: 🔄 Revisit Part 1 lessons",
)
PART_2 = Quiz(
    "quiz_part2/",
    ("question-2-workflow-id-and-run-id", "question-4-a-start-with-no-worker", "question-5-the-default-retry-policy"),
    {
        "question-3-a-duplicate-start": "B",
        "question-1-a-server-on-your-laptop": "A",
        "question-6-what-fails-a-workflow": "B",
        "question-9-choosing-a-message": "B",
    },
    "C",
    "0-3 correct: 🔄 Revisit Part 2 lessons",
)
PART_3 = Quiz(
    "quiz_part3/",
    ("question-1-workflow-design", "question-2-saga-pattern", "question-3-activity-idempotency"),
    {"question-7-common-pitfalls": "A"},
    "C",
    "0-3 correct: 🔄 Revisit Part 3 lessons",
)

# Lesson 10 ends with a self-check in the quiz form: the same contract, on a lesson page.
LESSON_10 = Quiz(
    "lesson_10/",
    ("question-2-parallel-undos", "question-3-a-refund-that-never-succeeds", "question-5-the-two-day-deadline"),
    {
        "question-6-after-the-pivot": "B",  # first: far from quiz.open[0] (the deep-link test)
        "question-1-where-to-register-the-refund": "B",
        "question-4-catching-cancellation": "C",
    },
    "A",
    "0-3 correct: 🔄 Work through the lesson's examples again",
    "6 correct",
)


@pytest.fixture(params=[PART_1, PART_2, PART_3, LESSON_10], ids=["part1", "part2", "part3", "lesson10"])
def quiz(request) -> Quiz:
    return request.param


@pytest.fixture(params=[PART_1, PART_2, PART_3], ids=["part1", "part2", "part3"])
def course_quiz(request) -> Quiz:
    """The quizzes the course home lists with their scores."""
    return request.param


def answer(page: Page, qid: str):
    """The <details> answer of a question: the first one after its heading."""
    return page.locator(f"h3#{qid} ~ details").first


def reveal(page: Page, qid: str) -> None:
    answer(page, qid).locator(":scope > summary").click()  # its own, not a timeline table's inside it
    expect(answer(page, qid)).to_have_attribute("open", "")


def mark(page: Page, qid: str, which: str) -> None:
    reveal(page, qid)
    label = {"right": "I got it right on the first try", "not-yet": "Not yet"}[which]
    answer(page, qid).get_by_role("button", name=label).click()


def status(page: Page):
    return page.locator(".quiz-panel__status")


def stored(page: Page) -> dict:
    return page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('tfc-quiz:'))"
        ".map(k => [k, JSON.parse(localStorage.getItem(k))]))"
    )


def questions(page: Page) -> list[str]:
    return page.eval_on_selector_all('article h3[id^="question-"]', "hs => hs.map(h => h.id)")


# ------------------------------------------------------------------ the course quiz


def test_marks_give_a_running_score_and_the_band_from_the_scoring_guide(page, site_url, quiz):
    q1, q2, _ = quiz.open
    page.goto(site_url + quiz.path)
    total = len(questions(page))
    expect(status(page)).to_have_text(f"Score: nothing answered yet ({total} questions).")
    mark_buttons = answer(page, q1).locator(".quiz-mark")
    expect(mark_buttons).to_be_hidden()  # only after the reveal

    mark(page, q1, "right")
    expect(answer(page, q1).get_by_role("button", name="I got it right on the first try")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(status(page)).to_contain_text(f"1 of {total} right on the first try (1 of {total} answered)")
    expect(status(page)).to_contain_text(f"Band: {quiz.low_band}")
    expect(status(page)).to_have_attribute("aria-live", "polite")
    band = page.locator("li.quiz-band--current")
    expect(band).to_have_count(1)
    expect(band).to_contain_text("0-3 correct")
    expect(answer(page, q1).locator("summary .quiz-badge")).to_have_text("✅ right first try")

    mark(page, q2, "not-yet")
    expect(status(page)).to_contain_text(f"1 of {total} right on the first try (2 of {total} answered)")
    open_questions = [qid for qid in questions(page) if answer(page, qid).locator(".quiz-mark").count()]
    assert not set(quiz.choices) & set(open_questions)
    assert len(open_questions) == total - len(quiz.choices)
    for qid in open_questions:
        if qid not in (q1, q2):
            mark(page, qid, "right")
    right = len(open_questions) - 1  # every open question right but the second
    answered = len(open_questions)
    expect(status(page)).to_contain_text(f"{right} of {total} right on the first try ({answered} of {total} answered)")
    band_text = page.evaluate(
        """(score) => [...document.querySelectorAll('h2#scoring-guide ~ ul li')]
            .map(li => li.textContent).find(t => { const m = /(\\d+)-(\\d+) correct/.exec(t);
              return m && score >= +m[1] && score <= +m[2]; })""",
        right,
    )
    expect(band).to_have_text(re.compile(re.escape(band_text.strip())))

    # Changing a mark: "Not yet" then "right" on the second question; then every choice right.
    answer(page, q2).get_by_role("button", name="I got it right on the first try").click()
    expect(status(page)).to_contain_text(f"{right + 1} of {total} right on the first try")
    for qid, letter in quiz.choices.items():
        page.locator(f"h3#{qid} ~ .quiz-choice").first.locator(f"button[data-option='{letter}']").click()
    expect(status(page)).to_contain_text(f"{total} of {total} right on the first try ({total} of {total} answered)")


def test_marks_survive_a_reload_and_reset_clears_them(page, site_url, quiz):
    Q1, _, Q3 = quiz.open
    page.goto(site_url + quiz.path)
    mark(page, Q1, "right")
    mark(page, Q3, "not-yet")
    expect(status(page)).to_contain_text("1 of ")
    assert next(iter(stored(page).values()))["marks"] == {Q1: "right", Q3: "not-yet"}

    page.reload()
    expect(status(page)).to_contain_text("1 of ")
    expect(status(page)).to_contain_text("(2 of ")
    expect(answer(page, Q1).locator("summary .quiz-badge")).to_have_text("✅ right first try")
    expect(answer(page, Q3).locator("summary .quiz-badge")).to_have_text("🔁 not yet")
    reveal(page, Q3)
    expect(answer(page, Q3).get_by_role("button", name="Not yet")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("button", name="Reset this quiz").click()
    expect(status(page)).to_contain_text("Quiz reset. Score: nothing answered yet")
    expect(answer(page, Q3).get_by_role("button", name="Not yet")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("li.quiz-band--current")).to_have_count(0)
    assert stored(page) == {}
    page.reload()
    expect(status(page)).to_contain_text("nothing answered yet")


def test_course_home_shows_each_quizs_score(page, site_url, course_quiz):
    quiz = course_quiz
    page.goto(site_url + "course/")
    progress = page.locator(".quiz-progress .quiz-progress__score")
    quizzes = page.locator(".quiz-progress a[href*='quiz_']").count()  # one per part
    expect(progress).to_have_count(quizzes)
    expect(progress).to_have_text([": not started"] * quizzes)
    this_quiz = page.locator(f".quiz-progress a[href*='{quiz.path.rstrip('/')}'] + .quiz-progress__score")

    page.goto(site_url + quiz.path)
    Q1, Q2, _ = quiz.open
    mark(page, Q1, "right")
    mark(page, Q2, "right")
    total = len(questions(page))
    page.goto(site_url + "course/")
    expect(this_quiz).to_contain_text(f"2 of {total} right on the first try (2 of {total} answered). 0-3 correct")
    expect(progress.filter(has_text="not started")).to_have_count(quizzes - 1)  # the other quizzes


def test_keyboard_only(page, site_url, quiz):
    Q1 = quiz.open[0]
    page.goto(site_url + quiz.path)

    def tab_to(predicate: str, limit: int = 400) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({predicate}); }}"):
                return
        pytest.fail(f"Tab never reached: {predicate}")

    tab_to(f"e.tagName === 'SUMMARY' && e.parentElement === document.querySelector('h3#{Q1} ~ details')")
    page.keyboard.press("Enter")
    expect(answer(page, Q1)).to_have_attribute("open", "")
    tab_to("e.dataset.mark === 'right'")
    page.keyboard.press("Enter")
    expect(status(page)).to_contain_text("1 of ")
    tab_to("e.dataset.mark === 'not-yet'")
    page.keyboard.press("Space")
    expect(status(page)).to_contain_text("0 of ")
    # Focus is visible on the control the keyboard is on.
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    tab_to("e.classList.contains('quiz-panel__reset')")
    page.keyboard.press("Enter")
    expect(status(page)).to_contain_text("Quiz reset.")


@pytest.mark.parametrize("which", ["open", "choice"])
def test_deep_link_scrolls_to_the_question(page, site_url, quiz, which):
    qid = quiz.open[2] if which == "open" else quiz.choice
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + quiz.path + "#" + qid)
    heading = page.locator(f"h3#{qid}")
    expect(heading).to_be_in_viewport()
    expect(page.locator(f"h3#{quiz.open[0]}")).not_to_be_in_viewport()
    page.wait_for_timeout(300)  # after the quiz script ran
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top < 300


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_printing_shows_every_answer(browser, site_url, quiz, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(site_url + quiz.path)
        page.emulate_media(media="print")
        for qid in questions(page):
            expect(answer(page, qid).locator("p", has_text="Answer:").first).to_be_visible()
        expect(page.locator(".quiz-mark:visible")).to_have_count(0)
    finally:
        context.close()


def test_without_javascript_answers_are_plain_collapsibles(browser, site_url, quiz):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + quiz.path)
        expect(page.locator(".quiz-panel, .quiz-mark")).to_have_count(0)
        first = answer(page, quiz.open[0])
        expect(first).not_to_have_attribute("open", "")
        expect(first.locator("p", has_text="Answer:").first).to_be_hidden()
        first.locator(":scope > summary").click()
        expect(first.locator("p", has_text="Answer:").first).to_be_visible()
        expect(page.locator("h2#scoring-guide ~ ul li").first).to_contain_text(quiz.top_band)
    finally:
        context.close()


def test_dark_mode(browser, site_url, quiz):
    Q1 = quiz.open[0]
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(site_url + quiz.path)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        mark(page, Q1, "right")
        button = answer(page, Q1).get_by_role("button", name="I got it right on the first try")
        fg, bg = button.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
        luminance = [sum(int(v) for v in re.findall(r"\d+", c)[:3]) for c in (fg, bg)]
        assert luminance[0] > luminance[1] + 300, f"light text on a dark button expected: {fg} on {bg}"
    finally:
        context.close()


def test_every_request_stays_on_the_site(context, site_url):
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + "course/")
    for quiz in (PART_1, PART_2, PART_3):
        page.goto(site_url + quiz.path)
        mark(page, quiz.open[0], "right")
        page.get_by_role("button", name="Reset this quiz").click()
    for lesson in ("lesson_1/", "lesson_2/", "lesson_3/", "lesson_4/", "lesson_5/", "lesson_6/", "lesson_7/"):
        page.goto(site_url + lesson)
    page.wait_for_load_state("networkidle")
    assert requests, "no request recorded"
    outside = [url for url in requests if not url.startswith(site_url) and not url.startswith("data:")]
    assert outside == []


# ----------------------------------------------- multiple choice, instant navigation


def choose(page: Page, letter: str) -> None:
    page.locator(f".quiz-choice button[data-option='{letter}']").click()


def test_multiple_choice_right_answer(page, fixture_url):
    page.goto(fixture_url + "quiz/")
    options = page.locator(".quiz-choice button.quiz-choice__option")
    expect(options).to_have_count(4)
    expect(options.first).to_contain_text("Storing large data payloads")
    explanation = page.locator("h3#question-7-common-pitfalls ~ details").first
    expect(explanation).not_to_have_attribute("open", "")
    choose(page, "A")
    expect(page.locator(".quiz-choice__feedback")).to_have_text("✅ Correct: A.")
    expect(explanation).to_have_attribute("open", "")  # then the explanation
    expect(page.locator(".quiz-choice button[data-option='A']")).to_have_attribute("aria-pressed", "true")
    expect(status(page)).to_contain_text(
        "1 of 3 right on the first try (1 of 3 answered). Band: 0-1 correct: 🔄 Revisit the lessons"
    )


def test_multiple_choice_wrong_answer_counts_the_first_try(page, fixture_url):
    page.goto(fixture_url + "quiz/")
    choose(page, "B")
    feedback = page.locator(".quiz-choice__feedback")
    expect(feedback).to_have_text("❌ Not quite: you chose B. The answer is A.")
    expect(feedback).to_have_attribute("role", "status")
    expect(page.locator(".quiz-choice__option--wrong")).to_have_attribute("data-option", "B")
    expect(page.locator(".quiz-choice__option--correct")).to_have_attribute("data-option", "A")
    page.locator(".quiz-choice button[data-option='A']").click(force=True)  # a second try does not count
    expect(feedback).to_contain_text("you chose B")
    expect(status(page)).to_contain_text("0 of 3 right on the first try (1 of 3 answered)")
    page.reload()
    expect(feedback).to_contain_text("you chose B")
    page.get_by_role("button", name="Reset this quiz").click()
    expect(feedback).to_have_text("")
    choose(page, "A")
    expect(feedback).to_have_text("✅ Correct: A.")


def test_multiple_choice_by_keyboard_and_full_score_band(page, fixture_url):
    page.goto(fixture_url + "quiz/")
    page.locator("h3#question-1-an-open-question ~ details summary").first.focus()
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.dataset.mark === 'right'"):
            break
    page.keyboard.press("Enter")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.dataset.option === 'A'"):
            break
    page.keyboard.press("Enter")
    expect(page.locator(".quiz-choice__feedback")).to_have_text("✅ Correct: A.")
    mark(page, "question-8-another-open-question", "right")
    expect(status(page)).to_contain_text(
        "3 of 3 right on the first try (3 of 3 answered). Band: 3-3 correct: 🌟 Excellent!"
    )


def test_instant_navigation_reinitialises_the_quiz(page, fixture_url):
    page.goto(fixture_url)
    expect(page.locator(".quiz-progress__score")).to_have_text(": not started")
    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_role("link", name="The fixture quiz").click()
    expect(page).to_have_url(re.compile(r"/quiz/$"))
    choose(page, "A")
    expect(status(page)).to_contain_text("1 of 3")
    page.locator("article").get_by_role("link", name="home").click()
    expect(page).to_have_url(fixture_url)
    expect(page.locator(".quiz-progress__score")).to_contain_text("1 of 3 right on the first try")
    # Instant navigation: still the same document, no full reload.
    assert page.evaluate("() => window.__sameDocument") is True


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
def test_a_multiple_choice_question_on_the_course_quiz(page, site_url, quiz, right):
    """Plain Markdown: options "A) ..." and an answer opening "**Answer:** <letter> - ..."."""
    qid, answer_letter = quiz.choice, quiz.choices[quiz.choice]
    choice = answer_letter if right else quiz.wrong
    feedback = (
        f"✅ Correct: {answer_letter}."
        if right
        else f"❌ Not quite: you chose {choice}. The answer is {answer_letter}."
    )
    page.goto(site_url + quiz.path)
    box = page.locator(f"h3#{qid} ~ .quiz-choice").first
    expect(box).to_have_attribute("data-answer", answer_letter)
    options = box.locator("button.quiz-choice__option")
    expect(options).to_have_count(4)
    expect(options).to_have_text([re.compile(f"^{letter}\\) ") for letter in "ABCD"])
    explanation = answer(page, qid)
    expect(explanation).not_to_have_attribute("open", "")
    expect(explanation.locator(".quiz-mark")).to_have_count(0)  # scored by the choice, not a mark
    box.locator(f"button[data-option='{choice}']").click()
    expect(box.locator(".quiz-choice__feedback")).to_have_text(feedback)
    expect(explanation).to_have_attribute("open", "")
    expect(status(page)).to_contain_text(f"{int(right)} of ")
    page.reload()
    expect(page.locator(f"h3#{qid} ~ .quiz-choice").first.locator(".quiz-choice__feedback")).to_have_text(feedback)
