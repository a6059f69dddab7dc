"""A realistic, reproducible demo caseload (Kyrgyz, Uzbek and Russian names; parents abroad;
children in and out of school), registered through the same services as the web forms.

names.py: the names and their spellings; households.py: the families and children; work.py: the
work seen at visits; seeding.py: writing them (and referrals) through the services."""

from __future__ import annotations

from monitor.demo.households import DemoCaseload
from monitor.demo.seeding import seed_caseload, seed_services
from monitor.demo.work import demo_assessment

__all__ = ["DemoCaseload", "demo_assessment", "seed_caseload", "seed_services"]
