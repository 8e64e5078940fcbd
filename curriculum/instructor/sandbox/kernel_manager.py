"""A Jupyter kernel manager that starts each kernel inside the bubblewrap sandbox.

TCP cannot cross the sandbox's empty network namespace, so the kernel talks over IPC (Unix
sockets) in a private box folder mounted at the same path inside and out. Killing the kernel kills
bwrap and with it every process in the sandbox's PID namespace.
"""
from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager

from curriculum.instructor.sandbox.boxes import box_uid
from curriculum.instructor.sandbox.bwrap import Limits, command


class SandboxKernelManager(AsyncKernelManager):
    """Start the kernel as the box's own uid in bwrap, over IPC, with the module's data files only."""

    def __init__(self, box: Path, package_dir: Path, data_files: dict[str, Path], limits: Limits,
                 **kwargs: Any) -> None:
        super().__init__(transport="ipc", ip=str(box / "ipc" / "kernel"), **kwargs)
        self.box = box
        self.package_dir = package_dir
        self.data_files = data_files
        self.limits = limits
        self.connection_file = str(box / "kernel.json")

    def write_connection_file(self, **kwargs: Any) -> None:
        super().write_connection_file(**kwargs)
        os.chmod(self.connection_file, 0o644)  # the unprivileged kernel must read it

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        kw["env"] = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}  # bwrap clears it anyway
        kw.pop("cwd", None)
        kw["stdout"] = kw["stderr"] = subprocess.DEVNULL  # the kernel's own chatter is not output
        wrapped = command(kernel_cmd, self.box, self.package_dir, self.data_files, self.limits, box_uid(self.box))
        await super()._async_launch_kernel(wrapped, **kw)

    def pid(self) -> int | None:
        process = getattr(self.provisioner, "process", None)
        return getattr(process, "pid", None)

    def kill_sandbox(self) -> None:
        """SIGKILL bwrap: the PID namespace dies with it, detached processes included."""
        pid = self.pid()
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
