"""The letter's design: a `LetterContent` (or the cover sheet) set into A4 pages.

Large print for seniors (15 pt body, 19 pt headings, 24 pt phone number), black on white,
short blocks, the kommune's name top right, the address top left, and the number to call at
the end. Headings stay with what follows, list items are not split between pages, and a
letter longer than a page says "Side 1 av 2" and repeats the name on the next page.

Fixed phrases are gettext strings rendered in the letter's language (bokmål, nynorsk or
English), dates with Django's localised formats. The output of `letter_pages` is a list of
deflated PDF content streams and the glyphs they use, ready for `pdfwriter.PdfWriter`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import formats, translation
from django.utils.translation import gettext as _

from samskap.letters.content import LetterContent
from samskap.letters.pdfwriter import A4, Glyphs, compress, number
from samskap.letters.typeset import Line, Span, Style, break_lines, faces

MM = 72 / 25.4
TOP, RIGHT, BOTTOM, LEFT = 14 * MM, 18 * MM, 16 * MM, 20 * MM
WIDTH = A4[0] - LEFT - RIGHT
BLUE = (11 / 255, 58 / 255, 102 / 255)  # 11.6:1 on white
BODY = Style("regular", 15)
BODY_BOLD = Style("bold", 15)
BODY_SEMI = Style("semibold", 15)
H1 = Style("bold", 26)
H2 = Style("bold", 19, BLUE)
PHONE = Style("bold", 24)
SMALL = Style("regular", 14)  # page numbers and the running head: still large print
ASCENT, DESCENT = 0.969, 0.241  # Inter, per em


# --- Blocks and pages ---------------------------------------------------------------------


@dataclass
class Block:
    lines: list[Line]
    leading: float = 1.35
    before: float = 0.0
    after: float = 0.0
    indent: float = 0.0
    keep_with_next: bool = False
    keep_together: bool = False
    bar: tuple[float, float, float] | None = None  # a bar left of the text (h2)
    rule_above: float = 0.0  # thickness of a rule above the block
    rule_below: float = 0.0
    pad_above: float = 0.0  # space between the rule and the text

    def line_height(self, line: Line) -> float:
        return line.size * self.leading

    @property
    def height(self) -> float:
        return self.rule_above + self.pad_above + sum(self.line_height(x) for x in self.lines)


@dataclass
class Page:
    ops: list[str] = field(default_factory=list)
    glyphs: Glyphs = field(default_factory=Glyphs)

    def text(self, x: float, baseline: float, line: Line) -> None:
        """Draw a line; `baseline` counts from the top of the page."""
        y = A4[1] - baseline
        for piece in line.pieces:
            self.run(x + piece.x, y, piece.text, piece.style)

    def run(self, x: float, y: float, text: str, style: Style) -> None:
        face = faces()[style.face]
        ops = [f"{' '.join(number(c) for c in style.color)} rg"]
        current = None
        codes: list[str] = []

        def flush() -> None:
            if codes:
                ops.append(f"/{face.parts[current].key} {number(style.size)} Tf")  # type: ignore[index]
                ops.append(f"<{''.join(codes)}> Tj")

        for char in text:
            part, gid, _width = face.glyph(char)
            if part != current:
                flush()
                current, codes = part, []
            codes.append(f"{gid:04X}")
            self.glyphs.add(face.parts[part].key, gid, char)
        flush()
        self.ops.append(f"BT 1 0 0 1 {number(x)} {number(y)} Tm " + " ".join(ops) + " ET")

    def rect(self, x: float, top: float, width: float, height: float, color=(0, 0, 0)) -> None:
        y = A4[1] - top - height
        rgb = " ".join(number(c) for c in color)
        self.ops.append(f"{rgb} rg {number(x)} {number(y)} {number(width)} {number(height)} re f")

    def content(self) -> bytes:
        return compress("\n".join(self.ops).encode("latin-1"))


def baseline_in(line: Line, leading: float) -> float:
    """Distance from the top of a line box to its baseline (half-leading model, as CSS)."""
    return (line.size * leading - line.size * (ASCENT + DESCENT)) / 2 + line.size * ASCENT


def paginate(blocks: Sequence[Block], *, first_top: float, later_top: float) -> list[list]:
    """Place blocks on pages. Returns per page a list of (block, line index, top) to draw."""
    bottom = A4[1] - BOTTOM
    pages: list[list] = [[]]
    y = first_top
    page_top = first_top

    def new_page() -> None:
        nonlocal y, page_top
        pages.append([])
        y = page_top = later_top

    for index, block in enumerate(blocks):
        if y > page_top:
            y += block.before
        need = (
            block.height
            if block.keep_together
            else (
                block.rule_above
                + block.pad_above
                + (block.line_height(block.lines[0]) if block.lines else 0)
            )
        )
        if block.keep_with_next and index + 1 < len(blocks):
            following = blocks[index + 1]
            first = following.lines[0] if following.lines else None
            need = (
                block.height
                + following.before
                + (
                    following.height
                    if following.keep_together
                    else (following.line_height(first) if first else 0)
                )
            )
        if y + need > bottom and y > page_top:
            new_page()
        if block.rule_above:
            pages[-1].append((block, "rule", y))
            y += block.rule_above + block.pad_above
        for line_index, line in enumerate(block.lines):
            height = block.line_height(line)
            if y + height > bottom and y > page_top:
                new_page()
            pages[-1].append((block, line_index, y))
            y += height
        if block.rule_below:
            pages[-1].append((block, "rule_below", y))
            y += block.rule_below
        y += block.after
    return [page for page in pages if page] or [[]]


def draw(page: Page, placed: list) -> None:
    for block, what, top in placed:
        if what == "rule":
            page.rect(LEFT, top, WIDTH, block.rule_above)
        elif what == "rule_below":
            page.rect(LEFT, top, WIDTH, block.rule_below)
        else:
            line = block.lines[what]
            height = block.line_height(line)
            if block.bar:
                page.rect(LEFT, top + 1, 5, height - 2, block.bar)
            page.text(LEFT + block.indent, top + baseline_in(line, block.leading), line)


# --- The letter -----------------------------------------------------------------------------


def _date(value: dt.date | dt.datetime) -> str:
    return formats.date_format(value, "l j. F").capitalize()


def _time(value: dt.time | dt.datetime) -> str:
    return formats.time_format(value, "H.i")


def _paragraph(spans: list[Span], language: str, **options) -> Block:
    indent = options.get("indent", 0.0)
    return Block(break_lines(spans, WIDTH - indent, language=language), **options)


def _activity_spans(letter: LetterContent) -> list[list[Span]]:
    items = []
    for item in letter.activities:
        o = item.option
        head = [Span(o.title, BODY_BOLD), Span(f" – {o.place}", BODY)]
        if item.distance_km is not None:
            km = formats.number_format(round(item.distance_km, 1), 1)
            head.append(Span(" " + _("(%(km)s km)") % {"km": km}, BODY))
        starts = ", ".join(
            f"{_date(s)} " + _("kl. %(time)s") % {"time": _time(s)} for s in o.starts
        )
        facts = [
            Span(_("Tilgjengelig med rullestol.") if o.wheelchair_access else "", BODY_SEMI),
            Span("" if o.wheelchair_access else _("Ikke tilrettelagt for rullestol."), BODY),
        ]
        if o.ride_offered:
            facts.append(Span(" " + _("Skyss kan ordnes."), BODY_SEMI))
        if o.hearing_loop:
            facts.append(Span(" " + _("Teleslynge."), BODY))
        price = _("Pris: %(price)s kr.") % {"price": o.price_nok} if o.price_nok else _("Gratis.")
        facts.append(Span(" " + price, BODY))
        items.append(
            [*head, Span("\n", BODY), Span(starts, BODY_SEMI), Span("\n", BODY)]
            + [f for f in facts if f.text]
        )
    return items


def letter_blocks(letter: LetterContent) -> list[Block]:
    """The letter's flow after the address block, in its language (call inside override)."""
    lang = letter.language
    blocks = [
        Block(
            break_lines([Span("På dørterskelen", H1)], WIDTH),
            leading=1.15,
            after=2 * MM,
            rule_below=2.5,
            keep_with_next=True,
        ),  # fmt: skip
    ]
    greeting = _("Hei, %(name)s!") % {"name": letter.given_name or letter.recipient_name}
    intro = _("Her er det som skjer nær deg den kommende uken.")
    blocks.append(
        _paragraph([Span(f"{greeting} {intro}", BODY)], lang, before=2 * MM, after=4 * MM)
    )

    def heading(text: str) -> Block:
        return _paragraph(
            [Span(text, H2)], lang, leading=1.2, before=4 * MM, after=1.5 * MM,
            indent=5 + 3 * MM, bar=BLUE, keep_with_next=True,
        )  # fmt: skip

    def item(spans: list[Span]) -> Block:
        return _paragraph(spans, lang, after=2.5 * MM, keep_together=True)

    if letter.appointments:
        blocks.append(heading(_("Dine avtaler")))
        for a in letter.appointments:
            when = _date(a.date) + (
                " " + _("kl. %(time)s") % {"time": _time(a.time)} if a.time else ""
            )
            if a.kind == "visit":
                what = _("Besøk av %(name)s") % {"name": a.title}
            elif a.kind == "ride":
                what = _("Skyss: %(what)s") % {"what": a.title}
            else:
                what = _("Du er påmeldt: %(activity)s") % {"activity": a.title}
            place = f", {a.place}" if a.place else ""
            blocks.append(item([Span(f"{when}: ", BODY_SEMI), Span(what + place, BODY)]))
    blocks.append(heading(_("Aktiviteter nær deg")))
    if letter.activities:
        blocks.extend(item(spans) for spans in _activity_spans(letter))
    else:
        blocks.append(item([Span(_("Vi fant ingen aktiviteter nær deg denne uken."), BODY)]))
    for title, entries in (
        (_("Nytt fra kommunen"), letter.news),
        (_("Frivillige søkes"), letter.volunteer_calls),
    ):
        if entries:
            blocks.append(heading(title))
            blocks.extend(
                item([Span(n.title, BODY_BOLD), Span("\n", BODY), Span(n.body, BODY)])
                for n in entries
            )
    call = [Span(_("Ring hvis du vil være med, trenger skyss eller har spørsmål."), BODY)]
    blocks.append(
        _paragraph(
            call, lang, before=5 * MM, rule_above=2.5, pad_above=3 * MM, keep_with_next=True
        )  # fmt: skip
    )
    if letter.phone:
        blocks.append(
            _paragraph(
                [Span(_("Ring oss på") + " ", BODY), Span(letter.phone, PHONE)],
                lang,
                leading=1.2,
                keep_with_next=True,
            )  # fmt: skip
        )
    blocks.append(_paragraph([Span(_("Hilsen %(from)s") % {"from": letter.signature}, BODY)], lang))
    return blocks


def _right(page: Page, baseline: float, text: str, style: Style) -> None:
    width = faces()[style.face].width(text, style.size)
    page.run(A4[0] - RIGHT - width, A4[1] - baseline, text, style)


def letter_pages(letter: LetterContent, *, duplex: bool = False) -> list[Page]:
    """The letter as drawn pages (a blank back page is added for duplex when odd)."""
    with translation.override(letter.language):
        masthead = [(letter.signature, Style("semibold", 15)), (letter.week_label, BODY)]
        masthead_width = max(faces()[s.face].width(t, s.size) for t, s in masthead)
        address = [
            line
            for text in letter.address_lines
            for line in break_lines([Span(text, BODY)], WIDTH - masthead_width - 8 * MM)
        ]
        address_top = TOP + 8 * MM
        flow_top = address_top + len(address) * 15 * 1.3 + 6 * MM
        placed = paginate(letter_blocks(letter), first_top=flow_top, later_top=TOP + 12 * MM)
        pages = []
        for number_, page_placed in enumerate(placed, start=1):
            page = Page()
            if number_ == 1:
                for index, (text, style) in enumerate(masthead):
                    _right(page, TOP + style.size * ASCENT + index * 15 * 1.35, text, style)
                for index, line in enumerate(address):
                    page.text(LEFT, address_top + BODY.size * ASCENT + index * 15 * 1.3, line)
            else:
                running = f"{letter.recipient_name} – På dørterskelen, {letter.week_label}"
                head = break_lines([Span(running, SMALL)], WIDTH)[0]
                page.text(LEFT, TOP + SMALL.size * ASCENT, head)
            if len(placed) > 1:
                label = _("Side %(page)s av %(pages)s") % {"page": number_, "pages": len(placed)}
                _right(page, A4[1] - BOTTOM + 6 * MM, label, SMALL)
            draw(page, page_placed)
            pages.append(page)
        if duplex and len(pages) % 2:
            pages.append(Page())
        return pages


# --- The cover sheet -----------------------------------------------------------------------


@dataclass(frozen=True)
class CoverSheet:
    kommune_name: str
    week_label: str
    week_start: dt.date
    letters: int
    pages: int
    per_postal_code: list[tuple[str, int, int]]  # (postal code, letters, pages)
    duplex: bool = False


def cover_pages(cover: CoverSheet) -> list[Page]:
    """The print shop's sheet: counts per postal code, in bokmål."""
    with translation.override("nb"):
        start = formats.date_format(cover.week_start, "j. F Y")
        blocks = [
            _paragraph(
                [Span(f"På dørterskelen – utskrift {cover.week_label}", H1)],
                "nb",
                leading=1.15,
                after=4 * MM,
                rule_below=2.5,
            ),  # fmt: skip
            _paragraph(
                [Span(f"{cover.kommune_name}. Uka som starter {start}.", BODY)],
                "nb",
                before=3 * MM,
                after=2 * MM,
            ),  # fmt: skip
            _paragraph(
                [
                    Span(
                        f"{cover.letters} brev",
                        BODY_BOLD,
                    ),  # fmt: skip
                    Span(", ", BODY),
                    Span(f"{cover.pages} sider", BODY_BOLD),
                    Span(
                        " (i tillegg til dette arket). Brevene ligger i rekkefølgen postbudet "
                        "går: postnummer, gate, husnummer."
                        + (
                            " Skriv ut tosidig: hvert brev starter på en forside."
                            if cover.duplex
                            else " Skriv ut ensidig."
                        ),  # fmt: skip
                        BODY,
                    ),
                ],
                "nb",
                after=4 * MM,
            ),
        ]
        columns = (0.0, 160.0, 260.0)

        def row(cells: Sequence[str], style: Style) -> Block:
            from samskap.letters.typeset import Piece

            pieces = tuple(Piece(x, text, style) for x, text in zip(columns, cells, strict=True))
            line = Line(pieces, WIDTH, style.size)
            return Block([line], leading=1.5, keep_together=True)

        blocks.append(row(["Postnummer", "Brev", "Sider"], BODY_BOLD))
        blocks.extend(
            row([code or "–", str(letters), str(pages)], BODY)
            for code, letters, pages in cover.per_postal_code
        )
        placed = paginate(blocks, first_top=TOP, later_top=TOP)
        pages = []
        for page_placed in placed:
            page = Page()
            draw(page, page_placed)
            pages.append(page)
        if cover.duplex and len(pages) % 2:
            pages.append(Page())
        return pages
