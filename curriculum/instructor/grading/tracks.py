"""Where each learner stands on each track of the syllabus: what a certificate needs, and what is missing.

A track is passed when each of its modules is at or above its pass mark with its written answers
graded. A written answer still waiting for a person holds the certificate back, whatever the score;
a module of the track that is still planned (or a draft) means nobody can pass the track yet. The
grades are the export's rows (report.rows), so status, export, certificates and the report agree.
"""
from __future__ import annotations

from dataclasses import dataclass

from curriculum.instructor.course import Course
from curriculum.instructor.grading.report import Row, rows
from curriculum.learner import syllabus

#: A module's standing on a track: the key, and the words status and the report use for it.
MODULE_STATES = {
    "passed": "passed",
    "waiting": "at or near the pass mark; a written answer waits for a person",
    "below": "below the pass mark",
    "not graded": "not graded yet",
    "not open": "not open yet (the module is still being written)",
}
#: A learner's standing on a track.
TRACK_STATES = {
    "passed": "passed: a certificate can be issued",
    "waiting": "waiting for a person to grade written answers",
    "in progress": "in progress",
    "not open": "nobody can pass yet: a module of the track is still being written",
}


@dataclass(frozen=True)
class ModuleStanding:
    module: str
    state: str  # a key of MODULE_STATES
    score: float | None
    max_score: float
    pass_mark: float
    reason: str = ""

    @property
    def words(self) -> str:
        if self.state == "not graded" and self.reason:
            return f"{MODULE_STATES[self.state]}: {self.reason}"
        if self.score is not None:
            return f"{MODULE_STATES[self.state]} ({self.score:g} of {self.max_score:g}; pass mark " \
                   f"{self.pass_mark * self.max_score:g})"
        return MODULE_STATES[self.state]


@dataclass(frozen=True)
class TrackStanding:
    student: str
    track: str
    state: str  # a key of TRACK_STATES
    modules: tuple[ModuleStanding, ...]

    @property
    def remaining(self) -> list[ModuleStanding]:
        """The modules that still stand between the learner and the certificate."""
        return [m for m in self.modules if m.state != "passed"]


def module_standing(entry: syllabus.Module, row: Row | None) -> ModuleStanding:
    """One module of a track for one learner, from the export's row (None: no row at all)."""
    if entry.status != "built":
        return ModuleStanding(entry.id, "not open", None, entry.max_points, entry.pass_mark)
    if row is None or row.status != "graded" or row.score is None:
        reason = row.reason if row is not None else "not submitted"
        return ModuleStanding(entry.id, "not graded", None, row.max_score if row else entry.max_points,
                              entry.pass_mark, reason)
    if row.passed is False:
        state = "below"
    elif row.passed is None or row.needs_manual_grade:
        state = "waiting"  # the mark is reached or within reach, and a person has yet to grade
    else:
        state = "passed"
    return ModuleStanding(entry.id, state, row.score, row.max_score, entry.pass_mark, row.reason)


def track_state(modules: list[ModuleStanding]) -> str:
    """The learner's standing on a track from the standings of its modules."""
    if any(m.state == "not open" for m in modules):
        return "not open"
    if all(m.state == "passed" for m in modules):
        return "passed"
    if all(m.state in ("passed", "waiting") for m in modules):
        return "waiting"
    return "in progress"


def standings(course: Course, data: list[Row] | None = None, tracks: list[str] | None = None) -> list[TrackStanding]:
    """One standing per learner (everyone with a row) and track, tracks in the syllabus's order."""
    plan = syllabus.load()
    data = rows(course) if data is None else data
    chosen = list(plan.tracks) if tracks is None else tracks
    unknown = [t for t in chosen if t not in plan.tracks]
    if unknown:
        raise KeyError(f"unknown track {unknown[0]!r}: choose one of {', '.join(plan.tracks)}")
    by_key = {(r.student, r.module): r for r in data}
    out = []
    for student in sorted({r.student for r in data}):
        for track in chosen:
            modules = [module_standing(plan.module(m), by_key.get((student, m))) for m in plan.tracks[track]]
            out.append(TrackStanding(student, track, track_state(modules), tuple(modules)))
    return out


def summary_lines(found: list[TrackStanding]) -> list[str]:
    """A line per track for `curriculum status`: how many passed, wait for a person, are in progress."""
    plan = syllabus.load()
    lines = []
    for track in dict.fromkeys(s.track for s in found):
        of_track = [s for s in found if s.track == track]
        title = plan.track_titles.get(track, track)
        closed = [m for m in plan.tracks[track] if plan.module(m).status != "built"]
        if closed:
            lines.append(f"  {title} track: nobody can pass yet: {', '.join(closed)} "
                         f"{'is' if len(closed) == 1 else 'are'} still being written.")
            continue
        counts = {key: sum(s.state == key for s in of_track) for key in ("passed", "waiting", "in progress")}
        lines.append(f"  {title} track: {counts['passed']} passed (`curriculum certify {track}` issues their "
                     f"certificates), {counts['waiting']} held back by written answers a person has yet to grade, "
                     f"{counts['in progress']} in progress.")
    return lines
