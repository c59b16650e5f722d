"""Admin: the log and disclosures are read-only; the catalogue only switches items off."""

import pytest
from django.contrib import admin

from danchu.core.models import LogCheckpoint, LogEntry
from danchu.core.tasks import log_checkpoint
from danchu.disclosures.models import Disclosure, DisclosureCategory, DisclosureVersion

from .factories import published


@pytest.mark.parametrize("model", [LogEntry, LogCheckpoint, Disclosure, DisclosureVersion])
def test_read_only_in_admin(rf, model):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_catalogue_only_switches_items_off(rf):
    model_admin = admin.site._registry[DisclosureCategory]
    assert not model_admin.has_add_permission(rf.get("/")) and not model_admin.has_delete_permission(rf.get("/"))
    assert "is_active" not in model_admin.readonly_fields and "name" in model_admin.readonly_fields


@pytest.mark.django_db
def test_admin_pages_render(admin_client, tree, officer_a):
    d = published(officer_a, tree["a"])
    for url in ("/admin/core/logentry/", "/admin/core/logcheckpoint/", "/admin/disclosures/disclosure/",
                f"/admin/disclosures/disclosure/{d.pk}/change/", "/admin/disclosures/disclosurecategory/"):
        assert admin_client.get(url, HTTP_HOST="localhost").status_code == 200, url


def test_checkpoint_task_is_idempotent(tree, officer_a, settings):
    settings.DANCHU_LOG_CHECKPOINT_EVERY = 1000
    settings.DANCHU_LOG_CHECKPOINT_SECONDS = 10**6
    published(officer_a, tree["a"])
    published(officer_a, tree["a"], title="Hai")  # the first entry is signed, the second not yet
    assert list(LogCheckpoint.objects.values_list("seq", flat=True)) == [1]
    assert log_checkpoint.call() == 2
    assert log_checkpoint.call() is None
    assert list(LogCheckpoint.objects.values_list("seq", flat=True)) == [1, 2]
    assert log_checkpoint.enqueue().return_value is None  # the test settings run tasks immediately
