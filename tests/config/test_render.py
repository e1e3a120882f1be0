"""The configuration reference in docs/ is generated from the schema and kept in sync."""

from __future__ import annotations

import json
from pathlib import Path

from counterapp.config import load_settings
from counterapp.config.render import schema_markdown, settings_json, settings_table
from counterapp.config.schema import SCHEMA

DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_docs_page_matches_the_schema() -> None:
    assert DOCS.read_text(encoding="utf-8") == schema_markdown(), (
        "docs/configuration.md is stale: run `counterapp config docs > docs/configuration.md`"
    )


def test_show_names_every_key_and_its_source() -> None:
    settings = load_settings(environ={"COUNTERAPP_HALL_WINDOW": "12"})
    table = settings_table(settings)
    for setting in SCHEMA:
        assert setting.key in table
    assert '"12"  (COUNTERAPP_HALL_WINDOW)' in table
    data = json.loads(settings_json(settings))
    assert data["hall.window"] == {"value": "12", "source": "COUNTERAPP_HALL_WINDOW"}
