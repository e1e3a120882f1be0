"""`counterapp credentials set|show|delete DEPT`: department secrets in the OS keyring.

The connector file names the keyring entry; the secret itself never touches a file.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from counterapp.app.catalog import catalog_for
from counterapp.app.departments import connectors_dir
from counterapp.config import Settings
from counterapp.exchange.connector_loader import ConnectorError, load_connectors
from counterapp.exchange.credentials import CredentialError, CredentialStore


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("credentials", help="department secrets in the OS keyring")
    parser.add_argument("--connectors", type=Path, metavar="DIR", help="connector directory")
    sub = parser.add_subparsers(dest="credentials_command", required=True, metavar="ACTION")
    put = sub.add_parser("set", help="store a department's secret (read from stdin or a prompt)")
    put.add_argument("department")
    put.set_defaults(handler=_set)
    show = sub.add_parser("show", help="show which secrets are stored (masked)")
    show.add_argument("department", nargs="?")
    show.set_defaults(handler=_show)
    delete = sub.add_parser("delete", help="remove a department's secret")
    delete.add_argument("department")
    delete.set_defaults(handler=_delete)
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
        raise CredentialError(
            f"no connector for department {args.department!r} "
            f"(known: {', '.join(sorted(connectors))})"
        )
    return CredentialStore(connectors)


def _guarded(
    action: Callable[[argparse.Namespace, CredentialStore], int],
) -> Callable[[argparse.Namespace, Settings], int]:
    def run(args: argparse.Namespace, settings: Settings) -> int:
        try:
            return action(args, _store(args, settings))
        except (CredentialError, ConnectorError) as exc:
            print(f"counterapp credentials: {exc}", file=sys.stderr)
            return 2

    return run


@_guarded
def _set(args: argparse.Namespace, store: CredentialStore) -> int:
    if sys.stdin.isatty():
        secret = getpass.getpass(f"secret for {args.department}: ")
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    if not secret:
        print("counterapp credentials: empty secret, nothing stored", file=sys.stderr)
        return 2
    store.set(args.department, secret)
    print(f"stored: {store.describe(args.department)}")
    return 0


@_guarded
def _show(args: argparse.Namespace, store: CredentialStore) -> int:
    departments = [args.department] if args.department else store.departments()
    for department in departments:
        print(store.describe(department))
    return 0


@_guarded
def _delete(args: argparse.Namespace, store: CredentialStore) -> int:
    removed = store.delete(args.department)
    print(f"{args.department}: {'deleted' if removed else 'nothing stored'}")
    return 0
