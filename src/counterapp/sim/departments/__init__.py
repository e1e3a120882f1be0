"""The seven simulated department backends, one module each, in port order."""

from __future__ import annotations

from counterapp.sim.departments.base import Department
from counterapp.sim.departments.civil import CivilDepartment
from counterapp.sim.departments.fund import FundDepartment
from counterapp.sim.departments.hrss import HrssDepartment
from counterapp.sim.departments.hukou import HukouDepartment
from counterapp.sim.departments.market import MarketDepartment
from counterapp.sim.departments.realestate import RealEstateDepartment
from counterapp.sim.departments.tax import TaxDepartment

# Port order: control is base+0, then these at base+1 .. base+7.
DEPARTMENT_CLASSES: tuple[type[Department], ...] = (
    HukouDepartment,
    CivilDepartment,
    HrssDepartment,
    TaxDepartment,
    FundDepartment,
    RealEstateDepartment,
    MarketDepartment,
)
DEPARTMENT_IDS: tuple[str, ...] = tuple(cls.id for cls in DEPARTMENT_CLASSES)

__all__ = ["DEPARTMENT_CLASSES", "DEPARTMENT_IDS", "Department"]
