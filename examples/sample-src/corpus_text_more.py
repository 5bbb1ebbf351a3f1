# The documents of news-b, news-c and posts/, in input order (see corpus_text.py for news-a).

from corpus_model import Doc, curly
from corpus_text import (BACA, BACA_UP, BANK_SAMPAH, BIKE, CABAI, CN, FOLLOW, GAP, HP, HT, K, KN,
                         KRL, KRL_UPDATE, KRL_WA, MD, MERAK, MERAK_BACA, READ, REP, SHORT_QUOTE,
                         SOLAR, SR, WA, WK, BP, CAP, CR, TG, blocks_of, sub, url)

LOREM = [
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco "
    "laboris nisi ut aliquip ex ea commodo consequat.",
    "Judul Berita Ditulis Di Sini",
    "Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla "
    "pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt "
    "mollit anim id est laborum.",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Pellentesque habitant morbi "
    "tristique senectus et netus et malesuada fames ac turpis egestas. Lorem ipsum dolor sit amet.",
    "Keterangan foto: lorem ipsum dolor sit amet",
]

JS_PAGE = """var _sq = window._sq || [];
function initPage(cfg) {
  if (!cfg) { cfg = {}; }
  for (var i = 0; i < _sq.length; i++) {
    if (_sq[i].type === "ad") { _sq[i].render({ slot: "top", lazy: true }); }
  }
  document.addEventListener("scroll", function () { loadMore({ page: cfg.page + 1 }); });
}
window.onload = function () { initPage({ page: 1, section: "berita" }); };
{ } { } ;
}""".split("\n")


def news_b():
    docs = []
    B = "news-b.jsonl.gz"

    # b-01: drought in NTT, hard-wrapped at 72.
    b = [K(p, 72) for p in [
        "HARIAN PAGI, KUPANG - Sedikitnya 14 desa di Kabupaten Kupang mulai mengalami krisis air "
        "bersih memasuki musim kemarau. Warga terpaksa membeli air dari truk tangki dengan harga "
        "Rp 150.000 untuk setiap 5.000 liter.",
        "Badan Penanggulangan Bencana Daerah (BPBD) setempat mencatat sebagian besar sumur warga "
        "sudah mengering sejak pertengahan Mei. Bantuan air bersih disalurkan dua kali seminggu, "
        "namun jumlahnya belum mencukupi kebutuhan semua keluarga.",
        '"Kami harus berjalan hampir dua kilometer ke mata air di bawah bukit. Anak-anak ikut '
        'membawa jeriken sebelum berangkat sekolah," kata Maria Nenobais, warga Desa Oelbiteno.',
        "Stasiun Klimatologi Kupang memperkirakan hari tanpa hujan di sebagian besar wilayah Nusa "
        "Tenggara Timur akan berlangsung hingga Oktober. Pemerintah daerah diminta menyiapkan "
        "penampungan air dan memperbaiki jaringan pipa yang rusak."]]
    b += [TG("(ant/dwi)")]
    docs.append(Doc("b-01", B, "id", b, HP, url(HP, "daerah", "2024-06-04", "krisis-air-kupang"),
                    "2024-06-04", faults=["hard-wrapped ~72 cols", "tag (ant/dwi)"]))

    # b-02: a-05 again (AMP page): same words, different whitespace, case and punctuation.
    krl = [p.replace("KABAR NUSANTARA, JAKARTA -", "Kabar Nusantara, Jakarta \u2014")
            .replace(". ", ".  ").replace('"', "\u201c", 1).replace(',"', ",\u201d")
            .replace("(KRL)", "(krl)").replace("WIB", "wib") for p in KRL]
    b = [K(p + ("   " if i == 1 else "")) for i, p in enumerate(krl)]
    b += [K(KRL_UPDATE), BP(KRL_WA.replace("WhatsApp", "Whatsapp"), WA)]
    docs.append(Doc("b-02", B, "id", b, KN, url(KN, "amp/metro", "2024-06-05", "jadwal-baru-krl"),
                    "2024-06-05",
                    faults=["exact duplicate of a-05 (unwrapped, double spaces, trailing spaces, "
                            "case, em dash, curly quotes)"]))

    # b-03: cluster A reprint: new dateline, a few words changed, another outlet's boilerplate.
    cabai = sub(CABAI, ("WARTA KOTA, BEKASI -", "BEKASI, KABAR NUSANTARA -"),
                ("pada Jumat (7/6)", "pada Sabtu (8/6)"), ("melonjak hingga", "meroket hingga"),
                ("Pemerintah kota berencana", "Pemkot Bekasi berencana"))
    b = blocks_of(cabai + ["Dapatkan berita terkini ekonomi dan bisnis di WhatsApp Kabar Nusantara. "
                           "Gratis, tanpa iklan."])
    docs.append(Doc("b-03", B, "id", b, KN, url(KN, "ekonomi", "2024-06-08", "cabai-rawit-meroket"),
                    "2024-06-08", near_dup_of="a-07",
                    faults=["near-dup cluster A: new dateline and date, 2 words changed",
                            "WhatsApp boilerplate"]))

    # b-04: cluster B reprint by another outlet, a few words changed.
    solar = sub(SOLAR, ("will cap subsidised", "is to cap subsidised"), ("rein in", "curb"),
                ("told reporters.", "said."))
    b = [K(p) for p in solar] + [BP("Read also: Port fees to rise for cargo ships next year", READ)]
    docs.append(Doc("b-04", B, "en", b, HT, url(HT, "business", "2024-06-10", "diesel-quota-boats"),
                    "2024-06-10", near_dup_of="a-12",
                    faults=["near-dup cluster B: 3 edits", "Read also"]))

    # b-05: a different sport article carrying the same short quote as a-03.
    b = blocks_of([
        "HARIAN PAGI, BOGOR - Tim futsal Bogor Raya memastikan tiket ke babak final Piala Gubernur "
        "Jawa Barat setelah menundukkan Cirebon Mandiri 5-3 di GOR Pajajaran, Sabtu (8/6) malam.",
        "Pertandingan berjalan ketat sejak menit awal. Cirebon Mandiri sempat unggul 3-2 hingga "
        "pertengahan babak kedua sebelum Bogor Raya mencetak tiga gol dalam tujuh menit terakhir.",
        "Pivot Bogor Raya, Galih Pratama, menjadi bintang lapangan dengan mencetak dua gol. Usai "
        "laga, ia mengaku timnya terpacu oleh dukungan ratusan penonton yang datang meski "
        "pertandingan digelar hingga larut malam.",
        SHORT_QUOTE,
        "Di partai final, Bogor Raya akan menghadapi pemenang laga antara Bandung Juara dan Tasik "
        "Putra yang digelar Minggu malam. Final dijadwalkan berlangsung di tempat yang sama pada "
        "Sabtu pekan depan."])
    b += [TG("(ant/dwi)")]
    docs.append(Doc("b-05", B, "id", b, HP, url(HP, "olahraga", "2024-06-09", "futsal-bogor-final"),
                    "2024-06-09",
                    faults=["short quote paragraph also in a-03 (content)", "tag (ant/dwi)"]))

    # b-06: waste banks; c-11 carries the identical text.
    b = blocks_of(BANK_SAMPAH)
    docs.append(Doc("b-06", B, "id", b, SR, url(SR, "depok", "2024-06-09", "bank-sampah-rw"),
                    "2024-06-09",
                    faults=["BACA JUGA (upper case)", "original of byte-identical c-11",
                            "the gzip member boundary falls inside this line"]))

    # b-07: template page.
    b = [K(p) for p in LOREM]
    docs.append(Doc("b-07", B, "la", b, KN, "https://staging.kabar-nusantara.example/template/artikel",
                    None, quality="low", faults=["lorem ipsum (low quality)", "no date"]))

    # b-08: English transport.
    b = blocks_of([curly(p) for p in [
        "PORT HARLOW - Bus fares across the Harlow district will rise by an average of 8% from "
        "July 1, the regional transport authority announced on Monday, blaming higher fuel and "
        "wage costs.",
        "A single adult ticket within the town centre will go from $2.40 to $2.60, while the day "
        "pass rises to $6.50. Fares for under-16s and concession card holders will not change.",
        "Read also: Council votes for protected bike lanes on Station Road",
        "The authority said the increase would help it keep the late-evening services that were at "
        'risk of being cut. "Without this change we would have had to remove the last two buses on '
        'six routes," operations director Karen Lowe said.',
        "Passenger group Harlow Bus Users said it accepted the need for a rise but asked for a "
        "cheaper weekly ticket for part-time workers. The group plans to collect signatures at the "
        "bus station over the next two weekends.",
        "Follow us on Instagram and Threads for more local news."]])
    docs.append(Doc("b-08", B, "en", b, MD, url(MD, "transport", "2024-06-10", "bus-fares-rise"),
                    "2024-06-10", faults=["Read also", "Follow us"]))

    # b-09: rupiah, hard-wrapped; nested metadata extras.
    b = [K(curly(p), 70) for p in [
        "WARTA KOTA, JAKARTA - Nilai tukar rupiah melemah 45 poin ke level Rp 16.310 per dolar "
        "Amerika Serikat pada penutupan perdagangan Selasa (11/6), tertekan penguatan dolar "
        "menjelang rapat bank sentral AS.",
        "Pengamat pasar uang, Ibrahim Hakim, mengatakan pelaku pasar cenderung menahan diri sambil "
        "menunggu sinyal arah suku bunga. Menurut dia, permintaan dolar dari importir menjelang "
        "akhir bulan juga ikut menekan rupiah.",
        "Bank Indonesia menyatakan terus berada di pasar untuk menjaga stabilitas nilai tukar "
        "melalui intervensi di pasar spot dan pasar berjangka domestik. Cadangan devisa dinilai "
        "masih cukup untuk meredam gejolak jangka pendek.",
        "Untuk perdagangan Rabu, rupiah diperkirakan bergerak fluktuatif dengan kecenderungan "
        "melemah di rentang Rp 16.280 hingga Rp 16.350 per dolar AS."]]
    b += [BP("Baca juga: IHSG Ditutup Menguat, Saham Bank Besar Jadi Penopang", BACA)]
    docs.append(Doc("b-09", B, "id", b, WK, url(WK, "ekonomi", "2024-06-11", "rupiah-melemah"),
                    "2024-06-11",
                    faults=["hard-wrapped ~70 cols", "Baca juga",
                            "extras: metadata.section, metadata.authors (array of objects), "
                            "empty array, top-level array"],
                    meta_extra={"section": "Ekonomi",
                                "authors": [{"name": "R. Putri", "role": "reporter"},
                                            {"name": "A. Lubis", "role": "editor"}],
                                "images": []},
                    top_extra={"simhash_hint": [1, 2, 3]}))

    # b-10: English council story, two paragraphs pasted twice.
    b = [K(curly(p)) for p in [
        "HARLOW BAY - Households in Harlow Bay will pay about 6% more for water from October after "
        "the district council approved a new tariff on Tuesday evening.",
        "The council said the money would pay for replacing cast-iron mains in the old town, where "
        "more than a third of treated water is lost to leaks before it reaches homes.",
        "Council treasurer Nadia Brooks said the average household bill would rise by around $3 a "
        "month. Low-income households already on the discount scheme will see no increase this year.",
        "Several residents at the meeting questioned why the repairs had been delayed for so long. "
        "Brooks said earlier funding had gone into the new treatment plant, which opened last "
        "spring."]]
    b += [REP(b, 1), REP(b, 2),
          BP("Follow us on Facebook for updates from Harlow Bay council meetings.", FOLLOW)]
    docs.append(Doc("b-10", B, "en", b, HT, url(HT, "council", "2024-06-11", "water-tariff"),
                    "2024-06-11", faults=["2 paragraphs pasted twice", "Follow us"]))
    return docs


def news_c():
    docs = []
    C = "news-c.jsonl.zst"

    # c-01: a-11 crawled again a day later: only the date line differs.
    b = [K("Sabtu, 15 Juni 2024 | 06:30 WIB")] + [K(curly(p)) for p in MERAK] + [BP(MERAK_BACA,
                                                                                   BACA_UP)]
    docs.append(Doc("c-01", C, "id", b, SR, url(SR, "daerah", "2024-06-14", "antrean-merak"),
                    "2024-06-15", near_dup_of="a-11",
                    faults=["second crawl of a-11: new date line, same url"]))

    # c-02: cluster A reprint: dateline changed, one sentence dropped, tag.
    cabai = sub(CABAI, ("WARTA KOTA, BEKASI -", "HARIAN PAGI, BEKASI -"),
                drop=["Sejumlah pedagang mengaku hanya mendapat separuh dari kiriman biasanya."])
    b = blocks_of(cabai) + [TG("(fik)")]
    docs.append(Doc("c-02", C, "id", b, HP, url(HP, "ekonomi", "2024-06-08", "harga-cabai-bekasi"),
                    "2024-06-08", near_dup_of="a-07",
                    faults=["near-dup cluster A: dateline changed, a sentence dropped",
                            "tag (fik)"]))

    # c-03: cluster B reprint: dated dateline, the last sentence dropped.
    solar = sub(SOLAR, ("JAKARTA (Reuters) -", "JAKARTA, June 10 (Reuters) -"),
                drop=["The rules will be reviewed after six months, the ministry added."])
    b = [K(curly(p)) for p in solar] + [
        BP("Follow us on X for business news from across the region.", FOLLOW)]
    docs.append(Doc("c-03", C, "en", b, MD, url(MD, "business", "2024-06-11", "fishing-diesel-cap"),
                    "2024-06-11", near_dup_of="a-12",
                    faults=["near-dup cluster B: dated dateline, last paragraph dropped",
                            "Follow us"]))

    # c-04: a page of javascript.
    docs.append(Doc("c-04", C, "und", [K(x) for x in JS_PAGE], KN,
                    "https://kabar-nusantara.example/static/page.js", None, quality="low",
                    faults=["javascript (low quality)", "no date"]))

    # c-05: health.
    b = blocks_of([
        "KABAR NUSANTARA, CIREBON - Dinas Kesehatan Kabupaten Cirebon menggelar imunisasi campak "
        "dan rubela susulan di 320 posyandu mulai Kamis (13/6) setelah ditemukan lonjakan kasus "
        "campak di tiga kecamatan.",
        "Kepala Bidang Pencegahan dan Pengendalian Penyakit, Ratna Sari, mengatakan sasaran "
        "imunisasi adalah anak usia sembilan bulan hingga lima tahun yang belum lengkap status "
        "imunisasinya. Petugas juga akan mendatangi rumah warga yang tidak datang ke posyandu.",
        '"Campak sangat mudah menular. Satu anak yang sakit bisa menulari belasan anak lain yang '
        'belum diimunisasi," kata Ratna.',
        "Hingga awal Juni, tercatat 47 kasus suspek campak, 12 di antaranya terkonfirmasi melalui "
        "pemeriksaan laboratorium. Seluruh pasien dalam kondisi membaik dan tidak ada kasus kematian.",
        "Dapatkan berita terkini seputar kesehatan dari Kabar Nusantara di WhatsApp dan Telegram."])
    docs.append(Doc("c-05", C, "id", b, KN, url(KN, "kesehatan", "2024-06-13", "imunisasi-campak"),
                    "2024-06-13", faults=["WhatsApp boilerplate (another tail)"]))

    # c-06: English heatwave, escaped non-ASCII; caption + (Reuters).
    lead = ("Temperatures climbed above 38\u00b0C in several inland towns on Thursday as a heatwave "
            "tightened its grip on the region.")
    b = [CAP(lead, ref=2, width=50), CR("(Reuters)"),
         K("PORT HARLOW \u2014 " + lead + " Health officials urged people to avoid outdoor work in "
           "the early afternoon."),
         K("The hottest reading, 39.4\u00b0C, was recorded at Millbrook airfield, just short of the "
           "June record set nine years ago. Forecasters expect the heat to ease slightly on Sunday "
           "when winds turn to the south-west."),
         K("Hospitals reported a rise in patients with dehydration and heat exhaustion, most of them "
           "elderly. The health department has opened cooling centres in four libraries and the "
           "Caf\u00e9 Mar\u00e9e community hall, which will stay open until 9 pm."),
         K(curly('Farmers said the dry spell was coming at a bad time for cereal crops that are still '
                 'filling grain. "Another week of this and we will see real losses," said grower '
                 'Tom Ellery.')),
         BP("Follow us on X for weather alerts and traffic updates.", FOLLOW),
         BP("Read also: Water use hits record as residents water gardens at night", READ)]
    docs.append(Doc("c-06", C, "en", b, MD, url(MD, "weather", "2024-06-14", "heatwave-inland"),
                    "2024-06-14", ascii_escape=True,
                    faults=["\\uXXXX escapes", "caption repeats lead", "credit (Reuters)",
                            "Read also", "Follow us"]))

    # c-07: roads; caption + (Antara); Baca juga; tag (rm/indo).
    lead = ("Puluhan lubang di Jalan Raya Parung mulai diperbaiki setelah warga memasang spanduk "
            "protes di sepanjang jalan.")
    b = [CAP(lead, ref=2, width=48), CR("(Antara)"),
         K("WARTA KOTA, BOGOR - " + lead + " Perbaikan dilakukan oleh dinas bina marga provinsi "
           "sejak Kamis (13/6) dan ditargetkan selesai dalam dua pekan."),
         K("Kerusakan jalan sepanjang hampir enam kilometer itu sudah dikeluhkan warga sejak awal "
           "tahun. Sedikitnya lima pengendara sepeda motor dilaporkan terjatuh akibat lubang yang "
           "tertutup genangan air saat hujan."),
         K(curly('"Kami sudah lapor berkali-kali lewat aplikasi pengaduan, tetapi baru sekarang ada '
                 'tindakan," kata Ujang Saepudin, pemilik bengkel di tepi jalan tersebut.')),
         K("Kepala seksi pemeliharaan jalan menjelaskan perbaikan sementara dilakukan dengan "
           "penambalan aspal. Pelebaran dan pengecoran jalan direncanakan masuk anggaran tahun "
           "depan."),
         BP("Baca juga: Tarif Parkir di Pusat Kota Bogor Naik Mulai Juli", BACA),
         TG("(rm/indo)")]
    docs.append(Doc("c-07", C, "id", b, WK, url(WK, "bogor", "2024-06-14", "jalan-parung-diperbaiki"),
                    "2024-06-14",
                    faults=["caption repeats lead", "credit (Antara)", "Baca juga", "tag (rm/indo)"]))

    # c-08: the whole body pasted twice.
    b = blocks_of([
        "HARIAN PAGI, TANGERANG - Perpustakaan keliling milik Dinas Perpustakaan Kota Tangerang kini "
        "singgah di 24 taman kota setiap akhir pekan. Program ini bertujuan mendekatkan buku kepada "
        "anak-anak yang jarang berkunjung ke perpustakaan.",
        "Setiap mobil perpustakaan membawa sekitar 1.500 judul buku, mulai dari buku cerita "
        "bergambar, komik pendidikan, hingga buku resep dan keterampilan untuk orang dewasa. "
        "Pengunjung dapat membaca di tempat atau meminjam dengan menunjukkan kartu identitas.",
        '"Awalnya yang datang cuma belasan anak, sekarang bisa lebih dari seratus orang tiap Minggu '
        'pagi," ujar Siti Rohmah, pustakawan yang bertugas di Taman Gajah Tunggal.'])
    b += [REP(b, 0), REP(b, 1), REP(b, 2), TG("(sya)")]
    docs.append(Doc("c-08", C, "id", b, HP, url(HP, "metro", "2024-06-15", "perpustakaan-keliling"),
                    "2024-06-15", faults=["whole body pasted twice", "tag (sya)"]))

    # c-09: English sport, clean apart from its Follow us line.
    b = blocks_of([curly(p) for p in [
        "HARLOW BAY - More than 80 boats took part in the annual Harlow Bay regatta on Sunday, the "
        "largest fleet since the event restarted after the pandemic.",
        "Light winds in the morning delayed the first race by an hour, but a steady breeze from the "
        "west filled in by midday and allowed organisers to complete all six races.",
        'Local sailor Priya Nair, 17, won the junior dinghy class for the second year in a row. "The '
        'last race was the hardest. I nearly capsized at the final mark," she said.',
        "The harbour master thanked volunteers from the lifeboat station and the sailing club, who "
        "ran safety boats throughout the day. Money raised from entry fees and the evening barbecue "
        "will go to the lifeboat station.",
        "Follow us on Instagram for more photos from the regatta."]])
    docs.append(Doc("c-09", C, "en", b, CN, url(CN, "sport", "2024-06-16", "regatta-record-fleet"),
                    "2024-06-16", faults=["Follow us"]))

    # c-10: byte-exact passthrough: text first, escaped slashes, big and odd numbers.
    b = blocks_of([
        "KABAR NUSANTARA, SERANG - Perusahaan listrik daerah mengumumkan pemadaman bergilir di "
        "sebagian wilayah Kota Serang pada Senin dan Selasa (17-18/6) karena pemeliharaan gardu "
        "induk.",
        "Pemadaman akan berlangsung antara pukul 09.00 dan 15.00 WIB di Kecamatan Cipocok Jaya, "
        "Taktakan, dan Walantaka. Jadwal rinci per kelurahan diumumkan melalui akun media sosial "
        "resmi perusahaan.",
        "Manajer unit pelayanan setempat, Hari Wibowo, meminta maaf atas ketidaknyamanan tersebut. "
        "Ia menyebut pemeliharaan diperlukan untuk mencegah gangguan yang lebih besar saat beban "
        "listrik memuncak pada musim kemarau.",
        "Pelaku usaha kecil mengeluhkan waktu pemadaman yang jatuh pada jam operasional. Pemilik "
        "usaha fotokopi di dekat kampus, Wawan, mengatakan ia terpaksa menyewa genset agar tetap "
        "bisa melayani mahasiswa.",
        "Dapatkan berita terkini Banten hanya di WhatsApp Kabar Nusantara."])
    docs.append(Doc("c-10", C, "id", b, KN, url(KN, "banten", "2024-06-16", "pemadaman-serang"),
                    "2024-06-16", raw_line=c10_line,
                    faults=["`text` before `id`", "escaped slashes in url", "uint64 max, 1.50, -0.0, "
                            "1e-7, deep nesting, \\t and \\u00e9 escapes: pass through byte-exact",
                            "WhatsApp boilerplate"]))

    # c-11: b-06's text byte for byte, from the mobile site.
    b = blocks_of(BANK_SAMPAH)
    docs.append(Doc("c-11", C, "id", b, "m.suara-rakyat.example",
                    url("m.suara-rakyat.example", "depok", "2024-06-09", "bank-sampah-rw"),
                    "2024-06-09", faults=["byte-identical text of b-06"]))
    return docs


def c10_line(doc, text_json):
    """The exact line of c-10: written by hand so that number spellings survive."""
    return ('{"text": ' + text_json + ', "id": "c-10", "metadata": {"source": '
            '"kabar-nusantara.example", "url": "https:\\/\\/kabar-nusantara.example\\/banten\\/2024\\/'
            '06\\/16\\/pemadaman-serang", "date": "2024-06-16", "crawl_ts": 1718500000123, '
            '"doc_hash": 18446744073709551615, "score": 1.50, "delta": -0.0, "ratio": 1e-7, '
            '"note": "tab\\there \\"quoted\\" caf\\u00e9", "deep": {"a": {"b": {"c": [null, true, '
            'false, {}, [[]]]}}}}, "x-extra": {"empty_obj": {}, "empty_arr": []}}')


def posts():
    docs = []
    P = "posts"

    # post-01: seed-style blog repost, everything hard-wrapped.
    lead = ("Banjir rob kembali merendam kawasan pesisir utara Kota Semarang setelah air laut pasang "
            "mencapai ketinggian 1,6 meter.")
    b = [CAP(lead, ref=2, width=64), CR("(Antara)"),
         K("SEMARANG - " + lead + " Genangan setinggi 30 hingga 60 sentimeter terlihat di Kelurahan "
           "Tambak Lorok dan sekitar Pelabuhan Tanjung Emas sejak Selasa pagi.", 70),
         K("Sejumlah warga memilih bertahan di rumah dengan meninggikan perabot menggunakan batu bata "
           "dan kayu. Aktivitas di pasar ikan terganggu karena pembeli enggan melintasi genangan air "
           "asin.", 70),
         K('"Sudah biasa, setiap bulan purnama pasti naik. Tapi tahun ini airnya lebih tinggi dan '
           'surutnya lebih lama," kata Sumarno, nelayan yang tinggal di Tambak Lorok.', 70),
         K("Stasiun Meteorologi Maritim memperkirakan pasang maksimum masih akan terjadi hingga "
           "Kamis. Warga diminta mewaspadai kenaikan air pada pukul 10.00 hingga 14.00 WIB.", 70)]
    b += [REP(b, 3), REP(b, 4), TG("(esn/tempo)")]
    docs.append(Doc("post-01-rob-semarang", P, "id", b, final_newline=False,
                    faults=["caption repeats lead (hard-wrapped)", "credit (Antara)",
                            "hard-wrapped ~70 cols", "2 paragraphs pasted twice",
                            "tag (esn/tempo), no final newline"]))

    # post-02: English community post with CRLF line endings, hard-wrapped.
    b = [K(p, 70) for p in [
        "Our community garden on Mill Lane turned three this spring, and it has been the best season "
        "yet. Twenty-two families now share the plots, up from nine in the first year.",
        "The big change this year was the new rainwater tanks. A local builder donated the gutters "
        "and two volunteers spent a weekend fitting them to the old scout hut. We have barely "
        "touched the mains tap since April.",
        "Not everything went well. Slugs ate most of the lettuce in May, and the tomatoes in the "
        "polytunnel caught blight in early July. If anyone has tips that do not involve pellets, "
        "please leave them in the box by the gate.",
        "Open day is on Saturday 27 July from 10 am. There will be seedlings for sale, a jam stall, "
        "and a short talk on composting for beginners. Everyone is welcome, and you do not need to "
        "be a member to come along."]]
    docs.append(Doc("post-02-community-garden", P, "en", b, eol="\r\n",
                    faults=["CRLF line endings", "hard-wrapped ~70 cols"]))

    # post-03: Javanese.
    b = [K(p) for p in [
        "Warga Dusun Ngudi Rejo, Kecamatan Sambirejo, nganakake tradhisi merti desa ing dina Minggu "
        "Legi. Acara iki dianakake saben taun sawise panen pari minangka wujud rasa syukur marang "
        "Gusti Kang Maha Kuwasa.",
        "Wiwit esuk, para warga padha ngumpul ing balai desa karo nggawa tumpeng, jajan pasar, lan "
        "asil bumi. Bocah-bocah cilik katon seneng banget nonton kirab gunungan sing diarak "
        "ngubengi desa.",
        'Pak Lurah Suparno ngendika yen tradhisi iki kudu dilestarekake supaya generasi enom ora lali '
        'marang budaya leluhur. "Merti desa iki dudu mung pesta, nanging uga wektu kanggo guyub '
        'rukun," ngendikane.',
        "Ing wayah bengi, acara dipungkasi kanthi pagelaran wayang kulit kanthi lakon Sri Boyong. "
        "Pagelaran iki ditonton atusan warga nganti esuk.",
        "Panitia ngarep-arep taun ngarep acara iki bisa luwih gedhe maneh lan bisa narik kawigaten "
        "wisatawan saka njaba daerah."]]
    docs.append(Doc("post-03-merti-desa", P, "jv", b, faults=["Javanese"]))

    # post-04: a-08 copied into a blog: wrapped, other case and punctuation.
    bike = [p.replace("PORT HARLOW -", "Port Harlow:").replace("7-4", "7\u20134")
             .replace("two years.", "two years") for p in BIKE]
    b = []
    for i, p in enumerate(bike):
        b += [K(p.upper()) if i == 2 else K(p, 72), GAP()]
    b.pop()
    docs.append(Doc("post-04-bike-lanes-copy", P, "en", b,
                    faults=["exact duplicate of a-08 (wrapped, blank lines, case, en dash, "
                            "straight quotes, a dropped full stop)"]))

    # post-05: a clean Indonesian blog post with blank lines between paragraphs.
    paras = [
        "Setiap Minggu pagi, jalan di depan kompleks perumahan kami berubah menjadi pasar kaget. "
        "Pedagang mulai menggelar lapak sejak pukul lima, sebelum matahari terbit.",
        "Yang dijual macam-macam: sayur segar dari petani di kaki gunung, ikan asin, kue basah, "
        "mainan anak, sampai kaus bekas. Harga di sini biasanya sedikit lebih murah daripada di "
        "pasar besar karena pedagang tidak perlu membayar sewa kios.",
        "Minggu lalu (2/6) saya sempat mengobrol dengan Bu Warsih, penjual pecel yang sudah "
        'berjualan di sini sejak 2015. "Yang penting laris, untungnya sedikit tidak apa-apa," '
        "katanya sambil tertawa.",
        "Pengurus RW memungut iuran kebersihan Rp 2.000 dari setiap pedagang. Uang itu dipakai untuk "
        "membayar petugas yang menyapu jalan setelah pasar bubar pukul sembilan.",
        "Kalau kebetulan lewat, mampirlah. Datang lebih pagi supaya masih kebagian serabi hangat."]
    b = []
    for p in paras:
        b += [K(p), GAP()]
    b.pop()
    docs.append(Doc("post-05-pasar-kaget", P, "id", b,
                    faults=["blank lines between paragraphs", "(2/6) inside a sentence (content)"]))

    # post-06: cluster A copied into a blog without the dateline, a word changed.
    cabai = sub(CABAI, ("WARTA KOTA, BEKASI - Harga", "Harga"), ("melonjak hingga", "naik hingga"))
    b = [K(p) for p in cabai]
    docs.append(Doc("post-06-harga-cabai", P, "id", b, near_dup_of="a-07",
                    faults=["near-dup cluster A: dateline removed, a word changed"]))
    return docs
