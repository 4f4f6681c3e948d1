"""The weekly letter as PDF: one person's letter, and the kommune's print file.

Rendering follows samskap/plans/pdf.py: Django template → WeasyPrint, the bundled Inter font
(decompressed once per process), only font files fetched, tagged PDF/UA. Each letter carries
`lang="nb"`/`"nn"` so WeasyPrint hyphenates with the right pyphen dictionary.

The print file is rendered in chunks of `CHUNK_SIZE` letters, each chunk to its own temporary
PDF (optionally in two worker processes), and the chunks are appended one by one with pypdf
after a cover sheet: the memory WeasyPrint needs does not grow with the number of letters.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from samskap.letters.content import LetterContent
from samskap.plans.pdf import PDF_OPTIONS, FontsOnlyFetcher, font_css_url

CHUNK_SIZE = 200
# The print file goes to a printer, not a screen reader: untagged, which makes rendering and
# merging about a third faster. A single letter (preview, e-mail) stays tagged PDF/UA.
PRINT_OPTIONS: dict[str, str] = {}
WORKERS = 2


def letters_html(
    letters: Sequence[LetterContent], *, cover: CoverSheet | None = None, language: str = "nb"
) -> str:
    first = letters[0] if letters else None
    return render_to_string(
        "letters/letters.html",
        {
            "letters": letters,
            "cover": cover,
            "language": first.language if first and len(letters) == 1 else language,
            "title": f"På dørterskelen – {first.week_label}" if first else "På dørterskelen",
            "author": first.kommune_name if first else "",
            "font_css": font_css_url(),
        },
    )


def _render_letters(letters: Sequence[LetterContent], *, tagged: bool = True):
    """WeasyPrint document for these letters, and the number of pages of each letter."""
    language = letters[0].language if letters else "nb"
    options = PDF_OPTIONS if tagged else PRINT_OPTIONS
    with translation.override(language):
        html = letters_html(letters, language=language)
        document = HTML(string=html, url_fetcher=FontsOnlyFetcher()).render(**options)
    starts = []
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("letter-"):
                starts.append(index)
    ends = [*starts[1:], len(document.pages)]
    return document, [end - start for start, end in zip(starts, ends, strict=True)]


def letter_pdf_bytes(letter: LetterContent) -> bytes:
    """One person's letter, in their written language."""
    document, _pages = _render_letters([letter])
    return document.write_pdf(**PDF_OPTIONS)


# --- The print file -----------------------------------------------------------------------


@dataclass(frozen=True)
class CoverSheet:
    kommune_name: str
    week_label: str
    week_start: dt.date
    letters: int
    pages: int
    per_postal_code: list[tuple[str, int, int]]  # (postal code, letters, pages)


@dataclass(frozen=True)
class PrintResult:
    path: Path
    letters: int
    pages: int  # including the cover sheet
    letter_pages: list[int]  # pages per letter, in delivery order
    render_seconds: float = 0.0
    merge_seconds: float = 0.0


def _render_chunk(letters: list[LetterContent], directory: str) -> tuple[str, list[int]]:
    """Render one chunk to a temporary PDF file (runs in a worker process)."""
    document, pages = _render_letters(letters, tagged=False)
    with tempfile.NamedTemporaryFile(dir=directory, suffix=".pdf", delete=False) as out:
        document.write_pdf(out, **PRINT_OPTIONS)
    return out.name, pages


def cover_sheet(
    letters: Sequence[LetterContent], letter_pages: Sequence[int], *, kommune_name: str
) -> CoverSheet:
    per_code: OrderedDict[str, list[int]] = OrderedDict()
    for letter, pages in zip(letters, letter_pages, strict=True):
        counts = per_code.setdefault(letter.postal_code, [0, 0])
        counts[0] += 1
        counts[1] += pages
    first = letters[0] if letters else None
    return CoverSheet(
        kommune_name=kommune_name,
        week_label=first.week_label if first else "",
        week_start=first.week_start if first else dt.date.min,
        letters=len(letters),
        pages=sum(letter_pages),
        per_postal_code=[(code, c[0], c[1]) for code, c in per_code.items()],
    )


def print_file(
    letters: Sequence[LetterContent],
    out: Path,
    *,
    kommune_name: str,
    chunk_size: int = CHUNK_SIZE,
    workers: int = WORKERS,
) -> PrintResult:
    """Write the cover sheet and all letters (already in delivery order) to `out`."""
    letters = list(letters)
    chunks = [letters[i : i + chunk_size] for i in range(0, len(letters), chunk_size)]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="letters-") as directory:
        if workers > 1 and len(chunks) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                rendered = list(pool.map(_render_chunk, chunks, [directory] * len(chunks)))
        else:
            rendered = [_render_chunk(chunk, directory) for chunk in chunks]
        rendered_at = time.perf_counter()
        letter_pages = [pages for _path, chunk_pages in rendered for pages in chunk_pages]
        cover = cover_sheet(letters, letter_pages, kommune_name=kommune_name)
        with translation.override("nb"):
            cover_html = letters_html([], cover=cover)
            cover_doc = HTML(string=cover_html, url_fetcher=FontsOnlyFetcher()).render()
            cover_pdf = cover_doc.write_pdf(**PRINT_OPTIONS)
        cover_path = Path(directory) / "cover.pdf"
        cover_path.write_bytes(cover_pdf)
        writer = PdfWriter()
        total = 0
        for path in [str(cover_path)] + [path for path, _pages in rendered]:
            reader = PdfReader(path)
            total += len(reader.pages)
            writer.append(reader)
        with out.open("wb") as handle:
            writer.write(handle)
    finished = time.perf_counter()
    return PrintResult(
        out, len(letters), total, letter_pages, rendered_at - started, finished - rendered_at
    )
