"""saring: clean, deduplicated text corpora from raw crawled text (Python bindings).

The C++ engine does the work; this package gives it a Pythonic surface:

* per document: :func:`repair`, :func:`normalize`, :func:`signals`, :func:`quality_check`,
  :func:`identify_language`;
* near duplicates: :class:`MinHasher` (signatures as NumPy arrays), :class:`LshIndex`,
  :func:`near_duplicates`;
* the whole pipeline: :func:`run` (what ``saring run`` does);
* stage functions for external schedulers (Dask, Spark): :func:`sign_shard`, :func:`cluster`,
  :func:`apply`, :func:`finish` (the library calls of ``saring sign/cluster/apply/finish``),
  and :func:`read_jsonl`.

Long C++ work runs with the GIL released, so Python threads make progress meanwhile. A failure
(an unreadable input, a bad setting, a corrupt file) raises :class:`Error`. See docs/python.md.
"""

from __future__ import annotations

# Imports are underscore-private: the package's namespace holds only its own names (__all__).
import json as _json
import os as _os
from dataclasses import dataclass as _dataclass
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import NamedTuple as _NamedTuple

from . import _saring
from ._saring import Error
from ._neardup import (DEFAULT_SEED, LshIndex, MinHasher, NearDupDecision, estimate_jaccard,
                       near_duplicates, optimal_lsh_params)
from ._pipeline import (apply, cluster, dump_config, finish, read_jsonl, run, settings,
                        sign_shard)
from ._pipeline import _settings

if _TYPE_CHECKING:  # annotations only (postponed: never evaluated at run time)
    import os
    from typing import Any, Dict, List, Optional, Tuple, Union

    Text = Union[str, bytes]
    PathLike = Union[str, os.PathLike[str]]

__all__ = [
    "Error", "RemovedSpan", "RepairResult", "repair", "normalize", "signals", "quality_check",
    "quality_defaults", "stop_word_languages", "LanguageGuess", "identify_language", "MinHasher",
    "LshIndex", "NearDupDecision", "near_duplicates", "optimal_lsh_params", "estimate_jaccard",
    "run", "dump_config", "settings", "read_jsonl", "sign_shard", "cluster", "apply", "finish",
    "DEFAULT_SEED",
]

__version__: str = getattr(_saring, "__version__", "0")


# --------------------------------------------------------------------------------- repair


@_dataclass(frozen=True)
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


@_dataclass(frozen=True)
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
    kept_text, removed, kept_normalized, normalized = _saring.repair(
        text, remove_repeated, remove_contained, min_contained_chars, remove_credits,
        max_credit_chars)
    return RepairResult(kept_text, [RemovedSpan(*s) for s in removed], kept_normalized, normalized)


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
    return _json.loads(_saring.signals_json(text, language))


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
    known = quality_defaults()
    for name in thresholds:
        if name not in known:
            raise TypeError(f"quality_check() got an unexpected keyword argument '{name}'")
    return _saring.quality_check(text, language, _settings({}, {f"quality__{k}": v
                                                                for k, v in thresholds.items()}))


def quality_defaults() -> Dict[str, Union[float, bool]]:
    """Every keyword :func:`quality_check` accepts, with its default value: the ``quality.*``
    rule groups (bool) and thresholds (float) of the pipeline's settings."""
    out: Dict[str, Union[float, bool]] = {}
    for key, kind, _, value in _saring.settings():
        if key.startswith("quality.") and kind in ("bool", "float"):
            out[key[len("quality."):]] = value == "true" if kind == "bool" else float(value)
    return out


def stop_word_languages() -> List[str]:
    """ISO 639-1 codes of the built-in stop-word lists."""
    return _saring.stop_word_languages()


# --------------------------------------------------------------------------------- language


class LanguageGuess(_NamedTuple):
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
        text, backend, _os.fspath(model) if model is not None else "")
    return LanguageGuess(lang, score, runner, runner_score)


def __dir__() -> List[str]:
    """The package's public names only (PEP 562)."""
    return sorted(__all__ + ["__version__"])


del annotations  # bound by the __future__ import above; not one of the package's names
