"""Registry models: families, their members, children, and the hardship criteria."""

from monitor.registry.models.child import Child, ChildCriterion, ChildFamilyLink, DistinctChildren
from monitor.registry.models.criteria import Criterion, CriterionKind
from monitor.registry.models.enums import (
    AssistanceKind,
    Attendance,
    Consent,
    Employment,
    LivingArrangement,
    Relation,
    Sex,
)
from monitor.registry.models.family import Family, FamilyAssistance, FamilyCriterion, FamilyMember

__all__ = [
    "AssistanceKind",
    "Attendance",
    "Child",
    "ChildCriterion",
    "ChildFamilyLink",
    "Consent",
    "Criterion",
    "CriterionKind",
    "DistinctChildren",
    "Employment",
    "Family",
    "FamilyAssistance",
    "FamilyCriterion",
    "FamilyMember",
    "LivingArrangement",
    "Relation",
    "Sex",
]
