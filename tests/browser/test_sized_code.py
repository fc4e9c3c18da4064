"""Code blocks skipped off screen keep their exact height, in chromium, on every page.

site.css skips drawing the code blocks a learner has not scrolled to
(``content-visibility: auto``) and gives each a placeholder computed from its line
count (``tested_examples.sized_code``). If the placeholder were wrong, the page would
change height as the learner scrolls and a link to an anchor would land beside it.
This compares, for every block of every page, the placeholder with the block drawn,
on a phone and on a desktop, answers and other collapsed parts opened (within 1 px, and
1/64 px a line for the rounding of line heights).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.support.site import COURSE

PAGES = ["course", *COURSE, "lesson_7_listings"]
SCREENS = {"phone": {"width": 412, "height": 823}, "desktop": {"width": 1280, "height": 900}}
# Chromium lays lines out in 1/64 px units (LayoutUnit), so a line of 19.04 px is drawn
# 19.03125 px tall: a long block falls short of the exact product by up to 1/64 px a line.
TOLERANCE_PX = 1.0
PER_LINE_PX = 1 / 64

MEASURE = """() => {
  const blocks = [...document.querySelectorAll(".md-typeset .highlight > pre")];
  const before = blocks.map((pre) => {
    const style = getComputedStyle(pre);
    return {lines: pre.style.getPropertyValue("--code-lines"), skip: style.contentVisibility,
            placeholder: style.containIntrinsicHeight};
  });
  document.querySelectorAll("details").forEach((details) => { details.open = true; });
  const drawn = document.createElement("style");
  drawn.textContent = ".md-typeset .highlight > pre { content-visibility: visible !important; }";
  document.head.append(drawn);
  return blocks.map((pre, index) => ({
    ...before[index],
    shown: pre.getClientRects().length > 0,
    height: pre.getBoundingClientRect().height,
    text: pre.textContent.slice(0, 60),
  }));
}"""


def _placeholder_px(value: str) -> float:
    """``auto 658.4px`` (chromium's computed contain-intrinsic-height) -> 658.4."""
    words = value.split()
    assert words and words[0] == "auto" and words[-1].endswith("px"), value
    return float(words[-1].removesuffix("px"))


@pytest.mark.parametrize("screen", SCREENS)
def test_every_code_block_placeholder_is_as_tall_as_the_block(browser: Browser, site_url: str, screen: str) -> None:
    context = browser.new_context(viewport=SCREENS[screen], is_mobile=screen == "phone")
    wrong: list[str] = []
    measured = 0
    try:
        page = context.new_page()
        for name in PAGES:
            page.goto(f"{site_url}{name}/")
            for number, block in enumerate(page.evaluate(MEASURE), start=1):
                where = f"{name}/ block {number} ({block['text']!r})"
                if not block["lines"] or block["skip"] != "auto":
                    sized = f"--code-lines={block['lines']!r}, content-visibility {block['skip']}"
                    wrong.append(f"{where}: not sized ({sized})")
                    continue
                if not block["shown"]:  # in a tab not selected: no box to compare
                    continue
                measured += 1
                placeholder = _placeholder_px(block["placeholder"])
                if abs(placeholder - block["height"]) > TOLERANCE_PX + PER_LINE_PX * int(block["lines"]):
                    wrong.append(
                        f"{where}: placeholder {placeholder:.1f}px, drawn {block['height']:.1f}px "
                        f"({block['lines']} lines)"
                    )
    finally:
        context.close()
    assert not wrong, "\n".join(wrong)
    assert measured > 300, f"only {measured} code blocks measured: the selector no longer finds them"
