"""Put downloaded submissions into nbgrader's ``submitted/<student>/<assignment>/`` layout.

Follows nbgrader's ``zip_collect`` conventions: an archive is copied into
``downloaded/<assignment>/archive/`` and extracted into ``downloaded/<assignment>/extracted/`` by
nbgrader's own :class:`~nbgrader.plugins.ExtractorPlugin`; each file is then matched by nbgrader's
:class:`~nbgrader.plugins.FileNameCollectorPlugin` with a named regular expression giving
``student_id`` and ``file_id``. Unlike ``zip_collect``, nothing is dropped silently: a file that
matches no pattern, or a notebook whose name fits no notebook of the assignment, is reported.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .course import Course

# Canvas: {student}_{submission id}_{attachment id}_{file}, with LATE_ after the student when late;
# then a plain folder per student: {student}/{file}.
PATTERNS = {
    "canvas": r".*/(?P<student_id>[A-Za-z0-9]+)_(?:LATE_)?\d+_\d+_(?P<file_id>[^/]+)$",
    "folders": r".*/(?P<student_id>[A-Za-z0-9][\w.-]*)/(?P<file_id>[^/]+)$",
}


@dataclass
class Collected:
    assignment: str
    placed: dict[str, list[str]] = field(default_factory=dict)   # student → notes ("" when nothing to say)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (file, why it was not used)

    def summary(self) -> str:
        lines = [f"collected {len(self.placed)} submission(s) of {self.assignment}"]
        lines += [f"  {s}: {'; '.join(n)}" for s, n in sorted(self.placed.items()) if n]
        if self.unmatched:
            lines.append(f"NOT collected ({len(self.unmatched)}): fix by hand, or pass --regexp")
            lines += [f"  {f}: {why}" for f, why in self.unmatched]
        return "\n".join(lines)


def collect(course: Course, assignment: str, source, regexp: str | None = None, force: bool = False) -> Collected:
    """Collect the folder or zip archive ``source`` into ``submitted/``; see the module docstring."""
    from nbgrader.plugins import ExtractorPlugin, FileNameCollectorPlugin

    notebooks = course.require_assignment(assignment)
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(f"{source} does not exist: expected a folder or a .zip of submissions")
    downloaded = course.root / "downloaded" / assignment
    archive, extracted = downloaded / "archive", downloaded / "extracted"
    shutil.rmtree(extracted, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, extracted)
    elif zipfile.is_zipfile(source):
        archive.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, archive / source.name)
        ExtractorPlugin(force=True).extract(str(archive), str(extracted))
        extracted = extracted / source.stem  # nbgrader extracts each archive into a folder of its own
    else:
        raise ValueError(f"{source} is neither a folder nor a zip archive")

    patterns = [regexp] if regexp else list(PATTERNS.values())
    collectors = [FileNameCollectorPlugin(named_regexp=p, valid_ext=[".ipynb"]) for p in patterns]
    report = Collected(assignment)
    by_student: dict[str, list[tuple[Path, str]]] = {}
    for path in sorted(p for p in extracted.rglob("*") if p.is_file()):
        shown = str(path.relative_to(extracted))
        if path.suffix != ".ipynb":
            report.unmatched.append((shown, "not a notebook (.ipynb)"))
            continue
        # matched as a path from the top of the download, so that the folders above it name no student
        match = next((m for c in collectors if (m := c.collect("/" + shown))), None)
        if match is None:
            report.unmatched.append((shown, "its name gives no student id (matches no LMS naming pattern)"))
            continue
        by_student.setdefault(match["student_id"], []).append((path, Path(match["file_id"]).name))

    for student, files in sorted(by_student.items()):
        notes = []
        placed = {}
        for path, name in files:
            target = _notebook_for(name, notebooks, len(files))
            if target is None:
                report.unmatched.append((str(path.relative_to(extracted)),
                                         f"no notebook of {assignment} is called {name!r} "
                                         f"(expected {', '.join(n + '.ipynb' for n in notebooks)})"))
                continue
            if target in placed:
                notes.append(f"two files for {target}.ipynb: kept {placed[target].name}, ignored {path.name}")
                continue
            placed[target] = path
            if name != f"{target}.ipynb":
                notes.append(f"renamed {name!r} to {target}.ipynb")
        if placed:
            folder = course.submitted_dir / student / assignment
            existing = folder.exists()
            for target, path in placed.items():
                dest = folder / f"{target}.ipynb"
                if dest.exists() and dest.read_bytes() != path.read_bytes() and not force:
                    notes.append(f"{dest.relative_to(course.root)} already holds a different file: kept it "
                                 "(pass --force to replace it)")
                    continue
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, dest)
            if "LATE_" in files[0][0].name:
                notes.append("marked late by the LMS")
            report.placed[student] = notes if not existing else notes + ["was already collected"]
    return report


def _notebook_for(name: str, notebooks: list[str], files_of_student: int) -> str | None:
    """Which notebook of the assignment a submitted file is: by name, or the only one there is."""
    stem = Path(name).stem
    if stem in notebooks:
        return stem
    lowered = {n.lower(): n for n in notebooks}
    if stem.lower() in lowered:
        return lowered[stem.lower()]
    if len(notebooks) == 1 and files_of_student == 1:  # "ps1_forward (1).ipynb", "PS1 final.ipynb"
        return notebooks[0]
    return None
