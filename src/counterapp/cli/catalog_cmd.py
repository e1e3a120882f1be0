"""`counterapp catalog list|check`: the data catalog (数据共享目录).

A catalog file that cannot be used ends the command with CONFIG, every problem named
(README.md, "Command line").
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import command
from counterapp.config import Settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("catalog", help="list or check the data catalog")
    sub = parser.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    listing = sub.add_parser("list", help="every catalog item with its level and department")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=command("catalog list", _list))
    check = sub.add_parser(
        "check",
        help="validate a catalog file (default: the shipped one with the configured site file)",
    )
    check.add_argument("file", nargs="?", type=Path)
    check.add_argument(
        "--site",
        type=Path,
        metavar="FILE",
        help="a site catalog file to check against the shipped catalog (catalog.site_file)",
    )
    check.set_defaults(handler=command("catalog check", _check))


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from counterapp.app.catalog import catalog_for

    catalog = catalog_for(settings)
    if args.json:
        rows = [
            {
                "code": item.code,
                "label_zh": item.label_zh,
                "label_en": item.label_en,
                "type": item.type.value,
                "level": int(item.level),
                "mask": item.mask.value,
                "department": item.department,
            }
            for item in catalog
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return ExitCode.OK
    for item in catalog:
        print(
            f"{item.code:<34} L{int(item.level)}  {item.mask.value:<10} "
            f"{item.department:<10} {item.label_zh} / {item.label_en}"
        )
    print(f"{len(catalog)} items")
    return ExitCode.OK


def _check(args: argparse.Namespace, settings: Settings) -> int:
    from counterapp.app.catalog import site_catalog_file
    from counterapp.catalog.loader import load_catalog

    site = args.site
    if site is None and args.file is None:
        site = site_catalog_file(settings)
    catalog = load_catalog(args.file, site_file=site)  # a CatalogError: CONFIG, named
    what = str(args.file or "shipped catalog") + (f" + site file {site}" if site else "")
    print(f"{what}: {len(catalog)} items, OK")
    return ExitCode.OK
