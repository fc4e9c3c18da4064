"""A small examples folder, and helpers to write pages and render them with the plugin's core."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tested_examples.core import render_page

PAGE = "docs/page.md"

WORKFLOW = '''\
"""An order workflow, as a test fixture."""
import functools


# region: charge
def charge(amount: int) -> str:
    # region: receipt
    receipt = f"charged {amount}"
    # endregion: receipt
    return receipt
# endregion: charge


@functools.cache
@functools.wraps(charge)
def decorated() -> int:
    return 1


async def fetch(order_id: str) -> str:
    return order_id


class OrderWorkflow:
    """Runs an order."""

    def run(self) -> str:
        return "ran"

    class Notifier:
        def send(self, to: str) -> str:
            return f"sent to {to}"


TEMPLATE = """
# region: not-a-marker
"""
'''

CONFIG_YAML = """\
# region: retry
retry:
  attempts: 3
# endregion: retry
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write ``{relative path: content}`` under ``root`` (bytes are written as they are)."""
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """``tmp_path/examples`` holding a workflow module, its recorded output and a YAML file."""
    root = tmp_path / "examples"
    write_files(
        root,
        {
            "lesson7/__init__.py": "",
            "lesson7/workflow.py": WORKFLOW,
            "lesson7/workflow.output.txt": "charged 5\nsent to ada\n",
            "lesson7/config.yaml": CONFIG_YAML,
        },
    )
    return root


def example_block(*body: str, indent: str = "", fence: str = "```") -> str:
    """An ```example block with ``body`` lines, every line led by ``indent``."""
    lines = [f"{fence}example", *body, fence]
    return "\n".join(indent + line if line else line for line in lines)


def render(markdown: str, examples: Path) -> str:
    return render_page(textwrap.dedent(markdown), PAGE, examples)
