"""A small typesetter for the weekly letter: fonts, measuring, hyphenated line breaking.

The print file has ten thousand letters a week, and a general HTML layout engine spends about
80 ms on each page (docs/decisions/0005-letter-typesetter.md). The letter is a simple flow of
headings, paragraphs and list items, so it is set here directly: the bundled Inter fonts
(TrueType outlines, read with fontTools), advance widths from `hmtx`, greedy line filling with
Norwegian hyphenation from pyphen (the dictionaries WeasyPrint uses), and no kerning.

Pure: no Django, no database. `samskap.letters.layout` places letters on pages with this, and
`samskap.letters.pdfwriter` writes the pages.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyphen
from fontTools.ttLib import TTFont, woff2

FONT_DIR = Path(__file__).resolve().parents[1] / "static" / "vendor" / "fonts" / "files"
# Inter ships in two parts per weight, as on the web: Latin (Norwegian, Latin-1, punctuation)
# and Latin Extended (Sámi letters such as č, đ, ŋ, š, ŧ, ž). A character is drawn with the
# first part that has it.
PARTS = ("latin", "latin-ext")
WEIGHTS = {"regular": 400, "semibold": 600, "bold": 700}
REPLACEMENT = "?"
HYPHEN = "-"
# As CSS `hyphenate-limit-chars: 10 4 4`: only words of ten letters or more are hyphenated,
# leaving at least four letters on each side. Short broken words are hard to read.
HYPHENATE_MIN_WORD = 10
HYPHENATE_MIN_SIDE = 4
HYPHENATION_LANGUAGES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}


def _ttf_bytes(path: Path) -> bytes:
    out = io.BytesIO()
    with path.open("rb") as handle:
        woff2.decompress(handle, out)
    return out.getvalue()


@dataclass
class FontPart:
    """One TrueType file: its glyph ids and widths (in 1/1000 em, as PDF wants them)."""

    key: str  # resource name in the PDF, e.g. "F1"
    postscript_name: str
    ttf: bytes
    units_per_em: int
    glyph_of: dict[int, int]  # code point → glyph id
    widths: list[int]  # glyph id → advance width in 1/1000 em
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]

    @classmethod
    def load(cls, key: str, path: Path) -> FontPart:
        data = _ttf_bytes(path)
        font = TTFont(io.BytesIO(data))
        scale = 1000 / font["head"].unitsPerEm
        order = font.getGlyphOrder()
        metrics = font["hmtx"].metrics
        head = font["head"]
        return cls(
            key=key,
            postscript_name=font["name"].getDebugName(6) or "Inter",
            ttf=data,
            units_per_em=head.unitsPerEm,
            glyph_of={code: font.getGlyphID(name) for code, name in font.getBestCmap().items()},
            widths=[round(metrics[name][0] * scale) for name in order],
            ascent=round(font["hhea"].ascent * scale),
            descent=round(font["hhea"].descent * scale),
            cap_height=round(font["OS/2"].sCapHeight * scale),
            bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),  # type: ignore[arg-type]
        )


@dataclass
class Face:
    """One weight of Inter: its parts, and a cache of how each character is drawn."""

    name: str
    parts: list[FontPart]
    _glyphs: dict[str, tuple[int, int, int]] = field(default_factory=dict, repr=False)

    def glyph(self, char: str) -> tuple[int, int, int]:
        """(part index, glyph id, width in 1/1000 em) for a character."""
        found = self._glyphs.get(char)
        if found is None:
            code = ord(char)
            for index, part in enumerate(self.parts):
                gid = part.glyph_of.get(code)
                if gid is not None:
                    found = (index, gid, part.widths[gid])
                    break
            else:
                found = self.glyph(REPLACEMENT) if char != REPLACEMENT else (0, 0, 500)
            self._glyphs[char] = found
        return found

    def width(self, text: str, size: float) -> float:
        glyph = self.glyph
        return sum(glyph(char)[2] for char in text) * size / 1000


@cache
def faces() -> dict[str, Face]:
    """The three weights the letter uses, loaded once per process."""
    loaded = {}
    number = 0
    for name, weight in WEIGHTS.items():
        parts = []
        for part in PARTS:
            number += 1
            parts.append(
                FontPart.load(f"F{number}", FONT_DIR / f"inter-{part}-{weight}-normal.woff2")
            )
        loaded[name] = Face(name, parts)
    return loaded


def all_parts() -> list[FontPart]:
    return [part for face in faces().values() for part in face.parts]


@cache
def _hyphenator(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(
        lang=HYPHENATION_LANGUAGES.get(language, "nb_NO"),
        left=HYPHENATE_MIN_SIDE,
        right=HYPHENATE_MIN_SIDE,
    )


# --- Text and lines --------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    face: str = "regular"
    size: float = 15.0
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Span:
    text: str
    style: Style


@dataclass(frozen=True)
class Piece:
    """A stretch of text in one style on a line, `x` points from the line's start."""

    x: float
    text: str
    style: Style


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    width: float
    size: float  # the largest font size on the line

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


_SPACE = re.compile(r"(\s+)")
_WORD_CHARS = re.compile(r"^\w+$")


@dataclass
class _Word:
    """Letters without a break opportunity, possibly in several styles ("Sterk" + ":")."""

    parts: list[Span]
    space: Style | None = None  # the style of the space after it, if any
    hard_break: bool = False  # a line break follows

    def width(self) -> float:
        return sum(faces()[p.style.face].width(p.text, p.style.size) for p in self.parts)


def _words(spans: Iterable[Span]) -> list[_Word]:
    words: list[_Word] = []
    current = _Word([])
    for span in spans:
        for chunk in _SPACE.split(span.text):
            if not chunk:
                continue
            if chunk.isspace():
                breaks = chunk.count("\n")
                if current.parts:
                    current.space = span.style
                    current.hard_break = breaks > 0
                    words.append(current)
                    current = _Word([])
                elif breaks and words:
                    words[-1].hard_break = True
                continue
            current.parts.append(Span(chunk, span.style))
    if current.parts:
        words.append(current)
    return words


def _split_word(word: _Word, room: float, language: str) -> tuple[_Word, _Word] | None:
    """The longest hyphenated head of a single-style word that fits in `room`, and the rest."""
    if len(word.parts) != 1:
        return None
    span = word.parts[0]
    text = span.text
    letters = text.rstrip(".,;:!?)»\"'")
    if len(letters) < HYPHENATE_MIN_WORD or not _WORD_CHARS.match(letters):
        return None
    face = faces()[span.style.face]
    for head, tail in _hyphenator(language).iterate(letters):
        head_text = head + HYPHEN
        if face.width(head_text, span.style.size) <= room:
            rest = tail + text[len(letters) :]
            return (
                _Word([Span(head_text, span.style)]),
                _Word([Span(rest, span.style)], word.space, word.hard_break),
            )
    return None


def _force_split(word: _Word, room: float) -> tuple[_Word, _Word]:
    """A word wider than a whole line (a long e-mail address): cut it where it must go."""
    span = word.parts[0]
    face = faces()[span.style.face]
    cut = 1
    while cut < len(span.text) and face.width(span.text[: cut + 1], span.style.size) <= room:
        cut += 1
    head = _Word([Span(span.text[:cut], span.style)])
    tail_parts = [Span(span.text[cut:], span.style), *word.parts[1:]]
    return head, _Word([p for p in tail_parts if p.text], word.space, word.hard_break)


def break_lines(spans: Sequence[Span], width: float, *, language: str = "nb") -> list[Line]:
    """Greedy line filling with hyphenation of long words; newlines in spans force a break."""
    lines: list[Line] = []
    pieces: list[Piece] = []
    x = 0.0
    pending_space: Style | None = None
    size = max((s.style.size for s in spans), default=0.0)

    def flush() -> None:
        nonlocal pieces, x, pending_space
        line_size = max((p.style.size for p in pieces), default=size)
        lines.append(Line(tuple(_merge(pieces)), x, line_size))
        pieces, x, pending_space = [], 0.0, None

    def place(word: _Word) -> None:
        nonlocal x
        for part in word.parts:
            pieces.append(Piece(x, part.text, part.style))
            x += faces()[part.style.face].width(part.text, part.style.size)

    queue = _words(spans)
    index = 0
    while index < len(queue):
        word = queue[index]
        space = faces()[pending_space.face].width(" ", pending_space.size) if pending_space else 0.0
        word_width = word.width()
        if pieces and x + space + word_width > width:
            split = _split_word(word, width - x - space, language)
            if split:
                if pending_space:
                    pieces.append(Piece(x, " ", pending_space))
                    x += space
                place(split[0])
                queue[index] = split[1]
            flush()
            continue
        if not pieces and word_width > width:
            split = _split_word(word, width, language) or _force_split(word, width)
            place(split[0])
            queue[index] = split[1]
            flush()
            continue
        if pieces and pending_space:
            pieces.append(Piece(x, " ", pending_space))
            x += space
        place(word)
        pending_space = word.space
        index += 1
        if word.hard_break:
            flush()
    if pieces:
        flush()
    return lines


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring pieces in the same style become one (fewer text operators in the PDF)."""
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1].style == piece.style:
            last = merged[-1]
            merged[-1] = Piece(last.x, last.text + piece.text, last.style)
        else:
            merged.append(piece)
    return merged
