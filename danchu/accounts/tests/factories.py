import factory
from factory.django import DjangoModelFactory

from danchu.accounts.models import RoleGrant, User

PASSWORD = "mat-khau-thu-9"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Trần Thị Thử {n}")
    phone = factory.Sequence(lambda n: f"09{n:08d}")
    email = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kw):
        if create:
            obj.save()


def grant(user: User, role: str, unit=None, organization=None) -> RoleGrant:
    """A role grant written directly (tests of the grant service itself go through the service)."""
    return RoleGrant.objects.create(user=user, role=role, unit=unit, organization=organization)
