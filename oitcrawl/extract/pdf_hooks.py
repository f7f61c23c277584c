"""Several page hooks of ``pdf.extract_pdf`` as one (``pdf.PageHook``): the table search
and the text layer's judgement both see each page while it is open (issue 17)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pypdfium2 as pdfium

    from .pdf import PdfPage


class PageHooks:
    """Several page hooks as one ``PageHook``: each sees every page in the order given. Each
    must have ``split`` and ``merge`` (a document may be read by two processes,
    ``_read_split``); ``begin`` is passed on to those that have it."""

    def __init__(self, *hooks: Any) -> None:
        self.hooks = hooks

    def begin(self, data: bytes) -> None:
        for hook in self.hooks:
            if hasattr(hook, "begin"):
                hook.begin(data)

    def __call__(
        self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, p: PdfPage, paths: int
    ) -> None:
        for hook in self.hooks:
            hook(page, textpage, p, paths)

    def split(self) -> PageHooks:
        return PageHooks(*(hook.split() for hook in self.hooks))

    def merge(self, other: PageHooks) -> None:
        for mine, theirs in zip(self.hooks, other.hooks, strict=True):
            mine.merge(theirs)
