"""Matrix cases (core/tests/matrix.py): valid arguments for each declared movements rule.

A model belongs to its unit even when it was built in an organization there: its variants with an
organization still act on the commune (the movement is not the organization's internal democracy).
Evaluation and recognition act at a level: the commune's, the province's (its Steering Committee) and
the central one (no role holds it: the matrix's allowed caller is then the platform's operator)."""

import datetime as dt

from danchu.core.tests.matrix import case, variant
from danchu.movements import selectors, services  # noqa: F401 — selectors: their declarations join the registry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STARTED = dt.date(2025, 3, 1)


def _data(**kw):
    return {"title": "Dân vận khéo trong giải phóng mặt bằng", "field": "land",
            "description": "Cán bộ đến từng hộ vận động.", "started_on": STARTED, **kw}


def _practice(w, *, organization=None):
    return services.practice_register(user=w.officer_a, unit=w.a, organization=organization, **_data())


def _both(w, build):
    return [variant(w.a, **build(_practice(w))),
            variant(w.a, label="a model of an enterprise (still the commune's)", **build(_practice(w, organization=w.org)))]


@case("movements.practice_register")
def practice_register(w):
    return [variant(w.a, unit=w.a, **_data()),
            variant(w.a, label="a model of an enterprise (still the commune's)", unit=w.a, organization=w.org, **_data())]


@case("movements.practice_update_results")
def practice_update_results(w):
    return _both(w, lambda p: {"practice": p, "results": "98% số hộ bàn giao mặt bằng đúng hạn."})


@case("movements.practice_add_evidence")
def practice_add_evidence(w):
    return _both(w, lambda p: {"practice": p, "name": "ket-qua.pdf", "content": PDF})


def _by_level(w, build):
    return [variant(w.a, label="commune level", **build(_practice(w), "commune")),
            variant(w.p, label="province level", **build(_practice(w), "province")),
            variant(w.p, label="central level", **build(_practice(w), "central"))]


@case("movements.practice_evaluate")
def practice_evaluate(w):
    return _by_level(w, lambda p, level: {"practice": p, "level": level, "rating": "good",
                                          "evaluated_on": dt.date(2025, 9, 1)})


@case("movements.practice_recognize")
def practice_recognize(w):
    return _by_level(w, lambda p, level: {"practice": p, "level": level, "recognized_on": dt.date(2025, 10, 2),
                                          "reference": "Quyết định 123-QĐ/BCĐ"})


def _with_evidence(w, *, organization=None):
    p = _practice(w, organization=organization)
    ev = services.practice_add_evidence(user=w.officer_a, practice=p, name="ket-qua.pdf", content=PDF)
    return p, ev


@case("movements.evidence_of")
def evidence_of(w):
    return [variant(w.a, practice=_with_evidence(w)[0]),
            variant(w.a, label="a model of an enterprise", practice=_with_evidence(w, organization=w.org)[0])]


@case("movements.evidence_get")
def evidence_get(w):
    p, ev = _with_evidence(w)
    return variant(w.a, pk=p.pk, evidence_id=ev.pk)
