"""Code tests for the check library: kinds, layered outcomes, and the outbox the judge reads."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from curriculum.checks import (Array, Choice, Exercise, FigureOf, Frame, Function, Integer, Number,
                               SeriesOf, Text, WrongType, evaluate, mistake, require)
from curriculum.checks.capture import collect, read_outbox, to_raw, write_outbox
from curriculum.checks.core import Raw


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


@pytest.mark.parametrize("kind,value", [
    (Number(), AlwaysEqual()), (Number(), True), (Integer(), 3.5), (Text(), 3),
    (Frame(), [1, 2]), (SeriesOf(), pd.DataFrame({"a": [1]})), (Choice("abcd"), "e"),
    (FigureOf(), "a plot"), (Array(), np.array([object()], dtype=object)),
])
def test_wrong_types_are_refused_with_a_message(kind, value):
    with pytest.raises(WrongType) as info:
        kind.export(value)
    assert str(info.value)


def test_frame_roundtrip_keeps_columns_and_index():
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}, index=[10, 20])
    back = roundtrip(Frame(columns=("a",)), frame)
    assert list(back.columns) == ["a", "b"] and list(back.index) == [10, 20]
    with pytest.raises(WrongType, match="missing the column"):
        roundtrip(Frame(columns=("zzz",)), frame)


def test_series_roundtrip_and_required_index():
    s = pd.Series([1.5, 2.5], index=["Adelie", "Gentoo"])
    assert roundtrip(SeriesOf(index=("Adelie",)), s)["Gentoo"] == 2.5
    with pytest.raises(WrongType, match="no entry"):
        roundtrip(SeriesOf(index=("Chinstrap",)), s)


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
