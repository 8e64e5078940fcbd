"""The package's shape: the learner's side stands alone, and every file imports only lower layers.

The import graph is read from the source (every import, at the top of a file or inside a function),
so a test fails on an upward import or a loop before anyone runs into it.
"""
from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "curriculum"

#: Layers, lowest first: a file may import files of its own layer (without a loop) or of a lower one.
LAYERS = [
    # the learner's side: what a learner's kernel and the learner bundle need
    ("curriculum", "curriculum.learner", "curriculum.learner.syllabus", "curriculum.learner.plotting",
     "curriculum.learner.data", "curriculum.learner.checks"),
    ("curriculum.learner.exercises",),
    ("curriculum.learner.notebook", "curriculum.learner.export", "curriculum.learner.workspace",
     "curriculum.learner.lab", "curriculum.learner.progress", "curriculum.learner.validate",
     "curriculum.learner.validator", "curriculum.learner.validate_server"),
    # the instructor's side
    ("curriculum.instructor", "curriculum.instructor.course", "curriculum.instructor.untrusted"),
    ("curriculum.instructor.authoring", "curriculum.instructor.sandbox", "curriculum.instructor.data_build"),
    ("curriculum.instructor.grading",),
    ("curriculum.instructor.release", "curriculum.instructor.bundle", "curriculum.instructor.demo",
     "curriculum.instructor.demo_finish", "curriculum.instructor.certificates", "curriculum.instructor.formgrader",
     "curriculum.instructor.reports"),
    ("curriculum.instructor.audit",),
    ("curriculum.instructor.cli",),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=None)
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}


def _resolve(name: str) -> str | None:
    """The module file an imported name lives in (a submodule, or the package that defines it)."""
    while name and name not in modules():
        name = name.rpartition(".")[0]
    return name or None


@lru_cache(maxsize=None)
def imports(module: str) -> frozenset[str]:
    """The curriculum modules `module` imports, anywhere in its file."""
    path = modules()[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for name in names:
            target = _resolve(name) if name.startswith("curriculum") else None
            if target and target != module:
                found.add(target)
    # `from pkg import name` names the package itself too; keep it only when no submodule was meant
    return frozenset(found)


def layer(module: str) -> int:
    best, index = -1, None
    for i, group in enumerate(LAYERS):
        for prefix in group:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, index = len(prefix), i
    assert index is not None, f"{module} is in no layer: add it to LAYERS in {Path(__file__).name}"
    return index


def test_the_learner_side_imports_nothing_of_the_instructor_side():
    leaks = [f"{m} imports {t}" for m in modules() if m.startswith("curriculum.learner")
             for t in imports(m) if t.startswith("curriculum.instructor")]
    assert not leaks, "\n".join(leaks)


def test_every_import_goes_to_the_same_or_a_lower_layer():
    upward = [f"{m} (layer {layer(m)}) imports {t} (layer {layer(t)})"
              for m in modules() for t in imports(m) if layer(t) > layer(m)]
    assert not upward, "\n".join(upward)


def loops_in(graph: dict[str, frozenset[str]]) -> list[str]:
    """Each import loop found by a depth-first walk, as "a -> b -> a"."""
    state: dict[str, int] = {}
    loops = []

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                loops.append(" -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target, stack + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return loops


def test_there_is_no_import_loop():
    loops = loops_in({m: imports(m) for m in modules()})
    assert not loops, "import loops:\n" + "\n".join(loops)


def test_the_checks_would_see_a_loop_and_an_upward_import():
    assert loops_in({"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"})}) == ["a -> b -> c -> a"]
    assert layer("curriculum.instructor.course") > layer("curriculum.learner.checks.core")
    assert layer("curriculum.learner.exercises.m00_python_for_data") > layer("curriculum.learner.checks.core")


def test_every_folder_of_the_package_is_a_regular_package():
    """setuptools' package discovery and the learner bundle's install skip folders without one."""
    folders = {p.parent for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    missing = sorted(str(f.relative_to(PACKAGE.parent)) for f in folders if not (f / "__init__.py").exists())
    assert not missing, f"add an __init__.py (with a docstring saying what the folder holds) to {missing}"
