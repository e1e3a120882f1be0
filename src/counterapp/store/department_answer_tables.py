"""``department_answers``: one row per department per lookup, for the department scorecard.

The hall reports availability, latency and data quality back to each department (DESIGN.md
"What comes after": the department scorecard). A row says which department was asked,
why (a case, an IT diagnosis or a probe), how it ended, how long it took, and how many of
its values could not be used (a conversion or catalog check failed) or disagreed with
another department's. It never holds the person asked about or any value.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from counterapp.store.base import Base


class DepartmentAnswerRow(Base):
    __tablename__ = "department_answers"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    answered_at: Mapped[str] = mapped_column(String(32), index=True)  # ISO 8601, UTC
    department: Mapped[str] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32))
    latency_ms: Mapped[int] = mapped_column(Integer)
    values_given: Mapped[int] = mapped_column(Integer)
    values_refused: Mapped[int] = mapped_column(Integer)
    conflicts: Mapped[int] = mapped_column(Integer)
    case_number: Mapped[str | None] = mapped_column(String(64), nullable=True)

    __table_args__ = (CheckConstraint("reason IN ('case', 'diagnosis', 'probe')", name="reason"),)


department_answers = DepartmentAnswerRow.__table__
