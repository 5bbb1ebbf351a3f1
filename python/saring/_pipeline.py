"""The whole pipeline (run) and the stage functions for external schedulers (see
saring.__init__)."""

from __future__ import annotations

import json
import logging
import os
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import _saring
from ._saring import Error

PathLike = Union[str, "os.PathLike[str]"]

_log = logging.getLogger("saring")


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
        with open(os.path.join(os.fspath(output_dir), _saring.STATS_FILE), encoding="utf-8") as f:
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
