"""What a learner writes never runs, prints or unpacks unchecked on the instructor's side.

- Escape codes: names, ids, exception names and messages and notebook fields reach the collect
  report, the records, `status` and grades.csv only through `untrusted.shown`; a reason that a
  spreadsheet would read as a formula is written with a leading apostrophe (`untrusted.csv_cell`).
- Ids: an id is matched in full, so `alice\\n` (or a look-alike of alice) is set aside with a reason,
  never a second learner.
- Zip bombs: collect sums the sizes a zip declares and refuses it whole over the limit (configurable
  with CURRICULUM_ZIP_MAX_BYTES / CURRICULUM_ZIP_MAX_RATIO), and an entry that unpacks to more than
  it declares stops there.
"""
from __future__ import annotations

import io
import json
import struct
import unicodedata
import zipfile
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from curriculum.instructor.cli.main import app
from curriculum.instructor.course import Course
from curriculum.instructor.grading import records
from curriculum.instructor.grading.collect import collect
from curriculum.instructor.grading.collect_names import STUDENT_ID, LmsFileNameCollector
from curriculum.instructor.grading.collect_zip import NotASubmissionSource, ZipTooLarge, copy_capped, zip_limits

from .conftest import MODULE, REPO, make_course_copy

NOTEBOOK = "python-for-data"
STAMP = "2025-01-11-09-30-45"
OWNED = "\x1b]0;owned\x07"  # sets the terminal's title, then rings its bell


def hidden(text: str, newlines: bool = False) -> list[str]:
    """The control and format characters of `text` (bidirectional overrides, zero-width joiners...)."""
    return [ch for ch in str(text) if unicodedata.category(ch) in ("Cc", "Cf") and not (newlines and ch == "\n")]


def run_cli(root: Path, *args: str):
    return CliRunner().invoke(app, ["--course", str(root), *args])


def _stub(root: Path) -> str:
    return nbformat.writes(nbformat.read(root / "release" / MODULE / f"{NOTEBOOK}.ipynb", as_version=4))


def _zip(path: Path, entries: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


# --- escape codes: collect ----------------------------------------------------------------------

EVIL_ENTRIES = [
    f"\x1b[31mmallory\x1b[0m_{STAMP}_{NOTEBOOK}.ipynb",  # ESC in the id
    f"eve\u202e/{NOTEBOOK}.ipynb",  # a bidirectional override in a folder
    f"bel\x07l_{STAMP}_{NOTEBOOK}.ipynb",  # a BEL
    f"carol\n/{NOTEBOOK}.ipynb",  # a newline in a folder
    f"ada_{STAMP}_{NOTEBOOK}.ipynb\n",  # a newline after the name
    f"ada_{STAMP}_{NOTEBOOK}\x1b[2J.ipynb",  # ESC in the notebook's name
    f"notes{OWNED}.txt",
    f"../\x1b[2Jevil_{STAMP}_{NOTEBOOK}.ipynb",  # escaping, and ESC
    "\u202e" + "x" * 300 + ".ipynb",  # too long, and a bidi override
]


def test_collect_shows_no_control_character_and_takes_no_evil_name_as_a_learner(course_copy):
    stub = _stub(course_copy)
    archive = _zip(course_copy / "lms.zip", {f"ada_{STAMP}_{NOTEBOOK}.ipynb": stub,
                                             f"ada_2025-01-10-09-30-45_{NOTEBOOK} (1).ipynb": stub + " ",
                                             **{name: stub for name in EVIL_ENTRIES}})
    report = collect(Course(course_copy), archive, MODULE)
    assert [s for s, _, _ in report.collected] == ["ada"]
    assert sorted(p.name for p in (course_copy / "submitted").iterdir()) == ["ada"]
    assert len(report.set_aside) == len(EVIL_ENTRIES)
    for line in report.lines(MODULE):
        assert not hidden(line), line
    for name, reason in report.set_aside:
        assert not hidden(name) and not hidden(reason), (name, reason)
    assert any("\\x1b[31mmallory" in name for name, _ in report.set_aside), "the name is shown, escaped"
    notes = records.read_collect_notes(Course(course_copy), MODULE, "ada")
    assert notes and not any(hidden(note) for note in notes)


def test_the_collect_command_prints_no_control_character(course_copy):
    archive = _zip(course_copy / "lms.zip", {f"ada_{STAMP}_{NOTEBOOK}.ipynb": _stub(course_copy),
                                             **{name: _stub(course_copy) for name in EVIL_ENTRIES}})
    result = run_cli(course_copy, "collect", str(archive), "-m", MODULE)
    assert result.exit_code == 0, result.output
    assert not hidden(result.output, newlines=True), result.output
    assert "set aside: eve\\u202e/python-for-data.ipynb" in result.output


def test_a_refused_zip_names_its_entry_safely(course_copy, monkeypatch):
    monkeypatch.setenv("CURRICULUM_ZIP_MAX_RATIO", "5")
    archive = _zip(course_copy / "lms.zip", {f"x{OWNED}\u202e.ipynb": b"\0" * 2_000_000})
    with pytest.raises(ZipTooLarge) as refused:
        collect(Course(course_copy), archive, MODULE)
    assert not hidden(str(refused.value)) and "\\x1b]0;owned\\x07" in str(refused.value)


# --- escape codes: the executor, the judge and the worker ---------------------------------------

def test_an_exception_name_and_a_cell_label_are_shown_safely():
    from curriculum.instructor.sandbox.execute import cell_errors

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("raise Evil()")
    cell.metadata["nbgrader"] = {"grade_id": "\x1b[31mlabel", "grade": False}
    cell.outputs = [nbformat.v4.new_output("error", ename="Evil\x1b[2J\u202e", evalue=OWNED, traceback=[OWNED])]
    plain = nbformat.v4.new_code_cell("1/0")
    plain.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                                            traceback=[])]
    nb.cells = [cell, plain]
    (line,) = cell_errors(nb)
    assert line == "\\x1b[31mlabel raised Evil\\x1b[2J\\u202e, cell 2 raised ZeroDivisionError"


def test_a_forged_kernel_message_type_is_shown_safely():
    from curriculum.instructor.sandbox.execute import SandboxedExecute

    executor = SandboxedExecute()
    executor._events, executor._malformed = [], False
    executor._malformed_message(f"stream{OWNED}", "ValidationError")
    assert executor._events == ["the kernel sent a malformed stream\\x1b]0;owned\\x07 message (ValidationError); "
                                "it was dropped"]


def test_the_judge_shows_a_learner_functions_error_safely(tmp_path):
    from curriculum.instructor.grading.judge import judge_exercise

    folder = tmp_path / "outbox" / "q01_predict_mean"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"predicted_mean": {"status": "wrong_type",
                                                                         "message": f"is {OWNED}\u202e odd"}}))
    outcome = judge_exercise(REPO, MODULE, "q01_predict_mean", tmp_path / "outbox")
    assert outcome.messages and not any(hidden(m, newlines=True) for m in outcome.messages)
    assert any("\\x1b]0;owned\\x07\\u202e" in m for m in outcome.messages)
    unknown = judge_exercise(REPO, MODULE, f"q99{OWNED}", tmp_path / "outbox")
    assert unknown.messages == [f"the test cell 'q99\\x1b]0;owned\\x07' is not a known exercise of {MODULE}."]


def test_a_worker_shows_the_error_of_its_run_safely(monkeypatch):
    from curriculum.instructor.grading import worker
    from curriculum.instructor.sandbox import boxes
    from curriculum.instructor.sandbox.execute import SandboxedExecute

    def fails(self, nb, resources=None, km=None):
        raise RuntimeError(f"the kernel said {OWNED}\u202e")

    monkeypatch.setattr(boxes, "prepare_box", boxes.scratch_box)  # no tmpfs needed: nothing runs
    monkeypatch.setattr(SandboxedExecute, "preprocess", fails)
    result = worker.execute_task({"config": {}, "inbox": {}, "module": MODULE, "student": "ada",
                                  "notebook": nbformat.writes(nbformat.v4.new_notebook())})
    assert result["retry"] and result["error"] == "RuntimeError: the kernel said \\x1b]0;owned\\x07\\u202e"


# --- escape codes: end to end, through grading, status and the export ---------------------------

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Three learners through collect, grade, status and export: ada's extra cell raises an exception
    whose class name and message hold escape codes, mal marks a cell of their own as graded under an
    escape-code id, zed's notebook claims an nbformat version that is an escape code."""
    from curriculum.instructor.authoring.instructor_files import load_instructor_file
    from curriculum.instructor.demo import Learner, build_submission
    from curriculum.instructor.release import release

    tmp = tmp_path_factory.mktemp("untrusted")
    root = make_course_copy(tmp / "course")
    course = Course(root)
    release(course, [MODULE])
    variants = load_instructor_file(root, MODULE, "variants").VARIANTS
    good = build_submission(course, MODULE, Learner("x", choices={g: "reference" for g in variants}), variants)
    ada = nbformat.reads(nbformat.writes(good), as_version=4)
    ada.cells.append(nbformat.v4.new_code_cell(f"raise type('Evil\\x1b[2J\\u202e', (Exception,), {{}})({OWNED!r})"))
    mal = nbformat.reads(nbformat.writes(good), as_version=4)
    forged = nbformat.v4.new_code_cell("x = 1")
    forged.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": False, "points": 1,
                                   "grade_id": f"q99{OWNED}", "schema_version": 3}
    mal.cells.append(forged)
    zed = json.loads(nbformat.writes(good))
    zed["nbformat"] = OWNED
    archive = _zip(tmp / "lms.zip", {f"ada_{STAMP}_{NOTEBOOK}.ipynb": nbformat.writes(ada),
                                     f"mal_{STAMP}_{NOTEBOOK}.ipynb": nbformat.writes(mal),
                                     f"zed_{STAMP}_{NOTEBOOK}.ipynb": json.dumps(zed),
                                     **{name: "{}" for name in EVIL_ENTRIES}})
    collected = run_cli(root, "collect", str(archive), "-m", MODULE)
    grading = run_cli(root, "grade", MODULE, "--workers", "2")
    status = run_cli(root, "status")
    exported = run_cli(root, "export")
    return {"root": root, "course": course, "collect": collected, "grade": grading, "status": status,
            "export": exported}


def test_collect_grade_status_and_export_print_no_control_character(graded):
    for step in ("collect", "grade", "status", "export"):
        result = graded[step]
        assert result.exception is None or isinstance(result.exception, SystemExit), (step, result.output)
        assert not hidden(result.output, newlines=True), (step, result.output)
    said = " ".join(graded["status"].output.split())
    assert "failed: 00-python-for-data, 1 learner (zed)" in said and "\\x1b]0;owned\\x07" in said, said


def test_records_hold_the_learners_words_shown_safely(graded):
    course = graded["course"]
    reasons = {s: records.read(course, MODULE, s).reason for s in ("ada", "mal", "zed")}
    assert not any(hidden(r) for r in reasons.values()), reasons
    assert records.read(course, MODULE, "zed").status == "failed"
    assert "Unsupported nbformat version \\x1b]0;owned\\x07" in reasons["zed"]
    assert "raised Evil\\x1b[2J\\u202e" in reasons["ada"]
    assert "q99\\x1b]0;owned\\x07" in reasons["mal"]
    assert sorted(p.name for p in (graded["root"] / "submitted").iterdir()) == ["ada", "mal", "zed"]


def test_grades_csv_holds_no_control_character(graded):
    text = (graded["root"] / "exports" / "grades.csv").read_text()
    assert not hidden(text, newlines=True), text
    assert "\\x1b]0;owned\\x07" in text


@pytest.mark.parametrize("reason", ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A2)",
                                    "\tx"])
def test_a_reason_a_spreadsheet_would_run_is_written_as_text(graded, reason, tmp_path):
    import csv

    from curriculum.instructor.grading.report import export_csv

    course = graded["course"]
    folder = course.path("submitted", "formula", MODULE)
    folder.mkdir(parents=True, exist_ok=True)
    records.write(course, records.Record("formula", MODULE, "failed", reason))
    try:
        frame = export_csv(course, tmp_path / "grades.csv")
    finally:
        records.path(course, MODULE, "formula").unlink()
        folder.rmdir()
        folder.parent.rmdir()
    with open(tmp_path / "grades.csv", newline="") as fh:
        rows = {row["student"]: row for row in csv.DictReader(fh)}
    assert rows["formula"]["reason"] == "'" + reason
    assert float(rows["formula"]["max_score"]) == frame.set_index("student").loc["formula", "max_score"] > 0
    graded_rows = [row for row in rows.values() if row["status"] == "graded"]
    assert graded_rows and all(float(row["score"]) >= 0 and not row["score"].startswith("'") for row in graded_rows)


# --- ids: matched in full -----------------------------------------------------------------------

BAD_IDS = {
    "alice\n": "\\x0a", "ali\nce": "\\x0a", "alice\t": "\\x09", "\talice": "\\x09", "alice\r": "\\x0d",
    "ali\u200dce": "\\u200d", "alice\u202e": "\\u202e", "alice\x1b": "\\x1b",
    "\u0430lice": "U+0430 CYRILLIC SMALL LETTER A", "\uff41lice": "U+FF41 FULLWIDTH LATIN SMALL LETTER A",
    "al\u0456ce": "U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I",
}


def test_ids_are_matched_in_full():
    assert STUDENT_ID.fullmatch("alice") and STUDENT_ID.fullmatch("j.smith-2_b")
    assert not STUDENT_ID.fullmatch("alice\n") and not STUDENT_ID.match("alice\n")
    plugin = LmsFileNameCollector()
    assert plugin.collect(f"j_smith_{STAMP}_{NOTEBOOK}.ipynb")["student_id"] == "j_smith"
    assert plugin.collect(f"alice_{STAMP}_{NOTEBOOK}.ipynb\n") is None
    assert plugin.collect(f"alice_{STAMP}_{NOTEBOOK}\n.ipynb") is None


@pytest.mark.parametrize("form", ["folder", "lms"])
@pytest.mark.parametrize("bad", list(BAD_IDS), ids=[ascii(b) for b in BAD_IDS])
def test_an_id_with_a_control_or_look_alike_character_is_no_second_learner(course_copy, form, bad):
    stub = _stub(course_copy)
    name = f"{bad}/{NOTEBOOK}.ipynb" if form == "folder" else f"{bad}_{STAMP}_{NOTEBOOK}.ipynb"
    archive = _zip(course_copy / "lms.zip", {f"alice_{STAMP}_{NOTEBOOK}.ipynb": stub, name: stub})
    report = collect(Course(course_copy), archive, MODULE)
    assert [s for s, _, _ in report.collected] == ["alice"]
    assert sorted(p.name for p in (course_copy / "submitted").iterdir()) == ["alice"]
    ((entry, reason),) = report.set_aside
    assert not hidden(entry) and not hidden(reason), reason
    assert BAD_IDS[bad] in reason, reason
    assert "rename it to alice" not in reason and "to 'alice'" not in reason, "no id is suggested for it"
    kind = "control or invisible character" if "U+" not in BAD_IDS[bad] else "not a Latin letter or digit"
    assert kind in reason, reason


def test_ordinary_ids_and_accented_names_are_as_before(course_copy):
    stub = _stub(course_copy)
    archive = _zip(course_copy / "lms.zip", {f"j.smith-2_{STAMP}_{NOTEBOOK}.ipynb": stub,
                                             f"Bob_99/{NOTEBOOK}.ipynb": stub,
                                             f"Émile/{NOTEBOOK}.ipynb": stub,
                                             f"Zoë Ng_{STAMP}_{NOTEBOOK}.ipynb": stub})
    report = collect(Course(course_copy), archive, MODULE)
    assert sorted(s for s, _, _ in report.collected) == ["Bob_99", "j.smith-2"]
    reasons = dict(report.set_aside)
    assert reasons[f"Émile/{NOTEBOOK}.ipynb"] == ("'Émile' is not a student id (letters, digits, '.', '_' and '-' "
                                                  "only): rename the folder 'Émile' to 'Emile'")
    assert reasons[f"Zoë Ng_{STAMP}_{NOTEBOOK}.ipynb"] == (f"student ids cannot contain spaces: rename it to "
                                                          f"Zoe_Ng_{STAMP}_{NOTEBOOK}.ipynb")


# --- zip bombs ----------------------------------------------------------------------------------

def _declare(path: Path, entry: str, size: int) -> None:
    """Make the zip's headers (local and central) say that `entry` unpacks to `size` bytes."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info, start = z.getinfo(entry), z.start_dir
    struct.pack_into("<I", data, info.header_offset + 22, size)  # local header: uncompressed size
    at = start
    while data[at:at + 4] == b"PK\x01\x02":  # central directory entries
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46:at + 46 + name_len].decode() == entry:
            struct.pack_into("<I", data, at + 24, size)
        at += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))


def _nothing_written(root: Path) -> bool:
    return not (root / "submitted").exists() and not (root / "submitted-set-aside").exists()


def test_a_zip_declaring_three_gib_is_refused_whole_before_anything_is_written(course_copy):
    stub = _stub(course_copy)
    archive = _zip(course_copy / "bomb.zip", {f"ada_{STAMP}_{NOTEBOOK}.ipynb": stub, "bomb.bin": b"\0" * 10_000})
    _declare(archive, "bomb.bin", 3 * 1024 ** 3)
    with zipfile.ZipFile(archive) as z:
        assert z.getinfo("bomb.bin").file_size == 3 * 1024 ** 3
    result = run_cli(course_copy, "collect", str(archive), "-m", MODULE)
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output, result.output
    words = result.output.replace("\n", " ")
    for word in ("bomb.zip", f"{3 * 1024 ** 3 + len(stub.encode()):,} bytes", f"limit of {2 * 1024 ** 3:,}",
                 "CURRICULUM_ZIP_MAX_BYTES"):
        assert word in words, result.output
    assert _nothing_written(course_copy)


def test_an_entry_of_a_huge_ratio_is_refused(course_copy):
    archive = _zip(course_copy / "zeros.zip", {f"ada_{STAMP}_{NOTEBOOK}.ipynb": _stub(course_copy),
                                               "zeros.bin": b"\0" * 5_000_000})  # about 1000:1
    with pytest.raises(ZipTooLarge, match=r"zeros\.bin.*limit of 200:1.*CURRICULUM_ZIP_MAX_RATIO"):
        collect(Course(course_copy), archive, MODULE)
    assert _nothing_written(course_copy)


def test_the_limits_are_configured_by_environment(course_copy, monkeypatch):
    archive = _zip(course_copy / "lms.zip", {f"ada_{STAMP}_{NOTEBOOK}.ipynb": _stub(course_copy),
                                             "zeros.bin": b"\0" * 3_000_000})
    monkeypatch.setenv("CURRICULUM_ZIP_MAX_BYTES", "2000000")  # a scaled-down cap: the zeros go over it
    monkeypatch.setenv("CURRICULUM_ZIP_MAX_RATIO", "100000")
    assert zip_limits() == (2_000_000, 100_000)
    with pytest.raises(ZipTooLarge, match="over the limit of 2,000,000"):
        collect(Course(course_copy), archive, MODULE)
    assert _nothing_written(course_copy)
    monkeypatch.setenv("CURRICULUM_ZIP_MAX_BYTES", "4_000_000")  # raised as the message says: it collects
    assert [s for s, _, _ in collect(Course(course_copy), archive, MODULE).collected] == ["ada"]
    monkeypatch.setenv("CURRICULUM_ZIP_MAX_BYTES", "lots")
    result = run_cli(course_copy, "collect", str(archive), "-m", MODULE)
    assert result.exit_code == 2 and "CURRICULUM_ZIP_MAX_BYTES=lots is not a positive number" in result.output


def test_a_header_that_lies_about_the_size_gets_no_further(course_copy):
    archive = _zip(course_copy / "liar.zip", {f"ada_{STAMP}_{NOTEBOOK}.ipynb": _stub(course_copy),
                                              f"bob_{STAMP}_{NOTEBOOK}.ipynb": "x" * 50_000_000})
    _declare(archive, f"bob_{STAMP}_{NOTEBOOK}.ipynb", 1000)
    result = run_cli(course_copy, "collect", str(archive), "-m", MODULE)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert "liar.zip" in result.output and "download it again" in result.output
    assert _nothing_written(course_copy)


def test_the_copy_stops_at_the_declared_size(tmp_path):
    """Whatever the zip reader does, the copy counts: more bytes than declared stop it, none written."""
    out = io.BytesIO()
    with pytest.raises(ZipTooLarge, match="more than the 1,000 bytes its header declares"):
        copy_capped(io.BytesIO(b"\0" * 5_000), out, 1000, tmp_path / "liar.zip", "bob.ipynb")
    assert out.getvalue() == b""
    copy_capped(io.BytesIO(b"\0" * 1000), out, 1000, tmp_path / "fine.zip", "ada.ipynb")
    assert len(out.getvalue()) == 1000


def test_a_normal_lms_zip_still_collects_under_the_default_limits(course_copy):
    stub = _stub(course_copy)
    archive = _zip(course_copy / "lms.zip", {f"{s}_{STAMP}_{NOTEBOOK}.ipynb": stub for s in ("ada", "bob", "j_smith")})
    assert [s for s, _, _ in collect(Course(course_copy), archive, MODULE).collected] == ["ada", "bob", "j_smith"]
    assert issubclass(ZipTooLarge, NotASubmissionSource)
