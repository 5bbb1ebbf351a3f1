"""MinHasher, LshIndex and near_duplicates, and the GIL release of batch signing."""
import random
import sys
import threading
import time

import numpy as np
import pytest

import saring
from saring_corpus import make_text, near_copy


@pytest.fixture(scope="module")
def texts():
    rng = random.Random(11)
    base = [make_text(rng, words=200) for _ in range(40)]
    return base


def test_sign_shape_and_determinism(texts):
    h = saring.MinHasher()
    sig = h.sign(texts[0])
    assert sig.shape == (112,) and sig.dtype == np.uint32
    assert np.array_equal(sig, saring.MinHasher().sign(texts[0]))
    assert not np.array_equal(sig, h.sign(texts[1]))
    assert not np.array_equal(sig, saring.MinHasher(seed=1).sign(texts[0]))
    assert saring.MinHasher(num_perm=64, ngram=3).sign(texts[0]).shape == (64,)


def test_sign_mirrors_the_pipeline_preparation(texts):
    h = saring.MinHasher()
    text = texts[2] + "\n\nFigures from 2023 show 15 new parks."
    # The pipeline signs kept_normalized with ASCII digits 1-9 folded to 0.
    prepared = saring.repair(text).kept_normalized
    prepared = prepared.translate(str.maketrans("123456789", "000000000"))
    assert np.array_equal(h.sign(text), h.sign(prepared, normalize=False))
    # So a changed year does not change the signature.
    assert np.array_equal(h.sign(text), h.sign(text.replace("2023", "2024")))
    # A repeated paragraph is cut before signing; with repair=False it is not.
    doubled = texts[3] + "\n\n" + texts[3].split("\n\n")[0]
    assert np.array_equal(h.sign(doubled), h.sign(texts[3]))
    assert not np.array_equal(h.sign(doubled, repair=False), h.sign(texts[3]))


def test_similarity_estimates(texts):
    h = saring.MinHasher()
    rng = random.Random(3)
    a, b = h.sign(texts[4]), h.sign(near_copy(rng, texts[4]))
    assert saring.estimate_jaccard(a, b) > 0.8
    assert saring.estimate_jaccard(a, h.sign(texts[5])) < 0.1


@pytest.mark.parametrize("threads", [1, 2, 3, 0])
def test_sign_batch_equals_sign(texts, threads):
    h = saring.MinHasher()
    batch = h.sign_batch(texts, threads=threads)
    assert batch.shape == (len(texts), 112) and batch.dtype == np.uint32
    for i, t in enumerate(texts):
        assert np.array_equal(batch[i], h.sign(t))
    assert h.sign_batch([]).shape == (0, 112)
    assert np.array_equal(h.sign_batch([t.encode() for t in texts[:3]]), batch[:3])


def test_bad_parameters_raise_saring_error():
    with pytest.raises(saring.Error) as e:
        saring.MinHasher(num_perm=0)
    assert e.value.code == "InvalidArgument"
    with pytest.raises(saring.Error):
        saring.MinHasher(ngram=0)
    with pytest.raises(TypeError):
        saring.MinHasher().sign_batch(["ok", 5])


def _loop_rate_while(call):
    """Runs call() on a second thread while this thread counts in a tight loop; returns the
    counting rate (increments per second) during the call, as seen by the second thread."""
    counter = [0]
    result = {}
    done = threading.Event()

    def worker():
        t0, c0 = time.perf_counter(), counter[0]
        call()
        c1, t1 = counter[0], time.perf_counter()
        result["rate"] = (c1 - c0) / (t1 - t0)
        done.set()

    t = threading.Thread(target=worker)
    t.start()
    while not done.is_set():
        counter[0] += 1
    t.join()
    return result["rate"]


def test_sign_batch_releases_the_gil():
    """While one thread is inside sign_batch, another Python thread keeps running.

    The counting loop runs at (nearly) full speed when the call releases the GIL; when a call
    holds it, the loop only runs at the call's edges (a few switch intervals), so its rate during
    a long call drops to about 1-2 % of the rate during a call that just sleeps."""
    rng = random.Random(5)
    docs = [make_text(rng, words=400) for _ in range(200)] * 50
    h = saring.MinHasher()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    try:
        free = _loop_rate_while(lambda: time.sleep(0.3))  # sleep releases the GIL
        signing = _loop_rate_while(lambda: h.sign_batch(docs))
    finally:
        sys.setswitchinterval(interval)
    assert signing > 0.15 * free, (signing, free)


def test_two_sign_batch_threads_give_the_same_result():
    rng = random.Random(6)
    docs = [make_text(rng, words=300) for _ in range(200)]
    h = saring.MinHasher()
    expected = h.sign_batch(docs)
    results = [None, None]

    def worker(k):
        results[k] = h.sign_batch(docs, threads=2)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(np.array_equal(r, expected) for r in results)


def test_lsh_index_with_any_ids(texts):
    h = saring.MinHasher()
    ids = [("t", i) for i in range(len(texts))]
    index = saring.LshIndex(ids, h.sign_batch(texts), hasher=h)
    assert len(index) == len(texts)
    rng = random.Random(9)
    hit = index.query(h.sign(near_copy(rng, texts[7])))
    assert hit is not None and hit[0] == ("t", 7) and hit[1] >= 0.8
    assert index.query(h.sign(make_text(rng))) is None
    results = index.query_batch(h.sign_batch([texts[1], make_text(rng)]))
    assert results[0] == (("t", 1), 1.0) and results[1] is None
    with pytest.raises(saring.Error):
        index.save("/tmp/never-written.idx")


def test_lsh_index_save_and_load(texts, tmp_path):
    h = saring.MinHasher()
    index = saring.LshIndex([f"doc-{i}" for i in range(len(texts))], h.sign_batch(texts),
                            hasher=h)
    path = tmp_path / "docs.idx"
    index.save(path)
    loaded = saring.LshIndex.load(path)
    assert len(loaded) == len(texts)
    assert loaded.params["num_perm"] == 112 and loaded.params["bands"] == 14
    assert loaded.query(h.sign(texts[3])) == ("doc-3", 1.0)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(saring.Error) as e:
        saring.LshIndex.load(path)
    assert e.value.code == "Corruption"


def test_near_duplicates_keeps_the_first_copy(texts):
    h = saring.MinHasher()
    rng = random.Random(21)
    docs = texts[:10] + [near_copy(rng, texts[2]), near_copy(rng, texts[6]), texts[6]]
    decisions = saring.near_duplicates(h.sign_batch(docs), threshold=0.8)
    removed = {i: d.survivor for i, d in enumerate(decisions) if d.removed}
    assert removed == {10: 2, 11: 6, 12: 6}
    assert decisions[6].is_cluster_head and decisions[6].cluster_size == 3
    assert decisions[11].cluster_id == 6 and decisions[11].similarity >= 0.8
    assert not any(d.removed for d in decisions[:10])


def test_near_duplicates_longest_survivor(texts):
    h = saring.MinHasher()
    docs = [texts[0], texts[0] + " Extra closing words here."]
    sigs = h.sign_batch(docs)
    decisions = saring.near_duplicates(sigs, survivor="longest", lengths=[len(d) for d in docs])
    assert decisions[0].removed and decisions[0].survivor == 1
    with pytest.raises(saring.Error):
        saring.near_duplicates(sigs, survivor="longest")
    with pytest.raises(saring.Error):
        saring.near_duplicates(sigs, survivor="biggest", lengths=[1, 2])
    with pytest.raises(saring.Error, match="one value per signature"):
        saring.near_duplicates(sigs, survivor="longest", lengths=[1, 2, 3])
