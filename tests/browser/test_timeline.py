"""Timelines of recorded runs (``show: timeline``) in chromium: every drawing on a phone and a desktop,
light and dark: it fits without scrolling the page, has its accessible name, legible labels,
and colours at 5:1 against the page as the browser paints them."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

DRAWINGS = {
    "quiz_part3/": 4,
    "lesson_5/": 1,
    "lesson_7/": 1,
    "lesson_9/": 1,
    "lesson_10/": 3,
}  # pages and how many drawings each has
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def _rgb(css: str) -> tuple[float, float, float]:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
    return r, g, b


def _contrast(a: str, b: str) -> float:
    def luminance(rgb: tuple[float, float, float]) -> float:
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(_rgb(a)), luminance(_rgb(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("path", list(DRAWINGS))
def test_every_drawing_fits_is_named_and_legible(page: Page, site_url: str, path: str, viewport: str, scheme):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # answers and tables
    figures = page.locator("figure.tested-timeline")
    expect(figures).to_have_count(DRAWINGS[path])
    expect(page.get_by_role("img", name=re.compile(r"^Timeline of the recorded runs? "))).to_have_count(DRAWINGS[path])
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for index in range(DRAWINGS[path]):
        figure = figures.nth(index)
        box = figure.locator("svg").bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
        assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[viewport]["width"]
        heights = figure.locator("svg text.tl-label").evaluate_all(
            "ts => ts.map(t => t.getBoundingClientRect().height)"
        )
        assert min(heights) >= 11, f"labels {min(heights):.1f} px high"
        paints = figure.locator("svg .tl-bar:not(.tl-failed), svg .tl-workflow").evaluate_all(
            "es => es.map(e => getComputedStyle(e).fill)"
        )
        paints += figure.locator("svg .tl-mark").evaluate_all("es => es.map(e => getComputedStyle(e).stroke)")
        paints += figure.locator("svg text").evaluate_all("es => es.map(e => getComputedStyle(e).fill)")
        low = min(paints, key=lambda paint: _contrast(paint, background))
        assert _contrast(low, background) >= 5, f"{low} on {background}"


def test_printed_in_the_dark_scheme_a_drawing_takes_the_light_colours(browser: Browser, site_url: str):
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(site_url + "lesson_7/")
        bar = page.locator("figure.tested-timeline svg .tl-bar:not(.tl-failed)").first
        assert bar.evaluate("e => getComputedStyle(e).fill") == "rgb(143, 184, 245)"  # on screen: slate
        page.emulate_media(media="print")
        assert bar.evaluate("e => getComputedStyle(e).fill") == "rgb(27, 79, 156)"  # on paper: the light scheme's
        text = page.locator("figure.tested-timeline svg text").first
        assert text.evaluate("e => getComputedStyle(e).fill") == "rgb(0, 0, 0)"
    finally:
        context.close()
