from monitor.referrals.services import received_service, training_months
from tests.assessments.conftest import family, reference  # noqa: F401  (shared fixtures)
from tests.registry.conftest import criteria, register  # noqa: F401


def closure_facts(case) -> dict:
    """What the case page reads from the referrals when a closure is proposed (services received)."""
    return {
        "received_service": received_service(case.child_id),
        "training_months": training_months(case.child_id),
    }
