"""The server side of the lab's Validate button: nbgrader's handlers, with the course's Validator.

nbgrader's JupyterLab extension adds the Validate button to each notebook's toolbar; pressed, it
checks the server's nbgrader version, saves the notebook and posts its path to
`/assignments/validate`, then shows the answer in a dialog. This server extension takes the place
of nbgrader's `validate_assignment` one (lab.py turns that one off): the same two addresses, the
same answer format, and CourseValidator's report in it. It never reads an nbgrader_config.py, so
the instructor's (in the course repository) never reaches a learner's run.
"""
from __future__ import annotations

import traceback
from pathlib import Path

from jupyter_server.utils import url_path_join
from nbgrader.server_extensions.validate_assignment.handlers import NbGraderVersionHandler, ValidateAssignmentHandler
from tornado import web

from curriculum.learner.validator import CourseValidator

NAME = "curriculum.learner.validate_server"


class CourseValidateHandler(ValidateAssignmentHandler):
    """POST /assignments/validate?path=...: the notebook validated by CourseValidator."""

    def validate_notebook(self, path: str) -> dict:
        root = Path(self.root_dir).resolve()
        target = (root / path).resolve()
        if not target.is_relative_to(root) or target.suffix != ".ipynb" or not target.is_file():
            raise web.HTTPError(403, "Validate works on a notebook inside the lab's folder")
        try:
            return {"success": True, "value": CourseValidator(log=self.log).validate(str(target))}
        except Exception as exc:  # noqa: BLE001 - the dialog says what went wrong, as nbgrader's does
            self.log.error(traceback.format_exc())
            return {"success": False, "value": f"{type(exc).__name__}: {exc}"}


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": NAME}]


def _load_jupyter_server_extension(serverapp) -> None:
    webapp = serverapp.web_app
    base_url = webapp.settings["base_url"]
    webapp.settings["root_dir"] = serverapp.root_dir
    webapp.add_handlers(".*$", [(url_path_join(base_url, "assignments/validate"), CourseValidateHandler),
                                (url_path_join(base_url, "nbgrader_version"), NbGraderVersionHandler)])
    serverapp.log.info("Validate reports the course's checks (%s)", NAME)
