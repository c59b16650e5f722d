import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from danchu.core.roles import Role
from danchu.units.models import Organization, Resident, Unit


class User(AbstractUser):
    """A person who signs in: by phone number, e-mail or username, with a password."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True, default="")
    phone = models.CharField("số điện thoại", max_length=15, null=True, blank=True, unique=True)
    email = models.EmailField("email", null=True, blank=True, unique=True)
    # The resident record of this person, when they are on a household register.
    resident = models.OneToOneField(Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="user")

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self):
        # AbstractUser.clean() turns a missing e-mail into "", and "" is a value for the unique
        # constraint: the second account without an e-mail would be refused. Keep NULL.
        super().clean()
        self.email = self.email or None
        self.phone = self.phone or None

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class RoleGrant(models.Model):
    """A role held on a unit (reaching its subtree) or on an organization. Revoked, never deleted."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="role_grants")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="role_grants"
    )
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            # Exactly one scope: a unit or an organization.
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(organization__isnull=True))
                | (Q(unit__isnull=True) & Q(organization__isnull=False)),
                name="rolegrant_one_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(revoked_at__isnull=True, unit__isnull=False),
                name="rolegrant_active_unit_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=Q(revoked_at__isnull=True, organization__isnull=False),
                name="rolegrant_active_org_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit or self.organization}"

    @property
    def scope(self):
        return self.unit or self.organization


class ApiToken(models.Model):
    """A bearer token for machines. Only its SHA-256 is stored; the token is shown once. It works until
    it is revoked or `expires_at` (DANCHU_API_TOKEN_DAYS after it was issued), whichever comes first."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField("hết hạn", db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def is_active_at(self, when) -> bool:
        return self.revoked_at is None and self.expires_at > when
