"""API schemas for sign-in tokens, the signed-in user and role grants."""

import datetime as dt

from ninja import Field, Schema
from pydantic import model_validator

from danchu.core.roles import Role


class TokenIn(Schema):
    username: str = Field(..., min_length=1, max_length=254, description="Số điện thoại, email hoặc tên đăng nhập")
    password: str = Field(..., min_length=1, max_length=4096)
    otp: str | None = Field(None, max_length=20, description="Mã 6 chữ số của ứng dụng xác thực, nếu tài khoản bật "
                            "xác thực hai bước (6-digit authenticator code, for accounts with two-step sign-in)")


class TokenOut(Schema):
    token: str
    token_type: str = "bearer"  # noqa: S105 (the scheme name, not a secret)
    expires_at: dt.datetime


class TokenInfoOut(Schema):
    """One of the caller's tokens as listed: never the token itself, only its first characters."""

    id: int
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None = None
    expires_at: dt.datetime
    revoked_at: dt.datetime | None = None
    active: bool

    @staticmethod
    def resolve_active(obj) -> bool:
        from django.utils import timezone

        return obj.is_active_at(timezone.now())


class GrantOut(Schema):
    """A role held on a unit (reaching its subtree) or on an organization (then unit_* are null)."""

    id: int
    role: str
    role_label: str
    unit_code: str | None = None
    unit_name: str | None = None
    organization_id: int | None = None
    organization_name: str | None = None

    @staticmethod
    def resolve_role_label(obj) -> str:
        return obj.get_role_display()

    @staticmethod
    def resolve_unit_code(obj) -> str | None:
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_unit_name(obj) -> str | None:
        return obj.unit.name if obj.unit_id else None

    @staticmethod
    def resolve_organization_name(obj) -> str | None:
        return obj.organization.name if obj.organization_id else None


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    phone: str | None = None
    email: str | None = None
    grants: list[GrantOut]

    @staticmethod
    def resolve_grants(obj) -> list:
        return obj.api_grants


class UnitGrantOut(GrantOut):
    """A grant as its unit's staff page shows it: who holds it (name only) and since when."""

    user_id: int
    user_full_name: str
    granted_at: dt.datetime

    @staticmethod
    def resolve_user_full_name(obj) -> str:
        return obj.user.display_name


class GrantIn(Schema):
    """Give `role` to the person who signs in as `identifier` (phone, e-mail or username).

    Scope: `scope_code` (this unit or a unit below it) or `organization_id` (an organization
    of this unit's subtree); neither means this unit. A new person needs `full_name` and an
    initial `password`; their account is then created with the phone or e-mail as login.
    """

    identifier: str = Field(..., min_length=1, max_length=254)
    role: Role
    scope_code: str | None = None
    organization_id: int | None = None
    full_name: str = Field("", max_length=150)
    password: str = Field("", max_length=4096)

    @model_validator(mode="after")
    def _one_scope(self):
        if self.scope_code and self.organization_id is not None:
            raise ValueError("Chọn scope_code hoặc organization_id, không chọn cả hai (give one scope, not both).")
        return self
