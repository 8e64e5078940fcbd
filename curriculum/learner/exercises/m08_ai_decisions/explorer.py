"""Module 08's prepared views: the table of decisions, the cost explorer (ipywidgets) and the drift chart.

The notebook calls them so that a reader who does not code sees the results, not the plumbing. Each
figure follows the course style: a title that states the finding, labelled axes with units, the
Okabe-Ito palette and a marker or line style per series, so nothing relies on colour alone.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from curriculum.learner.exercises.m08_ai_decisions.data import COST_BAD_APPROVED, COST_GOOD_REFUSED, THRESHOLDS
from curriculum.learner.plotting import MARKERS, PALETTE

OUTCOMES = ["repaid", "went bad"]
DECISIONS = ["approved", "refused"]


def decision_table(chance, went_bad, threshold: float = 0.5) -> pd.DataFrame:
    """The confusion matrix in words: how many applicants land in each box when the bank refuses
    everyone whose chance of going bad is at least `threshold`."""
    refused = np.asarray(chance) >= threshold
    outcome = np.where(np.asarray(went_bad) == 1, "went bad", "repaid")
    table = pd.crosstab(pd.Series(outcome, name="what happened"),
                        pd.Series(np.where(refused, "refused", "approved"), name="decision"))
    return table.reindex(index=OUTCOMES, columns=DECISIONS, fill_value=0)


def costs_by_threshold(chance, went_bad, cost_bad: float, cost_good: float) -> np.ndarray:
    """The total cost at each threshold of THRESHOLDS: cost_bad per bad loan approved, cost_good per
    good applicant refused."""
    chance, bad = np.asarray(chance), np.asarray(went_bad) == 1
    return np.array([cost_bad * (bad & (chance < t)).sum() + cost_good * (~bad & (chance >= t)).sum()
                     for t in THRESHOLDS])


def _show(chances: dict, went_bad, model: str, threshold: float, cost_bad: int, cost_good: int) -> None:
    from IPython.display import display

    table = decision_table(chances[model], went_bad, threshold)
    display(table)
    total = cost_bad * table.loc["went bad", "approved"] + cost_good * table.loc["repaid", "refused"]
    print(f"Model {model}, threshold {threshold:.2f}: total cost €{total:,} on the review applicants.")
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(THRESHOLDS, costs_by_threshold(chances[model], went_bad, cost_bad, cost_good) / 1000,
            color=PALETTE[0], marker=MARKERS[0], linestyle="-", label=f"model {model}, every threshold")
    ax.axvline(threshold, color=PALETTE[5], linestyle="--", label="the slider's threshold")
    ax.set_title("Each threshold trades bad loans approved for good applicants refused")
    ax.set_xlabel("Threshold: refuse when the chance of going bad is at least this")
    ax.set_ylabel("Total cost (thousand €)")
    ax.legend()
    fig.tight_layout()
    plt.show()


def cost_explorer(chances: dict, went_bad, model: str | None = None, threshold: float | None = None,
                  cost_bad: int | None = None, cost_good: int | None = None):
    """Sliders for the model, the threshold and the two costs; shows the table, the total cost and
    the cost at every threshold.

    Given any of `model`, `threshold`, `cost_bad` or `cost_good`, it draws that one view without
    widgets (for a viewer that cannot show sliders); the values not given keep the sliders' defaults
    (model B, threshold 0.5, the stated costs).
    """
    if any(v is not None for v in (model, threshold, cost_bad, cost_good)):
        _show(chances, went_bad, "B" if model is None else model, 0.5 if threshold is None else float(threshold),
              COST_BAD_APPROVED if cost_bad is None else cost_bad,
              COST_GOOD_REFUSED if cost_good is None else cost_good)
        return None
    from ipywidgets import Dropdown, FloatSlider, IntSlider, interact

    style = {"description_width": "initial"}
    return interact(
        lambda model, threshold, cost_bad, cost_good: _show(chances, went_bad, model, threshold, cost_bad, cost_good),
        model=Dropdown(options=sorted(chances), value="B", description="model"),
        threshold=FloatSlider(value=0.5, min=0.05, max=0.95, step=0.05, readout_format=".2f",
                              description="threshold"),
        cost_bad=IntSlider(value=COST_BAD_APPROVED, min=0, max=5000, step=250, style=style,
                           description="€ per bad loan approved"),
        cost_good=IntSlider(value=COST_GOOD_REFUSED, min=0, max=5000, step=250, style=style,
                            description="€ per good applicant refused"))


def drift_chart(monthly: pd.DataFrame):
    """Two panels over the months: the model's accuracy, and the median age it was sent."""
    months = list(monthly.index)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True)
    top.plot(months, monthly["accuracy"], color=PALETTE[0], marker=MARKERS[0], linestyle="-",
             label="accuracy of the month")
    top.axhline(monthly["accuracy"].iloc[:6].mean(), color=PALETTE[7], linestyle=":",
                label="its level in the first six months")
    top.set_title("Accuracy: a three-month dip, a slow slide, then a lasting drop")
    top.set_xlabel("Month of scoring (YYYY-MM)")
    top.set_ylabel("Accuracy (share right)")
    top.legend(loc="lower left")
    bottom.plot(months, monthly["median_age"], color=PALETTE[1], marker=MARKERS[1], linestyle="--",
                label="median age sent to the model")
    bottom.set_yscale("log")
    bottom.set_yticks([40, 60, 100, 200, 400, 700], labels=["40", "60", "100", "200", "400", "700"])
    bottom.minorticks_off()
    bottom.set_title("Ages: people scored get older, and three months of ages look absurd")
    bottom.set_xlabel("Month of scoring (YYYY-MM)")
    bottom.set_ylabel("Median age (years, log scale)")
    bottom.tick_params(axis="x", rotation=90)
    bottom.legend(loc="upper left")
    fig.tight_layout()
    return fig


def group_chart(by_group: pd.DataFrame, shares=("refused", "good applicants refused", "bad loans approved")):
    """Grouped bars: each share of `by_group` (a MetricFrame's table) for each group, one hatch per group."""
    fig, ax = plt.subplots(figsize=(7, 3.8))
    positions = np.arange(len(shares))
    width = 0.8 / len(by_group)
    for i, (group, row) in enumerate(by_group.iterrows()):
        ax.bar(positions + i * width, [row[s] for s in shares], width=width, color=PALETTE[i],
               hatch=["//", ".."][i % 2], edgecolor=PALETTE[7], label=str(group))
    ax.set_xticks(positions + width * (len(by_group) - 1) / 2, labels=list(shares))
    ax.set_title("Model B's decisions differ between women and men")
    ax.set_xlabel("Measure (each a share of the group, as in the table above)")
    ax.set_ylabel("Share (0 to 1)")
    ax.legend(title="group")
    return fig
