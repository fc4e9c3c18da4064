"""examples/lesson4/inspect_run.py against a real Temporal server, and the same run in its Web UI.

The Web UI test is where the pictures of Lesson 4 come from: it starts the dev
server with its UI (``start_server.sh``), runs the example against it as a
learner would (``TEMPORAL_ADDRESS``), opens the UI in chromium, checks that it
shows the workflow id, the status and the events the example printed, and
takes the screenshots. They are re-recorded only with ``UPDATE_OUTPUTS=1``, like
the recorded outputs; a normal run checks the UI and that the pictures exist.
"""

import os
import re
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from tests.support.run_example import assert_output_matches_recorded, run_example

ROOT = Path(__file__).resolve().parents[3]
IMAGES = ROOT / "docs" / "images" / "lesson4"
MODULE = "examples.lesson4.inspect_run"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
VIEWPORT = {"width": 1200, "height": 720}
SCREENSHOTS = ["workflows.png", "workflow.png", "event-history.png"]


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    """A completed run: describe says COMPLETED, the query still answers after completion,
    and the history read after that query has the 17 events of two activities and no query event."""
    assert_output_matches_recorded(MODULE, run_example(MODULE))


def printed(stdout: str) -> tuple[str, str, list[str]]:
    """The workflow id, status and event types the example printed."""
    workflow_id, status = re.search(r"^workflow (\S+): (\w+)$", stdout, re.M).groups()
    events = re.findall(r"^ +\d+ (\w+)$", stdout, re.M)
    return workflow_id, status, events


def shoot(what: Page, name: str) -> None:
    """Save a screenshot of the page's viewport, when re-recording."""
    if os.environ.get("UPDATE_OUTPUTS") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        what.screenshot(path=IMAGES / name)


def test_the_web_ui_shows_the_run_the_example_printed(own_server, tmp_path):
    """The dev server's Web UI (served by the same temporal binary, on --ui-port) lists the
    example's workflow with its status, and its Event History tab shows the same events,
    in the same order, as the example read with fetch_history_events."""
    server = own_server(tmp_path / "orders.db", ui=True)
    stdout = run_example(MODULE, env=server.env)
    assert_output_matches_recorded(MODULE, stdout)  # the same transcript the page shows
    workflow_id, status, events = printed(stdout)
    assert (workflow_id, status, len(events)) == ("order-A-1003", "COMPLETED", 17)
    ui = server.ui_url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        expect.set_options(timeout=30_000)  # a busy machine: the UI loads its data after the page
        try:
            page = browser.new_page(viewport=VIEWPORT, color_scheme="light")
            page.set_default_timeout(30_000)
            blocked: list[str] = []

            def local_only(route):
                if route.request.url.startswith(ui):
                    route.continue_()
                else:  # the UI asks a news feed on the internet: never leave the machine
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", local_only)

            # The list of workflows: our id, with its status.
            page.goto(f"{ui}/namespaces/default/workflows")
            row = page.locator("tr", has_text=workflow_id)
            expect(row).to_contain_text(status, ignore_case=True)  # CSS upper-cases "Completed"
            expect(row).to_contain_text("OrderWorkflow")
            shoot(page, "workflows.png")

            # The run: id, status, input and result.
            page.goto(f"{ui}/namespaces/default/workflows/{workflow_id}")
            expect(page.get_by_role("heading", name=workflow_id)).to_be_visible()
            badge = page.get_by_text(re.compile(f"^{status}$", re.I)).first
            expect(badge).to_be_visible()
            expect(page.get_by_text('"order A-1003 paid 4200 cents (pay-A-1003)"').first).to_be_visible()
            page.wait_for_load_state("networkidle")
            shoot(page, "workflow.png")

            # Its event history: the events the example printed, newest first.
            expect(page).to_have_url(re.compile(r"/timeline$"))  # .../workflows/<id>/<run id>/timeline
            page.set_viewport_size({"width": 1200, "height": 1320})  # tall: every event in view
            page.goto(page.url.removesuffix("/timeline") + "/history")
            table = page.locator("table").last
            expect(table.locator("tbody tr").first).to_contain_text("Workflow Execution Completed")
            cells = table.locator("tbody tr")
            expect(cells).to_have_count(len(events))
            shown = [re.sub(r"\s+", "", cells.nth(i).inner_text()) for i in range(len(events))]
            for event, text in zip(reversed(events), shown, strict=True):
                assert event in text, f"{event} not in the UI row {text!r}"
            page.wait_for_load_state("networkidle")
            shoot(page, "event-history.png")
        finally:
            expect.set_options(timeout=5_000)  # Playwright's default, for the other tests
            browser.close()
    assert all("127.0.0.1" not in url for url in blocked)
    for name in SCREENSHOTS:
        assert (IMAGES / name).stat().st_size > 10_000, f"docs/images/lesson4/{name} missing: UPDATE_OUTPUTS=1"
