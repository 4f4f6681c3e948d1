from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class IgnoreBrowserLanguageMiddleware:
    """Show bokmål unless the user picked a language in Samskap.

    Many seniors use phones or PCs set up by others with an English browser language. A
    Norwegian public service should open in bokmål and let people switch (the choice is kept
    in the language cookie), so the browser's Accept-Language header is ignored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
