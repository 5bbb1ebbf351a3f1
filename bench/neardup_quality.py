#!/usr/bin/env python3
"""Duplicate-detection quality of a saring run against the labelled corpus of
../shared/bench/make-corpus: pair precision, recall and F1, overall and per kind of duplicate
(exact, near-lo: 1-5 % of words edited, near-hi: 5-15 % edited and sometimes truncated).

    bench/neardup_quality.py OUTPUT_DIR CORPUS.jsonl.truth.tsv

A predicted cluster is a kept document with every document removed as its exact or near
duplicate (duplicate_of). Pairs are unordered pairs of documents in one cluster ("all" row).
Per kind, the truth pairs are (copy of that kind, the original it was made from), found when
both land in one predicted cluster; precision per kind is the share of removed documents of that
kind whose survivor is in their true cluster.
"""
import collections
import glob
import itertools
import json
import subprocess
import sys


def read_removed(out_dir):
    parent = {}
    for path in sorted(glob.glob(f"{out_dir}/removed/*.jsonl.zst")):
        data = subprocess.run(["zstd", "-dc", path], capture_output=True, check=True).stdout
        for line in data.splitlines():
            rec = json.loads(line)
            s = rec["metadata"]["saring"]
            if s.get("reason") in ("exact_duplicate", "near_duplicate") and "duplicate_of" in s:
                parent[rec["id"]] = s["duplicate_of"]
    return parent


def pairs_of(clusters):
    out = set()
    for members in clusters.values():
        for a, b in itertools.combinations(sorted(members), 2):
            out.add((a, b))
    return out


def main():
    out_dir, truth_path = sys.argv[1], sys.argv[2]
    truth_cluster, kind = {}, {}
    with open(truth_path) as f:
        next(f)
        for line in f:
            doc, cluster, k, _ = line.rstrip("\n").split("\t")
            truth_cluster[doc] = cluster
            kind[doc] = k
    parent = read_removed(out_dir)

    def root(d):
        seen = 0
        while d in parent and seen < 100:
            d, seen = parent[d], seen + 1
        return d

    predicted = collections.defaultdict(set)
    for doc in truth_cluster:
        predicted[root(doc)].add(doc)
    truth = collections.defaultdict(set)
    for doc, c in truth_cluster.items():
        truth[c].add(doc)
    p_pairs, t_pairs = pairs_of(predicted), pairs_of(truth)
    tp = len(p_pairs & t_pairs)
    prec = tp / len(p_pairs) if p_pairs else 1.0
    rec = tp / len(t_pairs) if t_pairs else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print(f"{'kind':<8} {'truth pairs':>11} {'found':>7} {'recall':>7} {'precision':>9} {'F1':>6}")
    orig = {c: d for d, c in truth_cluster.items() if kind[d] == "orig"}
    for k in ("exact", "near-lo", "near-hi"):
        copies = [d for d in truth_cluster if kind[d] == k and truth_cluster[d] in orig]
        found = sum(root(d) == root(orig[truth_cluster[d]]) for d in copies)
        removed = [d for d in parent if kind.get(d) == k]
        right = sum(truth_cluster.get(root(d)) == truth_cluster[d] for d in removed)
        r = found / len(copies) if copies else 1.0
        pr = right / len(removed) if removed else 1.0
        fk = 2 * pr * r / (pr + r) if pr + r else 0.0
        print(f"{k:<8} {len(copies):>11} {found:>7} {r:>7.3f} {pr:>9.3f} {fk:>6.3f}")
    print(f"{'all':<8} {len(t_pairs):>11} {tp:>7} {rec:>7.3f} {prec:>9.3f} {f1:>6.3f}")


if __name__ == "__main__":
    main()
