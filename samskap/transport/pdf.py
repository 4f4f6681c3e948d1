"""The driver's run sheet as a printable A4 PDF (WeasyPrint, the bundled fonts only)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from samskap.plans.pdf import PDF_OPTIONS, _render, font_css_url, page_label_css
from samskap.transport.selectors import RunSheet


def run_sheet_pdf(sheet: RunSheet) -> bytes:
    """In the driver's written language: the stops in order, large type, one row per stop."""
    language = sheet.shift.driver.person.written_language or "nb"
    with translation.override(language):
        html = render_to_string(
            "transport/pdf/run_sheet.html",
            {
                "sheet": sheet,
                "rows": sheet.rows,
                "language": language,
                "font_css": font_css_url(),
                "page_label": page_label_css(_("Side %(page)s av %(pages)s")),
            },
        )
        return _render(html).write_pdf(**PDF_OPTIONS)
