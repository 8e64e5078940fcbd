"""The figure kind: a matplotlib Figure leaves the kernel as a summary of what it shows.

Besides titles, labels and counts of marks, the summary holds the range of the plotted data on each
axis, so a check can tell a plot of the right columns from one with swapped or made-up data that
carries the right labels.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from curriculum.learner.checks.base import Kind, Payload, WrongType, to_json


def _extend(ranges: dict[str, list[float]], xy: Any) -> None:
    try:
        data = np.ma.filled(np.ma.asarray(xy, dtype=float), np.nan).reshape(-1, 2)
    except (TypeError, ValueError):  # data that does not convert to numbers (e.g. raw strings)
        return
    for axis, column in (("x", data[:, 0]), ("y", data[:, 1])):
        finite = column[np.isfinite(column)]
        if finite.size:
            ranges[axis] += [float(finite.min()), float(finite.max())]


def data_ranges(ax: Any) -> dict[str, list[float] | None]:
    """{"x": [min, max], "y": [min, max]} over the lines and dots drawn in data coordinates.

    Reference lines (axhline, axvline) and filled areas are left out: their coordinates are not data.
    """
    ranges: dict[str, list[float]] = {"x": [], "y": []}
    for line in ax.get_lines():
        if line.get_transform() == ax.transData:
            _extend(ranges, line.get_xydata())
    for collection in ax.collections:
        if hasattr(collection, "get_offsets") and collection.get_offset_transform() == ax.transData:
            _extend(ranges, collection.get_offsets())
    return {axis: [min(v), max(v)] if v else None for axis, v in ranges.items()}


def _markers_only(line: Any) -> bool:
    """A line drawn as dots only (`ax.plot(x, y, "o")`): a scatter plot by another name."""
    return line.get_linestyle() in ("None", "", " ") and line.get_marker() not in (None, "None", "", " ")


def correlation(ax: Any) -> float | None:
    """Pearson r of the dots (scatter collections and marker-only lines) in data coordinates.

    It tells a plot of real pairs from one whose columns were sorted or shuffled apart.
    """
    parts = [c.get_offsets() for c in ax.collections
             if hasattr(c, "get_offsets") and c.get_offset_transform() == ax.transData]
    parts += [line.get_xydata() for line in ax.get_lines() if _markers_only(line)]
    try:
        xy = np.concatenate([np.ma.filled(np.ma.asarray(p, dtype=float), np.nan).reshape(-1, 2)
                             for p in parts]) if parts else np.empty((0, 2))
    except (TypeError, ValueError):
        return None
    xy = xy[np.isfinite(xy).all(axis=1)]
    if len(xy) < 3 or xy[:, 0].std() == 0 or xy[:, 1].std() == 0:
        return None
    return float(np.corrcoef(xy[:, 0], xy[:, 1])[0, 1])


def summarise_axes(ax: Any) -> dict:
    """One Axes as plain data: text, how many marks of each sort, and the data range per axis."""
    points = sum(len(c.get_offsets()) for c in ax.collections if hasattr(c, "get_offsets"))
    points += sum(len(line.get_xydata()) for line in ax.get_lines() if _markers_only(line))
    ranges = data_ranges(ax)
    return {
        "title": ax.get_title() or "",
        "xlabel": ax.get_xlabel() or "",
        "ylabel": ax.get_ylabel() or "",
        "lines": len(ax.get_lines()),
        "points": int(points),
        "bars": sum(1 for p in ax.patches if type(p).__name__ == "Rectangle"),
        "legend": [t.get_text() for t in ax.get_legend().get_texts()] if ax.get_legend() else [],
        "x_range": ranges["x"],
        "y_range": ranges["y"],
        "corr": correlation(ax),
    }


class FigureOf(Kind):
    """A matplotlib Figure, exported as a summary of what it shows (titles, labels, marks, ranges)."""

    label = "a matplotlib Figure"

    def export(self, value: Any) -> Payload:
        """Summarise the figure (an Axes is forgiven: its figure is used) as JSON."""
        from matplotlib.figure import Figure as MplFigure

        if hasattr(value, "get_figure") and not isinstance(value, MplFigure):
            value = value.get_figure()
        if not isinstance(value, MplFigure):
            raise self.wrong(value)
        suptitle = value._suptitle.get_text() if getattr(value, "_suptitle", None) else ""
        # fig.legend(...) puts the legend on the figure, not on an Axes
        legend = [t.get_text() for lg in getattr(value, "legends", []) for t in lg.get_texts()]
        # a colour bar is drawn as an Axes of its own, but it is a legend, not another plot
        plots = [ax for ax in value.get_axes() if ax.get_label() != "<colorbar>"]
        return to_json({"suptitle": suptitle, "legend": legend, "axes": [summarise_axes(ax) for ax in plots]})

    def load(self, payload: Payload) -> dict:
        """Read the summary back; anything but {"axes": [...]} is a wrong type."""
        value = super().load(payload)
        if not isinstance(value, dict) or not isinstance(value.get("axes"), list):
            raise WrongType("should be a figure summary")
        return value
