# A Python model of saring's paragraph splitter and repair rules (src/text/paragraph_splitter.cc,
# include/saring/repair.h), used only to check that the corpus says what README.md claims: that
# the authored paragraphs are the ones saring finds, and that repair removes exactly the authored
# captions, credits, tags and repeats. If saring's rules change, this model and the expectations
# must be revisited together.

import unicodedata

from corpus_model import is_credit_line, normalize

CLOSERS = "\"')]}\u201d\u2019\u00bb\u203a\u300d\u300f\uff09\uff3d"
TERMINALS = ".!?\u2026:\u3002\uff01\uff1f\uff1a"
BLANKS = " \t\f\v\u00a0"
MIN_WRAP, MAX_WRAP, BAND_DIV, MIN_EVIDENCE, MIN_SHARE, MIN_SLACK = 40, 150, 4, 2, 60, 4
MIN_CONTAINED_CHARS = 24


def ends_terminal(line):
    s = line.rstrip()
    s = s.rstrip(CLOSERS)
    return bool(s) and s[-1] in TERMINALS


def split_lines(data):
    """data: bytes. Returns dicts with begin, end (content end), next, width, blank, terminal, credit."""
    lines, pos, n = [], 0, len(data)
    while pos < n:
        nl = data.find(b"\n", pos)
        line_end = nl if nl >= 0 else n
        end = line_end - 1 if line_end > pos and data[line_end - 1:line_end] == b"\r" else line_end
        content = data[pos:end].decode("utf-8")
        trimmed = content.rstrip(BLANKS + "\r\n")
        blank = trimmed.strip(BLANKS) == ""
        lines.append({"begin": pos, "end": end, "next": nl + 1 if nl >= 0 else n,
                      "width": len(trimmed), "blank": blank,
                      "terminal": (not blank) and ends_terminal(content),
                      "credit": (not blank) and is_credit_line(content)})
        pos = nl + 1 if nl >= 0 else n
    return lines


def wrap_width(lines):
    hist, evidence = [0] * (MAX_WRAP + 1), 0
    for a, b in zip(lines, lines[1:]):
        if a["blank"] or b["blank"] or a["terminal"] or a["credit"] or b["credit"]:
            continue
        if MIN_WRAP <= a["width"] <= MAX_WRAP:
            hist[a["width"]] += 1
            evidence += 1
    if evidence < MIN_EVIDENCE:
        return 0
    best, best_w = 0, 0
    for w in range(MIN_WRAP, MAX_WRAP + 1):
        c = sum(hist[w - w // BAND_DIV:w + 1])
        if c > best:
            best, best_w = c, w
    return best_w if best >= MIN_EVIDENCE and best * 100 >= evidence * MIN_SHARE else 0


def paragraphs(data):
    """Returns [(begin, end_without_terminator, end_with_terminator, is_credit)]."""
    lines = split_lines(data)
    w = wrap_width(lines)
    long_w = w + max(w // 10, MIN_SLACK)

    def joins(i):
        if w == 0 or i + 1 >= len(lines):
            return False
        a, b = lines[i], lines[i + 1]
        if a["terminal"] or a["credit"] or b["blank"] or b["credit"]:
            return False
        return a["width"] <= long_w and b["width"] <= long_w

    out, i = [], 0
    while i < len(lines):
        if lines[i]["blank"]:
            i += 1
            continue
        first = i
        while joins(i):
            i += 1
        out.append((lines[first]["begin"], lines[i]["end"], lines[i]["next"],
                    first == i and lines[i]["credit"]))
        i += 1
    return out


def repair(data):
    """Returns (paragraphs, removed) where removed maps paragraph index -> (reason, target index)."""
    paras = paragraphs(data)
    norm = [normalize(data[b:e].decode("utf-8")) for b, e, _, _ in paras]
    removed = {}
    for i, p in enumerate(paras):
        if p[3]:
            removed[i] = ("credit_line", None)
    first_seen = {}
    for i, t in enumerate(norm):
        if i in removed:
            continue
        if t in first_seen:
            removed[i] = ("repeated_paragraph", first_seen[t])
        else:
            first_seen[t] = i
    for i, t in enumerate(norm):
        if i in removed or len(t.encode()) < MIN_CONTAINED_CHARS or len(t.split()) < 3:
            continue
        for j, u in enumerate(norm):
            if j != i and j not in removed and len(u) > len(t) and (" " + t + " ") in (" " + u + " "):
                removed[i] = ("contained_paragraph", j)
                break
    return paras, norm, removed
