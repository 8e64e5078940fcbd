"""One accessible look for every course figure: a colour-blind-safe palette and readable sizes."""
from __future__ import annotations

import matplotlib.pyplot as plt

#: Okabe-Ito colours, safe for the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: Marker shapes to pair with colours, so a group never relies on colour alone.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def use_course_style() -> None:
    """Apply the course style: Okabe-Ito colours, large labels, light grid."""
    plt.rcParams.update({
        "axes.prop_cycle": plt.cycler(color=PALETTE),
        "figure.figsize": (6.4, 4.0),
        "axes.titlesize": 13,
        "axes.labelsize": 11,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "figure.dpi": 80,
    })
