"""Put an LMS download into nbgrader's ``submitted/<student>/<assignment>/`` layout, each student once.

Follows nbgrader's ``zip_collect``: a file's path names its student (:mod:`grading.lms`, keyed by the
LMS's unique id), the notebook is copied to ``submitted/<student id>/<assignment>/<notebook>.ipynb``,
and the submission time, when known, goes to ``timestamp.txt`` beside it, where nbgrader's
``autograde`` reads it to assign its late penalties. Unlike ``zip_collect``, a student's own zip is
opened as that student's upload, names inside zips are decoded as Korean Windows writes them
(:mod:`grading.archive`), and nothing is dropped silently: every file is collected, or listed as not
collected with the reason, or (Mac metadata) listed as ignored.

A file the LMS marked late without saying when (Canvas's ``LATE_``) is recorded as submitted one
second after the assignment's due date: nbgrader then applies its penalty for a late submission,
however the course configures it. A student with an extension is not penalised on the marker alone
(it cannot say whether the work came within the extension), and the summary says so.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .archive import Entry, Skipped, UnreadableFile, walk
from .course import Course
from .lms import NoStudent, Upload, check_regexp, identify, wrapper_folder

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"   # what nbgrader's own collectors write to timestamp.txt


@dataclass
class Placed:
    """One student's collected submission."""

    name: str
    lms: str
    files: list[str] = field(default_factory=list)   # the download's files it was collected from
    notes: list[str] = field(default_factory=list)


@dataclass
class Collected:
    assignment: str
    placed: dict[str, Placed] = field(default_factory=dict)            # student id → what was collected
    not_collected: list[tuple[str, str]] = field(default_factory=list)  # (file, why it was not used)
    ignored: list[Skipped] = field(default_factory=list)               # Mac metadata and the like
    problems: list[str] = field(default_factory=list)                  # collected, but something is wrong

    @property
    def ok(self) -> bool:
        """Whether everything was collected (and something was): collect's exit status is 0 only then."""
        return bool(self.placed) and not self.not_collected and not self.problems

    def summary(self) -> str:
        formats = Counter(p.lms for p in self.placed.values())
        how = ", ".join(f"{n} {lms}" for lms, n in sorted(formats.items()))
        lines = [f"collected {len(self.placed)} submission(s) of {self.assignment}" + (f" ({how})" if how else "")]
        lines += [f"  {s} ({p.name}): {'; '.join(p.notes)}" if p.name and p.name != s else
                  f"  {s}: {'; '.join(p.notes)}" for s, p in sorted(self.placed.items()) if p.notes]
        if self.ignored:
            reasons = Counter(s.why for s in self.ignored)
            lines.append(f"ignored {len(self.ignored)} file(s): "
                         + "; ".join(f"{why}: {n}" for why, n in reasons.items()))
        if self.not_collected:
            lines.append(f"NOT collected ({len(self.not_collected)}): fix by hand and collect again, or pass --regexp")
            lines += [f"  {f}: {why}" for f, why in self.not_collected]
        if self.problems:
            lines.append(f"PROBLEMS ({len(self.problems)}):")
            lines += [f"  {p}" for p in self.problems]
        if not self.placed:
            lines.append("NOTHING was collected: is this the download of this assignment?")
        return "\n".join(lines)


def collect(course: Course, assignment: str, source, *, regexp: str | None = None, force: bool = False) -> Collected:
    """Collect the folder or zip archive ``source`` into ``submitted/``; see the module docstring.

    ``regexp`` names each file's student as nbgrader's FileNameCollectorPlugin does (None: the LMS's layout is
    recognised); ``force`` replaces submissions already collected.
    """
    notebooks = course.require_assignment(assignment)
    if regexp:
        check_regexp(regexp)
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(f"{source} does not exist: expected a folder or a .zip of submissions")
    report = Collected(assignment)
    entries = []
    for item in walk(source):
        if isinstance(item, Skipped) and item.harmless:
            report.ignored.append(item)
        elif isinstance(item, Skipped):
            report.not_collected.append((item.shown, item.why))
        else:
            entries.append(item)
    wrapper = "" if regexp else wrapper_folder([e.outer for e in entries], assignment)

    by_student: dict[str, list[tuple[Entry, Upload]]] = {}
    for entry in entries:
        path = entry.outer[len(wrapper) + 1:] if wrapper else entry.outer
        try:
            upload = identify(path, assignment, regexp=regexp)
        except NoStudent as why:
            report.not_collected.append((entry.shown, str(why)))
            continue
        if entry.inner:  # a file in the student's own zip: its own name counts, not the zip's
            upload = Upload(upload.student_id, upload.name, entry.name, upload.lms, upload.late, upload.timestamp)
        if PurePosixPath(upload.file_name).suffix.lower() != ".ipynb":
            report.not_collected.append((entry.shown, "not a notebook (.ipynb)"))
            continue
        by_student.setdefault(upload.student_id, []).append((entry, upload))

    for student, files in sorted(by_student.items()):
        chosen = _choose(files, notebooks, assignment, report)
        if chosen:
            _place(course, assignment, student, chosen, force, report)
    _record_students(course, report)
    return report


def _choose(files: list[tuple[Entry, Upload]], notebooks: list[str], assignment: str,
            report: Collected) -> dict[str, tuple[Entry, Upload]]:
    """Which file is which notebook of the assignment; the rest go to ``report.not_collected``."""
    matched = []
    for entry, upload in files:
        target = _notebook_for(upload.file_name, notebooks)
        if target is None:
            report.not_collected.append((entry.shown, f"no notebook of {assignment} is called {upload.file_name!r} "
                                                      f"(expected {', '.join(n + '.ipynb' for n in notebooks)})"))
        else:
            matched.append((target, entry, upload))
    chosen: dict[str, tuple[Entry, Upload]] = {}
    # the file named exactly as the release comes first; among equals, the one found first
    for target, entry, upload in sorted(matched, key=lambda m: (m[2].file_name != f"{m[0]}.ipynb")):
        if target in chosen:
            kept = chosen[target][0].shown
            report.not_collected.append((entry.shown, f"a second file for {target}.ipynb from the same student "
                                                      f"(kept {kept})"))
        else:
            chosen[target] = (entry, upload)
    return chosen


def _place(course: Course, assignment: str, student: str, chosen: dict[str, tuple[Entry, Upload]], force: bool,
           report: Collected) -> None:
    """Copy the chosen files to ``submitted/<student>/<assignment>/``, with ``timestamp.txt`` when known."""
    first = next(iter(chosen.values()))[1]
    placed = Placed(first.name, first.lms)
    folder = course.submitted_dir / student / assignment
    existed = folder.exists()
    wrote = False
    for target, (entry, upload) in chosen.items():
        dest = folder / f"{target}.ipynb"
        try:
            data = entry.read()
        except UnreadableFile as why:
            report.not_collected.append((entry.shown, str(why)))
            continue
        if dest.exists() and dest.read_bytes() != data and not force:
            report.not_collected.append((entry.shown, f"{dest.relative_to(course.root)} already holds a different "
                                                      "file, collected earlier: kept it (pass --force to replace it)"))
            continue
        placed.files.append(entry.shown)
        if entry.inner:
            placed.notes.append(f"from the student's zip {PurePosixPath(entry.outer).name}")
        if upload.file_name != f"{target}.ipynb":
            placed.notes.append(f"renamed {upload.file_name!r} to {target}.ipynb")
        folder.mkdir(parents=True, exist_ok=True)
        wrote = wrote or not dest.exists() or dest.read_bytes() != data
        dest.write_bytes(data)
    if not placed.files:
        return
    if wrote or force or not existed:
        _write_timestamp(course, assignment, student, first, folder / "timestamp.txt", placed, report)
    if existed and not wrote:
        placed.notes.append("was already collected")
    report.placed[student] = placed


def _write_timestamp(course: Course, assignment: str, student: str, upload: Upload, path: Path, placed: Placed,
                     report: Collected) -> None:
    """nbgrader's ``timestamp.txt``: the time the download gives, else (late) one second after the due date."""
    if upload.timestamp:
        path.write_text(upload.timestamp)
        placed.notes.append(f"submitted at {upload.timestamp}")
        return
    if not upload.late:
        path.unlink(missing_ok=True)  # an earlier, replaced upload's time no longer applies
        return
    due = course.due_date(assignment, student=student)
    if course.extension(assignment, student):
        path.unlink(missing_ok=True)
        report.problems.append(
            f"{student}: marked late by the LMS, but has an extension, and the download does not say when the work "
            "came: not penalised; if it came after the extension, write its time to "
            f"{path.relative_to(course.root)} (as nbgrader does) and autograde again with --force")
        placed.notes.append("marked late by the LMS, within an extension or not: not penalised")
        return
    if due is None:
        path.unlink(missing_ok=True)
        report.problems.append(
            f"{student}: marked late by the LMS, but {assignment} has no due date, so no late penalty applies: set "
            f"one with `nbgrader db assignment add {assignment} --duedate=\"YYYY-MM-DD HH:MM:SS UTC\"` and collect "
            "again with --force")
        placed.notes.append("marked late by the LMS (no due date set: not penalised)")
        return
    late_at = due + datetime.timedelta(seconds=1)
    path.write_text(late_at.strftime(TIMESTAMP_FORMAT).strip())
    placed.notes.append(f"marked late by the LMS, without a time: recorded as submitted at {late_at:%Y-%m-%d %H:%M:%S}"
                        " UTC, one second after the due date")


def _record_students(course: Course, report: Collected) -> None:
    """Each collected student in nbgrader's student table, with the download's name and the LMS's id."""
    with course.gradebook() as gb:
        known = {s.id: s for s in gb.students}
        for student, placed in report.placed.items():
            fields = {}
            if student not in known or not (known[student].first_name or known[student].last_name):
                fields["last_name"], fields["first_name"] = placed.name, ""
            if placed.lms in ("canvas", "moodle") and (student not in known or not known[student].lms_user_id):
                fields["lms_user_id"] = student
            if fields or student not in known:
                gb.update_or_create_student(student, **fields)


def _notebook_for(name: str, notebooks: list[str]) -> str | None:
    """Which notebook of the assignment a submitted file is: by name, or the only one there is."""
    stem = Path(name).stem
    if stem in notebooks:
        return stem
    lowered = {n.lower(): n for n in notebooks}
    if stem.lower() in lowered:
        return lowered[stem.lower()]
    if len(notebooks) == 1:  # "ps1_forward (1).ipynb", "PS1 final.ipynb"; with several, the exact name wins
        return notebooks[0]
    return None
