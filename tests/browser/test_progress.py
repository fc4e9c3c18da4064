"""Progress across the course, in chromium: a learner marks lessons done, and the course
home and the navigation show it beside the quiz scores; a reset clears it all."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

LESSON = "lesson_7/"
HOME = "course/"
QUIZ = "quiz_part3/"


def toggle(page: Page):
    return page.locator(".lesson-progress").get_by_role("button")


def lesson_count(page: Page) -> int:
    """How many lessons the course home lists (the course grows part by part)."""
    return page.locator(".course-progress a[href*='lesson_']").count()


def nav_link(page: Page, title: str):
    return page.locator(".md-nav--primary a.md-nav__link", has_text=title).first


def test_a_lesson_marked_done_shows_on_the_home_and_in_the_navigation(page: Page, site_url: str) -> None:
    page.goto(site_url + LESSON)
    expect(toggle(page)).to_have_text("Mark this lesson as done")
    expect(toggle(page)).to_have_attribute("aria-pressed", "false")
    expect(nav_link(page, "Lesson 7")).not_to_contain_text("(done)")

    toggle(page).click()
    expect(toggle(page)).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".lesson-progress__status")).to_have_text(
        "Marked done in this browser: the course home and the navigation show it."
    )
    expect(nav_link(page, "Lesson 7")).to_contain_text("(done)")  # the words a screen reader reads

    page.reload()  # kept in the browser
    expect(toggle(page)).to_have_attribute("aria-pressed", "true")
    page.goto(site_url + HOME)
    expect(page.locator(".course-progress")).to_contain_text("Lesson 7 ✓ done")
    expect(page.locator(".course-progress")).to_contain_text("Lesson 8 not done yet")
    expect(page.locator(".course-progress__summary")).to_have_text(
        f"1 of {lesson_count(page)} lessons done (kept in this browser)."
    )
    expect(nav_link(page, "Lesson 7")).to_contain_text("(done)")
    expect(nav_link(page, "Lesson 8")).not_to_contain_text("(done)")


def test_the_mark_is_a_keyboard_toggle(page: Page, site_url: str) -> None:
    page.goto(site_url + LESSON)
    toggle(page).focus()
    page.keyboard.press("Enter")
    expect(toggle(page)).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Space")
    expect(toggle(page)).to_have_attribute("aria-pressed", "false")
    expect(toggle(page)).to_have_text("Mark this lesson as done")
    expect(nav_link(page, "Lesson 7")).not_to_contain_text("(done)")


def test_the_navigation_shows_a_quiz_score_and_the_home_resets_everything(page: Page, site_url: str) -> None:
    page.goto(site_url + QUIZ)
    first = page.locator("h3[id^='question-'] ~ details").first
    first.locator(":scope > summary").click()
    first.get_by_role("button", name="I got it right on the first try").click()
    total = page.locator("article h3[id^='question-']").count()
    expect(nav_link(page, "Part 3 Quiz")).to_contain_text(f"(your score: 1 of {total})")
    page.goto(site_url + LESSON)
    toggle(page).click()

    page.goto(site_url + HOME)
    expect(page.locator(".quiz-progress")).to_contain_text(f"Part 3 Quiz: 1 of {total} right on the first try")
    page.get_by_role("button", name="Reset all progress").click()
    expect(page.locator(".course-progress__summary")).to_have_text(
        f"Progress reset. 0 of {lesson_count(page)} lessons done (kept in this browser)."
    )
    expect(page.locator(".quiz-progress")).to_contain_text("Part 3 Quiz: not started")
    expect(nav_link(page, "Lesson 7")).not_to_contain_text("(done)")
    expect(nav_link(page, "Part 3 Quiz")).not_to_contain_text("your score")
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('tfc-'))") == []


def test_without_javascript_the_pages_stay_plain_pages(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + LESSON)
        expect(page.locator(".lesson-progress")).to_be_empty()  # no dead control
        page.goto(site_url + HOME)
        expect(page.locator(".course-progress").get_by_role("link", name="Lesson 7")).to_be_visible()
        expect(page.locator(".course-progress__summary")).to_have_count(0)
    finally:
        context.close()
