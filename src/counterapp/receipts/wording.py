"""How receipts write dates, times and money in Chinese (hall time, UTC+8)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from counterapp.cases.deadlines import HALL_TIMEZONE


def moment_zh(moment: datetime) -> str:
    """An aware moment in hall time: "2026年11月28日 10:42" (a no-break space between)."""
    local = moment.astimezone(HALL_TIMEZONE)
    return f"{date_zh(local.date())}\u00a0{local:%H:%M}"  # no-break: date and time together


def date_zh(day: date) -> str:
    """ "2026年11月28日"."""
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def fee_zh(yuan: Decimal) -> str:
    """ "不收费" for 0, else "人民币 12.50 元"."""
    if yuan == 0:
        return "不收费"
    return f"人民币 {yuan.quantize(Decimal('0.01'))} 元"
