// Tests for HtmlExtractor: each kind of boilerplate block dropped from the middle of an article,
// body structure kept (lists, tables, subheadings), headlines, malformed and truncated markup,
// pages without an article, size bounds, and the streaming tokenizer against libgumbo.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "saring/extract.h"
#include "saring/normalize.h"

namespace saring {
namespace {

constexpr const char* kP1 =
    "JAKARTA - Pemerintah menyatakan bahwa pembangunan jalan tol di Sumatera akan selesai pada "
    "akhir tahun ini, menurut keterangan menteri kepada wartawan di Jakarta.";
constexpr const char* kP2 =
    "Menteri mengatakan, proyek tersebut sudah mencapai delapan puluh persen dan para pekerja "
    "terus bekerja siang dan malam untuk mengejar target yang telah ditetapkan.";
constexpr const char* kP3 =
    "Selain itu, pemerintah juga akan membangun jembatan baru yang menghubungkan dua provinsi "
    "untuk memperlancar arus barang dan orang di wilayah tersebut.";
constexpr const char* kP4 =
    "Warga berharap jalan tol itu dapat segera digunakan karena perjalanan dari kota ke desa saat "
    "ini masih memakan waktu yang sangat lama bagi mereka.";

std::string Article(std::string_view inserted) {
  std::string page =
      "<!DOCTYPE html><html><head><title>Tol Sumatera Selesai Tahun Ini - Kabar Kita</title></head>"
      "<body><div class=\"container\"><div class=\"article-body\"><h1>Tol Sumatera Selesai Tahun "
      "Ini</h1>";
  for (const char* p : {kP1, kP2}) page.append("<p>").append(p).append("</p>\n");
  page.append(inserted);
  for (const char* p : {kP3, kP4}) page.append("<p>").append(p).append("</p>\n");
  page.append("</div></div></body></html>");
  return page;
}

Extraction Extract(std::string_view html, const ExtractOptions& options = {}) {
  HtmlExtractor extractor(options);
  Extraction out;
  Status s = extractor.Extract(html, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

void ExpectBodyKept(const Extraction& e) {
  for (const char* p : {kP1, kP2, kP3, kP4}) EXPECT_NE(e.text.find(p), std::string::npos) << e.text;
}

struct DroppedCase {
  const char* name;
  const char* html;
  const char* absent;  // a string that must not be in the text
};

class DroppedBlock : public ::testing::TestWithParam<DroppedCase> {};

TEST_P(DroppedBlock, IsDroppedFromTheMiddleOfTheBody) {
  const DroppedCase& c = GetParam();
  for (bool gumbo : {false, true}) {
    ExtractOptions options;
    options.use_gumbo = gumbo;
    Extraction e = Extract(Article(c.html), options);
    ExpectBodyKept(e);
    EXPECT_EQ(e.text.find(c.absent), std::string::npos)
        << c.name << (gumbo ? " (gumbo)" : "") << "\n"
        << e.text;
  }
}

// A long sentence, so that length alone would keep the block.
#define LONG_SENTENCE                                                                          \
  "yang cukup panjang untuk menjadi paragraf biasa dengan banyak kata dan tanda baca, karena " \
  "di sini ada kalimat yang lengkap dan juga koma."

INSTANTIATE_TEST_SUITE_P(
    Kinds, DroppedBlock,
    ::testing::Values(
        DroppedCase{"nav", "<nav><a href=/>Beranda</a> <a href=/p>Zzmark</a></nav>", "Zzmark"},
        DroppedCase{"aside", "<aside><p>Zzmark " LONG_SENTENCE "</p></aside>", "Zzmark"},
        DroppedCase{"footer", "<footer><p>Zzmark " LONG_SENTENCE "</p></footer>", "Zzmark"},
        DroppedCase{"figcaption",
                    "<figure><img src=a.jpg><figcaption>Zzmark " LONG_SENTENCE
                    "</figcaption></figure>",
                    "Zzmark"},
        DroppedCase{"share", "<div class=\"share-bar\"><a>Facebook</a> <a>Twitter</a> Zzmark</div>",
                    "Zzmark"},
        DroppedCase{"related",
                    "<div class=\"related-articles\"><ul><li><a href=/x>Zzmark " LONG_SENTENCE
                    "</a></li></ul></div>",
                    "Zzmark"},
        DroppedCase{"comments", "<div id=\"comments\"><p>Zzmark " LONG_SENTENCE "</p></div>",
                    "Zzmark"},
        DroppedCase{"cookie", "<div class=\"cookie-banner\">Kami memakai cookie Zzmark.</div>",
                    "Zzmark"},
        DroppedCase{"cookie text", "<p>This site uses cookies Zzmark. <a>OK</a></p>", "Zzmark"},
        DroppedCase{"caption class", "<p class=\"wp-caption-text\">Zzmark " LONG_SENTENCE "</p>",
                    "Zzmark"},
        DroppedCase{"credit class", "<div class=\"photo-credit\">Zzmark/Antara</div>", "Zzmark"},
        DroppedCase{"breadcrumb", "<div class=\"breadcrumbs\"><a>Home</a> &gt; Zzmark</div>",
                    "Zzmark"},
        DroppedCase{"tags", "<div class=\"tags\"><a>Zzmark</a> <a>Politik</a></div>", "Zzmark"},
        DroppedCase{"advert", "<div class=\"advert\">Zzmark</div>", "Zzmark"},
        DroppedCase{"iklan", "<div id=\"iklan-1\"><p>Zzmark " LONG_SENTENCE "</p></div>", "Zzmark"},
        DroppedCase{"baca juga",
                    "<p><strong>Baca juga:</strong> <a href=/x>Zzmark Naik Lagi</a></p>", "Zzmark"},
        DroppedCase{"baca juga list",
                    "<p>Baca Juga</p><ul><li><a href=/a>Zzmark satu</a></li>"
                    "<li><a href=/b>Zzmark dua</a></li></ul>",
                    "Zzmark"},
        DroppedCase{"foto", "<p>Foto: Zzmark/Antara</p>", "Zzmark"},
        DroppedCase{"caption with credit",
                    "<p>Presiden meninjau lokasi proyek Zzmark di Lampung, Senin "
                    "(12/3). (Foto: Antara/Hafidz)</p>",
                    "Zzmark"},
        DroppedCase{"credit line", "<p>(Zzmark/Antara)</p>", "Zzmark"},
        DroppedCase{"editor tag", "<p>(zzmark/indo)</p>", "zzmark"},
        DroppedCase{"pagination", "<div class=\"page-links\">Halaman 1 2 3 Selanjutnya</div>",
                    "Selanjutnya"},
        DroppedCase{"pagination text", "<p>Halaman <a>1</a> <a>2</a> <a>Selanjutnya</a></p>",
                    "Selanjutnya"},
        DroppedCase{"hidden style", "<p style=\"display: none\">Zzmark " LONG_SENTENCE "</p>",
                    "Zzmark"},
        DroppedCase{"hidden attribute", "<p hidden>Zzmark " LONG_SENTENCE "</p>", "Zzmark"},
        DroppedCase{"script", "<script>document.write('<p>Zzmark</p>')</script>", "Zzmark"},
        DroppedCase{"style", "<style>.Zzmark { color: red }</style>", "Zzmark"},
        DroppedCase{"noscript", "<noscript><p>Zzmark " LONG_SENTENCE "</p></noscript>", "Zzmark"},
        DroppedCase{"form", "<form><input name=q><button>Zzmark</button></form>", "Zzmark"},
        DroppedCase{"author box", "<div class=\"author-box\"><p>Zzmark " LONG_SENTENCE "</p></div>",
                    "Zzmark"},
        DroppedCase{"byline", "<p>Editor: Zzmark</p>", "Zzmark"},
        DroppedCase{"comment", "<!-- Zzmark --><p><!-- Zzmark --></p>", "Zzmark"},
        DroppedCase{"heading of a link list",
                    "<h4>Zzmark terbaca</h4><ol><li><a href=/a>Jalan tol baru dibuka</a></li>"
                    "<li><a href=/b>Harga cabai naik</a></li></ol>",
                    "Zzmark"}),
    [](const ::testing::TestParamInfo<DroppedCase>& info) {
      std::string name;
      for (const char* c = info.param.name; *c; ++c) name.push_back(*c == ' ' ? '_' : *c);
      return name;
    });

TEST(HtmlExtractor, ListsTablesAndSubheadingsInsideTheBodyAreKept) {
  Extraction e = Extract(
      Article("<h2>Rincian Proyek</h2><ul><li>Ruas Bakauheni</li><li>Ruas Terbanggi</li></ul>"
              "<table><tr><th>Ruas</th><th>Panjang</th></tr><tr><td>Bakauheni</td><td>140 "
              "km</td></tr></table>"
              "<blockquote>Kami optimistis.</blockquote>"));
  ExpectBodyKept(e);
  EXPECT_NE(e.text.find("\n\nRincian Proyek\n\nRuas Bakauheni\nRuas Terbanggi\n\nRuas "
                        "Panjang\nBakauheni 140 km\n\n"
                        "Kami optimistis.\n\n"),
            std::string::npos)
      << e.text;
}

TEST(HtmlExtractor, HeadlineFirstThenParagraphsSeparatedByBlankLines) {
  Extraction e = Extract(Article(""));
  EXPECT_EQ(e.title, "Tol Sumatera Selesai Tahun Ini");
  EXPECT_EQ(e.text, std::string("Tol Sumatera Selesai Tahun Ini\n\n") + kP1 + "\n\n" + kP2 +
                        "\n\n" + kP3 + "\n\n" + kP4);
}

TEST(HtmlExtractor, HeadlineFromOgTitleOrCleanedTitle) {
  std::string body = std::string("<body><div><p>") + kP1 + "</p><p>" + kP2 + "</p></div></body>";
  Extraction e = Extract(
      "<head><title>Kabar Kita | Tol Sumatera Selesai</title>"
      "<meta property=\"og:title\" content=\"Tol &amp; Jembatan\"></head>" +
      body);
  EXPECT_EQ(e.title, "Tol & Jembatan");
  e = Extract("<head><title>Tol Sumatera Selesai Tahun Ini - Kabar Kita</title></head>" + body);
  EXPECT_EQ(e.title, "Tol Sumatera Selesai Tahun Ini");
  EXPECT_TRUE(e.text.starts_with("Tol Sumatera Selesai Tahun Ini\n\n")) << e.text;
  // A one-word <h1> is the site's logo, not the headline.
  e = Extract(
      "<head><title>Tol Sumatera Selesai Tahun Ini - Kabar Kita</title></head><h1>KabarKita</h1>" +
      body);
  EXPECT_EQ(e.title, "Tol Sumatera Selesai Tahun Ini");
}

TEST(HtmlExtractor, HeadlineIsOneLine) {
  std::string page = Article("");
  page.replace(page.find("<h1>Tol Sumatera"), 4, "<h1>Berita<br>\n");
  Extraction e = Extract(page);
  EXPECT_EQ(e.title, "Berita Tol Sumatera Selesai Tahun Ini");
  EXPECT_TRUE(e.text.starts_with("Berita Tol Sumatera Selesai Tahun Ini\n\n")) << e.text;
  using namespace std::string_literals;
  e = Extract("<head><meta property=og:title content=\"Judul\n\t baru\0\"></head><body><div><p>"s +
              kP1 + "</p><p>" + kP2 + "</p></div>");
  EXPECT_EQ(e.title, "Judul baru");
}

TEST(HtmlExtractor, TrailingEditorTagIsCutFromTheLastParagraph) {
  std::string page = Article("");
  size_t at = page.find("bagi mereka.");
  page.insert(at + 12, " (esn/indo)");
  Extraction e = Extract(page);
  EXPECT_TRUE(e.text.ends_with("bagi mereka.")) << e.text;
}

TEST(HtmlExtractor, EntitiesAndWhitespace) {
  Extraction e =
      Extract(Article("<p>Harga &quot;naik&quot; &#8220;10&#x25;&#8221; &amp;\n\t  turun&nbsp;lagi "
                      "&copy &bogus; pada hari ini, kata mereka.</p>"));
  EXPECT_NE(e.text.find("Harga \"naik\" \xE2\x80\x9C"
                        "10%\xE2\x80\x9D & turun lagi \xC2\xA9 &bogus; pada"),
            std::string::npos)
      << e.text;
}

TEST(HtmlExtractor, BrSeparatesLinesAndDoubleBrParagraphs) {
  std::string page = std::string("<body><div class=post>") + kP1 + "<br>" + kP2 + "<br><br>" + kP3 +
                     "<br/>\n<br/>" + kP4 + "</div></body>";
  Extraction e = Extract(page);
  EXPECT_EQ(e.text, std::string(kP1) + "\n" + kP2 + "\n\n" + kP3 + "\n\n" + kP4);
}

TEST(HtmlExtractor, MalformedMarkupIsRepaired) {
  // Unclosed <p> and <li>, stray end tags, mis-nested inline tags, unquoted attributes.
  std::string page =
      std::string("<html><body><div class=content><h1>Judul Berita Yang Panjang</h1><p>") + kP1 +
      "<p><b><i>" + kP2 + "</b></i></span></div2><p>" + kP3 +
      "<ul><li>satu<li>dua</ul><p class=x id=y>" + kP4;
  Extraction e = Extract(page);
  EXPECT_EQ(e.text, std::string("Judul Berita Yang Panjang\n\n") + kP1 + "\n\n" + kP2 + "\n\n" +
                        kP3 + "\n\nsatu\ndua\n\n" + kP4);
  ExtractOptions gumbo;
  gumbo.use_gumbo = true;
  EXPECT_EQ(Extract(page, gumbo).text, e.text);
}

TEST(HtmlExtractor, TruncatedPagesKeepTheTextBeforeTheCut) {
  std::string page = Article("");
  size_t p3 = page.find(kP3);
  // Cut inside a tag, an attribute value, a comment, a script and a character reference.
  for (std::string tail :
       {"<p cla", "<a href=\"/x", "<!-- no end", "<script>var a = '<p>", "&am", "</di", "<"}) {
    std::string cut = page.substr(0, p3 - 3) + tail;
    for (bool gumbo : {false, true}) {
      ExtractOptions options;
      options.use_gumbo = gumbo;
      Extraction e = Extract(cut, options);
      EXPECT_NE(e.text.find(kP1), std::string::npos) << tail;
      EXPECT_NE(e.text.find(kP2), std::string::npos) << tail;
      EXPECT_EQ(e.text.find("script"), std::string::npos) << tail;
    }
  }
}

TEST(HtmlExtractor, PagesWithoutAnArticleGiveNoText) {
  // A portal front page: navigation and link lists only.
  std::string portal = "<html><head><title>Kabar Kita - Berita Terkini</title></head><body><nav>";
  for (int i = 0; i < 20; ++i)
    portal += "<a href=/k" + std::to_string(i) + ">Kanal " + std::to_string(i) + "</a> ";
  portal += "</nav><div class=headlines><ul>";
  for (int i = 0; i < 30; ++i) {
    portal += "<li><a href=/b" + std::to_string(i) +
              ">Presiden meresmikan jalan tol baru di Sumatera bagian selatan hari ini</a> <span>1 "
              "jam lalu</span></li>";
  }
  portal += "</ul></div><footer>&copy; 2024 Kabar Kita</footer></body></html>";
  EXPECT_EQ(Extract(portal).text, "");
  EXPECT_EQ(Extract("<html><body><form><input name=user><input "
                    "type=password><button>Masuk</button></form></body></html>")
                .text,
            "");
  EXPECT_EQ(Extract("").text, "");
  EXPECT_EQ(Extract("<html><head><title>Kosong</title></head><body></body></html>").text, "");
  EXPECT_EQ(Extract(std::string("\0\0\0<<<>>>&&&", 12)).text, "");
}

TEST(HtmlExtractor, ExplainListsEveryBlockWithItsReason) {
  ExtractOptions options;
  EXPECT_TRUE(Extract(Article("<nav><a>Menu</a></nav>"), options).blocks.empty());
  options.explain = true;
  Extraction e = Extract(Article("<nav><a>Menu</a></nav>"), options);
  ASSERT_EQ(e.blocks.size(), 6u);
  EXPECT_EQ(e.blocks[0].text, "Tol Sumatera Selesai Tahun Ini");
  EXPECT_FALSE(e.blocks[0].kept);
  EXPECT_EQ(e.blocks[3].text, "Menu");
  EXPECT_FALSE(e.blocks[3].kept);
  EXPECT_EQ(e.blocks[3].reason, "inside <nav>");
  EXPECT_EQ(e.blocks[3].tag_path, "html>body>div.container>div.article-body>nav");
  EXPECT_TRUE(e.blocks[1].kept);
  EXPECT_TRUE(e.blocks[1].reason.starts_with("prose: ")) << e.blocks[1].reason;
}

TEST(HtmlExtractor, PagesLongerThanTheLimitAreCutNotRefused) {
  std::string page = "<html><body><div class=story>";
  while (page.size() < (4u << 20))
    page.append("<p>").append(kP1).append("</p><p>").append(kP2).append("</p>");
  page.append("</div></body></html>");
  ExtractOptions options;
  options.max_html_bytes = 1 << 20;
  Extraction e = Extract(page, options);
  EXPECT_TRUE(e.truncated);
  EXPECT_GT(e.text.size(), 500u * 1000);
  EXPECT_LT(e.text.size(), 1u << 20);
  options.max_html_bytes = 64 << 20;
  e = Extract(page, options);
  EXPECT_FALSE(e.truncated);
  EXPECT_GT(e.text.size(), 3u << 20);
}

TEST(HtmlExtractor, DeepNestingAndManyEmptyElementsStayBounded) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += kP1;
  Extraction e = Extract(deep);
  EXPECT_NE(e.text.find("JAKARTA"), std::string::npos);
  std::string many;
  for (int i = 0; i < 300000; ++i) many += "<p>x</p>";
  e = Extract(many);  // must finish and return; the blocks are capped
  EXPECT_EQ(e.text, "");
}

TEST(HtmlExtractor, ExtractorIsReusableAcrossPages) {
  HtmlExtractor extractor{ExtractOptions{}};
  Extraction first, again, other;
  ASSERT_TRUE(extractor.Extract(Article("<nav>a</nav>"), &first).ok());
  ASSERT_TRUE(extractor.Extract("<p>x</p>", &other).ok());
  ASSERT_TRUE(extractor.Extract(Article("<nav>a</nav>"), &again).ok());
  EXPECT_EQ(first.text, again.text);
  EXPECT_EQ(first.title, again.title);
  EXPECT_EQ(other.text, "");
}

}  // namespace
}  // namespace saring

namespace saring {
namespace {

TEST(HtmlExtractor, PreformattedTextKeepsItsLinesAndIndentation) {
  std::string page = std::string("<body><div class=doc><p>") + kP1 +
                     "</p><pre>\n\n  int x;\r\n\n\n\n  return x;<br>}\n\n</pre><p>" + kP2 +
                     "</p></div></body>";
  Extraction e = Extract(page);
  EXPECT_EQ(e.text, std::string(kP1) + "\n\n  int x;\n\n  return x;\n}\n\n" + kP2);
}

TEST(HtmlExtractor, NulCharactersAreDropped) {
  std::string page = Article("");
  page.insert(page.find("akhir tahun"), std::string("\0\0", 2));
  Extraction e = Extract(page);
  EXPECT_EQ(e.text.find('\0'), std::string::npos);
  ExpectBodyKept(e);
}

}  // namespace
}  // namespace saring

namespace saring {
namespace {

TEST(HtmlExtractor, PagesInLanguagesWithoutAStopWordListAreStillExtracted) {
  const std::string page =
      "<html><head><title>Le conseil adopte le budget - Journal</title></head><body><nav><a "
      "href=/>Accueil</a></nav>"
      "<div class=article><h1>Le conseil municipal adopte le budget</h1>"
      "<p>Le conseil municipal a adopt\xC3\xA9 mardi soir le budget de la ville pour l'ann\xC3\xA9"
      "e prochaine, apr\xC3\xA8s un "
      "long d\xC3\xA9"
      "bat sur les investissements dans les \xC3\xA9"
      "coles et les transports.</p>"
      "<p>La maire a d\xC3\xA9"
      "fendu une hausse mod\xC3\xA9r\xC3\xA9"
      "e des d\xC3\xA9penses, financ\xC3\xA9"
      "e par des \xC3\xA9"
      "conomies sur "
      "le fonctionnement, tandis que l'opposition a r\xC3\xA9"
      "clam\xC3\xA9 une baisse des imp\xC3\xB4ts locaux.</p></div>"
      "<footer>Journal</footer></body></html>";
  for (std::string language : {"", "en", "id"}) {
    ExtractOptions options;
    options.language = language;
    Extraction e = Extract(page, options);
    EXPECT_TRUE(
        e.text.starts_with("Le conseil municipal adopte le budget\n\nLe conseil municipal a adopt"))
        << language << e.text;
    EXPECT_NE(e.text.find("imp\xC3\xB4ts locaux."), std::string::npos) << language;
    EXPECT_EQ(e.text.find("Accueil"), std::string::npos) << language;
  }
}

}  // namespace
}  // namespace saring

namespace saring {
namespace {

TEST(HtmlExtractor, ScriptsWithoutSpacesBetweenWords) {
  // Chinese: few spaces, so length is counted in bytes.
  const std::string p1 =
      "\u5e02\u653f\u5e9c\u4eca\u5929\u5ba3\u5e03\uff0c\u660e\u5e74\u5c06\u5728\u5e02\u4e2d\u5fc3"
      "\u4fee\u5efa\u4e09\u6761\u65b0\u7684"
      "\u81ea\u884c\u8f66\u9053\uff0c\u65b9\u4fbf\u5e02\u6c11\u9a91\u8f66\u4e0a\u73ed\u548c\u4e0a"
      "\u5b66\uff0c\u5de5\u7a0b\u9884\u8ba1"
      "\u5728\u4e24\u5e74\u5185\u5b8c\u6210\u3002";
  const std::string p2 =
      "\u5e02\u957f\u8868\u793a\uff0c\u8fd9\u9879\u8ba1\u5212\u7ecf\u8fc7\u4e86\u957f\u65f6\u95f4"
      "\u7684\u8ba8\u8bba\uff0c"
      "\u5927\u591a\u6570\u5e02\u6c11\u90fd\u652f\u6301\u5728\u4e3b\u8981\u9053\u8def\u4e0a\u589e"
      "\u52a0\u5b89\u5168\u7684"
      "\u81ea\u884c\u8f66\u9053 2024 \u5e74\u5f00\u59cb\u65bd\u5de5\u3002";
  const std::string page =
      "<html><head><meta charset=utf-8><title>\u65b0\u95fb</title></head><body>"
      "<div class=menu><a href=/>\u9996\u9875</a> <a href=/n>\u65b0\u95fb</a></div>"
      "<div class=content><p>" +
      p1 + "</p><p>" + p2 + "</p></div></body></html>";
  Extraction e = Extract(page);
  EXPECT_NE(e.text.find(p1), std::string::npos) << e.text;
  EXPECT_NE(e.text.find(p2), std::string::npos) << e.text;
  EXPECT_EQ(e.text.find("\u9996\u9875"), std::string::npos);
}

}  // namespace
}  // namespace saring

namespace saring {
namespace {

TEST(HtmlExtractor, SiblingSectionsOfTheBodyAreKept) {
  // The middle section holds most of the prose; the sections before and after it are siblings.
  std::string page = "<body><div class=nav><a href=/>Home</a></div><div class=doc>";
  page += std::string("<div class=sect><h2>Satu</h2><p>") + kP1 + "</p></div>";
  page += std::string("<div class=sect><h2>Dua</h2><p>") + kP2 + "</p><p>" + kP3 + "</p><p>" + kP2 +
          " " + kP3 + "</p></div>";
  page += std::string("<div class=sect><h2>Tiga</h2><p>") + kP4 + "</p></div></div>";
  page += "<div class=rail><p>" + std::string(kP4) + " Zzmark.</p></div></body>";
  Extraction e = Extract(page);
  ExpectBodyKept(e);
  EXPECT_NE(e.text.find("Tiga\n\n"), std::string::npos) << e.text;
  EXPECT_EQ(e.text.find("Zzmark"), std::string::npos) << e.text;
}

}  // namespace
}  // namespace saring

namespace saring {
namespace {

TEST(HtmlExtractor, LayoutTableCellsAreSeparateBlocks) {
  // Navigation and article in two cells of one row: the cells must not merge into one block.
  std::string page =
      "<html><body><table><tr><td width=150><a href=/a>Nasional</a><br><a href=/b>Daerah</a><br>"
      "<a href=/c>Zzmark Ekonomi</a></td><td>";
  page +=
      std::string(kP1) + "<br><br>" + kP2 + "<br><br>" + kP3 + "</td></tr></table></body></html>";
  for (bool gumbo : {false, true}) {
    ExtractOptions options;
    options.use_gumbo = gumbo;
    Extraction e = Extract(page, options);
    EXPECT_EQ(e.text, std::string(kP1) + "\n\n" + kP2 + "\n\n" + kP3) << gumbo;
  }
}

}  // namespace
}  // namespace saring

namespace saring {
namespace {

TEST(HtmlExtractor, AnUnclosedTitleIsCutAtACharacterBoundary) {
  std::string page = "<html><head><title>";
  for (int i = 0; i < 3000; ++i) page += "\xC3\xA9";  // 6,000 bytes of e-acute, never closed
  Extraction e = Extract(page);
  EXPECT_TRUE(IsValidUtf8(e.title));
  EXPECT_GE(e.title.size(), 4096u);
  EXPECT_LE(e.title.size(), 4099u);
}

}  // namespace
}  // namespace saring
