"""The tab the browser tests share (conftest.ReusedPage): each test gets it as a new one."""

from playwright.sync_api import Browser

from tests.browser.conftest import DEFAULT_VIEWPORT, ReusedPage


def test_the_next_test_gets_the_tab_on_an_empty_profile_with_the_defaults(browser: Browser, site_url: str) -> None:
    reused = ReusedPage(browser)
    try:
        page = reused.take()
        page.goto(site_url + "course/")
        page.evaluate("() => { localStorage.setItem('tfc-test', '1'); sessionStorage.setItem('tfc-test', '1'); }")
        page.set_viewport_size({"width": 390, "height": 844})
        page.emulate_media(media="print", color_scheme="dark")
        page.set_default_timeout(1)
        reused.give_back()

        again = reused.take()
        assert again is page  # the same tab, not a new one
        assert again.url == "about:blank"
        assert again.viewport_size == DEFAULT_VIEWPORT
        again.goto(site_url + "course/")  # would time out at 1 ms
        assert again.evaluate("() => [localStorage.length, sessionStorage.length]") == [0, 0]
        emulated = "() => matchMedia('print').matches || matchMedia('(prefers-color-scheme: dark)').matches"
        assert again.evaluate(emulated) is False
    finally:
        reused.close()


def test_a_tab_that_cannot_be_emptied_is_replaced(browser: Browser, site_url: str, fixture_url: str) -> None:
    reused = ReusedPage(browser)
    try:
        page = reused.take()
        page.goto(site_url + "course/")
        page.evaluate("() => localStorage.setItem('tfc-test', '1')")
        page.goto(fixture_url)  # another origin: give_back empties only the one the tab is on
        reused.give_back()
        assert reused.take() is not page
    finally:
        reused.close()
