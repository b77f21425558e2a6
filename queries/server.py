"""A read-only SPARQL 1.1 endpoint over a newskg store, with the named queries and a query page.

Start it with ``newskg serve`` (or :func:`serve`). It listens on 127.0.0.1:7878 unless told
otherwise and answers:

``GET /``
    The query page (``queries/static/``): a SPARQL editor, a results table and the named queries
    as examples with their parameters. It loads nothing from elsewhere and works offline.
``GET /static/NAME``
    The page's script and style sheet.
``GET /sparql?query=Q`` and ``POST /sparql``
    The SPARQL 1.1 Protocol query operation. ``POST`` takes a form (``application/x-www-form-
    urlencoded`` with ``query=Q``) or the query itself (``application/sparql-query``). Optional
    protocol parameters: ``default-graph-uri`` and ``named-graph-uri`` (repeatable); without
    ``default-graph-uri`` the default graph is the union of all article graphs. The well-known
    prefixes of :data:`graph.store.PREFIXES` (``nkg:``, ``schema:``, ``e:``, ...) may be used
    without declaring them.
``GET /query/NAME?key=value&...``
    The named query ``queries/NAME.rq`` with its parameters bound as substitutions (never pasted
    into the text); missing parameters take their defaults. 404 for an unknown name, 400 for an
    unknown parameter, a missing required one or a value of the wrong type.
``GET /queries``
    The named queries as a JSON list: name, title, description, params (name, type, default,
    required, description) and text.
``GET /prefixes``
    The prefixes as a JSON object, prefix to namespace.

Result formats. ``SELECT`` and ``ASK``: SPARQL results JSON (default), XML, CSV or TSV;
``CONSTRUCT`` and ``DESCRIBE``: Turtle (default), N-Triples, JSON-LD or RDF/XML. The format is
chosen by the ``Accept`` header (q-values honoured; a type the server cannot give falls back to
the default) or, taking precedence, by a ``format=`` parameter: ``json``, ``xml``, ``csv``,
``tsv``, ``turtle``, ``ntriples``, ``jsonld``, ``rdfxml`` (406 if it does not fit the query).
Results are written by pyoxigraph's own serialisers.

Read-only. The store is opened read-only, and any update is refused with 403 and changes nothing:
``update=`` in a form or query string, ``application/sparql-update``, or an update sent as
``query=``. ``PUT``, ``DELETE`` and ``PATCH`` get 405.

Limits. Queries run in a pool of worker processes (``workers``), each with the store open
read-only; the HTTP server itself serves many clients at once on threads. A query that runs
longer than ``timeout`` seconds is stopped by killing its worker, which is replaced, and is
answered with 504 and a one-line message; other queries go on meanwhile. When every worker stays
busy for ``timeout`` + 5 s, a request gets 503. At most ``max_rows`` rows (or triples) are
returned; a longer result is cut and the response says so in the headers ``X-Newskg-Truncated:
true`` and ``X-Newskg-Row-Limit``. Request bodies over 1 MiB get 413. Errors are ``text/plain``,
one line.

Safety. When bound to a loopback address the server answers only requests whose ``Host`` is
``localhost``, ``127.0.0.1`` or ``[::1]`` (so a web page cannot reach it through DNS
rebinding); pages are sent with a strict Content-Security-Policy; no CORS headers are sent.
The store is read as it was when the server started: restart it to see articles ingested since.
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import mimetypes
import multiprocessing
import os
import queue
import signal
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from graph.terms import to_ox
from newskg import __version__

# Worker processes import this module and need only pyoxigraph: rdflib and the rest of newskg
# (graph.store, queries.named) are imported where the HTTP side uses them.

__all__ = [
    "ServerConfig",
    "Job",
    "Answer",
    "ServerError",
    "PoolBusy",
    "QueryTimeout",
    "WorkerCrashed",
    "WorkerPool",
    "QueryServer",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
    "negotiate",
    "parse_accept",
    "is_update",
    "run_job",
    "to_ox",
    "make_server",
    "serve",
]

MAX_BODY = 1 << 20
STARTUP_SECONDS = 60.0
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})

#: Results of SELECT and ASK: format key -> (Content-Type, pyoxigraph format).
RESULT_FORMATS = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv; charset=utf-8", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values; charset=utf-8", ox.QueryResultsFormat.TSV),
}
#: Results of CONSTRUCT and DESCRIBE: format key -> (Content-Type, pyoxigraph format).
GRAPH_FORMATS = {
    "turtle": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
_RESULT_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/xml": "xml",
}
_GRAPH_MEDIA = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
_FORMAT_PARAM = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "ntriples": (None, "ntriples"),
    "nt": (None, "ntriples"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"),
}
_TEXT = "text/plain; charset=utf-8"


class ServerError(Exception):
    """The server cannot start: the port is taken, the store cannot be opened, ..."""


class PoolBusy(Exception):
    """No query worker became free in time."""


class QueryTimeout(Exception):
    """A query ran past the timeout; its worker was killed."""


class WorkerCrashed(Exception):
    """A query worker died while running a query."""


@dataclass(frozen=True)
class ServerConfig:
    """How to run the endpoint; the fields match the ``newskg serve`` options.

    Parameters
    ----------
    store : Path
        Folder of the on-disk store (opened read-only).
    host, port : str, int
        Where to listen; port 0 picks a free port.
    timeout : float
        Seconds a query may run before it is stopped.
    max_rows : int
        Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) in one answer.
    workers : int
        Worker processes that run queries.
    quiet : bool
        Do not log requests to stderr.
    """

    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 2
    quiet: bool = False


@dataclass(frozen=True)
class Job:
    """One query for a worker: the text, its substitutions and the formats to answer in."""

    query: str
    substitutions: tuple[tuple[str, object], ...] = ()
    results_format: str | None = "json"
    graph_format: str | None = "turtle"
    max_rows: int = 10_000
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A worker's reply: an HTTP status, a body and what it holds."""

    status: int
    content_type: str
    body: bytes
    rows: int | None = None
    truncated: bool = False
    syntax_error: bool = False


# ---------------------------------------------------------------------- content negotiation
def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an ``Accept`` header, most preferred first, without those with q=0.

    >>> parse_accept("text/csv;q=0.5, application/sparql-results+json, */*;q=0.1")
    ['application/sparql-results+json', 'text/csv', '*/*']
    """
    ranked = []
    for index, part in enumerate((header or "").split(",")):
        media, *options = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        q = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, index, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def _pick(ranges: list[str], table: dict[str, str], default: str) -> str:
    for media in ranges:
        if media in table:
            return table[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):
            kind = media[:-1]
            for known, key in table.items():
                if known.startswith(kind):
                    return key
    return default


def negotiate(accept: str | None, fmt: str | None = None) -> tuple[str | None, str | None]:
    """The result format for SELECT/ASK and the one for CONSTRUCT/DESCRIBE.

    ``fmt`` (the ``format=`` parameter) wins over ``accept``; ``None`` in the answer means the
    format asked for cannot be given for that kind of query.

    >>> negotiate("text/csv")
    ('csv', 'turtle')
    >>> negotiate("text/html,*/*;q=0.8", "ttl")
    (None, 'turtle')
    """
    if fmt:
        key = fmt.strip().lower()
        if key not in _FORMAT_PARAM:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(_FORMAT_PARAM)}")
        return _FORMAT_PARAM[key]
    ranges = parse_accept(accept)
    return _pick(ranges, _RESULT_MEDIA, "json"), _pick(ranges, _GRAPH_MEDIA, "turtle")


# ---------------------------------------------------------------------- running one query
def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _error(status: int, message: str, *, syntax: bool = False) -> Answer:
    body = (_one_line(message) + "\n").encode("utf-8")
    return Answer(status, _TEXT, body, syntax_error=syntax)


def run_job(store: ox.Store, job: Job, prefixes: dict[str, str] | None = None) -> Answer:
    """Run one query on an open pyoxigraph store and serialise its answer.

    ``prefixes`` may be used in the query without being declared (and name namespaces in
    Turtle output). SELECT rows are taken up to ``job.max_rows`` (plus one, to know whether
    there are more) and written by pyoxigraph in the asked format through its TSV reader, so a
    cut result is still a well-formed document.
    """
    prefixes = prefixes or {}
    options: dict[str, object] = {"prefixes": prefixes}
    if job.substitutions:
        options["substitutions"] = {ox.Variable(k): v for k, v in job.substitutions}
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = store.query(job.query, **options)
        if isinstance(result, ox.QueryBoolean):
            return _boolean_answer(result, job)
        if isinstance(result, ox.QueryTriples):
            return _graph_answer(result, job, prefixes)
        return _solutions_answer(result, job)
    except SyntaxError as exc:
        return _error(400, f"SPARQL syntax error: {exc}", syntax=True)
    except (RuntimeError, ValueError, TypeError) as exc:
        return _error(400, f"query error: {exc}")
    except OSError as exc:
        return _error(500, f"store error: {exc}")


def _not_acceptable(kind: str) -> Answer:
    return _error(406, f"the format asked for cannot hold the result of a {kind} query")


def _boolean_answer(result: ox.QueryBoolean, job: Job) -> Answer:
    if job.results_format is None:
        return _not_acceptable("ASK")
    media, fmt = RESULT_FORMATS[job.results_format]
    return Answer(200, media, result.serialize(format=fmt), rows=None)


def _graph_answer(result: ox.QueryTriples, job: Job, prefixes: dict[str, str]) -> Answer:
    if job.graph_format is None:
        return _not_acceptable("CONSTRUCT or DESCRIBE")
    media, fmt = GRAPH_FORMATS[job.graph_format]
    triples = list(itertools.islice(result, job.max_rows + 1))
    truncated = len(triples) > job.max_rows
    triples = triples[: job.max_rows]
    named_prefixes = prefixes if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(triples, format=fmt, prefixes=named_prefixes)
    return Answer(200, media, body, rows=len(triples), truncated=truncated)


def _solutions_answer(result: ox.QuerySolutions, job: Job) -> Answer:
    if job.results_format is None:
        return _not_acceptable("SELECT")
    media, fmt = RESULT_FORMATS[job.results_format]
    variables = result.variables
    rows = list(itertools.islice(result, job.max_rows + 1))
    truncated = len(rows) > job.max_rows
    rows = rows[: job.max_rows]
    lines = ["\t".join(str(v) for v in variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    tsv = ("\n".join(lines) + "\n").encode("utf-8")
    body = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=fmt)
    return Answer(200, media, body, rows=len(rows), truncated=truncated)


def is_update(text: str) -> bool:
    """Whether ``text`` parses as a SPARQL 1.1 Update request.

    >>> is_update("INSERT DATA { <urn:a> <urn:b> <urn:c> }"), is_update("SELECT * {}")
    (True, False)
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(text)
    except Exception:  # any parse failure (pyparsing raises several kinds) means "not an update"
        return False
    return bool(parsed.request)


# ---------------------------------------------------------------------- worker processes
def _worker_main(conn, store: str, prefixes: dict[str, str]) -> None:
    """Body of a worker process: open the store read-only, then answer jobs until EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        oxigraph = ox.Store.read_only(store)
    except OSError as exc:
        conn.send(("error", f"{store}: cannot open store: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = run_job(oxigraph, job, prefixes)
        except Exception as exc:  # keep the worker alive whatever a query does
            answer = _error(500, f"internal error: {type(exc).__name__}: {exc}")
        conn.send(answer)


class _Worker:
    def __init__(self, context, store: Path, prefixes: dict[str, str]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, str(store), prefixes),
            name="newskg-query",
            daemon=True,
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            raise ServerError(f"a query worker did not start within {timeout:g} s")
        try:
            status, detail = self.conn.recv()
        except EOFError:
            raise ServerError("a query worker exited while starting") from None
        if status != "ready":
            raise ServerError(str(detail))

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes that each hold the store open read-only and run one query at a time.

    Parameters
    ----------
    store : Path
        Folder of the on-disk store.
    size : int
        Number of workers.
    timeout : float
        Seconds a query may run; then its worker is killed and replaced.
    prefixes : dict of str to str, optional
        Prefixes queries may use undeclared.
    """

    def __init__(
        self,
        store: Path,
        size: int = 2,
        timeout: float = 10.0,
        prefixes: dict[str, str] | None = None,
    ) -> None:
        if size < 1:
            raise ValueError("the pool needs at least one worker")
        self.store = Path(store)
        self.prefixes = dict(prefixes or {})
        self.size = size
        self.timeout = timeout
        self.wait = timeout + 5.0
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [_Worker(self._context, self.store, self.prefixes) for _ in range(size)]
        try:
            for worker in started:
                worker.wait_ready(STARTUP_SECONDS)
        except ServerError:
            for worker in started:
                worker.stop()
            raise
        for worker in started:
            self._workers.add(worker)
            self._idle.put(worker)

    @property
    def pids(self) -> set[int]:
        """Process ids of the live workers."""
        with self._lock:
            return {w.process.pid for w in self._workers if w.process.pid is not None}

    def run(self, job: Job) -> Answer:
        """Run ``job`` on a free worker; raise :class:`QueryTimeout` when it takes too long."""
        if self._closed:
            raise PoolBusy("the server is stopping")
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise PoolBusy(
                f"all {self.size} query workers stayed busy for {self.wait:g} s; retry later"
            ) from None
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):
            self._retire(worker)
            raise WorkerCrashed("the query worker died while running the query") from None
        self._retire(worker)
        raise QueryTimeout(
            f"query stopped after the {self.timeout:g} s timeout; narrow it or add a LIMIT"
        )

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()
        if not self._closed:
            threading.Thread(target=self._add_worker, name="newskg-respawn", daemon=True).start()

    def _add_worker(self) -> None:
        worker = _Worker(self._context, self.store, self.prefixes)
        try:
            worker.wait_ready(STARTUP_SECONDS)
        except ServerError as exc:
            print(f"newskg serve: cannot replace a query worker: {exc}", file=sys.stderr)
            worker.stop()
            return
        with self._lock:
            if self._closed:
                worker.stop()
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()


# ---------------------------------------------------------------------- HTTP
def _static_files() -> dict[str, bytes]:
    folder = files("queries") / "static"
    return {
        entry.name: entry.read_bytes()
        for entry in folder.iterdir()
        if entry.is_file() and not entry.name.startswith(".")
    }


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class QueryServer(ThreadingHTTPServer):
    """The HTTP server: a thread per connection, queries handed to a :class:`WorkerPool`."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, config: ServerConfig, pool: WorkerPool) -> None:
        self.address_family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
        from graph.store import PREFIXES
        from queries import named

        self.config = config
        self.pool = pool
        self.prefixes = json.dumps(PREFIXES).encode("utf-8")
        self.queries = named.all_queries()
        self.catalogue = json.dumps(
            [spec.to_dict() for spec in self.queries.values()], ensure_ascii=False
        ).encode("utf-8")
        self.static = _static_files()
        self.check_host = _is_loopback(config.host)
        super().__init__((config.host, config.port), _Handler)

    @property
    def url(self) -> str:
        """Base URL, ending with ``/``."""
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up is not an error worth a traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def close(self) -> None:
        """Close the socket and stop the workers (call :meth:`shutdown` first if serving)."""
        self.server_close()
        self.pool.close()


class _Handler(BaseHTTPRequestHandler):
    server: QueryServer
    protocol_version = "HTTP/1.1"
    server_version = f"newskg/{__version__}"

    # -------------------------------------------------------------- methods
    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self._route("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._send_text(405, "this endpoint is read-only", {"Allow": "GET, POST"})

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not self.server.config.quiet:
            super().log_message(format, *args)

    # -------------------------------------------------------------- routing
    def _route(self, method: str) -> None:
        if self.server.check_host and not self._host_allowed():
            self._send_text(403, "this server answers only to localhost, 127.0.0.1 or [::1]")
            return
        url = urlsplit(self.path)
        path = url.path
        if path == "/sparql":
            self._sparql(method, url.query)
        elif path.startswith("/query/"):
            self._named(method, path[len("/query/") :], url.query)
        elif method != "GET":
            self._send_text(405, f"{method} is not allowed on {path}", {"Allow": "GET"})
        elif path in ("/", "/index.html"):
            self._static("index.html")
        elif path.startswith("/static/"):
            self._static(path[len("/static/") :])
        elif path == "/queries":
            self._send(200, "application/json", self.server.catalogue)
        elif path == "/prefixes":
            self._send(200, "application/json", self.server.prefixes)
        elif path == "/favicon.ico":
            self._send(204, _TEXT, b"")
        else:
            self._send_text(404, f"no such page: {path} (try / or /sparql)")

    def _host_allowed(self) -> bool:
        host = self.headers.get("Host")
        if host is None:
            return True
        name = urlsplit(f"//{host}").hostname or ""
        return name.lower() in LOOPBACK_HOSTS

    # -------------------------------------------------------------- endpoints
    def _sparql(self, method: str, query_string: str) -> None:
        params = parse_qs(query_string, keep_blank_values=True)
        if method == "POST":
            body = self._read_body()
            if body is None:
                return
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if media == "application/sparql-update":
                self._refuse_update()
                return
            if media == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            elif media == "application/sparql-query":
                params.setdefault("query", []).append(body.decode("utf-8", "replace"))
            else:
                self._send_text(
                    415,
                    "POST a form (application/x-www-form-urlencoded) or a query "
                    "(application/sparql-query)",
                )
                return
        elif method != "GET":
            self._send_text(405, f"{method} is not allowed on /sparql", {"Allow": "GET, POST"})
            return
        if "update" in params:
            self._refuse_update()
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._send_text(400, "send one SPARQL query as query=... (the query page is at /)")
            return
        self._run(
            queries[0],
            params,
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
        )

    def _named(self, method: str, name: str, query_string: str) -> None:
        if method != "GET":
            self._send_text(405, f"{method} is not allowed on /query/{name}", {"Allow": "GET"})
            return
        spec = self.server.queries.get(name)
        if spec is None:
            known = ", ".join(self.server.queries) or "none"
            self._send_text(404, f"no named query {name!r}; named queries: {known}")
            return
        from queries.named import RESERVED_PARAMS

        params = parse_qs(query_string, keep_blank_values=True)
        values = {k: v[-1] for k, v in params.items() if k not in RESERVED_PARAMS}
        try:
            bindings = spec.bind(values)
        except ValueError as exc:
            self._send_text(400, str(exc).replace("--param ", ""))
            return
        substitutions = tuple((key, to_ox(term)) for key, term in bindings.items())
        self._run(spec.text, params, substitutions=substitutions)

    def _run(self, text: str, params: dict[str, list[str]], **job_fields: object) -> None:
        fmt = params.get("format", [None])[-1]
        try:
            results_format, graph_format = negotiate(self.headers.get("Accept"), fmt)
        except ValueError as exc:
            self._send_text(406, str(exc))
            return
        config = self.server.config
        job = Job(
            text,
            results_format=results_format,
            graph_format=graph_format,
            max_rows=config.max_rows,
            **job_fields,
        )
        try:
            answer = self.server.pool.run(job)
        except PoolBusy as exc:
            self._send_text(503, str(exc), {"Retry-After": "5"})
            return
        except QueryTimeout as exc:
            self._send_text(504, str(exc))
            return
        except WorkerCrashed as exc:
            self._send_text(500, str(exc))
            return
        if answer.syntax_error and is_update(text):
            self._refuse_update()
            return
        extra = {"Vary": "Accept"}
        if answer.truncated:
            extra["X-Newskg-Truncated"] = "true"
            extra["X-Newskg-Row-Limit"] = str(config.max_rows)
        self._send(answer.status, answer.content_type, answer.body, extra)

    def _refuse_update(self) -> None:
        self._send_text(403, "SPARQL updates are not allowed: this endpoint is read-only")

    def _static(self, name: str) -> None:
        data = self.server.static.get(name)
        if data is None:
            self._send_text(404, f"no such file: {name}")
            return
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if media.startswith("text/") or media.endswith("javascript"):
            media += "; charset=utf-8"
        extra = {"Cache-Control": "no-cache"}
        if name.endswith(".html"):
            extra["Content-Security-Policy"] = CSP
            extra["X-Frame-Options"] = "DENY"
        self._send(200, media, data, extra)

    # -------------------------------------------------------------- plumbing
    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            self._send_text(411, "a POST needs a Content-Length")
            self.close_connection = True
            return None
        try:
            size = int(length)
        except ValueError:
            self._send_text(400, "bad Content-Length")
            return None
        if size > MAX_BODY:
            self._send_text(413, f"request body over {MAX_BODY} bytes")
            self.close_connection = True
            return None
        return self.rfile.read(size)

    def _send_text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, _TEXT, (_one_line(message) + "\n").encode("utf-8"), headers)

    def _send(
        self, status: int, media: str, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        headers = {"Cache-Control": "no-store", **(headers or {})}
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if body:
            self.wfile.write(body)


# ---------------------------------------------------------------------- entry points
def make_server(config: ServerConfig) -> QueryServer:
    """Open the store, start the workers and bind the socket; the caller serves and closes.

    The workers are started with ``multiprocessing``'s *spawn* method, which imports the main
    module again: in a script, call this under ``if __name__ == "__main__":``.

    Raises
    ------
    graph.store.StoreError
        The store is missing or cannot be opened.
    ServerError
        The address cannot be used or the workers do not start.
    """
    from graph.store import PREFIXES, KnowledgeGraph

    KnowledgeGraph(config.store, read_only=True).close()
    pool = WorkerPool(config.store, size=config.workers, timeout=config.timeout, prefixes=PREFIXES)
    try:
        return QueryServer(config, pool)
    except OSError as exc:
        pool.close()
        raise ServerError(f"cannot listen on {config.host}:{config.port}: {exc.strerror}") from exc


def serve(config: ServerConfig, announce: Callable[[str], object] = print) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), after announcing the URL in one line."""
    server = make_server(config)
    announce(
        f"newskg: SPARQL endpoint at {server.url}sparql, query page at {server.url} "
        f"({config.workers} workers, {config.timeout:g} s timeout, {config.max_rows} rows max; "
        "Ctrl-C stops)"
    )
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
