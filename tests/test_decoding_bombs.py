"""Answer files can be decoding bombs: a small file the kernel writes may decode to a huge value.

The judge decodes every answer file in a child process with a memory and a time limit
(curriculum/instructor/grading/decode.py), and the loaders measure decoded sizes before they build
anything, so a bomb costs the learner that exercise, with its reason, and never the coordinator.
"""
from __future__ import annotations

import contextlib
import io
import json
import resource
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from curriculum.instructor.authoring.instructor_files import load_instructor_file
from curriculum.instructor.demo import reference_code
from curriculum.instructor.grading.decode import DecodeLimits, Decoder, DecoderUnavailable, decode_answers
from curriculum.instructor.grading.judge import judge_exercise
from curriculum.learner.checks.capture import read_outbox, write_probes
from curriculum.learner.checks.kinds import Frame, Payload, WrongType
from curriculum.learner.exercises import module_exercises
from curriculum.learner.export import export_to_outbox

from .conftest import REPO, setup_code, source_notebook

MB = 1 << 20


def _ru_maxrss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def _place(outbox: Path, grade_id: str, files: dict[str, tuple[str, bytes]]) -> None:
    """Put answer files in outbox/<grade_id>/ as the kernel would: name -> (format, bytes)."""
    folder = outbox / grade_id
    folder.mkdir(parents=True, exist_ok=True)
    for name, (fmt, data) in files.items():
        (folder / f"{name}.{fmt}").write_bytes(data)
    (folder / "manifest.json").write_text(json.dumps({n: {"status": "ok", "fmt": f} for n, (f, _) in files.items()}))


def dictionary_bomb(rows: int = 1000, value_bytes: int = 1_000_000) -> bytes:
    """A Parquet file of one string column: a dictionary of one 1 MB string, used on every row.

    Written without the Arrow schema, so that a reader decodes it as plain strings: 1 GB from a
    file of a few hundred bytes."""
    column = pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, dtype=np.int32)), pa.array(["x" * value_bytes]))
    buffer = io.BytesIO()
    pq.write_table(pa.table({"value": column}), buffer, compression="zstd", store_schema=False)
    return buffer.getvalue()


def npy_with_shape(shape: tuple, data: bytes = b"\0" * 64) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": "<f8", "fortran_order": False, "shape": shape})
    return buffer.getvalue() + data


def test_a_parquet_dictionary_bomb_costs_the_exercise_not_the_coordinator(tmp_path):
    bomb = dictionary_bomb()
    assert len(bomb) < 120_000
    _place(tmp_path, "q04_filter", {"heavy_gentoo": ("parquet", bomb)})
    before, start = _ru_maxrss_bytes(), time.monotonic()
    outcome = judge_exercise(REPO, "00-python-for-data", "q04_filter", tmp_path)
    assert time.monotonic() - start < DecodeLimits().seconds
    assert _ru_maxrss_bytes() - before < 200 * MB, "the coordinator decoded the bomb itself"
    assert outcome.status == "wrong_type" and outcome.fraction == 0.0, outcome
    assert outcome.messages[0].startswith("`heavy_gentoo` decodes to more than"), outcome.messages


def test_the_table_loader_measures_the_decoded_size_before_it_builds_the_table():
    """Even outside the child, the loader refuses the bomb after a few batches of rows."""
    before = _ru_maxrss_bytes()
    with pytest.raises(WrongType, match=r"decodes to more than 400 MB \(1,000 rows\)"):
        Frame().load(Payload("parquet", dictionary_bomb()))
    assert _ru_maxrss_bytes() - before < 200 * MB


def test_an_npy_header_declaring_an_enormous_shape_is_refused_before_numpy_allocates_it(tmp_path):
    normal = io.BytesIO()
    np.save(normal, np.ones((3, 2)), allow_pickle=False)
    _place(tmp_path, "q110_split_then_scale", {"X_train_scaled": ("npy", npy_with_shape((10**6, 10**6))),
                                               "X_test_scaled": ("npy", normal.getvalue())})
    before = _ru_maxrss_bytes()
    outcome = judge_exercise(REPO, "01-data-prep", "q110_split_then_scale", tmp_path)
    assert _ru_maxrss_bytes() - before < 200 * MB
    assert outcome.status == "wrong_type", outcome
    assert outcome.messages == ["`X_train_scaled` decodes to more than 400 MB (an array of shape (1000000, 1000000)): "
                                "far too large to be an answer."]


def test_an_npy_header_declaring_more_data_than_the_file_holds_is_refused(tmp_path):
    _place(tmp_path, "q110_split_then_scale", {"X_train_scaled": ("npy", npy_with_shape((10_000_000,))),
                                               "X_test_scaled": ("npy", npy_with_shape((8,)))})
    outcome = judge_exercise(REPO, "01-data-prep", "q110_split_then_scale", tmp_path)
    assert outcome.status == "wrong_type" and "declares more data than the file holds" in outcome.messages[0]


def test_json_nested_100000_levels_deep_is_refused_before_it_is_decoded(tmp_path):
    _place(tmp_path, "q01_predict_mean", {"predicted_mean": ("json", b"[" * 100_000 + b"]" * 100_000)})
    outcome = judge_exercise(REPO, "00-python-for-data", "q01_predict_mean", tmp_path)
    assert outcome.status == "wrong_type", outcome
    assert outcome.messages == ["`predicted_mean` is nested more than 100 levels deep: far too deep to be an answer."]


def test_json_of_millions_of_tiny_values_is_refused_but_brackets_inside_a_string_are_text(tmp_path):
    bomb = b"[" + b"[]," * 5_000_000 + b"[]]"  # 15 MB that would decode to 5 million lists (400 MB)
    _place(tmp_path, "q08_change_line", {"deepest_bill_island": ("json", bomb)})
    before = _ru_maxrss_bytes()
    outcome = judge_exercise(REPO, "00-python-for-data", "q08_change_line", tmp_path)
    assert _ru_maxrss_bytes() - before < 200 * MB
    assert "decodes to more than 1,000,000 values" in outcome.messages[0], outcome
    text = json.dumps("[{" * 2000 + '\\"' + ",:" * 600_000).encode()  # brackets and commas in a string
    _place(tmp_path, "q08_change_line", {"deepest_bill_island": ("json", text)})
    outcome = judge_exercise(REPO, "00-python-for-data", "q08_change_line", tmp_path)
    assert outcome.status == "incorrect", outcome  # read as the text it is, then judged


def _reference_outbox(module: str, outbox: Path) -> None:
    """Each exercise's reference answer, exported as the kernel does at grading."""
    ns: dict = {}
    probes = getattr(load_instructor_file(REPO, module, "hidden_checks"), "PROBES", {})
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(setup_code(module), "<setup>", "exec"), ns)
        for grade_id, exercise in module_exercises(module).items():
            exec(compile(reference_code(source_notebook(module))[grade_id], "<answer>", "exec"), ns)
            for name, build in probes.get(grade_id, {}).items():
                write_probes(outbox / "inbox" / grade_id, name, build())
            export_to_outbox(module, grade_id, str(outbox), str(outbox / "inbox"), namespace=ns)
            plt.close("all")


def _same(a, b) -> bool:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        return a.attrs == b.attrs
    if isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True)
        return a.attrs == b.attrs
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if hasattr(a, "calls"):  # a ModelAnswer
        return _same(a.calls, b.calls) and _same(a.info, b.info)
    return type(a) is type(b) and (a == b or a != a and b != b)  # NaN where NaN was


@pytest.mark.parametrize("module", ["00-python-for-data", "01-data-prep"])
def test_normal_answers_are_read_exactly_as_in_process(module, tmp_path):
    """Through the child, every reference answer comes back equal, of the same types, and scores full."""
    _reference_outbox(module, tmp_path)
    for grade_id, exercise in module_exercises(module).items():
        here = read_outbox(exercise, tmp_path / grade_id)
        there = decode_answers(module, grade_id, tmp_path / grade_id, list(exercise.answers))
        assert here.keys() == there.keys()
        for name in here:
            assert (here[name].status, here[name].message) == (there[name].status, there[name].message)
            assert _same(here[name].value, there[name].value), (grade_id, name)
        assert judge_exercise(REPO, module, grade_id, tmp_path).status == "correct", grade_id


def test_an_answer_that_decodes_too_slowly_costs_that_answer_and_a_new_child_reads_on(tmp_path):
    big = io.BytesIO()
    pd.DataFrame(np.random.default_rng(0).integers(0, 9, (400_000, 10))).to_parquet(big)  # 4 million cells
    _place(tmp_path, "q04_filter", {"heavy_gentoo": ("parquet", big.getvalue())})
    _place(tmp_path, "q01_predict_mean", {"predicted_mean": ("json", b"4207.1")})
    decoder = Decoder(DecodeLimits(seconds=0.01))
    try:
        raw = decoder.read("00-python-for-data", "q04_filter", tmp_path / "q04_filter", ["heavy_gentoo"])
        assert raw["heavy_gentoo"].status == "wrong_type"
        assert raw["heavy_gentoo"].message == "took more than 0.01 s to decode: far too large to be an answer"
        assert decoder._child is None  # the child that was decoding it is gone
        decoder.limits = DecodeLimits()
        raw = decoder.read("00-python-for-data", "q01_predict_mean", tmp_path / "q01_predict_mean", ["predicted_mean"])
        assert raw["predicted_mean"].value == 4207.1
    finally:
        decoder.close()


def test_a_child_killed_between_exercises_is_replaced(tmp_path):
    _place(tmp_path, "q01_predict_mean", {"predicted_mean": ("json", b"4207.1")})
    decoder = Decoder(DecodeLimits())
    try:
        read = lambda: decoder.read("00-python-for-data", "q01_predict_mean", tmp_path / "q01_predict_mean",  # noqa: E731
                                    ["predicted_mean"])
        assert read()["predicted_mean"].value == 4207.1
        decoder._child.kill()
        decoder._child.wait()
        assert read()["predicted_mean"].value == 4207.1
    finally:
        decoder.close()


def test_a_decoder_without_room_to_start_is_the_machinerys_failure_not_the_learners(tmp_path):
    decoder = Decoder(DecodeLimits(memory_bytes=64 * MB))
    with pytest.raises(DecoderUnavailable, match="CURRICULUM_DECODE_MEMORY_MB"):
        decoder.read("00-python-for-data", "q01_predict_mean", tmp_path, ["predicted_mean"])


def test_the_limits_come_from_the_environment(monkeypatch):
    assert DecodeLimits.from_env() == DecodeLimits(1536 * MB, 30.0)
    monkeypatch.setenv("CURRICULUM_DECODE_MEMORY_MB", "2048")
    monkeypatch.setenv("CURRICULUM_DECODE_SECONDS", "12.5")
    assert DecodeLimits.from_env() == DecodeLimits(2048 * MB, 12.5)
