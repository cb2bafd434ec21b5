"""The `spec-compiler` command: parses arguments, calls one function, prints, sets the exit code.

Each subcommand is a pair: `_add_<name>` declares its arguments and `_run_<name>` calls into the package.
Heavy modules (boto3, the gateway, moto) are imported inside the `_run_` function that needs them, so
`spec-compiler build` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from spec_compiler import __version__
from spec_compiler.errors import SpecCompilerError

DEFAULT_DOCUMENT = "openapi.generated.yaml"


# --- build -------------------------------------------------------------------------------------------
def _add_build(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("build", help="compile the models into the OpenAPI document")
    parser.add_argument("--models", help="folder of model files (default: from pyproject.toml, or models)")
    parser.add_argument("--out", help="document to write (default: from pyproject.toml)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is stale")
    parser.set_defaults(run=_run_build)


def _run_build(args: argparse.Namespace) -> int:
    raise SpecCompilerError("build is not implemented yet")


# --- validate ----------------------------------------------------------------------------------------
def _add_validate(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("validate", help="check a document against OpenAPI and API Gateway's rules")
    parser.add_argument("file", nargs="?", default=DEFAULT_DOCUMENT)
    parser.set_defaults(run=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    raise SpecCompilerError("validate is not implemented yet")


# --- serve -------------------------------------------------------------------------------------------
def _add_serve(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="run the API locally: a local API Gateway over DynamoDB")
    parser.add_argument("file", nargs="?", default=DEFAULT_DOCUMENT)
    parser.set_defaults(run=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    raise SpecCompilerError("serve is not implemented yet")


# --- deploy / export ---------------------------------------------------------------------------------
def _add_deploy(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("deploy", help="create tables and roles, import the API, deploy a stage")
    parser.add_argument("file", nargs="?", default=DEFAULT_DOCUMENT)
    parser.set_defaults(run=_run_deploy)


def _run_deploy(args: argparse.Namespace) -> int:
    raise SpecCompilerError("deploy is not implemented yet")


def _add_export(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export", help="write the deployment as another tool's template")
    parser.set_defaults(run=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    raise SpecCompilerError("export is not implemented yet")


# --- docs --------------------------------------------------------------------------------------------
def _add_docs(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("docs", help="publish the public document and an offline API reference")
    parser.add_argument("file", nargs="?", default=DEFAULT_DOCUMENT)
    parser.set_defaults(run=_run_docs)


def _run_docs(args: argparse.Namespace) -> int:
    raise SpecCompilerError("docs is not implemented yet")


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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SpecCompilerError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
