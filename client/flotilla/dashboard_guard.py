"""The token guard in front of a scheduler's dashboard (every HTTP route and websocket of its Tornado server).

A request passes when it carries the cluster's dashboard token, either as ``?token=…`` (the link the user
gets with the cluster's credentials) or in the cookie that such a request sets (HttpOnly, Secure,
SameSite=Strict). A GET with a valid token is answered with the cookie and a tiny page that forwards the
browser to the same address without the token, so the token leaves the address bar and the history. That
page, not an HTTP redirect: a browser does not send a SameSite=Strict cookie on a redirect that follows a
click from another site (the console, a notebook), but it does on a navigation this page starts itself.
Any other request gets ``403`` with a one-line plain-text answer and never reaches Dask's handlers (nothing
of the page, no websocket, no static file).

The guard sits in :meth:`RoutingApplication.find_handler`, the one place where Dask's HTTP server looks up
the handler of each request, including the Bokeh applications added to it. Installing it is the job of the
preload :mod:`flotilla.dashboard_preload`; importing this module changes nothing.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import html
from urllib.parse import urlencode

from tornado import web

from flotilla.agent import ENV_DASHBOARD_TOKEN  # noqa: F401 - set by the agent, read by the preload

TOKEN_PARAMETER = "token"
REFUSAL = ("This Dask dashboard needs the link with its token: print cluster.dashboard_link in Python, or open "
           "the cluster's page in the Flotilla console.\n")


class Verdict(enum.Enum):
    ADMIT = "admit"  # a valid cookie, or a valid token on a request that is no page load (a script's POST, a websocket)
    EXCHANGE = "exchange"  # a valid token in the address: set the cookie, forward to the address without it
    REFUSE = "refuse"


class DashboardGuard:
    """Decides on each request of one dashboard; ``token=None`` refuses everything (no token was given)."""

    def __init__(self, token: str | None):
        self._token = token.encode() if token else None
        # One cookie per cluster: browsers send a host's cookies to all its ports, and a local appliance
        # serves several clusters' dashboards on one host. The name tells nothing about the token.
        digest = hashlib.sha256(b"flotilla-dashboard-cookie:" + (self._token or b"")).hexdigest()
        self.cookie_name = "flotilla_dashboard_" + digest[:16]

    def _matches(self, presented: bytes) -> bool:
        return self._token is not None and hmac.compare_digest(presented, self._token)

    def verdict(self, request) -> Verdict:
        presented = request.query_arguments.get(TOKEN_PARAMETER)
        if presented is not None:
            if len(presented) != 1 or not self._matches(presented[0]):
                return Verdict.REFUSE
            page_load = request.method in ("GET", "HEAD") and request.headers.get("Upgrade", "").lower() != "websocket"
            return Verdict.EXCHANGE if page_load else Verdict.ADMIT
        cookie = request.cookies.get(self.cookie_name)
        if cookie is not None and self._matches(cookie.value.encode()):
            return Verdict.ADMIT
        return Verdict.REFUSE

    def guard(self, find_handler):
        """``find_handler`` (an Application method) behind this guard."""

        def guarded_find_handler(application, request, **kwargs):
            verdict = self.verdict(request)
            if verdict is Verdict.ADMIT:
                return find_handler(application, request, **kwargs)
            handler = TokenExchangeHandler if verdict is Verdict.EXCHANGE else RefusedHandler
            return application.get_handler_delegate(request, handler, {"guard": self})

        guarded_find_handler.flotilla_dashboard_guard = self
        return guarded_find_handler


class _GuardHandler(web.RequestHandler):
    """Answers in ``prepare`` for every method, so no Dask handler runs."""

    def initialize(self, guard: DashboardGuard) -> None:
        self.guard = guard

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")

    def check_xsrf_cookie(self) -> None:  # nothing of Dask's runs here; the token is the protection
        pass


class RefusedHandler(_GuardHandler):
    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(REFUSAL)


class TokenExchangeHandler(_GuardHandler):
    def prepare(self) -> None:
        token = self.request.query_arguments[TOKEN_PARAMETER][0].decode()
        self.set_cookie(self.guard.cookie_name, token, path="/", httponly=True, secure=True, samesite="Strict")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", "default-src 'none'")
        target = html.escape(_without_token(self.request), quote=True)
        self.finish(f'<!doctype html><meta http-equiv="refresh" content="0;url={target}">'
                    f'<title>Dask dashboard</title><p><a href="{target}">Open the dashboard</a></p>\n')


def _without_token(request) -> str:
    """The request's own path and query without the token; always a path on this server (no ``//host``,
    and no backslash, which browsers read as a slash)."""
    path = "/" + request.path.replace("\\", "%5C").lstrip("/")
    rest = [(k, v.decode("utf-8", "replace")) for k, values in request.query_arguments.items()
            if k != TOKEN_PARAMETER for v in values]
    return path + ("?" + urlencode(rest) if rest else "")


def install(token: str | None) -> DashboardGuard:
    """Put the guard in front of every Dask HTTP application of this process (idempotent: the last token wins)."""
    from distributed.http.routing import RoutingApplication

    guard = DashboardGuard(token)
    current = RoutingApplication.find_handler
    original = getattr(current, "flotilla_unguarded", current)
    guarded = guard.guard(original)
    guarded.flotilla_unguarded = original
    RoutingApplication.find_handler = guarded
    return guard


def protects(application) -> bool:
    """Whether ``application`` (a scheduler's ``http_application``) answers through a guard."""
    return getattr(type(application).find_handler, "flotilla_dashboard_guard", None) is not None
