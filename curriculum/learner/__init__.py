"""The learner's side, shipped whole in the learner bundle and mounted in every grading sandbox: the
checks, each module's exercise definitions, the syllabus, the data loader, the plotting style, the
workspace, and check(). It imports nothing from curriculum.instructor (tests/test_architecture.py).
"""
