"""The opinion map of a consultation, computed by a background task and stored.

Groups of participants, as Polis does it: the participant × opinion matrix of votes (agree +1,
disagree −1, pass and not seen 0) is kept sparse; its leading components are found with a truncated
SVD (PCA without densifying a 20,000 × 5,000 matrix: votes are centred around 0 by construction), each
participant's coordinates scaled by √(opinions / opinions voted on) so that people who saw few opinions
are not pulled to the centre; k-means on the components, k from 2 to 6 chosen by the silhouette score.
Participants with fewer than MIN_VOTES votes are left out of the grouping.

For each group: its characteristic opinions (agreed or disagreed much more inside the group than
outside, Polis' "representativeness"), and across groups the consensus opinions (agreed by a clear
majority in every group). Topics: the opinions' texts are segmented into Vietnamese words (pyvi, whose
model ships in the wheel: nothing is downloaded), weighted by TF-IDF and grouped by k-means; each topic
is named by its heaviest words. The picture (matplotlib, Agg, PNG) shows both. The map helps the
official write answers; it never replaces them.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

import numpy as np

MIN_VOTES = 3
MAX_GROUPS = 6
MAX_TOPICS = 8
SILHOUETTE_SAMPLE = 3000
TOPIC_SAMPLE = 1500
SEED = 7

# Words that carry no topic in residents' comments (after pyvi joins compounds with "_").
STOPWORDS = frozenset(["và", "của", "là", "có", "cho", "các", "những", "được", "không", "này", "đã", "với", "thì", "mà", "để", "khi", "trong", "ra", "vào", "lại", "cũng", "như", "nên", "rất", "về", "từ", "theo", "tôi", "chúng_tôi", "chúng_ta", "mình", "bà", "con", "người_dân", "dân", "đề_nghị", "kiến_nghị", "ý_kiến", "góp_ý", "dự_thảo", "xã", "thôn", "nội_dung", "cần", "phải", "một", "hai", "ba", "nhiều", "ít", "đó", "đây", "nào", "gì", "ai", "hay", "hoặc", "bị", "sẽ", "đang", "còn", "đến", "trên", "dưới", "tại", "do", "vì", "nếu", "thêm", "việc", "cái", "chỉ"])


@dataclass
class Grouping:
    labels: np.ndarray  # group of each kept participant (row of the matrix), −1 if left out
    coords: np.ndarray  # 2-D coordinates of each row (zeros if left out)
    k: int
    silhouette: float | None


def cluster_votes(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_rows: int, n_cols: int, *,
                  min_votes: int = MIN_VOTES, max_groups: int = MAX_GROUPS, seed: int = SEED) -> Grouping:
    """Group the participants of a sparse vote matrix (rows, cols, vals in {-1, 0, 1})."""
    from scipy import sparse
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.metrics import silhouette_score

    labels = np.full(n_rows, -1, dtype=np.int32)
    coords = np.zeros((n_rows, 2), dtype=np.float32)
    seen = np.bincount(rows, minlength=n_rows)
    keep = np.flatnonzero(seen >= min_votes)
    if len(keep) < 4 or n_cols < 2:
        return Grouping(labels, coords, 0, None)
    m = sparse.csr_matrix((vals.astype(np.float32), (rows, cols)), shape=(n_rows, n_cols))[keep]
    n_comp = int(min(8, n_cols - 1, len(keep) - 1))
    svd = TruncatedSVD(n_components=max(2, n_comp) if n_cols > 2 else 1, random_state=seed, algorithm="randomized",
                       n_iter=5)
    x = svd.fit_transform(m)
    x *= np.sqrt(n_cols / np.maximum(seen[keep], 1))[:, None]
    if x.shape[1] == 1:
        x = np.hstack([x, np.zeros_like(x)])
    # k is chosen on a sample (k-means and the silhouette for k = 2…6 on at most SILHOUETTE_SAMPLE people), then
    # the chosen k is fitted on everyone: the same choice at a fraction of the cost on 20,000 participants.
    rng = np.random.default_rng(seed)
    sample = np.arange(len(keep))
    if len(keep) > SILHOUETTE_SAMPLE:
        sample = rng.choice(sample, SILHOUETTE_SAMPLE, replace=False)
    xs = x[sample]
    distinct = len(np.unique(np.round(xs, 5), axis=0))
    best = None
    for k in range(2, min(max_groups, len(sample) - 1, distinct) + 1):
        lab = KMeans(n_clusters=k, n_init=3, random_state=seed).fit(xs).labels_
        if len(set(lab)) < 2:
            continue
        score = float(silhouette_score(xs, lab))
        if best is None or score > best[0] + 1e-9:
            best = (score, k, lab)
    if best is None:
        return Grouping(labels, coords, 0, None)
    if len(sample) < len(keep):
        best = (best[0], best[1], KMeans(n_clusters=best[1], n_init=3, random_state=seed).fit(x).labels_)
    score, k, lab = best
    labels[keep] = lab
    coords[keep] = x[:, :2]
    return Grouping(labels, coords, k, score)


def group_statements(rows, cols, vals, labels: np.ndarray, k: int, n_cols: int, *, top: int = 5) -> tuple[list, list]:
    """(characteristic per group, consensus): statement indices with their agreement rates."""
    from scipy import sparse

    if k == 0:
        return [], []
    mask = labels[rows] >= 0
    r, c, v = rows[mask], cols[mask], vals[mask]
    g = labels[r]
    agree = sparse.csr_matrix((np.ones(int((v == 1).sum())), (g[v == 1], c[v == 1])), shape=(k, n_cols)).toarray()
    disagree = sparse.csr_matrix((np.ones(int((v == -1).sum())), (g[v == -1], c[v == -1])), shape=(k, n_cols)).toarray()
    seen = sparse.csr_matrix((np.ones(len(v)), (g, c)), shape=(k, n_cols)).toarray()
    p_agree = (agree + 1) / (seen + 2)  # Laplace-smoothed rates, as Polis does
    p_dis = (disagree + 1) / (seen + 2)
    tot_a, tot_d, tot_s = agree.sum(0), disagree.sum(0), seen.sum(0)
    characteristic = []
    for gi in range(k):
        out_a = (tot_a - agree[gi] + 1) / (tot_s - seen[gi] + 2)
        out_d = (tot_d - disagree[gi] + 1) / (tot_s - seen[gi] + 2)
        ra, rd = p_agree[gi] / out_a, p_dis[gi] / out_d
        items = []
        for j in range(n_cols):
            if seen[gi, j] < 3:
                continue
            if p_agree[gi, j] > 0.5 and ra[j] > 1.2:
                items.append((float(ra[j] * p_agree[gi, j]), j, "agree", float(p_agree[gi, j]), float(out_a[j])))
            elif p_dis[gi, j] > 0.5 and rd[j] > 1.2:
                items.append((float(rd[j] * p_dis[gi, j]), j, "disagree", float(p_dis[gi, j]), float(out_d[j])))
        items.sort(reverse=True)
        characteristic.append([{"col": j, "direction": d, "in_group": round(p, 2), "others": round(q, 2)}
                               for _, j, d, p, q in items[:top]])
    consensus = []
    enough = (seen >= 2).all(0)
    min_agree = p_agree.min(0)
    for j in np.argsort(-min_agree):
        if len(consensus) >= top or min_agree[j] < 0.6:
            break
        if enough[j]:
            consensus.append({"col": int(j), "min_agree": round(float(min_agree[j]), 2)})
    return characteristic, consensus


def segment(texts: list[str]) -> list[str]:
    """Vietnamese word segmentation (pyvi: "giao thông nông thôn" → "giao_thông nông_thôn")."""
    from pyvi import ViTokenizer

    return [ViTokenizer.tokenize(t.lower()) for t in texts]


def topics(texts: list[str], *, max_topics: int = MAX_TOPICS, seed: int = SEED) -> list[dict]:
    """Topic groups of the comment texts: TF-IDF over segmented words, k-means, top words per topic."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import silhouette_score

    if len(texts) < 4:
        return []
    docs = segment(texts)
    vec = TfidfVectorizer(token_pattern=r"(?u)\b\w[\w_]+\b",  # noqa: S106 - a regex, not a password
                          stop_words=list(STOPWORDS), min_df=2 if len(docs) > 20 else 1,
                          max_df=0.6, max_features=5000, sublinear_tf=True)
    try:
        x = vec.fit_transform(docs)
    except ValueError:  # nothing left after stop words
        return []
    if x.shape[1] < 2:
        return []
    terms = np.array(vec.get_feature_names_out())
    # As for the groups: k chosen on a sample, the chosen k fitted on every comment.
    rng = np.random.default_rng(seed)
    sample = np.arange(x.shape[0])
    if len(sample) > TOPIC_SAMPLE:
        sample = rng.choice(sample, TOPIC_SAMPLE, replace=False)
    xs = x[sample]
    best = None
    for k in range(2, min(max_topics, xs.shape[0] - 1) + 1):
        km = KMeans(n_clusters=k, n_init=2, random_state=seed).fit(xs)
        if len(set(km.labels_)) < 2:
            continue
        score = float(silhouette_score(xs, km.labels_, metric="cosine"))
        if best is None or score > best[0]:
            best = (score, km)
    if best is None:
        return []
    if len(sample) < x.shape[0]:
        best = (best[0], KMeans(n_clusters=best[1].n_clusters, n_init=2, random_state=seed).fit(x))
    km = best[1]
    out = []
    for t in range(km.n_clusters):
        members = np.flatnonzero(km.labels_ == t)
        if not len(members):
            continue
        top_terms = [terms[i].replace("_", " ") for i in np.argsort(-km.cluster_centers_[t])[:5]]
        out.append({"terms": top_terms, "size": int(len(members)), "members": [int(i) for i in members]})
    out.sort(key=lambda d: -d["size"])
    return out


COLORS = ["#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#6a4c93", "#00798c"]


def picture(coords: np.ndarray, labels: np.ndarray, k: int, topic_rows: list[dict], *, title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11, 5), dpi=100)
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
    kept = labels >= 0
    if k:
        for g in range(k):
            pts = coords[labels == g]
            ax1.scatter(pts[:, 0], pts[:, 1], s=4, alpha=0.5, color=COLORS[g % len(COLORS)],
                        label=f"Nhóm {chr(65 + g)} ({len(pts)} người)", rasterized=True)
            if len(pts):
                cx, cy = pts[:, 0].mean(), pts[:, 1].mean()
                ax1.annotate(chr(65 + g), (cx, cy), fontsize=16, fontweight="bold", ha="center",
                             color=COLORS[g % len(COLORS)])
        ax1.legend(loc="best", fontsize=8, markerscale=3)
    else:
        ax1.text(0.5, 0.5, "Chưa đủ lượt bày tỏ đồng ý, không đồng ý\nđể chia nhóm ý kiến", ha="center", va="center",
                 transform=ax1.transAxes)
    ax1.set_title(f"Nhóm người tham gia theo cách bày tỏ ({int(kept.sum())} người)", fontsize=10)
    ax1.set_xticks([])
    ax1.set_yticks([])
    if topic_rows:
        rows = topic_rows[:MAX_TOPICS][::-1]
        ax2.barh(range(len(rows)), [t["size"] for t in rows], color="#1b6ca8")
        ax2.set_yticks(range(len(rows)), [", ".join(t["terms"][:3]) for t in rows], fontsize=8)
        ax2.set_xlabel("Số ý kiến", fontsize=8)
    else:
        ax2.text(0.5, 0.5, "Chưa đủ ý kiến để nhóm theo chủ đề", ha="center", va="center", transform=ax2.transAxes)
        ax2.set_xticks([])
        ax2.set_yticks([])
    ax2.set_title("Chủ đề của các ý kiến", fontsize=10)
    fig.suptitle(title[:110], fontsize=11)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def compute(consultation_id: int) -> dict:
    """Compute and store the map of one consultation; returns timing figures. Idempotent.

    One thread for the numeric libraries: the background worker shares the machine with the web
    workers, and OpenMP's spinning threads on a busy 2-core machine made k-means 7× slower (measured)."""
    # Import the libraries first: threadpool_limits only reaches the thread pools already loaded (scikit-learn
    # brings its own OpenMP runtime).
    import scipy.sparse  # noqa: F401
    import sklearn.cluster  # noqa: F401
    import sklearn.decomposition  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401
    import sklearn.metrics  # noqa: F401
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _compute(consultation_id)


def _compute(consultation_id: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from .models import Consultation, Opinion, OpinionMap, OpinionStatus, Vote

    started = time.perf_counter()
    c = Consultation.objects.get(pk=consultation_id)
    ops = list(Opinion.objects.filter(consultation=c, status=OpinionStatus.VISIBLE).order_by("pk")
               .values_list("pk", "text"))
    op_ids = np.array([pk for pk, _ in ops], dtype=np.int64)
    triples = np.fromiter(
        (x for t in Vote.objects.filter(consultation_id=c.pk).values_list("voter_id", "opinion_id", "value")
         .iterator(chunk_size=20000) for x in t),
        dtype=np.int64)
    triples = triples.reshape(-1, 3)
    loaded = time.perf_counter()
    voters, rows = np.unique(triples[:, 0], return_inverse=True)
    col_of = np.searchsorted(op_ids, triples[:, 1])
    ok = (col_of < len(op_ids)) & (op_ids[np.minimum(col_of, max(len(op_ids) - 1, 0))] == triples[:, 1]) \
        if len(op_ids) else np.zeros(len(triples), dtype=bool)
    rows, cols, vals = rows[ok].astype(np.int64), col_of[ok].astype(np.int64), triples[ok, 2].astype(np.int8)
    grouping = cluster_votes(rows, cols, vals, len(voters), len(op_ids))
    characteristic, consensus = group_statements(rows, cols, vals, grouping.labels, grouping.k, len(op_ids))
    clustered = time.perf_counter()
    topic_rows = topics([t for _, t in ops])
    topiced = time.perf_counter()

    def brief(col: int) -> dict:
        return {"opinion": int(op_ids[col]), "text": ops[col][1][:200]}

    data = {
        "participants": int(len(voters)),
        "participants_grouped": int((grouping.labels >= 0).sum()),
        "k": grouping.k,
        "silhouette": round(grouping.silhouette, 3) if grouping.silhouette is not None else None,
        "groups": [{"name": chr(65 + g), "size": int((grouping.labels == g).sum()),
                    "characteristic": [{**brief(it["col"]), **{k: v for k, v in it.items() if k != "col"}}
                                       for it in characteristic[g]]} for g in range(grouping.k)],
        "consensus": [{**brief(it["col"]), "min_agree": it["min_agree"]} for it in consensus],
        "topics": [{"terms": t["terms"], "size": t["size"], "opinions": [int(op_ids[i]) for i in t["members"][:20]]}
                   for t in topic_rows],
    }
    png = picture(grouping.coords, grouping.labels, grouping.k, topic_rows, title=c.title)
    seconds = time.perf_counter() - started
    data["seconds"] = {"load": round(loaded - started, 3), "groups": round(clustered - loaded, 3),
                       "topics": round(topiced - clustered, 3), "total": round(seconds, 3)}
    with transaction.atomic():
        OpinionMap.objects.update_or_create(consultation=c, defaults={
            "computed_at": timezone.now(), "votes_seen": int(len(triples)), "opinions_seen": len(op_ids),
            "seconds": seconds, "png": png, "data": data})
    return data
