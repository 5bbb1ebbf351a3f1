#!/usr/bin/env python3
"""Writes the Malay-only and Indonesian-only word tables of the combined language identifier.

Reads the two morphological analysers of Debian's apertium-ind-zlm (Indonesian and Malaysian
Malay, compiled lttoolbox transducers), prints each with lttoolbox's `lt-print` (AT&T text
format), and collects every surface form the analyser accepts (the input side of its paths).
A word that only the Malay analyser knows is a Malay marker, one that only the Indonesian
analyser knows an Indonesian marker (spelling and word choice: wang/uang, kerana/karena,
universiti/universitas, epal/apel, ...). Words are kept when they are ASCII letters with inner
hyphens, 2 to 24 bytes, lower-cased; anything else (numbers, punctuation, spaces) is left out.

Run at build time by src/langid/CMakeLists.txt; writes a C++ include file into the build
folder. The word lists are derived from the package's data (GPL-3+, see
/usr/share/doc/apertium-ind-zlm/copyright); nothing of them is kept in the repository.

Usage: apertium_lexicon_gen.py LT_PRINT INDONESIAN_AUTOMORF MALAY_AUTOMORF OUTPUT
"""
import re
import subprocess
import sys

WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
EPSILONS = ("ε", "@0@")
MAX_BYTES = 24
MIN_BYTES = 2


def surface_forms(lt_print, path):
    """Lower-cased words accepted by the transducer at `path` (input side of its paths)."""
    text = subprocess.run([lt_print, path], check=True, capture_output=True,
                          encoding="utf-8").stdout
    words = set()
    for section in text.split("\n--\n"):
        arcs = {}
        finals = set()
        for line in section.split("\n"):
            fields = line.split("\t")
            if len(fields) >= 4:
                symbol = "" if fields[2] in EPSILONS else fields[2].lower()
                if symbol and not WORD.fullmatch(symbol) and symbol != "-":
                    continue  # digits, punctuation, spaces: not part of a word we keep
                arcs.setdefault(int(fields[0]), []).append((int(fields[1]), symbol))
            elif fields[0].strip():
                finals.add(int(fields[0]))
        # Depth-first over paths that visit no state twice, cut at MAX_BYTES letters.
        stack = [(0, "", frozenset([0]))]
        while stack:
            state, prefix, on_path = stack.pop()
            if state in finals and MIN_BYTES <= len(prefix) and WORD.fullmatch(prefix):
                words.add(prefix)
            for target, symbol in arcs.get(state, ()):
                if target in on_path or len(prefix) + len(symbol) > MAX_BYTES:
                    continue
                stack.append((target, prefix + symbol, on_path | {target}))
    return words


def table(name, words):
    body = "".join(f'    "{w}",\n' for w in sorted(words))
    return (f"inline constexpr std::array<std::string_view, {len(words)}> {name} = {{\n"
            f"{body}}};\n")


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    lt_print, indonesian_path, malay_path, output = argv[1:]
    indonesian = surface_forms(lt_print, indonesian_path)
    malay = surface_forms(lt_print, malay_path)
    if not indonesian or not malay:
        sys.exit(f"apertium_lexicon_gen: no words read from {indonesian_path} or {malay_path}")
    with open(output, "w", encoding="utf-8") as out:
        out.write("// Generated at build time by src/langid/apertium_lexicon_gen.py from\n"
                  f"// {indonesian_path} and\n// {malay_path}\n"
                  "// (Debian apertium-ind-zlm, GPL-3+). Do not edit.\n"
                  "#define SARING_HAVE_APERTIUM_LEXICON 1\n")
        out.write(table("kApertiumMalayOnly", malay - indonesian))
        out.write(table("kApertiumIndonesianOnly", indonesian - malay))


if __name__ == "__main__":
    main(sys.argv)
