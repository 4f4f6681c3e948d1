"""Pluggable SMS sending. Production configures SAMSKAP_SMS_BACKEND with a real gateway."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SMS:
    to: str
    body: str


class BaseSMSBackend:
    def send(self, message: SMS) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleSMSBackend(BaseSMSBackend):
    def send(self, message: SMS) -> None:
        print(f"SMS til {message.to}: {message.body}")  # noqa: T201


class LocmemSMSBackend(BaseSMSBackend):
    outbox: list[SMS] = []

    def send(self, message: SMS) -> None:
        self.outbox.append(message)


def send_sms(*, to: str, body: str) -> None:
    backend_class = import_string(settings.SAMSKAP_SMS_BACKEND)
    backend_class().send(SMS(to=to, body=body))
