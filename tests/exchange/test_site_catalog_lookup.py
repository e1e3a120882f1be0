"""A deployment adds a catalog item and a connector for it, without touching the package.

Issue 10, defect 6: the site catalog file (``catalog.site_file``) declares
``household.member_count``; a connector directory of the site's own maps it from a field
the simulated household register already sends (``cyrs``, 成员人数). A lookup through the
app layer, against the simulator over loopback, returns the new item.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from keyrings.alt.file import PlaintextKeyring

from counterapp.app.catalog import catalog_for
from counterapp.app.departments import open_exchange
from counterapp.catalog import default_catalog_path
from counterapp.config import Settings
from counterapp.config.schema import SCHEMA
from counterapp.exchange.connector import FieldMap
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.sim.connectors import render_connector, write_connectors
from counterapp.sim.server import Simulator

SITE_CATALOG = """\
format_version = 1

[[items]]
code = "household.member_count"
label_zh = "户内人数"
label_en = "Household size"
type = "integer"
level = 2
mask = "none"
department = "hukou"
"""


def test_a_site_item_with_its_connector_is_looked_up(
    sim: Simulator,
    credentials: CredentialStore,
    file_keyring: PlaintextKeyring,
    person_id: str,
    tmp_path: Path,
) -> None:
    shipped_catalog = default_catalog_path().read_bytes()
    site = tmp_path / "site-catalog.toml"
    site.write_text(SITE_CATALOG, encoding="utf-8")
    directory = tmp_path / "connectors"
    write_connectors(sim, directory)
    hukou = load_connectors(directory)["hukou"]
    requests = tuple(
        dataclasses.replace(spec, fields=(*spec.fields, FieldMap("household.member_count", "cyrs")))
        if spec.name == "household"
        else spec
        for spec in hukou.requests
    )
    (directory / "hukou.toml").write_text(
        render_connector(dataclasses.replace(hukou, requests=requests)), encoding="utf-8"
    )
    settings = Settings({s.key: s.default for s in SCHEMA}).replaced(
        {"catalog.site_file": str(site), "departments.connectors_dir": str(directory)}
    )
    catalog = catalog_for(settings)
    with open_exchange(settings, catalog, keyring_backend=file_keyring) as exchange:
        result = exchange.lookup(person_id, ["household.member_count", "household.members"])
    values = result.values.values
    count = values["household.member_count"]
    assert count.provenance.department == "hukou" and count.provenance.verified
    members = values["household.members"].value
    assert isinstance(members, tuple)
    assert count.value == len(members) > 0
    assert default_catalog_path().read_bytes() == shipped_catalog  # the package untouched
