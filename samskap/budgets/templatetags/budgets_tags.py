from __future__ import annotations

from django import template

from samskap.budgets.text import kroner as format_kroner

register = template.Library()


@register.filter
def kroner(amount: int | None) -> str:
    return "" if amount is None else format_kroner(int(amount))
