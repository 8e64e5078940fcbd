"""Copy release/ into a learner's workspace/ without ever losing the learner's work.

`make lab` runs this each time. A notebook that is not in workspace/ yet is copied. A notebook the
learner has not changed since it was copied follows a corrected release. A notebook the learner has
changed is never overwritten: a newer release lands beside it as `<name>.updated.ipynb`. The record
of what was copied (`.release.json`, sha256 per file) is how it tells the two apart.

Run: python -m curriculum.learner.workspace [RELEASE_DIR] [WORKSPACE_DIR]
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

RECORD = ".release.json"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def update(release: Path, workspace: Path) -> list[str]:
    """Bring `workspace` up to date with `release`; return one line per file that was touched."""
    if not release.is_dir():
        raise FileNotFoundError(f"{release} is not a folder of released notebooks")
    record_path = workspace / RECORD
    try:
        record = json.loads(record_path.read_text()) if record_path.exists() else {}
    except ValueError:
        record = {}  # a damaged record only makes us more careful: nothing counts as untouched
    said = []
    for source in sorted(p for p in release.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts):
        name = source.relative_to(release).as_posix()
        target = workspace / name
        new = _sha(source)
        if not target.exists():
            said.append(f"new: {name}")
        elif _sha(target) == new:
            record[name] = new
            continue
        elif record.get(name) == _sha(target):  # the learner never changed it: follow the release
            said.append(f"updated: {name}")
        else:
            beside = target.with_name(target.stem + ".updated" + target.suffix)
            if not beside.exists() or _sha(beside) != new:
                shutil.copy2(source, beside)
                said.append(f"kept your {name}; the new version is {beside.relative_to(workspace).as_posix()}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        record[name] = new
    workspace.mkdir(parents=True, exist_ok=True)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True))
    return said


def main(argv: list[str]) -> int:
    release = Path(argv[0] if argv else "release")
    workspace = Path(argv[1] if len(argv) > 1 else "workspace")
    try:
        lines = update(release, workspace)
    except OSError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines) if lines else f"{workspace}/ is up to date with {release}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
