"""Demo credentials: deterministic per seed, clearly demo, one keyring entry per secret."""

from __future__ import annotations

from counterapp.sim.credentials import derive_credentials


def test_same_seed_same_secrets_other_seed_other_secrets() -> None:
    assert derive_credentials(20261128) == derive_credentials(20261128)
    a, b = derive_credentials(1), derive_credentials(2)
    assert a.hukou_secret != b.hukou_secret
    assert a.hukou_app_key == b.hukou_app_key == "counter-demo"


def test_secrets_are_distinct_and_marked_demo() -> None:
    creds = derive_credentials(20261128)
    secrets = [entry.secret for entry in creds.entries()]
    assert len(set(secrets)) == len(secrets)
    assert all(secret.startswith("demo-") and len(secret) == 45 for secret in secrets)


def test_entries_name_the_keyring_services_of_the_connector_files() -> None:
    creds = derive_credentials(7)
    assert {e.keyring_service for e in creds.entries()} == {
        "counterapp/hukou",
        "counterapp/civil",
        "counterapp/hrss",
        "counterapp/fund",
        "counterapp/realestate",
    }
    assert creds.entry("hrss").username == creds.hrss_client_id
    assert creds.entry("tax") is None and creds.entry("market") is None
