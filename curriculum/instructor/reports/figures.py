"""The report's figures: each with a title, both axes labelled, and states told by words and hatching
as well as by the course's colour-blind-safe palette (AUTHORING.md, "Plots"); each has alt text.

Figures are matplotlib `Figure` objects (no pyplot state), drawn in the course style
(`curriculum.learner.plotting`), and embedded in the page as PNG.
"""
from __future__ import annotations

import base64
import io
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # the report is drawn without a display

import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend
from matplotlib.figure import Figure  # noqa: E402

from curriculum.instructor.reports.items import FLAG_BELOW  # noqa: E402
from curriculum.learner.plotting import PALETTE, use_course_style  # noqa: E402

#: Each standing's colour and hatching, so that print in grey still tells them apart.
PASSED, PENDING, BELOW = (PALETTE[2], ""), (PALETTE[1], "//"), (PALETTE[5], "xx")


@dataclass
class Chart:
    """A figure, the words that describe it to someone who cannot see it, and an id for the page."""

    name: str
    figure: Figure
    alt: str

    @property
    def title(self) -> str:
        return self.figure.axes[0].get_title()

    def png_base64(self) -> str:
        buffer = io.BytesIO()
        with course_style():
            self.figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        return base64.b64encode(buffer.getvalue()).decode("ascii")


@contextmanager
def course_style():
    """The course style, only while a figure is made or drawn (the caller's rcParams stay as they were)."""
    with plt.rc_context():
        use_course_style()
        yield


def _plain(text: str) -> str:
    """A label drawn as it is: a dollar sign would start matplotlib's mathtext."""
    return text.replace("$", r"\$")


def _figure(rows: int, width: float = 8.0) -> tuple[Figure, object]:
    with course_style():
        figure = Figure(figsize=(width, max(2.8, 1.4 + 0.42 * rows)), layout="constrained")
        return figure, figure.add_subplot()


def _stacked(ax, names: list[str], series: list[tuple[list[float], str, tuple[str, str], float]]) -> None:
    """Horizontal bars stacked left to right: (values, label, (colour, hatch), alpha) per series."""
    left = [0.0] * len(names)
    for values, label, (colour, hatch), alpha in series:
        ax.barh(names, values, left=left, color=colour, hatch=hatch, edgecolor="black", label=label, alpha=alpha)
        left = [a + b for a, b in zip(left, values)]


def pass_rates(modules: list[dict]) -> Chart:
    """Per module, the share of graded learners who passed, are pending, or are below the mark."""
    shown = [m for m in modules if m["graded"]]
    figure, ax = _figure(len(shown))
    with course_style():
        names = [_plain(m["module"]) for m in shown]
        _stacked(ax, names, [([100 * m[key] / m["graded"] for m in shown], words, style, 1.0)
                             for key, words, style in (("passed", "passed", PASSED),
                                                       ("pending", "pending: a written answer may decide it", PENDING),
                                                       ("below", "below the pass mark", BELOW))])
        for y, m in enumerate(shown):
            ax.text(101, y, f"{m['passed']} of {m['graded']} passed", va="center", fontsize=9)
        ax.set_xlim(0, 130)
        ax.set_xticks(range(0, 101, 20))
        ax.invert_yaxis()
        ax.set_title("Pass rate by module: share of graded learners")
        ax.set_xlabel("Graded learners (%)")
        ax.set_ylabel("Module")
        figure.legend(loc="outside lower center", fontsize=8, ncols=3)
    alt = "Stacked bar chart of graded learners per module. " + "; ".join(
        f"{m['module']}: {m['passed']} passed, {m['pending']} pending, {m['below']} below, of {m['graded']}"
        for m in shown) + "."
    return Chart("pass-rates", figure, alt)


def score_distribution(module: str, percents: list[float], pass_mark_percent: float) -> Chart:
    """A histogram of a module's scores (percent of its points), with the pass mark drawn."""
    figure, ax = _figure(5, width=6.0)
    with course_style():
        ax.hist(percents, bins=list(range(0, 101, 10)), color=PALETTE[0], edgecolor="black")
        ax.axvline(pass_mark_percent, color="black", linestyle="--", linewidth=1.5)
        ax.text(pass_mark_percent + 1, 0.95, f"pass mark {pass_mark_percent:g}%", transform=ax.get_xaxis_transform(),
                va="top", fontsize=9)
        ax.set_xlim(0, 100)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_title(f"{_plain(module)}: scores of {len(percents)} graded learners")
        ax.set_xlabel("Score (% of the module's points)")
        ax.set_ylabel("Learners")
    above = sum(p >= pass_mark_percent for p in percents)
    alt = (f"Histogram of {module}'s scores in steps of 10%: {above} of {len(percents)} learners at or above the "
           f"pass mark of {pass_mark_percent:g}%; median {sorted(percents)[len(percents) // 2]:g}%."
           if percents else f"No graded scores for {module}.")
    return Chart(f"scores-{module}", figure, alt)


def exercise_pass_rates(module: str, exercises: list[dict]) -> Chart:
    """Per exercise of a module, the share of learners with full points; flagged ones hatched and named."""
    figure, ax = _figure(len(exercises))
    with course_style():
        labels = [_plain(e["grade_id"]) + ("  (flagged)" if e["flagged"] else "") for e in exercises]
        rates = [100 * e["pass_rate"] if e["pass_rate"] is not None else 0 for e in exercises]
        colours = [BELOW[0] if e["flagged"] else PALETTE[0] for e in exercises]
        hatches = [BELOW[1] if e["flagged"] else "" for e in exercises]
        bars = ax.barh(labels, rates, color=colours, edgecolor="black")
        for bar, hatch in zip(bars, hatches):
            bar.set_hatch(hatch)
        for y, e in enumerate(exercises):
            words = (f"{e['full_points']} of {e['graded'] - e['waiting']}" if e["pass_rate"] is not None
                     else "waiting for a person")
            ax.text(rates[y] + 1, y, words, va="center", fontsize=9)
        ax.axvline(100 * FLAG_BELOW, color="black", linestyle="--", linewidth=1)
        ax.set_xlim(0, 125)
        ax.set_xticks(range(0, 101, 20))
        ax.invert_yaxis()
        ax.set_title(f"{_plain(module)}: learners with full points, by exercise")
        ax.set_xlabel(f"Learners with full points (%); flagged below {100 * FLAG_BELOW:g}% (dashed line)")
        ax.set_ylabel("Exercise")
    flagged = [e["grade_id"] for e in exercises if e["flagged"]]
    alt = (f"Bar chart of {module}'s exercises by the share of learners with full points. "
           + "; ".join(f"{e['grade_id']}: {rates[i]:.0f}%" for i, e in enumerate(exercises))
           + (f". Flagged: {', '.join(flagged)}." if flagged else ". None flagged."))
    return Chart(f"exercises-{module}", figure, alt)


def track_standings(counts: dict[str, dict[str, int]], words: dict[str, str]) -> Chart:
    """Per track, how many learners have passed, wait for a person, are in progress, or cannot pass yet."""
    figure, ax = _figure(len(counts))
    styles = {"passed": PASSED, "waiting": PENDING, "in progress": (PALETTE[4], ".."), "not open": (PALETTE[7], "")}
    with course_style():
        names = [_plain(t) for t in counts]
        _stacked(ax, names, [([c.get(state, 0) for c in counts.values()], words.get(state, state), style,
                              0.35 if state == "not open" else 1.0) for state, style in styles.items()])
        ax.invert_yaxis()
        ax.set_title("Learners by standing on each track")
        ax.set_xlabel("Learners")
        ax.set_ylabel("Track")
        figure.legend(loc="outside lower center", fontsize=8, ncols=2)
    alt = "Stacked bar chart of learners per track. " + "; ".join(
        f"{t}: " + ", ".join(f"{n} {s}" for s, n in c.items() if n) for t, c in counts.items()) + "."
    return Chart("tracks", figure, alt)
