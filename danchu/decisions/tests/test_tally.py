"""The law's thresholds at and around each boundary (Law Art. 21; Art. 19(1)(b)), as properties."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from danchu.decisions.tally import MAJORITY, TWO_THIRDS, HamletCount, decide, meets

totals = st.integers(min_value=1, max_value=5000)


@given(totals, st.data())
def test_two_thirds_matches_exact_fractions(total, data):
    approve = data.draw(st.integers(min_value=0, max_value=total))
    assert meets(TWO_THIRDS, approve, total) == (Fraction(approve, total) >= Fraction(2, 3))
    assert meets(MAJORITY, approve, total) == (Fraction(approve, total) > Fraction(1, 2))


@given(totals)
def test_boundaries_of_each_threshold(total):
    smallest = -(-2 * total // 3)  # ceil(2/3 · total)
    assert meets(TWO_THIRDS, smallest, total)
    assert not meets(TWO_THIRDS, smallest - 1, total)
    half = total // 2 + 1
    assert meets(MAJORITY, half, total)
    assert not meets(MAJORITY, half - 1, total)


@given(totals, st.data())
def test_village_contribution_around_two_thirds_of_all_households(total, data):
    approve = data.draw(st.integers(min_value=0, max_value=total))
    against = data.draw(st.integers(min_value=0, max_value=total - approve))
    h = HamletCount(total=total, participated=approve + against, by_option={"agree": approve, "disagree": against})
    out = decide(kind="contribution", commune_wide=False, hamlets={"T": h}, approve_key="agree")
    if (approve + against) * 3 < total * 2:
        assert out.result == "not_valid"
    elif approve * 3 >= total * 2:
        assert out.result == "adopted"
    else:
        assert out.result == "not_adopted"


@given(st.sampled_from(["convention", "hamlet_head", "boards", "other"]), totals, st.data())
def test_majority_kinds_count_against_all_households_not_those_present(kind, total, data):
    present = data.draw(st.integers(min_value=0, max_value=total))
    approve = data.draw(st.integers(min_value=0, max_value=present))
    h = HamletCount(total=total, participated=present, by_option={"agree": approve, "disagree": present - approve})
    out = decide(kind=kind, commune_wide=False, hamlets={"T": h}, approve_key="agree")
    assert (out.result == "adopted") == (approve * 2 > total)
    if present * 2 <= total:
        assert out.result == "not_valid"


@given(st.lists(st.tuples(st.integers(1, 60), st.data()), min_size=1, max_size=12))
def test_commune_wide_two_thirds_of_hamlets_each_meeting_its_own_two_thirds(rows):
    hamlets = {}
    for i, (total, data) in enumerate(rows):
        approve = data.draw(st.integers(0, total))
        hamlets[f"H{i:02d}"] = HamletCount(total=total, participated=total, by_option={"agree": approve,
                                                                                       "disagree": total - approve})
    out = decide(kind="funds", commune_wide=True, hamlets=hamlets, approve_key="agree")
    approving = sum(1 for h in hamlets.values() if h.by_option["agree"] * 3 >= h.total * 2)
    assert out.hamlets_approving == approving
    assert (out.result == "adopted") == (approving * 3 >= len(hamlets) * 2)


def test_commune_wide_exact_boundary_two_of_three_hamlets():
    ok = HamletCount(total=3, participated=3, by_option={"agree": 2, "disagree": 1})
    no = HamletCount(total=3, participated=3, by_option={"agree": 1, "disagree": 2})
    assert decide(kind="contribution", commune_wide=True, hamlets={"a": ok, "b": ok, "c": no},
                  approve_key="agree").result == "adopted"
    assert decide(kind="contribution", commune_wide=True, hamlets={"a": ok, "b": no, "c": no},
                  approve_key="agree").result == "not_adopted"


def test_list_vote_needs_the_leading_option_over_half_of_all_households():
    h = HamletCount(total=10, participated=10, by_option={"o1": 5, "o2": 5})
    assert decide(kind="hamlet_head", commune_wide=False, hamlets={"T": h}, approve_key=None).result == "not_adopted"
    h = HamletCount(total=10, participated=10, by_option={"o1": 6, "o2": 4})
    out = decide(kind="hamlet_head", commune_wide=False, hamlets={"T": h}, approve_key=None)
    assert (out.result, out.option) == ("adopted", "o1")
