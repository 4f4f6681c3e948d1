"""The nynorsk and English catalogues are complete, consistent and compiled.

Bokmål is the source language (the msgids), so only nn and en have catalogues.
The checks read the .po files with a small parser of their own and the .mo files
with the standard library's gettext, so they need neither polib nor a database.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parents[1] / "samskap" / "locale"
LANGUAGES = ["nn", "en"]

# %(name)s, %s, %d, %i, %f and the escaped percent sign %% (blocktranslate writes "200 %%").
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def key(self) -> str:
        """The key gettext uses in a compiled catalogue."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str, path: Path, lineno: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{path}:{lineno}: expected a quoted string, got {text!r}")
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Parse a .po file into entries; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None
    pending_flags: set[str] = set()

    def start_entry(lineno: int) -> Entry:
        nonlocal current, pending_flags
        current = Entry(flags=pending_flags, line=lineno)
        pending_flags = set()
        entries.append(current)
        return current

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            current, target, pending_flags = None, None, set()
            continue
        if line.startswith("#,"):
            pending_flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{path}:{lineno}: continuation line outside an entry")
            name, index = target
            text = _unquote(line, path, lineno)
            if name == "msgstr":
                current.msgstr[index] += text
            else:
                setattr(current, name, getattr(current, name) + text)
            continue
        if keyword == "msgctxt":
            entry = start_entry(lineno)
            entry.msgctxt = _unquote(rest, path, lineno)
            target = ("msgctxt", None)
        elif keyword == "msgid":
            entry = current if current is not None and current.msgctxt is not None else None
            if entry is None or entry.msgstr:
                entry = start_entry(lineno)
            entry.msgid = _unquote(rest, path, lineno)
            target = ("msgid", None)
        elif keyword == "msgid_plural":
            current.msgid_plural = _unquote(rest, path, lineno)
            target = ("msgid_plural", None)
        elif keyword == "msgstr":
            current.msgstr[0] = _unquote(rest, path, lineno)
            target = ("msgstr", 0)
        elif m := re.fullmatch(r"msgstr\[(\d+)\]", keyword):
            index = int(m.group(1))
            current.msgstr[index] = _unquote(rest, path, lineno)
            target = ("msgstr", index)
        else:
            raise ValueError(f"{path}:{lineno}: cannot parse {raw!r}")
    return entries


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo"


def messages(lang: str) -> list[Entry]:
    return [e for e in parse_po(po_path(lang)) if not e.is_header]


def header(lang: str) -> Entry:
    found = [e for e in parse_po(po_path(lang)) if e.is_header]
    assert len(found) == 1, f"{po_path(lang)} needs exactly one header entry"
    return found[0]


def where(lang: str, entry: Entry) -> str:
    return f"{po_path(lang).relative_to(LOCALE_DIR.parent)}:{entry.line} {entry.msgid!r}"


def pairs(entry: Entry) -> list[tuple[int, str, str]]:
    """(form, source, translation): form 0 follows msgid, the other forms msgid_plural."""
    result = []
    for index, text in sorted(entry.msgstr.items()):
        source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
        result.append((index, source, text))
    return result


def test_parser_reads_plurals_contexts_and_escapes(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: nn\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid "%(n)s dag"\nmsgid_plural "%(n)s dagar"\n'
        'msgstr[0] "%(n)s day"\nmsgstr[1] ""\n"%(n)s days"\n\n'
        'msgctxt "verb"\nmsgid "Si \\"hei\\"\\n"\nmsgstr "Say \\"hi\\"\\n"\n\n'
        '#~ msgid "gammal"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )
    head, plural, ctx = parse_po(po)
    assert head.is_header and head.msgstr[0] == "Language: nn\n"
    assert plural.flags == {"python-format"}
    assert plural.msgid_plural == "%(n)s dagar"
    assert plural.msgstr == {0: "%(n)s day", 1: "%(n)s days"}
    assert ctx.msgctxt == "verb" and ctx.key == 'verb\x04Si "hei"\n'
    assert ctx.msgstr[0] == 'Say "hi"\n'


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_exists_and_has_messages(lang):
    assert po_path(lang).is_file(), f"missing {po_path(lang)}"
    assert mo_path(lang).is_file(), f"missing {mo_path(lang)}: run compilemessages"
    assert len(messages(lang)) > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header(lang):
    head = header(lang)
    assert "fuzzy" not in head.flags, "a fuzzy header is ignored by msgfmt"
    text = head.msgstr[0]
    assert f"Language: {lang}\n" in text
    assert "Content-Type: text/plain; charset=UTF-8\n" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang):
    untranslated = []
    for entry in messages(lang):
        forms = 1 if entry.msgid_plural is None else 2
        if sorted(entry.msgstr) != list(range(forms)) or not all(entry.msgstr.values()):
            untranslated.append(where(lang, entry))
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_fuzzy_messages(lang):
    fuzzy = [where(lang, e) for e in messages(lang) if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy (review, then remove the flag):\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_markup_and_whitespace_match(lang):
    problems = []
    for entry in messages(lang):
        for index, source, text in pairs(entry):
            if not text:
                continue  # reported by test_every_message_is_translated
            at = f"{where(lang, entry)} [{index}]"
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"{at}: placeholders differ in {text!r}")
            if HTML_TAG.findall(text) != HTML_TAG.findall(source):
                problems.append(f"{at}: HTML tags differ in {text!r}")
            lead, trail = re.match(r"\s*", source).group(), re.search(r"\s*$", source).group()
            if re.match(r"\s*", text).group() != lead or re.search(r"\s*$", text).group() != trail:
                problems.append(f"{at}: leading/trailing whitespace differs in {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_po(lang):
    """The .mo holds exactly what the .po says: recompile after editing the .po."""
    with mo_path(lang).open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    assert compiled.charset().lower() == "utf-8"
    catalog = compiled._catalog  # keys: msgid, or (msgid, n) for plural forms
    stale = []
    expected_keys = {""}
    for entry in messages(lang):
        # msgfmt leaves out fuzzy and untranslated messages (both fail other tests).
        compiled_here = "fuzzy" not in entry.flags and all(entry.msgstr.values())
        if entry.msgid_plural is None:
            keys = {entry.key: entry.msgstr.get(0)}
        else:
            keys = {(entry.key, index): text for index, text in entry.msgstr.items()}
        for key, text in keys.items():
            if compiled_here:
                expected_keys.add(key)
            if catalog.get(key) != (text if compiled_here else None):
                stale.append(where(lang, entry))
                break
    extra = sorted(repr(k) for k in catalog if k not in expected_keys)
    assert not stale, "the .mo is out of date; run compilemessages:\n" + "\n".join(stale)
    assert not extra, "the .mo has messages the .po does not:\n" + "\n".join(extra)


@pytest.mark.parametrize(
    ("lang", "msgid", "expected"),
    [
        ("nn", "Hva er viktig for deg?", "Kva er viktig for deg?"),
        ("nn", "Hvem har sett på opplysningene mine", "Kven har sett på opplysningane mine"),
        ("nn", "Min side", "Mi side"),
        ("en", "Hva er viktig for deg?", "What matters to you?"),
        ("en", "Frivilligsentral", "Volunteer centre"),
    ],
)
def test_django_serves_the_translations(lang, msgid, expected):
    with translation.override(lang):
        assert translation.gettext(msgid) == expected
