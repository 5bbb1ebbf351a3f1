#!/usr/bin/python3
# Writes the sample corpus from corpus_text*.py, checks it, and writes what saring should do
# with it:
#   examples/sample/news-a.jsonl, sample-src/news-b.jsonl, sample-src/news-c.jsonl, posts/*.txt
#   tests/data/sample-expected.jsonl   one line per document: the expectations, with offsets
#   the table in examples/sample/README.md (between the table markers)
# Deterministic: same sources, same bytes. examples/make-sample.sh then compresses news-b and
# news-c. Run from anywhere: /usr/bin/python3 examples/sample-src/write_corpus.py

import itertools
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True

from corpus_model import (BLANK, BOILER, CAPTION, REPAIR_KINDS, REPEAT, jaccard, normalize,
                          shingles)
import corpus_text
import corpus_text_more
import splitter_model

SAMPLE = os.path.join(os.path.dirname(HERE), "sample")
REPO = os.path.dirname(os.path.dirname(HERE))
EXPECTED = os.path.join(REPO, "tests", "data", "sample-expected.jsonl")
PARAGRAPH_DEDUP_MIN_CHARS = 100  # RunOptions::dedup.paragraph_min_chars
NEAR_DUP_MIN_JACCARD = 0.78      # every authored near-duplicate must reach this (5-word shingles)
UNRELATED_MAX_JACCARD = 0.30     # every other pair must stay below this


def fail(msg):
    sys.exit("write_corpus: " + msg)


def json_line(doc, text):
    if doc.raw_line:
        return doc.raw_line(doc, json.dumps(text, ensure_ascii=False))
    meta = {"source": doc.source, "url": doc.url}
    if doc.date:
        meta["date"] = doc.date
    meta.update(doc.meta_extra)
    rec = {"id": doc.id, "text": text, "metadata": meta}
    rec.update(doc.top_extra)
    # news-b is written compactly, the other inputs with the usual ", " and ": ".
    seps = (",", ":") if doc.input == "news-b.jsonl.gz" else (", ", ": ")
    return json.dumps(rec, ensure_ascii=doc.ascii_escape, separators=seps)


def analyse(doc):
    """Checks a document against the splitter/repair model; returns its expectation record."""
    data, spans = doc.assemble()
    text = data.decode("utf-8")
    paras, norm, removed = splitter_model.repair(data)
    authored = [(i, b) for i, b in enumerate(doc.blocks) if b.kind != BLANK]
    if doc.quality == "ok" and ([(p[0], p[1]) for p in paras] !=
                                [(spans[i][0], spans[i][1]) for i, _ in authored]):
        fail("%s: saring's splitter would find other paragraphs than the authored ones:\n%s" %
             (doc.id, [data[p[0]:p[1]][:50] for p in paras]))
    if doc.quality != "ok":  # paragraphs and repair do not matter: the document goes
        return {"data": data, "text": text, "spans": spans, "paras": paras, "norm": norm,
                "kept_paras": [pi for pi in range(len(paras)) if pi not in removed],
                "repair_spans": None, "boilerplate_spans": [],
                "kept_normalized": "\n".join(norm[pi] for pi in range(len(paras))
                                             if pi not in removed)}
    block_to_para = {bi: pi for pi, (bi, _) in enumerate(authored)}
    repair_spans, got, want = [], {}, {}
    for pi, (reason, target) in removed.items():
        got[pi] = reason
    for bi, b in authored:
        if b.kind in REPAIR_KINDS:
            want[block_to_para[bi]] = REPAIR_KINDS[b.kind]
            s = {"begin": spans[bi][0], "end": spans[bi][2], "reason": REPAIR_KINDS[b.kind]}
            if b.kind in (CAPTION, REPEAT):
                if removed.get(block_to_para[bi], (None, None))[1] != block_to_para[b.ref]:
                    fail("%s block %d: model points to another paragraph" % (doc.id, bi))
                s["dup_begin"], s["dup_end"] = spans[b.ref][0], spans[b.ref][1]
            repair_spans.append(s)
    if doc.quality == "ok" and got != want:
        fail("%s: repair model removes %s, authored %s" % (doc.id, got, want))
    kept_paras = [pi for pi in range(len(paras)) if pi not in removed]
    boiler = [{"begin": spans[bi][0], "end": spans[bi][2], "pattern": b.pattern}
              for bi, b in authored if b.kind == BOILER]
    return {
        "data": data, "text": text, "spans": spans, "paras": paras, "norm": norm,
        "kept_paras": kept_paras, "repair_spans": repair_spans if doc.quality == "ok" else None,
        "boilerplate_spans": boiler,
        "kept_normalized": "\n".join(norm[pi] for pi in kept_paras),
    }


def cut(data, spans):
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: s["begin"]):
        out.append(data[pos:s["begin"]])
        pos = s["end"]
    out.append(data[pos:])
    return b"".join(out).decode("utf-8")


def main():
    docs = (corpus_text.news_a() + corpus_text_more.news_b() + corpus_text_more.news_c() +
            corpus_text_more.posts())
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        fail("duplicate ids")
    info = {d.id: analyse(d) for d in docs}
    by_id = {d.id: d for d in docs}

    # Exact dedup on the normalised kept text (run.cc: XXH3 of RepairResult::kept_normalized).
    first_by_norm, exact = {}, {}
    for d in docs:
        k = info[d.id]["kept_normalized"]
        if k in first_by_norm:
            exact[d.id] = first_by_norm[k]
        else:
            first_by_norm[k] = d.id
    want_exact = {"b-02": "a-05", "post-04-bike-lanes-copy": "a-08", "c-11": "b-06"}
    if exact != want_exact:
        fail("exact duplicates %s, authored %s" % (exact, want_exact))

    # Cross-document paragraph dedup, in input order, over documents not removed as exact dups.
    seen, pdedup, all_dup = {}, {}, {}
    for d in docs:
        if d.id in exact:
            continue
        a, cross = info[d.id], []
        for pi in a["kept_paras"]:
            t = a["norm"][pi]
            if len(t.encode()) < PARAGRAPH_DEDUP_MIN_CHARS:
                continue
            p = a["paras"][pi]
            if t not in seen:
                seen[t] = (d.id, p[0], p[1])
            elif seen[t][0] != d.id:
                cross.append({"begin": p[0], "end": p[2], "duplicate_of": seen[t][0],
                              "dup_begin": seen[t][1], "dup_end": seen[t][2]})
        if cross and len(cross) == len(a["kept_paras"]):
            all_dup[d.id] = cross[0]["duplicate_of"]
        elif cross:
            pdedup[d.id] = cross

    # Near duplicates: authored, checked with 5-word shingles of the repaired text.
    sh = {d.id: shingles(info[d.id]["kept_normalized"]) for d in docs}
    jac = {}
    for x, y in itertools.combinations(ids, 2):
        j = jaccard(sh[x], sh[y])
        dx, dy = by_id[x], by_id[y]
        related = (dy.near_dup_of == x or exact.get(y) == x or
                   (dy.near_dup_of and dy.near_dup_of == dx.near_dup_of))
        if dy.near_dup_of == x:
            jac[y] = round(j, 3)
            if j < NEAR_DUP_MIN_JACCARD:
                fail("%s vs %s: Jaccard %.3f is too low for a near duplicate" % (y, x, j))
        elif not related and j >= UNRELATED_MAX_JACCARD:
            fail("%s vs %s: unrelated documents with Jaccard %.3f" % (x, y, j))

    # Write the corpus files.
    lines_by_input, line_no = {}, {}
    for d in docs:
        a = info[d.id]
        if d.input == "posts":
            with open(os.path.join(SAMPLE, "posts", d.id + ".txt"), "wb") as f:
                f.write(a["data"])
            line_no[d.id] = 0
            continue
        line = json_line(d, a["text"])
        rec = json.loads(line)
        if rec["text"] != a["text"] or rec.get("id") != d.id:
            fail(d.id + ": JSON line does not round-trip")
        if ("\n" in line) or (d.ascii_escape and not line.isascii()):
            fail(d.id + ": bad JSON line")
        lines_by_input.setdefault(d.input, []).append(line)
        line_no[d.id] = len(lines_by_input[d.input])
    targets = {"news-a.jsonl": os.path.join(SAMPLE, "news-a.jsonl"),
               "news-b.jsonl.gz": os.path.join(HERE, "news-b.jsonl"),
               "news-c.jsonl.zst": os.path.join(HERE, "news-c.jsonl")}
    for inp, lines in lines_by_input.items():
        with open(targets[inp], "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")

    # Expectations.
    rows = []
    with open(EXPECTED, "w", encoding="utf-8", newline="\n") as f:
        for d in docs:
            a = info[d.id]
            if d.id in exact:
                default = "removed: exact_duplicate of " + exact[d.id]
            else:
                default = "kept"
            if d.id in exact:
                planned = "removed: exact_duplicate of " + exact[d.id]
            elif d.near_dup_of:
                planned = "removed: near_duplicate of " + d.near_dup_of
            elif d.quality == "low":
                planned = "removed: low_quality"
            else:
                planned = "kept"
            repair_spans = a["repair_spans"] or []
            clean_spans = repair_spans + a["boilerplate_spans"] + pdedup.get(d.id, [])
            rec = {
                "id": d.id, "input": d.input if d.input != "posts" else "posts/%s.txt" % d.id,
                "line": line_no[d.id], "lang": d.lang, "quality": d.quality,
                "shows": d.faults,
                "default_run": default,
                "repair_spans": a["repair_spans"],
                "exact_duplicate_of": exact.get(d.id),
                "paragraph_dedup_spans": pdedup.get(d.id, []),
                "all_paragraphs_duplicated_of": all_dup.get(d.id),
                "boilerplate_spans": a["boilerplate_spans"],
                "near_duplicate_of": d.near_dup_of,
                "near_duplicate_jaccard5": jac.get(d.id),
                "all_stages": planned,
                "kept_text_repair": cut(a["data"], repair_spans) if d.quality == "ok" else None,
                "kept_text_clean": cut(a["data"], clean_spans) if planned == "kept" else None,
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            rows.append((d, rec, a))

    write_table(rows)
    n = {k: len(v) for k, v in lines_by_input.items()}
    n["posts"] = sum(1 for d in docs if d.input == "posts")
    print("wrote %d documents %s" % (len(docs), n))


def describe_spans(rec, a):
    out = []
    data = a["data"]
    for s in (rec["repair_spans"] or []):
        first = data[s["begin"]:s["end"]].decode("utf-8").strip().split("\n")[0].strip()
        out.append("%s `%s`" % (s["reason"], first[:28] + ("…" if len(first) > 28 else "")))
    return "; ".join(out) if out else "nothing"


def write_table(rows):
    readme = os.path.join(SAMPLE, "README.md")
    with open(readme, encoding="utf-8") as f:
        content = f.read()
    begin, end = "<!-- table:begin -->\n", "<!-- table:end -->"
    if begin not in content or end not in content:
        fail("README.md lacks the table markers")
    out = ["| id | where | lang | shows | default run (repair + exact dedup) | "
           "`--dedup-paragraphs true` adds | planned stages |",
           "|---|---|---|---|---|---|---|"]
    for d, rec, a in rows:
        where = rec["input"] + (":%d" % rec["line"] if rec["line"] else "")
        default = rec["default_run"]
        if default == "kept":
            default = "kept; cuts: " + describe_spans(rec, a)
        pd = "–"
        if rec["paragraph_dedup_spans"]:
            pd = "cuts %d paragraph(s) as duplicate_paragraph of %s" % (
                len(rec["paragraph_dedup_spans"]),
                ", ".join(sorted({s["duplicate_of"] for s in rec["paragraph_dedup_spans"]})))
        if rec["all_paragraphs_duplicated_of"]:
            pd = "removed: all_paragraphs_duplicated of " + rec["all_paragraphs_duplicated_of"]
        planned = rec["all_stages"]
        if rec["near_duplicate_jaccard5"] is not None:
            planned += " (J5 = %.2f)" % rec["near_duplicate_jaccard5"]
        if planned == "kept":
            planned = "kept"
            if rec["boilerplate_spans"]:
                planned += "; boilerplate cuts %d line(s)" % len(rec["boilerplate_spans"])
            if d.lang not in ("id", "en"):
                planned += "; language %s" % d.lang
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            d.id, where, d.lang, "; ".join(d.faults).replace("|", "\\|"),
            default.replace("|", "\\|"), pd, planned))
    i, j = content.index(begin) + len(begin), content.index(end)
    with open(readme, "w", encoding="utf-8", newline="\n") as f:
        f.write(content[:i] + "\n".join(out) + "\n" + content[j:])


if __name__ == "__main__":
    main()
