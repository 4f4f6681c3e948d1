"""Small text helpers for budgets: amounts in kroner and plain lists ("a, b og c")."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

NBSP = "\u00a0"


def kroner(amount: int) -> str:
    """`300000` → "kr 300 000" (non-breaking spaces, so the amount never wraps)."""
    digits = f"{amount:,}".replace(",", NBSP)
    return (_("kr %(amount)s") % {"amount": digits}).replace(" ", NBSP)


def join_words(words: Sequence[str]) -> str:
    """`["a", "b", "c"]` → "a, b og c" in the active language."""
    words = [str(w) for w in words]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return _("%(first)s og %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def join_alternatives(words: Sequence[str]) -> str:
    """`["a", "b", "c"]` → "a, b eller c" in the active language."""
    words = [str(w) for w in words]
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s eller %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}
