"""`counterapp keys rotate|status|export|import`: the keys that protect personal data.

``rotate`` and ``export`` sign an admin in with ``--as`` exactly as ``counterapp users``
does (getpass, or ``--password-stdin``: the admin's password on the first line of stdin,
then the key file passphrase where one is needed). ``status`` and ``import`` need no
sign-in: they show key ids and counts only, or fill this workstation's keyring.
Exit codes (README.md, "Command line"): REFUSED for a sign-in, a permission or a wrong
passphrase; CONFIG when a key is missing from this keyring (``status``) or the keyring or
database cannot be used.
"""

from __future__ import annotations

import argparse
import getpass
import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from counterapp.app import keys as key_admin
from counterapp.app.storage import open_database
from counterapp.cli.acting import PasswordReader
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import CommandFailed, UsageError, command
from counterapp.cli.users_cmd import signed_in_as
from counterapp.config import Settings
from counterapp.users import Actor

Run = Callable[[argparse.Namespace, Engine, PasswordReader, Settings], int]


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("keys", help="encryption keys of personal data")
    sub = parser.add_subparsers(dest="keys_command", required=True, metavar="ACTION")

    def action(name: str, help_text: str, run: Run, *, acting: bool) -> argparse.ArgumentParser:
        subcommand = sub.add_parser(name, help=help_text)
        if acting:
            subcommand.add_argument(
                "--as", dest="acting", metavar="ADMIN", required=True, help="the acting admin"
            )
        subcommand.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password and passphrase from stdin lines instead of prompting",
        )
        subcommand.set_defaults(handler=_handler(name, run))
        return subcommand

    rotate = action("rotate", "new data key; re-encrypt every value", _rotate, acting=True)
    rotate.add_argument("--batch-size", type=int, default=500, metavar="N")
    status = action("status", "keys, their keyring state and values", _status, acting=False)
    status.add_argument("--json", action="store_true", help="machine-readable output")
    export = action("export", "write the keys to a passphrase-protected file", _export, acting=True)
    export.add_argument("file", type=Path)
    imported = action("import", "store a key file's keys in this keyring", _import, acting=False)
    imported.add_argument("file", type=Path)


def _handler(name: str, run: Run) -> Callable[[argparse.Namespace, Settings], int]:
    def handle(args: argparse.Namespace, settings: Settings) -> int:
        reader = PasswordReader.of(args)
        engine: Engine | None = None
        try:
            engine = open_database(settings)  # the one way: backup, migrations, refusals
            return run(args, engine, reader, settings)
        except SQLAlchemyError as exc:
            raise CommandFailed(
                ExitCode.CONFIG,
                f"the database cannot be used: {type(exc).__name__}: {exc}",
                f"数据库无法使用：{type(exc).__name__}: {exc}",
            ) from exc
        except OSError as exc:  # the key file cannot be read or written
            raise UsageError(f"{type(exc).__name__}: {exc}", f"无法读写文件：{exc}") from exc
        finally:
            if engine is not None:
                engine.dispose()

    return command(f"keys {name}", handle)


@signed_in_as
def _rotate(
    args: argparse.Namespace, engine: Engine, actor: Actor, _reader: PasswordReader, where: str
) -> int:
    report = key_admin.rotate_keys(engine, actor, batch_size=args.batch_size, workstation=where)
    for column in report.columns:
        print(f"{column.table}.{column.column}: {column.values} values re-encrypted")
    print(report.describe())
    print(
        f"the retired key(s) stay in the keyring (backups need them); every workstation "
        f"needs the new key {report.new_key_id}: `counterapp keys export` / `keys import`"
    )
    return ExitCode.OK


def _status(
    args: argparse.Namespace, engine: Engine, _reader: PasswordReader, _settings: Settings
) -> int:
    states = key_admin.key_status(engine)
    if args.json:
        rows = [
            {
                "key_id": s.key_id,
                "purpose": s.purpose,
                "active": s.active,
                "created_at": s.created_at.isoformat(),
                "retired_at": s.retired_at.isoformat() if s.retired_at else None,
                "keyring": s.keyring,
                "values": s.values,
            }
            for s in states
        ]
        print(json.dumps(rows, indent=2))
    elif not states:
        print("no keys yet: they are made when Counter first stores personal data")
    for s in [] if args.json else states:
        role = "active" if s.active else f"retired {s.retired_at:%Y-%m-%d %H:%M}"
        values = "" if s.values is None else f"{s.values} values"
        print(f"{s.key_id}  {s.purpose:<5}  {role:<22}  {s.keyring:<20}  {values}")
    healthy = all(s.keyring == "present" for s in states if s.active or s.values)
    return ExitCode.OK if healthy else ExitCode.CONFIG


def _passphrase(reader: PasswordReader, *, twice: bool) -> str:
    if reader.from_stdin:
        return reader.line("the key file passphrase", "密钥文件的口令")
    passphrase = getpass.getpass("key file passphrase: ")
    if twice and getpass.getpass("again: ") != passphrase:
        raise UsageError(
            "the two passphrases differ; nothing written", "两次输入的口令不一致，未写入"
        )
    return passphrase


@signed_in_as
def _export(
    args: argparse.Namespace, engine: Engine, actor: Actor, reader: PasswordReader, where: str
) -> int:
    data = key_admin.export_keys(engine, actor, _passphrase(reader, twice=True), workstation=where)
    args.file.write_bytes(data)
    print(f"wrote the keys to {args.file}; carry the passphrase separately")
    return ExitCode.OK


def _import(
    args: argparse.Namespace, engine: Engine, reader: PasswordReader, _settings: Settings
) -> int:
    data = args.file.read_bytes()
    report = key_admin.import_keys(engine, data, _passphrase(reader, twice=False))
    print(f"imported: {', '.join(report.imported) or 'none'}")
    if report.already_present:
        print(f"already present: {', '.join(report.already_present)}")
    if report.not_recorded:
        print(f"skipped (not recorded in this database): {', '.join(report.not_recorded)}")
    return ExitCode.OK
