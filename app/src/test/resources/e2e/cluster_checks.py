"""What the end-to-end scripts check on every cluster, whatever runs it (imported from the scripts' directory)."""
import distributed


def plain_client_outcome(address: str) -> str:
    """How a ``distributed.Client`` without the cluster's certificate fares: ``connected`` must never happen."""
    try:
        plain = distributed.Client(address, timeout="5s")
        plain.close()
        return "connected"
    except Exception as error:  # a client without the cluster's certificate must not get in
        return type(error).__name__


def dashboard_outcome(link: str, ca_file: str) -> dict:
    """What a browser trusting the cluster's CA gets from the dashboard link, and what it gets without the token."""
    import html
    import re
    from urllib.parse import urljoin

    import requests
    import urllib3

    base = link.split("?")[0]
    browser = requests.Session()  # a cookie jar
    exchange = browser.get(link, verify=ca_file, timeout=60)
    forward = re.search(r'<meta http-equiv="refresh" content="0;url=([^"]*)">', exchange.text)
    page = browser.get(urljoin(link, html.unescape(forward.group(1))), verify=ca_file, timeout=60) if forward else exchange
    plain = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=10, read=60))
    try:
        plain_http = str(plain.request("GET", base.replace("https://", "http://", 1)).status)
    except urllib3.exceptions.HTTPError as error:
        plain_http = type(error).__name__
    return {"link": link, "token": link.split("token=", 1)[-1], "page_url": page.url, "page_status": page.status_code,
            "status_page": page.status_code == 200 and ("Dask needs bokeh" in page.text or "Dask: Status" in page.text),
            "without_token": requests.get(base, verify=ca_file, timeout=60).status_code,
            "wrong_token": requests.get(base, params={"token": "fdt_wrong"}, verify=ca_file, timeout=60).status_code,
            "without_token_body": requests.get(base, verify=ca_file, timeout=60).text[:200],
            "plain_http": plain_http}
