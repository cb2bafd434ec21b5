"""`spec-compiler serve`: pick the store, prepare its tables, compile the document, serve until Ctrl-C.

Three stores: the embedded one (moto in a child process, data in memory), any DynamoDB server by URL
(DynamoDB Local, LocalStack), or real AWS (`aws`) with the caller's credentials and SigV4. Whatever the
store, the gateway only talks DynamoDB's HTTP API to it.
"""

from __future__ import annotations

import logging
import signal
import sys
import tomllib
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botocore.session import Session

from spec_compiler.document import load_document, tables, usage_plans
from spec_compiler.errors import SpecCompilerError
from spec_compiler.gateway.api import Api, load_api
from spec_compiler.gateway.dynamodb import LOCAL_CREDENTIALS, DynamoDBEndpoint
from spec_compiler.gateway.embedded import EmbeddedDynamoDB
from spec_compiler.gateway.handler import Gateway
from spec_compiler.gateway.local_auth import LocalAuth, load_local_auth
from spec_compiler.gateway.server import GatewayServer
from spec_compiler.gateway.tables import ensure_tables
from spec_compiler.gateway.watch import ModelWatcher, build_document

LOCAL_REGION = "us-east-1"
LOCAL_ACCOUNT = "000000000000"


def _say(line: str) -> None:
    print(line, flush=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@dataclass(frozen=True)
class ServeOptions:
    """The command's arguments."""

    document: Path
    host: str = "127.0.0.1"
    port: int = 8080
    dynamodb_endpoint: str | None = None
    region: str | None = None
    watch: bool = False
    auth: Path | None = None


@dataclass(frozen=True)
class Store:
    """The DynamoDB the gateway talks to, and what to tell the user about it."""

    endpoint: DynamoDBEndpoint
    partition: str
    account_id: str
    create_missing_tables: bool
    description: str


def serve(options: ServeOptions, *, say: Callable[[str], None] | None = None) -> int:
    """Run the server in the foreground until interrupted; returns the exit code."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    say = say or _say
    models = _models_folder()
    if not options.document.exists() and models.is_dir():
        say(f"{options.document} does not exist yet; building it from {models}/")
        failure = build_document(models, options.document)
        if failure is not None:
            raise SpecCompilerError(f"building {options.document} failed:\n{failure}")
    document = load_document(options.document)  # a bad document stops us before any store starts
    with ExitStack() as cleanup:
        store = open_store(options, cleanup)
        gateway = _gateway(document, options, store, say)
        api = gateway.api
        try:
            server = GatewayServer(options.host, options.port, gateway)
        except OSError as error:
            raise SpecCompilerError(
                f"cannot listen on {options.host}:{options.port} ({error.strerror}); choose another --port."
            ) from None
        cleanup.callback(server.server_close)
        say(f"Serving {api.title} ({len(api.methods)} operations) from {options.document} at {server.url}")
        say(f"DynamoDB: {store.description}")
        if options.watch:
            watcher = ModelWatcher(
                models, options.document, lambda: _reload(server, options, store, say), log=say
            )
            watcher.start()
            cleanup.callback(watcher.stop)
            say(f"Watching {models}/ for changes.")
        say("Press Ctrl-C to stop.")
        signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C, store included
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            say("Stopping.")
    return 0


def open_store(options: ServeOptions, cleanup: ExitStack) -> Store:
    """The store the options name, started if embedded (stopped when `cleanup` closes)."""
    target = options.dynamodb_endpoint
    if target is None:
        embedded = cleanup.enter_context(EmbeddedDynamoDB())
        region = options.region or LOCAL_REGION
        endpoint = DynamoDBEndpoint(embedded.url, region=region, credentials=LOCAL_CREDENTIALS, sign=False)
        cleanup.callback(endpoint.close)
        description = (
            f"embedded (moto server at {embedded.url}). "
            "Its data lives in memory and is lost when serve stops."
        )
        return Store(endpoint, "aws", LOCAL_ACCOUNT, True, description)
    session = Session()
    if target == "aws":
        return _aws_store(session, options.region, cleanup)
    credentials = session.get_credentials() or LOCAL_CREDENTIALS
    region = options.region or session.get_config_variable("region") or LOCAL_REGION
    try:
        endpoint = DynamoDBEndpoint(target, region=region, credentials=credentials, sign=False)
    except ValueError as error:
        raise SpecCompilerError(f"--dynamodb-endpoint: {error}; give an http(s) URL or `aws`.") from None
    cleanup.callback(endpoint.close)
    return Store(endpoint, "aws", LOCAL_ACCOUNT, True, f"{target} (region {region}).")


def _aws_store(session: Session, region: str | None, cleanup: ExitStack) -> Store:
    region = region or session.get_config_variable("region")
    if not region:
        raise SpecCompilerError("--dynamodb-endpoint aws needs a region: pass --region or set AWS_REGION.")
    credentials = session.get_credentials()
    if credentials is None:
        raise SpecCompilerError(
            "--dynamodb-endpoint aws needs AWS credentials (environment, profile or SSO); none were found."
        )
    client = session.create_client("dynamodb", region_name=region)
    url = client.meta.endpoint_url
    try:
        account_id = session.create_client("sts", region_name=region).get_caller_identity()["Account"]
    except Exception as error:
        raise SpecCompilerError(f"cannot use the AWS credentials: {error}") from None
    endpoint = DynamoDBEndpoint(url, region=region, credentials=credentials, sign=True)
    cleanup.callback(endpoint.close)
    partition = session.get_partition_for_region(region)
    return Store(
        endpoint, partition, account_id, False, f"AWS {url} (account {account_id}, requests signed)."
    )


def prepare_api(document: dict[str, Any], store: Store, say: Callable[[str], None] = _say) -> Api:
    """Compile the document for this store and make sure its tables are there."""
    api = load_api(
        document, partition=store.partition, region=store.endpoint.region, account_id=store.account_id
    )
    created = ensure_tables(store.endpoint, tables(document), create_missing=store.create_missing_tables)
    if created:
        say(f"Created table(s): {', '.join(created)}")
    return api


def local_auth(
    options: ServeOptions, api: Api, document: dict[str, Any], say: Callable[[str], None]
) -> LocalAuth:
    """The --auth file's stand-ins for AWS's identity services, with a word on what they mean."""
    protected = sum(1 for method in api.methods if method.requirement is not None)
    if options.auth is None:
        if protected:
            say(
                f"{protected} operation(s) require an API key or an authorizer and will be refused: "
                "pass --auth FILE with the local keys, JWKS, authorizer answers or IAM credentials."
            )
        return LocalAuth()
    auth = load_local_auth(options.auth, api.schemes, usage_plans(document))
    for name in auth.development_pools:
        say(
            f"DEVELOPMENT MODE: tokens for the user pool authorizer {name!r} are NOT verified; "
            "their claims are taken as given. Never expose this server."
        )
    return auth


def _gateway(
    document: dict[str, Any], options: ServeOptions, store: Store, say: Callable[[str], None]
) -> Gateway:
    """The gateway for this document over this store: at start-up, and again on every reload."""
    api = prepare_api(document, store, say)
    auth = local_auth(options, api, document, say)
    return Gateway(api, store.endpoint, account_id=store.account_id, auth=auth)


def _reload(server: GatewayServer, options: ServeOptions, store: Store, say: Callable[[str], None]) -> None:
    server.gateway = _gateway(load_document(options.document), options, store, say)
    say(f"Reloaded {options.document}: {len(server.gateway.api.methods)} operations.")


def _models_folder() -> Path:
    pyproject = Path("pyproject.toml")
    if pyproject.is_file():
        try:
            settings = (
                tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("spec-compiler", {})
            )
        except tomllib.TOMLDecodeError:
            settings = {}
        return Path(settings.get("models", "models"))
    return Path("models")
