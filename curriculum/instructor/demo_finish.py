"""The end of the demo class: a stand-in for the person who grades written answers, then certificates.

In a real course a person grades the written answers in nbgrader's formgrader. The demo cannot, so
for the learners whose certificate of one track waits only on written answers, it stands in for
that person and gives each written answer of the track's modules the points the demo's plan says:
full for a learner who wrote the reference's text, 0 for one who left it empty. It says so in its
output; every other written answer keeps waiting for a person. Then it certifies that track.
"""
from __future__ import annotations

from curriculum.instructor.certificates.issue import CertifyRun, certify
from curriculum.instructor.course import Course
from curriculum.instructor.grading.tracks import standings
from curriculum.learner import syllabus

#: The track whose certificates the demo issues (every module of it is built).
DEMO_TRACK = "decision-maker"


def written_ids(module: str) -> set[str]:
    return {e.id for e in syllabus.load().module(module).exercises if e.graded_by == "rubric"}


def grade_written_answers(course: Course, plans: dict[str, list], track: str = DEMO_TRACK) -> dict[tuple, float]:
    """Stand in for the person, for learners whom only written answers keep from `track`'s certificate.

    `plans` is module -> the demo's learners (their `writes_answer`). Returns the points given, per
    (learner, module), for the demo to add to the scores it expects."""
    given: dict[tuple[str, str], float] = {}
    waiting = [s for s in standings(course, tracks=[track]) if s.state == "waiting"]
    with course.gradebook() as gb:
        for standing in waiting:
            for module in standing.modules:
                planned = {learner.student: learner for learner in plans.get(module.module, [])}
                learner = planned.get(standing.student)
                if learner is None:
                    continue
                submission = gb.find_submission(module.module, standing.student)
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        if grade.name in written_ids(module.module) and grade.needs_manual_grade:
                            grade.manual_score = float(grade.max_score) if learner.writes_answer else 0.0
                            grade.needs_manual_grade = False
                            key = (standing.student, module.module)
                            given[key] = given.get(key, 0.0) + grade.manual_score
        gb.db.commit()
    return given


def finish(course: Course, plans: dict[str, list], say, track: str = DEMO_TRACK) -> tuple[dict, CertifyRun | None]:
    """Grade the written answers that stand between learners and `track`, then certify it (if it is open)."""
    from curriculum.instructor.grading.feedback import feedback

    plan = syllabus.load()
    if any(plan.module(m).status != "built" or m not in plans for m in plan.tracks[track]):
        say(f"{plan.track_titles[track]} track: not every module of it is in this class; no certificates.")
        return {}, None
    given = grade_written_answers(course, plans, track)
    for module in sorted({m for _, m in given}):
        feedback(course, module, sorted(s for s, m in given if m == module))  # the pages say final now
    say(f"the demo stood in for the person who grades written answers: {len(given)} submission(s) of the "
        f"{plan.track_titles[track]} track graded by its plan (full points for a written answer, 0 for none)")
    run = certify(course, [track], key_folder=f"{plan.course_id}-demo")
    say(f"{plan.track_titles[track]} certificates: {len(run.issued)} issued into {course.path('certificates', track)}"
        f" ({', '.join(s for s, _, _ in run.issued) or 'nobody passed'}); key set "
        f"{course.path('certificates', 'issuer-keys.json')}")
    return given, run
