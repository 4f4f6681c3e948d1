"""The weekly letter as an e-mail: the same content as on paper, as plain text and HTML.

Written in the person's language (the same gettext strings as the printed letter), with the
kommune's signature as sender name. The HTML part uses the same template as the editor's
preview, with inline styles only, since e-mail programs drop style sheets.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from samskap.letters.content import LetterContent


def letter_context(letter: LetterContent) -> dict:
    return {"letter": letter}


def letter_email(letter: LetterContent, address: str) -> EmailMultiAlternatives:
    with translation.override(letter.language):
        subject = _("På dørterskelen – %(week)s – %(from)s") % {
            "week": letter.week_label,
            "from": letter.signature,
        }
        context = letter_context(letter)
        text = render_to_string("letters/email.txt", context)
        html = render_to_string("letters/email.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]
    )
    message.attach_alternative(html, "text/html")
    return message
