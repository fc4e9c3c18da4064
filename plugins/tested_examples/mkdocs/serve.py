"""``mkdocs serve``: an example edit re-renders only the pages that show that example.

The one module that reaches into MkDocs' private functions: ``_populate_page`` and
``_build_page`` (mkdocs.commands.build) to re-render chosen pages, and the live-reload
server's epoch and rebuild conditions (mkdocs.livereload) to reload the browsers.
If any of them is missing (another MkDocs), :func:`watch` falls back to the public
``server.watch(examples_dir)``: an example edit then rebuilds the whole site.

MkDocs reloads its config on every full rebuild (the plugin instance is kept,
since it has ``on_startup``), and its ``--dirty`` mode does not know pages
include examples; so the last build's state lives here (:data:`STATE`).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # mkdocs.livereload (and watchdog, http.server) are imported by serve alone
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.tested_examples")

# What the partial rebuild needs of MkDocs beyond its public API: (module, name) pairs,
# and the live-reload server's private attributes.
_PRIVATE_FUNCTIONS = (
    ("mkdocs.commands.build", "_populate_page"),
    ("mkdocs.commands.build", "_build_page"),
    ("mkdocs.livereload", "_timestamp"),
)
_PRIVATE_SERVER = ("observer", "_rebuild_cond", "_epoch_cond", "_visible_epoch", "_wanted_epoch", "_want_rebuild")

PagesUsing = Callable[[str], set[str]]  # example file (examples/x.py) -> names of the pages showing it
PageName = Callable[["Page"], str]


def _private(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


def partial_rebuilds_possible(server: object) -> bool:
    """Whether this MkDocs still has the private functions and server attributes the partial rebuild uses."""
    try:
        for module, name in _PRIVATE_FUNCTIONS:
            _private(module, name)
    except (ImportError, AttributeError):
        return False
    return all(hasattr(server, attribute) for attribute in _PRIVATE_SERVER)


class ServeState:
    """The last build, for re-rendering pages between full builds."""

    def __init__(self) -> None:
        self.lock = threading.RLock()  # no partial rebuild while a full build writes the site
        self.config: MkDocsConfig | None = None
        self.files: Files | None = None
        self.env: Any = None
        self.nav: Any = None
        self.pages_using: PagesUsing = lambda display: set()
        self.page_name: PageName | None = None
        self.last_rebuild: dict[str, Any] = {}  # for tests and measurements: pages, seconds

    def remember(
        self, config: MkDocsConfig, files: Files, env: Any, pages_using: PagesUsing, page_name: PageName
    ) -> None:
        with self.lock:
            self.config, self.files, self.env = config, files, env
            self.pages_using, self.page_name = pages_using, page_name

    def release(self) -> None:
        with contextlib.suppress(RuntimeError):  # not held (already released after on_post_build)
            self.lock.release()

    def _pages(self, display: str) -> list[Page]:
        """The pages whose snippets come from ``display`` (or from its recorded output)."""
        if self.files is None or self.page_name is None:
            return []
        names = {display}
        if display.endswith(".output.txt"):
            names.add(display[: -len(".output.txt")] + ".py")
        wanted = set().union(*(self.pages_using(name) for name in names))
        return [
            f.page for f in self.files.documentation_pages() if f.page is not None and self.page_name(f.page) in wanted
        ]

    def rebuild(self, display: str) -> list[str]:
        """Re-render the pages that use ``display``; returns their source paths."""
        populate_page = _private("mkdocs.commands.build", "_populate_page")
        build_page = _private("mkdocs.commands.build", "_build_page")
        with self.lock:
            if self.config is None or self.files is None:
                return []
            started = time.perf_counter()
            pages = self._pages(display)
            doc_files = self.files.documentation_pages()
            for page in pages:
                populate_page(page, self.config, self.files)
                build_page(page, self.config, doc_files, self.nav, self.env)
            names = [page.file.src_uri for page in pages]
            self.last_rebuild = {"file": display, "pages": names, "seconds": time.perf_counter() - started}
            return names


STATE = ServeState()


def watch(server: LiveReloadServer, examples_dir: Path, site_root: Path, state: ServeState = STATE) -> str:
    """Watch ``examples_dir``: ``partial`` (only the pages showing a changed file) or ``full`` (the fallback)."""
    if not partial_rebuilds_possible(server):
        log.info("tested-examples: this MkDocs lacks what partial rebuilds use; an example edit rebuilds the site")
        server.watch(str(examples_dir))
        return "full"
    import watchdog.events

    class Handler(watchdog.events.FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            if event.is_directory or event.event_type not in ("modified", "created", "moved"):
                if not event.is_directory and event.event_type == "deleted":
                    _full_rebuild(server)
                return
            path = Path(getattr(event, "dest_path", "") or event.src_path).resolve()
            try:
                display = path.relative_to(site_root).as_posix()
            except ValueError:
                display = path.as_posix()
            try:
                pages = state.rebuild(display)
            except Exception as error:  # a broken example: say so, and keep serving
                log.error("tested-examples: %s", error)
                return
            if pages:
                log.info(
                    "tested-examples: %s changed; rebuilt %s in %.2f s",
                    display,
                    ", ".join(pages),
                    state.last_rebuild["seconds"],
                )
                _reload_browsers(server)

    server.observer.schedule(Handler(), str(examples_dir), recursive=True)
    return "partial"


def _reload_browsers(server: LiveReloadServer) -> None:
    """Tell the browsers to reload, as MkDocs does after a build (unless a full build is under way)."""
    timestamp = _private("mkdocs.livereload", "_timestamp")
    with server._rebuild_cond, server._epoch_cond:
        if server._visible_epoch != server._wanted_epoch or server._want_rebuild:
            return  # a full rebuild is coming: it reloads the browsers itself
        server._wanted_epoch = server._visible_epoch = timestamp()
        server._epoch_cond.notify_all()


def _full_rebuild(server: LiveReloadServer) -> None:
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()
