"""The weekly letter as a real PDF from WeasyPrint, read back with pypdf (no mocks)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
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
