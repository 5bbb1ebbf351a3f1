"""saring: clean, deduplicated text corpora from raw crawled text (Python bindings).

The C++ engine does the work; this package gives it a Pythonic surface:

* per document: :func:`repair`, :func:`normalize`, :func:`signals`, :func:`quality_check`,
  :func:`identify_language`;
* near duplicates: :class:`MinHasher` (signatures as NumPy arrays), :class:`LshIndex`,
  :func:`near_duplicates`;
* the whole pipeline: :func:`run` (what ``saring run`` does);
* stage functions for external schedulers (Dask, Spark): :func:`sign_shard`, :func:`cluster`,
  :func:`apply`, plus :func:`read_signatures` and :func:`read_jsonl`.

Long C++ work runs with the GIL released, so Python threads make progress meanwhile. A failure
(an unreadable input, a bad setting, a corrupt file) raises :class:`Error`. See docs/python.md.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

from . import _saring
from ._saring import Error

__all__ = [
    "Error", "RemovedSpan", "RepairResult", "repair", "normalize", "signals", "quality_check",
    "quality_defaults", "stop_word_languages", "LanguageGuess", "identify_language", "MinHasher",
    "LshIndex", "NearDupDecision", "near_duplicates", "optimal_lsh_params", "estimate_jaccard",
    "run", "dump_config", "settings", "read_jsonl", "sign_shard", "cluster", "apply",
    "read_signatures", "read_decisions", "DEFAULT_SEED",
]

__version__: str = getattr(_saring, "__version__", "0")

#: Seed from which MinHasher derives its permutations by default (the pipeline's seed).
DEFAULT_SEED: int = _saring.DEFAULT_SEED

_log = logging.getLogger("saring")

Text = Union[str, bytes]
PathLike = Union[str, "os.PathLike[str]"]


# --------------------------------------------------------------------------------- repair


@dataclass(frozen=True)
class RemovedSpan:
    """A range cut out of a document by :func:`repair`.

    Offsets index the text given to :func:`repair`: ``str`` indices for ``str`` input, byte
    offsets for ``bytes`` input, so ``text[begin:end] == span.text``.

    Attributes:
        begin, end: the range cut (the paragraph plus its line terminator).
        reason: ``"repeated_paragraph"``, ``"contained_paragraph"``, ``"credit_line"`` or
            ``"byte_order_mark"``.
        text: the removed text.
        paragraph: index of the removed paragraph (-1 for a byte-order mark).
        duplicate_of: for repeated/contained paragraphs, the ``(begin, end)`` range of the kept
            paragraph it repeats or is contained in; otherwise None.
    """

    begin: int
    end: int
    reason: str
    text: Text
    paragraph: int
    duplicate_of: Optional[Tuple[int, int]]

    def to_dict(self) -> Dict[str, Any]:
        """The span as a plain dict (for JSON)."""
        return {"begin": self.begin, "end": self.end, "reason": self.reason, "text": self.text,
                "paragraph": self.paragraph, "duplicate_of": self.duplicate_of}


@dataclass(frozen=True)
class RepairResult:
    """The outcome of :func:`repair`.

    Attributes:
        kept_text: the original with the removed spans cut out (every kept byte unchanged).
        removed: the removed spans, sorted by ``begin``.
        kept_normalized: normalised text of the kept paragraphs joined by ``"\\n"`` (what the
            pipeline hashes and signs).
        normalized: normalised text of all paragraphs joined by ``"\\n"``.
    """

    kept_text: Text
    removed: List[RemovedSpan]
    kept_normalized: str
    normalized: str

    def to_dict(self) -> Dict[str, Any]:
        """The result as a plain dict (for JSON)."""
        return {"kept_text": self.kept_text, "removed": [s.to_dict() for s in self.removed],
                "kept_normalized": self.kept_normalized, "normalized": self.normalized}


def repair(text: Text, *, remove_repeated: bool = True, remove_contained: bool = True,
           min_contained_chars: int = 24, remove_credits: bool = True,
           max_credit_chars: int = 48) -> RepairResult:
    """Repairs one document: cuts repeated paragraphs, paragraphs contained in a longer one,
    standalone credit/editor-tag lines and a byte-order mark (docs/repair.md).

    Args:
        text: the document (``str`` or UTF-8 ``bytes``).
        remove_repeated: cut a paragraph whose normalised text equals an earlier one's.
        remove_contained: cut a paragraph whose normalised text occurs inside a longer one.
        min_contained_chars: shorter paragraphs (normalised bytes; never below 16) are never cut
            as contained.
        remove_credits: cut standalone credit and editor-tag lines such as ``"(Antara)"``.
        max_credit_chars: longest credit/tag line, in code points.

    Returns:
        A :class:`RepairResult`; ``kept_text`` has the type of ``text``.
    """
    d = _saring.repair(text, remove_repeated, remove_contained, min_contained_chars,
                       remove_credits, max_credit_chars)
    spans = [RemovedSpan(*s) for s in d["removed"]]
    return RepairResult(d["kept_text"], spans, d["kept_normalized"], d["normalized"])


def normalize(text: Text, fold_case: bool = True, strip_punctuation: bool = True,
              fold_digits: bool = False) -> Text:
    """Returns the canonical form in which saring compares text (docs/normalization.md):
    Unicode NFKC, full case folding (``fold_case``), punctuation and symbols turned into
    separators (``strip_punctuation``), every run of separators one space, and every decimal
    digit mapped to ``"0"`` (``fold_digits``). Returns ``bytes`` for ``bytes`` input."""
    return _saring.normalize(text, fold_case, strip_punctuation, fold_digits)


# --------------------------------------------------------------------------------- quality


def signals(text: Text, language: Optional[str] = "en") -> Dict[str, Any]:
    """Computes the quality and repetition signals of one document (docs/quality.md).

    Args:
        text: the document.
        language: ISO 639-1 code whose built-in stop-word list is used (see
            :func:`stop_word_languages`); None, or a language without a list, skips the stop-word
            count (``"stop_words"`` is then None).

    Returns:
        A dict with the keys of the ``signals`` object in saring's output (fractions rounded to
        4 decimals), e.g. ``words``, ``mean_word_length``, ``dup_line_fraction``.
    """
    return json.loads(_saring.signals_json(text, language))


def quality_check(text: Text, language: Optional[str] = "en",
                  **thresholds: Union[float, bool]) -> Optional[Tuple[str, float, float]]:
    """Checks one document against the Gopher, C4 and FineWeb rules.

    Args:
        text: the document.
        language: as in :func:`signals`.
        **thresholds: overrides of the defaults, named like the ``quality.*`` settings without
            the prefix: rule groups ``gopher_quality``, ``gopher_repetition``, ``c4``,
            ``fineweb`` (bool) and thresholds such as ``gopher_min_words=20`` (see
            :func:`quality_defaults`). An unknown name raises TypeError.

    Returns:
        None if the document passes, else ``(rule, value, threshold)`` of the first failed rule,
        e.g. ``("gopher.min_words", 12.0, 50.0)``.
    """
    return _saring.quality_check(text, language, thresholds)


def quality_defaults() -> Dict[str, Union[float, bool]]:
    """Every keyword :func:`quality_check` accepts, with its default value."""
    return _saring.quality_defaults()


def stop_word_languages() -> List[str]:
    """ISO 639-1 codes of the built-in stop-word lists."""
    return _saring.stop_word_languages()


# --------------------------------------------------------------------------------- language


class LanguageGuess(NamedTuple):
    """The best and second-best language of a text (ISO 639-1 codes, ``"und"`` if unknown)."""

    language: str
    score: float
    runner_up: str
    runner_up_score: float


def identify_language(text: Text, backend: str = "cld2",
                      model: Optional[PathLike] = None) -> LanguageGuess:
    """Identifies the language of a text.

    Args:
        text: plain text (not HTML).
        backend: ``"cld2"`` (built in) or ``"fasttext"`` (the lid.176 model, installed with
            scripts/fetch-lid-model.sh).
        model: fastText model file; default: the search path of docs/language-id.md.

    Returns:
        ``(language, score, runner_up, runner_up_score)``; scores are in [0, 1]. Texts with
        fewer than 3 letters are ``("und", 0.0, "und", 0.0)``.

    Raises:
        Error: unknown backend, or the fastText model is missing or broken.
    """
    lang, score, runner, runner_score, _ = _saring.identify_language(
        text, backend, os.fspath(model) if model is not None else "")
    return LanguageGuess(lang, score, runner, runner_score)


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
        return self._h.sign(text, repair, normalize)

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
        found, keys, sims, _ = self._index.query_batch(sigs, threshold)
        return [(self._id(k), float(s)) if f else None for f, k, s in zip(found, keys, sims)]


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

    Returns:
        One :class:`NearDupDecision` per row. Runs with the GIL released.
    """
    sigs = _as_signatures(signatures)
    ln = None if lengths is None else np.asarray(lengths, dtype=np.uint64)
    ky = None if keys is None else np.asarray(keys, dtype=np.int64)
    if survivor == "longest" and ln is None:
        raise Error('survivor="longest" needs lengths')
    if survivor in ("newest", "oldest", "priority") and ky is None:
        raise Error(f'survivor="{survivor}" needs keys')
    removed, surv, sim, cid, size, head, _ = _saring.near_duplicates(
        sigs, threshold, survivor, bands, rows, ln, ky, memory_budget_bytes,
        os.fspath(work_dir) if work_dir is not None else "")
    return [NearDupDecision(bool(r), int(s), float(x), int(c), int(z), bool(h))
            for r, s, x, c, z, h in zip(removed, surv, sim, cid, size, head)]


# --------------------------------------------------------------------------------- pipeline


def _setting_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def _settings(settings: Optional[Mapping[str, Any]], kwargs: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """(key, text) pairs: the `settings` mapping first, then keyword arguments with __ as '.'."""
    pairs = [(k, _setting_text(v)) for k, v in (settings or {}).items()]
    pairs += [(k.replace("__", "."), _setting_text(v)) for k, v in kwargs.items()]
    return pairs


def _paths(inputs: Union[PathLike, Iterable[PathLike]]) -> List[str]:
    if isinstance(inputs, (str, bytes, os.PathLike)):
        return [os.fspath(inputs)]
    return [os.fspath(p) for p in inputs]


def _config(config: Optional[PathLike]) -> Optional[str]:
    return None if config is None else os.fspath(config)


def run(inputs: Union[PathLike, Iterable[PathLike]], output_dir: PathLike,
        config: Optional[PathLike] = None, *, settings: Optional[Mapping[str, Any]] = None,
        progress: Optional[Callable[[Dict[str, Any]], None]] = None,
        **kwargs: Any) -> Dict[str, Any]:
    """Runs the whole pipeline, as ``saring run`` does, and returns its ledger (``stats.json``).

    Args:
        inputs: JSONL files (plain, .gz, .zst), folders and globs (docs/input-order.md).
        output_dir: the output folder (kept/, removed/, quarantine/, stats.json).
        config: a YAML configuration file (as ``saring run --config``).
        settings: settings by key, e.g. ``{"near_dup.enabled": False, "run.threads": 2}``.
        progress: called with ``{"stage", "bytes_done", "bytes_total", "documents",
            "seconds"}`` after each batch, from a pipeline thread; an exception it raises stops
            the run and is re-raised.
        **kwargs: more settings, with ``__`` for ``.``: ``near_dup__threshold=0.7``,
            ``output__overwrite=True``. Applied after ``settings``.

    Precedence: defaults < ``config`` < ``settings`` < keyword arguments. Booleans become
    ``true``/``false`` and lists ``a,b``. Warnings go to the ``saring`` logger.

    Returns:
        The parsed ``stats.json`` (per-file counts, removals by reason, spans, warnings).

    Raises:
        Error: a bad setting, an unusable input or output folder, a disk error.
    """
    stats_json, info, warnings = _saring.run(_paths(inputs), os.fspath(output_dir),
                                             _config(config), _settings(settings, kwargs),
                                             progress)
    for message in warnings:
        _log.warning("%s", message)
    if info["already_complete"]:
        with open(os.path.join(os.fspath(output_dir), "stats.json"), encoding="utf-8") as f:
            return json.load(f)
    return json.loads(stats_json)


def dump_config(config: Optional[PathLike] = None, *, settings: Optional[Mapping[str, Any]] = None,
                **kwargs: Any) -> str:
    """The fully resolved configuration as commented YAML (``saring run --dry-run``)."""
    return _saring.dump_config(_config(config), _settings(settings, kwargs))


def settings() -> List[Tuple[str, str, str]]:
    """Every setting as ``(key, type, help)``, in documented order."""
    return [tuple(s) for s in _saring.settings()]


def read_jsonl(path: PathLike, *, max_record_bytes: int = 64 << 20) -> Iterator[Dict[str, Any]]:
    """The records of a JSONL file (plain, gzip or zstd, e.g. saring's output shards), parsed.

    Raises :class:`Error` if the file cannot be read or its compressed stream is broken."""
    for line in _saring.read_lines(os.fspath(path), max_record_bytes):
        yield json.loads(line)


# --------------------------------------------------------------------------------- stages


def sign_shard(input_path: PathLike, out_path: PathLike, config: Optional[PathLike] = None, *,
               settings: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> Dict[str, int]:
    """Stage 1 of near-duplicate removal under an external scheduler: signs one JSONL input.

    Every record is parsed, repaired and signed exactly as ``saring run`` does it (same
    ``input.*``, ``repair.*`` and ``near_dup.*`` settings, given like :func:`run`'s), and the
    results go to a signature file (format in docs/python.md) written atomically. Deterministic:
    the same input and settings give the same bytes. Runs with the GIL released.

    Returns:
        ``{"records", "signed", "quarantined", "empty"}`` counts.

    Raises:
        Error: unreadable input, unwritable output, or a setting the stages do not support
            (boilerplate, language.keep, quality.mode=filter, dedup.paragraphs,
            near_dup.verify=exact, survivor other than first/longest).
    """
    return _saring.sign_shard(os.fspath(input_path), os.fspath(out_path), _config(config),
                              _settings(settings, kwargs))


def cluster(signature_files: Sequence[PathLike], out_path: PathLike,
            config: Optional[PathLike] = None, *, threshold: Optional[float] = None,
            settings: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> Dict[str, Any]:
    """Stage 2: decides which records go, over all signature files in input order.

    Applies exact dedup (``dedup.exact``) and near-duplicate clustering (``near_dup.*``) the
    way ``saring run``'s sequential stage does, so the removed records and their
    ``duplicate_of`` ids match ``saring run`` on the same inputs in the same order. Writes a
    decisions file (JSONL, docs/python.md) atomically. ``threshold`` is a shortcut for
    ``near_dup.threshold``. Runs with the GIL released.

    Returns:
        ``{"records", "kept", "removed": {reason: n}, "near_dup": {...}}``.
    """
    if threshold is not None:
        kwargs["near_dup__threshold"] = threshold
    return _saring.cluster([os.fspath(p) for p in signature_files], os.fspath(out_path),
                           _config(config), _settings(settings, kwargs))


def read_decisions(path: PathLike) -> Tuple[Dict[str, Any], List[Dict[str, Any]]]:
    """Parses a decisions file: ``(header, removals)``. The header lists the shards (their
    signature files and record counts); each removal names ``shard``, ``record``, ``line``,
    ``id``, ``reason`` and, for duplicates, ``duplicate_of``."""
    with open(os.fspath(path), encoding="utf-8") as f:
        header = json.loads(f.readline())
        if header.get("format") != "saring-decisions" or header.get("version") != 1:
            raise Error(f"{os.fspath(path)}: not a saring decisions file (version 1)")
        return header, [json.loads(line) for line in f if line.strip()]


def apply(input_path: PathLike, decisions: PathLike, shard: int, out_path: PathLike, *,
          removed_path: Optional[PathLike] = None, config: Optional[PathLike] = None,
          settings: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> Dict[str, int]:
    """Stage 3: writes the records of input ``shard`` (its index in the list given to
    :func:`cluster`) that the decisions keep, byte for byte, to ``out_path`` (plain JSONL), and
    the others to ``removed_path`` if given. Texts are not rewritten: use :func:`run` for
    repaired output. Give the same ``input.*`` settings as to :func:`sign_shard`.

    Raises:
        Error: the input changed since it was signed (record count differs), or I/O errors.
    """
    header, removals = read_decisions(decisions)
    if not 0 <= shard < len(header["shards"]):
        raise Error(f"shard {shard} is not in {os.fspath(decisions)}")
    dropped = [r["record"] for r in removals if r["shard"] == shard]
    expected = header["shards"][shard]["records"]
    return _saring.apply_shard(os.fspath(input_path), dropped, expected, os.fspath(out_path),
                               os.fspath(removed_path) if removed_path is not None else "",
                               _config(config), _settings(settings, kwargs))


def read_signatures(path: PathLike) -> Dict[str, Any]:
    """The content of a signature file written by :func:`sign_shard`.

    Returns:
        ``{"params": {...}, "ids": [str], "status": uint8 array (0 signed, 1 quarantined,
        2 empty_text, 3 empty_after_repair), "line", "doc_hash", "kept_bytes": uint64 arrays,
        "signatures": (n, num_perm) uint32 array (zeros for unsigned records)}``.

    Raises:
        Error: missing file, wrong magic or version, failed checksum.
    """
    return _saring.read_signatures(os.fspath(path))
