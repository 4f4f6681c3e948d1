"""The weekly letter as a real PDF from WeasyPrint, read back with pypdf (no mocks)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from samskap.letters.pdf import letter_pdf_bytes, print_file
from samskap.letters.selectors import kommune_letters, letter_content_for, next_week_start
from samskap.people.models import Person

pytestmark = pytest.mark.django_db


def page_text(page) -> str:
    text = re.sub(r"-\n", "", page.extract_text())
    return " ".join(text.split())


def embedded_fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for part in descendants:
                descriptor = part.get_object().get("/FontDescriptor")
                if descriptor and any(k in descriptor for k in ("/FontFile", "/FontFile2")):
                    names.add(str(font["/BaseFont"]))
    return names


@pytest.fixture
def eli(demo) -> Person:
    return Person.objects.select_related("kommune").get(given_name="Eli", family_name="Haugen")


def test_elis_letter_is_one_large_print_page(eli):
    week = next_week_start(timezone.localdate())
    pdf = letter_pdf_bytes(letter_content_for(eli, week))
    if os.environ.get("LETTERS_PDF_OUT"):  # to look at it: pdftoppm -r 100 -png FILE out
        Path(os.environ["LETTERS_PDF_OUT"]).write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = page_text(reader.pages[0])
    assert "Sterk og stødig" in text
    assert "Gausdal" in text
    assert "61 22 40 00" in text
    assert "Tilgjengelig med rullestol" in text
    assert "Skyss kan ordnes" in text
    assert embedded_fonts(reader)
    assert any("Inter" in name for name in embedded_fonts(reader))


def test_nynorsk_letter_pdf(eli):
    eli.written_language = "nn"
    week = next_week_start(timezone.localdate())
    text = page_text(
        PdfReader(io.BytesIO(letter_pdf_bytes(letter_content_for(eli, week)))).pages[0]
    )
    assert "Aktivitetar nær deg" in text
    assert "Tilgjengeleg med rullestol" in text


@pytest.mark.parametrize("workers", [1, 2])
def test_print_file_has_cover_and_one_letter_per_recipient_in_delivery_order(
    eli, tmp_path, workers
):
    week = next_week_start(timezone.localdate())
    for number, street in enumerate(["Aulestadvegen 7", "Aulestadvegen 12B", "Aulestadvegen 12"]):
        Person.objects.create(
            kommune=eli.kommune,
            given_name=f"Mottaker{number}",
            family_name="Testesen",
            birth_year=1945,
            street_address=street,
            postal_code="2651",
            postal_place="Østre Gausdal",
            contact_channels=["letter"],
            written_language="nn" if number == 1 else "nb",
        )
    letters = kommune_letters(eli.kommune_id, week)
    assert len(letters) >= 4
    result = print_file(
        letters, tmp_path / "uke.pdf", kommune_name="Gausdal", chunk_size=2, workers=workers
    )
    reader = PdfReader(tmp_path / "uke.pdf")
    assert result.letters == len(letters)
    assert result.pages == len(reader.pages) == 1 + len(letters)
    cover = page_text(reader.pages[0])
    assert f"{len(letters)} brev" in cover
    assert "2651" in cover
    texts = [page_text(p) for p in reader.pages[1:]]
    for letter, text in zip(letters, texts, strict=True):
        assert letter.recipient_name in text
    order = [x.recipient_name for x in letters]
    assert order.index("Mottaker0 Testesen") < order.index("Mottaker2 Testesen")
    assert order.index("Mottaker2 Testesen") < order.index("Mottaker1 Testesen")


def content_font_sizes(reader: PdfReader) -> set[float]:
    sizes = set()
    for page in reader.pages:
        data = page.get_contents().get_data().decode("latin-1")
        sizes.update(float(x) for x in re.findall(r"/F\d+ ([\d.]+) Tf", data))
    return sizes


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) missing")
def test_elis_letter_reads_at_print_size_as_png(eli, tmp_path):
    """Rasterised at 150 dpi as a printer would: A4, ink on the page, nothing under 14 pt,
    and the first activity is the nearest wheelchair-accessible one (Eli uses a wheelchair)."""
    week = next_week_start(timezone.localdate())
    letter = letter_content_for(eli, week)
    assert letter.activities[0].option.wheelchair_access
    pdf = tmp_path / "eli.pdf"
    pdf.write_bytes(letter_pdf_bytes(letter))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", pdf, tmp_path / "eli"], check=True
    )
    if os.environ.get("LETTERS_PNG_OUT"):  # to look at it
        shutil.copy(tmp_path / "eli.png", os.environ["LETTERS_PNG_OUT"])
    with Image.open(tmp_path / "eli.png") as image:
        width, height = image.size
        assert abs(width - 1240) <= 1 and abs(height - 1754) <= 1  # A4 at 150 dpi
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
        assert 0.01 < dark / (image.size[0] * image.size[1]) < 0.2  # text, not blank or black
        # The address block sits in the top left quarter, the kommune's name top right.
        assert grey.crop((0, 0, 620, 440)).getextrema()[0] < 64
        assert grey.crop((620, 0, 1240, 200)).getextrema()[0] < 64
    assert min(content_font_sizes(PdfReader(pdf))) >= 14


def test_a_long_letter_runs_over_pages_with_numbers_and_the_name(eli):
    import dataclasses

    from samskap.letters.content import LetterNews

    week = next_week_start(timezone.localdate())
    letter = letter_content_for(eli, week)
    news = [
        LetterNews(f"Nyhet {i}", "Kommunestyret har vedtatt nytt budsjett. " * 5) for i in range(12)
    ]
    long_letter = dataclasses.replace(letter, news=news)
    reader = PdfReader(io.BytesIO(letter_pdf_bytes(long_letter)))
    assert len(reader.pages) >= 2
    texts = [page_text(p) for p in reader.pages]
    assert f"Side 1 av {len(reader.pages)}" in texts[0]
    assert "Eli Haugen – På dørterskelen" in texts[1]
    for i in range(12):  # every item whole on one page: not split
        assert sum(f"Nyhet {i} " in t for t in texts) == 1
    assert "61 22 40 00" in texts[-1]
    assert "budsjett" in " ".join(texts)


def test_duplex_print_file_starts_every_letter_on_a_front(eli, tmp_path):
    week = next_week_start(timezone.localdate())
    letters = kommune_letters(eli.kommune_id, week)
    result = print_file(letters, tmp_path / "d.pdf", kommune_name="Gausdal", duplex=True, workers=1)
    assert all(pages % 2 == 0 for pages in result.letter_pages)
    assert result.pages == len(PdfReader(tmp_path / "d.pdf").pages) == 2 + sum(result.letter_pages)
    assert "Skriv ut tosidig" in page_text(PdfReader(tmp_path / "d.pdf").pages[0])


def test_print_file_reads_a_generator_and_letters_in_sami_names_survive(eli, tmp_path):
    from samskap.letters.selectors import iter_kommune_letters

    Person.objects.create(
        kommune=eli.kommune,
        given_name="Máret",
        family_name="Ŋuolla Čoarvi",
        birth_year=1940,
        street_address="Aulestadvegen 1",
        postal_code="2651",
        postal_place="Østre Gausdal",
        contact_channels=["letter"],
    )
    week = next_week_start(timezone.localdate())
    result = print_file(
        iter_kommune_letters(eli.kommune_id, week, batch_size=1),
        tmp_path / "g.pdf",
        kommune_name="Gausdal",
        chunk_size=1,
        workers=2,
    )
    reader = PdfReader(tmp_path / "g.pdf")
    assert result.pages == len(reader.pages)
    assert any("Máret Ŋuolla Čoarvi" in page_text(p) for p in reader.pages[1:])
