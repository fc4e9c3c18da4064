"""What tested_examples.lean_code relies on, in chromium: a plain name (Pygments' "n" span)
and whitespace ("w") look exactly like the code around them, in both schemes. If a palette
ever colours names, this fails and the extension must go."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

PAGE = "lesson_7/"

COLOURS = """() => {
  const code = document.querySelector(".md-typeset .highlight pre > code");
  const probe = (cls) => {
    const span = document.createElement("span");
    span.className = cls;
    span.textContent = "order";
    code.appendChild(span);
    const style = getComputedStyle(span);
    const seen = [style.color, style.backgroundColor, style.fontWeight, style.fontStyle, style.textDecorationLine];
    span.remove();
    return seen;
  };
  return {code: probe(""), n: probe("n"), w: probe("w"), keyword: probe("k")};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_names_and_whitespace_look_like_the_code_around_them(browser: Browser, site_url: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site_url + PAGE)
        seen = page.evaluate(COLOURS)
        assert seen["n"] == seen["code"], seen
        assert seen["w"] == seen["code"], seen
        assert seen["keyword"] != seen["code"], seen  # the probe does see a token colour
        assert page.locator(".highlight pre span.n, .highlight pre span.w").count() == 0
    finally:
        context.close()
