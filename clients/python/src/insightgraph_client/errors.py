"""Exceptions raised by the client.

Everything the client raises derives from :class:`InsightGraphError`:

* :class:`APIError` — the service answered with an error body
  ``{"error": {"code": ..., "message": ..., ...}}``; carries ``status``, ``code``, ``message`` and the
  extra fields (``details``, e.g. ``close_names``). Subclasses by status or code, below.
* :class:`TransportError` — no answer: :class:`ClientTimeoutError` (also a built-in ``TimeoutError``)
  or :class:`ClientConnectionError` (also a built-in ``ConnectionError``).
* :class:`ResponseFormatError` — an answer that is not the JSON the client expects (a missing
  required field, a wrong type); names the field's path.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Type


class InsightGraphError(Exception):
    """Base class of every error this package raises."""


class APIError(InsightGraphError):
    """The service answered with an error: ``status`` (None for one item of a batch), ``code``, ``message``.

    ``details`` holds the error object's other fields (``close_names``, ``served_characters``,
    ``problems``, ...), ``body`` the whole decoded body (None when it was not JSON).
    """

    def __init__(
        self,
        status: Optional[int],
        code: str,
        message: str,
        details: Optional[Mapping[str, Any]] = None,
        body: Any = None,
        attempts: int = 1,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.details: Dict[str, Any] = dict(details or {})
        self.body = body
        #: How many requests were sent before giving up (more than 1 after retries on 503).
        self.attempts = attempts
        prefix = f"{status} " if status is not None else ""
        super().__init__(f"{prefix}{code}: {message}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, message={self.message!r})"


class BadRequestError(APIError):
    """400: ``invalid_json``, ``invalid_parameter``, ``no_records``, ``query_*``."""


class AuthenticationError(APIError):
    """401 ``unauthorized``: missing or wrong bearer token."""


class NotFoundError(APIError):
    """404: ``not_found`` (no such endpoint) and the character errors below."""


class UnknownCharacterError(NotFoundError):
    """404 ``unknown_character`` (``close_names``) or ``character_not_served`` (``served_characters``)."""

    @property
    def close_names(self) -> List[str]:
        return list(self.details.get("close_names") or [])

    @property
    def served_characters(self) -> List[str]:
        return list(self.details.get("served_characters") or [])


class MethodNotAllowedError(APIError):
    """405 ``method_not_allowed``."""


class PayloadTooLargeError(APIError):
    """413 ``body_too_large``."""


class UnprocessableError(APIError):
    """422: an IGQ limit (``query_*``) or ``invalid_records``."""


class InvalidRecordsError(UnprocessableError):
    """422 ``invalid_records``: a write with nothing valid, or refused by ``strict``; nothing was written."""

    @property
    def problems(self) -> List[Dict[str, Any]]:
        return list(self.details.get("problems") or [])


class ServerError(APIError):
    """5xx: ``internal_error``, ``schema_missing``, ``engine_unavailable`` (501)."""


class ServiceUnavailableError(ServerError):
    """503: ``not_ready`` (no snapshot yet) or ``database_unavailable`` (a write; nothing written).

    Retried with backoff (see ``RetryConfig``) before it is raised.
    """


class TransportError(InsightGraphError):
    """No HTTP answer was received. ``__cause__`` is the underlying httpx exception."""

    def __init__(self, message: str, attempts: int = 1) -> None:
        self.attempts = attempts
        super().__init__(message)


class ClientTimeoutError(TransportError, TimeoutError):
    """The request took longer than the client's timeout (connect, write, read or pool)."""


class ClientConnectionError(TransportError, ConnectionError):
    """The service could not be reached (refused, reset, DNS), after the configured retries."""


class ResponseFormatError(InsightGraphError):
    """An answer the client cannot read: not JSON, or a required field missing or of the wrong type."""


_BY_CODE: Dict[str, Type[APIError]] = {
    "unknown_character": UnknownCharacterError,
    "character_not_served": UnknownCharacterError,
    "invalid_records": InvalidRecordsError,
    "unauthorized": AuthenticationError,
    "not_ready": ServiceUnavailableError,
    "database_unavailable": ServiceUnavailableError,
}

_BY_STATUS: Dict[int, Type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    413: PayloadTooLargeError,
    422: UnprocessableError,
    503: ServiceUnavailableError,
}


def error_class(status: Optional[int], code: str) -> Type[APIError]:
    """The most specific exception class for a status (None: unknown) and an error code."""
    by_code = _BY_CODE.get(code)
    if by_code is not None:
        return by_code
    if status is None:
        return APIError
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return ServerError
    return APIError


def error_from_body(status: Optional[int], body: Any, text: str = "", attempts: int = 1) -> APIError:
    """Builds the exception for an error answer; tolerates bodies that are not the service's shape
    (e.g. a proxy's HTML page): then ``code`` is ``http_<status>`` and ``message`` the text."""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("code"), str):
        code = error["code"]
        raw_message = error.get("message")
        message = raw_message if isinstance(raw_message, str) else ""
        details = {k: v for k, v in error.items() if k not in ("code", "message")}
    else:
        code = f"http_{status}" if status is not None else "unknown_error"
        message = (text or "").strip()[:500] or "the service answered without an error body"
        details = {}
    cls = error_class(status, code)
    return cls(status, code, message, details=details, body=body, attempts=attempts)
