"""The order of the dashboard's and the reports' rows: each area's indicators together within a pillar
(dialogues, then citizen reception, then the inspection boards — never alternating row by row)."""

from danchu.core.indicators import indicators


def _family(code: str) -> str:
    return code.split(".", 1)[0]


def test_each_family_of_indicators_is_contiguous_within_its_pillar():
    by_pillar: dict[str, list[str]] = {}
    for ind in indicators():
        by_pillar.setdefault(ind.pillar, []).append(_family(ind.code))
    for pillar, families in by_pillar.items():
        runs = [f for i, f in enumerate(families) if i == 0 or families[i - 1] != f]
        assert len(runs) == len(set(runs)), f"{pillar}: {families}"
    assert len(by_pillar.get("inspect", [])) > 10  # the pillar the rule was broken in is there
