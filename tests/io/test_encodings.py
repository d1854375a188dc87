"""Encodings and line endings of scorecards, CSVs and decision notes.

UTF-8 with a BOM, CRLF and mixed line endings are what Windows editors and spreadsheet exports produce:
they are read exactly as the plain file is (same findings, same report). UTF-16 and Latin-1 are not
UTF-8: one PS100 that names the encoding and says how to fix it.
"""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from fuzz_strategies import AS_OF, example_project

FILES = {
    "scorecard": "scorecards/northwind.yaml",
    "csv": "data/northwind.csv",
    "note": "reviews/northwind/2026-11-13.yaml",
}


def _bom(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def _crlf(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


def _mixed(data: bytes) -> bytes:
    """Every third line CRLF and every third CR-only: a file edited on two systems and merged."""
    lines = data.split(b"\n")
    ends = [b"\n", b"\r\n", b"\r"]
    return b"".join(line + ends[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]


def _outputs(root) -> tuple[int, list, int, dict]:
    lint = run_cli("lint", "--format", "json", "--as-of", AS_OF, cwd=root)
    report = run_cli("report", "--format", "json", "--as-of", AS_OF, cwd=root)
    assert "Traceback" not in lint.stderr + report.stderr
    found = sorted((d["path"], d["line"], d["rule"]) for d in json.loads(lint.stdout)["diagnostics"])
    return lint.code, found, report.code, json.loads(report.stdout)


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return _outputs(example_project(tmp_path_factory.mktemp("plain")))


@pytest.mark.parametrize("change", [_bom, _crlf, _mixed, lambda d: _bom(_crlf(d))],
                         ids=["bom", "crlf", "mixed", "bom+crlf"])
@pytest.mark.parametrize("kind", sorted(FILES))
def test_bom_and_line_endings_read_like_the_plain_file(tmp_path, plain, kind, change):
    root = example_project(tmp_path)
    path = root / FILES[kind]
    path.write_bytes(change(path.read_bytes()))
    # Same findings at the same lines, same report: CR, CRLF and LF each end one line.
    assert _outputs(root) == plain


@pytest.mark.parametrize("kind", sorted(FILES))
@pytest.mark.parametrize("encoding,words", [
    ("utf-16", "UTF-16"),
    ("utf-16-le", "UTF-16"),  # no BOM: found by the NUL bytes between characters
    ("latin-1", "Latin-1"),
])
def test_other_encodings_are_one_ps100_naming_the_encoding(tmp_path, kind, encoding, words):
    root = example_project(tmp_path)
    path = root / FILES[kind]
    text = path.read_text(encoding="utf-8")
    if encoding == "latin-1":
        # The examples are UTF-8 with arrows and dashes; keep Latin-1 characters only, and make sure one
        # is there (é is 0xE9 in Latin-1, an invalid UTF-8 sequence on its own).
        text = text.encode("latin-1", errors="replace").decode("latin-1") + "# café\n"
    path.write_bytes(text.encode(encoding))
    run = run_cli("lint", "--format", "json", "--as-of", AS_OF, FILES[kind], cwd=root)
    assert run.code == 1 and "Traceback" not in run.stderr
    found = [d for d in json.loads(run.stdout)["diagnostics"] if d["path"] == FILES[kind]]
    assert [d["rule"] for d in found] == ["PS100"]
    assert words in found[0]["message"] and "save it as UTF-8" in found[0]["message"]


def test_latin1_message_points_at_the_first_bad_byte(tmp_path):
    (tmp_path / "x.yaml").write_bytes(b"partnership: ok\ngoal: caf\xe9\n")
    run = run_cli("lint", "--format", "json", "x.yaml", cwd=tmp_path)
    (d,) = json.loads(run.stdout)["diagnostics"]
    # "goal: caf" is 9 characters, so 0xE9 is column 10 of line 2.
    assert (d["rule"], d["line"], d["column"]) == ("PS100", 2, 10)
    assert "byte 0xe9" in d["message"]


def test_report_skips_a_utf16_scorecard_with_the_encoding_named(tmp_path):
    root = example_project(tmp_path)
    path = root / FILES["scorecard"]
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    run = run_cli("report", "--format", "json", "--as-of", AS_OF, cwd=root)
    assert run.code == 1  # a skipped scorecard
    assert "scorecards/northwind.yaml:1:1: PS100 file is UTF-16 or UTF-32 encoded; save it as UTF-8" in run.stderr
    assert "northwind" not in [p["id"] for p in json.loads(run.stdout)["partnerships"]]


@pytest.mark.parametrize("kind, encode, words", [
    ("csv", lambda text: text.encode("utf-16"), "data/northwind.csv:1:1: PS100 file is UTF-16 or UTF-32 encoded"),
    ("csv", lambda text: text.replace("date,", "date,", 1).encode("utf-8") + b"2026-11-02,x\xe9,1\n",
     "PS100 file is not valid UTF-8 (byte 0xe9"),
    ("note", lambda text: text.encode("utf-16"),
     "reviews/northwind/2026-11-13.yaml:1:1: PS100 file is UTF-16"),
])
def test_report_names_a_data_file_or_note_it_could_not_read(tmp_path, kind, encode, words):
    # Without a word on stderr the report just showed no data (or no open decisions), exit 0: the reader
    # would take "no data" for the truth.
    root = example_project(tmp_path)
    path = root / FILES[kind]
    path.write_bytes(encode(path.read_text(encoding="utf-8")))
    run = run_cli("report", "--format", "json", "--as-of", AS_OF, cwd=root)
    assert "Traceback" not in run.stderr
    assert words in run.stderr
    assert run.code == 1  # SPEC.md: data the report could not use changes the exit code
    report = json.loads(run.stdout)
    assert "northwind" in [p["id"] for p in report["partnerships"]]
    assert [p["rule"] for p in report["problems"]] == ["PS100"]


def test_a_file_just_over_the_bound_says_by_how_much(tmp_path):
    # 1,100,000 bytes against a 1 MiB bound: both are "1.0 MiB" rounded, so the message gives bytes.
    from partnerscore.io.textfile import TextFileError, read_bytes

    path = tmp_path / "big.sql"
    path.write_bytes(b"x" * 1_100_000)
    with pytest.raises(TextFileError) as caught:
        read_bytes(path, max_bytes=1 << 20)
    assert caught.value.message == ("file is 1,100,000 bytes, over the 1,048,576-byte limit for this kind of "
                                    "file")
    path.write_bytes(b"x" * (3 << 20))  # 3 MiB: the rounded sizes differ, and say it
    with pytest.raises(TextFileError) as caught:
        read_bytes(path, max_bytes=1 << 20)
    assert caught.value.message == "file is 3.0 MiB, over the 1.0 MiB limit for this kind of file"
