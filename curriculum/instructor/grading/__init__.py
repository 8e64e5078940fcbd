"""Grading: the trusted judge, nbgrader preprocessors, and the instructor's batch operations."""
