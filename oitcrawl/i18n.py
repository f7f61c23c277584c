"""The reader's language: Thai (default) or English, for CLI messages, report.html's initial
view and the suggestion lists.

Chosen by the global option ``oitcrawl --lang th|en`` or the environment variable
``OITCRAWL_LANG`` (the option wins). What each language shows:

- ``th`` (default): Thai first with the English alongside, "ข้อมูลไม่ถูกต้อง / bad input" — the
  product's rule for everything a Thai user reads, unchanged from before ``--lang`` existed.
- ``en``: English only, for a reader who does not read Thai. Thai stays alongside only where it
  is useful to that reader: the official terms they will meet in the assessors' documents
  (rating names such as "Needs improvement (ต้องปรับปรุง)") and the Thai texts of notes and
  suggestions in the spreadsheets, which unit staff act on.

Messages are written as (Thai, English) pairs at the place they are used (`tr`), so the two
texts are reviewed side by side; a gettext catalogue would split them across files for a
two-language tool whose Thai is the source text.
"""

from __future__ import annotations

import os
from typing import Literal

Lang = Literal["th", "en"]
LANGS: tuple[Lang, ...] = ("th", "en")
DEFAULT: Lang = "th"
ENV_VAR = "OITCRAWL_LANG"

_chosen: Lang | None = None


class LangError(ValueError):
    """An unknown language name (from ``--lang`` or ``OITCRAWL_LANG``)."""


def resolve(value: str | None, source: str = "--lang") -> Lang:
    """The language named by `value` ("th"/"en", any case, surrounding spaces ignored); the
    default (Thai) for None or "". Raises LangError naming `source` for anything else."""
    if value is None or not value.strip():
        return DEFAULT
    name = value.strip().lower()
    if name not in LANGS:
        raise LangError(
            f"{source} {value!r}: ใช้ th หรือ en / expected th (Thai, the default) or en (English)"
        )
    return name  # type: ignore[return-value]


def set_lang(lang: str | None) -> Lang:
    """Choose the language for this process (None: from OITCRAWL_LANG, else Thai); returns it.
    Raises LangError for an unknown name."""
    global _chosen
    _chosen = resolve(lang) if lang else resolve(os.environ.get(ENV_VAR), ENV_VAR)
    return _chosen


def get_lang() -> Lang:
    """The chosen language; before `set_lang`, OITCRAWL_LANG's (Thai when unset or unknown)."""
    if _chosen is not None:
        return _chosen
    try:
        return resolve(os.environ.get(ENV_VAR), ENV_VAR)
    except LangError:
        return DEFAULT


def tr(th: str, en: str, lang: str | None = None) -> str:
    """A message for people: "th / en" in Thai (both shown), `en` alone in English."""
    if (lang or get_lang()) == "en":
        return en
    return th if th == en else f"{th} / {en}"


def pick(th: str, en: str, lang: str | None = None) -> str:
    """Only the text of the language (`lang`, else the chosen one): labels, headers, dates."""
    return en if (lang or get_lang()) == "en" else th


def term(th: str, en: str, lang: str | None = None) -> str:
    """An official Thai term: "th / en" in Thai, "en (th)" in English — the English reader still
    recognises the term in the assessors' Thai documents."""
    if (lang or get_lang()) == "en":
        return en if th == en else f"{en} ({th})"
    return th if th == en else f"{th} / {en}"
