// The scalar ASCII normalisation kernel: no blocks; the whole ASCII run goes to AsciiScalar.
#include "text/kernels/normalize_ascii_scalar.h"
#include "text/normalize_kernels.h"
#include "text/utf8_codec.h"

namespace saring::text {
namespace {

AsciiStop AsciiBlocksScalar(const unsigned char* text, size_t from, size_t n, Cursor* c) {
  return {from, from + AsciiPrefixLength(text + from, n - from)};
}

template <int kIndex>
void AsciiPartialScalar(const unsigned char* text, size_t from, size_t to, Cursor* c) {
  AsciiScalar(text + from, to - from, kAsciiTables[kIndex], c);
}

template <int kIndex>
constexpr AsciiOps ScalarOps() {
  return {&AsciiBlocksScalar, &AsciiPartialScalar<kIndex>};
}

constexpr AsciiKernel kScalar = {"scalar",
                                 {ScalarOps<0>(), ScalarOps<1>(), ScalarOps<2>(), ScalarOps<3>(),
                                  ScalarOps<4>(), ScalarOps<5>(), ScalarOps<6>(), ScalarOps<7>()}};

}  // namespace

const AsciiKernel& AsciiKernelScalar() { return kScalar; }

}  // namespace saring::text
