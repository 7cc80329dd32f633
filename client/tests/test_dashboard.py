"""The scheduler's dashboard: TLS with the cluster's certificate, and nothing without the cluster's token."""

from __future__ import annotations

import html
import http.client
import http.server
import re
import shutil
import socket
import ssl
import subprocess
import threading
from urllib.parse import urljoin, urlsplit

import pytest
import requests
import urllib3

from flotilla import dashboard_guard
from tests.conftest import wait_until

# what Dask's /status handler answers (the Bokeh page, or Dask's own page when Bokeh is not installed)
STATUS_PAGE_MARKS = ("Dask needs bokeh", "<title>Dask: Status</title>")


@pytest.fixture(scope="module")
def dashboard(appliance):
    """A running cluster of the fake appliance (real agent, real TLS scheduler): its link, CA file and token."""
    import flotilla

    with pytest.MonkeyPatch.context() as env:
        env.setenv("FLOTILLA_URL", appliance.url)
        env.setenv("FLOTILLA_TOKEN", "flt_test_user_token")
        env.setenv("FLOTILLA_WORKSPACE", "ws")
        cluster = flotilla.Cluster(n_workers=0, timeout=120, wait_for_workers=False)
    try:
        fake = appliance.cluster(cluster.name)
        wait_until(lambda: fake.dashboard_url, message="the scheduler reported its dashboard")
        yield {"link": cluster.dashboard_link, "ca": cluster.ca_file, "token": fake.dashboard_token,
               "fake": fake, "name": cluster.name}
    finally:
        cluster.close()


def is_status_page(response: requests.Response) -> bool:
    return response.status_code == 200 and any(mark in response.text for mark in STATUS_PAGE_MARKS)


def forwarded_to(response: requests.Response) -> str | None:
    """Where the guard's forwarding page sends the browser (``<meta http-equiv="refresh" content="0;url=…">``)."""
    found = re.search(r'<meta http-equiv="refresh" content="0;url=([^"]*)">', response.text)
    return urljoin(response.url, html.unescape(found.group(1))) if found else None


def test_the_dashboard_link_opens_like_a_browser_would(dashboard):
    link = dashboard["link"]
    parts = urlsplit(link)
    assert parts.scheme == "https" and parts.path == "/status" and parts.query == f"token={dashboard['token']}"
    assert dashboard["fake"].to_json()["dashboardUrl"] == link.split("?")[0], "the cluster view carries no token"
    browser = requests.Session()  # a cookie jar, trusting the cluster's CA
    exchange = browser.get(link, verify=dashboard["ca"], timeout=60)
    assert exchange.status_code == 200 and exchange.history == []
    assert forwarded_to(exchange) == link.split("?")[0], "the browser goes on to the address without the token"
    assert dashboard["token"] not in exchange.text
    cookie = exchange.headers["Set-Cookie"]
    assert dashboard["token"] in cookie
    for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/"):
        assert flag.lower() in cookie.lower(), cookie
    page = browser.get(forwarded_to(exchange), verify=dashboard["ca"], timeout=60)
    assert is_status_page(page), page.text[:500]
    # the cookie opens the other pages and files too
    assert browser.get(f"https://{parts.netloc}/info/main/workers.html", verify=dashboard["ca"], timeout=60).ok
    assert browser.get(f"https://{parts.netloc}/statics/images/dask-logo.svg", verify=dashboard["ca"], timeout=60).ok


@pytest.mark.parametrize("path", ["/status", "/", "/info/main/workers.html", "/json/counts.json", "/health",
                                  "/metrics", "/sitemap.json", "/statics/images/dask-logo.svg", "/status/ws"])
def test_without_the_token_a_tls_request_gets_no_page(dashboard, path):
    netloc = urlsplit(dashboard["link"]).netloc
    answer = requests.get(f"https://{netloc}{path}", verify=dashboard["ca"], timeout=60, allow_redirects=False,
                          headers={"Upgrade": "websocket", "Connection": "Upgrade"} if path.endswith("/ws") else {})
    assert answer.status_code == 403
    assert answer.headers["Content-Type"].startswith("text/plain")
    assert answer.text == dashboard_guard.REFUSAL
    assert "Set-Cookie" not in answer.headers


def test_a_wrong_token_or_cookie_gets_no_page(dashboard):
    base = dashboard["link"].split("?")[0]
    token, ca = dashboard["token"], dashboard["ca"]
    for wrong in (token[:-1], token + "x", "", token.upper()):
        answer = requests.get(base, params={"token": wrong}, verify=ca, timeout=60, allow_redirects=False)
        assert answer.status_code == 403 and "Set-Cookie" not in answer.headers
    # the right token twice, or the right token next to a wrong one, is refused too
    assert requests.get(f"{base}?token={token}&token=x", verify=ca, timeout=60).status_code == 403
    guard = dashboard_guard.DashboardGuard(token)
    forged = requests.get(base, cookies={guard.cookie_name: token + "x"}, verify=ca, timeout=60)
    assert forged.status_code == 403
    other = requests.get(base, cookies={dashboard_guard.DashboardGuard("fdt_other").cookie_name: token}, verify=ca,
                         timeout=60)
    assert other.status_code == 403, "another cluster's cookie name does not count"
    assert is_status_page(requests.get(base, cookies={guard.cookie_name: token}, verify=ca, timeout=60))


def test_a_plain_http_request_to_the_dashboard_port_gets_nothing(dashboard):
    netloc = urlsplit(dashboard["link"]).netloc
    plain = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=10, read=60))
    try:
        answer = plain.request("GET", f"http://{netloc}/status?token={dashboard['token']}")
    except urllib3.exceptions.HTTPError:
        return  # the TLS server dropped the connection: nothing served
    assert answer.status >= 400 and not any(m.encode() in answer.data for m in STATUS_PAGE_MARKS)


def test_the_dashboard_certificate_is_the_clusters(dashboard):
    netloc = urlsplit(dashboard["link"]).netloc
    host, port = netloc.rsplit(":", 1)
    context = ssl.create_default_context(cafile=dashboard["ca"])  # checks the chain and the host name
    with socket.create_connection((host, int(port)), timeout=30) as raw, context.wrap_socket(raw, server_hostname=host):
        pass
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(dashboard["link"], timeout=60)  # the system's CAs do not know the cluster's CA


def test_the_forwarding_page_stays_on_the_dashboard_and_keeps_other_parameters(dashboard):
    netloc, token, ca = urlsplit(dashboard["link"]).netloc, dashboard["token"], dashboard["ca"]
    answer = requests.get(f"https://{netloc}//evil.example/status?width=3&token={token}", verify=ca, timeout=60)
    assert answer.status_code == 200 and forwarded_to(answer) == f"https://{netloc}/evil.example/status?width=3"
    # a backslash, sent as it is (browsers read it as a slash: "/\\evil.example" would leave the dashboard)
    host, port = netloc.rsplit(":", 1)
    raw = http.client.HTTPSConnection(host, int(port), context=ssl.create_default_context(cafile=ca), timeout=60)
    raw.request("GET", f"/\\evil.example?token={token}")
    page = raw.getresponse().read().decode()
    raw.close()
    assert 'content="0;url=/%5Cevil.example"' in page, page
    # a request that cannot follow a redirect (a script's POST) is served with the token as it is
    posted = requests.post(f"https://{netloc}/status?token={token}", verify=ca, timeout=60, allow_redirects=False)
    assert posted.status_code != 403 and "Set-Cookie" not in posted.headers


def test_a_click_from_another_site_opens_the_dashboard_in_chromium(dashboard, tmp_path):
    # bin/run-tests installs Chromium (the console tests use it too): without it this check fails, it is not skipped
    assert shutil.which("chromium"), "Chromium is needed (bin/run-tests installs it: apt-get install chromium)"
    # A browser sends no SameSite=Strict cookie on an HTTP redirect that follows a click on another site (the
    # console, a notebook): the guard's forwarding page is what makes the link work there. The page on
    # 127.0.0.1 opens the link on localhost, another site for the browser.
    link = dashboard["link"].replace("127.0.0.1", "localhost")
    (tmp_path / "notebook.html").write_text(f'<script>location.href = "{link}"</script>')
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a, **k: http.server.SimpleHTTPRequestHandler(
        *a, directory=str(tmp_path), **k))
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        shown = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                "--ignore-certificate-errors",  # the cluster's CA is not in this browser's store
                                f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000",
                                "--dump-dom", f"http://127.0.0.1:{site.server_address[1]}/notebook.html"],
                               capture_output=True, text=True, timeout=120)
    finally:
        site.shutdown()
        site.server_close()
    assert any(html.escape(mark, quote=False) in shown.stdout for mark in STATUS_PAGE_MARKS), shown.stdout[:1000] + shown.stderr[-2000:]


def test_the_cli_prints_the_link_and_writes_the_ca(dashboard, logged_in, tmp_path):
    from click.testing import CliRunner

    from flotilla.cli import main

    ca = tmp_path / "cluster-ca.pem"
    result = CliRunner().invoke(main, ["cluster", "dashboard", dashboard["name"], "--ca-file", str(ca)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == dashboard["link"]
    browser = requests.Session()
    exchange = browser.get(result.output.strip(), verify=str(ca), timeout=60)
    assert is_status_page(browser.get(forwarded_to(exchange), verify=str(ca), timeout=60))
    missing = CliRunner().invoke(main, ["cluster", "dashboard", "no-such-cluster"])
    assert missing.exit_code == 1 and "There is no cluster named no-such-cluster" in missing.output
