"""Which student a downloaded file belongs to, from the way each LMS names its downloads.

A student is keyed by the LMS's unique id, never by a name: two students called 김민준 are two
students. Built-in formats, tried in this order:

``canvas``
    ``{lastfirst}_{user id}_{attachment id}_{file}``, with ``LATE_`` before the user id when Canvas
    marked the submission late (``smithjohn_LATE_12345_6789_ps1_forward.ipynb``). Key: the user id.
``moodle``
    A folder per participant, ``{Full Name}_{participant id}_assignsubmission_file_/{file}``; and the
    older flat form, ``{Full Name}_{participant id}_assignsubmission_file_{file}``. Key: the participant id.
``nbgrader``
    nbgrader's own layout, ``{student}/{assignment}/{file}``, anywhere in the download. Key: ``{student}``.
``folders``
    A folder per student, ``{student}/{file}`` (deeper files too). Key: the folder's name.

``--regexp`` replaces them all by one named regular expression, as nbgrader's
``FileNameCollectorPlugin.named_regexp``: ``student_id`` and ``file_id`` groups, and optionally
``timestamp`` (the submission time) and ``name`` (a display name); it is matched against
``/`` + the file's path in the download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

CANVAS = re.compile(r"(?P<name>[^/_]+)_(?:(?P<late>[Ll][Aa][Tt][Ee])_)?(?P<student_id>\d+)_\d+_(?P<file_id>[^/]+)")
MOODLE_FOLDER = re.compile(r"(?P<name>.+)_(?P<student_id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_")
MOODLE_FLAT = re.compile(r"(?P<name>.+?)_(?P<student_id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<file_id>.+)")
FORMATS = ("canvas", "moodle", "nbgrader", "folders")


@dataclass(frozen=True)
class Upload:
    """Whose a file is, as its path in the download says."""

    student_id: str                 # the LMS's unique id: nbgrader's student id
    name: str                       # the display name the download gives ("" if none)
    file_name: str                  # the file's name as the student uploaded it
    lms: str                        # which format matched: one of FORMATS, or "regexp"
    late: bool = False              # the LMS marked it late
    timestamp: str | None = None    # the submission time, when the download carries it


class NoStudent(ValueError):
    """The file's path names no student in any known format; the message says why."""


def identify(path: str, assignment: str, *, regexp: str | None = None) -> Upload:
    """Whose the file at ``path`` (its path in the download, "/"-separated) is; raises :class:`NoStudent`."""
    if regexp:
        return _by_regexp(path, regexp)
    parts = PurePosixPath(path).parts
    name = parts[-1]
    if match := CANVAS.fullmatch(name):
        return Upload(match["student_id"], match["name"], match["file_id"], "canvas", late=bool(match["late"]))
    for folder in parts[:-1]:
        if match := MOODLE_FOLDER.fullmatch(folder):
            _moodle_file(match["plugin"], path)
            return Upload(match["student_id"], match["name"], name, "moodle")
    if match := MOODLE_FLAT.fullmatch(name):
        _moodle_file(match["plugin"], path)
        return Upload(match["student_id"], match["name"], match["file_id"], "moodle")
    if assignment in parts[1:-1]:
        student = parts[parts.index(assignment, 1) - 1]
        return Upload(student, student, name, "nbgrader")
    if parts[0] == assignment:
        raise NoStudent(f"a folder named after the assignment ({assignment}/), not after a student")
    if len(parts) >= 2:
        return Upload(parts[0], parts[0], name, "folders")
    raise NoStudent("its name gives no student id: not Canvas's {lastfirst}_{id}_{id}_{file}, not Moodle's "
                    "{name}_{id}_assignsubmission_file_, and not in a folder per student (pass --regexp)")


def _moodle_file(plugin: str, path: str) -> None:
    if plugin != "file":
        raise NoStudent(f"Moodle's {plugin!r} submission (only files are graded, not assignsubmission_{plugin})")


def _by_regexp(path: str, regexp: str) -> Upload:
    match = re.match(regexp, "/" + path)
    if match is None:
        raise NoStudent(f"does not match --regexp {regexp!r}")
    groups = match.groupdict()
    if not groups.get("student_id") or not groups.get("file_id"):
        raise NoStudent(f"--regexp {regexp!r} matched without giving both student_id and file_id")
    return Upload(groups["student_id"], groups.get("name") or groups["student_id"],
                  PurePosixPath(groups["file_id"]).name, "regexp", timestamp=groups.get("timestamp"))


def check_regexp(regexp: str) -> None:
    """Raise ValueError unless ``regexp`` compiles and names the groups student_id and file_id."""
    try:
        groups = re.compile(regexp).groupindex
    except re.error as error:
        raise ValueError(f"--regexp {regexp!r} is not a regular expression: {error}") from None
    missing = [g for g in ("student_id", "file_id") if g not in groups]
    if missing:
        raise ValueError(f"--regexp {regexp!r} has no group {' or '.join(missing)}: expected "
                         "(?P<student_id>...) and (?P<file_id>...), as nbgrader's FileNameCollectorPlugin")


def wrapper_folder(paths: list[str], assignment: str) -> str:
    """The one top folder that wraps the whole download (``download/<student>/<file>``), or "".

    A shared top folder is a wrapper when every file lies at least two folders below it, and the folder
    below it is not the assignment's: a single student's ``asmith/ps1.ipynb`` or
    ``asmith/ps1_forward/ps1_forward.ipynb`` keeps ``asmith`` as the student.
    """
    parts = [PurePosixPath(p).parts for p in paths]
    if (parts and all(len(p) >= 3 for p in parts) and len({p[0] for p in parts}) == 1
            and not any(p[1] == assignment for p in parts)):
        return parts[0][0]
    return ""
