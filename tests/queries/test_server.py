"""The SPARQL endpoint, tested as a client sees it: a real server on a free loopback port, over a
copy of the seed store, spoken to with a real HTTP client (and, for the page, a real browser)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from queries import named
from queries.server import QueryServer, ServerConfig, make_server, negotiate, parse_accept

ROOT = Path(__file__).resolve().parents[2]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PERSONS = "SELECT DISTINCT ?label WHERE { ?e a schema:Person ; rdfs:label ?label } ORDER BY ?label"
MAX_ROWS = 500  # the seed graph has more triples than this, and no named query gives as many rows

#: Parameters for each named query on the seed graph.
SEED_PARAMS = {
    "entity-profile": {"name": "Putin"},
    "actor-actions": {"name": "russia"},
    "agreements": {"name": ""},
    "timeline": {"from": "2020-01-01", "to": "2020-12-31"},
    "fact-sources": {"subject": "Russia"},
    "actors-at-place": {"place": "Nagorno-Karabakh"},
    "top-actors": {"min_articles": "1"},
    "co-occurrence": {"name": "Armenia"},
}


class Response:
    """What came back: status, headers (lower-case names) and body."""

    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status = status
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


def request(url: str, data: bytes | None = None, headers=None, method=None) -> Response:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return Response(resp.status, resp.headers, resp.read())
    except urllib.error.HTTPError as err:
        return Response(err.code, err.headers, err.read())


def get(base: str, path: str, accept: str | None = None, **params: str) -> Response:
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    return request(f"{base}{path}{query}", headers={"Accept": accept} if accept else {})


def post_form(base: str, fields: dict[str, str], accept: str | None = None) -> Response:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return request(f"{base}sparql", urllib.parse.urlencode(fields).encode(), headers)


def values(response: Response, column: str) -> list[str]:
    return [b[column]["value"] for b in response.json()["results"]["bindings"] if column in b]


@pytest.fixture(scope="module")
def store_copy(seed_store, tmp_path_factory) -> Path:
    """A copy of the seed store that the server tests may open (and try to change)."""
    target = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(seed_store, target, ignore=shutil.ignore_patterns("LOCK"))
    return target


def _start(config: ServerConfig):
    srv = make_server(config)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    return srv, thread


def _stop(srv: QueryServer, thread: threading.Thread) -> None:
    srv.shutdown()
    srv.close()
    thread.join(5)


@pytest.fixture(scope="module")
def server(store_copy):
    """The server most tests talk to, with a timeout a busy machine cannot trip."""
    srv, thread = _start(
        ServerConfig(store=store_copy, port=0, timeout=30, max_rows=MAX_ROWS, quiet=True)
    )
    yield srv
    _stop(srv, thread)


@pytest.fixture(scope="module")
def strict_server(store_copy):
    """A server with a one-second timeout, for the runaway query."""
    srv, thread = _start(ServerConfig(store=store_copy, port=0, timeout=1.0, quiet=True))
    yield srv
    _stop(srv, thread)


@pytest.fixture(scope="module")
def base(server: QueryServer) -> str:
    return server.url


# ---------------------------------------------------------------------- SPARQL protocol
def _parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    "how, accept, fmt, media",
    [
        ("get", "application/sparql-results+json", None, "application/sparql-results+json"),
        ("get", "text/csv", None, "text/csv"),
        ("get", "text/html,application/xhtml+xml,*/*;q=0.8", "csv", "text/csv"),
        ("get", None, None, "application/sparql-results+json"),
        ("post-form", "application/sparql-results+json", None, "application/sparql-results+json"),
        ("post-form", "text/csv;q=0.9, application/json;q=0.1", None, "text/csv"),
        ("post-query", "text/tab-separated-values", None, "text/tab-separated-values"),
        ("post-query", "application/sparql-results+xml", None, "application/sparql-results+xml"),
    ],
)
def test_select_over_get_and_post_in_each_format(base, how, accept, fmt, media):
    params = {"query": PERSONS} | ({"format": fmt} if fmt else {})
    headers = {"Accept": accept} if accept else {}
    if how == "get":
        response = request(f"{base}sparql?{urllib.parse.urlencode(params)}", headers=headers)
    elif how == "post-form":
        response = post_form(base, params, accept)
    else:
        headers["Content-Type"] = "application/sparql-query"
        response = request(f"{base}sparql", PERSONS.encode(), headers)
    assert response.status == 200, response.text
    assert response.headers["content-type"].startswith(media)
    if media == "application/sparql-results+json":
        labels = values(response, "label")
    elif media == "text/csv":
        rows = _parse_csv(response.text)
        assert rows[0] == ["label"]
        labels = [r[0] for r in rows[1:]]
    elif media == "text/tab-separated-values":
        lines = response.text.splitlines()
        assert lines[0] == "?label"
        labels = [json.loads(line) for line in lines[1:]]
    else:
        labels = re.findall(r"<literal>([^<]*)</literal>", response.text)
    assert "Nikol Pashinyan" in labels
    assert labels == sorted(labels)


def test_select_answers_match_the_library(base, store_copy):
    from graph.store import KnowledgeGraph

    with KnowledgeGraph(store_copy, read_only=True) as kg:
        expected = [str(row.label) for row in kg.query(PERSONS)]
    assert values(get(base, "sparql", query=PERSONS), "label") == expected


@pytest.mark.parametrize(
    "accept, fmt, media",
    [
        (None, None, "text/turtle"),
        ("application/n-triples", None, "application/n-triples"),
        (None, "jsonld", "application/ld+json"),
        ("application/rdf+xml", None, "application/rdf+xml"),
    ],
)
def test_construct_in_each_graph_format(base, accept, fmt, media):
    import pyoxigraph as ox

    query = (
        "CONSTRUCT { ?e a schema:Person ; rdfs:label ?l } "
        "WHERE { ?e a schema:Person ; rdfs:label ?l }"
    )
    params = {"query": query} | ({"format": fmt} if fmt else {})
    response = get(base, "sparql", accept, **params)
    assert response.status == 200, response.text
    assert response.headers["content-type"].startswith(media)
    rdf_format = ox.RdfFormat.from_media_type(media)
    triples = list(ox.parse(response.body, format=rdf_format))
    labels = {t.object.value for t in triples if isinstance(t.object, ox.Literal)}
    assert "Nikol Pashinyan" in labels
    assert {t.object.value for t in triples if not isinstance(t.object, ox.Literal)} == {
        "https://schema.org/Person"
    }


def test_ask(base):
    assert get(base, "sparql", query="ASK { ?a a schema:NewsArticle }").json()["boolean"] is True
    response = get(base, "sparql", query="ASK { ?a a schema:Nothing }", format="xml")
    assert "<boolean>false</boolean>" in response.text


@pytest.mark.parametrize(
    "params, status, message",
    [
        ({"query": "SELEC ?x"}, 400, "syntax error"),
        ({}, 400, "query="),
        ({"query": PERSONS, "format": "yaml"}, 406, "unknown format"),
        ({"query": "CONSTRUCT WHERE { ?s a schema:Person }", "format": "csv"}, 406, "CONSTRUCT"),
        ({"query": PERSONS, "format": "turtle"}, 406, "SELECT"),
    ],
)
def test_bad_requests_get_a_one_line_error(base, params, status, message):
    response = get(base, "sparql", **params)
    assert response.status == status
    assert response.headers["content-type"].startswith("text/plain")
    assert message in response.text and response.text.count("\n") == 1


def test_default_graph_uri_limits_the_query_to_one_article(base):
    articles = values(get(base, "sparql", query="SELECT ?a WHERE { ?a a schema:NewsArticle }"), "a")
    assert len(articles) == 2
    url = f"{base}sparql?" + urllib.parse.urlencode(
        {"query": "SELECT ?a WHERE { ?a a schema:NewsArticle }", "default-graph-uri": articles[0]}
    )
    assert values(request(url), "a") == [articles[0]]


def test_long_results_are_cut_and_flagged(base):
    response = get(base, "sparql", query="SELECT * WHERE { ?s ?p ?o }")
    assert response.status == 200
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    assert response.headers["x-newskg-truncated"] == "true"
    assert response.headers["x-newskg-row-limit"] == str(MAX_ROWS)
    short = get(base, "sparql", query=PERSONS)
    assert "x-newskg-truncated" not in short.headers


def test_results_survive_the_round_trip_through_tsv(base, store_copy):
    """Every term of the graph (article text with quotes, newlines, unicode) comes back intact."""
    import pyoxigraph as ox

    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 400"
    store = ox.Store.read_only(str(store_copy))
    direct = json.loads(
        store.query(query, use_default_graph_as_union=True).serialize(
            format=ox.QueryResultsFormat.JSON
        )
    )
    assert get(base, "sparql", query=query).json() == direct


# ---------------------------------------------------------------------- read-only
def _count(base: str) -> int:
    return int(values(get(base, "sparql", query=COUNT), "n")[0])


INSERT = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"


@pytest.mark.parametrize(
    "how",
    ["form-update", "sparql-update", "update-as-query", "get-update", "delete-as-query", "put"],
)
def test_updates_are_refused_and_change_nothing(base, store_copy, how):
    from graph.store import KnowledgeGraph

    before = _count(base)
    if how == "form-update":
        response = post_form(base, {"update": INSERT})
    elif how == "sparql-update":
        response = request(
            f"{base}sparql", INSERT.encode(), {"Content-Type": "application/sparql-update"}
        )
    elif how == "update-as-query":
        response = post_form(base, {"query": INSERT})
    elif how == "get-update":
        response = get(base, "sparql", update=INSERT)
    elif how == "delete-as-query":
        response = get(base, "sparql", query="DELETE WHERE { ?s ?p ?o }")
    else:
        response = request(f"{base}sparql", INSERT.encode(), method="PUT")
    assert response.status in (403, 405)
    assert _count(base) == before
    with KnowledgeGraph(store_copy, read_only=True) as kg:
        assert len(kg) == before


# ---------------------------------------------------------------------- named queries
def test_queries_lists_every_named_query(base):
    listed = get(base, "queries").json()
    assert [q["name"] for q in listed] == named.names()
    for item in listed:
        assert item["title"] and item["description"] and item["text"]
        for param in item["params"]:
            assert {"name", "type", "default", "required", "description"} <= set(param)


@pytest.mark.parametrize("name", sorted(SEED_PARAMS))
def test_named_query_through_endpoint_and_cli_agree(base, store_copy, name):
    from newskg.cli import cli

    params = SEED_PARAMS[name]
    response = get(base, f"query/{name}", **params)
    assert response.status == 200, response.text
    data = response.json()
    rows = {
        tuple((v, b[v]["value"]) for v in data["head"]["vars"] if v in b)
        for b in data["results"]["bindings"]
    }
    args = ["query", name, "--store", str(store_copy), "--format", "json"]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    cli_data = json.loads(result.output)
    assert cli_data["head"]["vars"] == data["head"]["vars"]
    cli_rows = {
        tuple((v, b[v]["value"]) for v in cli_data["head"]["vars"] if v in b)
        for b in cli_data["results"]["bindings"]
    }
    assert cli_rows == rows
    assert rows


@pytest.mark.parametrize(
    "path, params, column, expected",
    [
        ("query/top-actors", {}, "label", "Armenia"),
        ("query/entity-profile", {"name": "PUTIN"}, "valueLabel", "Person"),
        ("query/actors-at-place", {"place": "nagorno-karabakh"}, "actorLabel", "Russia"),
        ("query/co-occurrence", {"name": "armenia"}, "otherLabel", "Azerbaijan"),
    ],
)
def test_named_queries_find_robust_facts(base, path, params, column, expected):
    assert expected in values(get(base, path, **params), column)


def test_named_query_params_are_bound_not_pasted(base):
    hostile = 'Putin" ) } SELECT * WHERE { ?s ?p ?o } #'
    response = get(base, "query/entity-profile", name=hostile)
    assert response.status == 200
    bindings = response.json()["results"]["bindings"]
    assert bindings == []


@pytest.mark.parametrize(
    "path, params, status, message",
    [
        ("query/no-such-query", {}, 404, "entity-profile"),
        ("query/top-actors", {"limit": "3"}, 400, "unknown parameter 'limit'"),
        ("query/top-actors", {"min_articles": "many"}, 400, "not an integer"),
        ("query/timeline", {"from": "yesterday"}, 400, "YYYY-MM-DD"),
        ("nowhere", {}, 404, "no such page"),
    ],
)
def test_named_query_errors(base, path, params, status, message):
    response = get(base, path, **params)
    assert response.status == status
    assert message in response.text


def test_named_query_in_csv(base):
    response = get(base, "query/top-actors", format="csv", min_articles="2")
    rows = _parse_csv(response.text)
    assert rows[0][:5] == ["actor", "label", "types", "articles", "mentions"]
    assert all(int(r[3]) >= 2 for r in rows[1:])


# ---------------------------------------------------------------------- limits
def test_a_runaway_query_is_stopped_while_others_are_answered(strict_server):
    server, base = strict_server, strict_server.url
    before = server.pool.pids
    assert len(before) == 2
    done: dict[str, float] = {}
    runaway: dict[str, Response] = {}

    def send_runaway() -> None:
        started = time.monotonic()
        runaway["response"] = post_form(base, {"query": RUNAWAY})
        done["runaway"] = time.monotonic()
        done["runaway seconds"] = done["runaway"] - started

    thread = threading.Thread(target=send_runaway)
    thread.start()
    time.sleep(0.2)
    quick = get(base, "sparql", query=PERSONS)
    done["quick"] = time.monotonic()
    thread.join(60)
    assert quick.status == 200 and "Nikol Pashinyan" in values(quick, "label")
    assert done["quick"] < done["runaway"]  # answered while the runaway query was running
    response = runaway["response"]
    assert response.status == 504
    assert "timeout" in response.text and response.text.count("\n") == 1
    assert 1.0 <= done["runaway seconds"] < 30
    killed = before - server.pool.pids
    assert len(killed) == 1
    for pid in killed:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    deadline = time.monotonic() + 60
    while len(server.pool.pids) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(server.pool.pids) == 2
    assert get(base, "sparql", query=PERSONS).status == 200


def test_forty_concurrent_clients(base):
    clients = 40
    barrier = threading.Barrier(clients)

    def client(i: int) -> int:
        barrier.wait(10)
        if i % 2:
            return get(base, "sparql", query=COUNT).status
        return get(base, "query/top-actors").status

    with ThreadPoolExecutor(clients) as pool:
        statuses = list(pool.map(client, range(clients)))
    assert statuses == [200] * clients


# ---------------------------------------------------------------------- network exposure
def _non_loopback_address() -> str | None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # a documentation address; UDP connect sends nothing
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def test_listens_on_loopback_only(server):
    host, port = server.socket.getsockname()[:2]
    assert host == "127.0.0.1" and port > 0
    address = _non_loopback_address()
    if address is None:
        pytest.skip("no non-loopback address on this machine to try")
    with pytest.raises(OSError):
        socket.create_connection((address, port), timeout=2).close()


def test_foreign_host_header_is_refused(base):
    response = request(f"{base}queries", headers={"Host": "attacker.example"})
    assert response.status == 403


# ---------------------------------------------------------------------- the query page
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_query_page_is_offline_and_strict(base):
    response = get(base, "")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    parser = _Tags()
    parser.feed(response.text)
    linked = [(t, a) for t, a in parser.tags if t in ("script", "link")]
    assert linked
    for tag, attrs in linked:
        url = attrs.get("src") or attrs.get("href") or ""
        assert not re.match(r"(?i)\s*(https?:)?//", url), (tag, url)
        if url:
            assert get(base, url.lstrip("/")).status == 200
    assert not any(t == "script" and not a.get("src") for t, a in parser.tags)
    script = get(base, "static/query.js").text
    assert "innerHTML" not in script and "http://" not in script and "https://" not in script


# ---------------------------------------------------------------------- the CLI
def test_newskg_serve_announces_its_url_and_stops_cleanly(store_copy):
    script = Path(sys.executable).with_name("newskg")  # the console script pip installed
    fallback = [sys.executable, "-c", "from newskg.cli import main; main()"]
    command = [str(script)] if script.exists() else fallback
    process = subprocess.Popen(
        [*command, "serve", "--store", str(store_copy), "--port", "0", "--timeout", "1", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/)sparql", line)
        assert match, line + process.stderr.read()
        url = match.group(1)
        assert get(url, "sparql", query="ASK { ?a a schema:NewsArticle }").json()["boolean"]
        stopped = post_form(url, {"query": RUNAWAY})
        assert stopped.status == 504 and "1 s timeout" in stopped.text
    finally:
        process.terminate()
        process.wait(15)
    assert process.returncode == 0


def test_newskg_serve_reports_a_missing_store(tmp_path):
    from newskg.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 1
    assert "no newskg store" in result.output


# ---------------------------------------------------------------------- negotiation
@pytest.mark.parametrize(
    "accept, fmt, expected",
    [
        (None, None, ("json", "turtle")),
        ("*/*", None, ("json", "turtle")),
        ("text/csv", None, ("csv", "turtle")),
        ("application/json", None, ("json", "jsonld")),
        ("text/*", None, ("csv", "turtle")),
        ("text/turtle, application/sparql-results+xml;q=0.5", None, ("xml", "turtle")),
        ("application/sparql-results+json;q=0, text/csv;q=0.2", None, ("csv", "turtle")),
        ("image/png", None, ("json", "turtle")),
        ("text/csv", "json", ("json", "jsonld")),
        (None, "nt", (None, "ntriples")),
        (None, "TSV", ("tsv", None)),
    ],
)
def test_negotiate(accept, fmt, expected):
    assert negotiate(accept, fmt) == expected


def test_parse_accept_orders_by_quality_then_position():
    assert parse_accept("a/b;q=0.5, c/d, e/f;q=0.5, g/h;q=0") == ["c/d", "a/b", "e/f"]


# ---------------------------------------------------------------------- in a browser
@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("headless Chromium and chromedriver are needed for the page test")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _wait(driver, condition, seconds: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def _headers(driver) -> list[str]:
    """Column names of the results table, read in one step (the table may be replaced)."""
    script = "return [...document.querySelectorAll('#results th')].map(th => th.textContent)"
    return driver.execute_script(script)


@pytest.mark.browser
def test_page_runs_a_named_query_and_renders_text_as_text(browser, base):
    from selenium.webdriver.common.by import By

    browser.get(base)
    top = _wait(
        browser, lambda d: d.find_element(By.CSS_SELECTOR, "#named-list li[data-name='top-actors']")
    )
    assert len(browser.find_elements(By.CSS_SELECTOR, "#named-list li")) == len(named.names())
    top.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    _wait(browser, lambda d: "Armenia" in d.find_element(By.ID, "results").text)
    assert _headers(browser)[:3] == ["actor", "label", "types"]
    assert "e:armenia" in browser.find_element(By.ID, "results").text  # IRIs shown compact
    assert "format=csv" in browser.find_element(By.ID, "download-csv").get_attribute("href")

    hostile = "<img src=x onerror=\"document.title='owned'\"><b>bold</b>"
    editor = browser.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys(f"SELECT ?x WHERE {{ BIND({json.dumps(hostile)} AS ?x) }}")
    browser.find_element(By.ID, "run").click()
    _wait(browser, lambda d: _headers(d) == ["x"])
    cell = browser.find_element(By.CSS_SELECTOR, "#results td")
    assert cell.text == hostile
    assert browser.find_elements(By.CSS_SELECTOR, "#results img, #results b") == []
    assert browser.title != "owned"

    editor.clear()
    editor.send_keys("SELEC nothing")
    browser.find_element(By.ID, "run").click()
    status = _wait(
        browser,
        lambda d: d.find_element(By.CSS_SELECTOR, "#status.error"),
    )
    assert status.text.startswith("400:")
    problems = [
        entry["message"]
        for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE" and "400" not in entry["message"]
    ]
    assert problems == []
