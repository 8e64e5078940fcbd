"""Load a module's hidden checks from the instructor's source/ folder (never shipped to learners)."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def load_instructor_file(course_root: Path, module_id: str, name: str) -> ModuleType | None:
    """Import source/<module>/<name>.py as a private module, or None when absent."""
    path = Path(course_root) / "source" / module_id / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"_instructor_{module_id.replace('-', '_')}_{name}", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def hidden_checks(course_root: Path, module_id: str) -> dict:
    """grade_id -> list of hidden Checks (empty when the module has none)."""
    module = load_instructor_file(course_root, module_id, "hidden_checks")
    return dict(getattr(module, "HIDDEN", {})) if module else {}
