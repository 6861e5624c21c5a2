from tests.oidc.fixtures import (  # noqa: F401 (fixtures)
    company_sign_in,
    oidc_provider,
    provider_people,
    start_provider,
    visitor,
)
