#!/usr/bin/env python3
"""A news sample for inline boilerplate, and its scoring.

Writes flattened news articles (paragraphs joined into one or two long lines, as extractors leave
them) from four invented outlets, with related-article links, photo captions and credits inserted
inside paragraphs, and a truth file that records, for every document, the byte range of each
insertion and of its marker. Every story, name and headline here is invented.

  generate.py OUT_DIR [--docs N] [--seed S]     writes OUT_DIR/corpus.jsonl and OUT_DIR/truth.jsonl
  generate.py --score RUN_DIR TRUTH              prints the figures of a saring run on the corpus

Scoring (score()): a marker survives when any of its bytes is outside every removed span of its
document; a content word (a whitespace token outside every insertion) is cut when any of its bytes
is inside a removed span. Headline words left over are counted separately (boilerplate kept).
"""
import json
import os
import random
import sys

NAMES = ["Rudi Hartanto", "Siti Aminah", "Agus Permana", "Dewi Lestari", "Hendra Wijaya",
         "Yusuf Maulana", "Rina Kusuma", "Bambang Sutrisno", "Fajar Nugroho", "Lestari Handayani",
         "Taufik Hidayat", "Maya Anggraini", "Irfan Saputra", "Nur Aisyah", "Gilang Ramadhan"]
TITLES = ["Gubernur", "Bupati", "Wali Kota", "Kapolda", "Ketua DPRD", "Menteri Perhubungan",
          "Kepala Dinas Kesehatan", "Direktur Utama"]
PLACES = ["Jakarta", "Surabaya", "Bandung", "Medan", "Makassar", "Semarang", "Palembang",
          "Denpasar", "Pontianak", "Kupang", "Ambon", "Padang"]
ORGS = ["PKB", "PKS", "PDIP", "KPK", "BPS", "DPR", "Polri", "Bawaslu", "BMKG", "OJK"]
GOODS = ["beras", "cabai", "bawang merah", "minyak goreng", "gula pasir", "telur ayam", "daging sapi"]
CLAUSES = [
    "anggaran untuk perbaikan jalan sudah disiapkan sejak awal tahun",
    "pembangunan jembatan akan dimulai bulan depan setelah lelang selesai",
    "petugas terus memantau ketinggian air di sejumlah titik rawan",
    "warga diminta tetap waspada terhadap kemungkinan banjir susulan",
    "program bantuan sosial akan diperluas ke kecamatan lain",
    "pihaknya masih menunggu hasil pemeriksaan dari laboratorium",
    "harga kebutuhan pokok diperkirakan stabil hingga akhir bulan",
    "sekolah yang rusak akan diperbaiki dengan dana darurat",
    "jumlah penumpang kapal meningkat tajam menjelang libur panjang",
    "kebijakan itu dinilai memberatkan pedagang kecil di pasar tradisional",
    "rapat koordinasi digelar tertutup dan berlangsung hingga malam",
    "polisi masih mendalami motif pelaku dan memeriksa sejumlah saksi",
]
NOUNS = ["Warga", "Pedagang", "Petugas", "Nelayan", "Mahasiswa", "Pengemudi", "Petani", "Polisi"]
HEADLINES = [
    "{o1}, {o2} Dan {o3} Berfusi Dukung {n1} Di Pilkada {p}",
    "Harga {G} Di {p} Naik Jelang Lebaran",
    "Banjir Rendam Ratusan Rumah Di {p}",
    "{t} {n1} Resmikan Jembatan Baru Di {p}",
    "{o1} Periksa Pejabat Dinas Pekerjaan Umum {p}",
    "Kenapa Harga {G} Terus Naik?",
    "Daftar Jalan Yang Ditutup Saat Malam Tahun Baru Di {p}",
    "5 Fakta Kebakaran Pasar Induk {p}",
    "Viral, Pengendara Motor Terobos Banjir Di {p}",
    "Cuaca Ekstrem, {o1} Minta Nelayan {p} Tidak Melaut",
    "Pemerintah Siapkan Dana Darurat Untuk Korban Longsor",
    "Wisatawan Padati Pantai {p} Saat Libur Panjang",
    "Tarif Angkutan Umum {p} Resmi Naik Mulai Pekan Depan.",
    "Antrean Panjang Di SPBU {p} Sejak Subuh...",
]
EN_HEADLINES = [
    "City Council Approves New Budget For Road Repairs",
    "Floods Close Schools Across {p} For A Second Day",
    "Why Rice Prices Keep Rising?",
    "Port Workers Strike Over Pay In {p}",
    "New Ferry Route Links {p} And Nearby Islands",
]
EN_CLAUSES = [
    "the plan would be reviewed again next month",
    "repairs on the main road had been delayed by heavy rain",
    "the ministry expected prices to stay stable until the end of the year",
    "officers were still questioning several witnesses",
    "the new terminal would open before the holiday season",
]


class Article:
    """Builds one document as a list of pieces: (text, kind) with kind None for content."""

    def __init__(self, rng, source):
        self.rng = rng
        self.source = source
        self.pieces = []        # (text, kind, marker_length) in order; joined with single spaces
        self.mentioned = []     # names written inside sentences so far

    def sentence(self, start=None):
        r = self.rng
        name = r.choice(NAMES)
        place = r.choice(PLACES)
        kind = start or r.choice(["name", "title", "noun", "opener", "plain", "quote", "said"])
        if kind == "name":
            if self.mentioned and r.random() < 0.6:
                name = r.choice(self.mentioned)
            s = "%s mengatakan %s." % (name, r.choice(CLAUSES))
        elif kind == "title":
            s = "%s %s menambahkan, %s." % (r.choice(TITLES), name, r.choice(CLAUSES))
        elif kind == "noun":
            s = "%s di %s mengeluhkan %s yang makin mahal sejak pekan lalu." % (r.choice(NOUNS), place, r.choice(GOODS))
        elif kind == "opener":
            s = r.choice(["Diketahui, %s sebelumnya menyatakan %s." % (r.choice(ORGS), r.choice(CLAUSES)),
                          "Menurut dia, %s." % r.choice(CLAUSES),
                          "Sementara itu, %s menyebut %s." % (r.choice(ORGS), r.choice(CLAUSES)),
                          "Dalam kesempatan itu, %s juga memastikan %s." % (name, r.choice(CLAUSES))])
        elif kind == "quote":
            s = "\"Kami akan bekerja keras agar %s,\" kata %s kepada wartawan." % (r.choice(CLAUSES), name)
        elif kind == "said":
            s = "Hal itu disampaikan %s di %s, Selasa (%d/%d)." % (name, place, r.randint(1, 28), r.randint(1, 12))
        else:
            s = "Harga %s di %s naik %d persen dibanding bulan lalu, sehingga %s." % (
                r.choice(GOODS), place, r.randint(2, 30), r.choice(CLAUSES))
        if kind in ("name", "title", "quote", "said", "opener") and name not in self.mentioned and name in s:
            self.mentioned.append(name)
        return s

    def english_sentence(self):
        r = self.rng
        return r.choice(["Officials in %s said %s." % (r.choice(PLACES), r.choice(EN_CLAUSES)),
                         "%s told reporters that %s." % (r.choice(NAMES), r.choice(EN_CLAUSES)),
                         "The mayor said %s." % r.choice(EN_CLAUSES),
                         "Residents of %s said %s." % (r.choice(PLACES), r.choice(EN_CLAUSES))])

    def headline(self, english=False):
        r = self.rng
        pattern = r.choice(EN_HEADLINES if english else HEADLINES)
        o = r.sample(ORGS, 3)
        return pattern.format(o1=o[0], o2=o[1], o3=o[2], n1=r.choice(NAMES), p=r.choice(PLACES),
                              G=r.choice(GOODS).title(), t=r.choice(TITLES))

    def add(self, text, kind=None, marker=""):
        self.pieces.append((text, kind, len(marker.encode())))


FALSE_FRIENDS = [
    "Ia mengajak anak-anak untuk membaca juga menulis cerita Rakyat setiap pagi.",
    "\"Baca Juga: Aturan Baru Itu Dengan Teliti,\" kata petugas kepada para pemudik.",
    "Baca juga buku panduan yang dibagikan petugas di posko.",
    "Kepala dinas (foto bersama warga) meninjau lokasi banjir.",
    "Editor senior itu menilai liputan tersebut sudah berimbang.",
]

# Per outlet: link markers, whether captions and credits appear, a learned-only marker.
OUTLETS = {
    "warta-kota.example": {"links": ["Baca Juga:"], "caption": False, "credit": "Editor:"},
    "kabar-nusantara.example": {"links": ["BACA JUGA:", "Simak juga:", "Baca juga"], "caption": True,
                                "credit": None},
    "harian-pagi.example": {"links": ["Artikel Pilihan:", "Lihat juga:"], "caption": True,
                            "credit": "Penulis:"},
    "metro-daily.example": {"links": ["Read more:", "Related:", "Read also:"], "caption": True,
                            "credit": None, "english": True},
}


def build(rng, source, spec):
    a = Article(rng, source)
    english = spec.get("english", False)
    a.add(("%s - " % rng.choice(PLACES).upper()) + (a.english_sentence() if english else a.sentence("title")))
    paragraphs = rng.randint(5, 9)
    line_breaks = sorted(rng.sample(range(1, paragraphs), k=min(1, paragraphs - 1)))
    for p in range(paragraphs):
        for _ in range(rng.randint(2, 4)):
            a.add(a.english_sentence() if english else a.sentence())
        if rng.random() < 0.15 and not english:
            a.add(rng.choice(FALSE_FRIENDS))
        if rng.random() < 0.45:
            marker = rng.choice(spec["links"])
            a.add("%s %s" % (marker, a.headline(english)), "link", marker)
            # What follows: often a sentence that starts with a capitalised name.
            if english:
                a.add(a.english_sentence())
            else:
                a.add(a.sentence(rng.choice(["name", "name", "title", "noun", "opener", "plain"])))
        if spec["caption"] and rng.random() < 0.2:
            credit = "%s/%s" % (rng.choice(["Antara", "Reuters", "Dok"]), rng.choice(NAMES))
            word = "Photo" if english else "Foto"
            a.add("(%s: %s)" % (word, credit), "caption", "(%s:" % word)
            a.add(a.english_sentence() if english else a.sentence())
        if p in line_breaks:
            a.add("\n")
    if spec["credit"]:
        a.add("%s %s" % (spec["credit"], rng.choice(NAMES)), "credit", spec["credit"])
    elif not english and rng.random() < 0.3:
        topic = rng.choice(["PILKADA DKI 2017", "BANJIR JAKARTA", "HARGA PANGAN"])
        marker = "Baca juga artikel terkait"
        a.add("%s %s atau tulisan menarik lainnya %s" % (marker, topic, rng.choice(NAMES)), "link", marker)
    return a


def render(article):
    """(text, insertions): insertions are [begin, end, marker_end] byte offsets."""
    out = b""
    insertions = []
    for text, kind, marker_len in article.pieces:
        if text == "\n":
            out = out.rstrip(b" ") + b"\n"
            continue
        if out and not out.endswith(b"\n"):
            out += b" "
        data = text.encode()
        if kind:
            insertions.append([len(out), len(out) + len(data), len(out) + marker_len])
        out += data
    return out.decode(), insertions


def generate(out_dir, docs=400, seed=18):
    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    outlets = sorted(OUTLETS)
    with open(os.path.join(out_dir, "corpus.jsonl"), "w") as corpus, \
         open(os.path.join(out_dir, "truth.jsonl"), "w") as truth:
        for i in range(docs):
            source = outlets[i % len(outlets)]
            text, insertions = render(build(rng, source, OUTLETS[source]))
            doc_id = "n-%04d" % i
            corpus.write(json.dumps({"id": doc_id, "text": text, "metadata": {"source": source}},
                                    ensure_ascii=False) + "\n")
            truth.write(json.dumps({"id": doc_id, "insertions": insertions}) + "\n")


def words(data, begin, end):
    """Byte ranges of the whitespace-separated words of data[begin:end]."""
    out, i = [], begin
    while i < end:
        while i < end and data[i:i + 1].isspace():
            i += 1
        j = i
        while j < end and not data[j:j + 1].isspace():
            j += 1
        if j > i:
            out.append((i, j))
        i = j
    return out


def score(records, truth_path):
    """Figures for kept output records (dicts) against the truth file."""
    truth = {}
    with open(truth_path) as f:
        for line in f:
            t = json.loads(line)
            truth[t["id"]] = t["insertions"]
    markers = survived = content = content_cut = inserted_words = inserted_left = 0
    for rec in records:
        if rec["id"] not in truth:
            continue
        spans = rec["metadata"]["saring"]["removed_spans"]
        kept = rec["text"].encode()
        # The original bytes and the mask of removed bytes.
        original = rebuild(kept, spans)
        mask = bytearray(len(original))
        for s in spans:
            for k in range(s["begin"], s["end"]):
                mask[k] = 1
        ins = truth[rec["id"]]
        inside = bytearray(len(original))
        for b, e, m in ins:
            markers += 1
            if not all(mask[b:m]):
                survived += 1
            for wb, we in words(original, b, e):
                inserted_words += 1
                inserted_left += not any(mask[wb:we])
            for k in range(b, e):
                inside[k] = 1
        for wb, we in words(original, 0, len(original)):
            if any(inside[wb:we]):
                continue
            content += 1
            content_cut += any(mask[wb:we])
    return {"markers": markers, "markers_survived": survived,
            "marker_survival": survived / markers if markers else 0.0,
            "content_words": content, "content_words_cut": content_cut,
            "content_cut_fraction": content_cut / content if content else 0.0,
            "inserted_words": inserted_words, "inserted_words_left": inserted_left}


def rebuild(kept, spans):
    """The original bytes from the kept text and its removed spans (each with its text)."""
    out, cursor = b"", 0
    for s in sorted(spans, key=lambda s: s["begin"]):
        take = s["begin"] - len(out)
        out += kept[cursor:cursor + take]
        cursor += take
        out += s["text"].encode()
    return out + kept[cursor:]


def main(argv):
    if argv and argv[0] == "--score":
        import glob
        import subprocess
        records = []
        for path in sorted(glob.glob(os.path.join(argv[1], "kept", "*.jsonl.zst"))):
            data = subprocess.run(["zstd", "-dc", "-q", path], capture_output=True, check=True).stdout
            records += [json.loads(l) for l in data.splitlines()]
        print(json.dumps(score(records, argv[2]), indent=1))
        return 0
    out_dir = argv[0]
    docs = int(argv[argv.index("--docs") + 1]) if "--docs" in argv else 400
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 18
    generate(out_dir, docs, seed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
