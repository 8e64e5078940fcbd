"""Turn a learner's live variables into plain data, in the learner's kernel.

This is the only part of grading that runs next to student code, and it trusts nothing: it writes
JSON, Parquet or .npy files (never pickles) to an outbox that the trusted judge reads. If student
code has broken the kernel, the worst it can do is produce no data, which scores as not attempted.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from curriculum.learner.checks.arguments import changed, snapshot
from curriculum.learner.checks.core import Exercise, Raw
from curriculum.learner.checks.kinds import Function, Kind, Model, ModelAnswer, Payload, WrongType, describe, structure

FORMATS = ("json", "parquet", "npy")
#: An answer's JSON file may nest this deep and hold this many values: enough for any answer (a
#: figure summary nests 4 deep), far below what would exhaust the judge's stack or memory.
MAX_JSON_DEPTH = 100
MAX_JSON_VALUES = 1_000_000
#: The wrong type of an answer whose decoding ran out of the judge's memory.
OUT_OF_MEMORY = "decodes to more than the grader's memory limit: far too large to be an answer"


def learner_namespace() -> dict:
    """The learner's variables: the IPython user namespace, or __main__'s."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            return shell.user_ns
    except Exception:
        pass
    import __main__

    return vars(__main__)


def _export_value(kind: Kind, value: Any) -> dict:
    try:
        return {"status": "ok", "payload": kind.export(value)}
    except WrongType as exc:
        return {"status": "wrong_type", "message": str(exc)}
    except Exception as exc:  # noqa: BLE001 - anything a hostile object raises
        return {"status": "wrong_type", "message": f"could not be read ({type(exc).__name__})"}


def _call(fn: Any, args: tuple, kind: Kind) -> dict:
    """Call a learner's function on one probe; note it when the call changed an argument it was given."""
    before = snapshot(args)
    try:
        result = fn(*args)
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a failing learner function (even sys.exit) is an answer
        entry = {"status": "error", "message": f"{type(exc).__name__}: {str(exc)[:200]}"}
    else:
        entry = _export_value(kind, result)
        if entry["status"] != "ok":
            entry = {"status": "error", "message": f"returned {describe(result)}: it {entry['message']}"}
    if changed(before, args):
        entry["changed_input"] = True
    return entry


def _structure_or_nothing(value: Any) -> dict:
    try:
        info = structure(value)
        json.dumps(info)
        return info if isinstance(info, dict) else {}
    except Exception:  # noqa: BLE001 - a hostile object gets no structure, not a crash
        return {}


def collect(exercise: Exercise, namespace: dict | None = None, probes: dict | None = None) -> dict:
    """Export each answer of `exercise` from `namespace`: name -> entry dict (in memory)."""
    namespace = learner_namespace() if namespace is None else namespace
    out: dict[str, dict] = {}
    for name, kind in exercise.answers.items():
        if name not in namespace:
            out[name] = {"status": "missing"}
        elif isinstance(kind, Function):
            value = namespace[name]
            fn = getattr(value, kind.method, None) if isinstance(kind, Model) else value
            if not callable(fn) or (isinstance(kind, Model) and isinstance(value, type)):
                needs = f" with a `.{kind.method}()` method" if isinstance(kind, Model) else ""
                out[name] = {"status": "wrong_type",
                             "message": f"should be {kind.label}{needs}, but it is {describe(value)}"}
                continue
            args_list = (probes or {}).get(name, kind.probes())
            out[name] = {"status": "ok", "calls": [_call(fn, tuple(args), kind.returns) for args in args_list]}
            if isinstance(kind, Model):
                out[name]["info"] = _structure_or_nothing(value)
        else:
            out[name] = _export_value(kind, namespace[name])
    return out


def to_raw(exercise: Exercise, exported: dict) -> dict[str, Raw]:
    """Load exported entries back through each kind, as the judge does (used for public checks)."""
    raw: dict[str, Raw] = {}
    for name, kind in exercise.answers.items():
        entry = exported.get(name, {"status": "missing"})
        raw[name] = _load_entry(kind, entry, lambda e, i: e.get("payload"))
    return raw


def _load_entry(kind: Kind, entry: dict, payload_of) -> Raw:
    status = entry.get("status")
    if status == "missing":
        return Raw("missing")
    if status != "ok":
        return Raw("wrong_type", message=str(entry.get("message", "has the wrong type"))[:300])
    try:
        if isinstance(kind, Function):
            calls = []
            for i, call in enumerate(entry["calls"]):
                if not isinstance(call, dict):
                    calls.append({"error": "no result"})
                    continue
                elif call.get("status") == "ok":
                    calls.append({"ok": kind.returns.load(payload_of(call, i))})
                else:
                    calls.append({"error": str(call.get("message", "error"))[:300]})
                if call.get("changed_input") is True:
                    calls[-1]["changed_input"] = True
            if isinstance(kind, Model):
                info = entry.get("info")
                return Raw("ok", ModelAnswer(calls, info if isinstance(info, dict) else {}))
            return Raw("ok", calls)
        return Raw("ok", kind.load(payload_of(entry, None)))
    except WrongType as exc:
        return Raw("wrong_type", message=str(exc))
    except MemoryError:  # an answer file that decodes to more than the judge's memory limit
        return Raw("wrong_type", message=OUT_OF_MEMORY)
    except Exception as exc:  # noqa: BLE001 - malformed data from the kernel
        return Raw("wrong_type", message=f"could not be read back as plain data ({type(exc).__name__})")


# --- on disk: the kernel writes, the judge reads -------------------------------------------------

def write_outbox(folder: Path, exported: dict) -> None:
    """Write exported entries to `folder`: manifest.json plus one data file per value."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict] = {}
    for name, entry in exported.items():
        record = {k: v for k, v in entry.items() if k not in ("payload", "calls")}
        if "payload" in entry:
            record["fmt"] = entry["payload"].fmt
            (folder / f"{name}.{entry['payload'].fmt}").write_bytes(entry["payload"].data)
        if "calls" in entry:
            record["calls"] = []
            for i, call in enumerate(entry["calls"]):
                crec = {k: v for k, v in call.items() if k != "payload"}
                if "payload" in call:
                    crec["fmt"] = call["payload"].fmt
                    (folder / f"{name}.call{i}.{call['payload'].fmt}").write_bytes(call["payload"].data)
                record["calls"].append(crec)
        manifest[name] = record
    (folder / "manifest.json").write_text(json.dumps(manifest))


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file at `path`, or None for a link, FIFO, device, missing or too
    big file. A kernel wrote the folder: lstat first and O_NONBLOCK, since opening a FIFO it left
    behind would wait forever, and O_NOFOLLOW, since a link may have replaced the file meanwhile."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode) or os.fstat(fd).st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit + 1)
    finally:
        os.close(fd)


def _read_plain_file(folder: Path, filename: str, limit: int = 25_000_000) -> bytes:
    """Read a regular file inside `folder` without following links or escaping the folder."""
    path = folder / filename
    if os.path.realpath(path) != os.path.join(os.path.realpath(folder), filename):
        raise WrongType("data file escapes the outbox")
    data = read_regular(path, limit)
    if data is None:
        raise WrongType("data file is not a plain file of reasonable size")
    return data


def json_extent(data: bytes) -> tuple[int, int]:
    """(deepest nesting, at most how many values) of JSON text, without decoding it.

    Brackets, commas and colons inside strings do not count: a string starts at a quote outside a
    string and ends at the next quote not escaped by an odd run of backslashes, as in JSON.
    """
    import numpy as np

    text = np.frombuffer(data, dtype=np.uint8)
    quote = text == ord('"')
    backslash = text == ord("\\")
    if backslash.any():
        at = np.arange(text.size, dtype=np.int32)
        last_other = np.maximum.accumulate(np.where(backslash, np.int32(-1), at))
        quote[1:] &= (at[:-1] - last_other[:-1]) % 2 == 0  # the run of backslashes before each byte
        del at, last_other
    outside = np.cumsum(quote, dtype=np.int32) % 2 == 0
    opens = ((text == ord("[")) | (text == ord("{"))) & outside
    closes = ((text == ord("]")) | (text == ord("}"))) & outside
    depth = np.cumsum(opens.view(np.int8) - closes.view(np.int8), dtype=np.int32)
    separators = ((text == ord(",")) | (text == ord(":"))) & outside
    return int(depth.max(initial=0)), int(opens.sum()) + int(separators.sum()) + 1


def _check_json(data: bytes) -> None:
    """Refuse JSON nested too deep or holding too many values, before any object is built."""
    brackets = data.count(b"[") + data.count(b"{")
    if brackets <= MAX_JSON_DEPTH and brackets + data.count(b",") + data.count(b":") < MAX_JSON_VALUES:
        return  # the counts, strings included, are upper bounds of both: no need to look closer
    depth, values = json_extent(data)
    if depth > MAX_JSON_DEPTH:
        raise WrongType(f"is nested more than {MAX_JSON_DEPTH} levels deep: far too deep to be an answer")
    if values > MAX_JSON_VALUES:
        raise WrongType(f"decodes to more than {MAX_JSON_VALUES:,} values: far too large to be an answer")


def read_outbox(exercise: Exercise, folder: Path) -> dict[str, Raw]:
    """The judge's side: read what the kernel wrote, trusting only names from the exercise."""
    try:
        manifest = json.loads(_read_plain_file(folder, "manifest.json", 1_000_000))
        if not isinstance(manifest, dict):
            raise ValueError
    except Exception:  # noqa: BLE001 - no data at all means not attempted
        return {name: Raw("missing") for name in exercise.answers}
    raw: dict[str, Raw] = {}
    for name, kind in exercise.answers.items():
        entry = manifest.get(name)
        if not isinstance(entry, dict):
            raw[name] = Raw("missing")
            continue

        def payload_of(rec: dict, index: int | None, _name: str = name) -> Payload:
            fmt = rec.get("fmt")
            if fmt not in FORMATS:
                raise WrongType("was saved in an unknown format")
            stem = _name if index is None else f"{_name}.call{index}"
            data = _read_plain_file(folder, f"{stem}.{fmt}")
            if fmt == "json":
                _check_json(data)
            return Payload(fmt, data)

        if isinstance(kind, Function) and not isinstance(entry.get("calls"), list):
            entry = {"status": entry.get("status"), "message": entry.get("message"), "calls": [],
                     "info": entry.get("info")}
        raw[name] = _load_entry(kind, entry, payload_of)
    return raw


# --- probes: inputs the grader supplies to functions and models ----------------------------------

def write_probes(folder: Path, name: str, args_list: list[tuple]) -> None:
    """Write each probe's arguments as Parquet (DataFrames) or JSON (plain values)."""
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    listing = []
    for i, args in enumerate(args_list):
        encoded = []
        for j, arg in enumerate(args):
            if isinstance(arg, pd.DataFrame):
                filename = f"{name}.probe{i}.{j}.parquet"
                arg.to_parquet(folder / filename)
                encoded.append({"parquet": filename})
            else:
                encoded.append({"json": arg})
        listing.append(encoded)
    (folder / f"{name}.probes.json").write_text(json.dumps(listing))


def read_probes(folder: Path, exercise: Exercise) -> dict[str, list[tuple]]:
    """name -> argument tuples, as written by :func:`write_probes` (read in the kernel)."""
    import pandas as pd

    probes = {}
    for name, kind in exercise.answers.items():
        path = folder / f"{name}.probes.json"
        if isinstance(kind, Function) and path.exists():
            probes[name] = [
                tuple(pd.read_parquet(folder / a["parquet"]) if "parquet" in a else a["json"] for a in args)
                for args in json.loads(path.read_text())
            ]
    return probes
