"""What one grading run knows while it runs, shared by its coordinator and nbgrader's preprocessors.

nbgrader builds its preprocessors itself, from class names in its configuration, and runs the
sanitizing and the grading of a notebook as two conversions with fresh `resources`; so the
coordinator (parallel._Run) hands its RunState to every step through that configuration:
`Config({"RunStep": {"run": state}})` reaches each preprocessor that mixes in RunStep. Nothing of a
run lives at module level or on disk. Without a run (plain `nbgrader autograde`), the steps log
what they would have recorded.
"""
from __future__ import annotations

from traitlets import Any
from traitlets.config import LoggingConfigurable

#: (student, module, notebook): one notebook of one submission
NotebookKey = tuple[str, str, str]


class RunState:
    """The tasks, worker results, unchanged submissions and events of one grading run."""

    def __init__(self) -> None:
        #: notebook -> task for a worker, filled by pass A (passes.StashTask)
        self.tasks: dict[NotebookKey, dict] = {}
        #: notebook -> the worker's result, read by pass B (passes.InjectResult)
        self.results: dict[NotebookKey, dict] = {}
        #: (student, module) whose submission is byte for byte the one graded in full last time (a
        #: regrade after a new release or grader): their hand grades stay final
        self.unchanged: set[tuple[str, str]] = set()
        #: (student, module) -> what grading had to do (repaired cells, flags, stopped the kernel)
        self.events: dict[tuple[str, str], list[str]] = {}

    # traitlets deep-copies configuration values: a run is shared by all its steps, never copied
    def __deepcopy__(self, memo) -> RunState:
        return self

    def __copy__(self) -> RunState:
        return self

    def add_events(self, student: str, module: str, events: list[str]) -> None:
        self.events.setdefault((student, module), []).extend(events)

    def take_events(self, student: str, module: str) -> list[str]:
        """The events noted for this submission since the last take, which forgets them."""
        return self.events.pop((student, module), [])

    def notebooks(self, student: str, module: str) -> list[NotebookKey]:
        """The notebooks of this submission that pass A made tasks of, in its order."""
        return [key for key in self.tasks if key[:2] == (student, module)]

    def forget(self, student: str, module: str) -> None:
        """Drop what this run holds of a submission (it is recorded, or queued for the next run)."""
        for key in self.notebooks(student, module):
            self.tasks.pop(key, None)
            self.results.pop(key, None)
        self.events.pop((student, module), None)


class RunStep(LoggingConfigurable):
    """Mixed into an nbgrader preprocessor that takes part in a run: `self.run` is the RunState."""

    run = Any(None, allow_none=True, help="The grading run this step belongs to (set by the "
                                          "coordinator; None under plain `nbgrader autograde`).").tag(config=True)

    def the_run(self) -> RunState:
        """The run; a step that exists only for a coordinator's run says so plainly without one."""
        if self.run is None:
            raise RuntimeError(f"{type(self).__name__} runs only in a grading run of the coordinator "
                               "(curriculum grade), which configures its RunState")
        return self.run

    def record_events(self, resources: dict, events: list[str]) -> None:
        """Add `events` to the submission's events in this run; without a run, log them."""
        info = resources.get("nbgrader", {})
        if not events:
            return
        if self.run is not None and info.get("student") and info.get("assignment"):
            self.run.add_events(info["student"], info["assignment"], list(events))
            return
        for event in events:
            self.log.warning("%s", event)
