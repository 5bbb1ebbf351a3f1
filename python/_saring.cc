// _saring: the native core of the saring Python package. It mirrors the C++ API closely and
// stays thin; saring/__init__.py adds the Pythonic surface (dataclasses, keyword options,
// docstrings for users). Long C++ work runs with the GIL released. See docs/python.md.
#include <Python.h>

#include "py_common.h"

namespace saring::python {
namespace {

// saring.Error, created once at import; a borrowed-forever reference (the module keeps it alive).
PyObject* g_error_type = nullptr;

}  // namespace

void RegisterError(py::module_& m) {
  g_error_type = PyErr_NewExceptionWithDoc(
      "saring.Error",
      "Raised when a saring operation cannot complete: an input that cannot be opened, a bad "
      "setting, a damaged stage file. `code` names the kind of failure (\"InvalidArgument\", "
      "\"NotFound\", \"IoError\", \"Corruption\", ...); the message says what to do about it.",
      PyExc_Exception, nullptr);
  if (g_error_type == nullptr) throw py::error_already_set();
  m.add_object("Error", py::handle(g_error_type));
}

void ThrowIfError(const Status& status) {
  if (!status.ok()) RaiseError(status);
}

void RaiseError(const Status& status) {
  py::object type = py::reinterpret_borrow<py::object>(g_error_type);
  py::object error = type(status.message());
  error.attr("code") = py::str(std::string(StatusCodeName(status.code())));
  PyErr_SetObject(g_error_type, error.ptr());
  throw py::error_already_set();
}

Utf8Text::Utf8Text(py::handle obj) : owner_(py::reinterpret_borrow<py::object>(obj)) {
  if (PyUnicode_Check(obj.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(obj.ptr(), &size);
    if (data == nullptr) throw py::error_already_set();
    view_ = std::string_view(data, static_cast<size_t>(size));
    is_str_ = true;
  } else if (PyBytes_Check(obj.ptr())) {
    view_ = std::string_view(PyBytes_AS_STRING(obj.ptr()),
                             static_cast<size_t>(PyBytes_GET_SIZE(obj.ptr())));
  } else {
    throw py::type_error(std::string("expected str or bytes, got ") + Py_TYPE(obj.ptr())->tp_name);
  }
}

py::object ToPython(std::string_view text, bool as_str) {
  if (!as_str) return py::bytes(text.data(), text.size());
  PyObject* s = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (s == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(s);
}

}  // namespace saring::python

PYBIND11_MODULE(_saring, m) {
  namespace sp = saring::python;
  m.doc() =
      "Native core of the saring package (C++). Use the `saring` package instead of importing "
      "this module directly; its functions and classes are documented there.";
#ifdef SARING_VERSION
  m.attr("__version__") = SARING_VERSION;
#endif
  sp::RegisterError(m);
  sp::RegisterText(m);
  sp::RegisterMinHash(m);
  sp::RegisterRun(m);
  sp::RegisterStages(m);
}
