"""The instructor's side: the course folder, authoring, the sandbox, grading, release, the learner bundle,
the demo class and the command line. Layers, lowest first: course.py; authoring/, sandbox/, data_build/;
grading/; release.py, bundle.py, demo.py; cli/ (tests/test_architecture.py holds each to it).
"""
