// Checks that steady-state repair does no heap allocation: after a warm-up on a document, repairing
// it again (reusing the repairer and the result) must not call operator new. The counter below
// replaces the global allocation functions for this test binary only.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "saring/repair.h"

namespace {

std::atomic<long> g_allocations{0};

}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace saring {
namespace {

TEST(DocumentRepairer, SteadyStateDoesNotAllocate) {
  std::string text = "\xEF\xBB\xBF";
  text +=
      "Gubernur meresmikan jembatan baru yang menghubungkan dua kecamatan di\r\n"
      "tepi sungai besar itu pada Kamis pagi.\r\n"
      "(Foto: Antara)\r\n"
      "KABARDAERAH, SAMARINDA - Gubernur\r\n"
      "meresmikan jembatan baru yang menghubungkan dua kecamatan di tepi\r\n"
      "sungai besar itu pada Kamis pagi. Jembatan sepanjang tiga ratus meter\r\n"
      "itu dibangun selama dua tahun.\r\n"
      "Warga menyambut gembira karena perjalanan ke pasar kini hanya sepuluh menit, kata "
      "Se\xC3\xB1ora Ni\xC3\xB1o.\r\n"
      "Warga menyambut gembira karena perjalanan ke pasar kini hanya sepuluh menit, kata "
      "Se\xC3\xB1ora Ni\xC3\xB1o.\r\n"
      "\xE6\x88\x91\xE4\xBB\xAC\xE4\xBB\x8A\xE5\xA4\xA9\xE5\x8E\xBB\xE5\xB8\x82\xE5\x9C\xBA\xE4\xB9"
      "\xB0\xE8\x8F\x9C\r\n"
      "(sya)";
  const long at_start = g_allocations.load();
  DocumentRepairer repairer(RepairOptions{});
  RepairResult result;
  repairer.Repair(text, &result);
  EXPECT_GT(g_allocations.load() - at_start, 0);  // the counter sees the warm-up's allocations
  repairer.Repair(text, &result);
  ASSERT_EQ(result.removed.size(), 5u);  // BOM, caption, credit, repeat, tag

  const long before = g_allocations.load();
  repairer.Repair(text, &result);
  const long allocations = g_allocations.load() - before;
  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(result.removed.size(), 5u);
}

}  // namespace
}  // namespace saring
