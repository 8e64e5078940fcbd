"""Read the syllabus (curriculum/learner/syllabus.toml): modules, exercises, points, outcomes and tracks."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("syllabus.toml")
OUTCOMES = tuple(f"O{i}" for i in range(1, 19))
#: planned: an entry only; draft: scaffolded and being written; built: finished.
STATUSES = ("planned", "draft", "built")


@dataclass(frozen=True)
class ExerciseEntry:
    """One graded cell as the syllabus declares it: its points must match the notebook's."""

    id: str
    points: float
    outcomes: tuple[str, ...]
    graded_by: str = "autograder"


@dataclass(frozen=True)
class Module:
    """One module's entry: what it teaches, to whom, how long it takes and how it is graded."""

    id: str
    title: str
    status: str
    minutes: int
    prerequisites: tuple[str, ...]
    tracks: tuple[str, ...]
    pass_mark: float
    objectives: tuple[str, ...]
    exercises: tuple[ExerciseEntry, ...] = field(default_factory=tuple)
    datasets: tuple[str, ...] = field(default_factory=tuple)
    #: Data only the trusted judge reads (a drift log to score detectors against): never mounted in
    #: the sandbox, never shipped in the learner bundle.
    judge_datasets: tuple[str, ...] = field(default_factory=tuple)
    #: outcome ids the module teaches: its exercises' outcomes once it has exercises (derived, never
    #: typed again), the planned outcomes before
    outcomes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def max_points(self) -> float:
        """The points of all graded cells, autograded and hand-graded."""
        return sum(e.points for e in self.exercises)


@dataclass(frozen=True)
class Syllabus:
    """The whole course plan: modules in order and the tracks that group them (track -> module ids)."""

    modules: tuple[Module, ...]
    tracks: dict[str, tuple[str, ...]]
    #: track -> its title ("Decision-maker"), and the course's id and title, from the [tracks.*] and
    #: [course] tables: what a certificate names
    track_titles: dict[str, str] = field(default_factory=dict)
    course_id: str = ""
    course_title: str = ""
    #: who signs the certificates: an address of the course team (the credentials' issuer id) and a name
    issuer_url: str = ""
    issuer_name: str = ""

    def module(self, module_id: str) -> Module:
        """The module with this id; KeyError names it when the syllabus has none."""
        for m in self.modules:
            if m.id == module_id:
                return m
        raise KeyError(f"module {module_id!r} is not in the syllabus")

    def modules_using(self, dataset: str) -> list[str]:
        """Ids of the modules whose `datasets` (what the sandbox mounts) or `judge_datasets` (what only
        the judge reads) name this dataset."""
        return [m.id for m in self.modules if dataset in m.datasets + m.judge_datasets]

    @property
    def built(self) -> list[Module]:
        """Modules with status "built": finished, held to every rule of a module, in the demo class."""
        return [m for m in self.modules if m.status == "built"]

    @property
    def in_source(self) -> list[Module]:
        """Modules with a source folder: built ones and drafts (scaffolded by `curriculum new-module`,
        released and tested exercise by exercise, but not yet held to the rules of a finished module)."""
        return [m for m in self.modules if m.status in ("draft", "built")]


def _module(m: dict, default_pass_mark: float, file_name: str) -> Module:
    """One [[modules]] entry; a module with exercises takes its outcomes from them."""
    exercises = tuple(ExerciseEntry(e["id"], float(e["points"]), tuple(e["outcomes"]), e.get("graded_by", "autograder"))
                      for e in m.get("exercises", ()))
    if m["status"] not in STATUSES:
        raise ValueError(f"{file_name}: module {m['id']} has status = \"{m['status']}\"; "
                         f"use one of {', '.join(STATUSES)}")
    if exercises and "outcomes" in m:
        raise ValueError(f"{file_name}: module {m['id']} lists `outcomes` and exercises; its outcomes are those "
                         "of its exercises, so remove its `outcomes` line")
    assessed = sorted({o for e in exercises for o in e.outcomes}, key=lambda o: int(o[1:]) if o[1:].isdigit() else 99)
    outcomes = tuple(assessed) if exercises else tuple(m.get("outcomes", ()))
    return Module(id=m["id"], title=m["title"], status=m["status"], minutes=m["minutes"],
                  prerequisites=tuple(m.get("prerequisites", ())), tracks=tuple(m.get("tracks", ())),
                  pass_mark=m.get("pass_mark", default_pass_mark), objectives=tuple(m.get("objectives", ())),
                  datasets=tuple(m.get("datasets", ())), judge_datasets=tuple(m.get("judge_datasets", ())),
                  outcomes=outcomes, exercises=exercises)


@lru_cache(maxsize=None)
def load(path: Path = PATH) -> Syllabus:
    """Parse syllabus.toml once (cached): every command and test reads the same plan."""
    data = tomllib.loads(Path(path).read_text())
    default = data["course"].get("default_pass_mark", 0.7)
    modules = tuple(_module(m, default, Path(path).name) for m in data["modules"])
    # A track is the modules that name it: one place to say it, in each module's `tracks`.
    for m in modules:
        unknown = set(m.tracks) - set(data["tracks"])
        if unknown:
            raise ValueError(f"{PATH.name}: module {m.id} names the track(s) {sorted(unknown)}, "
                             f"which have no [tracks.<name>] table; known: {sorted(data['tracks'])}")
    tracks = {name: tuple(m.id for m in modules if name in m.tracks) for name in data["tracks"]}
    titles = {name: table.get("title", name) for name, table in data["tracks"].items()}
    course = data["course"]
    return Syllabus(modules, tracks, titles, course.get("id", ""), course.get("title", ""),
                    course.get("issuer_url", ""), course.get("issuer_name", ""))
