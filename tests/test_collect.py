"""Collecting submissions (exact LMS timestamps, unmatched files set aside, newest copy kept), and the
instructor command line's answer to bad input: one `Error: ...` line and exit code 2, no traceback."""
from __future__ import annotations

import zipfile
from datetime import datetime, timezone

import nbformat
import pytest
from nbgrader.utils import parse_utc
from typer.testing import CliRunner

from curriculum.instructor.cli.main import app
from curriculum.instructor.course import UNSAFE_ENV, Course
from curriculum.instructor.grading.collect import collect
from curriculum.instructor.grading.collect_names import parse_lms_timestamp

from .conftest import MODULE


def test_lms_timestamp_is_exact_where_stock_parsing_fails():
    assert parse_lms_timestamp("2025-01-11-09-30-45") == datetime(2025, 1, 11, 9, 30, 45, tzinfo=timezone.utc)
    with pytest.raises(Exception):
        parse_utc("2025-01-11-09-30-45")  # what stock zip_collect does with the same text


def test_collect_zip(course_copy):
    course = Course(course_copy)
    stub = nbformat.writes(nbformat.read(next((course_copy / "release" / MODULE).glob("*.ipynb")), as_version=4))
    archive = course_copy / "lms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ada_2025-01-11-09-30-45_python-for-data.ipynb", stub)
        z.writestr("ada_2025-01-10-08-00-00_python-for-data.ipynb", stub)
        z.writestr("bob_2025-01-12-10-00-00_python-for-data.ipynb", stub)
        z.writestr("bob_2025-01-12-10-00-00_other-notebook.ipynb", stub)
        z.writestr("random notes.txt", "hello")
    report = collect(course, archive, MODULE)
    assert sorted(s for s, _, _ in report.collected) == ["ada", "bob"]
    stamp = (course_copy / "submitted" / "ada" / MODULE / "timestamp.txt").read_text()
    assert parse_utc(stamp) == datetime(2025, 1, 11, 9, 30, 45)
    assert {name for name, _ in report.set_aside} == {"bob_2025-01-12-10-00-00_other-notebook.ipynb",
                                                      "random notes.txt"}
    assert (course_copy / "submitted-set-aside" / MODULE / "random notes.txt").exists()
    assert [name for name, _ in report.superseded] == ["ada_2025-01-10-08-00-00_python-for-data.ipynb"]


def test_collect_folder_per_student(course_copy):
    course = Course(course_copy)
    src = course_copy / "inbox" / "carol"
    src.mkdir(parents=True)
    (src / "python-for-data.ipynb").write_text("{}")
    report = collect(course, course_copy / "inbox", MODULE)
    assert [s for s, _, _ in report.collected] == ["carol"]


def _stub(course_copy) -> str:
    return nbformat.writes(nbformat.read(next((course_copy / "release" / MODULE).glob("*.ipynb")), as_version=4))


def test_bad_timestamp_and_escaping_entry_are_set_aside_with_a_reason(course_copy):
    course = Course(course_copy)
    archive = course_copy / "lms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ada_2025-13-45-09-30-45_python-for-data.ipynb", _stub(course_copy))
        z.writestr("../evil_2025-01-11-09-30-45_python-for-data.ipynb", _stub(course_copy))
        z.writestr("bob_2025-01-12-10-00-00_python-for-data.ipynb", _stub(course_copy))
    report = collect(course, archive, MODULE)
    assert [s for s, _, _ in report.collected] == ["bob"]
    reasons = dict(report.set_aside)
    assert "not a valid date" in reasons["ada_2025-13-45-09-30-45_python-for-data.ipynb"]
    assert "outside the archive" in reasons["../evil_2025-01-11-09-30-45_python-for-data.ipynb"]
    assert (course_copy / "submitted-set-aside" / MODULE / "ada_2025-13-45-09-30-45_python-for-data.ipynb").exists()
    assert not (course_copy / "evil_2025-01-11-09-30-45_python-for-data.ipynb").exists()


def test_set_aside_files_keep_their_folder(course_copy):
    course = Course(course_copy)
    for who in ("dan", "eve"):
        folder = course_copy / "inbox" / who
        folder.mkdir(parents=True)
        (folder / "notes.txt").write_text(f"from {who}")
    (course_copy / "inbox" / "dan" / "python-for-data.ipynb").write_text(_stub(course_copy))
    report = collect(course, course_copy / "inbox", MODULE)
    assert sorted(name for name, _ in report.set_aside) == ["dan/notes.txt", "eve/notes.txt"]
    kept = course_copy / "submitted-set-aside" / MODULE
    assert (kept / "dan" / "notes.txt").read_text() == "from dan"
    assert (kept / "eve" / "notes.txt").read_text() == "from eve"


def test_module_folder_is_never_a_student(course_copy):
    course = Course(course_copy)
    folder = course_copy / "inbox" / "alice" / MODULE
    folder.mkdir(parents=True)
    (folder / "python-for-data.ipynb").write_text(_stub(course_copy))
    lone = course_copy / "inbox" / MODULE
    (lone / "python-for-data.ipynb").parent.mkdir(parents=True, exist_ok=True)
    (lone / "python-for-data.ipynb").write_text(_stub(course_copy))
    (course_copy / "inbox" / f"{MODULE}_2025-01-11-09-30-45_python-for-data.ipynb").write_text(_stub(course_copy))
    report = collect(course, course_copy / "inbox", MODULE)
    assert [s for s, _, _ in report.collected] == ["alice"]
    assert (course_copy / "submitted" / "alice" / MODULE / "python-for-data.ipynb").exists()
    assert not (course_copy / "submitted" / MODULE).exists()
    assert len(report.set_aside) == 2


def test_undated_resubmission_removes_the_stale_timestamp(course_copy):
    from curriculum.instructor.grading.records import read_collect_notes

    course = Course(course_copy)
    archive = course_copy / "lms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("alice_2025-01-11-09-30-45_python-for-data.ipynb", _stub(course_copy))
    collect(course, archive, MODULE)
    stamp = course_copy / "submitted" / "alice" / MODULE / "timestamp.txt"
    assert stamp.exists()
    (course_copy / "inbox" / "alice").mkdir(parents=True)
    (course_copy / "inbox" / "alice" / "python-for-data.ipynb").write_text(_stub(course_copy) + " ")
    collect(course, course_copy / "inbox", MODULE)
    assert not stamp.exists()
    assert any("timestamp.txt" in note for note in read_collect_notes(course, MODULE, "alice"))


def test_nested_folders_never_give_a_wrong_student(course_copy):
    course = Course(course_copy)
    inbox = course_copy / "inbox"
    for folder in (inbox / "carol" / MODULE, inbox / "carol" / "old", inbox / "submissions" / "dave"):
        folder.mkdir(parents=True)
        (folder / "python-for-data.ipynb").write_text(_stub(course_copy))
    report = collect(course, inbox, MODULE)
    assert [s for s, _, _ in report.collected] == ["carol"]
    reasons = dict(report.set_aside)
    assert "nested" in reasons["carol/old/python-for-data.ipynb"]
    assert "nested" in reasons["submissions/dave/python-for-data.ipynb"]
    kept = course_copy / "submitted-set-aside" / MODULE
    assert (kept / "carol" / "old" / "python-for-data.ipynb").exists()
    assert not (course_copy / "submitted" / "old").exists()


def test_lms_student_id_with_underscores(course_copy):
    course = Course(course_copy)
    archive = course_copy / "lms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("j_smith_2025-01-11-09-30-45_python-for-data.ipynb", _stub(course_copy))
    report = collect(course, archive, MODULE)
    assert [(s, n) for s, n, _ in report.collected] == [("j_smith", "python-for-data")]
    assert report.set_aside == []


def test_zip_backslashes_are_folders_and_escapes_are_still_set_aside(course_copy):
    course = Course(course_copy)
    archive = course_copy / "lms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("bob\\python-for-data.ipynb", _stub(course_copy))
        z.writestr("bob/python-for-data.ipynb", _stub(course_copy))  # same path once normalised: both kept
        z.writestr("..\\evil\\python-for-data.ipynb", _stub(course_copy))
        z.writestr("C:\\mallory\\python-for-data.ipynb", _stub(course_copy))
        z.writestr("/abs/python-for-data.ipynb", _stub(course_copy))
    report = collect(course, archive, MODULE)
    assert [s for s, _, _ in report.collected] == ["bob"]
    assert len(report.superseded) == 1
    reasons = dict(report.set_aside)
    for entry in ("..\\evil\\python-for-data.ipynb", "C:\\mallory\\python-for-data.ipynb",
                  "/abs/python-for-data.ipynb"):
        assert "outside the archive" in reasons[entry]
    kept = course_copy / "submitted-set-aside" / MODULE
    assert len(list(kept.rglob("*.ipynb"))) == 3
    assert not (course_copy / "evil").exists()


@pytest.mark.parametrize("offset, value, words", [
    (8, 0x01, ("is password-protected", "download it again without a password", "collect the folder")),
    (10, 99, ("compression method", "unzip it", "collect the folder"))])
def test_cli_collect_an_unreadable_zip(course_copy, offset, value, words):
    archive = course_copy / "locked.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ada_2025-01-11-09-30-45_python-for-data.ipynb", _stub(course_copy))
    data = bytearray(archive.read_bytes())
    data[data.find(b"PK\x01\x02") + offset] |= value  # the central directory's flags / compression method
    archive.write_bytes(bytes(data))
    result = run_cli(course_copy, "collect", str(archive), "-m", MODULE)
    assert_one_line_error(result, "locked.zip", *words)
    assert "ZipInfo" not in result.output


@pytest.mark.parametrize("damage", ["truncated", "empty", "bad-crc"])
def test_cli_collect_a_damaged_zip_says_to_download_it_again(course_copy, damage):
    archive = course_copy / "lms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ada_2025-01-11-09-30-45_python-for-data.ipynb", _stub(course_copy))
    data = archive.read_bytes()
    if damage == "bad-crc":
        at = data.find(b"nbformat")  # stored uncompressed: change one byte of the notebook
        data = data[:at] + b"N" + data[at + 1:]
    archive.write_bytes({"truncated": data[: len(data) // 2], "empty": b""}.get(damage, data))
    assert_one_line_error(run_cli(course_copy, "collect", str(archive), "-m", MODULE),
                          "lms.zip", "damaged or incomplete zip", "download it again")
    assert not (course_copy / "submitted").exists()


def test_cli_collect_a_single_notebook_says_to_pass_its_folder(course_copy):
    inbox = course_copy / "inbox"
    inbox.mkdir()
    (inbox / "ada_2025-01-11-09-30-45_python-for-data.ipynb").write_text(_stub(course_copy))
    (inbox / "bob").mkdir()
    (inbox / "bob" / "python-for-data.ipynb").write_text(_stub(course_copy))
    assert_one_line_error(run_cli(course_copy, "collect", str(inbox / "ada_2025-01-11-09-30-45_python-for-data.ipynb"),
                                  "-m", MODULE), "is one notebook", f"collect the folder that holds it ({inbox})",
                          "or a zip")
    assert_one_line_error(run_cli(course_copy, "collect", str(inbox / "bob" / "python-for-data.ipynb"), "-m", MODULE),
                          "is one notebook", f"collect the folder that holds it ({inbox})", "or a zip")


# --- the command line on bad input --------------------------------------------------------------

def run_cli(root, *args):
    return CliRunner().invoke(app, ["--course", str(root), *args])


def assert_one_line_error(result, *words):
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and "Traceback" not in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    for word in words:
        assert word in result.output, result.output


def test_cli_export_to_an_unwritable_place(course_copy):
    with Course(course_copy).gradebook():
        pass  # export stops earlier, and differently, when there is no gradebook at all
    assert_one_line_error(run_cli(course_copy, "export", "-o", "/proc/nope.csv"), "cannot write /proc/nope.csv")


def test_cli_collect_a_file_that_is_not_a_zip(course_copy):
    (course_copy / "file.txt").write_text("hello")
    assert_one_line_error(run_cli(course_copy, "collect", str(course_copy / "file.txt"), "-m", MODULE),
                          "neither a folder nor a zip file")


def test_cli_collect_for_a_module_never_released(course_copy):
    import shutil

    shutil.rmtree(course_copy / "release" / MODULE)
    (course_copy / "inbox").mkdir()
    assert_one_line_error(run_cli(course_copy, "collect", str(course_copy / "inbox"), "-m", MODULE),
                          f"run `curriculum release {MODULE}`")


def test_cli_malformed_text_form(course_copy):
    text = course_copy / "source" / MODULE / "python-for-data.py"
    text.write_text(text.read_text() + '\n# %% tags=["answer"]\nx = 1\n')
    assert_one_line_error(run_cli(course_copy, "sync", "--check"), "needs grade_id")
    assert_one_line_error(run_cli(course_copy, "release", MODULE), "needs grade_id")


def test_cli_grade_before_release_says_so(course_copy, monkeypatch):
    monkeypatch.setenv(UNSAFE_ENV, "")  # restored after the test, whatever --unsafe-no-sandbox sets
    folder = course_copy / "submitted" / "alice" / MODULE
    folder.mkdir(parents=True)
    (folder / "python-for-data.ipynb").write_text(_stub(course_copy))
    result = run_cli(course_copy, "grade", MODULE, "--unsafe-no-sandbox")
    assert result.exit_code == 2 and f"run `curriculum release {MODULE}` first" in result.output, result.output
    assert "Traceback" not in result.output and "FAILED" not in result.output


def test_cli_status_before_release_creates_nothing(course_copy):
    result = run_cli(course_copy, "status")
    assert result.exit_code == 0 and "Nothing has been released yet" in result.output
    assert not (course_copy / "gradebook.db").exists()


def test_a_zipped_folder_of_students_is_unwrapped(course_copy):
    """macOS "Compress" or Windows "Send to zip" of a folder puts one wrapper folder around everyone."""
    course = Course(course_copy)
    archive = course_copy / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("export/alice/python-for-data.ipynb", _stub(course_copy))
        z.writestr(f"export/bob/{MODULE}/python-for-data.ipynb", _stub(course_copy))
        z.writestr("__MACOSX/export/._alice", b"junk")
    report = collect(course, archive, MODULE)
    assert sorted(s for s, _, _ in report.collected) == ["alice", "bob"]
    assert report.set_aside == []


def test_a_repeated_zip_entry_keeps_its_last_copy(course_copy):
    course = Course(course_copy)
    archive = course_copy / "lms.zip"
    first, last = _stub(course_copy), _stub(course_copy).replace("YOUR CODE HERE", "LAST COPY", 1)
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("bob/python-for-data.ipynb", first)
        z.writestr("bob\\python-for-data.ipynb", last)
    collect(course, archive, MODULE)
    assert "LAST COPY" in (course_copy / "submitted" / "bob" / MODULE / "python-for-data.ipynb").read_text()


def test_a_later_collect_never_replaces_a_newer_submission(course_copy):
    """Collect is run again with an older copy: the newer one stays, the older is set aside, and
    a genuinely newer copy replaces it with the earlier one kept (nothing is ever lost)."""
    course = Course(course_copy)
    stub = _stub(course_copy)
    newer, older, newest = (stub + " " * n for n in (1, 2, 3))
    for name, text in [("alice_2025-01-20-09-00-00_python-for-data.ipynb", newer)]:
        with zipfile.ZipFile(course_copy / "a.zip", "w") as z:
            z.writestr(name, text)
    collect(course, course_copy / "a.zip", MODULE)
    target = course_copy / "submitted" / "alice" / MODULE / "python-for-data.ipynb"
    with zipfile.ZipFile(course_copy / "b.zip", "w") as z:
        z.writestr("alice_2025-01-01-00-00-00_python-for-data.ipynb", older)
    report = collect(course, course_copy / "b.zip", MODULE)
    assert target.read_text() == newer
    assert any("older than the copy already collected" in why for _, why in report.superseded)
    aside = course_copy / "submitted-set-aside" / MODULE / "superseded" / "alice"
    assert (aside / "alice_2025-01-01-00-00-00_python-for-data.ipynb").read_text() == older
    with zipfile.ZipFile(course_copy / "c.zip", "w") as z:
        z.writestr("alice_2025-02-01-00-00-00_python-for-data.ipynb", newest)
    collect(course, course_copy / "c.zip", MODULE)
    assert target.read_text() == newest
    assert (aside / "alice_2025-01-20-09-00-00_python-for-data.ipynb").read_text() == newer


def test_cli_collect_that_matches_nothing_is_an_error_with_a_hint(course_copy):
    with zipfile.ZipFile(course_copy / "wrong.zip", "w") as z:
        z.writestr("alice_2025-01-20-09-00-00_data-prep.ipynb", _stub(course_copy))
    result = run_cli(course_copy, "collect", str(course_copy / "wrong.zip"), "-m", MODULE)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Error: nothing in" in result.output and "use -m 01-data-prep" in result.output


def test_cli_unreadable_cell_header_is_named(course_copy):
    text = course_copy / "source" / MODULE / "python-for-data.py"
    text.write_text(text.read_text().replace('# %% tags=["answer"] grade_id="q01_predict_mean_answer"',
                                             '# %% tags=["answer" grade_id="q01_predict_mean_answer"', 1))
    assert_one_line_error(run_cli(course_copy, "sync", "--check"), "header jupytext cannot read")


def test_a_failed_release_keeps_the_last_good_one(course_copy, monkeypatch):
    from curriculum.instructor import release as release_module

    released = course_copy / "release" / MODULE / "python-for-data.ipynb"
    before = released.read_bytes()
    monkeypatch.setattr(release_module.Course, "api", lambda self, *a, **k: type(
        "Failing", (), {"generate_assignment": lambda *a, **k: {
            "success": False, "log": "Traceback (most recent call last):\n  File x\nValueError: a cell is broken"}}
    )())
    result = run_cli(course_copy, "release", MODULE)
    assert result.exit_code == 1 and "ValueError: a cell is broken" in result.output
    assert "Traceback" not in result.output and "kept as it was" in result.output
    assert released.read_bytes() == before


@pytest.mark.parametrize("address", ["tcp://", "tcp://localhost", "tcp://localhost:abc"])
def test_cli_scheduler_without_a_port(course_copy, address):
    assert_one_line_error(run_cli(course_copy, "grade", MODULE, "--scheduler", address),
                          "needs a host and a port number")


def test_cli_course_that_is_a_file_or_missing(course_copy):
    (course_copy / "afile").write_text("x")
    assert_one_line_error(CliRunner().invoke(app, ["--course", str(course_copy / "afile"), "status"]), "is a file")
    assert_one_line_error(CliRunner().invoke(app, ["--course", str(course_copy / "nope"), "status"]), "does not exist")


# --- superseded copies, re-collects, reasons and hints (instructor audit) --------------------------

def _zip(path, entries: dict):
    with zipfile.ZipFile(path, "w") as z:
        for name, text in entries.items():
            z.writestr(name, text)
    return path


def test_the_older_copy_in_the_same_zip_is_kept_under_superseded(course_copy):
    course = Course(course_copy)
    older, newer = _stub(course_copy) + " ", _stub(course_copy) + "  "
    archive = _zip(course_copy / "lms.zip", {"bob_2025-10-06-11-00-00_python-for-data.ipynb": newer,
                                             "bob_2025-10-06-10-00-00_python-for-data.ipynb": older})
    report = collect(course, archive, MODULE)
    assert (course_copy / "submitted" / "bob" / MODULE / "python-for-data.ipynb").read_text() == newer
    aside = course_copy / "submitted-set-aside" / MODULE / "superseded" / "bob"
    assert [p.name for p in aside.iterdir()] == ["bob_2025-10-06-10-00-00_python-for-data.ipynb"]
    assert (aside / "bob_2025-10-06-10-00-00_python-for-data.ipynb").read_text() == older
    assert [name for name, _ in report.superseded] == ["bob_2025-10-06-10-00-00_python-for-data.ipynb"]


def test_the_older_copy_in_the_same_folder_is_kept_under_superseded(course_copy):
    course = Course(course_copy)
    inbox = course_copy / "inbox"
    (inbox / "carol").mkdir(parents=True)
    (inbox / "carol" / "python-for-data.ipynb").write_text(_stub(course_copy) + " ")
    (inbox / "carol_2025-10-06-10-00-00_python-for-data.ipynb").write_text(_stub(course_copy) + "  ")
    collect(course, inbox, MODULE)
    aside = course_copy / "submitted-set-aside" / MODULE / "superseded" / "carol"
    assert [p.read_text() for p in aside.iterdir()] == [_stub(course_copy) + " "]  # undated loses to dated


def test_recollecting_the_same_zip_changes_nothing(course_copy):
    stub = _stub(course_copy)
    entries = {"bob_2025-10-06-10-00-00_python-for-data.ipynb": stub + " ",
               "bob_2025-10-06-11-00-00_python-for-data.ipynb": stub + "  ",
               "ada_2025-10-06-09-00-00_python-for-data.ipynb": stub,
               "cy_2025-10-06-09-00-00_python-for-data.ipynb": stub,
               "dee_2025-10-06-09-00-00_python-for-data.ipynb": stub}
    archive = _zip(course_copy / "lms.zip", entries)
    first = run_cli(course_copy, "collect", str(archive), "-m", MODULE)
    assert first.exit_code == 0 and "collected 4 notebook(s)" in first.output, first.output

    def snapshot():
        return {p.relative_to(course_copy).as_posix(): p.read_bytes() for folder in ("submitted", "submitted-set-aside")
                for p in (course_copy / folder).rglob("*") if p.is_file()}

    before = snapshot()
    second = run_cli(course_copy, "collect", str(archive), "-m", MODULE)
    assert second.exit_code == 0, second.output
    assert "4 unchanged" in second.output and "collected 4" not in second.output, second.output
    assert "superseded" not in second.output, second.output
    assert snapshot() == before
    aside = course_copy / "submitted-set-aside" / MODULE / "superseded" / "bob"
    assert [p.name for p in aside.iterdir()] == ["bob_2025-10-06-10-00-00_python-for-data.ipynb"]


def test_one_name_for_superseded_copies_and_no_identical_copy_twice(course_copy):
    course = Course(course_copy)
    first, second = _stub(course_copy) + " ", _stub(course_copy) + "  "
    a = _zip(course_copy / "a.zip", {"bob_2025-10-06-11-00-00_python-for-data.ipynb": first})
    b = _zip(course_copy / "b.zip", {"bob_2025-10-06-12-00-00_python-for-data.ipynb": second})
    collect(course, a, MODULE)
    collect(course, b, MODULE)  # the 11:00 copy goes to superseded/
    report = collect(course, a, MODULE)  # ... and is older than the kept one: already there, not stored twice
    aside = course_copy / "submitted-set-aside" / MODULE / "superseded" / "bob"
    assert [p.name for p in aside.iterdir()] == ["bob_2025-10-06-11-00-00_python-for-data.ipynb"]
    assert (course_copy / "submitted" / "bob" / MODULE / "python-for-data.ipynb").read_text() == second
    assert report.collected == [] and len(report.unchanged) == 1


def test_recollect_after_intake_repaired_the_notebook_is_unchanged(course_copy):
    from curriculum.instructor.grading import intake

    course = Course(course_copy)
    nb = nbformat.reads(_stub(course_copy), as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)  # saved by another editor: intake restores it in place
    archive = _zip(course_copy / "lms.zip", {"ada_2025-10-06-09-00-00_python-for-data.ipynb": nbformat.writes(nb)})
    collect(course, archive, MODULE)
    kept = course_copy / "submitted" / "ada" / MODULE / "python-for-data.ipynb"
    assert intake.check(course, MODULE, "ada").notes
    repaired = kept.read_bytes()
    report = collect(course, archive, MODULE)
    assert report.collected == [] and len(report.unchanged) == 1
    assert kept.read_bytes() == repaired
    assert not (course_copy / "submitted-set-aside" / MODULE / "superseded").exists()


def test_set_aside_reasons_say_what_is_actually_wrong(course_copy):
    course = Course(course_copy)
    stub = _stub(course_copy)
    archive = _zip(course_copy / "lms.zip", {
        "ada_2025-10-06-09-00-00_python-for-data.ipynb": stub,
        "report.pdf": "%PDF", ".DS_Store": "x",
        "Alice Smith_2025-10-06-09-00-00_python-for-data.ipynb": stub,
        "smithjane_12345_67890_python-for-data.ipynb": stub,
        "python-for-data.ipynb": stub})
    reasons = dict(collect(course, archive, MODULE).set_aside)
    assert reasons["report.pdf"].startswith("not a notebook") and ".pdf" in reasons["report.pdf"]
    assert reasons[".DS_Store"].startswith("not a notebook")
    spaced = reasons["Alice Smith_2025-10-06-09-00-00_python-for-data.ipynb"]
    assert spaced == ("student ids cannot contain spaces: rename it to "
                      "Alice_Smith_2025-10-06-09-00-00_python-for-data.ipynb")
    canvas = reasons["smithjane_12345_67890_python-for-data.ipynb"]
    assert "Canvas export" in canvas and "smithjane_<YYYY-MM-DD-HH-MM-SS>_python-for-data.ipynb" in canvas
    assert "<student>_<YYYY-MM-DD-HH-MM-SS>_<notebook>.ipynb" in reasons["python-for-data.ipynb"]


def test_set_aside_reasons_in_a_folder_per_student_zip(course_copy):
    course = Course(course_copy)
    stub = _stub(course_copy)
    archive = _zip(course_copy / "export.zip", {
        "ada/python-for-data.ipynb": stub, "ada/notes.txt": "x", "ada/.DS_Store": "x",
        "Dan Jones/python-for-data.ipynb": stub})
    reasons = dict(collect(course, archive, MODULE).set_aside)
    assert reasons["ada/notes.txt"].startswith("not a notebook") and ".txt" in reasons["ada/notes.txt"]
    assert reasons["ada/.DS_Store"].startswith("not a notebook")
    assert not any("YYYY" in why for name, why in reasons.items() if not name.endswith(".ipynb"))
    assert "student ids cannot contain spaces: rename the folder 'Dan Jones' to 'Dan_Jones'" in reasons[
        "Dan Jones/python-for-data.ipynb"]


def test_a_notebook_of_another_module_says_which(course_copy):
    course = Course(course_copy)
    archive = _zip(course_copy / "lms.zip", {"ada_2025-10-06-09-00-00_python-for-data.ipynb": _stub(course_copy),
                                             "gina_2025-10-06-09-00-00_data-prep.ipynb": _stub(course_copy),
                                             "hal/training (1).ipynb": _stub(course_copy)})
    reasons = dict(collect(course, archive, MODULE).set_aside)
    assert reasons["gina_2025-10-06-09-00-00_data-prep.ipynb"] == (
        f"no notebook 'data-prep' in module {MODULE}: it belongs to 01-data-prep: collect it with -m 01-data-prep")
    assert "collect it with -m 02-training" in reasons["hal/training (1).ipynb"]


def test_a_collect_that_matches_nothing_writes_nothing(course_copy):
    course = Course(course_copy)
    archive = _zip(course_copy / "wrong.zip", {"alice_2025-10-06-09-00-00_data-prep.ipynb": _stub(course_copy),
                                               "notes.txt": "x", "../evil.ipynb": "x"})
    report = collect(course, archive, MODULE)
    assert report.collected == [] and len(report.set_aside) == 3
    assert not (course_copy / "submitted-set-aside").exists() and not (course_copy / "submitted").exists()
    assert not (course_copy / "gradebook.db").exists() and not (course_copy / "autograded" / ".records").exists()
    result = run_cli(course_copy, "collect", str(archive), "-m", MODULE)
    assert result.exit_code == 1 and "use -m 01-data-prep" in result.output, result.output
    assert "alice_2025-10-06-09-00-00_data-prep.ipynb" in result.output
    assert "-> submitted-set-aside" not in result.output
    assert not (course_copy / "submitted-set-aside").exists()


def test_superseded_notes_name_the_learner_and_where_the_copy_is(course_copy):
    from curriculum.instructor.grading.records import read_collect_notes

    course = Course(course_copy)
    inbox = course_copy / "inbox"
    (inbox / "alice").mkdir(parents=True)
    (inbox / "alice" / "python-for-data.ipynb").write_text(_stub(course_copy) + " ")
    collect(course, inbox, MODULE)
    (inbox / "alice" / "python-for-data.ipynb").write_text(_stub(course_copy) + "  ")
    report = collect(course, inbox, MODULE)
    note = (f"alice: python-for-data.ipynb replaced the copy collected earlier (no date); the older copy is in "
            f"submitted-set-aside/{MODULE}/superseded/alice/")
    assert read_collect_notes(course, MODULE, "alice") == [note]
    assert f"  superseded: {note}" in report.lines(MODULE)
    archive = _zip(course_copy / "lms.zip", {"bob_2025-10-06-10-00-00_python-for-data.ipynb": _stub(course_copy) + " ",
                                             "bob_2025-10-06-11-00-00_python-for-data.ipynb": _stub(course_copy)})
    collect(course, archive, MODULE)
    [note] = read_collect_notes(course, MODULE, "bob")
    assert note.startswith("bob: bob_2025-10-06-11-00-00_python-for-data.ipynb replaced the older "
                           "bob_2025-10-06-10-00-00_python-for-data.ipynb") and "superseded/bob/" in note


def test_set_aside_files_of_the_same_name_from_two_collects_are_both_kept(course_copy):
    course = Course(course_copy)
    notebook = {"ada_2025-10-06-09-00-00_python-for-data.ipynb": _stub(course_copy)}
    first = _zip(course_copy / "first.zip", {**notebook, "report.pdf": "first report"})
    second = _zip(course_copy / "second.zip", {**notebook, "report.pdf": "second report"})
    for archive in (first, second, first):  # the third collect repeats the first: nothing new to keep
        collect(course, archive, MODULE)
    aside = course_copy / "submitted-set-aside" / MODULE
    kept = sorted(p.read_text() for p in aside.glob("report*.pdf"))
    assert kept == ["first report", "second report"]


# --- what the instructor's machine does wrong: paths, names, a damaged gradebook, interruptions -----

def test_a_stray_nbgrader_config_above_is_not_a_course(course_copy, tmp_path):
    """Stock nbgrader users keep ~/nbgrader_config.py: a folder with only that is passed over."""
    (tmp_path / "home" / "work").mkdir(parents=True)
    (tmp_path / "home" / "nbgrader_config.py").write_text("c = get_config()\n")
    assert_one_line_error(CliRunner().invoke(app, ["--course", str(tmp_path / "home" / "work"), "status"]),
                          "has no source/ folder beside it")
    assert Course.at(course_copy / "source").root == course_copy.resolve()


def test_a_course_path_nbgrader_cannot_address_is_refused_by_name(course_copy, tmp_path):
    odd = tmp_path / "AI%20F"
    course_copy.rename(odd)
    assert_one_line_error(CliRunner().invoke(app, ["--course", str(odd), "status"]), "contains %",
                          "rename or move the folder")


def test_a_damaged_gradebook_is_one_line_with_what_to_do(course_copy):
    import subprocess
    import sys
    from pathlib import Path

    (course_copy / "gradebook.db").write_bytes(b"not a database at all" * 300)
    done = subprocess.run([str(Path(sys.executable).parent / "curriculum"), "--course", str(course_copy), "status"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert done.stdout.startswith("Error: gradebook.db is damaged (file is not a database): restore it")


def test_one_overlong_zip_entry_is_set_aside_and_the_rest_collected(course_copy):
    stub = _stub(course_copy)
    archive = course_copy / "lms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ada_2025-01-11-09-30-45_python-for-data.ipynb", stub)
        z.writestr("x" * 300 + "_2025-01-11-09-30-45_python-for-data.ipynb", stub)
        z.writestr("b" * 130 + "_2025-01-11-09-30-45_python-for-data.ipynb", stub)
        z.writestr("../" + "y" * 300 + ".ipynb", stub)  # escaping and too long
    report = collect(Course(course_copy), archive, MODULE)
    assert [s for s, _, _ in report.collected] == ["ada"]
    reasons = dict(report.set_aside)
    assert "too long for a file system" in reasons["x" * 300 + "_2025-01-11-09-30-45_python-for-data.ipynb"]
    assert "too long for a file system" in reasons["../" + "y" * 300 + ".ipynb"]
    assert "at most 128" in reasons["b" * 130 + "_2025-01-11-09-30-45_python-for-data.ipynb"]
    kept = course_copy / "submitted-set-aside" / MODULE / "refused-zip-entries"
    assert [p.read_text() for p in kept.iterdir()] == [stub, stub]
    collected = course_copy / "submitted" / "ada" / MODULE / "python-for-data.ipynb"
    assert collected.stat().st_mode & 0o777 == 0o644, "readable by the course team, as a copied file"


def test_a_suggested_id_keeps_the_letters_of_accented_names(course_copy):
    from curriculum.instructor.grading.collect_names import _fixed_id

    assert (_fixed_id("Émile Zola"), _fixed_id("müller")) == ("Emile_Zola", "muller")


def test_a_collect_that_fails_midway_leaves_whole_learners_and_says_to_rerun(course_copy, monkeypatch):
    """A full disk on the second learner: the first is complete (notebook, timestamp, gradebook entry),
    the second keeps no fragment, and the same collect run again finishes the job."""
    import os
    from pathlib import Path

    archive = _zip(course_copy / "lms.zip", {f"{s}_2025-01-11-09-30-45_python-for-data.ipynb": _stub(course_copy)
                                             for s in ("ada", "bob")})
    real = os.replace

    def full_disk(source, target):  # bob's notebook is written in full, then cannot be put in place
        if "bob" in Path(target).parts:
            raise OSError(28, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(os, "replace", full_disk)
    result = run_cli(course_copy, "collect", str(archive), "-m", MODULE)
    assert result.exit_code == 1 and "No space left on device" in result.output and "run the same" in result.output
    assert "Traceback" not in result.output
    assert (course_copy / "submitted" / "ada" / MODULE / "timestamp.txt").exists()
    assert not (course_copy / "submitted" / "bob" / MODULE / "python-for-data.ipynb").exists()
    with Course(course_copy).gradebook() as gb:
        assert [s.id for s in gb.students] == ["ada"]
    monkeypatch.undo()
    assert run_cli(course_copy, "collect", str(archive), "-m", MODULE).exit_code == 0
    assert sorted(p.name for p in (course_copy / "submitted").iterdir()) == ["ada", "bob"]
    assert not list((course_copy / "submitted").rglob(".writing-*")), "no fragment is left behind"


def test_each_gradebook_trouble_gets_its_own_advice():
    """Restoring a backup is advised only for a damaged file, never for a full disk or a permission."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from curriculum.instructor.cli.main import gradebook_trouble

    def trouble(text):
        return gradebook_trouble(OperationalError("SELECT 1", {}, sqlite3.OperationalError(text)))

    assert "free space" in trouble("database or disk is full") and "backup" not in trouble("database or disk is full")
    assert "writable" in trouble("attempt to write a readonly database")
    assert "busy" in trouble("database is locked")
    assert "restore it from a backup" in trouble("database disk image is malformed")


def test_cli_collect_of_a_notebook_already_in_the_course_says_it_is_collected(course_copy):
    folder = course_copy / "submitted" / "ada" / MODULE
    folder.mkdir(parents=True)
    (folder / "python-for-data.ipynb").write_text(_stub(course_copy))
    assert_one_line_error(run_cli(course_copy, "collect", str(folder / "python-for-data.ipynb"), "-m", MODULE),
                          "already in this course's submitted/ folder", "`curriculum grade` grades it")


def test_cli_collect_saves_its_report_and_warns_when_the_module_was_never_released(course_copy):
    inbox = course_copy / "inbox" / "ada"
    inbox.mkdir(parents=True)
    (inbox / "python-for-data.ipynb").write_text(_stub(course_copy))
    (inbox / "notes.txt").write_text("not a notebook")
    result = run_cli(course_copy, "collect", str(course_copy / "inbox"), "-m", MODULE)
    assert result.exit_code == 0, result.output
    saved = list((course_copy / "exports").glob(f"collect-{MODULE}-*.txt"))
    assert len(saved) == 1 and f"this report is saved as {saved[0]}" in " ".join(result.output.split())
    text = saved[0].read_text()
    assert f"collected 1 notebook(s) for {MODULE}" in text and "set aside: ada/notes.txt" in text
    assert "WARNING" in result.output and f"{MODULE} was never released" in result.output
    said = " ".join(run_cli(course_copy, "status").output.split())
    assert (f"submitted not graded: {MODULE}, 1 learner (ada): {MODULE} was never released: run `curriculum "
            f"release {MODULE}`") in said, said
    assert f"see {course_copy / 'submitted-set-aside' / MODULE} and {saved[0]}." in said, said  # the report, named
