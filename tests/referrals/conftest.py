from tests.assessments.conftest import family, reference  # noqa: F401  (shared fixtures)
from tests.registry.conftest import criteria, register  # noqa: F401
