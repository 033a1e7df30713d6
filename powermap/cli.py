"""The `powermap` command: run the product, manage the embedded Neo4j, load data, print reports.

Every command that uses the embedded Neo4j names the server it talks to (Bolt URI, pid, data
folder) on standard error, and uses only the one started from its own data folder (see
`graph.embedded`). `powermap serve` treats SIGTERM like Ctrl-C: the API shuts down, then the Neo4j it
started is stopped cleanly; that server also watches `serve`'s pid, so even `kill -9` leaves none
behind.
"""

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import NoReturn, TypeVar

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console
from rich.progress import Progress, TaskID

from powermap import generator, reports, tables
from powermap.api.app import create_app
from powermap.api.transport import PROTOCOL as NO_DELAY_HTTP
from powermap.errors import NotFound, PowermapError, invalid_from
from powermap.graph import transfer
from powermap.graph.availability import BATCH_PROBE_TIMEOUT
from powermap.graph.crm.export import export_salesforce
from powermap.graph.crm.files import source_files
from powermap.graph.crm.formats import ImportFormat, format_of, read_sources
from powermap.graph.crm.mapping import load_mapping
from powermap.graph.driver import Graph, connected_graph
from powermap.graph.embedded import EmbeddedNeo4j, EmbeddedNeo4jError
from powermap.graph.import_undo import undo_run
from powermap.graph.initial_load import initial_load
from powermap.graph.loaders import DEMO_SEEDS, graph_size, load_graph_files
from powermap.graph.model import Label
from powermap.graph.repositories import security as security_store
from powermap.graph.repositories.nodes import get_node
from powermap.graph.schema import apply_schema
from powermap.models.accounts import AccountCreate
from powermap.models.bid_review import BidReview
from powermap.models.capture import AliasCreate, CaptureReport, ExclusionCreate
from powermap.models.map_views import MapView
from powermap.models.network_power import NetworkPowerWritten
from powermap.models.nodes import KIND_BY_LABEL
from powermap.models.scorecard import ScopeKind
from powermap.models.security import SYSTEM, Principal, Role, Signature
from powermap.models.signals import WatchList
from powermap.models.transfer import ImportResult
from powermap.reports import digest
from powermap.reports.pdf import html_to_pdf
from powermap.services import accounts as accounts_service
from powermap.services import bid_review as review_service
from powermap.services import capture as capture_service
from powermap.services import imports as imports_service
from powermap.services import influence_paths as paths_service
from powermap.services import lineage as lineage_service
from powermap.services import map_views as view_service
from powermap.services import network_power as network_service
from powermap.services import power_map as map_service
from powermap.services import scorecards as scorecard_service
from powermap.services import security as security_service
from powermap.services import watch_list as watch_service
from powermap.settings import Settings, get_settings

app = typer.Typer(help="Powermap: who decides, who can reach them, where the deal came from.",
                  no_args_is_help=True)
report_app = typer.Typer(help="Reports for a bid review.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (stored hashed; shown once).", no_args_is_help=True)
neo4j_app = typer.Typer(help="The embedded Neo4j server (used when NEO4J_URI is not set).",
                        no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(report_app, name="report")
app.add_typer(keys_app, name="keys")
accounts_app = typer.Typer(help="People's accounts for the web page (e-mail and password; admins only).",
                           no_args_is_help=True)
app.add_typer(accounts_app, name="accounts")
capture_app = typer.Typer(help="Capture meetings and mail as interactions (metadata only; never bodies).",
                          no_args_is_help=True)
app.add_typer(capture_app, name="capture")
console = Console()
# How long an API worker process may take to import the app before uvicorn counts it as hung.
WORKER_START_SECONDS = 60
# How many changes, refusals and conflicts an import lists (all of them are counted).
IMPORT_LISTED = 20
notices = Console(stderr=True)


def _fail(message: str) -> NoReturn:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code=1)


@contextmanager
def open_graph(settings: Settings) -> Iterator[Graph]:
    """A graph for one CLI command: starts the embedded server first when it is the source."""
    if settings.uses_embedded:
        try:
            status = EmbeddedNeo4j(settings).start()
        except EmbeddedNeo4jError as error:
            _fail(str(error))
        notices.print(f"Neo4j {status.summary}", highlight=False)
    with connected_graph(settings, probe_timeout=BATCH_PROBE_TIMEOUT) as graph:
        graph.driver.verify_connectivity()
        yield graph


@app.command()
def serve(
    port: int = typer.Option(None, help="API port (default POWERMAP_API_PORT or 8000)"),
    host: str = typer.Option(None, help="API host (default POWERMAP_API_HOST or 127.0.0.1)"),
    demo: bool = typer.Option(True, help="Load the demo graph when the database is empty"),
    workers: int = typer.Option(None, min=1, max=64,
                                help="API worker processes (default POWERMAP_API_WORKERS or 1); in production "
                                     "one per core"),
) -> None:
    """Start Neo4j (unless NEO4J_URI is set), apply the schema, load the demo, run the API.

    With `--workers N` above 1, uvicorn runs N worker processes on one socket, each building the app
    from the environment (`create_app` as a factory): the count is passed to them as
    POWERMAP_API_WORKERS, so each sizes its driver's pool to its share of the connections.
    """
    if workers is not None:
        os.environ["POWERMAP_API_WORKERS"] = str(workers)
        get_settings.cache_clear()
    settings = get_settings()
    host = host or settings.api_host
    port = port or settings.api_port
    embedded = EmbeddedNeo4j(settings) if settings.uses_embedded else None
    started_here = False
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        if embedded is not None:
            console.print("Starting the embedded Neo4j 5.26 (the first start builds it with Maven)...")
            try:
                started_here = not embedded.status().running
                status = embedded.start(owner_pid=os.getpid())
            except EmbeddedNeo4jError as error:
                _fail(str(error))
            how = "started" if started_here else "already running from this data folder, reused"
            console.print(f"Neo4j {how}: {status.summary}", highlight=False)
        _prepare_database(settings, demo=demo)
        _print_addresses(settings, host=host, port=port)
        # The API writes its own access log (api/access_log.py): uvicorn's would log each request twice.
        if settings.api_workers == 1:
            uvicorn.run(create_app(settings), host=host, port=port, log_level="info", access_log=False,
                        http=NO_DELAY_HTTP)
        else:
            console.print(f"Serving with {settings.api_workers} worker processes, "
                          f"{settings.worker_pool_size} Neo4j connections each at most.")
            # A worker answers uvicorn's health check only once it has imported the app, which takes
            # seconds on a busy machine: within uvicorn's default 5 s it would be killed as hung, for ever.
            uvicorn.run("powermap.api.app:create_app", factory=True, workers=settings.api_workers, host=host,
                        port=port, log_level="info", access_log=False, http=NO_DELAY_HTTP,
                        timeout_worker_healthcheck=WORKER_START_SECONDS)
    finally:
        if embedded is not None and started_here:
            console.print("Stopping the embedded Neo4j...")
            embedded.stop()


def _exit_on_signal(signum: int, _frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so `serve`'s cleanup stops the Neo4j it started.

    uvicorn catches SIGTERM itself, shuts the API down and then raises the signal again with the
    previous handler restored: without this one, that default handler would kill the process before
    its `finally` block runs.
    """
    raise SystemExit(128 + signum)


def _prepare_database(settings: Settings, *, demo: bool) -> None:
    """Apply the schema and, when asked and the database is empty, load the demo graph."""
    with connected_graph(settings, probe_timeout=BATCH_PROBE_TIMEOUT) as graph:
        graph.driver.verify_connectivity()
        apply_schema(graph.driver, settings.neo4j_database)
        if demo and graph_size(graph)["nodes"] == 0:
            counts = load_graph_files(graph, DEMO_SEEDS)
            console.print(f"Loaded the demo graph: {counts['nodes']} nodes, "
                          f"{counts['relationships']} relationships.")


def _print_addresses(settings: Settings, *, host: str, port: int) -> None:
    console.print(f"\n[bold]Powermap API[/bold]   http://{host}:{port}/docs")
    if settings.bootstrap_admin_key is None:
        console.print(f"API key        {settings.admin_key}  (development admin key: "
                      "send it as Authorization: Bearer <key>)")
    console.print(f"Power-map page http://{host}:{port}/ui/")
    console.print(f"Customers      http://{host}:{port}/api/v1/customers")
    if settings.browser_url:
        console.print(f"[bold]Neo4j Browser[/bold]  {settings.browser_url}  "
                      f"(connect to {settings.bolt_uri} as {settings.neo4j_user} / "
                      f"{settings.neo4j_password.get_secret_value()})")
    else:
        console.print(f"Neo4j          {settings.bolt_uri}")


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Build (if needed) and start the embedded Neo4j; reuse one already running."""
    settings = get_settings()
    try:
        status = EmbeddedNeo4j(settings).start()
    except EmbeddedNeo4jError as error:
        _fail(str(error))
        return
    console.print(f"Neo4j running at {status.summary}; Browser {status.browser_url}", highlight=False)


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the embedded Neo4j started from the configured data folder, cleanly."""
    server = EmbeddedNeo4j(get_settings())
    stopped = server.stop()
    console.print(f"Neo4j of {server.data_dir} stopped." if stopped
                  else f"No Neo4j started from {server.data_dir} was running.", highlight=False)


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether this instance's Neo4j answers, and which one it is (exit 3 when it does not)."""
    try:
        status = EmbeddedNeo4j(get_settings()).status()
    except EmbeddedNeo4jError as error:
        _fail(str(error))
        return
    if status.running:
        console.print(f"Neo4j running at {status.summary}", highlight=False)
    elif status.pid is not None:
        console.print(f"Neo4j started from {status.data_dir} (pid {status.pid}) does not answer on "
                      f"{status.bolt_uri}", highlight=False)
    else:
        console.print(f"Neo4j not running at {status.bolt_uri}; data folder {status.data_dir}",
                      highlight=False)
    raise typer.Exit(code=0 if status.running else 3)


@app.command()
def schema() -> None:
    """Apply constraints and indexes (idempotent)."""
    settings = get_settings()
    with open_graph(settings) as graph:
        count = apply_schema(graph.driver, settings.neo4j_database)
    console.print(f"Applied {count} schema statements.")


EMPLOYEE_OPTION = typer.Option(None, "--employee", help="the employee acting (signs the audit entries and "
                                "the assessments the load records)")


def _require_employee(graph: Graph, employee: str) -> None:
    """Stop with a clear message unless the employee exists (keys and loads act as real people)."""
    try:
        get_node(graph, kind=KIND_BY_LABEL[Label.EMPLOYEE], node_id=employee)
    except NotFound:
        _fail(f"no employee with id {employee}: create the employee first, or leave out --employee")


def _bulk_signature(graph: Graph, employee: str | None) -> Signature:
    """Who a bulk load from the command line acts as: the employee given (it must exist), else nobody.

    It also hangs the bid gate on project writes, so a load can never move a project past it."""
    review_service.register_bid_gate()
    if employee:
        _require_employee(graph, employee)
    return Signature(key_id=None, employee_id=employee)


@app.command()
def seed(directory: Path = typer.Argument(DEMO_SEEDS, help="Folder of seed YAML files"),
         employee: str = EMPLOYEE_OPTION) -> None:
    """Load graph files (by default the demo); loading twice gives the same graph."""
    settings = get_settings()
    with open_graph(settings) as graph:
        apply_schema(graph.driver, settings.neo4j_database)
        who = _bulk_signature(graph, employee)
        try:
            counts = load_graph_files(graph, directory, who=who)
        except PowermapError as error:
            _fail(error.problem)
            return
        size = graph_size(graph)
    console.print(f"Loaded {counts['nodes']} nodes and {counts['relationships']} relationships; "
                  f"the database now holds {size['nodes']} nodes, {size['relationships']} relationships.")


Answer = TypeVar("Answer")


def _answer(question: Callable[[Graph], Answer], *, schema: bool = False) -> Answer:
    """Run one question against the graph, turning domain errors into a one-line failure; with `schema`,
    apply the schema first (for commands whose statements need an index, as capture's lookups do)."""
    settings = get_settings()
    with open_graph(settings) as graph:
        if schema:
            apply_schema(graph.driver, settings.neo4j_database)
        try:
            return question(graph)
        except PowermapError as error:
            _fail(error.problem)
            raise


@app.command("power-map")
def power_map(
    scope_id: str = typer.Argument(..., help="project id (or customer id with --customer)"),
    customer: bool = typer.Option(False, "--customer", help="map a whole customer"),
    as_of: datetime | None = typer.Option(None, "--as-of", help="the map as it stood then"),
    report_date: datetime | None = typer.Option(None, "--report-date", help="judge staleness against this day"),
) -> None:
    """Who decides, where they stand, who of ours reaches them."""
    thresholds = map_service.Thresholds.from_settings(get_settings())
    as_of = as_of.replace(tzinfo=as_of.tzinfo or UTC) if as_of else None
    day = report_date.date() if report_date else None
    if customer:
        found = _answer(lambda graph: map_service.customer_power_map(
            graph, customer_id=scope_id, as_of=as_of, report_date=day, thresholds=thresholds))
    else:
        found = _answer(lambda graph: map_service.project_power_map(
            graph, project_id=scope_id, as_of=as_of, report_date=day, thresholds=thresholds))
    console.print(tables.power_map_table(found))


@app.command()
def paths(
    to: str = typer.Option(..., "--to", help="target stakeholder id"),
    from_: str = typer.Option(None, "--from", help="employee ids, comma-separated"),
    project: str = typer.Option(None, "--project", help="use this project's team as sources"),
    k: int = typer.Option(3, "-k", help="how many paths"),
    max_hops: int = typer.Option(4, "--max-hops", help="at most this many edges"),
    allow_opponents: bool = typer.Option(False, "--allow-opponents",
                                         help="let skeptics and opponents carry a path"),
) -> None:
    """The best influence paths from our people to a stakeholder."""
    employee_ids = [part.strip() for part in from_.split(",") if part.strip()] if from_ else None
    found = _answer(lambda graph: paths_service.influence_paths(
        graph, target_id=to, employee_ids=employee_ids, project_id=project, k=k, max_hops=max_hops,
        avoid_opponents=not allow_opponents))
    console.print(tables.paths_table(found))


@app.command()
def lineage(
    start_id: str = typer.Argument(..., help="opportunity id (or project/contract id with a flag)"),
    project: bool = typer.Option(False, "--project", help="read backwards from a project"),
    contract: bool = typer.Option(False, "--contract", help="read backwards from a contract"),
) -> None:
    """Where an opportunity came from and what it became."""
    if project:
        found = _answer(lambda graph: lineage_service.lineage_of_project(graph, project_id=start_id))
    elif contract:
        found = _answer(lambda graph: lineage_service.lineage_of_contract(graph, contract_id=start_id))
    else:
        found = _answer(lambda graph: lineage_service.lineage_of_opportunity(
            graph, opportunity_id=start_id))
    console.print(tables.lineage_table(found))


@app.command("network-power")
def network_power(
    scope_id: str = typer.Argument(..., help="customer id (or project id with --project)"),
    project: bool = typer.Option(False, "--project", help="a project's chain members and who sways them"),
    write: bool = typer.Option(False, "--write", help="store networkPower and camp on the customer's people "
                                                     "for Neo4j Browser (audited)"),
    employee: str = EMPLOYEE_OPTION,
) -> None:
    """Who really decides: network power beside stated influence, hidden influencers, paper tigers, camps.

    With --write, acts as admin (whoever runs it holds the database password), as `import` does."""
    if project and write:
        _fail("--write stores a customer's values: give the customer id, without --project")
    rules = network_service.NetworkRules.from_settings(get_settings())
    if project:
        found = _answer(lambda graph: network_service.project_network_power(graph, project_id=scope_id, rules=rules))
    else:
        found = _answer(lambda graph: network_service.customer_network_power(graph, customer_id=scope_id,
                                                                            rules=rules))
    console.print(tables.network_power_table(found))
    if write:
        def store(graph: Graph) -> NetworkPowerWritten:
            if employee:
                _require_employee(graph, employee)
            principal = replace(SYSTEM, employee_id=employee, acting_employee_id=employee)
            return network_service.write_network_power(graph, principal=principal, customer_id=scope_id, rules=rules)
        written = _answer(store)
        console.print(f"Wrote networkPower and camp on {written.written} people of {written.customer_id}.")


@report_app.command("bid")
def report_bid(
    project: str = typer.Argument(..., help="project id"),
    format_: str = typer.Option("html", "--format", help="html, pdf, md or json"),
    output: Path = typer.Option(None, "-o", "--output", help="write here instead of printing"),
    report_date: datetime = typer.Option(None, "--report-date", help="judge staleness against this day"),
    view: str = typer.Option("chains", "--view", help="the map drawn in html and pdf: " + ", ".join(MapView)),
    since: datetime = typer.Option(None, "--since", help="the last review's day (needed by --view changes)"),
) -> None:
    """The bid review of a project: coverage, support, risks, actions, status and gate."""
    if format_ not in ("html", "pdf", "md", "json"):
        _fail("--format must be html, pdf, md or json")
    if view not in list(MapView):
        _fail(f"--view must be one of {', '.join(MapView)}")
    if format_ == "pdf" and not output:
        _fail("--format pdf needs -o FILE (a PDF is not printed to the terminal)")
    settings = get_settings()
    day = report_date.date() if report_date else None
    review = _answer(lambda graph: review_service.bid_review(
        graph, project_id=project, report_date=day, settings=settings))
    viewed = None if view == MapView.CHAINS else _answer(lambda graph: view_service.view_map(
        graph, project_id=project, view=MapView(view), since=since.date() if since else None, report_date=day,
        thresholds=map_service.Thresholds.from_settings(settings)))
    renderers: dict[str, Callable[[BidReview], str]] = {
        "html": lambda found: reports.bid_review_html(found, viewed), "md": reports.bid_review_markdown,
        "json": lambda found: found.model_dump_json(indent=2)}
    try:  # drawing the map needs Graphviz, the PDF Chromium: a missing one is a one-line failure
        printed = html_to_pdf(reports.bid_review_html(review, viewed)) if format_ == "pdf" else None
        text = "" if printed else renderers[format_](review)
    except PowermapError as error:
        _fail(error.problem)
    if printed:
        output.write_bytes(printed)
        console.print(f"Wrote the bid review of {project} to {output}")
    elif output:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote the bid review of {project} to {output}")
    else:
        print(text)


@app.command()
def scorecard(
    scope: ScopeKind = typer.Argument(..., help="team, employee, project or customer"),
    scope_id: str = typer.Argument(..., help="its id"),
    year: int = typer.Option(None, "--year", help="the calendar year (default: this year)"),
) -> None:
    """A scorecard for a year, compared with the year before."""
    start, end = scorecard_service.year_period(year or datetime.now(UTC).year)
    thresholds = map_service.Thresholds.from_settings(get_settings())
    card = _answer(lambda graph: scorecard_service.scorecard(
        graph, scope=scope, scope_id=scope_id, start=start, end=end, thresholds=thresholds))
    console.print(tables.scorecard_table(card))


def _show_progress(progress: Progress, task: TaskID, line: int) -> None:
    progress.update(task, completed=line)


def _print_import(source: str, result: ImportResult, resumed_from: int = 0) -> None:
    """The summary of one import run: per kind, then the first changes, refusals and conflicts."""
    resumed = f" (resumed after line {resumed_from})" if resumed_from else ""
    verb = "would be" if result.dry_run else ("" if result.committed else "would be, but nothing was")
    console.print(f"{source}: {result.rows} rows{resumed}, run {result.run_id}: {result.nodes} nodes and "
                  f"{result.relationships} relationships {verb} written, {len(result.errors)} rows refused, "
                  f"{len(result.conflicts)} conflicts", highlight=False)
    for kind in result.summary:
        console.print(f"  {kind.kind}: {kind.created} created, {kind.updated} updated, {kind.refused} refused, "
                      f"{kind.conflicts} conflicts", highlight=False)
    for change in result.written[:IMPORT_LISTED]:
        fields = f" ({', '.join(change.fields)})" if change.action == "update" else ""
        console.print(f"  {change.action} {change.kind} {change.entity}{fields}", highlight=False)
    for error in result.errors[:IMPORT_LISTED]:
        where = f"{error.file}:{error.line}" if error.file else f"line {error.line}"
        console.print(f"  refused {where}: {error.field}: {error.problem}", highlight=False)
    for conflict in result.conflicts[:IMPORT_LISTED]:
        console.print(f"  kept {conflict.kind} {conflict.entity} {conflict.field} = {conflict.stored!r} "
                      f"(changed in Powermap; the import has {conflict.imported!r})", highlight=False)


@app.command("import")
def import_(
    paths: list[Path] = typer.Argument(None, help="files or folders: JSON lines, or the files of a CRM export"),
    format_: ImportFormat = typer.Option(ImportFormat.AUTO, "--format",
                                         help="auto (by content), jsonl or crm (Salesforce, Dynamics 365)"),
    mapping_file: Path = typer.Option(None, "--mapping", help="a mapping file laid over the shipped one"),
    batch_size: int = typer.Option(transfer.BATCH_SIZE, "--batch-size", help="rows per transaction"),
    employee: str = EMPLOYEE_OPTION,
    dry_run: bool = typer.Option(False, "--dry-run", help="show what would be created, updated and refused; "
                                 "write nothing"),
    allow_errors: bool = typer.Option(False, "--allow-errors", help="write the good rows when some are refused"),
    undo: str = typer.Option(None, "--undo", metavar="RUN_ID", help="revert one import run (if nothing changed "
                             "what it wrote since)"),
    parallel: int = typer.Option(1, "--parallel", min=1, metavar="N", help="write JSON lines with N sessions at "
                                 "once (nodes, then relationships; a killed run re-runs whole under its id)"),
    initial: bool = typer.Option(False, "--initial", help="first load into an empty embedded database, with "
                                 "Neo4j's import tool (JSON lines; validated as the ordinary import)"),
) -> None:
    """Import JSON lines (resumable) or a CRM export (its files together, in dependency order): every
    row or none (exits 1 if a row is refused, unless --allow-errors).

    Acts as admin (whoever runs it holds the database password); every written row is audited under
    the run's id, which `--undo RUN_ID` reverts."""
    settings = get_settings()
    if undo is None and not paths:
        _fail("name the files or folders to import, or --undo RUN_ID")
    try:
        files = source_files(paths or [])
        mapping = load_mapping(mapping_file)
        jsonl = format_ is ImportFormat.JSONL or (
            format_ is ImportFormat.AUTO and all(format_of(source) is ImportFormat.JSONL for source in files))
    except PowermapError as error:
        _fail(error.problem)
    if initial:
        if undo is not None or dry_run or allow_errors or not jsonl:
            _fail("--initial loads JSON-lines files whole: without --undo, --dry-run, --allow-errors or a CRM export")
        _initial_import(settings, [Path(source.name) for source in files], employee, batch_size)
        return
    with open_graph(settings) as graph:
        apply_schema(graph.driver, settings.neo4j_database)
        who = _bulk_signature(graph, employee)
        if undo is not None:
            try:
                undone = graph.write(undo_run, run_id=undo, who=who)
            except PowermapError as error:
                _fail(error.problem)
            console.print(f"Undid import run {undo}: {len(undone.deleted)} deleted, {len(undone.restored)} restored.")
            return
        if jsonl:
            for source in files:
                path = Path(source.name)
                try:
                    report = _import_jsonl(graph, path, who, batch_size=batch_size, dry_run=dry_run,
                                           allow_errors=allow_errors, workers=parallel,
                                           progress_dir=settings.embedded_data_dir / "imports")
                except UnicodeDecodeError as error:
                    _fail(f"{path}: not UTF-8 text (byte {error.start})")
                except PowermapError as error:
                    _fail(f"{path}: {error.problem}")
                _print_import(str(path), imports_service.result_of(report), resumed_from=report.resumed_from_line)
                if report.errors and not allow_errors:
                    _fail(f"{path}: {len(report.errors)} rows refused, nothing written "
                          "(fix them, or --allow-errors to write the others)")
            return
        try:
            read = read_sources(graph, files, mapping=mapping, format_=format_)
        except PowermapError as error:
            _fail(error.problem)
        result = imports_service.import_read(graph, read, who=who, dry_run=dry_run, allow_errors=allow_errors,
                                             batch_size=batch_size)
    for name, found in read.formats.items():
        console.print(f"{name}: {found}", highlight=False)
    counts = ", ".join(f"{count} {kind}" for kind, count in read.counts.items())
    console.print(f"Read {counts or 'nothing'}", highlight=False)
    _print_import("the export", result)
    for line in read.unknown_vocabulary():
        console.print(line, highlight=False)
    if result.errors and not allow_errors:
        _fail(f"{len(result.errors)} rows refused, nothing written (fix them, or --allow-errors to write the others)")


def _initial_import(settings: Settings, paths: list[Path], employee: str | None, batch_size: int) -> None:
    """`import --initial`: validate, load with Neo4j's import tool, print the run (graph/initial_load.py)."""
    who = Signature(key_id=None, employee_id=employee)
    console.print("Validating, then loading with Neo4j's import tool (the embedded server restarts)...")
    try:
        done = initial_load(settings, paths, who=who, batch_size=batch_size,
                            prepare=lambda _graph: review_service.register_bid_gate())
    except (PowermapError, EmbeddedNeo4jError) as error:
        _fail(str(getattr(error, "problem", error)))
    report = done.report
    _print_import(", ".join(map(str, paths)), imports_service.result_of(report))
    if report.errors:
        _fail(f"{len(report.errors)} rows refused, nothing written (an initial load is whole)")
    for kind, count in done.counts.items():
        console.print(f"  {kind}: {count} created", highlight=False)
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in done.seconds.items())
    console.print(f"Initial load, run {report.run_id}: {report.nodes + report.relationships} elements ({steps})",
                  highlight=False)


def _import_jsonl(graph: Graph, source: Path, who: Signature, *, batch_size: int, dry_run: bool,
                  allow_errors: bool, progress_dir: Path, workers: int = 1) -> transfer.ImportReport:
    with source.open(encoding="utf-8") as handle:
        total = sum(1 for _ in handle)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"importing {source.name}", total=total)
        return transfer.import_file(graph, source, who=who, batch_size=batch_size, progress_dir=progress_dir,
                                    on_batch=partial(_show_progress, progress, task), dry_run=dry_run,
                                    allow_errors=allow_errors, workers=workers)


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    SALESFORCE = "salesforce"


@app.command()
def export(
    output: Path = typer.Option(..., "-o", "--output",
                                help="JSON-lines file to write (a folder with --format salesforce)"),
    customer: str = typer.Option(None, "--customer", help="only this customer's part of the graph"),
    format_: ExportFormat = typer.Option(ExportFormat.JSONL, "--format",
                                         help="jsonl (what import reads) or salesforce (Data Loader update CSVs)"),
    mapping_file: Path = typer.Option(None, "--mapping", help="a mapping file laid over the shipped one"),
) -> None:
    """Write the graph (or one customer's part) as JSON lines, or contact roles and stances for Salesforce."""
    settings = get_settings()
    if format_ is ExportFormat.SALESFORCE:
        try:
            mapping = load_mapping(mapping_file)
        except PowermapError as error:
            _fail(error.problem)
        with open_graph(settings) as graph:
            written = export_salesforce(graph, output, mapping=mapping)
        for name, count in written.items():
            console.print(f"Wrote {count} rows to {output / name}", highlight=False)
        return
    with open_graph(settings) as graph, output.open("w", encoding="utf-8") as handle:
        try:
            count = generator.write_lines(handle, transfer.export_rows(graph, customer_id=customer))
        except PowermapError as error:
            _fail(error.problem)
            return
    console.print(f"Wrote {count} rows to {output}")


@app.command()
def generate(
    output: Path = typer.Option(..., "-o", "--output", help="JSON-lines file to write"),
    stakeholders: int = typer.Option(10_000, "--stakeholders", help="about how many people"),
    seed: int = typer.Option(1, "--seed", help="the same seed gives the same file"),
) -> None:
    """Write a deterministic synthetic graph for `powermap import`."""
    counts = generator.generate(output, stakeholders=stakeholders, seed=seed)
    console.print(f"Wrote {counts['nodes']} nodes and {counts['relationships']} relationships to {output}")


@keys_app.command("create")
def keys_create(
    name: str = typer.Option(..., "--name", help="who or what the key is for"),
    role: Role = typer.Option(Role.VIEWER, "--role", help="viewer, editor or admin"),
    employee: str = typer.Option(None, "--employee", help="the employee the key acts as (for team rights)"),
) -> None:
    """Create a key and print it once; the employee it acts as must exist."""
    with open_graph(get_settings()) as graph:
        if employee is not None:
            _require_employee(graph, employee)
        key, record = security_service.create_key(graph, name=name, role=role, employee_id=employee)
    console.print(f"{record.id} ({role.value}): {key}\nStore it now: only its hash is kept.")


@keys_app.command("list")
def keys_list() -> None:
    """List keys (never the keys themselves)."""
    with open_graph(get_settings()) as graph:
        for key in security_store.list_keys(graph):
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            console.print(f"{key.id}  {key.role.value:<7} {state:<18} {key.name}  {key.employee_id or ''}")


@keys_app.command("revoke")
def keys_revoke(key_id: str = typer.Argument(..., help="the key's id (from keys list)")) -> None:
    """Revoke a key at once."""
    with open_graph(get_settings()) as graph:
        try:
            security_store.revoke_key(graph, key_id=key_id)
        except PowermapError as error:
            _fail(error.problem)
    console.print(f"Revoked {key_id}.")


@accounts_app.command("create")
def accounts_create(
    email: str = typer.Option(..., "--email", help="the person's e-mail: what they sign in with"),
    employee: str = typer.Option(..., "--employee", help="the employee the account is (their teams' rights)"),
    role: Role = typer.Option(Role.VIEWER, "--role", help="viewer, editor or admin"),
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="read the password from standard input instead of a prompt"),
) -> None:
    """Create a person's account; the password is asked for (never an argument, so no shell history
    keeps it) and only its argon2 hash is stored."""
    password = (typer.get_text_stream("stdin").readline().rstrip("\n") if password_stdin
                else typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    try:
        account = AccountCreate.model_validate({"email": email, "password": password, "employeeId": employee,
                                                "role": role})
    except ValidationError as error:
        _fail("; ".join(f"{problem['field']}: {problem['problem']}" for problem in invalid_from(error).problems()))
    created = _answer(lambda graph: accounts_service.create_account(graph, principal=SYSTEM, account=account))
    console.print(f"{created.id} ({created.role.value}): {created.email} signs in as {created.name} "
                  f"({created.employee_id})")


@accounts_app.command("list")
def accounts_list() -> None:
    """List accounts (never a password)."""
    for account in _answer(lambda graph: accounts_service.list_accounts(graph, principal=SYSTEM)):
        state = f"disabled {account.disabled_at:%Y-%m-%d}" if account.disabled_at else "active"
        console.print(f"{account.id}  {account.role.value:<7} {state:<19} {account.email}  {account.employee_id}",
                      highlight=False)


@accounts_app.command("disable")
def accounts_disable(account_id: str = typer.Argument(..., help="the account's id (from accounts list)")) -> None:
    """Disable an account and end its sessions at once."""
    account = _answer(lambda graph: accounts_service.disable_account(graph, principal=SYSTEM, account_id=account_id))
    console.print(f"Disabled {account.id} ({account.email}).")


if __name__ == "__main__":
    app()


KEEP_SUBJECTS = typer.Option(False, "--keep-subjects", help="store meeting and thread subjects too")


def _capture_principal(graph: Graph, employee: str | None) -> Principal:
    """Capture from the command line acts as admin (whoever runs it holds the database password),
    signed as the `--employee` given."""
    if employee:
        _require_employee(graph, employee)
    return Principal(key_id=None, name=SYSTEM.name, role=Role.ADMIN, acting_employee_id=employee)


def _print_capture(report: CaptureReport) -> None:
    console.print(f"{report.source}: {report.read} read, {report.captured} with our people and theirs: "
                  f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged "
                  f"({report.privacy}; {report.excluded_addresses} excluded addresses)")
    if report.not_on_the_map:
        console.print("People we meet who are not on the map:")
        for person in report.not_on_the_map:
            console.print(f"  {person.address} {person.name or ''} at {', '.join(person.customer_ids)}: "
                          f"{person.interactions} times, last {person.last_seen.date().isoformat()}", highlight=False)


def _sources(files: list[Path]) -> list[tuple[str, bytes]]:
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        _fail(f"no such file: {', '.join(missing)}")
    return [(str(f), f.read_bytes()) for f in files]


@app.command()
def alerts(
    team: str = typer.Option(None, "--team", help="a team: the customers it covers"),
    employee: str = typer.Option(None, "--employee", help="an employee: the projects they manage and the "
                                                          "alerts that name them"),
    project: str = typer.Option(None, "--project", help="one project"),
    since: datetime = typer.Option(None, "--since", help="only alerts triggered on or after this day"),
    report_date: datetime = typer.Option(None, "--report-date", help="judge at this day (default: today)"),
    format_: str = typer.Option("text", "--format", help="text, markdown, html or json"),
    output: Path = typer.Option(None, "-o", "--output", help="write here instead of printing"),
) -> None:
    """The alert watch list: who went silent, turned, left or lost a tie, and bids closing with gaps.

    Without a filter, every customer; each alert with its reason, the people involved and a suggested
    action with the best influence path. `--format markdown` or `html` is the weekly digest: without
    `--since`, the alerts triggered in the 7 days up to the report date."""
    renderers: dict[str, Callable[[WatchList], str]] = {
        "text": digest.digest_text, "markdown": digest.digest_markdown, "html": digest.digest_html,
        "json": lambda found: found.model_dump_json(indent=2)}
    if format_ not in renderers:
        _fail("--format must be text, markdown, html or json")
    settings = get_settings()
    day = report_date.date() if report_date else datetime.now(UTC).date()
    found = _answer(lambda graph: watch_service.watch_list(
        graph, report_date=day, settings=settings, team_id=team, employee_id=employee, project_id=project,
        since=since.date() if since else watch_service.digest_since(day) if format_ in ("markdown", "html")
        else None))
    text = renderers[format_](found)
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote {len(found.alerts)} alerts to {output}", markup=False, highlight=False)
    else:
        print(text, end="")


@capture_app.command("calendar")
def capture_calendar(
    files: list[Path] = typer.Argument(..., help="iCalendar (.ics) exports"),
    keep_subjects: bool = KEEP_SUBJECTS,
    since: datetime = typer.Option(None, "--since", help="expand recurring meetings from (default: "
                                                          "POWERMAP_CAPTURE_WINDOW_DAYS ago)"),
    until: datetime = typer.Option(None, "--until", help="... up to (default: now)"),
    employee: str = EMPLOYEE_OPTION,
) -> None:
    """Capture the meetings of calendar files; capturing again changes nothing."""
    sources = _sources(files)
    settings = get_settings()
    report = _answer(lambda graph: capture_service.capture_calendar(
        graph, principal=_capture_principal(graph, employee), sources=sources, keep_subjects=keep_subjects,
        start=since.replace(tzinfo=since.tzinfo or UTC) if since else None,
        end=until.replace(tzinfo=until.tzinfo or UTC) if until else None, window_days=settings.capture_window_days),
        schema=True)
    _print_capture(report)


@capture_app.command("mail")
def capture_mail(
    files: list[Path] = typer.Argument(..., help="mbox files or .eml messages"),
    keep_subjects: bool = KEEP_SUBJECTS,
    employee: str = EMPLOYEE_OPTION,
) -> None:
    """Capture mail threads from message headers (From, To, Cc, Date, Message-ID, In-Reply-To, References)."""
    sources = _sources(files)
    report = _answer(lambda graph: capture_service.capture_mail(
        graph, principal=_capture_principal(graph, employee), sources=sources, keep_subjects=keep_subjects),
        schema=True)
    _print_capture(report)


@capture_app.command("alias")
def capture_alias(address: str = typer.Argument(..., help="another e-mail address"),
                  person: str = typer.Argument(..., help="the employee or stakeholder id it belongs to"),
                  employee: str = EMPLOYEE_OPTION) -> None:
    """Match another address to a person from now on (re-capture to apply it to past files)."""
    alias = _answer(lambda graph: capture_service.add_alias(
        graph, principal=_capture_principal(graph, employee),
        alias=AliasCreate(address=address, person_id=person)))
    console.print(f"{alias.address} is {alias.label} {alias.person_id}")


@capture_app.command("exclude")
def capture_exclude(address: str = typer.Option(None, "--address", help="an address never to capture"),
                    person: str = typer.Option(None, "--person", help="a person never to capture (all addresses)"),
                    employee: str = EMPLOYEE_OPTION) -> None:
    """Never capture an address or a person; removes them from the interactions already captured."""
    report = _answer(lambda graph: capture_service.exclude(
        graph, principal=_capture_principal(graph, employee),
        exclusion=ExclusionCreate(address=address, person_id=person)))
    console.print(f"excluded {report.excluded_addresses} addresses; removed from {report.interactions_left} "
                  f"interactions, {report.interactions_deleted} deleted")
