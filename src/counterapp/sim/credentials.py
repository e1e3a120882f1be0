"""Demo-only credentials the simulated departments accept.

The secrets are derived from the population seed with HMAC-SHA256, so a simulator started
with ``counterapp sim`` and a client started separately (the demo, a test, another
machine's shell) agree without exchanging anything. They protect nothing and are never
real secrets; connector files name only the keyring entry, never the secret
(docs/simulator.md "Credentials").
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

# The public identifier every simulated department knows the demo client by (HMAC app key,
# OAuth2 client id, and the keyring user name of each entry).
DEMO_CLIENT_ID = "counter-demo"
KEYRING_SERVICE_PREFIX = "counterapp/"


@dataclass(frozen=True)
class DepartmentSecret:
    """What one department's keyring entry holds.

    Attributes:
        department: the department id.
        username: the keyring user name: the app key or client id sent with requests.
        secret: the demo secret (HMAC secret, API key, client secret or token).
    """

    department: str
    username: str
    secret: str

    @property
    def keyring_service(self) -> str:
        """The keyring service name the department's connector file names."""
        return f"{KEYRING_SERVICE_PREFIX}{self.department}"


@dataclass(frozen=True)
class SimCredentials:
    """Every secret the simulated departments check.

    Market (public registry data) and tax (mutual TLS, see :mod:`counterapp.sim.tls`) need
    no secret.
    """

    seed: int
    hukou_app_key: str
    hukou_secret: str
    civil_api_key: str
    hrss_client_id: str
    hrss_client_secret: str
    fund_token: str
    realestate_api_key: str

    def entries(self) -> tuple[DepartmentSecret, ...]:
        """The keyring entries a client needs, one per department with a secret."""
        return (
            DepartmentSecret("hukou", self.hukou_app_key, self.hukou_secret),
            DepartmentSecret("civil", DEMO_CLIENT_ID, self.civil_api_key),
            DepartmentSecret("hrss", self.hrss_client_id, self.hrss_client_secret),
            DepartmentSecret("fund", DEMO_CLIENT_ID, self.fund_token),
            DepartmentSecret("realestate", DEMO_CLIENT_ID, self.realestate_api_key),
        )

    def entry(self, department: str) -> DepartmentSecret | None:
        """The department's keyring entry, or None when it needs no secret."""
        return next((e for e in self.entries() if e.department == department), None)


def derive_credentials(seed: int) -> SimCredentials:
    """Derive the demo credentials for a population seed.

    Args:
        seed: the population seed (``counterapp sim --seed``).

    Returns:
        The same credentials every time for the same seed.
    """
    return SimCredentials(
        seed=seed,
        hukou_app_key=DEMO_CLIENT_ID,
        hukou_secret=_derive(seed, "hukou/hmac-secret"),
        civil_api_key=_derive(seed, "civil/api-key"),
        hrss_client_id=DEMO_CLIENT_ID,
        hrss_client_secret=_derive(seed, "hrss/client-secret"),
        fund_token=_derive(seed, "fund/token"),
        realestate_api_key=_derive(seed, "realestate/api-key"),
    )


def _derive(seed: int, purpose: str) -> str:
    key = f"counterapp-sim-demo/{seed}".encode()
    digest = hmac.new(key, purpose.encode(), hashlib.sha256).hexdigest()
    return f"demo-{digest[:40]}"
