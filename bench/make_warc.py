#!/usr/bin/env python3
"""Converts a JSONL corpus (id, text, optional metadata.url) into the two Common Crawl layouts
saring reads, each record its own gzip member:

  OUT.warc.wet.gz  a warcinfo record, then one `conversion` record per document (the text as is);
  OUT.warc.gz      a warcinfo record, then per document a `request` and a `response` record whose
                   HTTP body is an HTML page around the text (navigation, the headline, one <p> per
                   paragraph, a related-links list, a footer), as crawled news pages look.

    bench/make_warc.py CORPUS.jsonl OUT     (writes OUT.warc.wet.gz and OUT.warc.gz)

Deterministic (gzip mtime 0, dates from the record number). Standard library only."""
import gzip
import html
import json
import sys


def record(rtype, rid, uri, content_type, block, n):
    date = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00:00Z"
    head = f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
    if uri:
        head += f"WARC-Target-URI: {uri}\r\n"
    head += f"WARC-Date: {date}\r\nContent-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    return gzip.compress(head.encode() + block + b"\r\n\r\n", compresslevel=6, mtime=0)


def page(doc_id, text):
    paragraphs = [p for p in text.split("\n\n") if p.strip()] or [text]
    title = html.escape(paragraphs[0][:80])
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title} | Example News</title></head>"
            f"<body><header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/tech\">Tech</a>"
            f"</nav></header><main><article><h1>{title}</h1>\n{body}</article>"
            f"<aside><h2>Related</h2><ul><li><a href=\"/r/{doc_id}-1\">More on this story</a></li>"
            f"<li><a href=\"/r/{doc_id}-2\">Earlier coverage</a></li></ul></aside></main>"
            f"<footer>Copyright Example News. All rights reserved.</footer></body></html>").encode()


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    info = b"software: saring bench/make_warc.py\r\nformat: WARC File Format 1.0\r\n"
    with open(corpus, encoding="utf-8") as src, open(out + ".warc.wet.gz", "wb") as wet, \
            open(out + ".warc.gz", "wb") as warc:
        wet.write(record("warcinfo", "info-wet", "", "application/warc-fields", info, 0))
        warc.write(record("warcinfo", "info-warc", "", "application/warc-fields", info, 0))
        for n, line in enumerate(src):
            if not line.strip():
                continue
            doc = json.loads(line)
            doc_id, text = str(doc["id"]), doc["text"]
            url = (doc.get("metadata") or {}).get("url") or f"https://site{n % 97}.example/news/{doc_id}"
            wet.write(record("conversion", doc_id, url, "text/plain", text.encode("utf-8"), n))
            warc.write(record("request", doc_id + "-q", url, "application/http; msgtype=request",
                              b"GET / HTTP/1.1\r\nHost: example\r\n\r\n", n))
            body = page(doc_id, text)
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(body)) + body
            warc.write(record("response", doc_id, url, "application/http; msgtype=response", http, n))


if __name__ == "__main__":
    main()
