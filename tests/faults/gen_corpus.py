#!/usr/bin/python3
"""Deterministic corpus for the fault-injection suite (tests/faults/run_faults.sh).

Writes OUT/corpus-0.jsonl, corpus-1.jsonl, corpus-2.jsonl (the caller compresses 1 and 2 with
the zstd and gzip tools) and OUT/texts/*.txt. Documents are made of pseudo-words, so the corpus
is the same on every machine and for every Python 3 version (only random.Random with a fixed seed
and integer arithmetic are used). Planted in it:
  - exact duplicates: earlier documents repeated under a new id (also across files),
  - near duplicates: earlier documents with a few words replaced (well above 0.8 Jaccard),
  - bad lines: malformed JSON, a record without "text", invalid UTF-8, a non-object line.
Usage: gen_corpus.py OUT [--mb MEGABYTES] [--seed N]
"""
import argparse
import json
import os
import random

SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "tu", "vel", "dor", "pa", "ni", "qua", "shi", "bo",
             "ter", "ux", "ga", "fel", "yo", "zan", "cri", "mo", "hel", "dra", "wi", "es", "on"]


def make_vocabulary(rng, size):
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))))
    return sorted(words)


def make_document(rng, vocab):
    paragraphs = []
    for _ in range(rng.randint(2, 6)):
        sentences = []
        for _ in range(rng.randint(3, 8)):
            words = [rng.choice(vocab) for _ in range(rng.randint(6, 16))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def near_copy(rng, text, vocab):
    words = text.split(" ")
    for _ in range(max(1, len(words) // 60)):  # ~1.5% of the words replaced
        words[rng.randrange(len(words))] = rng.choice(vocab)
    return " ".join(words)


def bad_line(rng, n):
    kind = n % 5
    if kind == 0:
        return b'{"id": "bad-%d", "text": "unterminated\n' % n
    if kind == 1:
        return b'{"id": "bad-%d", "body": "no text field"}\n' % n
    if kind == 2:
        return b'{"id": "bad-%d", "text": "invalid \xff\xfe utf-8 here"}\n' % n
    if kind == 3:
        return b'[1, 2, 3]\n'
    return b'{"id": "bad-%d", "text": 42}\n' % n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=4.0)
    ap.add_argument("--seed", type=int, default=20240611)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    vocab = make_vocabulary(rng, 3000)
    os.makedirs(os.path.join(args.out, "texts"), exist_ok=True)
    budget = int(args.mb * 1e6)
    files = [open(os.path.join(args.out, f"corpus-{i}.jsonl"), "wb") for i in range(3)]
    originals = []
    written = 0
    n = 0
    planted = {"documents": 0, "exact": 0, "near": 0, "bad": 0}
    while written < budget:
        f = files[min(2, written * 3 // budget)]
        r = rng.random()
        if r < 0.01:
            line = bad_line(rng, n)
            planted["bad"] += 1
        else:
            if r < 0.07 and originals:
                text = rng.choice(originals)
                planted["exact"] += 1
            elif r < 0.13 and originals:
                text = near_copy(rng, rng.choice(originals), vocab)
                planted["near"] += 1
            else:
                text = make_document(rng, vocab)
                originals.append(text)
            record = {"id": f"doc-{n:06d}", "text": text,
                      "metadata": {"source": f"site{n % 7}.example", "date": f"2024-01-{1 + n % 28:02d}"}}
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            planted["documents"] += 1
        f.write(line)
        written += len(line)
        n += 1
    for f in files:
        f.close()
    for i in range(12):  # a text folder: one document per file, two of them duplicates
        text = originals[i % 10] if i >= 10 else make_document(rng, vocab)
        with open(os.path.join(args.out, "texts", f"page-{i:02d}.txt"), "w", encoding="utf-8") as t:
            t.write(text + "\n")
    print(json.dumps(planted))


if __name__ == "__main__":
    main()
