"""Per-document functions: repair, normalize, signals, quality_check, identify_language."""
import pytest

import saring

LEAD = ("Pemerintah kota Bandung membuka tiga taman baru di kawasan utara — "
        "warga menyambut café dan jalur sepeda yang lebih lebar.")
BODY = ("The council said the parks would be maintained by local volunteers, and that "
        "the budget for the next year includes money for lighting and new benches.")
ENGLISH = ("The committee met on Tuesday to discuss the new budget for the city schools. "
           "Members agreed that the funds should be spent on teachers and on books for the "
           "libraries, and they asked the mayor to publish the full plan before the end of "
           "the month so that parents could read it.")
INDONESIAN = ("Pemerintah daerah akan membangun jembatan baru di atas sungai itu pada tahun "
              "depan. Warga desa berharap jembatan tersebut dapat mempermudah anak-anak yang "
              "setiap hari berangkat ke sekolah di kota.")


def test_repair_cuts_a_repeated_paragraph_with_str_offsets():
    text = f"{LEAD}\n\n{BODY}\n\n{LEAD}\n"
    r = saring.repair(text)
    assert isinstance(r.kept_text, str)
    assert [s.reason for s in r.removed] == ["repeated_paragraph"]
    span = r.removed[0]
    # Offsets are str indices (the text has non-ASCII characters before the span).
    assert text[span.begin:span.end] == span.text
    assert span.text.startswith(LEAD)
    assert span.duplicate_of == (0, len(LEAD))
    assert r.kept_text == text[:span.begin] + text[span.end:]
    assert "café" in r.kept_normalized and "CAFÉ" not in r.kept_normalized
    assert r.kept_normalized.count("\n") == 1  # two kept paragraphs
    assert r.normalized.count("\n") == 2
    assert r.to_dict()["removed"][0]["reason"] == "repeated_paragraph"


def test_repair_bytes_input_gives_byte_offsets():
    text = f"{LEAD}\n\n{BODY}\n\n{LEAD}\n".encode()
    r = saring.repair(text)
    span = r.removed[0]
    assert isinstance(r.kept_text, bytes) and isinstance(span.text, bytes)
    assert text[span.begin:span.end] == span.text
    assert span.duplicate_of == (0, len(LEAD.encode()))


def test_repair_options_switch_rules_off():
    text = f"{LEAD}\n\n{BODY}\n\n{LEAD}\n"
    r = saring.repair(text, remove_repeated=False)
    assert r.removed == []
    assert r.kept_text == text


def test_repair_cuts_a_credit_line():
    text = f"{BODY}\n\n(Antara)\n"
    r = saring.repair(text)
    assert [s.reason for s in r.removed] == ["credit_line"]
    assert r.removed[0].text.startswith("(Antara)")
    assert r.removed[0].duplicate_of is None
    assert r.kept_text.strip() == BODY


def test_repair_rejects_non_text():
    with pytest.raises(TypeError):
        saring.repair(123)


def test_normalize():
    assert saring.normalize("Straße  —  STRASSE!") == "strasse strasse"
    assert saring.normalize("Tahun 2024, bulan 05.", fold_digits=True) == "tahun 0000 bulan 00"
    assert saring.normalize("Hello, World", fold_case=False) == "Hello World"
    assert saring.normalize("a-b", strip_punctuation=False) == "a-b"
    assert saring.normalize("ﬁve") == "five"  # NFKC
    assert saring.normalize(b"ABC def") == b"abc def"


def test_signals_counts_words_and_stop_words():
    s = saring.signals(ENGLISH)
    assert s["words"] == len(ENGLISH.split())
    assert s["lines"] == 1 and s["sentences"] == 2
    assert s["stop_words"] > 5
    assert saring.signals(ENGLISH, language=None)["stop_words"] is None
    assert "en" in saring.stop_word_languages()


def test_quality_check_reports_the_first_failed_rule():
    failure = saring.quality_check("Too short to be a document.")
    assert failure is not None
    rule, value, threshold = failure
    assert rule == "gopher.min_words"
    assert value == 6 and threshold == 50
    # Lowering the threshold moves on to a later rule; disabling every group passes.
    assert saring.quality_check("Too short to be a document.", gopher_min_words=3) != failure
    off = dict(gopher_quality=False, gopher_repetition=False, c4=False, fineweb=False)
    assert saring.quality_check("Too short to be a document.", **off) is None
    assert saring.quality_defaults()["gopher_min_words"] == 50


def test_quality_check_passes_a_decent_paragraph():
    text = " ".join([ENGLISH] * 1) + " " + BODY + " " + (
        "Teachers said the plan was fair. Parents asked for more details. The mayor agreed.")
    assert saring.quality_check(text, c4=False) is None


def test_quality_check_unknown_threshold_is_a_type_error():
    with pytest.raises(TypeError, match="gopher_min_wrds"):
        saring.quality_check(ENGLISH, gopher_min_wrds=3)


def test_identify_language():
    en = saring.identify_language(ENGLISH)
    assert en.language == "en" and en.score > 0.5
    lang, score, runner_up, runner_up_score = saring.identify_language(INDONESIAN)
    assert lang == "id"
    assert 0 <= runner_up_score <= score <= 1
    assert saring.identify_language("12 34 !!").language == "und"


def test_identify_language_errors():
    with pytest.raises(saring.Error) as e:
        saring.identify_language(ENGLISH, backend="nope")
    assert e.value.code == "InvalidArgument"
    with pytest.raises(saring.Error) as e:
        saring.identify_language(ENGLISH, backend="fasttext", model="/nonexistent/lid.ftz")
    assert e.value.code == "NotFound"
    assert "/nonexistent/lid.ftz" in str(e.value)
