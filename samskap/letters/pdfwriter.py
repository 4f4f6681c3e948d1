"""A streaming PDF writer: pages go to the file as they are made, fonts and the index last.

Memory stays flat however many pages there are: only the byte offset of each object and the
glyphs used are kept. Fonts are embedded once per file as TrueType subsets that keep their
glyph ids (fontTools `retain_gids`), as composite fonts with Identity-H encoding and a
ToUnicode map, so text can be searched, copied and read back (the tests do so with pypdf).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable
from typing import BinaryIO

from fontTools import subset
from fontTools.ttLib import TTFont

from samskap.letters.typeset import FontPart

A4 = (595.276, 841.89)


def number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pdf_string(text: str) -> str:
    """A literal string for the document information dictionary (UTF-16 with BOM)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def compress(data: bytes) -> bytes:
    return zlib.compress(data, 6)


class Glyphs:
    """Glyphs used per font part: glyph id → the text it stands for (for ToUnicode)."""

    def __init__(self) -> None:
        self.by_part: dict[str, dict[int, str]] = {}

    def add(self, key: str, gid: int, char: str) -> None:
        self.by_part.setdefault(key, {}).setdefault(gid, char)

    def update(self, other: Glyphs) -> None:
        for key, glyphs in other.by_part.items():
            target = self.by_part.setdefault(key, {})
            for gid, char in glyphs.items():
                target.setdefault(gid, char)


class PdfWriter:
    """Write a PDF to `handle` page by page. Call `close()` once at the end."""

    def __init__(
        self,
        handle: BinaryIO,
        *,
        parts: Iterable[FontPart],
        title: str = "",
        author: str = "",
        language: str = "nb",
    ) -> None:
        self.handle = handle
        self.offsets: dict[int, int] = {}
        self.count = 0
        self.parts = {part.key: part for part in parts}
        self.title, self.author, self.language = title, author, language
        self.glyphs = Glyphs()
        self.page_ids: list[int] = []
        self.front_ids: list[int] = []  # pages written later that come first (a cover sheet)
        self.position = 0
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.catalog_id = self.reserve()
        self.pages_id = self.reserve()
        self.resources_id = self.reserve()
        self.font_ids = {key: self.reserve() for key in self.parts}

    def _write(self, data: bytes) -> None:
        self.handle.write(data)
        self.position += len(data)

    def reserve(self) -> int:
        self.count += 1
        return self.count

    def write_object(self, number_: int, body: str | bytes) -> None:
        self.offsets[number_] = self.position
        data = body.encode("latin-1") if isinstance(body, str) else body
        self._write(f"{number_} 0 obj\n".encode() + data + b"\nendobj\n")

    def write_stream(self, number_: int, data: bytes, extra: str = "", *, deflated: bool) -> None:
        filter_ = " /Filter /FlateDecode" if deflated else ""
        head = f"<< /Length {len(data)}{filter_}{extra} >>\nstream\n".encode()
        self.write_object(number_, head + data + b"\nendstream")

    def add_page(
        self, content: bytes, glyphs: Glyphs | None = None, *, first: bool = False
    ) -> None:
        """A page from its content stream (already deflated) and the glyphs it uses."""
        if glyphs is not None:
            self.glyphs.update(glyphs)
        content_id, page_id = self.reserve(), self.reserve()
        self.write_stream(content_id, content, deflated=True)
        self.write_object(
            page_id,
            f"<< /Type /Page /Parent {self.pages_id} 0 R /MediaBox [0 0 {number(A4[0])} "
            f"{number(A4[1])}] /Resources {self.resources_id} 0 R /Contents {content_id} 0 R >>",
        )
        (self.front_ids if first else self.page_ids).append(page_id)

    @property
    def page_count(self) -> int:
        return len(self.page_ids) + len(self.front_ids)

    def _write_font(self, part: FontPart, glyphs: dict[int, str]) -> None:
        tag = _subset_tag(part.key, glyphs)
        name = f"{tag}+{part.postscript_name}"
        file_id, descriptor_id, cid_id, cmap_id = (self.reserve() for _ in range(4))
        ttf = _subset(part.ttf, sorted(glyphs))
        self.write_stream(file_id, compress(ttf), f" /Length1 {len(ttf)}", deflated=True)
        x0, y0, x1, y1 = part.bbox
        self.write_object(
            descriptor_id,
            f"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{x0} {y0} {x1} "
            f"{y1}] /ItalicAngle 0 /Ascent {part.ascent} /Descent {part.descent} /CapHeight "
            f"{part.cap_height} /StemV 80 /FontFile2 {file_id} 0 R >>",
        )
        widths = " ".join(f"{gid} [{part.widths[gid]}]" for gid in sorted(glyphs))
        self.write_object(
            cid_id,
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo "
            f"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor "
            f"{descriptor_id} 0 R /DW 1000 /W [{widths}] /CIDToGIDMap /Identity >>",
        )
        cmap = _to_unicode(glyphs)
        self.write_stream(cmap_id, compress(cmap), deflated=True)
        self.write_object(
            self.font_ids[part.key],
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
            f"/DescendantFonts [{cid_id} 0 R] /ToUnicode {cmap_id} 0 R >>",
        )

    def close(self) -> None:
        used = {key: g for key, g in self.glyphs.by_part.items() if g and key in self.parts}
        for key, glyphs in used.items():
            self._write_font(self.parts[key], glyphs)
        fonts = " ".join(f"/{key} {self.font_ids[key]} 0 R" for key in used)
        self.write_object(self.resources_id, f"<< /Font << {fonts} >> >>")
        kids = " ".join(f"{page} 0 R" for page in [*self.front_ids, *self.page_ids])
        self.write_object(
            self.pages_id, f"<< /Type /Pages /Kids [{kids}] /Count {self.page_count} >>"
        )
        self.write_object(
            self.catalog_id,
            f"<< /Type /Catalog /Pages {self.pages_id} 0 R /Lang ({self.language}) "
            "/ViewerPreferences << /DisplayDocTitle true >> >>",
        )
        info_id = self.reserve()
        self.write_object(
            info_id,
            f"<< /Title {pdf_string(self.title)} /Author {pdf_string(self.author)} "
            "/Producer (Samskap) >>",
        )
        # Unused reserved font numbers become free entries in the index.
        xref_at = self.position
        lines = [f"xref\n0 {self.count + 1}\n", "0000000000 65535 f \n"]
        for index in range(1, self.count + 1):
            offset = self.offsets.get(index)
            lines.append(
                f"{offset:010d} 00000 n \n" if offset is not None else "0000000000 65535 f \n"
            )
        self._write("".join(lines).encode())
        self._write(
            f"trailer\n<< /Size {self.count + 1} /Root {self.catalog_id} 0 R /Info {info_id} "
            f"0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
        )


def _subset_tag(key: str, glyphs: dict[int, str]) -> str:
    """Six capital letters naming this subset, as the PDF specification asks."""
    value = zlib.crc32(key.encode() + b"".join(g.to_bytes(2, "big") for g in sorted(glyphs)))
    letters = []
    for _ in range(6):
        value, rest = divmod(value, 26)
        letters.append(chr(ord("A") + rest))
    return "".join(letters)


def _subset(ttf: bytes, gids: list[int]) -> bytes:
    """The font with only these glyphs drawn; glyph ids stay the same."""
    options = subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "DSIG"]
    options.name_IDs = ["*"]
    font = TTFont(io.BytesIO(ttf))
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=[0, *gids])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _to_unicode(glyphs: dict[int, str]) -> bytes:
    entries = sorted(glyphs.items())
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        block = entries[start : start + 100]
        lines.append(f"{len(block)} beginbfchar")
        for gid, char in block:
            lines.append(f"<{gid:04X}> <{char.encode('utf-16-be').hex().upper()}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode()
