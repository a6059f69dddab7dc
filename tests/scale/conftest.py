from tests.registry.conftest import criteria, register  # noqa: F401  (shared fixtures)
