// Status and Result<T>: how saring reports what stops an operation.
//
// A Status is OK or a code plus a human-readable message. A Result<T> holds a T or a non-OK
// Status, never "OK without a T". Both are [[nodiscard]]. No exception crosses a public saring
// function; a bad input record is not an error at all but a per-record outcome (see record.h).
//
// Messages are written for a person: what is wrong, where (file, line, byte offset), and what
// to do about it.
//
// Thread-safety: Status and Result are values; distinct objects may be used from distinct
// threads without synchronisation.
#ifndef SARING_STATUS_H_
#define SARING_STATUS_H_

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace saring {

enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,     // bad flag, bad config value, malformed file the user gave us
  kNotFound = 2,            // an input or index that does not exist
  kIoError = 3,             // read or write failed (disk full, permission denied, ...)
  kCorruption = 4,          // an on-disk artifact fails its checks
  kResourceExhausted = 5,   // a memory or disk budget cannot be kept
  kAborted = 6,             // stopped by a signal or by --strict on a bad record
  kFailedPrecondition = 7,  // e.g. resume with a changed config, output folder locked
  kUnimplemented = 8,       // a feature not built in (e.g. fastText model absent)
  kInternal = 9,
};

// Returns a short stable name such as "IoError".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status; costs nothing.
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {StatusCode::kInvalidArgument, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status IoError(std::string msg) { return {StatusCode::kIoError, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) {
    return {StatusCode::kResourceExhausted, std::move(msg)};
  }
  static Status Aborted(std::string msg) { return {StatusCode::kAborted, std::move(msg)}; }
  static Status FailedPrecondition(std::string msg) {
    return {StatusCode::kFailedPrecondition, std::move(msg)};
  }
  static Status Unimplemented(std::string msg) {
    return {StatusCode::kUnimplemented, std::move(msg)};
  }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "IoError: <message>", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A T, or the Status that prevented producing one. REQUIRES for value(): ok().
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design, as StatusOr.
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace saring

#define SARING_CONCAT_INNER_(a, b) a##b
#define SARING_CONCAT_(a, b) SARING_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define SARING_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::saring::Status saring_status_ = (expr);        \
    if (!saring_status_.ok()) return saring_status_; \
  } while (0)

// `lhs = value of expr` (a Result<T>), or returns its Status from the enclosing function.
#define SARING_ASSIGN_OR_RETURN(lhs, expr) \
  SARING_ASSIGN_OR_RETURN_IMPL_(SARING_CONCAT_(saring_result_, __LINE__), lhs, expr)
#define SARING_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

#ifdef NDEBUG
#define SARING_DCHECK(cond) ((void)0)
#else
#define SARING_DCHECK(cond) assert(cond)
#endif

#endif  // SARING_STATUS_H_
