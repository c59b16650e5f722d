from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who did what, written by the service in the same transaction as the change itself.

    Append-only by convention (no service updates or deletes rows). The public,
    hash-chained transparency log is a separate structure for published records.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    unit_path = models.CharField(max_length=255, blank=True, default="", db_index=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
