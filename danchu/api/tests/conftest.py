import pytest

from danchu.accounts.services import api_token_create


@pytest.fixture
def bearer():
    """`bearer(user)` → headers for a token-authenticated call (None → no credentials)."""

    def make(user):
        if user is None:
            return {}
        return {"Authorization": f"Bearer {api_token_create(user=user)}"}

    return make
