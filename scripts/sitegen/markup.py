"""HTML for content blocks (the portal pages' bodies and a file viewer's text preview)."""

from __future__ import annotations

import html


def esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def cell_html(c: object) -> str:
    if isinstance(c, tuple) and c[0] == "a":
        return f'<a href="{esc(c[2])}">{esc(c[1])}</a>'
    if isinstance(c, tuple) and c[0] == "img":
        return f'<img src="{esc(c[1])}" alt="{esc(c[2])}" width="120" height="150">'
    return esc(c)


def render_blocks(blocks: list) -> str:
    out: list[str] = []
    for b in blocks:
        kind = b[0]
        if kind == "p":
            out.append(f"<p>{esc(b[1])}</p>")
        elif kind == "h2":
            out.append(f"<h2>{esc(b[1])}</h2>")
        elif kind == "h3":
            out.append(f"<h3>{esc(b[1])}</h3>")
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{esc(t)}</li>" for t in b[1]) + "</ul>")
        elif kind == "links":
            items = "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in b[1])
            out.append(f'<ul class="files">{items}</ul>')
        elif kind == "table":
            head = "".join(f"<th>{esc(h)}</th>" for h in b[1])
            body = "".join(
                "<tr>" + "".join(f"<td>{cell_html(c)}</td>" for c in row) + "</tr>" for row in b[2]
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif kind == "news":
            for date, title, text in b[1]:
                out.append(
                    f'<div class="news"><h3>{esc(title)}</h3>'
                    f'<p class="date">{esc(date)}</p><p>{esc(text)}</p></div>'
                )
        elif kind == "html":
            out.append(b[1])
        else:
            raise ValueError(f"unknown html block {kind!r}")
    return "\n".join(out)


def pdf_blocks_to_html(blocks: list) -> list:
    """A document's PDF blocks as HTML blocks (the text preview a file viewer page shows)."""
    out: list = []
    for b in blocks:
        if b[0] in ("title", "h"):
            out.append(("h2", b[1]))
        elif b[0] in ("center", "p", "photo"):
            out.append(("p", b[1]))
        elif b[0] == "list":
            out.append(("ul", b[1]))
        elif b[0] == "table":
            out.append(("table", [str(h).replace("\n", " ") for h in b[1]], b[2]))
        elif b[0] == "sign":
            out.append(("p", " ".join(b[1])))
    return out
