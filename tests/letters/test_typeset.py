"""The letter typesetter: measuring, line breaking and Norwegian hyphenation. No database."""

from __future__ import annotations

from samskap.letters.typeset import Span, Style, break_lines, faces

BODY = Style("regular", 15)
BOLD = Style("bold", 15)


def test_widths_come_from_the_font_and_bold_is_wider():
    regular, bold = faces()["regular"], faces()["bold"]
    assert regular.width("", 15) == 0
    assert 0 < regular.width("i", 15) < regular.width("m", 15)
    assert bold.width("Sterk og stødig", 15) > regular.width("Sterk og stødig", 15)
    assert regular.width("ab", 30) == 2 * regular.width("ab", 15)


def test_lines_never_exceed_the_width_and_keep_every_word():
    text = "Her er det som skjer nær deg den kommende uken, med aktiviteter og nyheter. " * 6
    lines = break_lines([Span(text, BODY)], 300)
    assert len(lines) > 3
    assert all(line.width <= 300 + 1e-6 for line in lines)
    joined = "".join(line.text.removesuffix("-") + " " for line in lines)
    assert " ".join(joined.split()).replace("- ", "") in text  # nothing lost or reordered


def test_long_norwegian_words_are_hyphenated_at_syllables():
    # "Kommunestyresalen" fits nowhere whole in 150 pt at 15 pt: pyphen's nb_NO says
    # Kommune-styre-salen, and at least four letters stay on each side.
    lines = break_lines([Span("Møte i Kommunestyresalen", BODY)], 150)
    texts = [line.text for line in lines]
    assert any(t.endswith("-") for t in texts), texts
    broken = next(t for t in texts if t.endswith("-"))
    head = broken.split()[-1].removesuffix("-")
    assert head in ("Kommune", "Kommunestyre")
    assert "".join(t.removesuffix("-") for t in texts).replace(" ", "").endswith("salen")


def test_words_shorter_than_ten_letters_are_not_hyphenated():
    lines = break_lines([Span("Bridge på helsehus hver torsdag i Follebu", BODY)], 120)
    assert not any(line.text.endswith("-") for line in lines)


def test_newline_forces_a_break_and_styles_are_kept():
    spans = [Span("Sterk og stødig", BOLD), Span(" – Follebu\n", BODY), Span("Torsdag", BODY)]
    lines = break_lines(spans, 480)
    assert [line.text for line in lines] == ["Sterk og stødig – Follebu", "Torsdag"]
    assert lines[0].pieces[0].style == BOLD
    assert lines[0].pieces[-1].style == BODY


def test_a_word_wider_than_the_line_is_cut_not_lost():
    address = "ingrid.haugen.ostre.gausdal@example.no"
    lines = break_lines([Span(address, BODY)], 100)
    assert len(lines) > 1
    assert "".join(line.text for line in lines) == address


def test_sami_letters_come_from_the_extended_font_part():
    regular = faces()["regular"]
    part, gid, width = regular.glyph("ŋ")
    assert part == 1 and gid > 0 and width > 0
    assert regular.glyph("ø")[0] == 0
    assert regular.glyph("\u4e2d")[1] == regular.glyph("?")[1]  # not in Inter: "?"
