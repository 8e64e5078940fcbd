"""The sandbox's seccomp filter: kernel facilities a notebook never needs are refused.

Some kernel state outlives a sandbox and is keyed on its uid, which the next learner graded in that
slot (slots.py) inherits: above all the user keyring (add_key, keyctl), which the host kernel keeps
per uid, across runs. Others reach past the sandbox (ptrace, bpf, perf_event_open, new namespaces,
mounts, modules, the clock). The filter, modelled on Docker's default profile, makes each of those
calls fail with EPERM (clone3 with ENOSYS, so that glibc falls back to clone, whose flags the filter
can see); every other call is allowed. Calls of another ABI (i386's `int 0x80`, x32) kill the process.

libseccomp (through pyseccomp) compiles the filter once per grading process into a BPF file in a
private folder of its own, swept like the font list (font_cache.py) when its process is gone.
`wrap` opens that file on a spare descriptor for bwrap's `--seccomp FD` as bwrap starts, so every
launch reads it from the start, whoever runs the command (jupyter_client, a test, a benchmark).
Without libseccomp the sandbox refuses to run, as it does without bwrap (bwrap.tools).
"""
from __future__ import annotations

import atexit
import errno
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from curriculum.instructor.sandbox.boxes import sweep_stale_boxes

#: Refused with EPERM, as by Docker's default profile (names this architecture lacks are skipped).
DENIED = (
    # the kernel's keyrings: kept per uid by the host kernel, so shared by every learner of a slot
    "add_key", "keyctl", "request_key",
    # other processes, the kernel's tracing and BPF
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "bpf", "perf_event_open",
    "userfaultfd", "lookup_dcookie", "fanotify_init", "syslog", "io_uring_setup", "io_uring_enter",
    "io_uring_register",
    # namespaces and mounts
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "mount_setattr", "move_mount",
    "open_tree", "fsopen", "fsconfig", "fsmount", "fspick", "name_to_handle_at", "open_by_handle_at",
    # the machine itself: modules, reboot, swap, quotas, accounting, clock, hardware ports
    "init_module", "finit_module", "delete_module", "create_module", "get_kernel_syms", "query_module",
    "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff", "quotactl", "quotactl_fd", "acct",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "iopl", "ioperm", "vhangup",
    "sethostname", "setdomainname",
    # memory placement (Docker grants these only with CAP_SYS_NICE), obsolete and legacy calls
    "mbind", "set_mempolicy", "get_mempolicy", "move_pages", "migrate_pages", "nfsservctl", "sysfs",
    "_sysctl", "uselib", "ustat",
)
#: clone() flags that make a namespace: refused, as by Docker (arg0 on x86_64 and arm64).
NAMESPACE_FLAGS = {"CLONE_NEWNS": 0x00020000, "CLONE_NEWCGROUP": 0x02000000, "CLONE_NEWUTS": 0x04000000,
                   "CLONE_NEWIPC": 0x08000000, "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
                   "CLONE_NEWNET": 0x40000000}
#: personality(0xffffffff) only reads the persona; any other value would change it (e.g.
#: ADDR_NO_RANDOMIZE turns address randomization off), so it is refused.
PERSONALITY_QUERY = 0xFFFFFFFF
#: socket() families that are not confined by the sandbox's network namespace.
AF_VSOCK = 40
#: The descriptor bwrap reads the filter from (any number a shell can redirect).
FD = 9


class SeccompUnavailable(RuntimeError):
    """libseccomp (or pyseccomp) cannot be loaded, so no filter can be built."""


def _library():
    try:
        import pyseccomp
    except (ImportError, OSError, RuntimeError) as exc:  # pyseccomp raises RuntimeError without libseccomp
        raise SeccompUnavailable(f"libseccomp cannot be loaded ({exc}). Install it (`apt-get install "
                                 "libseccomp2`, and the pyseccomp package)") from exc
    return pyseccomp


def build():
    """The filter (a pyseccomp.SyscallFilter): allow by default, refuse the calls above."""
    sc = _library()
    denied = sc.ERRNO(errno.EPERM)
    flt = sc.SyscallFilter(defaction=sc.ALLOW)
    flt.set_attr(sc.Attr.ACT_BADARCH, sc.KILL_PROCESS)
    for name in DENIED:
        try:
            number = sc.resolve_syscall(sc.Arch.NATIVE, name)
        except OSError:  # libseccomp does not know the name at all
            continue
        if number >= 0:  # a negative number: not a call of this architecture
            flt.add_rule(denied, number)
    for flag in NAMESPACE_FLAGS.values():
        flt.add_rule(denied, "clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
    flt.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")  # its flags sit in memory, out of the filter's sight
    flt.add_rule(denied, "personality", sc.Arg(0, sc.NE, PERSONALITY_QUERY))
    flt.add_rule(denied, "socket", sc.Arg(0, sc.MASKED_EQ, 0xFFFFFFFF, AF_VSOCK))
    return flt


@lru_cache(maxsize=None)
def _filter_file() -> Path:
    sweep_stale_boxes(pattern="curriculum-seccomp-*")
    flt = build()  # before any folder is made: without libseccomp, nothing is left behind
    folder = Path(tempfile.mkdtemp(prefix="curriculum-seccomp-"))  # 0700: only this user writes it
    (folder / "owner.pid").write_text(str(os.getpid()))  # what the sweep checks
    atexit.register(_remove, folder, os.getpid())
    path = folder / "filter.bpf"
    with open(path, "wb") as out:
        flt.export_bpf(out)
    return path


def filter_file() -> Path:
    """The compiled filter for this process's sandboxes (built again if a tmp cleaner removed it)."""
    path = _filter_file()
    if not path.is_file():
        _filter_file.cache_clear()
        path = _filter_file()
    return path


def check() -> None:
    """Raise SeccompUnavailable unless the filter can be built here."""
    filter_file()


def wrap(bwrap_argv: list[str]) -> list[str]:
    """`bwrap_argv` (bwrap and its arguments) run with the filter: /bin/sh opens the file on FD and
    execs bwrap in its place (same pid, so killing it still kills the sandbox), and bwrap reads the
    descriptor, closes it and installs the filter just before it starts the command."""
    bwrap, *rest = bwrap_argv
    return ["/bin/sh", "-c", f'exec "$@" {FD}<"$0"', str(filter_file()), bwrap, "--seccomp", str(FD), *rest]


def _remove(folder: Path, owner: int) -> None:
    if os.getpid() == owner:  # a forked child inherits the handler, never the folder
        shutil.rmtree(folder, ignore_errors=True)
