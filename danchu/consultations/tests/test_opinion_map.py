"""The opinion map: planted groups in a synthetic vote matrix are recovered; characteristic and consensus
statements are found; comment topics are grouped from Vietnamese text; the stored map is served."""

import numpy as np
import pytest

from danchu.consultations import services
from danchu.consultations.opinion_map import cluster_votes, group_statements, segment, topics
from danchu.consultations.selectors import opinion_map

from .factories import consultation, resident


def planted(n_groups: int, per_group: int, n_statements: int, *, seed: int = 1, density: float = 0.5,
            noise: float = 0.1):
    """Each group has its own stance (+1/-1) on every statement; statement 0 is agreed by all (consensus).
    Each participant sees `density` of the statements and flips `noise` of their votes."""
    rng = np.random.default_rng(seed)
    stances = rng.choice([-1, 1], size=(n_groups, n_statements))
    stances[:, 0] = 1
    rows, cols, vals, truth = [], [], [], []
    for g in range(n_groups):
        for _ in range(per_group):
            p = len(truth)
            truth.append(g)
            seen = np.flatnonzero(rng.random(n_statements) < density)
            for j in seen:
                v = stances[g, j] if rng.random() > noise else -stances[g, j]
                if rng.random() < 0.05:
                    v = 0  # pass
                rows.append(p)
                cols.append(j)
                vals.append(v)
    return np.array(rows), np.array(cols), np.array(vals), np.array(truth), stances


def _purity(labels, truth):
    """Share of participants whose found group's majority planted group is their own."""
    total = 0
    for g in set(labels.tolist()):
        members = truth[labels == g]
        total += np.bincount(members).max()
    return total / len(truth)


@pytest.mark.parametrize("n_groups", [2, 3, 4])
def test_planted_groups_are_recovered(n_groups):
    rows, cols, vals, truth, stances = planted(n_groups, 60, 40, seed=n_groups)
    g = cluster_votes(rows, cols, vals, len(truth), 40)
    assert g.k == n_groups
    assert (g.labels >= 0).all()
    assert _purity(g.labels, truth) >= 0.95
    assert g.silhouette > 0.2


def test_characteristic_and_consensus_statements():
    rows, cols, vals, truth, stances = planted(2, 80, 20, seed=5)
    g = cluster_votes(rows, cols, vals, len(truth), 20)
    characteristic, consensus = group_statements(rows, cols, vals, g.labels, g.k, 20)
    assert 0 in [c["col"] for c in consensus]
    for found in range(g.k):
        planted_group = np.bincount(truth[g.labels == found]).argmax()
        for item in characteristic[found]:
            expected = "agree" if stances[planted_group, item["col"]] == 1 else "disagree"
            assert item["direction"] == expected
            assert item["in_group"] > item["others"]
        assert characteristic[found]  # every group has something that sets it apart


def test_too_few_votes_make_no_groups():
    g = cluster_votes(np.array([0, 1]), np.array([0, 0]), np.array([1, -1]), 2, 1)
    assert g.k == 0 and (g.labels == -1).all()


def test_vietnamese_words_are_segmented_offline():
    assert segment(["Đề nghị mở rộng đường giao thông nông thôn"]) == ["đề_nghị mở_rộng đường giao_thông nông_thôn"]


def test_comment_topics_group_similar_comments():
    roads = ["Đường giao thông nông thôn xuống cấp, cần bê tông hóa", "Đề nghị bê tông hóa đường giao thông thôn Đồng Quê",
             "Mở rộng đường giao thông liên thôn, bê tông hóa mặt đường", "Đường giao thông ngập nước, cần bê tông hóa lại"]
    land = ["Giá bồi thường đất nông nghiệp quá thấp", "Đề nghị tăng giá bồi thường đất ở khi thu hồi",
            "Bồi thường đất cho hộ bị thu hồi phải công khai", "Tái định cư và bồi thường đất chưa thỏa đáng"]
    found = topics(roads + land, max_topics=3)
    groups = [set(t["members"]) for t in found]
    assert {0, 1, 2, 3} in groups and {4, 5, 6, 7} in groups
    words = " ".join(" ".join(t["terms"]) for t in found)
    assert "bê tông" in words or "giao thông" in words
    assert "bồi thường" in words


def test_the_map_is_computed_by_the_task_and_stored(tree, officer_a):
    c = consultation(officer_a, tree["a"])
    people = [resident(tree["a1"]) for _ in range(12)]
    texts = ["Bê tông hóa đường giao thông nông thôn", "Tăng giá bồi thường đất nông nghiệp",
             "Công khai danh sách hộ nghèo", "Giữ nguyên thời gian niêm yết 30 ngày"]
    ops = [services.opinion_create(actor=people[i], consultation=c, text=t) for i, t in enumerate(texts)]
    for i, p in enumerate(people[4:]):
        for j, o in enumerate(ops):
            services.vote_cast(actor=p, opinion=o, choice="agree" if (i % 2) == (j % 2) else "disagree")
    assert opinion_map(c) is None  # below the enqueue threshold: nothing computed per vote
    services.opinion_map_request(actor=officer_a, consultation=c)
    # the test settings run tasks immediately on commit; here the test's transaction never commits
    from danchu.consultations.tasks import opinion_map_refresh

    result = opinion_map_refresh.call(c.pk)
    m = opinion_map(c)
    assert m is not None and m.votes_seen == 32 and m.opinions_seen == 4
    assert result["participants"] == 8 and m.data["k"] == 2
    assert sorted(g["size"] for g in m.data["groups"]) == [4, 4]
    from danchu.consultations.selectors import opinion_map_png

    assert opinion_map_png(c)[:8] == b"\x89PNG\r\n\x1a\n"
