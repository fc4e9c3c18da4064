"""The one error type: where it happened on the page, what is wrong, how to fix it."""

from __future__ import annotations


class ExampleError(Exception):
    """A snippet that cannot be shown; ``str()`` gives ``docs/page.md:42: <message>. Fix: <fix>``.

    Code that does not know the page location raises it without ``page``/``line``;
    the page renderer adds them with :meth:`at`.
    """

    def __init__(self, message: str, fix: str, *, page: str | None = None, line: int | None = None):
        self.message = message
        self.fix = fix
        self.page = page
        self.line = line
        super().__init__(str(self))

    def at(self, page: str, line: int) -> ExampleError:
        """The same error located on a page line (an existing location is kept)."""
        if self.page is not None and self.line is not None:
            return self
        return ExampleError(self.message, self.fix, page=page, line=line)

    def __str__(self) -> str:
        where = ""
        if self.page is not None:
            where = f"{self.page}:{self.line}: " if self.line is not None else f"{self.page}: "
        return f"{where}{self.message}. Fix: {self.fix}"


def internal_error(error: BaseException, page: str, line: int) -> ExampleError:
    """An unexpected exception of the plugin, located on the page so the build reports it like any problem."""
    detail = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    what = type(error).__name__ + (f": {detail}" if detail else "")
    return ExampleError(
        f"the tested-examples plugin failed on this block ({what})",
        "this is a bug in plugins/tested_examples: report it with this block; until it is fixed, "
        "simplify the block or the example it shows",
        page=page,
        line=line,
    )
