"""The `spec-compiler` command: parses arguments, calls one function, prints, sets the exit code.

Each subcommand is a pair: `_add_<name>` declares its arguments and `_run_<name>` calls into the package.
Heavy modules (boto3, the gateway, moto) are imported inside the `_run_` function that needs them, so
`spec-compiler build` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from spec_compiler import __version__
from spec_compiler.errors import SpecCompilerError

DOCUMENT_HELP = "the generated document (default: the output named in pyproject.toml, openapi.generated.yaml)"


# --- build -------------------------------------------------------------------------------------------
def _add_build(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("build", help="compile the models into the OpenAPI document")
    parser.add_argument("--models", help="folder of model files (default: from pyproject.toml, or models)")
    parser.add_argument("--out", help="document to write (default: from pyproject.toml)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is stale")
    parser.set_defaults(run=_run_build)


def _run_build(args: argparse.Namespace) -> int:
    from spec_compiler.compiler import build
    from spec_compiler.project import load_settings

    result = build.build(
        load_settings(),
        models=Path(args.models) if args.models else None,
        output=Path(args.out) if args.out else None,
    )
    if args.check:
        build.check(result)
        print(f"{result.shown_output} is up to date")
    else:
        build.write(result)
        print(f"wrote {result.shown_output}")
    return 0


# --- validate ----------------------------------------------------------------------------------------
def _add_validate(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("validate", help="check a document against OpenAPI and API Gateway's rules")
    parser.add_argument("file", nargs="?", help=DOCUMENT_HELP)
    parser.set_defaults(run=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    from spec_compiler.validate import validate_file

    problems = validate_file(args.file)
    for problem in problems:
        print(f"{args.file}#{problem}")
    if problems:
        print(f"{args.file}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{args.file}: valid for API Gateway; every template renders safe JSON")
    return 0


# --- serve -------------------------------------------------------------------------------------------
def _add_serve(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="run the API locally: a local API Gateway over DynamoDB")
    parser.add_argument("file", nargs="?", help=DOCUMENT_HELP)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (default: 8080)")
    parser.add_argument(
        "--dynamodb-endpoint",
        metavar="URL|aws",
        help="a DynamoDB server URL (DynamoDB Local, LocalStack), or `aws` for real AWS with your "
        "credentials (default: an embedded DynamoDB whose data lives in memory)",
    )
    parser.add_argument("--region", help="AWS region (default: from your AWS config, else us-east-1 locally)")
    parser.add_argument("--watch", action="store_true", help="rebuild and reload when a model changes")
    parser.add_argument(
        "--auth",
        metavar="FILE",
        help="JSON file with the local API key values, user pool JWKS (or development mode), "
        "authorizer answers and IAM credentials that protected operations are checked against",
    )
    parser.set_defaults(run=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    from spec_compiler.gateway.serve import ServeOptions, serve

    options = ServeOptions(
        document=Path(args.file),
        host=args.host,
        port=args.port,
        dynamodb_endpoint=args.dynamodb_endpoint,
        region=args.region,
        watch=args.watch,
        auth=Path(args.auth) if args.auth else None,
    )
    return serve(options)


# --- deploy / export ---------------------------------------------------------------------------------
def _add_deploy(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "deploy", help="create tables and roles, import the API, deploy a stage, publish its documentation"
    )
    parser.add_argument("file", nargs="?", help=DOCUMENT_HELP)
    parser.add_argument("--stage", required=True, metavar="NAME", help="stage to deploy (created if missing)")
    parser.add_argument("--region", metavar="R", help="AWS region (default: the profile's, or AWS_REGION)")
    parser.add_argument("--profile", metavar="P", help="AWS profile from ~/.aws/config")
    parser.add_argument("--endpoint-url", metavar="URL", help="send every AWS call here (an emulator: moto)")
    parser.add_argument("--name", help="the API's identity in the account (default: the document's title)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and change nothing")
    parser.set_defaults(run=_run_deploy)


def _run_deploy(args: argparse.Namespace) -> int:
    from spec_compiler.deploy.apigateway import check_stage_name
    from spec_compiler.deploy.aws import connect
    from spec_compiler.deploy.deployer import deploy
    from spec_compiler.document import load_document

    document = load_document(args.file)
    check_stage_name(args.stage)
    aws = connect(region=args.region, profile=args.profile, endpoint_url=args.endpoint_url)
    deploy(aws, document, stage=args.stage, name=args.name, dry_run=args.dry_run)
    return 0


def _add_export(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export", help="write the deployment as another tool's template")
    formats = parser.add_subparsers(dest="format", required=True, metavar="FORMAT")
    template = formats.add_parser("cloudformation", help="a CloudFormation (or SAM) template")
    template.add_argument("file", nargs="?", help=DOCUMENT_HELP)
    template.add_argument("--out", required=True, metavar="FILE", help="template to write (template.yaml)")
    template.add_argument("--stage", default="prod", metavar="NAME", help="StageName's default (prod)")
    template.add_argument("--name", help="the API's identity tag (default: the document's title)")
    template.set_defaults(run=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    from spec_compiler.deploy.apigateway import check_stage_name
    from spec_compiler.deploy.cloudformation import cloudformation_template
    from spec_compiler.document import load_document

    document = load_document(args.file)
    text = cloudformation_template(document, stage=check_stage_name(args.stage), name=args.name)
    out = Path(args.out)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise SpecCompilerError(f"{out}: cannot be written ({error.strerror}).") from None
    print(f"wrote {out}")
    return 0


# --- docs --------------------------------------------------------------------------------------------
def _add_docs(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("docs", help="publish the public document and an offline API reference")
    parser.add_argument("file", nargs="?", help=DOCUMENT_HELP)
    parser.add_argument("--out", default="site", metavar="DIR", help="folder to write (default: site)")
    parser.add_argument(
        "--server-url",
        default="/",
        metavar="URL",
        help="the API's base URL callers use, e.g. a stage's invoke URL (default: /, the docs' own host)",
    )
    parser.set_defaults(run=_run_docs)


def _run_docs(args: argparse.Namespace) -> int:
    from spec_compiler.docs import publish
    from spec_compiler.document import load_document

    written = publish(load_document(args.file), args.out, server_url=args.server_url)
    print(f"wrote {len(written)} files to {args.out}: open {args.out}/index.html or serve the folder")
    return 0


# --- entry point -------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spec-compiler",
        description="Pydantic models in, an API Gateway + DynamoDB REST API out.",
    )
    parser.add_argument("--version", action="version", version=f"spec-compiler {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_add_build, _add_validate, _add_serve, _add_deploy, _add_export, _add_docs):
        add(commands)
    return parser


def _default_document() -> str:
    """The document `build` writes: the output named in pyproject.toml, shown relative to here."""
    from spec_compiler.project import load_settings

    output = load_settings().output
    try:
        return str(output.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(output)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "file", "") is None:
            args.file = _default_document()
        return args.run(args)
    except SpecCompilerError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
