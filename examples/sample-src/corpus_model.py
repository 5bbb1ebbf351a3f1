# The model behind the sample corpus: documents made of authored blocks, each block marked with
# what saring should do with it. write_corpus.py turns the model into the corpus files and into
# tests/data/sample-expected.jsonl; corpus_text.py holds the documents themselves.
#
# Only the Python standard library is used, so the corpus can be rebuilt anywhere.

import re
import textwrap
import unicodedata

# Block kinds.
KEEP = "keep"          # content
BLANK = "blank"        # an empty line between paragraphs (not a paragraph)
CAPTION = "caption"    # photo caption repeating the lead: repair removes it (contained_paragraph)
CREDIT = "credit"      # standalone credit "(Antara)": repair removes it (credit_line)
TAG = "tag"            # standalone editor tag "(rm/indo)": repair removes it (credit_line)
REPEAT = "repeat"      # paragraph pasted again: repair removes it (repeated_paragraph)
BOILER = "boiler"      # per-source boilerplate line ("Baca juga: ..."): a boilerplate stage removes it

REPAIR_KINDS = {CAPTION: "contained_paragraph", CREDIT: "credit_line", TAG: "credit_line",
                REPEAT: "repeated_paragraph"}

TERMINAL_RE = re.compile(r"[.!?\u2026:]['\")\]}\u201d\u2019\u00bb]*$")


class Block:
    def __init__(self, text, kind=KEEP, ref=None, pattern=None):
        self.text = text        # may contain '\n' (hard-wrapped lines); never a trailing '\n'
        self.kind = kind
        self.ref = ref          # CAPTION: index of the block containing it; REPEAT: index of the original
        self.pattern = pattern  # BOILER: the per-source line prefix it matches


class Doc:
    def __init__(self, id, input, lang, blocks, source=None, url=None, date=None, eol="\n",
                 final_newline=True, faults=(), meta_extra=None, top_extra=None, ascii_escape=False,
                 raw_line=None, near_dup_of=None, quality="ok", note=""):
        self.id = id
        self.input = input            # "news-a.jsonl", "news-b.jsonl.gz", "news-c.jsonl.zst", "posts"
        self.lang = lang
        self.blocks = blocks
        self.source, self.url, self.date = source, url, date
        self.eol = eol
        self.final_newline = final_newline
        self.faults = list(faults)
        self.meta_extra = meta_extra or {}
        self.top_extra = top_extra or {}
        self.ascii_escape = ascii_escape
        self.raw_line = raw_line      # callable(doc) -> the exact JSON line, for byte-exact extras
        self.near_dup_of = near_dup_of
        self.quality = quality        # "ok" or "low"
        self.note = note

    # The document text and, per block, [begin, end_without_eol, end_with_eol) byte offsets.
    def assemble(self):
        parts, spans, pos = [], [], 0
        for i, b in enumerate(self.blocks):
            body = b.text.replace("\n", self.eol).encode("utf-8")
            last = i == len(self.blocks) - 1
            term = b"" if (last and not self.final_newline) else self.eol.encode()
            spans.append((pos, pos + len(body), pos + len(body) + len(term)))
            parts.append(body + term)
            pos += len(body) + len(term)
        return b"".join(parts), spans


# ---- text helpers -------------------------------------------------------------------------

def wrap(text, width=70, first=None):
    """Hard-wraps `text` near `width` columns so that no line but the last ends with terminal
    punctuation (a wrap there would be read as a paragraph end). `first`, if given, is the
    width of a short first line, as when an editor pasted a dateline."""
    for delta in (0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5):
        w = width + delta
        if first:
            words, head = text.split(" "), []
            while words and len(" ".join(head + words[:1])) <= first:
                head.append(words.pop(0))
            lines = [" ".join(head)] + textwrap.wrap(" ".join(words), w, break_long_words=False,
                                                      break_on_hyphens=False)
        else:
            lines = textwrap.wrap(text, w, break_long_words=False, break_on_hyphens=False)
        if all(not TERMINAL_RE.search(l) for l in lines[:-1]):
            return "\n".join(lines)
    raise ValueError("cannot wrap without a terminal line end: " + text[:40])


def curly(text):
    """Straight double quotes to typographic ones, pairwise."""
    out, open_ = [], True
    for ch in text:
        if ch == '"':
            out.append("\u201c" if open_ else "\u201d")
            open_ = not open_
        else:
            out.append(ch)
    assert open_, "unbalanced quotes: " + text[:40]
    return "".join(out)


def normalize(text):
    """Emulates saring's normalisation (include/saring/normalize.h): NFKC, case folding, and every
    run of whitespace, control, punctuation and symbol characters turned into one space."""
    t = unicodedata.normalize("NFKC", text).casefold()
    out, sep = [], False
    for ch in t:
        if unicodedata.category(ch)[0] in "ZCPS":
            sep = True
        else:
            if sep and out:
                out.append(" ")
            sep = False
            out.append(ch)
    return "".join(out)


def is_credit_line(line):
    """Emulates the credit/tag rule of src/text/paragraph_splitter.h (max 48 code points)."""
    s = line.strip()
    if not (s.startswith("(") and s.endswith(")")) or s.count("(") != 1 or s.count(")") != 1:
        return False
    if len(s) > 48 or not any(c.isalpha() for c in s):
        return False
    words = s[1:-1].split()
    if len(words) > 6:
        return False
    return not (len(words) >= 3 and s[-2] in ".!?")


def shingles(text, n=5):
    w = normalize(text).split()
    return {" ".join(w[i:i + n]) for i in range(max(1, len(w) - n + 1))}


def jaccard(a, b):
    return len(a & b) / len(a | b) if (a or b) else 1.0
