"""Site navigation in an HTML page (menus, sidebars, breadcrumbs, page-level header and
footer, by tag, ARIA role or id/class words; pagination is content): whether an element sits
in it, and its removal so that a page's text is its own content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

_NAV_TAGS = frozenset({"nav", "aside"})
_PAGE_CHROME_TAGS = frozenset({"header", "footer"})
_CONTENT_TAGS = frozenset({"main", "article"})
_NAV_ROLES = frozenset({"navigation", "menubar", "menu", "complementary"})
_CHROME_ROLES = frozenset({"banner", "contentinfo"})
# A class/id token (split on whitespace) names navigation if it contains one of these words.
_NAV_WORD_RE = re.compile(
    r"menu|navbar|sidebar|side-bar|footer|breadcrumb|(?:^|[^a-z])nav(?:igation|list)?(?![a-z])"
)
# ... unless it only describes a layout that *has* one ("has-sidebar", "no-sidebar").
_LAYOUT_TOKEN_RE = re.compile(r"^(?:has|no|with|without)[-_]")
_PAGINATION_RE = re.compile(r"paginat|pager|page-numbers")


def _id_class_tokens(tag: Tag) -> Iterator[str]:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    ident = tag.get("id")
    if isinstance(ident, str):
        yield from ident.lower().split()
    for c in classes:
        yield c.lower()


def _names_navigation(tag: Tag) -> bool:
    for token in _id_class_tokens(tag):
        if _LAYOUT_TOKEN_RE.match(token):
            continue
        if _NAV_WORD_RE.search(token):
            return True
    return False


def _is_pagination(tag: Tag) -> bool:
    return any(_PAGINATION_RE.search(token) for token in _id_class_tokens(tag))


def _in_content(el: Tag) -> bool:
    """False when ``el`` sits in site navigation rather than the page's own content.

    Walking up from the element: pagination → content (page 2 of a document list must be
    followed); nav/aside, role=navigation, or an id/class naming a menu, navbar, sidebar,
    footer or breadcrumb → navigation; main/article/role=main → content (a header or footer
    *inside* an article is content); a page-level header/footer → navigation.
    """
    chrome = False
    for anc in el.parents:
        name = anc.name
        if name in ("body", "html", "[document]") or not isinstance(anc, Tag):
            break
        role = anc.get("role")
        role = role.lower() if isinstance(role, str) else ""
        if _is_pagination(anc):
            return True
        if name in _NAV_TAGS or role in _NAV_ROLES or _names_navigation(anc):
            return False
        if name in _CONTENT_TAGS or role == "main":
            return True
        if name in _PAGE_CHROME_TAGS or role in _CHROME_ROLES:
            chrome = True
    return not chrome


def _is_chrome(tag: Tag) -> bool:
    """A page-level menu, sidebar, breadcrumb, header or footer (not inside main/article)."""
    role = tag.get("role")
    role = role.lower() if isinstance(role, str) else ""
    navish = (
        tag.name in _NAV_TAGS
        or tag.name in _PAGE_CHROME_TAGS
        or role in _NAV_ROLES
        or role in _CHROME_ROLES
        or _names_navigation(tag)
    )
    if not navish or _is_pagination(tag):
        return False
    return not any(
        a.name in _CONTENT_TAGS or a.get("role") == "main"
        for a in tag.parents
        if isinstance(a, Tag)
    )


def _drop_chrome(root: Tag) -> None:
    """Remove site navigation so `text` is the page's own content: BMA portal pages repeat a
    whole-site menu whose words would otherwise match every item's vocabulary."""
    for tag in root.find_all(True):
        if not tag.decomposed and _is_chrome(tag):
            tag.decompose()
