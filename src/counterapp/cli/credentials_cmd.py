"""`counterapp credentials set|show|delete DEPT`: department secrets in the OS keyring.

The connector file names the keyring entry; the secret itself never touches a file.
Exit codes (README.md, "Command line"): NOT_FOUND for a department without a connector,
CONFIG when the connector files or the keyring cannot be used, BAD_INPUT an empty secret.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from counterapp.app.catalog import catalog_for
from counterapp.app.departments import connectors_dir
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import CommandFailed, UsageError, command
from counterapp.config import Settings
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("credentials", help="department secrets in the OS keyring")
    parser.add_argument("--connectors", type=Path, metavar="DIR", help="connector directory")
    sub = parser.add_subparsers(dest="credentials_command", required=True, metavar="ACTION")
    put = sub.add_parser("set", help="store a department's secret (read from stdin or a prompt)")
    put.add_argument("department")
    put.set_defaults(handler=_guarded("credentials set", _set))
    show = sub.add_parser("show", help="show which secrets are stored (masked)")
    show.add_argument("department", nargs="?")
    show.set_defaults(handler=_guarded("credentials show", _show))
    delete = sub.add_parser("delete", help="remove a department's secret")
    delete.add_argument("department")
    delete.set_defaults(handler=_guarded("credentials delete", _delete))
    for action in (put, show, delete):
        # also after the action, as the hints print it ("credentials set hukou --connectors
        # DIR"); SUPPRESS keeps a value given before the action
        action.add_argument(
            "--connectors",
            type=Path,
            metavar="DIR",
            default=argparse.SUPPRESS,
            help="connector directory",
        )


def _store(args: argparse.Namespace, settings: Settings) -> CredentialStore:
    catalog = catalog_for(settings)
    connectors = load_connectors(
        connectors_dir(settings, args.connectors),
        known_items=frozenset(item.code for item in catalog),
    )
    if getattr(args, "department", None) and args.department not in connectors:
        known = sorted(connectors)
        raise CommandFailed(
            ExitCode.NOT_FOUND,
            f"no connector for department {args.department!r} (known: {', '.join(known)})",
            f"没有部门“{args.department}”的连接器（已配置：{'、'.join(known)}）",
        )
    return CredentialStore(connectors)


def _guarded(
    name: str, action: Callable[[argparse.Namespace, CredentialStore], int]
) -> Callable[[argparse.Namespace, Settings], int]:
    def run(args: argparse.Namespace, settings: Settings) -> int:
        return action(args, _store(args, settings))

    return command(name, run)


def read_secret(prompt: str) -> str:
    """A secret typed at a hidden prompt, or the first line of stdin for scripts."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def _set(args: argparse.Namespace, store: CredentialStore) -> int:
    secret = read_secret(f"secret for {args.department}: ")
    if not secret:
        raise UsageError("empty secret, nothing stored", "密钥为空，未保存")
    store.set(args.department, secret)
    print(f"stored: {store.describe(args.department)}")
    return ExitCode.OK


def _show(args: argparse.Namespace, store: CredentialStore) -> int:
    departments = [args.department] if args.department else store.departments()
    for department in departments:
        print(store.describe(department))
    return ExitCode.OK


def _delete(args: argparse.Namespace, store: CredentialStore) -> int:
    removed = store.delete(args.department)
    print(f"{args.department}: {'deleted' if removed else 'nothing stored'}")
    return ExitCode.OK
