// Shared helpers of the _saring extension module: the saring.Error exception, Status -> Python
// exception conversion, and borrowing UTF-8 bytes from Python str/bytes objects.
//
// This is the only layer of saring that throws: a non-OK Status becomes saring.Error here, at the
// binding boundary, and nowhere else. Each Register*() function adds one group of bindings to the
// module; _saring.cc calls them all.
//
// Thread-safety: every helper here needs the GIL unless its comment says otherwise.
#ifndef SARING_PYTHON_PY_COMMON_H_
#define SARING_PYTHON_PY_COMMON_H_

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "saring/run.h"
#include "saring/status.h"

namespace saring::python {

namespace py = pybind11;
using namespace pybind11::literals;  // NOLINT: "key"_a for py::dict and keyword arguments

// Creates saring.Error (a subclass of Exception with a `code` attribute, e.g. "NotFound") in `m`.
void RegisterError(py::module_& m);

// Raises saring.Error for a non-OK status (message = status.message(), .code = the code's name).
// Does nothing for OK. REQUIRES: the GIL is held.
void ThrowIfError(const Status& status);

// Raises saring.Error for `status`. REQUIRES: !status.ok(), the GIL is held.
[[noreturn]] void RaiseError(const Status& status);

// Returns the value of `result` or raises saring.Error.
template <class T>
T ValueOrThrow(Result<T> result) {
  ThrowIfError(result.status());
  return std::move(result).value();
}

// Runs fn() with the GIL released and returns what it returns (a Status or Result, for
// ThrowIfError / ValueOrThrow once the GIL is back). REQUIRES: the GIL is held; fn touches no
// Python object.
template <class Fn>
auto WithoutGil(Fn&& fn) {
  std::optional<decltype(fn())> out;
  {
    py::gil_scoped_release nogil;
    out.emplace(fn());
  }
  return std::move(*out);
}

// A read-only view of the UTF-8 bytes of a Python str or bytes object. The view stays valid for
// as long as this object lives, with or without the GIL: it keeps a reference to the Python
// object (str objects cache their UTF-8 form). Construct and destroy with the GIL held.
class Utf8Text {
 public:
  // Raises TypeError for anything other than str or bytes, and UnicodeEncodeError for a str
  // holding lone surrogates.
  explicit Utf8Text(py::handle obj);

  std::string_view view() const { return view_; }
  bool is_str() const { return is_str_; }

 private:
  py::object owner_;
  std::string_view view_;
  bool is_str_ = false;
};

// Converts `text` (UTF-8 from saring) into a Python str, or bytes when `as_str` is false. Invalid
// bytes become U+FFFD in str form.
py::object ToPython(std::string_view text, bool as_str);

// Settings as (key, text value) pairs, in the order given.
using Settings = std::vector<std::pair<std::string, std::string>>;

// RunOptions from defaults < the YAML file `config` (if any) < `settings` in order, as `saring run`
// resolves them. Raises saring.Error for a bad file, key or value.
RunOptions BuildRunOptions(const std::vector<std::string>& inputs, const std::string& output_dir,
                           const std::optional<std::string>& config, const Settings& settings);

// Registration of the binding groups (one .cc file each).
void RegisterText(py::module_& m);     // py_text.cc: repair, normalize, signals, language
void RegisterMinHash(py::module_& m);  // py_minhash.cc: MinHasher, LshIndex, near_duplicates
void RegisterRun(py::module_& m);      // py_run.cc: run, settings, read_lines
void RegisterStages(py::module_& m);   // py_stages.cc: sign_shard, cluster, apply, finish

}  // namespace saring::python

#endif  // SARING_PYTHON_PY_COMMON_H_
