"""Builds the extension module saring._saring with CMake for `pip install .` (see pyproject.toml).

setuptools knows nothing of CMake, so the one extension is declared without sources and
build_ext runs the project's CMake build of the `_saring` target instead, with the interpreter
pip runs under, then puts the module where setuptools expects it.
"""
import os
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        source = os.path.dirname(os.path.abspath(__file__))
        # SARING_BUILD_DIR: an existing CMake build folder of this tree to build _saring in (a
        # developer's, or CI's, so the package is not compiled twice). Default: a fresh folder.
        existing = os.environ.get("SARING_BUILD_DIR")
        build = os.path.abspath(existing or os.path.join(self.build_temp, "cmake"))
        if not existing:
            os.makedirs(build, exist_ok=True)
            configure = [
                "cmake", "-S", source, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
                "-DSARING_BUILD_TESTS=OFF", "-DSARING_BUILD_BENCHMARKS=OFF",
                "-DSARING_BUILD_FUZZERS=OFF", "-DSARING_BUILD_PYTHON=ON",
                f"-DPython_EXECUTABLE={sys.executable}",
            ]
            if subprocess.run(["ninja", "--version"], capture_output=True).returncode == 0:
                configure += ["-G", "Ninja"]
            subprocess.run(configure, check=True)
        jobs = str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", build, "--target", "_saring", "-j", jobs], check=True)
        built_dir = os.path.join(build, "python", "saring")
        names = [n for n in os.listdir(built_dir) if n.startswith("_saring") and n.endswith(".so")]
        if len(names) != 1:
            raise RuntimeError(f"expected one _saring*.so in {built_dir}, found {names}")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        self.copy_file(os.path.join(built_dir, names[0]), target)


setup(ext_modules=[CMakeExtension("saring._saring")], cmdclass={"build_ext": CMakeBuild})
