"""Decode a learner's answer files in a child process, under a memory and a time limit.

A small answer file can decode to a huge value (a Parquet file of 300 bytes holding one
dictionary-encoded string decodes to 1 GB), and the coordinator runs as root with no memory limit,
so it never decodes a learner's file itself. A child process does, with its address space limited
(RLIMIT_AS) and each answer timed, and sends back the answers as the judge sees them: `Raw` values
of plain pandas, NumPy and Python objects, pickled by our own code (the learner's bytes are never
unpickled). The loaders measure decoded sizes before they build anything (tables.py, capture.py);
the limits catch what the measuring misses. An answer whose decoding kills the child or runs out of
time costs the learner that answer (WRONG TYPE, with the reason), and a new child reads on.

One child serves the process: it starts on first use (about half a second) and is reused, so an
exercise costs a round trip through a pipe. `DecodeLimits` come from the environment by default:
CURRICULUM_DECODE_MEMORY_MB (the child's address space, 1536) and CURRICULUM_DECODE_SECONDS (30).
"""
from __future__ import annotations

import atexit
import os
import pickle
import resource
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from curriculum.learner.checks.capture import OUT_OF_MEMORY, read_outbox
from curriculum.learner.checks.core import Raw
from curriculum.learner.exercises import module_exercises

#: What the decoded answers of one exercise may weigh, pickled, when they come back to the coordinator.
MAX_REPLY_BYTES = 512_000_000
#: Address space the child must have left after it starts, or it refuses to serve.
HEADROOM = 256 << 20
#: How long the child may take over its own work between answers (starting, finding the exercise).
OWN_WORK_SECONDS = 120.0
#: The child's libraries allocate through malloc with few threads, so its address space is what it uses.
CHILD_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system", "MALLOC_ARENA_MAX": "2", "OPENBLAS_NUM_THREADS": "1",
             "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
BOOT = ("import sys; sys.path.insert(0, sys.argv[1]); "
        "from curriculum.instructor.grading.decode import serve; serve(int(sys.argv[2]))")


@dataclass(frozen=True)
class DecodeLimits:
    """The child's address space (bytes) and how long one answer may take to decode (seconds)."""

    memory_bytes: int = 1536 << 20
    seconds: float = 30.0

    @classmethod
    def from_env(cls) -> DecodeLimits:
        """CURRICULUM_DECODE_MEMORY_MB and CURRICULUM_DECODE_SECONDS, or the defaults."""
        memory, seconds = os.environ.get("CURRICULUM_DECODE_MEMORY_MB"), os.environ.get("CURRICULUM_DECODE_SECONDS")
        try:
            return cls(int(memory) << 20 if memory else cls.memory_bytes, float(seconds) if seconds else cls.seconds)
        except ValueError:
            raise ValueError("CURRICULUM_DECODE_MEMORY_MB must be a whole number of MB and "
                             f"CURRICULUM_DECODE_SECONDS a number of seconds, not {memory!r} and {seconds!r}") from None

    def too_large(self) -> str:
        """The wrong type of an answer whose decoding ran out of the child's memory."""
        return f"decodes to more than the grader's limit of {self.memory_bytes >> 20} MB: far too large to be an answer"

    def too_slow(self) -> str:
        """The wrong type of an answer whose decoding ran out of time."""
        return f"took more than {self.seconds:g} s to decode: far too large to be an answer"


class DecoderUnavailable(RuntimeError):
    """The decoding child could not start or failed outside any answer: the machinery's fault."""


# --- the child -----------------------------------------------------------------------------------

def _send(fd: int, message, pickled: bytes | None = None) -> None:
    """Write `message` (or the message already `pickled`) to `fd`, its length first."""
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL) if pickled is None else pickled
    os.write(fd, len(body).to_bytes(8, "big"))
    view = memoryview(body)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int, deadline: float | None = None):
    """One message from `fd`; EOFError when the other side is gone, TimeoutError past `deadline`."""
    size = int.from_bytes(_read_exact(fd, 8, deadline), "big")
    return pickle.loads(_read_exact(fd, size, deadline))


def _read_exact(fd: int, size: int, deadline: float | None) -> bytearray:
    data, done = bytearray(size), 0
    while done < size:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        count = os.readv(fd, [memoryview(data)[done:]])
        if not count:
            raise EOFError
        done += count
    return data


def _address_space() -> int:
    """The bytes of address space this process has mapped (0 where /proc does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def _warm_up() -> None:
    """Decode one small answer of each format, so libraries load before the limit is set."""
    import numpy as np
    import pandas as pd

    from curriculum.learner.checks.kinds import Array, Frame, Number

    Frame().load(Frame().export(pd.DataFrame({"a": [1.5], "b": ["x"]})))
    Array().load(Array().export(np.arange(3)))
    Number().load(Number().export(1.5))


def _decoded(exercise, name: str, folder: Path, limits: DecodeLimits, budget: int) -> bytes:
    """The pickled message ("answer", name, Raw) for one answer; a refusal if it is too large."""
    raw = Raw("wrong_type", message=limits.too_large())
    try:
        read = read_outbox(replace(exercise, answers={name: exercise.answers[name]}), folder)[name]
        if not (read.status == "wrong_type" and read.message == OUT_OF_MEMORY):
            pickled = pickle.dumps(("answer", name, read), protocol=pickle.HIGHEST_PROTOCOL)
            if len(pickled) <= budget:
                return pickled
    except MemoryError:
        pass
    except Exception as exc:  # noqa: BLE001 - e.g. a value that will not pickle: that answer only
        raw = Raw("wrong_type", message=f"could not be read back as plain data ({type(exc).__name__})")
    return pickle.dumps(("answer", name, raw))


def serve(memory_bytes: int) -> None:
    """The child: read requests (module, grade id, folder, answer names) from stdin until it closes.

    For each answer it sends ("begin", name) and then ("answer", name, Raw), so that the
    parent knows which answer was being decoded if the child dies or runs out of time.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the coordinator's to handle
    requests, replies = os.dup(0), os.dup(1)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)  # a library's print must never reach the parent as a message
    import pyarrow

    pyarrow.set_cpu_count(1)
    pyarrow.set_io_thread_count(1)
    _warm_up()
    used = _address_space()
    if used and used + HEADROOM > memory_bytes:
        _send(replies, ("error", f"the decoder needs more than {memory_bytes >> 20} MB to start ({used >> 20} MB "
                                 "used): raise CURRICULUM_DECODE_MEMORY_MB"))
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    limits = DecodeLimits(memory_bytes)
    _send(replies, ("ready", used))
    while True:
        try:
            module_id, grade_id, folder, names = _receive(requests)
        except EOFError:
            return
        try:
            exercise = module_exercises(module_id)[grade_id]
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
            _send(replies, ("error", f"{type(exc).__name__}: {exc}"))
            continue
        budget = MAX_REPLY_BYTES
        for name in names:
            _send(replies, ("begin", name))
            pickled = _decoded(exercise, name, Path(folder), limits, budget)
            budget -= len(pickled)
            _send(replies, None, pickled)
        _send(replies, ("done",))


# --- the parent ----------------------------------------------------------------------------------

class _Lost(Exception):
    """The child died or ran out of time; `name` is the answer it was decoding (None: between answers)."""

    def __init__(self, name: str | None, timed_out: bool):
        super().__init__(name)
        self.name, self.timed_out = name, timed_out


class Decoder:
    """One child process that decodes answers for this process; a new one replaces it when it is lost."""

    def __init__(self, limits: DecodeLimits):
        self.limits = limits
        self._child: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def read(self, module_id: str, grade_id: str, folder: Path, names: list[str]) -> dict[str, Raw]:
        """name -> Raw for the answers of one exercise in `folder`, decoded in the child."""
        with self._lock:
            raw: dict[str, Raw] = {}
            retried = False
            while len(raw) < len(names):
                try:
                    self._start()
                    _send(self._child.stdin.fileno(), (module_id, grade_id, str(folder),
                                                       [n for n in names if n not in raw]))
                    self._collect(raw)
                    return raw
                except (_Lost, OSError) as lost:  # OSError: the pipe broke, the child is gone
                    self.close(now=True)
                    name = getattr(lost, "name", None)
                    if name is None and retried:
                        raise DecoderUnavailable(f"the decoding child stopped between answers ({lost!r})") from None
                    retried = retried or name is None
                    if name is not None:
                        raw[name] = Raw("wrong_type", message=self.limits.too_slow() if lost.timed_out
                                        else self.limits.too_large())
                except BaseException:  # Ctrl-C, a failing child: never read its next reply as this one's
                    self.close(now=True)
                    raise
            return raw

    def _collect(self, raw: dict[str, Raw]) -> None:
        """Read the child's messages until "done"; each answer has `limits.seconds` from its "begin"."""
        fd, current = self._child.stdout.fileno(), None
        deadline = time.monotonic() + OWN_WORK_SECONDS
        while True:
            try:
                message = _receive(fd, deadline)
            except (EOFError, TimeoutError) as exc:
                raise _Lost(current, isinstance(exc, TimeoutError)) from None
            if message[0] == "begin":
                current, deadline = message[1], time.monotonic() + self.limits.seconds
            elif message[0] == "answer":
                raw[message[1]], current = message[2], None
                deadline = time.monotonic() + OWN_WORK_SECONDS
            elif message[0] == "done":
                return
            else:
                raise DecoderUnavailable(f"the decoding child failed: {message[1]}")

    def _start(self) -> None:
        if self._child is not None and self._child.poll() is None:
            return
        root = str(Path(__file__).resolve().parents[3])
        with tempfile.TemporaryFile() as errors:
            self._child = subprocess.Popen(
                [sys.executable, "-I", "-c", BOOT, root, str(self.limits.memory_bytes)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, env={**os.environ, **CHILD_ENV})
            try:
                message = _receive(self._child.stdout.fileno(), time.monotonic() + OWN_WORK_SECONDS)
            except (EOFError, TimeoutError):
                message = ("error", "it stopped while starting")
            if message[0] != "ready":
                self.close(now=True)
                errors.seek(0)
                raise DecoderUnavailable(f"the decoding child could not start: {message[1]}\n"
                                         f"{errors.read()[-2000:].decode(errors='replace')}")

    def close(self, now: bool = False) -> None:
        """Stop the child: it exits when its input closes, or it is killed (`now`, or after a second)."""
        child, self._child = self._child, None
        if child is None:
            return
        if now:
            child.kill()
        child.stdin.close()
        child.stdout.close()
        try:
            child.wait(timeout=1)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


_decoders: dict[DecodeLimits, Decoder] = {}
_decoders_lock = threading.Lock()


@atexit.register
def close_all() -> None:
    """Stop every decoding child of this process."""
    with _decoders_lock:
        for decoder in _decoders.values():
            decoder.close()


def decode_answers(module_id: str, grade_id: str, folder: Path, names: list[str],
                   limits: DecodeLimits | None = None) -> dict[str, Raw]:
    """The answers `names` of one exercise, read from `folder` (outbox/<grade_id>/) in the child."""
    limits = limits or DecodeLimits.from_env()
    with _decoders_lock:
        decoder = _decoders.setdefault(limits, Decoder(limits))
    return decoder.read(module_id, grade_id, Path(folder), names)
