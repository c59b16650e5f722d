from django.urls import path, re_path

from . import views_log

app_name = "log"

urlpatterns = [
    path("", views_log.log_index, name="index"),
    path("entries/", views_log.log_entries, name="entries"),
    path("entries/<int:seq>/", views_log.log_entry, name="entry"),
    path("checkpoints/", views_log.log_checkpoints, name="checkpoints"),
    path("key/", views_log.log_key, name="key"),
    path("records/<slug:object_type>/", views_log.log_records, name="records"),
    path("objects/<slug:object_type>/<str:object_id>/", views_log.log_object, name="object"),
    # RFC 9162 proofs; with or without the trailing slash (the form the documentation gives has none).
    re_path(r"^proof/inclusion/?$", views_log.log_proof_inclusion, name="proof_inclusion"),
    re_path(r"^proof/consistency/?$", views_log.log_proof_consistency, name="proof_consistency"),
]
