"""The API fixtures of tests/api, for the registry's endpoints."""

from tests.api.conftest import api  # noqa: F401
