"""The tests' 2027 holiday file: the days of docs/examples/holidays/2027.toml (an EXAMPLE,
not the State Council's notice) for 元旦, 春节 and 国庆节, written both ways a TOML date can
be (quoted and bare). Its line numbers are part of tests/cases/test_holiday_files.py.
"""

from __future__ import annotations

YEAR_2027 = """\
format_version = 1
year = 2027
notice = "test arrangement"

[[holidays]]
name = "元旦"
days = ["2027-01-01", "2027-01-02", "2027-01-03"]

[[holidays]]
name = "春节"
days = [
    "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09",
    "2027-02-10", "2027-02-11", "2027-02-12", "2027-02-13",
]
adjusted_working_days = ["2027-02-14", "2027-02-20"]

[[holidays]]
name = "国庆节"
days = [2027-10-01, 2027-10-02, 2027-10-03, 2027-10-04, 2027-10-05, 2027-10-06, 2027-10-07]
adjusted_working_days = [2027-09-26, 2027-10-09]
"""
