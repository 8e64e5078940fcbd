"""Code tests for the check library: kinds, layered outcomes, and the outbox the judge reads."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from curriculum.learner.checks import (
    SHAPE_TAG,
    Array,
    Choice,
    Exercise,
    FigureOf,
    Frame,
    Function,
    Integer,
    Number,
    SeriesOf,
    Text,
    WrongType,
    close,
    evaluate,
    mistake,
    require,
    shape,
)
from curriculum.learner.checks.capture import collect, read_outbox, to_raw, write_outbox
from curriculum.learner.checks.core import Raw


class AlwaysEqual:
    def __eq__(self, other):
        return True


class SneakyFloat(float):
    def __eq__(self, other):
        return True


def roundtrip(kind, value):
    return kind.load(kind.export(value))


def test_numbers_leave_as_plain_values():
    assert roundtrip(Number(), np.float32(2.5)) == 2.5
    assert type(roundtrip(Integer(), np.int64(344))) is int
    # a float subclass whose == is always true is refused: only exact plain types leave the kernel
    with pytest.raises(WrongType, match="SneakyFloat"):
        Number().export(SneakyFloat(7.0))


@pytest.mark.parametrize("kind,value,found", [
    (Number(), AlwaysEqual(), "AlwaysEqual"), (Number(), True, "bool"), (Integer(), 3.5, "3.5"),
    (Text(), 3, "int"), (Frame(), [1, 2], "list"), (SeriesOf(), pd.DataFrame({"a": [1]}), "a DataFrame"),
    (Choice("abcd"), "e", "'e'"), (FigureOf(), "a plot", "str"),
    (Array(), np.array([object()], dtype=object), "shape (1,)"),
])
def test_wrong_types_are_refused_with_a_message(kind, value, found):
    """The message says what was expected and what was found (the layered feedback's second layer)."""
    with pytest.raises(WrongType) as info:
        kind.export(value)
    expected, _, what = str(info.value).partition(", but it is ")
    assert expected.startswith("should be ") and found in what, str(info.value)


def test_frame_roundtrip_keeps_columns_and_index():
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}, index=[10, 20])
    back = roundtrip(Frame(columns=("a",)), frame)
    assert list(back.columns) == ["a", "b"] and list(back.index) == [10, 20]
    # a missing column is a shape problem of an answer of the right type, not a wrong type
    assert "missing the column(s) 'zzz'" in Frame(columns=("zzz",)).shape_problem(back)
    assert Frame(columns=("a",)).shape_problem(back) is None


def test_series_roundtrip_and_required_index():
    s = pd.Series([1.5, 2.5], index=["Adelie", "Gentoo"])
    assert roundtrip(SeriesOf(index=("Adelie",)), s)["Gentoo"] == 2.5
    assert "no entry for 'Chinstrap'" in SeriesOf(index=("Chinstrap",)).shape_problem(s)


EX = Exercise(
    grade_id="t_demo",
    answers={"x": Number()},
    checks=[mistake(lambda a: a.x == 0, "`x` is zero: named mistake."),
            require(lambda a: a.x > 0, "`x` must be positive.")],
)


def test_layers_in_order():
    assert evaluate(EX, {"x": Raw("missing")}).status == "not_attempted"
    assert "not defined" in evaluate(EX, {"x": Raw("missing")}).messages[0]
    assert evaluate(EX, {"x": Raw("wrong_type", message="bad")}).status == "wrong_type"
    out = evaluate(EX, {"x": Raw("ok", 0.0)})
    assert out.status == "incorrect" and "named mistake" in out.messages[0]
    assert evaluate(EX, {"x": Raw("ok", 3.0)}).status == "correct"
    hidden = [require(lambda a: a.x == 7, "hidden says no")]
    assert evaluate(EX, {"x": Raw("ok", 3.0)}, hidden).messages == ["hidden says no"]


def test_partial_credit():
    ex = Exercise("t_partial", {"x": Number()},
                  checks=[require(lambda a: a.x > 1, "half", credit=0.5)])
    out = evaluate(ex, {"x": Raw("ok", 0.5)})
    assert out.status == "partial" and out.fraction == 0.5


def test_outbox_roundtrip_and_function_probes(tmp_path):
    ex = Exercise("t_fn", {"f": Function(probes=lambda: [(2,), (0,)], returns=Number()), "x": Number()})
    ns = {"f": lambda v: 10 / v, "x": 4}
    write_outbox(tmp_path / "t_fn", collect(ex, ns))
    raw = read_outbox(ex, tmp_path / "t_fn")
    assert raw["x"].value == 4.0
    assert raw["f"].value[0] == {"ok": 5.0} and "ZeroDivisionError" in raw["f"].value[1]["error"]
    assert to_raw(ex, collect(ex, ns))["x"].value == 4.0


def test_outbox_refuses_links_out_of_the_box(tmp_path):
    ex = Exercise("t_link", {"x": Number()})
    secret = tmp_path / "secret.json"
    secret.write_text("42")
    box = tmp_path / "box" / "t_link"
    box.mkdir(parents=True)
    (box / "manifest.json").write_text('{"x": {"status": "ok", "fmt": "json"}}')
    os.symlink(secret, box / "x.json")
    assert read_outbox(ex, box)["x"].status == "wrong_type"


def test_missing_outbox_is_not_attempted(tmp_path):
    ex = Exercise("t_none", {"x": Number()})
    assert evaluate(ex, read_outbox(ex, tmp_path / "nothing")).status == "not_attempted"


def test_figure_summary():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.scatter([1, 2, 3], [3, 2, 1])
    ax.set_title("T")
    ax.set_xlabel("X (mm)")
    summary = roundtrip(FigureOf(), ax)  # an Axes is forgiven
    assert summary["axes"][0]["points"] == 3 and summary["axes"][0]["xlabel"] == "X (mm)"
    plt.close(fig)


# --- the shape layer: wrong type -> wrong shape -> named misconception -------------------------

SHAPED = Exercise(
    grade_id="t_shape",
    answers={"t": Frame(columns=("a",))},
    checks=[mistake(lambda a: (a.t["a"] < 0).any(), "named misconception"),
            shape(lambda a: len(a.t.columns) == 2, "`t` should have 2 columns.")],
)


def test_shape_layer_runs_before_misconceptions_even_when_listed_after():
    wrong_shape = evaluate(SHAPED, {"t": Raw("ok", pd.DataFrame({"a": [-1]}))})
    assert wrong_shape.fraction == 0 and wrong_shape.layer == "shape"
    assert wrong_shape.messages == [f"{SHAPE_TAG} `t` should have 2 columns."]
    misconception = evaluate(SHAPED, {"t": Raw("ok", pd.DataFrame({"a": [-1], "b": [0]}))})
    assert misconception.messages == ["named misconception"] and misconception.layer == ""
    missing = evaluate(SHAPED, {"t": Raw("ok", pd.DataFrame({"b": [1], "c": [2]}))})
    assert missing.layer == "shape" and "missing the column(s) 'a'" in missing.messages[0]
    assert evaluate(SHAPED, {"t": Raw("wrong_type", message="bad")}).status == "wrong_type"


def test_hidden_shape_checks_also_run_first():
    hidden = [shape(lambda a: len(a.t) == 2, "`t` should have 2 rows.")]
    out = evaluate(SHAPED, {"t": Raw("ok", pd.DataFrame({"a": [-1], "b": [0]}))}, hidden)
    assert out.layer == "shape" and "2 rows" in out.messages[0]


def test_wrong_columns_in_q04_get_a_shape_message_in_the_judge():
    from curriculum.instructor.grading.judge import feedback_text
    from curriculum.learner.data import load
    from curriculum.learner.exercises import module_exercises

    exercise = module_exercises("00-python-for-data")["q04_filter"]
    penguins = load("penguins")
    answer = {"heavy_gentoo": penguins[["species", "body_mass_g"]]}
    out = evaluate(exercise, to_raw(exercise, collect(exercise, answer)))
    text = feedback_text(out, 2)
    assert out.fraction == 0 and text.startswith("[WRONG SHAPE] 0 of 2 points.") and "columns" in text
    assert text.count("WRONG SHAPE") == 1 and "INCORRECT" not in text
    assert "use & (and)" not in text


def test_default_tolerance_accepts_rounding_but_not_another_value():
    assert close(3700.7, 3700.6623) and close(3.70, 3.7006623)
    assert not close(3700.0, 3733.09) and not close(float("nan"), float("nan")) and not close("x", 1)


def test_figure_summary_has_the_plotted_data_ranges():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.scatter([172, 200, 231], [2700, 4000, 6300])
    ax.plot([180, 190], [3000, 3100])
    ax.axhline(10_000)  # a reference line is not data
    ax.fill_between([0, 1], [0, 1])  # nor is a filled area's offset
    summary = roundtrip(FigureOf(), fig)["axes"][0]
    assert summary["x_range"] == [172.0, 231.0] and summary["y_range"] == [2700.0, 6300.0]
    empty = plt.figure().add_subplot()
    assert roundtrip(FigureOf(), empty)["axes"][0]["x_range"] is None
    plt.close("all")


def test_check_modules_stay_small():
    from pathlib import Path

    import curriculum.learner.checks as pkg

    for path in Path(pkg.__file__).parent.glob("*.py"):
        assert len(path.read_text().splitlines()) < 300, f"{path.name} has 300 lines or more: split it"


def test_q09_without_units_earns_partial_credit():
    from curriculum.learner.exercises import module_exercises

    exercise = module_exercises("00-python-for-data")["q09_scatter"]
    axes = {"title": "Heavier birds have longer flippers", "xlabel": "Flipper length", "ylabel": "Body mass",
            "lines": 0, "points": 342, "bars": 0, "legend": [], "x_range": [172.0, 231.0], "y_range": [2700.0, 6300.0]}
    out = evaluate(exercise, {"fig": Raw("ok", {"suptitle": "", "axes": [axes]})})
    assert out.status == "partial" and out.fraction == 0.5 and "units" in out.messages[0]


def test_a_message_that_cannot_be_written_still_gives_feedback():
    broken = require(lambda a: False, lambda a: f"{a.missing.attribute}")
    assert "does not have the form" in broken.text(object())


def test_a_pickled_npy_in_the_outbox_is_a_wrong_type_and_never_unpickled(tmp_path):
    """The judge refuses pickles: an object array saved with allow_pickle=True is not loaded."""
    class Boom:
        def __reduce__(self):
            return (os.system, ("touch " + str(tmp_path / "unpickled"),))

    ex = Exercise("t_pickle", {"x": Array()})
    box = tmp_path / "t_pickle"
    box.mkdir()
    (box / "manifest.json").write_text('{"x": {"status": "ok", "fmt": "npy"}}')
    np.save(box / "x.npy", np.array([Boom()], dtype=object), allow_pickle=True)
    assert read_outbox(ex, box)["x"].status == "wrong_type"
    assert not (tmp_path / "unpickled").exists()


def test_not_attempted_comes_before_wrong_type_across_answers():
    """With two answers, one undefined and one of the wrong type, the learner hears "not attempted"."""
    ex = Exercise("t_two", {"x": Number(), "y": Number()})
    out = evaluate(ex, {"x": Raw("wrong_type", message="is text"), "y": Raw("missing")})
    assert out.status == "not_attempted" and "`y` is not defined" in out.messages[0]


def test_each_layer_has_its_own_label_in_the_kernel_and_the_feedback(monkeypatch):
    """Feedback never relies on colour: each outcome is named in words, in the kernel and at grading."""
    import __main__
    from curriculum.instructor.grading.judge import feedback_text
    from curriculum.learner.notebook import CheckFailed, check

    outcomes = {"not_attempted": "NOT ATTEMPTED", "wrong_type": "WRONG TYPE", "incorrect": "INCORRECT",
                "partial": "PARTLY CORRECT", "correct": "CORRECT"}
    for status, head in outcomes.items():
        text = feedback_text(type("O", (), {"status": status, "fraction": 0.5, "messages": ["m"], "layer": ""})(), 2)
        assert text.startswith(f"[{head}] "), text
    for name, value in {"n_rows": "344", "n_columns": 8}.items():  # text where a count is expected
        monkeypatch.setattr(__main__, name, value, raising=False)
    with pytest.raises(CheckFailed) as failed:
        check("q02_shape")
    assert str(failed.value).startswith("\u2717 [WRONG TYPE] q02_shape: `n_rows`"), str(failed.value)


def test_the_default_tolerance_is_exactly_one_in_a_thousand():
    assert close(1000.9, 1000.0) and not close(1001.2, 1000.0)
    assert not close(1e-4, 0.0), "zero is matched only by (almost) zero"
