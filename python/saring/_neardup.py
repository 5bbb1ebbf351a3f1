"""Near-duplicate detection: MinHasher, LshIndex, near_duplicates (see saring.__init__)."""

from __future__ import annotations

import os
import tempfile
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

from . import _saring
from ._saring import Error

Text = Union[str, bytes]
PathLike = Union[str, "os.PathLike[str]"]

#: Seed from which MinHasher derives its permutations by default (the pipeline's seed).
DEFAULT_SEED: int = _saring.DEFAULT_SEED


# --------------------------------------------------------------------------------- MinHash


class MinHasher:
    """Computes MinHash signatures exactly as ``saring run`` does before near-duplicate removal.

    A text is repaired (:func:`repair` with default options; ``repair=False`` cuts nothing),
    its kept paragraphs are normalised and joined by ``"\\n"`` (``RepairResult.kept_normalized``),
    the ASCII digits 1-9 become ``"0"``, and the word ``ngram``-shingles of that are signed with
    ``num_perm`` hash functions derived from ``seed`` (docs/near-dup.md). Signatures are NumPy
    ``uint32`` arrays. Instances are immutable and may be shared between threads.
    """

    def __init__(self, num_perm: int = 112, ngram: int = 5, seed: int = DEFAULT_SEED,
                 char_ngrams: bool = False) -> None:
        """Creates a signer. Raises :class:`Error` for ``num_perm`` not in 1..65536 or
        ``ngram`` 0."""
        self._h = _saring.MinHasher(num_perm, ngram, seed, char_ngrams)

    @property
    def num_perm(self) -> int:
        """Signature length."""
        return self._h.num_perm

    @property
    def ngram(self) -> int:
        """Tokens per shingle."""
        return self._h.ngram

    @property
    def seed(self) -> int:
        """Seed of the hash functions."""
        return self._h.seed

    @property
    def char_ngrams(self) -> bool:
        """True if tokens are code points rather than words."""
        return self._h.char_ngrams

    def sign(self, text: Text, *, repair: bool = True, normalize: bool = True) -> np.ndarray:
        """Signature of one text, shape ``(num_perm,)``, dtype uint32.

        ``normalize=False`` signs ``text`` as given (it must already be normalised the way the
        pipeline does it); ``repair=False`` prepares it without cutting anything."""
        return self._h.sign_batch([text], 1, repair, normalize)[0]

    def sign_batch(self, texts: Sequence[Text], *, threads: int = 1, repair: bool = True,
                   normalize: bool = True) -> np.ndarray:
        """Signatures of many texts, shape ``(len(texts), num_perm)``, dtype uint32.

        Runs with the GIL released, on ``threads`` threads (0: every core). Row ``i`` always
        equals ``sign(texts[i])``, whatever the thread count."""
        if threads < 0:
            raise ValueError("threads must be >= 0")
        return self._h.sign_batch(list(texts), threads, repair, normalize)

    def __repr__(self) -> str:
        return (f"MinHasher(num_perm={self.num_perm}, ngram={self.ngram}, seed={self.seed:#x}, "
                f"char_ngrams={self.char_ngrams})")


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Share of positions at which two signatures agree (the MinHash Jaccard estimate)."""
    return _saring.estimate_jaccard(a, b)


def optimal_lsh_params(threshold: float, num_perm: int = 112) -> Tuple[int, int]:
    """``(bands, rows)`` minimising false positives plus false negatives around ``threshold``
    (datasketch's rule); raises :class:`Error` unless 0 < threshold < 1."""
    return _saring.optimal_lsh_params(threshold, num_perm)


def _as_signatures(signatures: Any, num_perm: Optional[int] = None) -> np.ndarray:
    a = np.ascontiguousarray(signatures, dtype=np.uint32)
    if a.ndim == 1:
        a = a.reshape(1, -1)
    if a.ndim != 2 or (num_perm is not None and a.shape[1] != num_perm):
        raise Error(f"signatures must have shape (n, {num_perm or 'num_perm'})")
    return a


class LshIndex:
    """An LSH index of MinHash signatures for "is there an earlier near duplicate?" queries.

    Built from ids and their signatures; :meth:`query` returns the most similar indexed document
    among those sharing an LSH band with the query, if its estimated similarity reaches the
    threshold. Ids may be any values; an index whose ids are all ``str`` can be saved (the
    dedup index format of ``saring run --index``) and loaded again. Queries are thread-safe and
    run with the GIL released.
    """

    def __init__(self, ids: Sequence[Any], signatures: Any, *, bands: int = 14, rows: int = 8,
                 hasher: Optional[MinHasher] = None) -> None:
        """Indexes ``signatures[i]`` under ``ids[i]``.

        Args:
            ids: one id per signature.
            signatures: array-like of shape ``(len(ids), num_perm)``.
            bands, rows: LSH banding; ``bands * rows <= num_perm``.
            hasher: the signer the signatures came from (its parameters are stored with the
                index); default ``MinHasher(num_perm)`` for the signatures' width.
        """
        ids = list(ids)
        sigs = _as_signatures(signatures, hasher.num_perm if hasher else None)
        if len(ids) != sigs.shape[0]:
            raise Error("ids and signatures differ in length")
        hasher = hasher or MinHasher(num_perm=sigs.shape[1])
        textual = all(isinstance(i, str) for i in ids)
        # Other ids are indexed by position and mapped back on query.
        self._ids: Optional[List[Any]] = None if textual else ids
        keys = ids if textual else [str(i) for i in range(len(ids))]
        self._index = _saring.DedupIndex(keys, sigs, hasher._h, bands, rows)

    @classmethod
    def load(cls, path: PathLike) -> "LshIndex":
        """Loads an index saved by :meth:`save`; raises :class:`Error` for a corrupt file."""
        self = cls.__new__(cls)
        self._ids = None
        self._index = _saring.DedupIndex.load(os.fspath(path))
        return self

    def save(self, path: PathLike) -> None:
        """Writes the index atomically. Needs ``str`` ids (raises :class:`Error` otherwise)."""
        if self._ids is not None:
            raise Error("only an index with str ids can be saved")
        self._index.save(os.fspath(path))

    @property
    def params(self) -> Dict[str, Any]:
        """Signing and banding parameters (num_perm, bands, rows, seed, ngram, ...)."""
        return self._index.params

    def __len__(self) -> int:
        return len(self._index)

    def _id(self, key: str) -> Any:
        return self._ids[int(key)] if self._ids is not None else key

    def query(self, signature: Any, threshold: float = 0.8) -> Optional[Tuple[Any, float]]:
        """``(id, similarity)`` of the most similar candidate at or above ``threshold``, or
        None. Ties go to the earlier indexed document."""
        return self.query_batch(_as_signatures(signature), threshold)[0]

    def query_batch(self, signatures: Any,
                    threshold: float = 0.8) -> List[Optional[Tuple[Any, float]]]:
        """:meth:`query` for every row of a ``(n, num_perm)`` array."""
        sigs = _as_signatures(signatures, self.params["num_perm"])
        return [None if m is None else (self._id(m[0]), m[1])
                for m in self._index.query_batch(sigs, threshold)]


class NearDupDecision(NamedTuple):
    """What :func:`near_duplicates` decided for one document (indices are row numbers)."""

    removed: bool          # a near duplicate of `survivor`
    survivor: int          # the kept document of its cluster (itself if kept)
    similarity: float      # MinHash estimate to the survivor (1.0 for kept documents)
    cluster_id: int        # the survivor's row
    cluster_size: int      # documents in the cluster, survivor included
    is_cluster_head: bool  # kept, and at least one document was removed in its favour


def near_duplicates(signatures: Any, threshold: float = 0.8, survivor: str = "first", *,
                    bands: int = 14, rows: int = 8, lengths: Optional[Sequence[int]] = None,
                    keys: Optional[Sequence[int]] = None,
                    memory_budget_bytes: int = 1 << 30,
                    work_dir: Optional[PathLike] = None) -> List[NearDupDecision]:
    """Clusters a batch of signatures as ``saring run`` does (NearDupDetector: LSH candidates,
    verified against ``threshold``, chaining guard, one survivor per cluster).

    Args:
        signatures: ``(n, num_perm)`` array, in input order.
        threshold: similarity at which a candidate pair is a duplicate.
        survivor: ``"first"``, ``"longest"`` (needs ``lengths``), ``"newest"``, ``"oldest"``
            or ``"priority"`` (need ``keys``); ties go to the earlier document.
        bands, rows: LSH banding (both 0: derived from ``threshold``).
        lengths, keys: per-document values for the survivor policy.
        memory_budget_bytes: RAM before band entries spill to ``work_dir``.
        work_dir: folder for the spill files (default: ``tempfile.gettempdir()``).

    Returns:
        One :class:`NearDupDecision` per row. Runs with the GIL released.
    """
    sigs = _as_signatures(signatures)
    if survivor == "longest" and lengths is None:
        raise Error('survivor="longest" needs lengths')
    if survivor in ("newest", "oldest", "priority") and keys is None:
        raise Error(f'survivor="{survivor}" needs keys')
    def per_row(values: Optional[Sequence[int]], dtype: Any, name: str) -> List[int]:
        if values is None:
            return []
        if len(values) != sigs.shape[0]:
            raise Error(f"{name} must have one value per signature")
        return np.asarray(values, dtype=dtype).tolist()

    decisions = _saring.near_duplicates(
        sigs, threshold, survivor, bands, rows, per_row(lengths, np.uint64, "lengths"),
        per_row(keys, np.int64, "keys"), memory_budget_bytes,
        os.fspath(work_dir) if work_dir is not None else tempfile.gettempdir())
    return [NearDupDecision(*d) for d in decisions]
