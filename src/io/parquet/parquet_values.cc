// Value formatting. Dates use the proleptic Gregorian calendar, computed from days since
// 1970-01-01 with the usual era arithmetic (400-year cycles of 146097 days).
#include "io/parquet/parquet_values.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "saring/json_string.h"
#include "util/base64.h"

namespace saring::parquet {
namespace {

template <typename T>
T Load(std::string_view v) {
  T x{};
  std::memcpy(&x, v.data(), std::min(sizeof(T), v.size()));
  return x;
}

struct Civil {
  int64_t year;
  unsigned month, day;
};

Civil CivilFromDays(int64_t days) {
  days += 719468;  // days from 0000-03-01 to 1970-01-01
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;                                    // [0, 146096]
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  int64_t mp = (5 * doy + 2) / 153;                                     // March = 0
  unsigned day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  unsigned month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  return Civil{yoe + era * 400 + (month <= 2), month, day};
}

void AppendDate(int64_t days, std::string* out) {
  Civil c = CivilFromDays(days);
  fmt::format_to(std::back_inserter(*out), "\"{:04}-{:02}-{:02}\"", c.year, c.month, c.day);
}

// `units` per second; `value` counts units since the epoch.
void AppendTimestamp(int64_t value, int64_t units, int digits, std::string* out) {
  int64_t secs = value / units, frac = value % units;
  if (frac < 0) {
    frac += units;
    --secs;
  }
  int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  Civil c = CivilFromDays(days);
  fmt::format_to(std::back_inserter(*out), "\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.year, c.month,
                 c.day, rem / 3600, rem / 60 % 60, rem % 60);
  if (digits > 0) fmt::format_to(std::back_inserter(*out), ".{:0{}}", frac, digits);
  out->append("Z\"");
}

void AppendUnscaled(bool negative, unsigned __int128 magnitude, int scale, std::string* out) {
  char digits[48];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) out->push_back('-');
  if (scale < 0 || scale > 38) scale = 0;
  while (n <= scale) digits[n++] = '0';
  for (int i = n - 1; i >= 0; --i) {
    out->push_back(digits[i]);
    if (i == scale && i > 0) out->push_back('.');
  }
}

void AppendDecimalInt(int64_t v, int scale, std::string* out) {
  bool negative = v < 0;
  unsigned __int128 m = negative ? static_cast<unsigned __int128>(-(static_cast<__int128>(v))) : v;
  AppendUnscaled(negative, m, scale, out);
}

// Big-endian two's complement bytes; false if wider than 16 bytes.
bool AppendDecimalBytes(std::string_view v, int scale, std::string* out) {
  if (v.empty() || v.size() > 16) return false;
  bool negative = static_cast<uint8_t>(v[0]) & 0x80;
  unsigned __int128 x = negative ? ~static_cast<unsigned __int128>(0) : 0;
  for (char c : v) x = (x << 8) | static_cast<uint8_t>(c);
  AppendUnscaled(negative, negative ? ~x + 1 : x, scale, out);
  return true;
}

void AppendBinary(std::string_view v, std::string* out) {
  if (simdjson::validate_utf8(v.data(), v.size())) {
    AppendJsonString(v, out);
    return;
  }
  out->push_back('"');
  AppendBase64(v, out);
  out->push_back('"');
}

void AppendUuid(std::string_view v, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < v.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out->push_back('-');
    out->push_back(kHex[static_cast<uint8_t>(v[i]) >> 4]);
    out->push_back(kHex[static_cast<uint8_t>(v[i]) & 15]);
  }
  out->push_back('"');
}

template <typename F>
void AppendFloat(F x, std::string* out) {
  if (!std::isfinite(x)) {
    out->append("null");
    return;
  }
  fmt::format_to(std::back_inserter(*out), "{}", x);
}

}  // namespace

void AppendValue(const SchemaElement& e, std::string_view v, std::string* out) {
  auto it = std::back_inserter(*out);
  switch (e.type) {
    case kBoolean: out->append(!v.empty() && v[0] != 0 ? "true" : "false"); return;
    case kInt32: {
      int32_t x = Load<int32_t>(v);
      if (e.meaning == Meaning::kUnsigned) fmt::format_to(it, "{}", static_cast<uint32_t>(x));
      else if (e.meaning == Meaning::kDate) AppendDate(x, out);
      else if (e.meaning == Meaning::kDecimal) AppendDecimalInt(x, e.scale, out);
      else fmt::format_to(it, "{}", x);
      return;
    }
    case kInt64: {
      int64_t x = Load<int64_t>(v);
      switch (e.meaning) {
        case Meaning::kUnsigned: fmt::format_to(it, "{}", static_cast<uint64_t>(x)); return;
        case Meaning::kDecimal: AppendDecimalInt(x, e.scale, out); return;
        case Meaning::kTimestampMillis: AppendTimestamp(x, 1000, 3, out); return;
        case Meaning::kTimestampMicros: AppendTimestamp(x, 1000000, 6, out); return;
        case Meaning::kTimestampNanos: AppendTimestamp(x, 1000000000, 9, out); return;
        default: fmt::format_to(it, "{}", x); return;
      }
    }
    case kInt96: {  // nanoseconds of the day, then the Julian day number
      int64_t nanos = Load<int64_t>(v);
      int64_t julian = Load<int32_t>(v.substr(8));
      const int64_t kDayNanos = 86400ll * 1000000000ll;
      if (nanos < 0 || nanos >= kDayNanos) {
        out->append("null");
        return;
      }
      AppendTimestamp((julian - 2440588) * kDayNanos + nanos, 1000000000, 9, out);
      return;
    }
    case kFloat: AppendFloat(Load<float>(v), out); return;
    case kDouble: AppendFloat(Load<double>(v), out); return;
    default: break;
  }
  switch (e.meaning) {
    case Meaning::kJson:
      if (v.empty()) out->append("null");
      else out->append(v);
      return;
    case Meaning::kString: AppendJsonString(v, out); return;
    case Meaning::kUuid:
      if (v.size() == 16) {
        AppendUuid(v, out);
        return;
      }
      break;
    case Meaning::kDecimal:
      if (AppendDecimalBytes(v, e.scale, out)) return;
      break;
    default: break;
  }
  AppendBinary(v, out);
}

}  // namespace saring::parquet
