"""`counterapp lookup` end to end in-process: simulator over loopback, real keyring file."""

from __future__ import annotations

import io
import json
from pathlib import Path
from unittest import mock

import pytest

from counterapp.cli import main
from counterapp.cli.exit_codes import ExitCode
from counterapp.sim.faults import Fault, FaultKind
from counterapp.sim.model import Population
from counterapp.sim.population import marital_status
from counterapp.sim.server import Simulator

DIAGNOSTICIAN, DIAGNOSTICIAN_PASSWORD = "zhao", "super-pass-1"


def _lookup(
    capsys: pytest.CaptureFixture[str],
    *args: str,
    diagnosing: bool = True,
    options: tuple[str, ...] = (),
) -> tuple[int, str, str]:
    """``counterapp OPTIONS lookup ARGS``, by default as a supervisor diagnosing with a reason."""
    argv = [*options, "lookup", *args]
    if diagnosing:
        argv += ["--as", DIAGNOSTICIAN, "--reason", "ticket 12: check the connector"]
        argv.append("--password-stdin")
    with mock.patch("sys.stdin", io.StringIO(DIAGNOSTICIAN_PASSWORD + "\n")):
        code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def accounts(isolated_config: Path) -> str:
    """An admin, a clerk and a supervisor in the default (SQLite) database; the clerk's password."""
    from counterapp.app.storage import open_database
    from counterapp.app.user_admin import add_user
    from counterapp.app.users import bootstrap_admin
    from counterapp.config import load_settings

    engine = open_database(load_settings())
    try:
        admin = bootstrap_admin(engine, "admin", "admin-pass-1")
        add_user(engine, admin, "li", "clerk", "李明", "clerk-pass-1")
        add_user(engine, admin, DIAGNOSTICIAN, "supervisor", "赵审核", DIAGNOSTICIAN_PASSWORD)
    finally:
        engine.dispose()
    return "clerk-pass-1"


@pytest.mark.usefixtures("demo_secrets")
def test_json_carries_value_source_verified_status_and_conflicts(
    capsys: pytest.CaptureFixture[str], connectors_dir: Path, adult: str, population: Population
) -> None:
    code, out, _ = _lookup(
        capsys,
        adult,
        "--items",
        "person.name,marriage.status",
        "--connectors",
        str(connectors_dir),
        "--json",
    )
    assert code == 0
    report = json.loads(out)
    name = report["items"]["person.name"]
    real_name = population.people[adult].name
    assert name["department"] == "hukou" and name["verified"] is True
    assert name["value"] != real_name and name["value"].startswith(real_name[0])  # masked
    assert report["departments"]["civil"]["status"] == "ok"
    assert report["departments"]["hukou"]["latency_ms"] > 0
    assert set(report["departments"]) == {"hukou", "civil"}
    assert report["conflicts"] == []
    assert report["id_number"] != adult  # masked too


@pytest.mark.usefixtures("demo_secrets")
def test_reveal_needs_a_diagnosing_user_with_the_reveal_permission_and_is_audited(
    capsys: pytest.CaptureFixture[str],
    connectors_dir: Path,
    adult: str,
    population: Population,
    sim: Simulator,
) -> None:
    from counterapp.app.storage import open_database
    from counterapp.config import load_settings
    from counterapp.store.audit_log import snapshot, stream_records

    base = [
        adult,
        "--items",
        "person.name,marriage.status",
        "--connectors",
        str(connectors_dir),
        "--json",
        "--reveal",
    ]
    before = sim.stats.snapshot()
    code, out, err = _lookup(capsys, *base, diagnosing=False)
    assert code == ExitCode.REFUSED and out == "" and "--as" in err
    with mock.patch("sys.stdin", io.StringIO("clerk-pass-1\n")):  # a clerk may not diagnose
        argv = ["lookup", *base, "--as", "li", "--reason", "why not", "--password-stdin"]
        code = main(["--set", "ui.language=en", *argv])
    assert code == ExitCode.REFUSED and "diagnosis" in capsys.readouterr().err
    assert sim.stats.snapshot() == before, "a department was asked for a refused lookup"

    code, out, _ = _lookup(capsys, *base)
    assert code == 0
    report = json.loads(out)
    assert report["items"]["person.name"]["value"] == population.people[adult].name
    assert report["items"]["marriage.status"]["value"] == marital_status(population, adult)

    engine = open_database(load_settings())
    try:
        with snapshot(engine) as connection:
            events = list(stream_records(connection))
    finally:
        engine.dispose()
    reveal = [e for e in events if e.kind == "reveal"]
    lookups = [e for e in events if e.kind == "lookup"]
    assert [(e.actor, e.detail.split(":")[0]) for e in lookups] == [(DIAGNOSTICIAN, "diagnosis")]
    assert set(lookups[0].items) == {"person.name", "marriage.status"}
    assert population.people[adult].name not in repr(lookups[0])
    assert len(reveal) == 1
    assert reveal[0].actor == DIAGNOSTICIAN and "person.name" in reveal[0].items
    assert population.people[adult].name not in repr(reveal[0])


@pytest.mark.usefixtures("demo_secrets")
def test_a_lookup_without_a_user_is_refused_and_nothing_is_asked(
    capsys: pytest.CaptureFixture[str], connectors_dir: Path, adult: str, sim: Simulator
) -> None:
    before = sim.stats.snapshot()
    args = (adult, "--service", "marriage-registration", "--connectors", str(connectors_dir))
    code, out, err = _lookup(capsys, *args, diagnosing=False)
    assert (code, out) == (ExitCode.REFUSED, "")
    assert "--as 用户" in err and "--probe" in err and "未向任何部门查询" in err
    assert sim.stats.snapshot() == before


@pytest.mark.usefixtures("demo_secrets")
def test_probe_asks_each_department_about_its_test_identity_and_is_audited(
    capsys: pytest.CaptureFixture[str], connectors_dir: Path
) -> None:
    import getpass

    from counterapp.app.storage import open_database
    from counterapp.config import load_settings
    from counterapp.store.audit_log import snapshot, stream_records

    where = ("--connectors", str(connectors_dir))
    code, out, err = _lookup(capsys, "--probe", *where, "--json", diagnosing=False)
    assert code == 0, err
    probes = {entry["department"]: entry for entry in json.loads(out)}
    assert set(probes) == {p.stem for p in connectors_dir.glob("*.toml")}
    assert {entry["status"] for entry in probes.values()} == {"ok"}
    assert probes["hukou"]["name_zh"] and probes["hukou"]["name_en"]
    engine = open_database(load_settings())
    try:
        with snapshot(engine) as connection:
            (event,) = [e for e in stream_records(connection) if e.kind == "lookup"]
    finally:
        engine.dispose()
    assert event.actor == getpass.getuser() and event.detail.startswith("probe")
    assert set(event.departments) == set(probes)

    code, _, err = _lookup(capsys, "--probe", "--departments", "nope", *where, diagnosing=False)
    assert code == 2 and "nope" in err


@pytest.mark.usefixtures("demo_secrets")
def test_service_decides_the_departments(
    capsys: pytest.CaptureFixture[str], connectors_dir: Path, adult: str, sim: Simulator
) -> None:
    before = sim.stats.snapshot()
    code, out, err = _lookup(
        capsys,
        adult,
        "--service",
        "realestate-record-inquiry",
        "--connectors",
        str(connectors_dir),
        "--json",
    )
    assert code == 0, err
    asked = set(json.loads(out)["departments"])
    assert asked == {"hukou", "realestate"}
    after = sim.stats.snapshot()
    assert {d for d in after if after[d] != before.get(d, 0)} == asked


@pytest.mark.usefixtures("demo_secrets")
def test_partial_result_exits_3_and_names_the_silent_department(
    capsys: pytest.CaptureFixture[str], connectors_dir: Path, adult: str, sim: Simulator
) -> None:
    sim.faults.set("civil", Fault(FaultKind.TIMEOUT))
    try:
        code, out, _ = _lookup(
            capsys,
            adult,
            "--items",
            "person.name,marriage.status",
            "--connectors",
            str(connectors_dir),
            "--json",
            options=("--set", "lookup.total_deadline_s=1"),
        )
    finally:
        sim.faults.clear()
    assert code == 3
    report = json.loads(out)
    assert report["departments"]["civil"]["status"] == "timeout"
    assert report["departments"]["hukou"]["status"] == "ok"
    assert "marriage.status" in report["missing"]


@pytest.mark.usefixtures("demo_secrets")
def test_text_output_is_masked_and_in_chinese(
    capsys: pytest.CaptureFixture[str], connectors_dir: Path, adult: str, population: Population
) -> None:
    code, out, err = _lookup(
        capsys,
        adult,
        "--items",
        "person.name,person.hukou_address",
        "--connectors",
        str(connectors_dir),
    )
    assert code == 0
    person = population.people[adult]
    assert person.name not in out and person.hukou_address not in out
    assert "姓名" in out and "已返回" in err


def test_invalid_id_number_exits_2_with_the_precise_reason(
    capsys: pytest.CaptureFixture[str], connectors_dir: Path
) -> None:
    code, out, err = _lookup(
        capsys,
        "110105194912310021",
        "--items",
        "person.name",
        "--connectors",
        str(connectors_dir),
    )
    assert code == 2
    assert out == ""
    assert "校验码应为 X" in err
    code = main(
        [
            "--set",
            "ui.language=en",
            "lookup",
            "11010519491331002X",
            "--items",
            "person.name",
            "--connectors",
            str(connectors_dir),
        ]
    )
    assert code == 2
    assert "19491331 is not a date" in capsys.readouterr().err


def test_unknown_item_or_service_exits_2(
    capsys: pytest.CaptureFixture[str], connectors_dir: Path, adult: str
) -> None:
    code, _, err = _lookup(
        capsys, adult, "--items", "person.nmae", "--connectors", str(connectors_dir)
    )
    assert code == 2 and "person.nmae" in err
    code, _, err = _lookup(capsys, adult, "--service", "nope", "--connectors", str(connectors_dir))
    assert code == 2 and "nope" in err and "marriage-registration" in err


def test_broken_connector_file_names_file_and_key(
    capsys: pytest.CaptureFixture[str], connectors_dir: Path, adult: str, tmp_path: Path
) -> None:
    for path in connectors_dir.glob("*.toml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    hukou = tmp_path / "hukou.toml"
    hukou.write_text(
        hukou.read_text(encoding="utf-8").replace('scheme = "hmac"', 'scheme = "magic"'),
        encoding="utf-8",
    )
    code, _, err = _lookup(capsys, adult, "--items", "person.name", "--connectors", str(tmp_path))
    assert code == ExitCode.CONFIG
    assert "hukou.toml: auth.scheme" in err and "magic" in err


def test_missing_secret_is_auth_failed_with_the_fix(
    capsys: pytest.CaptureFixture[str], connectors_dir: Path, adult: str, file_keyring: object
) -> None:
    code, out, _ = _lookup(
        capsys, adult, "--items", "person.name", "--connectors", str(connectors_dir), "--json"
    )
    assert code == 3
    hukou = json.loads(out)["departments"]["hukou"]
    assert hukou["status"] == "auth_failed"
    assert "counterapp credentials set hukou" in hukou["message"]
