"""Periodic jobs of accounts, run daily by `danchu schedule` (and `danchu daily`): drop API tokens
expired or revoked long enough ago, and sign-in failure records past the lockout's cool-off."""

from danchu.core import schedule


def accounts_prune(now) -> dict:
    from .services import api_tokens_prune, login_failures_prune

    return {"api_tokens_deleted": api_tokens_prune(now=now), "login_failures_deleted": login_failures_prune(now=now)}


schedule.register("accounts.prune", daily="02:30", label="Tài khoản: xóa mã API hết hạn, lần đăng nhập sai cũ",
                  run=accounts_prune)
