"""The light/dark toggle (overrides/partials/palette.html and javascripts/palette.html), in
chromium: the system's scheme at first, the learner's choice after a click or Enter, kept
across pages; and no page load recomputes the style of every element to apply it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

LESSON = "lesson_9/"  # the longest lesson: where a page-wide style recalculation costs most
HOME = "course/"

# Records every change of the body's palette attributes from the first byte of the page on.
WATCH_BODY = """
window.__paletteChanges = [];
new MutationObserver(records => {
  for (const r of records) window.__paletteChanges.push(r.attributeName);
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-md-color-switching"]});
"""


# Every layout shift from the first byte on, with what moved.
WATCH_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    const moved = (e.sources || []).map(s => s.node ? s.node.nodeName + "." + (s.node.className || "") : "?");
    window.__shifts.push({value: e.value, moved: moved});
  }
}).observe({type: "layout-shift", buffered: true});
"""
VIEWPORTS = {"phone": {"width": 412, "height": 823}, "desktop": {"width": 1350, "height": 940}}


def next_frames(page: Page) -> None:
    """Until the browser has drawn two more frames: what a page does right after load has happened."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def scheme(page: Page):
    return page.locator("body")


def test_a_dark_system_gets_the_dark_scheme_and_a_way_back(browser: Browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(site_url + LESSON)
        expect(scheme(page)).to_have_attribute("data-md-color-scheme", "slate")
        expect(page.get_by_title("Switch to light mode")).to_be_visible()
        expect(page.get_by_title("Switch to dark mode")).to_be_hidden()
        expect(page.locator('meta[name="color-scheme"]')).to_have_attribute("content", "dark")
        header = page.locator("header.md-header").evaluate("h => getComputedStyle(h).backgroundColor")
        red, green, blue = (int(c) for c in header[header.index("(") + 1 : -1].split(",")[:3])
        expect(page.locator('meta[name="theme-color"]')).to_have_attribute(
            "content", f"#{red:02x}{green:02x}{blue:02x}"
        )  # a phone's address bar takes the header's colour, as with Material's toggle
    finally:
        context.close()


def test_a_click_switches_the_scheme_and_the_choice_is_kept_on_the_next_page(page: Page, site_url: str) -> None:
    page.goto(site_url + LESSON)
    expect(scheme(page)).to_have_attribute("data-md-color-scheme", "default")
    page.get_by_title("Switch to dark mode").click()
    expect(scheme(page)).to_have_attribute("data-md-color-scheme", "slate")
    expect(page.get_by_title("Switch to light mode")).to_be_visible()
    expect(page.locator('meta[name="color-scheme"]')).to_have_attribute("content", "dark")

    page.goto(site_url + HOME)  # a light system, but the learner chose dark
    expect(scheme(page)).to_have_attribute("data-md-color-scheme", "slate")
    page.get_by_title("Switch to light mode").click()
    page.reload()
    expect(scheme(page)).to_have_attribute("data-md-color-scheme", "default")


def test_enter_on_the_toggle_switches_the_scheme(page: Page, site_url: str) -> None:
    page.goto(site_url + LESSON)
    page.get_by_label("Switch to dark mode").focus()
    page.keyboard.press("Enter")
    expect(scheme(page)).to_have_attribute("data-md-color-scheme", "slate")
    expect(page.get_by_label("Switch to light mode")).to_be_focused()


def test_loading_a_page_does_not_restyle_every_element(browser: Browser, site_url: str) -> None:
    """Material's palette component flags the body data-md-color-switching after load, which
    invalidates the style of every element (its rule is ``[data-md-color-switching] *``)."""
    for system in ("light", "dark"):
        context = browser.new_context(color_scheme=system)
        try:
            page = context.new_page()
            page.add_init_script(WATCH_BODY)
            page.goto(site_url + LESSON, wait_until="load")
            page.wait_for_function("document.readyState === 'complete' && window.document$ !== undefined")
            next_frames(page)
            assert page.evaluate("window.__paletteChanges") == [], system
            page.locator("form[data-tfc-palette] label:visible").click()  # a switch the learner asks for may
            page.wait_for_function("window.__paletteChanges.length === 2")
        finally:
            context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_nothing_on_screen_moves_while_the_page_loads(browser: Browser, site_url: str, viewport: str) -> None:
    """The toggle stays unseen until Material's script has shown the search box beside it."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    try:
        page = context.new_page()
        page.add_init_script(WATCH_SHIFTS)
        for path in ("lesson_1/", LESSON):
            page.goto(site_url + path, wait_until="load")
            page.wait_for_function("document.documentElement.classList.contains('js')")
            expect(page.locator("form[data-tfc-palette] label:visible")).to_have_count(1)
            next_frames(page)
            assert page.evaluate("window.__shifts") == [], path
    finally:
        context.close()
