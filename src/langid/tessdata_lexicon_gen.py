#!/usr/bin/env python3
"""Writes the web word tables (Malay-only, Indonesian-only) of the combined language identifier.

Reads the word lists of Tesseract's Malay and Indonesian models (Debian tesseract-ocr-msa and
tesseract-ocr-ind, tessdata_fast, Apache-2.0): each .traineddata holds a dictionary (DAWG) of
the words its makers collected from web text of that language. `combine_tessdata -u` unpacks
the model, `dawg2wordlist` prints the dictionary. A word (lower-cased; ASCII letters with
inner hyphens, 2 to 24 bytes) found in the Malay list and not in the Indonesian one is a weak
Malay marker, and the other way round (the lists are of web text, which mixes the two
languages and names, so the combined identifier asks them only after the stronger evidence).

Run at build time by src/langid/CMakeLists.txt; writes a C++ include file into the build
folder. Nothing of the data is kept in the repository.

Usage: tessdata_lexicon_gen.py COMBINE_TESSDATA DAWG2WORDLIST MALAY_TRAINEDDATA
                               INDONESIAN_TRAINEDDATA OUTPUT
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from apertium_lexicon_gen import table  # same C++ table format

WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
MAX_BYTES = 24
MIN_BYTES = 2


def words_of(combine_tessdata, dawg2wordlist, traineddata, scratch):
    """Lower-cased words of the LSTM word dictionary in the model file `traineddata`."""
    lang = os.path.basename(traineddata).split(".")[0]
    prefix = os.path.join(scratch, lang + ".")
    shutil.copyfile(traineddata, prefix + "traineddata")
    subprocess.run([combine_tessdata, "-u", prefix + "traineddata", prefix], check=True,
                   capture_output=True)
    listing = prefix + "words"
    subprocess.run([dawg2wordlist, prefix + "lstm-unicharset", prefix + "lstm-word-dawg",
                    listing], check=True, capture_output=True)
    words = set()
    with open(listing, encoding="utf-8") as f:
        for line in f:
            word = line.strip().lower()
            if MIN_BYTES <= len(word) <= MAX_BYTES and WORD.fullmatch(word):
                words.add(word)
    return words


def main(argv):
    if len(argv) != 6:
        sys.exit(__doc__)
    combine_tessdata, dawg2wordlist, malay_path, indonesian_path, output = argv[1:]
    with tempfile.TemporaryDirectory() as scratch:
        malay = words_of(combine_tessdata, dawg2wordlist, malay_path, scratch)
        indonesian = words_of(combine_tessdata, dawg2wordlist, indonesian_path, scratch)
    if not malay or not indonesian:
        sys.exit(f"tessdata_lexicon_gen: no words read from {malay_path} or {indonesian_path}")
    with open(output, "w", encoding="utf-8") as out:
        out.write("// Generated at build time by src/langid/tessdata_lexicon_gen.py from\n"
                  f"// {malay_path} and\n// {indonesian_path}\n"
                  "// (Debian tesseract-ocr-msa, tesseract-ocr-ind; Apache-2.0). Do not edit.\n")
        out.write(table("kWebMalayOnly", malay - indonesian))
        out.write(table("kWebIndonesianOnly", indonesian - malay))


if __name__ == "__main__":
    main(sys.argv)
