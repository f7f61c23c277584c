"""The C twins of three inner loops (``oitcrawl/extract/_speedups.c``, issue 17) are built
with the package, used, and give exactly what their Python twins give: ``newmm.cut`` against
``newmm.cut_python``, ``layer_damage`` token scoring against ``_score_tokens_python``, and
``pdf_paths._subpaths`` against ``_subpaths_python`` (every path object of every PDF of the
sample sites, and of the real corpus when ``../shared`` is beside the checkout), with the
same reasons for a path that cannot be read.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from oitcrawl.extract import layer_damage, newmm, pdf, pdf_paths, speedups
from oitcrawl.extract.thai import normalize_text, thai_words
from oitcrawl.sample_site.server import sample_site_root

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"


def test_the_c_twins_are_built_and_used():
    # a fresh install compiles them (a C compiler is among scripts/system-packages.txt);
    # without it the package still works, on the Python twins, only slower
    from oitcrawl.extract import _speedups

    assert speedups.C is _speedups
    assert speedups.pdfium_walks() is _speedups
    assert newmm._fast_cut is _speedups.cut
    assert layer_damage._fast_score is _speedups.score_tokens


@lru_cache(maxsize=1)
def _pdfs() -> tuple[Path, ...]:
    roots = [sample_site_root().parent] + ([CORPUS] if CORPUS.is_dir() else [])
    return tuple(sorted(f for root in roots for f in root.rglob("*") if f.suffix.lower() == ".pdf"))


def _open(f: Path) -> pdfium.PdfDocument | None:
    try:
        return pdfium.PdfDocument(f.read_bytes())
    except pdfium.PdfiumError:  # the corpus holds damaged files on purpose
        return None


def _pages() -> Iterator[tuple[str, int, pdfium.PdfPage]]:
    """(file name, page number, the open page) of every page of ``_pdfs()`` PDFium opens."""
    for f in _pdfs():
        if (doc := _open(f)) is not None:
            for number, page in enumerate(doc, 1):
                yield f.name, number, page


@lru_cache(maxsize=1)
def _page_texts() -> tuple[str, ...]:
    return tuple(page.get_textpage().get_text_range() for _, _, page in _pages())


def test_cut_and_its_python_twin_agree_on_every_page():
    texts = _page_texts()
    assert len(texts) >= 74  # the sample sites' pages; 199 more with the corpus
    layers = [normalize_text(t) for t in texts] + list(texts)
    assert [t[:80] for t in layers if newmm.cut(t) != newmm.cut_python(t)] == []


_ALPHABET = (
    "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอฮ" + "ะัาำิีึืุู็่้๊๋์ํ" + "เแโใไ" + "ๆฯ"
    "  \n\t.,-:0123456789๐๑๒abcXYZ\u200b\ufffd"
)


def test_cut_twins_agree_on_generated_texts():
    rnd = random.Random(2570)
    words = [*sorted(thai_words().words)[::5000], "การ", "ประจำปี", "1,234.5", "กก"]
    for _ in range(5000):
        text = "".join(
            rnd.choice(words) if rnd.random() < 0.3 else rnd.choice(_ALPHABET)
            for _ in range(rnd.randint(0, 60))
        )
        assert newmm.cut(text) == newmm.cut_python(text), text
        tokens = newmm.cut_python(text)
        assert layer_damage._fast_score(
            tokens, newmm.dictionary(), layer_damage._SHORT_OK
        ) == layer_damage._score_tokens_python(tokens), text


def test_score_tokens_counts_letters_in_words():
    # "การ" 3 letters in a word; "กก" 2 letters, a word: half; "ณ" short and allowed;
    # "ฯลฯ" ... spaces stripped; "xyz" and "๒๕๖๘" have no Thai letter and do not count
    tokens = [" การ ", "กก", "ณ", "ข", "xyz", "๒๕๖๘", "คณฮ"]
    expected = (3 + 2 + 1 + 1 + 3, 3 + 1 + 1)
    assert layer_damage._score_tokens_python(tokens) == expected
    assert layer_damage._fast_score(tokens, newmm.dictionary(), layer_damage._SHORT_OK) == expected


def test_cut_rejects_bounds_that_do_not_rise_and_a_foreign_dictionary():
    from oitcrawl.extract import _speedups

    _clusters, nonthai, two = newmm._patterns()
    words = newmm.dictionary()
    with pytest.raises(ValueError, match="bounds must rise"):
        _speedups.cut("การ", [2, 1, 3], words, nonthai.match, two.match)
    with pytest.raises(ValueError, match="bounds must rise"):
        _speedups.cut("การ", [5], words, nonthai.match, two.match)
    with pytest.raises(TypeError, match="what dictionary"):  # not the dictionary's capsule
        _speedups.cut("การ", [1, 3], thai_words().stems, nonthai.match, two.match)


def test_dictionary_takes_sorted_distinct_words_only():
    from oitcrawl.extract import _speedups

    for joined in ("ข\nก", "ก\nก", "กา\nก\nข", "ก\nข\nข"):
        with pytest.raises(ValueError, match="sorted, each once"):
            _speedups.dictionary(joined)
    for joined in ("", "\nก", "ก\n", "ก\n\nข"):
        with pytest.raises(ValueError, match="non-empty"):
            _speedups.dictionary(joined)
    with pytest.raises(TypeError, match="one str"):
        _speedups.dictionary(["ก", "ข"])
    # a word list of its own: "กา" a word, "กาก" only begins one ("กากบาท")
    clusters, nonthai, two = newmm._patterns()
    words = _speedups.dictionary("กา\nกากบาท\nบาท")
    text = "กากบาทบาทกา"
    bounds = list(accumulate(map(len, clusters.findall(text))))  # the cluster ends
    assert _speedups.cut(text, bounds, words, nonthai.match, two.match) == [
        "กากบาท",
        "บาท",
        "กา",
    ]


def test_cut_twins_agree_with_small_dictionaries_of_any_first_two_characters(monkeypatch):
    # The C dictionary narrows a lookup by a word's first character, then its second (when
    # both are in the Thai block): words of one letter, words whose second character is a
    # dot or a Latin letter, and Latin words must be found as the Python dict finds them.
    from types import SimpleNamespace

    from oitcrawl.extract import _speedups
    from oitcrawl.extract.thai import word_stems

    clusters, nonthai, two = newmm._patterns()
    letters = ["ก", "ข", "า", "ำ", "เ", ".", "a", "b", "พ", "ฯ", "๑", " "]
    rnd = random.Random(2570)
    for _ in range(300):
        words = {"".join(rnd.choices(letters[:-1], k=rnd.randint(1, 4))) for _ in range(12)}
        words = sorted(words | {"ก", "ก.พ.", "กa", "ab", "ขา"})
        own = SimpleNamespace(stems=word_stems(frozenset(words)))
        monkeypatch.setattr(newmm, "thai_words", lambda own=own: own)
        capsule = _speedups.dictionary("\n".join(words))
        for _ in range(20):
            text = "".join(
                rnd.choice(words) if rnd.random() < 0.5 else rnd.choice(letters)
                for _ in range(rnd.randint(1, 12))
            )
            bounds = list(accumulate(map(len, clusters.findall(text))))
            got = _speedups.cut(text, bounds, capsule, nonthai.match, two.match)
            assert got == newmm.cut_python(text), (words, text)


def _outcome(read, *args):
    try:
        return read(*args)
    except (pdf_paths.Unsettled, pdf_paths.TooComplex) as exc:
        return (type(exc).__name__, str(exc))


def test_page_walks_and_their_python_twins_agree_on_every_page():
    diff = []
    subpaths = 0
    for name, number, page in _pages():
        counts = (pdf._count_objects(page), pdf._count_objects_python(page))
        for rotation in (0, 90):  # pdfminer's page matrix for an upright and a turned page
            ctm = pdf_paths._Space(page.get_bbox(), rotation).ctm
            found = [
                _outcome(read, page, ctm)
                for read in (pdf_paths.page_subpaths, pdf_paths.page_subpaths_python)
            ]
            if found[0] != found[1] or counts[0] != counts[1]:
                diff.append((name, number, rotation))
            subpaths += len(found[0]) if isinstance(found[0], list) else 0
    assert diff == []
    assert subpaths >= 1000  # the sample sites' ruled tables at least


def test_page_edges_are_the_same_without_the_c_twin(monkeypatch):
    def edges() -> list:
        return [_outcome(pdf_paths.page_edges, page) for _, _, page in _pages()]

    with_c = edges()
    monkeypatch.setattr(pdf_paths, "pdfium_walks", lambda: None)
    assert edges() == with_c
    assert sum(len(v) + len(h) for v, h in (e for e in with_c if isinstance(e[0], list))) > 0


def test_a_page_past_the_segment_bound_is_too_complex(monkeypatch):
    site = sample_site_root().parent
    page = next(
        page
        for f in sorted(site.rglob("*.pdf"))
        for page in pdfium.PdfDocument(f.read_bytes())
        if len(pdf_paths.page_subpaths_python(page, (1, 0, 0, 1, 0, 0))) > 20
    )
    monkeypatch.setattr(pdf_paths, "MAX_SEGMENTS", 20)
    for read in (pdf_paths.page_subpaths, pdf_paths.page_subpaths_python):
        assert _outcome(read, page, (1, 0, 0, 1, 0, 0)) == (
            "TooComplex",
            "more than 20 path segments",
        )


def test_a_path_in_a_form_is_read_through_it_and_nesting_past_the_bound_unsettles(monkeypatch):
    # a path inside a form XObject: one level of forms is one too many at depth 0
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(200, 200)
    path = pdfium_c.FPDFPageObj_CreateNewRect(10, 10, 50, 50)
    pdfium_c.FPDFPath_SetDrawMode(path, pdfium_c.FPDF_FILLMODE_NONE, True)
    pdfium_c.FPDFPage_InsertObject(page.raw, path)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    src = pdfium.PdfDocument.new()
    src.import_pages(doc)
    form_doc = pdfium.PdfDocument.new()
    form_page = form_doc.new_page(200, 200)
    xobject = pdfium_c.FPDF_NewXObjectFromPage(form_doc.raw, src.raw, 0)
    form = pdfium_c.FPDF_NewFormObjectFromXObject(xobject)
    pdfium_c.FPDFPage_InsertObject(form_page.raw, form)
    pdfium_c.FPDFPage_GenerateContent(form_page.raw)
    ctm = (1, 0, 0, 1, 0, 0)

    def both() -> list:
        return [
            _outcome(read, form_page, ctm)
            for read in (pdf_paths.page_subpaths, pdf_paths.page_subpaths_python)
        ]

    # PDFium's rectangle: four lines and the close ("h" repeats the start)
    corners = [(10.0, 10.0), (60.0, 10.0), (60.0, 60.0), (10.0, 60.0), (10.0, 10.0)]
    square = [("mllllh", [*corners, (10.0, 10.0)])]
    assert both() == [square, square]  # read through the form's matrix
    # no image, no top-level path (the path is the form's)
    assert pdf._count_objects(form_page) == pdf._count_objects_python(form_page) == (0, 0)
    monkeypatch.setattr(pdf_paths, "_MAX_OBJECT_DEPTH", 0)
    assert both() == [("Unsettled", "form XObjects nested too deep")] * 2
    pdfium_c.FPDF_CloseXObject(xobject)


def test_cell_texts_and_their_python_twin_agree_on_every_page():
    from oitcrawl.extract import pdf_tables

    diff = []
    cells = 0
    for name, number, page in _pages():
        left, bottom, right, top = page.get_bbox()
        w, h = (right - left) / 5, (top - bottom) / 7
        # a 5 × 7 grid over the page, the whole page, a box past its edges, an empty one
        boxes = [
            (left + i * w, bottom + (j + 1) * h, left + (i + 1) * w, bottom + j * h)
            for i in range(5)
            for j in range(7)
        ]
        boxes += [(left, top, right, bottom), (-50.0, top + 50, right + 50, -50.0)]
        boxes += [(left, bottom, left, bottom)]
        textpage = page.get_textpage()
        found = pdf_tables.cell_texts(textpage, boxes)
        if found != pdf_tables.cell_texts_python(textpage, boxes):
            diff.append((name, number))
        cells += sum(1 for t in found if t.strip())
    assert diff == []
    assert cells >= 500  # text was found in many of them


def _fold_both(text: str) -> tuple:
    from oitcrawl.extract import thai

    other, _, flags = thai._one_to_one()
    text = thai._fold_one_to_one(text)
    ours = speedups.C.fold(
        text, flags, thai._NO_SPACE_BEFORE_CHARS, thai.LINE_BREAKS, thai._fold_char
    )
    return ours, thai._fold_runs_python(text, other)


def test_fold_and_its_python_twin_agree_on_every_page_and_generated_text():
    texts = list(_page_texts())
    assert [t[:80] for t in texts if (pair := _fold_both(t))[0] != pair[1]] == []
    # whitespace of every kind, marks after spaces, legacy PUA glyphs, zero-width and control
    # characters, Latin capitals and accents, Thai digits, nikhahit, U+FFFD
    alphabet = list("กขงตนบรอ ัาำิ่้ํ๊๋็์ ฯๆ๑๒ 0123 AbZé \t\n\r\x0b\x0c\x85\u00a0\u2028\u3000")
    alphabet += ["\uf700", "\uf70a", "\uf712", "\u200b", "\ufeff", "\x00", "\x1c", "\ufffd", "ﬁ"]
    rnd = random.Random(2570)
    for _ in range(20_000):
        text = "".join(rnd.choices(alphabet, k=rnd.randint(0, 30)))
        ours, theirs = _fold_both(text)
        assert ours == theirs, repr(text)


def test_without_the_c_twins_inspect_reports_the_same(tmp_path):
    # what a machine without a C compiler gets: OITCRAWL_C=0 runs the Python twins alone
    from tests.conftest import REPO, run_cli

    pdf_file = (
        REPO / "oitcrawl/sample_site/site/webportal.bangkok.go.th/public/user_files_editor/59"
        "/Data Room HK/Human management new/O21 Human management Policy 2566 update.pdf"
    )
    corpus = sorted(CORPUS.rglob("*.pdf"))[:6] if CORPUS.is_dir() else []
    env = {"OITCRAWL_OCR": "0", "OITCRAWL_CACHE_DIR": str(tmp_path / "cache")}
    for target in [pdf_file, *corpus]:
        with_c = run_cli("inspect", str(target), "--json", env=env)
        without = run_cli("inspect", str(target), "--json", env={**env, "OITCRAWL_C": "0"})
        assert with_c.returncode == without.returncode, (target, without.stderr)
        assert with_c.stdout == without.stdout, target
    probe = "from oitcrawl.extract import speedups, newmm; print(speedups.C, newmm._fast_cut)"
    import subprocess
    import sys

    off = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={**os.environ, "OITCRAWL_C": "0"}, timeout=60, check=True)  # fmt: skip
    assert off.stdout.split() == ["None", "None"]


def test_fold_grows_its_output_for_characters_that_fold_to_several():
    # क़ (U+0958) folds to two characters: two hundred of them, then thousands of one-to-one
    # characters, must all fit (an output sized by the input's length alone would overflow)
    text = "\u0958" * 200 + "ก" * 5000 + " \u0958 " * 300
    ours, theirs = _fold_both(text)
    assert ours == theirs
    assert len(ours[0]) == 200 * 2 + 5000 + 300 * 2 + 301  # the spaces between run together


def test_the_c_twins_write_only_what_they_allocated():
    # Python's debug allocator checks every block's guard bytes when it is freed: the twins
    # run on every sample-site page and on long and odd texts in a process that uses it
    import subprocess
    import sys

    code = (
        "from tests.test_speedups import _fold_both, _pages\n"
        "from oitcrawl.extract import newmm, pdf, pdf_paths, pdf_tables, layer_damage\n"
        "texts = ['\\u0958' * 300 + 'ก' * 9000, 'ก' * 20000, ' \\n' * 5000, 'ประจำปี ' * 3000,\n"
        "         'abc\\u0e33\\ufffd\\u200b\\x00' * 2000, '']\n"
        "words = newmm.C.dictionary('\\n'.join(['ก' * 300, 'ข', 'ค' * 5000, 'ง']))\n"
        "assert layer_damage._fast_score(['ค' * 5000, 'ง', 'ข'], words, frozenset()) == (5002, 5000)\n"
        "for text in texts:\n"
        "    assert _fold_both(text)[0] == _fold_both(text)[1]\n"
        "    tokens = newmm.cut(text)\n"
        "    assert tokens == newmm.cut_python(text)\n"
        "    layer_damage._fast_score(tokens, newmm.dictionary(), layer_damage._SHORT_OK)\n"
        "for _, _, page in _pages():\n"
        "    pdf._count_objects(page)\n"
        "    pdf_paths.page_subpaths(page, (1, 0, 0, 1, 0, 0))\n"
        "    left, bottom, right, top = page.get_bbox()\n"
        "    pdf_tables.cell_texts(page.get_textpage(), [(left, top, right, bottom)] * 3)\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PYTHONMALLOC": "debug"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=Path(__file__).resolve().parents[1], timeout=300)  # fmt: skip
    assert (run.returncode, run.stdout.strip()) == (0, "ok"), run.stderr[-2000:]
