"""The error every Flotilla call raises; in a module of its own so that the bootstrap agent can use it without
importing the REST client's dependencies."""

from __future__ import annotations


class FlotillaError(Exception):
    """An error reported by the appliance (or the failure to reach it)."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None,
                 details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.details = details or {}

    def __str__(self) -> str:
        prefix = f"[{self.status} {self.code}] " if self.status else ""
        return prefix + self.message

    @classmethod
    def from_body(cls, status: int, body: object, fallback: str) -> "FlotillaError":
        """The error of an answer with ``status``: the message of the appliance's JSON error body, else ``fallback``."""
        if isinstance(body, dict) and body.get("message"):
            return cls(body["message"], status=status, code=body.get("error"), details=body.get("details") or {})
        return cls(fallback, status=status)


def root_cause(error: BaseException) -> str:
    """The message of the innermost cause of ``error`` (e.g. "Connection refused" under a retry error)."""
    while error.__cause__ is not None or error.__context__ is not None:
        error = error.__cause__ or error.__context__
    return str(error) or type(error).__name__
