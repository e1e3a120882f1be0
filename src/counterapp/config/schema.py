"""Every configuration key, declared once: type, default and description.

Validation, ``counterapp config show``, ``docs/configuration.md`` and the environment
variable names are all derived from this one table. Later features add their keys here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class SettingType(enum.Enum):
    STRING = "string"
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    PATH = "path"
    CHOICE = "choice"


@dataclass(frozen=True)
class Setting:
    """One configuration key.

    Attributes:
        key: dotted name; the part before the first dot is the TOML table.
        type: the value type; files must use the matching TOML type.
        default: the value when no source sets one; defaults run the demo.
        description: one sentence for IT, shown by ``config show`` and the docs.
        choices: allowed values for ``CHOICE`` settings.
        minimum: lower bound for numbers.
        maximum: upper bound for numbers.
        url_with_password: the value is a URL whose password part is a secret: shown
            (``config show``, the docs) with the password masked.
    """

    key: str
    type: SettingType
    default: object
    description: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    url_with_password: bool = False

    @property
    def env_var(self) -> str:
        """The environment variable that overrides this key, e.g. COUNTERAPP_DATABASE_URL."""
        return "COUNTERAPP_" + self.key.replace(".", "_").upper()


S = SettingType

SCHEMA: tuple[Setting, ...] = (
    Setting(
        "hall.code",
        S.STRING,
        "330106001",
        "Code of this service hall; prefixes every case number (digits and letters).",
    ),
    Setting(
        "hall.name", S.STRING, "西湖区政务服务中心", "Name of the hall as printed on receipts."
    ),
    Setting("hall.window", S.STRING, "01", "Number of this workstation's service window."),
    Setting(
        "hall.ticket_categories",
        S.STRING,
        "A,B",
        "Ticket categories (取号类别) this window calls, comma-separated, each one or two "
        "capital letters, e.g. A,B; empty: no ticket panel at this window (docs/tickets.md).",
    ),
    Setting(
        "hall.phone",
        S.STRING,
        "0571-12345",
        "Hall contact telephone printed on receipts and notifications.",
    ),
    Setting(
        "hall.address",
        S.STRING,
        "杭州市西湖区文三路 100 号",
        "Street address of the hall as printed on receipts and notifications.",
    ),
    Setting(
        "hall.bring_to",
        S.STRING,
        "本中心一楼综合受理区任一窗口（工作日 9:00–17:00）",
        "Where applicants bring missing materials, printed on the one-time notification.",
    ),
    Setting(
        "hall.workstation",
        S.STRING,
        "",
        "Name of this workstation in the audit trail; empty means the host name.",
    ),
    Setting(
        "ui.language", S.CHOICE, "zh_CN", "Language of the user interface.", choices=("zh_CN", "en")
    ),
    Setting(
        "database.url",
        S.STRING,
        "",
        "SQLAlchemy database URL; empty means the embedded SQLite file in the user "
        "data directory. A hall uses postgresql+psycopg://user@host/db "
        "(the password comes from the keyring, never from this file; one written in the "
        "URL anyway is shown masked).",
        url_with_password=True,
    ),
    Setting(
        "departments.connectors_dir",
        S.PATH,
        "",
        "Directory of department connector files; empty means the shipped demo "
        "connectors that point at `counterapp sim` on loopback.",
    ),
    Setting(
        "catalog.site_file",
        S.PATH,
        "",
        "Site catalog file (TOML, the catalog's format) whose items are added to the shipped "
        "data catalog or refine shipped items without lowering their level or masking "
        "(docs/catalog.md); empty means the shipped catalog only.",
    ),
    Setting(
        "calendar.holiday_dir",
        S.PATH,
        "",
        "Directory of official holiday files, one `<year>.toml` per year (docs/holidays.md), "
        "read at start; a deployed year's working days come from its file. Empty means only "
        "the years the chinesecalendar package carries.",
    ),
    Setting(
        "lookup.total_deadline_s",
        S.FLOAT,
        10.0,
        "Longest a lookup may take; departments silent by then are reported as timed out.",
        minimum=0.5,
        maximum=120,
    ),
    Setting(
        "lookup.breaker_failures",
        S.INTEGER,
        5,
        "Consecutive timeouts or outages after which a department is not asked for a while.",
        minimum=1,
        maximum=100,
    ),
    Setting(
        "lookup.breaker_cool_down_s",
        S.FLOAT,
        30.0,
        "How long a failing department is skipped before one probe request is let through.",
        minimum=1,
        maximum=3600,
    ),
    Setting(
        "masking.id_keep_head",
        S.INTEGER,
        6,
        "Leading characters of a resident ID number left visible when masked.",
        minimum=0,
        maximum=17,
    ),
    Setting(
        "masking.id_keep_tail",
        S.INTEGER,
        4,
        "Trailing characters of a resident ID number left visible when masked.",
        minimum=0,
        maximum=17,
    ),
    Setting(
        "receipts.font_path",
        S.PATH,
        "",
        "TrueType CJK font for receipts; empty means search the usual system locations.",
    ),
    Setting(
        "receipts.verify_url",
        S.STRING,
        "https://zwfw.example.gov.cn/case/{number}",
        "Address in the receipt's QR code where the applicant can follow the case.",
    ),
    Setting(
        "receipts.layout",
        S.CHOICE,
        "auto",
        "Paper of printed receipts: a4 (210 × 297 mm), roll (80 mm thermal slip), or auto "
        "(roll when the printer's default paper is an 80 mm roll, else a4).",
        choices=("auto", "a4", "roll"),
    ),
    Setting(
        "printing.printer",
        S.STRING,
        "",
        "Printer for receipts and notifications; empty means the system default printer.",
    ),
    Setting(
        "users.lockout_failures",
        S.INTEGER,
        5,
        "Consecutive wrong passwords after which an account is locked.",
        minimum=1,
        maximum=100,
    ),
    Setting(
        "users.lockout_minutes",
        S.INTEGER,
        15,
        "How long a locked account stays locked.",
        minimum=1,
        maximum=24 * 60,
    ),
    Setting(
        "ui.idle_lock_minutes",
        S.INTEGER,
        5,
        "Minutes without input after which the workspace is covered and needs the password.",
        minimum=1,
        maximum=240,
    ),
    Setting(
        "consent.valid_hours",
        S.INTEGER,
        12,
        "How long a recorded consent authorises lookups for the same applicant and purpose.",
        minimum=1,
        maximum=72,
    ),
    Setting(
        "audit.retention_days",
        S.INTEGER,
        183,
        "Audit events younger than this are never purged (Cybersecurity Law art. 21: six "
        "months at least).",
        minimum=183,
        maximum=36_500,
    ),
    Setting("sim.seed", S.INTEGER, 20261128, "Seed of the simulator's synthetic population."),
    Setting(
        "sim.people",
        S.INTEGER,
        10_000,
        "Number of people the simulator generates.",
        minimum=1,
        maximum=2_000_000,
    ),
    Setting(
        "sim.base_port",
        S.INTEGER,
        8700,
        "First loopback port of the simulator (control server; departments follow).",
        minimum=1024,
        maximum=65_000,
    ),
    Setting(
        "logging.level",
        S.CHOICE,
        "INFO",
        "Threshold of the application log (rotating files in the user log directory, "
        "see `counterapp config paths`); the `--log-level` flag overrides it.",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
    ),
)

SCHEMA_BY_KEY: dict[str, Setting] = {s.key: s for s in SCHEMA}
