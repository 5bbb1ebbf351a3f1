#!/usr/bin/env python3
"""Upper bounds on Indonesian/Malay accuracy for identifiers that read only a few features.

An identifier whose id/ms answer is a function of some discrete features of a sample gives
the same answer to all samples with equal features. This script splits the ind and zsm
samples of `langid_accuracy --dump` (Tatoeba sentences, UDHR paragraphs) into cells by such
features and finds, by an exact dynamic programme over the cells, the best choice of id or ms
per cell: the most Tatoeba zsm samples right while Tatoeba ind, UDHR ind and UDHR zsm stay at
their targets. That is the best any such identifier can do, even one fitted on these very
samples; if the targets cannot be met, no rule over those features meets them. It also tells
whether any two samples of the two languages have the same text (then no function of the text
can get both right). See docs/language-id.md, "Known confusions".

Features: CLD2's label, lid.176's label (the dump's first two identifiers), which side has
more marker words (hand-written and Apertium lists, as CountMalayIndonesianMarkers counts
them), which side has more Tesseract web words, and optionally a threshold per cell on
lid.176's P(ms) - P(id) (monotone rules).

Usage:
  build/bench/langid_accuracy --dump dump.tsv
  bench/langid_id_ms_bound.py dump.tsv src/langid/combined_backend.cc \
      build/src/langid/generated/apertium_lexicon.inc \
      build/src/langid/generated_web/tessdata_lexicon.inc
"""
import collections
import re
import sys

EXPECTED = {"ind": "id", "zsm": "ms"}
# Targets as counts: Tatoeba ind, Tatoeba zsm, UDHR ind, UDHR zsm (the better of CLD2 and
# lid.176 in docs/language-id.md: 90.0% and 63.4% of 1,000; 91.8% of 61; 91.4% of 58).
TARGET = (900, 634, 56, 53)
SLOT = {("tatoeba", "ind"): 0, ("tatoeba", "zsm"): 1, ("udhr", "ind"): 2, ("udhr", "zsm"): 3}


def string_array(text, name):
    """The quoted strings of the C++ array `name` in `text`."""
    body = text.split(name, 1)[1].split("};", 1)[0]
    return set(re.findall(r'"([^"]+)"', body))


def words(text):
    """Lower-cased ASCII words with inner hyphens, 2..24 bytes (as the C++ counter)."""
    out, word = [], ""
    for c in text.lower() + " ":
        if "a" <= c <= "z" or (c == "-" and word):
            word += c
            continue
        if 1 < len(word) <= 24:
            out.append(word)
        word = ""
    return out


def side(text, tiers):
    """+1 when more words are on the Malay side of `tiers`, -1 Indonesian, 0 tie."""
    malay = indonesian = 0
    for w in words(text):
        for malay_words, indonesian_words in tiers:
            if w in malay_words:
                malay += 1
                break
            if w in indonesian_words:
                indonesian += 1
                break
    return (malay > indonesian) - (malay < indonesian)


def read_samples(dump):
    samples = []
    with open(dump, encoding="utf-8") as f:
        for line in f:
            field = line.rstrip("\n").split("\t")
            if field[1] not in EXPECTED:
                continue
            ft_scores = {field[6]: float(field[7]), field[8]: float(field[9])}
            samples.append({"slot": SLOT[field[0], field[1]], "expected": EXPECTED[field[1]],
                            "cld": field[2], "ft": field[6], "text": field[-1],
                            "margin": ft_scores.get("ms", 0.0) - ft_scores.get("id", 0.0)})
    return samples


def gains(cell, label):
    v = [0, 0, 0, 0]
    for s in cell:
        if s["expected"] == label:
            v[s["slot"]] += 1
    return tuple(v)


def threshold_options(cell):
    """Every split of the cell sorted by margin: below the threshold id, above it ms."""
    cell = sorted(cell, key=lambda s: s["margin"])
    return {tuple(a + b for a, b in zip(gains(cell[:k], "id"), gains(cell[k:], "ms")))
            for k in range(len(cell) + 1)}


def best(options_per_cell, with_udhr):
    """Most Tatoeba zsm right with Tatoeba ind >= target (and the UDHR targets if asked)."""
    need = TARGET if with_udhr else (TARGET[0], 0, 0, 0)
    # Most Tatoeba ind the cells after the i-th can still add: states that cannot reach the
    # target any more are dropped (exact).
    still = [0] * (len(options_per_cell) + 1)
    for i in range(len(options_per_cell) - 1, -1, -1):
        still[i] = still[i + 1] + max(o[0] for o in options_per_cell[i])
    states = {(0, 0, 0): 0}  # (Tatoeba ind, UDHR ind, UDHR zsm), capped at the targets
    for i, options in enumerate(options_per_cell):
        grown = {}
        for (a, u, v), b in states.items():
            for o in options:
                if a + o[0] + still[i + 1] < need[0]:
                    continue
                key = (min(a + o[0], need[0]), min(u + o[2], need[2]), min(v + o[3], need[3]))
                if grown.get(key, -1) < b + o[1]:
                    grown[key] = b + o[1]
        states = grown
    return states.get((need[0], need[2], need[3]))


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    dump, backend_cc, apertium_inc, web_inc = argv[1:]
    backend, apertium, web = (open(p, encoding="utf-8").read()
                              for p in (backend_cc, apertium_inc, web_inc))
    markers = [(string_array(backend, "kMalayWords ="), string_array(backend, "kIndonesianWords =")),
               (string_array(apertium, "kApertiumMalayOnly"),
                string_array(apertium, "kApertiumIndonesianOnly"))]
    web_markers = [(string_array(web, "kWebMalayOnly"), string_array(web, "kWebIndonesianOnly"))]
    samples = read_samples(dump)
    for s in samples:
        s["markers"] = side(s["text"], markers)
        s["web"] = side(s["text"], web_markers)

    texts = collections.defaultdict(set)
    letters = collections.defaultdict(set)
    for s in samples:
        texts[s["text"]].add(s["expected"])
        letters[" ".join(re.findall(r"\w+", s["text"].lower()))].add(s["expected"])
    print(f"{len(samples)} ind and zsm samples; texts in both languages: "
          f"{sum(len(v) > 1 for v in texts.values())}, after lower-casing and keeping only "
          f"letters and digits: {sum(len(v) > 1 for v in letters.values())}")
    print("| features the answer may depend on | cells | best Tatoeba zsm with ind >= target "
          "| with the UDHR targets too |")
    for features, monotone in ((("cld", "ft"), False), (("cld", "ft", "markers"), False),
                               (("cld", "ft", "markers", "web"), False),
                               (("cld", "ft", "markers"), True)):
        cells = collections.defaultdict(list)
        for s in samples:
            cells[tuple(s[f] for f in features)].append(s)
        if monotone:
            options = [threshold_options(c) for c in cells.values()]
        else:
            options = [{gains(c, "id"), gains(c, "ms")} for c in cells.values()]
        name = " + ".join(features) + (" + threshold on lid.176 margin" if monotone else "")
        results = [best(options, u) for u in (False, True)]
        shown = [f"{r / 10:.1f}" if r is not None else "impossible" for r in results]
        print(f"| {name} | {len(cells)} | {shown[0]} | {shown[1]} |")


if __name__ == "__main__":
    main(sys.argv)
