# The documents of the sample corpus, in input order. Every story, name and number here is
# invented for this corpus (places are real, people and organisations mostly are not).
# See corpus_model.py for the block kinds and ../README.md for what each document shows.

from corpus_model import (BLANK, BOILER, CAPTION, CREDIT, KEEP, REPEAT, TAG, Block, Doc, curly,
                          wrap)


def K(text, width=None, first=None):
    return Block(wrap(text, width, first) if width else text, KEEP)


def CAP(text, ref, width=66):
    return Block(wrap(text, width), CAPTION, ref=ref)


def CR(text):
    return Block(text, CREDIT)


def TG(text):
    return Block(text, TAG)


def BP(text, pattern):
    return Block(text, BOILER, pattern=pattern)


def REP(blocks, i):
    return Block(blocks[i].text, REPEAT, ref=i)


def GAP():
    return Block("", BLANK)


def url(source, section, date, slug):
    return "https://%s/%s/%s/%s" % (source, section, (date or "2024-06-01").replace("-", "/"), slug)


WK, KN, HP, SR = ("warta-kota.example", "kabar-nusantara.example", "harian-pagi.example",
                  "suara-rakyat.example")
MD, CN, HT, BS = ("metro-daily.example", "coastline-news.example", "harbour-times.example",
                  "berita-semenanjung.example")

BACA, READ, WA, FOLLOW, BACA_UP = ("Baca juga:", "Read also:", "Dapatkan berita terkini",
                                   "Follow us on", "BACA JUGA:")

# A long paragraph that a later article of the same outlet reuses as background (a-04 -> a-10).
SHARED_DRAINAGE = (
    "Program normalisasi saluran tersebut mencakup pengerukan sedimen di 42 ruas saluran primer "
    "dan sekunder, pembangunan tiga kolam retensi baru di Tanah Sareal dan Bogor Utara, serta "
    "pemasangan 120 sumur resapan di permukiman padat. Dinas Pekerjaan Umum menargetkan seluruh "
    "pekerjaan fisik selesai sebelum puncak musim hujan pada Desember, dengan pengawasan bersama "
    "oleh inspektorat dan perwakilan warga di setiap kelurahan yang dilalui proyek.")

# A short quote that two different articles carry as its own paragraph (a-03, b-05): content.
SHORT_QUOTE = '"Kami bermain untuk suporter."'

# ---- story texts shared by several documents ---------------------------------------------

KRL = [  # a-05 and its exact duplicate b-02
    "KABAR NUSANTARA, JAKARTA - PT Komuter Jabodetabek memberlakukan jadwal perjalanan baru "
    "kereta rel listrik (KRL) mulai Sabtu (8/6). Dalam jadwal baru itu, jumlah perjalanan "
    "bertambah dari 1.080 menjadi 1.104 perjalanan per hari.",
    "Manajer Komunikasi perusahaan, Dewi Kartikasari, mengatakan tambahan perjalanan difokuskan "
    "pada lintas Bogor dan Bekasi yang paling padat pada jam sibuk pagi. Jarak antarkereta pada "
    "pukul 05.30 hingga 08.00 WIB dipersingkat menjadi enam menit.",
    '"Kami menyarankan pengguna mengecek jadwal terbaru di aplikasi sebelum berangkat karena ada '
    'perubahan jam keberangkatan di hampir semua stasiun," kata Dewi, Rabu (5/6).',
    "Selain menambah perjalanan, perusahaan juga mengubah pola operasi di Stasiun Manggarai. "
    "Kereta dari arah Bekasi kini berhenti di peron 10 dan 11, sementara kereta tujuan Bogor "
    "dipindahkan ke peron 6 dan 7.",
    "Sejumlah pengguna menyambut baik tambahan perjalanan, tetapi berharap jumlah gerbong juga "
    "ditambah. Rini, pengguna KRL dari Depok, mengatakan kereta pada pukul 06.00 WIB masih sangat "
    "padat meski jadwal sudah diperbanyak.",
]
KRL_UPDATE = ("(Artikel ini telah diperbarui pada Rabu pukul 15.20 WIB untuk menambahkan keterangan "
              "mengenai perubahan peron di Stasiun Manggarai.)")
KRL_WA = ("Dapatkan berita terkini seputar Jabodetabek langsung di WhatsApp Anda. Gabung saluran "
          "Kabar Nusantara sekarang.")

CABAI = [  # near-duplicate cluster A: a-07, b-03, c-02, post-06
    "WARTA KOTA, BEKASI - Harga cabai rawit merah di sejumlah pasar tradisional di Kota Bekasi "
    "melonjak hingga Rp 85.000 per kilogram pada Jumat (7/6), naik hampir dua kali lipat "
    "dibandingkan awal bulan lalu.",
    "Pantauan di Pasar Baru Bekasi dan Pasar Kranji menunjukkan pasokan cabai dari sentra "
    "produksi di Garut dan Brebes berkurang sejak dua pekan terakhir. Sejumlah pedagang mengaku "
    "hanya mendapat separuh dari kiriman biasanya.",
    '"Biasanya satu hari saya bisa jual 30 kilo, sekarang paling banyak 15 kilo karena barangnya '
    'susah dan pembeli juga mengurangi," kata Siti Aminah, pedagang sayur di Pasar Baru Bekasi.',
    "Kepala Dinas Perdagangan dan Perindustrian Kota Bekasi, Hendra Gunawan, mengatakan kenaikan "
    "harga dipicu curah hujan tinggi di daerah penghasil yang membuat banyak tanaman cabai busuk "
    "sebelum dipanen. Pemerintah kota berencana menggelar operasi pasar di lima kecamatan mulai "
    "pekan depan.",
    "Dalam operasi pasar itu, cabai rawit akan dijual Rp 60.000 per kilogram dengan batas "
    "pembelian dua kilogram per orang. Pedagang pasar diundang ikut serta agar pasokan ke "
    "warung-warung kecil tetap terjaga.",
    "Selain cabai, harga bawang merah juga naik menjadi Rp 48.000 per kilogram. Sementara itu, "
    "harga beras medium relatif stabil di kisaran Rp 13.500 per kilogram dan stok dinilai aman "
    "hingga tiga bulan ke depan.",
    "Pedagang makanan ikut terkena imbas. Pemilik warung nasi di dekat Stasiun Bekasi, Joko "
    "Susilo, mengatakan ia terpaksa mengurangi porsi sambal karena tidak mungkin menaikkan harga "
    "makanan dalam waktu singkat.",
    "Hendra mengimbau warga tidak melakukan pembelian berlebihan. Menurut dia, harga diperkirakan "
    "kembali turun setelah panen raya di Jawa Tengah pada pertengahan Juli.",
]

SOLAR = [  # near-duplicate cluster B: a-12, b-04, c-03
    "JAKARTA (Reuters) - Indonesia will cap subsidised diesel for small fishing boats at 25 "
    "kilolitres per vessel a year from August, the energy ministry said on Monday, as the "
    "government tries to rein in a fuel subsidy bill that has grown sharply this year.",
    "The new quota applies to boats below 30 gross tonnes and will be enforced through a digital "
    "card that crews must show at harbour fuel stations, ministry spokesman Agus Prasetyo told "
    "reporters.",
    "Fishing groups said the cap was too low for crews that sail far from shore during the lean "
    'season. "In a busy year we use that quota in less than ten months," said Rahmat Hidayat, '
    "who heads a fishermen's association in the northern coast town of Indramayu.",
    "The ministry said about 1.3 million fishermen would keep receiving fuel at the subsidised "
    "price, and that boats with logbooks showing longer trips could apply for an additional "
    "allocation of up to 10 kilolitres.",
    "Indonesia spent more than 60 trillion rupiah on fuel subsidies in the first four months of "
    "the year, finance ministry data show, and officials have warned that rising global oil "
    "prices could push the annual bill above budget.",
    "Analysts said the move was part of a broader effort to target subsidies better. "
    '"The direction is right, but enforcement at thousands of small ports will be the real '
    'test," said Lina Kartika, an energy economist at a Jakarta think tank.',
    "Boat owners who break the rules could lose their fuel card for a year, and fuel station "
    "operators who sell above the quota face fines, according to the draft regulation.",
    "The rules will be reviewed after six months, the ministry added.",
]

MERAK = [  # a-11 and its second crawl c-01
    "SUARA RAKYAT, CILEGON - Antrean kendaraan menuju Pelabuhan Merak mengular hingga tiga "
    "kilometer pada Jumat (14/6) malam, menjelang libur panjang Iduladha.",
    "Kepala cabang operator penyeberangan di Merak, Yusuf Hamdani, mengatakan jumlah kendaraan "
    "yang menyeberang ke Bakauheni meningkat sekitar 40 persen dibandingkan akhir pekan biasa. "
    "Sebanyak 28 kapal dioperasikan secara bergantian di tujuh dermaga.",
    '"Kami mengimbau pengguna jasa membeli tiket secara daring paling lambat sehari sebelumnya '
    "dan datang sesuai jadwal yang tertera di tiket, supaya tidak menumpuk di area pelabuhan,\" "
    "kata Yusuf.",
    "Kepolisian memberlakukan sistem buka-tutup di Jalan Raya Merak dan menyiapkan kantong parkir "
    "di rest area untuk menampung truk barang. Kendaraan angkutan barang dengan sumbu tiga atau "
    "lebih dilarang melintas mulai Sabtu pukul 00.00 WIB.",
    "Sejumlah pemudik mengaku harus menunggu lebih dari empat jam sebelum bisa masuk kapal. Andi, "
    "warga Tangerang yang hendak pulang ke Lampung, mengatakan ia berangkat sejak sore agar tidak "
    "terjebak kemacetan di tol.",
    "Puncak arus penyeberangan diperkirakan terjadi pada Sabtu dini hari. Petugas gabungan dari "
    "kepolisian, dinas perhubungan, dan TNI disiagakan di sepanjang jalur menuju pelabuhan.",
]
MERAK_BACA = "BACA JUGA: Tarif Tol Tangerang-Merak Naik Mulai Bulan Depan"

BIKE = [  # a-08 and its exact duplicate post-04
    "PORT HARLOW - The city council voted 7-4 on Wednesday night to build protected bike lanes "
    "along Station Road and the lower part of High Street, ending a debate that has run for "
    "almost two years.",
    "The $2.4 million project will replace about 60 parking spaces with a two-way cycle track "
    "separated from traffic by concrete kerbs. Work is due to start in September and take around "
    "five months.",
    "Read also: New bus timetable leaves night workers stranded, riders say",
    "Councillor Maria Okafor, who chairs the transport committee, said the lanes would link the "
    "railway station with the college and the new housing on the old dock site. "
    '"People tell us they would cycle if they felt safe. This gives them that," she said.',
    "Shop owners on High Street had asked for a delay, arguing that fewer parking spaces would hurt "
    "trade in the busy months before Christmas. The council agreed to add 20 short-stay spaces on a "
    "side street and to keep deliveries allowed before 10 am.",
    "Opposition councillor Derek Hale called the plan rushed and said the money would be better "
    "spent fixing potholes. A public meeting on the detailed design will be held at the town hall "
    "on June 20.",
    "Follow us on Facebook, Instagram and X to get the latest Port Harlow news.",
]

BANK_SAMPAH = [  # b-06 and its byte-identical copy c-11
    "SUARA RAKYAT, DEPOK - Pemerintah Kota Depok menargetkan setiap rukun warga (RW) memiliki bank "
    "sampah aktif pada akhir tahun ini untuk mengurangi beban Tempat Pemrosesan Akhir (TPA) "
    "Cipayung yang sudah melebihi kapasitas.",
    "Kepala Dinas Lingkungan Hidup dan Kebersihan Kota Depok, Yayan Sopandi, mengatakan saat ini "
    "baru 412 dari 924 RW yang memiliki bank sampah. Setiap hari TPA Cipayung menerima lebih dari "
    "1.200 ton sampah, sebagian besar berupa sampah rumah tangga.",
    '"Kalau sampah organik diolah di rumah dan sampah plastik ditabung di bank sampah, beban TPA '
    'bisa turun hampir separuh," kata Yayan saat meninjau bank sampah di Kelurahan Mekarjaya, '
    "Minggu (9/6).",
    "Nasabah bank sampah mendapatkan saldo dari setiap kilogram sampah yang disetorkan. Saldo itu "
    "dapat ditukar dengan uang tunai, sembako, atau digunakan untuk membayar iuran kebersihan.",
    "BACA JUGA: Depok Siapkan Lahan Baru untuk Pengolahan Sampah Organik",
    "Pengurus bank sampah di Mekarjaya, Nurhasanah, mengatakan jumlah nasabahnya naik dari 60 "
    "menjadi 230 orang dalam setahun. Ia berharap pemerintah membantu penyediaan timbangan dan "
    "mesin pencacah plastik.",
]


def blocks_of(paras, boiler=()):
    """Paragraph strings to KEEP blocks; strings starting with a boilerplate prefix become BOILER."""
    out = []
    for p in paras:
        pat = next((b for b in (BACA, READ, WA, FOLLOW, BACA_UP) if p.startswith(b)), None)
        out.append(BP(p, pat) if pat else K(p))
    return out


def sub(paras, *pairs, drop=()):
    """Copy-edits a story: replaces words (each `old` must occur once) and drops sentences."""
    out = []
    for p in paras:
        for old, new in pairs:
            if old in p:
                assert p.count(old) == 1, old
                p = p.replace(old, new)
        for s in drop:
            p = p.replace(" " + s, "").replace(s + " ", "").replace(s, "")
        if p:
            out.append(p)
    joined = "\n".join(out)
    for old, _ in pairs:
        assert old not in joined, "edit did not apply: " + old
    return out


# ==== news-a.jsonl ========================================================================

def news_a():
    docs = []
    A = "news-a.jsonl"

    # a-01: the full set of repair faults, seed-style, in a hard-wrapped Indonesian article.
    lead = ("Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) memperingatkan potensi hujan "
            "lebat disertai angin kencang di wilayah Jabodetabek hingga akhir pekan.")
    b = [CAP(lead, ref=2, width=64), CR("(Antara)"),
         K("WARTA KOTA, JAKARTA - " + lead + " Peringatan itu dikeluarkan setelah citra satelit "
           "menunjukkan pertumbuhan awan konvektif di atas Selat Sunda sejak Minggu malam.",
           70, first=40),
         K(curly('Prakirawan BMKG, Rina Marlina, mengatakan hujan diperkirakan turun mulai siang '
                 'hingga malam hari dengan intensitas sedang sampai lebat. "Masyarakat kami minta '
                 'waspada terhadap genangan, pohon tumbang, dan petir, terutama saat sore hari," '
                 'ujarnya di Jakarta, Senin (3/6).'), 70),
         K("Menurut Rina, suhu muka laut yang masih hangat di perairan selatan Jawa membuat pasokan "
           "uap air cukup tinggi. Kondisi itu mendukung terbentuknya awan hujan meskipun sebagian "
           "wilayah Indonesia mulai memasuki musim kemarau.", 70),
         K("Badan Penanggulangan Bencana Daerah (BPBD) DKI Jakarta menyiagakan pompa air di 18 titik "
           "rawan genangan, antara lain di Kemang, Cawang, dan Kelapa Gading. Warga dapat "
           "melaporkan genangan melalui layanan pengaduan WhatsApp di nomor 0812-0000-1122 atau "
           "aplikasi JAKI.", 70)]
    b += [REP(b, 3), REP(b, 4), REP(b, 5),
          BP("Baca juga: Jalur Puncak Ditutup Sementara karena Longsor", BACA), TG("(rm/indo)")]
    docs.append(Doc("a-01", A, "id", b, WK, url(WK, "metropolitan", "2024-06-03", "bmkg-hujan-lebat"),
                    "2024-06-03", final_newline=False,
                    faults=["caption repeats lead (hard-wrapped)", "credit (Antara)",
                            "hard-wrapped ~70 cols, short first line", "3 paragraphs pasted twice",
                            "Baca juga", "tag (rm/indo), no final newline",
                            "WhatsApp inside a sentence (content)"]))

    # a-02: markets; a credit inside a sentence must survive; tag (sya); crawl extras.
    b = [K(curly(p)) for p in [
        "WARTA KOTA, JAKARTA - Indeks Harga Saham Gabungan (IHSG) ditutup menguat 0,8 persen ke "
        "level 6.987 pada perdagangan Senin (3/6), ditopang aksi beli investor asing di saham "
        "perbankan besar.",
        "Nilai transaksi di Bursa Efek Indonesia mencapai Rp 11,2 triliun dengan 1,3 juta kali "
        "transaksi. Sebanyak 312 saham naik, 241 saham turun, dan 219 saham tidak bergerak."]]
    b += [BP("Baca juga: Rupiah Dibuka Melemah, Dolar AS Kembali Perkasa", BACA)]
    b += [K(curly(p)) for p in [
        "Analis pasar modal dari sebuah sekuritas, Budi Santosa, menilai penguatan indeks didorong "
        'data inflasi Mei yang lebih rendah dari perkiraan. "Pasar membaca ada ruang bagi bank '
        'sentral untuk menahan suku bunga lebih lama," katanya.',
        "Arus modal asing masih fluktuatif dan belum tentu bertahan lama, kata juru bicara bursa "
        "kepada (Antara) kemarin. Ia mengingatkan investor ritel agar tidak terburu-buru membeli "
        "saham yang naik tajam dalam satu hari.",
        "Pada perdagangan Selasa, IHSG diperkirakan bergerak di rentang 6.920 hingga 7.050 dengan "
        "kecenderungan menguat terbatas."]]
    b += [TG("(sya)")]
    docs.append(Doc("a-02", A, "id", b, WK, url(WK, "ekonomi", "2024-06-03", "ihsg-menguat"),
                    "2024-06-03",
                    faults=["credit (Antara) inside a sentence (content)", "Baca juga", "tag (sya)",
                            "extra top-level object `crawl`"],
                    top_extra={"crawl": {"fetched_at": "2024-06-03T11:02:45Z", "status": 200,
                                         "headers": {"content-type": "text/html; charset=utf-8"}}}))

    # a-03: sport; the short quote also appears in b-05.
    b = blocks_of([
        "KABAR NUSANTARA, KARAWANG - PS Tunas Karawang menaklukkan tamunya, Sinar Bekasi FC, dengan "
        "skor 2-1 dalam lanjutan Liga 3 zona Jawa Barat di Stadion Singaperbangsa, Minggu (2/6) sore.",
        "Tuan rumah sempat tertinggal lebih dulu lewat gol sundulan Rizky Ramadhan pada menit ke-23. "
        "Tunas Karawang baru bisa menyamakan kedudukan pada awal babak kedua melalui tendangan bebas "
        "kapten tim, Dedi Kurniawan.",
        "Gol kemenangan dicetak pemain pengganti berusia 19 tahun, Fajar Nugraha, tiga menit sebelum "
        "waktu normal berakhir. Sekitar empat ribu penonton yang memadati stadion langsung bersorak "
        "menyambut gol tersebut.",
        "Pelatih Tunas Karawang, Asep Suryana, memuji semangat para pemainnya yang tidak menyerah "
        "meski bermain di bawah tekanan.",
        SHORT_QUOTE,
        "Dengan hasil ini, Tunas Karawang naik ke posisi kedua klasemen sementara dengan 13 poin "
        "dari enam pertandingan, terpaut dua angka dari pemuncak klasemen, Garuda Muda Subang.",
        "Dapatkan berita terkini dan pilihan setiap hari dari Kabar Nusantara di WhatsApp. Klik di "
        "sini untuk bergabung."])
    b += [TG("(fik)")]
    docs.append(Doc("a-03", A, "id", b, KN, url(KN, "olahraga", "2024-06-02", "tunas-karawang-menang"),
                    "2024-06-02",
                    faults=["short quote paragraph also in b-05 (content)", "WhatsApp boilerplate",
                            "tag (fik)"]))

    # a-04: city council; its long paragraph SHARED_DRAINAGE reappears in a-10.
    b = [K(curly(p)) for p in [
        "WARTA KOTA, BOGOR - Dewan Perwakilan Rakyat Daerah (DPRD) Kota Bogor menyetujui tambahan "
        "anggaran Rp 68 miliar untuk program penanganan banjir dan genangan dalam rapat paripurna, "
        "Selasa (4/6).",
        "Ketua DPRD Kota Bogor menyebut persetujuan itu diambil setelah seluruh fraksi menyampaikan "
        "pandangan akhir. Dua fraksi memberi catatan agar pemerintah kota memperbaiki perencanaan "
        "supaya proyek tidak kembali molor seperti tahun lalu.",
        SHARED_DRAINAGE]]
    b += [BP("Baca juga: Warga Keluhkan Bau Sampah di TPS Jalan Pemuda", BACA)]
    b += [K(curly(p)) for p in [
        "Wali Kota Bogor mengatakan banjir yang melanda sejumlah permukiman pada Maret lalu menjadi "
        'alasan utama percepatan program. "Kami tidak ingin warga terus menjadi korban setiap kali '
        'hujan deras datang," ujarnya seusai rapat.',
        "Anggota Komisi III DPRD, Lestari Wulandari, meminta pemerintah kota membuka data kontrak "
        "dan progres pekerjaan kepada publik. Menurut dia, keterbukaan itu penting agar warga bisa "
        "ikut mengawasi penggunaan anggaran."]]
    docs.append(Doc("a-04", A, "id", b, WK, url(WK, "bogor", "2024-06-04", "dprd-anggaran-banjir"),
                    "2024-06-04",
                    faults=["long paragraph later reused by a-10 (first occurrence: kept)",
                            "Baca juga"]))

    # a-05: transport; every paragraph hard-wrapped; exact duplicate in b-02.
    b = [K(p, 70) for p in KRL] + [K(KRL_UPDATE, 70), BP(KRL_WA, WA)]
    docs.append(Doc("a-05", A, "id", b, KN, url(KN, "metro", "2024-06-05", "jadwal-baru-krl"),
                    "2024-06-05",
                    faults=["hard-wrapped ~70 cols throughout",
                            "long parenthesised sentence (content, not a credit)",
                            "WhatsApp boilerplate", "original of exact duplicate b-02"]))

    # a-06: English weather; caption + (Reuters) credit; Read also; Follow us.
    lead = ("Forecasters have issued a severe weather warning for the southern coast as a deep "
            "low-pressure system moves in from the sea.")
    b = [CAP(lead, ref=2, width=60), CR("(Reuters)"),
         K("PORT HARLOW - " + lead + " Gusts of up to 90 kilometres per hour are expected along "
           "exposed headlands from Thursday evening."),
         K("The regional weather office said waves of four to five metres could batter the harbour "
           "wall overnight, and advised small boats to stay in port until Saturday morning."),
         K(curly('"This is not an unusual storm for the season, but the timing with the spring tide '
                 'makes low-lying streets vulnerable," duty forecaster Alan Mercer said.')),
         K("The council has placed sandbags at the ferry terminal and along Marine Parade, and the "
           "coastal path between the lighthouse and Gull Point will be closed from 6 pm."),
         BP("Read also: Harbour ferry fares to rise by 5% from July", READ),
         K("Residents can check flood alerts on the council website or by calling the 24-hour "
           "hotline. Schools are expected to open as normal on Friday."),
         BP("Follow us on X and Facebook for live updates on the storm.", FOLLOW)]
    docs.append(Doc("a-06", A, "en", b, MD, url(MD, "weather", "2024-06-06", "storm-warning-coast"),
                    "2024-06-06",
                    faults=["caption repeats lead (wrapped at 60)", "credit (Reuters)", "Read also",
                            "Follow us"]))

    # a-07: near-duplicate cluster A, the original.
    b = [K(curly(p)) for p in CABAI] + [BP("Baca juga: Operasi Pasar Murah Digelar di 12 Kelurahan",
                                           BACA)]
    docs.append(Doc("a-07", A, "id", b, WK, url(WK, "ekonomi", "2024-06-07", "harga-cabai-melonjak"),
                    "2024-06-07", faults=["near-dup cluster A: original", "Baca juga"]))

    # a-08: English council story; exact duplicate in posts/post-04.
    b = blocks_of([curly(p) for p in BIKE])
    docs.append(Doc("a-08", A, "en", b, MD, url(MD, "council", "2024-06-07", "bike-lanes-vote"),
                    "2024-06-07",
                    faults=["Read also", "Follow us", "original of exact duplicate post-04"]))

    # a-09: international news in Indonesian; combined foreign credit; tag (esn/tempo).
    lead = ("Harga gandum di pasar dunia naik ke level tertinggi dalam sepuluh bulan setelah cuaca "
            "kering mengancam panen di kawasan Laut Hitam.")
    b = [CAP(lead, ref=2, width=68), CR("(BBC/Sputnik/ABNS)"),
         K("HARIAN PAGI, LONDON - " + lead + " Kontrak berjangka gandum untuk pengiriman September "
           "naik 2,7 persen pada perdagangan Jumat.", 70),
         K("Para analis menyebut musim semi yang kering dan embun beku pada akhir Mei telah merusak "
           "sebagian tanaman di wilayah selatan Rusia, salah satu pengekspor gandum terbesar di "
           "dunia. Sejumlah lembaga riset memangkas perkiraan panen kawasan itu hingga sepuluh juta "
           "ton.", 70),
         K("Kenaikan harga gandum berpotensi merembet ke harga tepung dan mi instan di negara "
           "pengimpor, termasuk Indonesia. Asosiasi produsen tepung terigu di dalam negeri "
           "menyatakan stok bahan baku masih mencukupi untuk tiga bulan ke depan.", 70),
         K('"Kami terus memantau perkembangan harga global dan akan mencari pemasok alternatif dari '
           'Australia dan Kanada bila diperlukan," kata juru bicara asosiasi dalam keterangan '
           "tertulis.", 70),
         TG("(esn/tempo)")]
    docs.append(Doc("a-09", A, "id", b, HP, url(HP, "internasional", "2024-06-08", "harga-gandum"),
                    "2024-06-08",
                    faults=["caption repeats lead", "credit (BBC/Sputnik/ABNS)", "hard-wrapped",
                            "tag (esn/tempo)"]))

    # a-10: follow-up story reusing a-04's long paragraph.
    b = [K(curly(p)) for p in [
        "WARTA KOTA, BOGOR - Pemerintah Kota Bogor mulai mengerjakan normalisasi saluran di "
        "Kelurahan Tanah Sareal, Rabu (12/6), sepekan setelah DPRD menyetujui tambahan anggaran "
        "penanganan banjir.",
        "Puluhan pekerja dan dua unit ekskavator mini dikerahkan untuk mengangkat lumpur dan sampah "
        "yang menyumbat saluran sepanjang 800 meter di Jalan Kebon Pedes. Sebagian warga terlihat "
        "membantu memindahkan pot tanaman dan gerobak yang menghalangi akses alat berat.",
        SHARED_DRAINAGE,
        "Kepala Bidang Sumber Daya Air Dinas PUPR Kota Bogor, Irwan Setiadi, mengatakan pekerjaan "
        'dilakukan pada siang hari untuk mengurangi gangguan terhadap lalu lintas. "Kalau cuaca '
        'mendukung, ruas ini selesai dalam tiga minggu," katanya.',
        "Warga berharap pekerjaan kali ini benar-benar tuntas. Mereka mengeluhkan air selalu meluap "
        "ke jalan setiap hujan lebih dari satu jam."]]
    b += [BP("Baca juga: Jadwal Car Free Day Bogor Kembali Normal Pekan Ini", BACA)]
    docs.append(Doc("a-10", A, "id", b, WK, url(WK, "bogor", "2024-06-12", "normalisasi-saluran"),
                    "2024-06-12",
                    faults=["paragraph 3 repeats a-04's long paragraph (cross-document)",
                            "Baca juga"]))

    # a-11: first crawl of a story crawled again as c-01 with a new date line.
    b = [K("Jumat, 14 Juni 2024 | 21:05 WIB")] + [K(curly(p)) for p in MERAK] + [BP(MERAK_BACA,
                                                                                    BACA_UP)]
    docs.append(Doc("a-11", A, "id", b, SR, url(SR, "daerah", "2024-06-14", "antrean-merak"),
                    "2024-06-14",
                    faults=["first crawl; recrawled as c-01", "BACA JUGA (upper case)"]))

    # a-12: near-duplicate cluster B, the original (English wire story).
    b = [K(curly(p)) for p in SOLAR] + [
        BP("Read also: Fishing fleet sits idle as fuel queues grow at Cilacap", READ),
        BP("Follow us on Google News for more stories from the coast.", FOLLOW)]
    docs.append(Doc("a-12", A, "en", b, CN, url(CN, "business", "2024-06-10", "diesel-cap-fishing"),
                    "2024-06-10",
                    faults=["near-dup cluster B: original", "(Reuters) in the dateline (content)",
                            "Read also", "Follow us"]))

    # a-13: Malay.
    b = [K(curly(p)) for p in [
        "KUALA LUMPUR: Hujan lebat yang turun selama hampir tiga jam petang semalam menyebabkan "
        "banjir kilat di beberapa kawasan di ibu negara, termasuk Jalan Tun Razak, Kampung Baru dan "
        "Sentul.",
        "Menurut Jabatan Pengairan dan Saliran (JPS), paras air di Sungai Klang meningkat dengan "
        "cepat sebelum surut semula kira-kira pukul 8 malam. Beberapa kenderaan dilaporkan terkandas "
        "dan pemandu terpaksa meninggalkan kereta mereka di tepi jalan.",
        "Ketua Polis Daerah berkata orang ramai dinasihatkan supaya tidak menggunakan laluan yang "
        'dinaiki air dan mengikuti maklumat terkini daripada pihak berkuasa. "Kami telah menempatkan '
        'anggota di lokasi utama bagi mengawal lalu lintas," katanya ketika dihubungi.',
        "Sebuah pusat pemindahan sementara (PPS) dibuka di sebuah sekolah berhampiran bagi "
        "menempatkan 37 mangsa daripada sembilan keluarga. Setakat ini tiada kemalangan jiwa "
        "dilaporkan.",
        "Jabatan Meteorologi Malaysia menjangkakan ribut petir dan hujan lebat akan berterusan di "
        "Lembah Klang sehingga hujung minggu ini."]]
    docs.append(Doc("a-13", A, "ms", b, BS, url(BS, "semasa", "2024-06-11", "banjir-kilat-kl"),
                    "2024-06-11", faults=["Malay (not Indonesian)"], top_extra={"region": "MY"}))

    # a-14: a navigation menu saved as an article.
    b = [K(x) for x in ["Beranda", "Nasional", "Metropolitan", "Ekonomi", "Olahraga", "Teknologi",
                        "Gaya Hidup", "Otomotif", "Indeks", "Tentang Kami", "Redaksi",
                        "Pedoman Media Siber", "Kontak", "Karier",
                        "\u00a9 2024 Warta Kota. All rights reserved."]]
    docs.append(Doc("a-14", A, "id", b, WK, "https://warta-kota.example/", None, quality="low",
                    faults=["navigation menu (low quality)", "no date"]))

    # a-15: English sport.
    b = [K(curly(p)) for p in [
        "PORT HARLOW - Harlow Town clinched promotion to the regional premier league on Saturday "
        "with a 3-0 win over Eastfield Rovers in front of a sell-out crowd at the Quayside ground.",
        "Striker Ben Adeyemi scored twice in the first half, and captain Luke Forsyth added a third "
        "from the penalty spot after an hour. The result lifted Harlow four points clear with one "
        "game left.",
        "Manager Sarah Whitlock said the club's youth players had made the difference this season. "
        '"Six of the starting eleven came through our academy. That tells you everything," she said.',
        "The club now has to upgrade its floodlights and add 300 seats before August to meet league "
        "rules. The council has offered a loan, and supporters have launched a fundraising drive."]]
    b += [BP("Read also: Harlow Bay regatta returns with record entries", READ),
          BP("Follow us on X and Facebook for match reports and club news.", FOLLOW)]
    docs.append(Doc("a-15", A, "en", b, MD, url(MD, "sport", "2024-06-12", "harlow-town-promoted"),
                    "2024-06-12", faults=["Read also", "Follow us"]))

    # a-16: every non-ASCII character written as a \uXXXX escape; nested extras.
    b = blocks_of([
        "KABAR NUSANTARA, BANDUNG - Festival Kuliner Nusantara kembali digelar di Lapangan Gasibu, "
        "Bandung, pada 14\u201316 Juni. Sebanyak 180 pelaku usaha mikro dari 27 kabupaten dan kota "
        "di Jawa Barat ikut meramaikan acara ini.",
        "Panitia menyediakan zona khusus makanan tradisional seperti nasi liwet, karedok, dan "
        "serabi oncom, serta zona minuman kekinian. Pengunjung juga bisa mengikuti kelas memasak "
        "singkat bersama koki dari sejumlah hotel di Bandung.",
        curly('"Kami ingin pelaku UMKM tidak hanya berjualan, tetapi juga belajar pengemasan dan '
              'pemasaran digital," kata Ketua Panitia, Rizal Firmansyah.'),
        "Suhu di Bandung pada siang hari diperkirakan sekitar 27\u00b0C, sehingga panitia memasang "
        "tenda peneduh di sepanjang area festival. Tiket masuk gratis, tetapi pengunjung diminta "
        "mendaftar melalui laman resmi festival \U0001F35C.",
        "Dapatkan berita terkini Jawa Barat setiap hari di WhatsApp. Klik tautan di bio kami."])
    docs.append(Doc("a-16", A, "id", b, KN, url(KN, "gaya-hidup", "2024-06-13", "festival-kuliner"),
                    "2024-06-13", ascii_escape=True,
                    faults=["\\uXXXX escapes (incl. a surrogate pair)", "WhatsApp boilerplate",
                            "nested extras in metadata, null top-level field"],
                    meta_extra={"tags": ["kuliner", "UMKM", "Bandung"],
                                "author": {"name": "Tim Kabar Nusantara", "verified": True},
                                "caf\u00e9": "ya"},
                    top_extra={"license": None}))

    # a-17: clean education story without a date.
    b = blocks_of([
        "HARIAN PAGI, SURABAYA - Dinas Pendidikan Kota Surabaya membuka pendaftaran penerimaan "
        "peserta didik baru (PPDB) jenjang SMP negeri secara daring mulai pekan depan. Pendaftaran "
        "dibagi dalam empat jalur, yaitu zonasi, afirmasi, perpindahan tugas orang tua, dan prestasi.",
        "Kuota jalur zonasi ditetapkan paling sedikit 50 persen dari daya tampung setiap sekolah. "
        "Jarak rumah ke sekolah dihitung berdasarkan titik koordinat yang tercatat di kartu keluarga.",
        "Sejumlah orang tua mengaku khawatir anaknya tidak diterima di sekolah terdekat karena jumlah "
        'pendaftar terus meningkat. "Rumah kami hanya 900 meter dari sekolah, tetapi tahun lalu batas '
        'jaraknya 700 meter," kata Lilis, warga Rungkut.',
        "Dinas Pendidikan membuka posko pengaduan di setiap kecamatan untuk membantu orang tua yang "
        "mengalami kesulitan saat mendaftar. Hasil seleksi akan diumumkan tiga hari setelah masa "
        "pendaftaran ditutup."])
    b += [TG("(ant/dwi)")]
    docs.append(Doc("a-17", A, "id", b, HP, url(HP, "pendidikan", None, "ppdb-surabaya"), None,
                    faults=["no date", "tag (ant/dwi)"]))

    # a-18: English story with one paragraph pasted twice.
    b = [K(curly(p)) for p in [
        "HARLOW BAY - The island ferry will run two extra crossings on weekdays from June 24 after "
        "complaints that commuters were being left on the quay during the morning rush.",
        "The operator said the 7.15 am and 5.45 pm sailings would be added for the summer season, "
        "bringing the number of daily crossings to 14. The extra trips will use the smaller of the "
        "two vessels, which carries 120 passengers and no cars.",
        'Islanders welcomed the change but said a permanent fix was needed. "Every summer we go '
        'through the same argument. We need a timetable that works all year," said Graham Tully, '
        "chair of the island community council."]]
    b += [REP(b, 1), K("The operator said it would review passenger numbers in September before "
                       "deciding on the winter timetable."),
          BP("Read also: Island school wins national science prize", READ)]
    docs.append(Doc("a-18", A, "en", b, CN, url(CN, "transport", "2024-06-13", "island-ferry"),
                    "2024-06-13", faults=["one paragraph pasted twice (not adjacent)",
                                          "Read also"]))
    return docs
