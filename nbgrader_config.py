"""nbgrader configuration for AI Foundations. The course root is this folder.

The `curriculum` CLI loads this file in-process; plain `nbgrader` commands read it too.
"""
import os

from curriculum.instructor.grading.feedback_page import FEEDBACK_PREPROCESSORS, TEMPLATE_DIRS, TEMPLATE_PATHS
from curriculum.instructor.grading.pipeline import AUTOGRADE, SANITIZE
from curriculum.instructor.release import CODE_STUB

c = get_config()  # noqa: F821  (provided by traitlets when the file is loaded)
here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = here
c.CourseDirectory.course_id = "ai-foundations"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(here, "gradebook.db")
# Never copy Python files from source/ to release/ or into a student's grading folder: the
# hidden checks, the graded variants and the paired text form of each notebook live there.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py", "*.md", "*.skops"]

c.ClearSolutions.code_stub = {"python": CODE_STUB}  # a comment: an untouched notebook runs calmly
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# The autograde pipeline, declared once in curriculum/instructor/grading/pipeline.py (the parallel
# coordinator splits the same list around the executor): sanitizing, nbgrader's own repairs
# (duplicate ids, tampered locked cells, changed points), recorded; then grading, where the
# student's kernel only exports answers as plain data and the trusted judge checks them.
c.Autograde.sanitize_preprocessors = SANITIZE
c.Autograde.autograde_preprocessors = AUTOGRADE

# A learner who deleted a test cell still gets it back (and its points, if the answer is right).
c.OverwriteCells.add_missing_cells = True

# Each kernel runs in the bubblewrap sandbox (curriculum/instructor/sandbox/): no network, no view of the
# course, an unprivileged user, limits on time, memory, processes, disk and output bytes.
c.SandboxedExecute.timeout = 60  # seconds per cell
c.SandboxedExecute.notebook_timeout = 300
c.SandboxedExecute.output_limit = 2_000_000  # bytes per notebook
c.SandboxedExecute.memory_limit = 3 << 30
# Keep the kernel's own start-up warnings off the instructor's terminal.
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]

# `nbgrader export` writes the same CSV as `curriculum export`: a status and a reason per row, so
# "not submitted", "failed to grade" and "graded" are told apart (stock export gives 0.0 for all).
c.ExportApp.plugin_class = "curriculum.instructor.grading.report.StatusExportPlugin"

# Feedback pages show what learners' code displayed: strip scripts and unsafe HTML from it.
c.HTMLExporter.sanitize_html = True
# ... and what they wrote: markdown cells render with raw HTML escaped and an allow-list sanitiser,
# in the feedback pages and in the formgrader (both render markdown through this filter).
# Outputs' HTML goes through the same allow-list, so that a table shows as a table, not as tags.
c.HTMLExporter.filters = {"markdown2html": "curriculum.instructor.grading.learner_html.markdown2html",
                          "clean_html": "curriculum.instructor.grading.learner_html.clean_output_html"}

# Feedback pages: the course's template (nbgrader's, with a summary naming each exercise, messages
# that wrap and tables that fit) and the preprocessor that fills its summary, after nbgrader's own.
# Set for GenerateFeedback only: the formgrader keeps nbgrader's templates.
c.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
c.GenerateFeedback.HTMLExporter.template_name = "curriculum_feedback"
c.GenerateFeedback.HTMLExporter.extra_template_basedirs = TEMPLATE_DIRS
c.GenerateFeedback.HTMLExporter.extra_template_paths = TEMPLATE_PATHS
