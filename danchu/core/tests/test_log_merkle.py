"""The Merkle tree of the transparency log, as pure functions (RFC 9162 §2.1): Certificate
Transparency's published test vectors, a literal transcription of the RFC's recursive definitions
to compare with, and property tests (hypothesis) over random sizes: proofs verify, and fail for a
tampered leaf, a tampered proof, another size or another root."""

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danchu.core import transparency as t

# The leaves and answers of the CT reference implementation's tests (C++ merkle_tree_test, Go
# trillian merkle/testonly): the same inputs under RFC 6962 and RFC 9162 (the hashing is unchanged).
LEAVES = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43", bytes(range(0x50, 0x58)),
          bytes(range(0x60, 0x70))]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = {
    (0, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (5, 8): ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
    (2, 3): ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    (1, 5): ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
}
CONSISTENCY = {
    (1, 1): [],
    (1, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (6, 8): ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
    (2, 5): ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
}


# --- the RFC's definitions, transcribed literally (over the list of leaf data) -----------------


def _k(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(d):
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return hashlib.sha256(b"\x00" + d[0]).digest()
    k = _k(len(d))
    return hashlib.sha256(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:])).digest()


def ref_path(m, d):
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return ref_path(m, d[:k]) + [ref_mth(d[k:])]
    return ref_path(m - k, d[k:]) + [ref_mth(d[:k])]


def ref_subproof(m, d, b):
    if m == len(d):
        return [] if b else [ref_mth(d)]
    k = _k(len(d))
    if m <= k:
        return ref_subproof(m, d[:k], b) + [ref_mth(d[k:])]
    return ref_subproof(m - k, d[k:], False) + [ref_mth(d[:k])]


def _tree(data):
    """The stored form (every complete subtree by position) built leaf by leaf, as appends do."""
    builder = t.MerkleBuilder(nodes=[])
    for item in data:
        builder.add(t.leaf_hash(item))
    store = dict(builder.nodes)
    assert len(store) == len(builder.nodes)  # each position formed once
    return builder, store


def _data(n, salt=b""):
    return [salt + i.to_bytes(4, "big") for i in range(n)]


# --- published vectors -----------------------------------------------------------------------


def test_roots_match_certificate_transparency():
    assert t.EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    builder = t.MerkleBuilder()
    assert builder.root() == t.EMPTY_ROOT
    for n, leaf in enumerate(LEAVES, 1):
        builder.add(t.leaf_hash(leaf))
        assert builder.root().hex() == ROOTS[n - 1]
        assert ref_mth(LEAVES[:n]).hex() == ROOTS[n - 1]


def test_proofs_match_certificate_transparency():
    builder, store = _tree(LEAVES)
    for (index, size), expected in INCLUSION.items():
        path = t.inclusion_path(index, size, store.__getitem__)
        assert [h.hex() for h in path] == expected
        assert t.verify_inclusion(index=index, size=size, leaf=t.leaf_hash(LEAVES[index]), path=path,
                                  root=bytes.fromhex(ROOTS[size - 1]))
    for (first, second), expected in CONSISTENCY.items():
        path = t.consistency_path(first, second, store.__getitem__)
        assert [h.hex() for h in path] == expected
        assert t.verify_consistency(first=first, second=second, first_root=bytes.fromhex(ROOTS[first - 1]),
                                    second_root=bytes.fromhex(ROOTS[second - 1]), path=path)


def test_flat_tree_positions():
    assert [t.node_pos(0, i) for i in range(4)] == [0, 2, 4, 6]
    assert [t.node_pos(1, 0), t.node_pos(1, 1), t.node_pos(2, 0), t.node_pos(3, 0)] == [1, 5, 3, 7]
    for pos in range(200):
        first, last = t.pos_leaves(pos)
        level = (last - first + 1).bit_length() - 1
        assert t.node_pos(level, first >> level) == pos
    assert t.frontier_positions(0) == [] and t.frontier_positions(8) == [7]
    assert t.frontier_positions(7) == [3, 9, 12]  # [0,4) [4,6) [6,7)


def test_the_header_bytes_are_the_leaf_data():
    header = {"seq": 7, "at": "2026-01-02T03:04:05.000000Z", "kind": "k", "object_type": "o", "object_id": "Đắk Lắk",
              "payload_sha256": "a" * 64, "prev_hash": "b" * 64}
    data = t.header_bytes(**header)
    assert data == t.canonical_json(header).encode("utf-8")
    assert t.entry_hash(**header) == hashlib.sha256(data).hexdigest()
    assert t.leaf_hash(data) == hashlib.sha256(b"\x00" + data).digest()


def test_bad_arguments():
    _, store = _tree(_data(4))
    with pytest.raises(ValueError):
        t.inclusion_path(4, 4, store.__getitem__)
    with pytest.raises(ValueError):
        t.consistency_path(0, 4, store.__getitem__)
    with pytest.raises(ValueError):
        t.consistency_path(5, 4, store.__getitem__)
    root = ref_mth(_data(4))
    assert not t.verify_inclusion(index=4, size=4, leaf=t.leaf_hash(b"x"), path=[], root=root)
    assert not t.verify_inclusion(index=0, size=4, leaf=t.leaf_hash(_data(4)[0]), path=[b"short"], root=root)
    assert not t.verify_consistency(first=0, second=4, first_root=root, second_root=root, path=[])
    assert not t.verify_consistency(first=2, second=4, first_root=root, second_root=root, path=[])
    assert t.verify_consistency(first=4, second=4, first_root=root, second_root=root, path=[])
    assert not t.verify_consistency(first=4, second=4, first_root=root, second_root=t.EMPTY_ROOT, path=[])


# --- properties --------------------------------------------------------------------------------

sizes = st.integers(min_value=1, max_value=300)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), size=sizes)
def test_inclusion_proofs_verify_and_fail_for_a_tampered_leaf(data, size):
    leaves = _data(size)
    builder, store = _tree(leaves)
    root = builder.root()
    assert root == ref_mth(leaves)
    index = data.draw(st.integers(min_value=0, max_value=size - 1), label="index")
    path = t.inclusion_path(index, size, store.__getitem__)
    assert path == ref_path(index, leaves)
    assert len(path) <= size.bit_length()
    leaf = t.leaf_hash(leaves[index])
    assert t.verify_inclusion(index=index, size=size, leaf=leaf, path=path, root=root)
    # A tampered leaf (one changed byte of the entry), another position, a tampered proof element,
    # another tree size, or a root recomputed after the leaf was changed: all refused.
    tampered = t.leaf_hash(leaves[index] + b"!")
    assert not t.verify_inclusion(index=index, size=size, leaf=tampered, path=path, root=root)
    changed = list(leaves)
    changed[index] += b"!"
    assert not t.verify_inclusion(index=index, size=size, leaf=leaf, path=path, root=ref_mth(changed))
    if size > 1:
        other = (index + 1) % size
        assert not t.verify_inclusion(index=other, size=size, leaf=leaf, path=path, root=root)
        j = data.draw(st.integers(min_value=0, max_value=len(path) - 1), label="element")
        bad = list(path)
        bad[j] = bytes(b ^ 1 for b in bad[j][:1]) + bad[j][1:]
        assert not t.verify_inclusion(index=index, size=size, leaf=leaf, path=bad, root=root)
        assert not t.verify_inclusion(index=index, size=size, leaf=leaf, path=path[:-1], root=root)
    assert not t.verify_inclusion(index=index, size=size, leaf=leaf, path=path, root=ref_mth(leaves + [b"x"]))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), second=sizes)
def test_consistency_proofs_verify_and_fail_for_a_tampered_leaf(data, second):
    leaves = _data(second)
    builder, store = _tree(leaves)
    first = data.draw(st.integers(min_value=1, max_value=second), label="first")
    first_root, second_root = ref_mth(leaves[:first]), builder.root()
    path = t.consistency_path(first, second, store.__getitem__)
    assert path == (ref_subproof(first, leaves, True) if first < second else [])
    assert t.verify_consistency(first=first, second=second, first_root=first_root, second_root=second_root, path=path)
    # The old tree rewritten (a leaf inside the first `first` changed, the new tree unchanged), or
    # the new tree rewritten inside the old part: the proof from the old root to the new one fails.
    index = data.draw(st.integers(min_value=0, max_value=first - 1), label="tampered")
    changed = list(leaves)
    changed[index] += b"!"
    forged_old = ref_mth(changed[:first])
    assert not t.verify_consistency(first=first, second=second, first_root=forged_old, second_root=second_root,
                                    path=path)
    forged_builder, forged_store = _tree(changed)
    forged_path = t.consistency_path(first, second, forged_store.__getitem__)
    assert not t.verify_consistency(first=first, second=second, first_root=first_root,
                                    second_root=forged_builder.root(), path=forged_path)
    if path:
        j = data.draw(st.integers(min_value=0, max_value=len(path) - 1), label="element")
        bad = list(path)
        bad[j] = bytes([bad[j][0] ^ 1]) + bad[j][1:]
        assert not t.verify_consistency(first=first, second=second, first_root=first_root, second_root=second_root,
                                        path=bad)


@settings(max_examples=60, deadline=None)
@given(size=sizes, roots_at=st.sets(st.integers(min_value=1, max_value=300), max_size=5))
def test_builder_keeps_roots_and_resumes_from_a_stored_frontier(size, roots_at):
    leaves = _data(size)
    builder = t.MerkleBuilder(roots_at=roots_at, nodes=[])
    half = size // 2
    for item in leaves[:half]:
        builder.add(t.leaf_hash(item))
    store = dict(builder.nodes)
    resumed = t.MerkleBuilder(size=half, frontier=[store[p] for p in t.frontier_positions(half)], roots_at=roots_at)
    for item in leaves[half:]:
        builder.add(t.leaf_hash(item))
        resumed.add(t.leaf_hash(item))
    store = dict(builder.nodes)
    assert builder.root() == resumed.root() == ref_mth(leaves)
    for n in roots_at:
        if n <= size:
            assert builder.roots[n] == ref_mth(leaves[:n])
    assert t.subtree_hash(0, size, store.__getitem__) == ref_mth(leaves)
    assert len(store) == 2 * size - size.bit_count()  # every complete subtree, nothing else
