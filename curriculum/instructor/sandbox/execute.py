"""nbgrader's Execute step, with every student kernel confined and every limit enforced outside it.

It replaces nbgrader's `Execute` in the Autograde pipeline. The kernel starts in the bubblewrap
sandbox (see bwrap.py); the limits that student code could dodge from inside are enforced here,
in the trusted process: a per-cell timeout and a per-notebook watchdog that SIGKILL the sandbox
(SIGINT can be ignored), and an output budget counted in bytes, not lines. When the sandbox is
stopped, the notebook is not failed: the remaining cells stay unexecuted, the answers already
exported are judged, and the reason is recorded for the instructor.
"""
from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

import nbformat.validator
from nbclient.exceptions import CellControlSignal, DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

from curriculum.instructor.sandbox.boxes import BOX_TOKEN
from curriculum.instructor.sandbox.bwrap import Limits, SandboxUnavailable, tools
from curriculum.instructor.sandbox.kernel_manager import SandboxKernelManager
from curriculum.instructor.untrusted import shown
from curriculum.learner import syllabus
from curriculum.learner.data import DATASETS, datasets_dir

log = logging.getLogger(__name__)


class NotebookStopped(Exception):
    """The sandbox was stopped on purpose; the message says why."""


class KernelStartFailed(RuntimeError):
    """The kernel died before any cell ran: the grading machinery's failure, never the learner's."""


def module_data_files(module_id: str) -> dict[str, Path]:
    """The data files a module's syllabus entry lists, plus the manifest: all the kernel may read."""
    folder = datasets_dir()
    files = {"manifest.json": folder / "manifest.json"}
    try:
        names = syllabus.load().module(module_id).datasets
    except KeyError:
        names = ()
    for name in names:
        for filename in DATASETS[name].files:
            files[filename] = folder / filename
    return {k: v for k, v in files.items() if v.exists()}


#: Kernel messages whose content is written into the notebook (comm_* messages are too).
CHARGED = {"stream", "display_data", "execute_result", "error", "update_display_data"}

#: Words in a cell's output that mean it ran into a sandbox limit, and how to say so.
LIMIT_SIGNS = {"No space left on device": "filled its scratch space",
               "File too large": "hit the file size limit",
               "Resource temporarily unavailable": "hit the process limit",
               "Permission denied": "was refused a file or folder outside its sandbox",
               "Read-only file system": "tried to write to a read-only folder"}


def cell_errors(nb, limit: int = 3) -> list[str]:
    """One line per learner cell that raised or hit a limit, e.g. "cell 3 raised KeyError".

    The cell's label and the exception's name are the learner's (a class may be called anything):
    both are taken through `untrusted.shown`, so no escape code reaches a record or a terminal."""
    errors = []
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("grade"):
            continue
        label = shown(meta.get("grade_id") or f"cell {index + 1}", limit=80)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and out.get("ename") != "NotImplementedError":
                errors.append(f"{label} raised {shown(out.get('ename'), limit=80)}")
            text = out.get("text", "") if out.get("output_type") == "stream" else out.get("evalue", "")
            errors += [f"{label} {what}" for sign, what in LIMIT_SIGNS.items() if sign in str(text)]
    errors = list(dict.fromkeys(errors))  # one line per cell and problem, however many outputs say it
    more = f" (and {len(errors) - limit} more)" if len(errors) > limit else ""
    return [", ".join(errors[:limit]) + more] if errors else []


class SandboxedExecute(Execute):
    """Execute a submission in the sandbox; stop it cleanly at any limit and say why."""

    sandbox = Bool(True, help="Run each kernel in the bubblewrap sandbox.").tag(config=True)
    allow_unconfined = Bool(False, help="If the sandbox tools are missing, run unconfined "
                            "instead of refusing (only for trusted work).").tag(config=True)
    notebook_timeout = Integer(Limits.notebook_seconds, help="Seconds for a whole notebook.").tag(config=True)
    output_limit = Integer(Limits.output_bytes, help="Bytes of output for a whole notebook.").tag(config=True)
    memory_limit = Integer(Limits.memory_bytes, help="Address space of the kernel, bytes.").tag(config=True)
    process_limit = Integer(Limits.processes, help="Processes of the sandbox user.").tag(config=True)
    scratch_limit = Integer(Limits.scratch_bytes, help="Bytes in each scratch folder.").tag(config=True)

    def limits(self) -> Limits:
        return Limits(cell_seconds=int(self.timeout or Limits.cell_seconds),
                      notebook_seconds=self.notebook_timeout, memory_bytes=self.memory_limit,
                      processes=self.process_limit, scratch_bytes=self.scratch_limit,
                      output_bytes=self.output_limit)

    # --- kernel ---------------------------------------------------------------------------------

    def create_kernel_manager(self):
        if not self._confined:
            return super().create_kernel_manager()
        self.km = SandboxKernelManager(*self._sandbox_args, kernel_name="python3", config=self.config)
        return self.km

    def _kill(self, reason: str) -> None:
        self._stop_reason = self._stop_reason or reason
        km = getattr(self, "km", None)
        if isinstance(km, SandboxKernelManager):
            km.kill_sandbox()

    async def _async_handle_timeout(self, timeout: int, cell=None):
        self._kill(f"a cell ran longer than {timeout} s, so the sandbox was stopped there")
        raise NotebookStopped(self._stop_reason)

    # --- output budget --------------------------------------------------------------------------

    def process_message(self, msg, cell, cell_index):
        """Charge every message that ends up in the notebook, display updates and comms included.

        A display update rewrites every output that shares its display id, so it is charged once
        per copy; a message over the budget is dropped, and the cell says so once.
        """
        msg_type = msg.get("msg_type", "")
        if msg_type in CHARGED or msg_type.startswith("comm"):
            content = msg.get("content", {})
            display_id = (content.get("transient") or {}).get("display_id")
            copies = 1 + sum(len(v) for v in self._display_id_map.get(display_id, {}).values()) \
                if display_id else 1
            size = (len(json.dumps(content, default=str))
                    + sum(len(b) for b in msg.get("buffers") or [])) * copies
            if self._output_used + size > self._output_budget:
                if not self._output_capped:
                    self._output_capped = True
                    self._events.append(f"output stopped after {self._output_budget:,} bytes")
                    cell.setdefault("outputs", []).append(new_output("stream", name="stdout", text=(
                        f"[output stopped: this notebook printed more than {self._output_budget:,} bytes]\n")))
                return None
            self._output_used += size
        try:
            out = super().process_message(msg, cell, cell_index)
        except CellControlSignal:  # "the cell is done": nbclient's own flow control
            raise
        except Exception as exc:  # noqa: BLE001 - a message the kernel forged: the learner's, not ours
            return self._malformed_message(msg_type, type(exc).__name__)
        count = cell.get("execution_count")
        if count is not None and (type(count) is not int):  # a forged prompt would reach the feedback page
            cell["execution_count"] = None
            self._malformed_message(msg_type, "not a number")
        if out is not None:
            try:
                nbformat.validator.validate(out, ref="output", version=4)
            except Exception as exc:  # noqa: BLE001 - e.g. a stream whose text is not text
                if out in cell.get("outputs", []):
                    cell["outputs"].remove(out)
                return self._malformed_message(msg_type, type(exc).__name__)
        return out

    def _malformed_message(self, msg_type: str, why: str) -> None:
        """Drop what the kernel forged; say so once per notebook (the record shows it)."""
        if not self._malformed:
            self._malformed = True
            kind = shown(msg_type or "unknown", limit=40)  # the kernel's word: the learner's
            self._events.append(f"the kernel sent a malformed {kind} message ({why}); it was dropped")
        return None

    # --- the run --------------------------------------------------------------------------------

    def preprocess_cell(self, cell, resources, index):
        self._current_index = index
        return super().preprocess_cell(cell, resources, index)

    def preprocess(self, nb, resources: Any = None, km=None):
        state = resources.setdefault("curriculum", {})
        self._events = state.setdefault("events", [])
        self._stop_reason = ""
        self._current_index = -1
        self._output_used, self._output_capped, self._malformed = 0, False, False
        self._output_budget = self.output_limit
        self._confined = self.sandbox
        if self.sandbox:
            try:
                tools()
            except SandboxUnavailable:
                if not self.allow_unconfined:
                    raise
                log.warning("SANDBOX MISSING: running student code unconfined (--unsafe-no-sandbox)")
                self._events.append("graded WITHOUT the sandbox (--unsafe-no-sandbox)")
                self._confined = False
        if self._confined:
            module_id = resources["nbgrader"]["assignment"]
            import curriculum

            self._sandbox_args = (Path(state["box"]), Path(curriculum.__file__).parent,
                                  module_data_files(module_id), self.limits())
        for cell in nb.cells:  # point the export calls at this run's box
            if cell.cell_type == "code" and BOX_TOKEN in cell.source:
                cell.source = cell.source.replace(BOX_TOKEN, str(resources["curriculum"]["box"]))
        watchdog = threading.Timer(self.notebook_timeout, self._kill,
                                   args=(f"the notebook ran longer than {self.notebook_timeout} s",))
        watchdog.daemon = True
        watchdog.start()
        try:
            nb, resources = super().preprocess(nb, resources, km)
            self._events.extend(cell_errors(nb))
            return nb, resources
        except (DeadKernelError, NotebookStopped, RuntimeError) as exc:
            if self._current_index < 0 and not self._stop_reason:  # no learner code has run yet
                raise KernelStartFailed(f"the sandboxed kernel did not start: {exc}") from exc
            if isinstance(exc, RuntimeError) and not isinstance(exc, DeadKernelError) \
                    and "Kernel died" not in str(exc) and not self._stop_reason:
                raise
            reason = self._stop_reason or ("the kernel died (it exited, crashed or ran out of "
                                           "memory), so the rest of the notebook did not run")
            self._events.append(reason)
            self._events.extend(cell_errors(nb))
            if 0 <= self._current_index < len(nb.cells):
                nb.cells[self._current_index].setdefault("outputs", []).append(new_output(
                    "error", ename="SandboxStopped", evalue=reason, traceback=[f"SandboxStopped: {reason}"]))
            return nb, resources
        finally:
            watchdog.cancel()
            self._kill("")
