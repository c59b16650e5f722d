"""Officials' pages for hamlets, households and organizations (in progress)."""

from django.http import Http404


def hamlets(request, code):
    raise Http404


def households(request, code):
    raise Http404


def household_import(request, code):
    raise Http404


def organizations(request, code):
    raise Http404
