"""The whole pipeline (run) and the stage functions for external schedulers (see
saring.__init__)."""

from __future__ import annotations

import json
import logging
import os
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from . import _saring

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
    return [tuple(s[:3]) for s in _saring.settings()]


def read_jsonl(path: PathLike, *, max_record_bytes: int = 64 << 20) -> Iterator[Dict[str, Any]]:
    """The records of a JSONL file (plain, gzip or zstd, e.g. saring's output shards), parsed.

    Raises :class:`Error` if the file cannot be read or its compressed stream is broken."""
    for line in _saring.read_lines(os.fspath(path), max_record_bytes):
        yield json.loads(line)


# --------------------------------------------------------------------------------- stages
#
# `saring run` split into steps a scheduler runs as separate tasks, over a shared work folder laid
# out as the stage commands' (`saring sign/cluster/apply/finish`, docs/distributed.md): each step
# calls the library function the command calls and writes the same versioned stage files, so
# Python and CLI steps may be mixed. Every step takes all the run's inputs, in the same order, and
# the same settings.


def _shard(shard: Union[None, int, Iterable[int]]) -> Optional[List[int]]:
    if shard is None:
        return None
    if isinstance(shard, int):
        return [shard]
    return [int(i) for i in shard]


def sign_shard(inputs: Union[PathLike, Iterable[PathLike]], work: PathLike,
               shard: Union[None, int, Iterable[int]] = None, config: Optional[PathLike] = None, *,
               settings: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> None:
    """Stage 1 (``saring sign``): analyses and signs the inputs ``shard`` (an index into the
    resolved ``inputs``, a list of them, or None for all) into ``work/sign/IIIII.bin``.

    Parallel: one task per shard. Settings are given as for :func:`run` and must be the same
    for every stage. Runs with the GIL released.

    Raises:
        Error: an unreadable input, a shard index past the inputs, a bad setting, or a setting
            sharded runs do not support yet (docs/distributed.md).
    """
    _saring.sign_shard(_paths(inputs), _shard(shard), os.fspath(work), "", False,
                       _config(config), _settings(settings, kwargs))


def cluster(inputs: Union[PathLike, Iterable[PathLike]], work: PathLike,
            config: Optional[PathLike] = None, *, threshold: Optional[float] = None,
            settings: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> None:
    """Stage 2 (``saring cluster``): every corpus-wide decision (exact dedup, archive matches,
    near-duplicate clusters with their verification) from all of ``work/sign``, into
    ``work/decisions/IIIII.bin``. One task, after every :func:`sign_shard`. ``threshold`` is a
    shortcut for ``near_dup.threshold``.

    Raises:
        Error: ``NotFound`` naming the first input not signed yet; ``Corruption`` for a damaged
            or cut-short signature file.
    """
    if threshold is not None:
        kwargs["near_dup__threshold"] = threshold
    _saring.cluster(_paths(inputs), None, os.fspath(work), "", False, _config(config),
                    _settings(settings, kwargs))


def apply(inputs: Union[PathLike, Iterable[PathLike]], work: PathLike, output_dir: PathLike,
          shard: Union[None, int, Iterable[int]] = None, config: Optional[PathLike] = None, *,
          settings: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> List[Dict[str, Any]]:
    """Stage 3 (``saring apply``): the final pass over the inputs ``shard`` with the decisions
    of :func:`cluster`: writes their output shards into ``output_dir`` (as ``saring run`` does:
    repaired, annotated, kept/removed/quarantined) and their partial ledgers into
    ``work/ledger``. Parallel: one task per shard; running it again rewrites the same bytes.

    Returns:
        The partial ledger of each input handled (the ``stats.json`` structure), in input order.
    """
    ledgers = _saring.apply(_paths(inputs), _shard(shard), os.fspath(work), os.fspath(output_dir),
                            False, _config(config), _settings(settings, kwargs))
    return [json.loads(ledger) for ledger in ledgers]


def finish(inputs: Union[PathLike, Iterable[PathLike]], work: PathLike, output_dir: PathLike,
           config: Optional[PathLike] = None, *, report: bool = True,
           settings: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> Dict[str, Any]:
    """Stage 4 (``saring finish``): merges the ledgers of ``work/ledger`` into ``stats.json``
    and ``run.json`` (and ``report.html`` with ``report``). One task, after every :func:`apply`.
    The output folder then equals that of ``saring run`` on the same inputs and settings.

    Returns:
        The parsed ``stats.json``.
    """
    _saring.finish(_paths(inputs), None, os.fspath(work), os.fspath(output_dir), report,
                   _config(config), _settings(settings, kwargs))
    with open(os.path.join(os.fspath(output_dir), "stats.json"), encoding="utf-8") as f:
        return json.load(f)
