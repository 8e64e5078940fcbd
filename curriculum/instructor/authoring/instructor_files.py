"""Load a module's hidden checks from the instructor's source/ folder (never shipped to learners)."""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from types import ModuleType


def load_instructor_file(course_root: Path, module_id: str, name: str) -> ModuleType | None:
    """Import source/<module>/<name>.py as a private module, or None when absent.

    Imported once per file version: the judge asks for it at every test cell of every submission.
    """
    path = (Path(course_root) / "source" / module_id / f"{name}.py").resolve()
    if not path.exists():
        return None
    return _import(path, path.stat().st_mtime_ns, f"{module_id.replace('-', '_')}_{name}")


@lru_cache(maxsize=64)
def _import(path: Path, mtime_ns: int, label: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_instructor_{label}", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def hidden_checks(course_root: Path, module_id: str) -> dict:
    """grade_id -> list of hidden Checks (empty when the module has none)."""
    module = load_instructor_file(course_root, module_id, "hidden_checks")
    return dict(getattr(module, "HIDDEN", {})) if module else {}
