"""AI Foundations: course content tooling, exercise checks and grading over nbgrader."""

__version__ = "0.1.0"
