from .models import AuditEvent


def audit(*, actor, action: str, obj=None, object_type: str = "", object_id: str = "", unit_path: str = "",
          **extra) -> AuditEvent:
    """Record a write. Call inside the service's transaction so the row commits with the change."""
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(
        actor_id=actor_id, action=action, object_type=object_type, object_id=object_id,
        unit_path=unit_path, extra=extra,
    )
