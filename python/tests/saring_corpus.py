"""A small generated corpus with planted duplicates, for the Python tests.

Documents are random sequences of made-up words (seeded, so every run gets the same corpus), split
into paragraphs. Planted copies: near duplicates (a later copy with two words replaced: Jaccard
similarity of 5-shingles about 0.93), exact duplicates (the same text re-spaced and upper-cased,
which normalises to the same bytes) and a few records the pipeline does not sign (empty text,
broken JSON).
"""
import json
import os
import random

SYLLABLES = ["ka", "ri", "mo", "te", "lu", "sa", "pe", "no", "di", "ba", "gu", "ve", "zo", "hi",
             "ra", "mi", "to", "ne", "su", "la"]


def _word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def make_text(rng, words=300, paragraphs=3):
    """`words` random words in `paragraphs` paragraphs of sentences."""
    out = []
    per = words // paragraphs
    for _ in range(paragraphs):
        tokens = [_word(rng) for _ in range(per)]
        sentences = [" ".join(tokens[i:i + 10]).capitalize() + "." for i in range(0, per, 10)]
        out.append(" ".join(sentences))
    return "\n\n".join(out)


def near_copy(rng, text, changes=2):
    """`text` with `changes` words replaced by new ones."""
    tokens = text.split(" ")
    for i in rng.sample(range(5, len(tokens) - 5), changes):
        tokens[i] = _word(rng) + "x"
    return " ".join(tokens)


def make_corpus(n=60, seed=7, near=8, exact=3):
    """Returns (records, planted): records are dicts with id and text, in input order;
    planted maps the id of every planted near copy to the id of its original."""
    rng = random.Random(seed)
    records = [{"id": f"doc-{i:04d}", "text": make_text(rng)} for i in range(n)]
    planted = {}
    for k, i in enumerate(rng.sample(range(n), near)):
        copy_id = f"near-{k:02d}"
        planted[copy_id] = records[i]["id"]
        at = rng.randint(i + 1, len(records))  # always after its original
        records.insert(at, {"id": copy_id, "text": near_copy(rng, records[i]["text"])})
    for k, i in enumerate(rng.sample(range(n), exact)):
        at = rng.randint(i + 1, len(records))
        text = records[i]["text"].upper().replace(" ", "  ")
        records.insert(at, {"id": f"exact-{k:02d}", "text": text})
    records.append({"id": "empty-00", "text": "  \n  "})
    return records, planted


def write_shards(records, folder, shards=3, broken_line=True):
    """Writes the records round-robin-free (contiguous blocks) into `shards` JSONL files and
    returns their paths in order. With broken_line, the first shard gets one malformed line."""
    os.makedirs(folder, exist_ok=True)
    paths = []
    per = (len(records) + shards - 1) // shards
    for s in range(shards):
        path = os.path.join(folder, f"part-{s:02d}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            if broken_line and s == 0:
                f.write('{"id": "broken", "text": \n')
            for r in records[s * per:(s + 1) * per]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths
