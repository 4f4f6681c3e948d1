"""The weekly letter as PDF: one person's letter, and the kommune's print file.

Both come from the same typesetter (`layout` + `typeset`) and the same writer (`pdfwriter`),
so what an editor previews is exactly what is printed. The print file is set in chunks of
letters on worker processes; the main process streams each finished chunk into the file, adds
the cover sheet in front when the counts are known, and embeds the fonts once at the end.
Memory does not grow with the number of letters (see docs/letters.md for figures).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import multiprocessing
import resource
import sys
import time
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from samskap.letters.content import LetterContent
from samskap.letters.layout import CoverSheet, cover_pages, letter_pages
from samskap.letters.pdfwriter import Glyphs, PdfWriter
from samskap.letters.typeset import all_parts

CHUNK_SIZE = 250
WORKERS = 2


def letter_pdf_bytes(letter: LetterContent) -> bytes:
    """One person's letter, in their written language (as it will be printed)."""
    out = io.BytesIO()
    writer = PdfWriter(
        out,
        parts=all_parts(),
        title=f"På dørterskelen – {letter.week_label} – {letter.recipient_name}",
        author=letter.signature,
        language=letter.language,
    )
    for page in letter_pages(letter):
        writer.add_page(page.content(), page.glyphs)
    writer.close()
    return out.getvalue()


# --- The print file -----------------------------------------------------------------------


@dataclass(frozen=True)
class PrintResult:
    path: Path
    letters: int
    pages: int  # including the cover sheet
    letter_pages: list[int]  # pages per letter, in delivery order
    render_seconds: float = 0.0
    worker_peak_mb: float = 0.0


@dataclass
class _Chunk:
    pages_per_letter: list[int]
    contents: list[bytes]
    glyphs: Glyphs
    peak_mb: float = 0.0  # the setting process's peak memory so far


def _set_chunk(letters: list[LetterContent], duplex: bool) -> _Chunk:
    """Set one chunk of letters into deflated page contents (runs in a worker process)."""
    chunk = _Chunk([], [], Glyphs())
    for letter in letters:
        pages = letter_pages(letter, duplex=duplex)
        chunk.pages_per_letter.append(len(pages))
        for page in pages:
            chunk.contents.append(page.content())
            chunk.glyphs.update(page.glyphs)
    chunk.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return chunk


def _chunks(
    letters: Iterable[LetterContent], *, chunk_size: int, workers: int, duplex: bool
) -> Iterator[tuple[list[LetterContent], _Chunk]]:
    """Set the letters chunk by chunk, in order, with at most two chunks per worker queued."""
    batches = (list(batch) for batch in itertools.batched(letters, chunk_size))
    if workers <= 1:
        for batch in batches:
            yield batch, _set_chunk(batch, duplex)
        return
    # fork: the workers inherit the loaded fonts and Django's settings and translations.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append((batch, pool.submit(_set_chunk, batch, duplex)))
            if len(pending) >= 2 * workers:
                batch, future = pending.popleft()
                yield batch, future.result()
        while pending:
            batch, future = pending.popleft()
            yield batch, future.result()


class _Tally:
    """Letters and pages per postal code, for the cover sheet, counted as letters go by."""

    def __init__(self) -> None:
        self.per_code: OrderedDict[str, list[int]] = OrderedDict()
        self.first: LetterContent | None = None
        self.letter_pages: list[int] = []

    def add(self, letter: LetterContent, pages: int) -> None:
        self.first = self.first or letter
        counts = self.per_code.setdefault(letter.postal_code, [0, 0])
        counts[0] += 1
        counts[1] += pages
        self.letter_pages.append(pages)

    def cover(self, *, kommune_name: str, duplex: bool) -> CoverSheet:
        return CoverSheet(
            kommune_name=kommune_name,
            week_label=self.first.week_label if self.first else "",
            week_start=self.first.week_start if self.first else dt.date.min,
            letters=len(self.letter_pages),
            pages=sum(self.letter_pages),
            per_postal_code=[(code, c[0], c[1]) for code, c in self.per_code.items()],
            duplex=duplex,
        )


def cover_sheet(
    letters: Sequence[LetterContent],
    letter_pages_: Sequence[int],
    *,
    kommune_name: str,
    duplex: bool = False,
) -> CoverSheet:
    tally = _Tally()
    for letter, pages in zip(letters, letter_pages_, strict=True):
        tally.add(letter, pages)
    return tally.cover(kommune_name=kommune_name, duplex=duplex)


def print_file(
    letters: Iterable[LetterContent],
    out: Path,
    *,
    kommune_name: str,
    chunk_size: int = CHUNK_SIZE,
    workers: int = WORKERS,
    duplex: bool = False,
) -> PrintResult:
    """Write the cover sheet and all letters (already in delivery order) to `out`.

    `letters` may be a generator (`selectors.iter_kommune_letters`): it is read a chunk at a
    time, so a large kommune never has all its letters in memory at once.
    """
    started = time.perf_counter()
    tally = _Tally()
    worker_peak = 0.0
    with out.open("wb") as handle:
        writer = PdfWriter(
            handle,
            parts=all_parts(),
            title=f"På dørterskelen – {kommune_name}",
            author=f"{kommune_name} kommune",
        )
        for batch, chunk in _chunks(letters, chunk_size=chunk_size, workers=workers, duplex=duplex):
            for letter, pages in zip(batch, chunk.pages_per_letter, strict=True):
                tally.add(letter, pages)
            writer.glyphs.update(chunk.glyphs)
            worker_peak = max(worker_peak, chunk.peak_mb)
            for content in chunk.contents:
                writer.add_page(content)
        for page in cover_pages(tally.cover(kommune_name=kommune_name, duplex=duplex)):
            writer.add_page(page.content(), page.glyphs, first=True)
        writer.close()
        total = writer.page_count
    return PrintResult(
        out,
        len(tally.letter_pages),
        total,
        tally.letter_pages,
        time.perf_counter() - started,
        worker_peak,
    )
