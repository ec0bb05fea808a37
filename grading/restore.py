"""Put a submitted notebook back into the shape of its release before nbgrader grades it.

nbgrader's own OverwriteCells restores the *source* of grade cells and locked cells that a student
edited. This preprocessor runs before it and repairs what OverwriteCells cannot:

* a deleted grade or locked cell is put back (from the release) after the cell that precedes it there;
* a duplicated one is dropped, keeping the first copy;
* a re-typed one (code turned into markdown, say) gets its type and metadata back;
* a cell carrying nbgrader metadata that the release does not have (a "bonus" grade cell the student
  made up) loses that metadata, so it is graded as the student's own scratch cell: worth nothing.

Cells a student added without nbgrader metadata are kept. What was repaired is written next to the
autograded notebook, ``<notebook>.repairs.json`` (a list of sentences; :func:`read_repairs`), through
nbconvert's own ``resources["outputs"]``, so that no state is shared between notebooks graded at once.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from .cells import grade_id, is_solution

REPAIRS_SUFFIX = ".repairs.json"


def restore_cells(submitted, release):
    """Return (notebook, repairs): ``submitted`` with its nbgrader cells made to match ``release``."""
    reference = {grade_id(c): c for c in release.cells if grade_id(c)}
    order = [grade_id(c) for c in release.cells if grade_id(c)]
    kept, seen, repairs = [], set(), []
    for cell in submitted.cells:
        gid = grade_id(cell)
        if gid is None and "nbgrader" in cell.get("metadata", {}):  # malformed: nbgrader would reject it
            cell = copy.deepcopy(cell)
            del cell.metadata["nbgrader"]
            kept.append(cell)
            repairs.append("ignored malformed nbgrader metadata on a cell of the student's")
        elif gid is None:
            kept.append(cell)
        elif gid not in reference:
            cell = copy.deepcopy(cell)
            del cell.metadata["nbgrader"]
            kept.append(cell)
            repairs.append(f"ignored the nbgrader metadata of cell '{gid}', which the release does not have")
        elif gid in seen:
            repairs.append(f"dropped a duplicate of cell '{gid}'")
        else:
            seen.add(gid)
            ref = reference[gid]
            if cell.cell_type != ref.cell_type:
                repairs.append(f"cell '{gid}' was turned into a {cell.cell_type} cell: restored as {ref.cell_type}")
            if is_solution(ref) and cell.cell_type == ref.cell_type:
                cell = copy.deepcopy(cell)
                cell.metadata["nbgrader"] = copy.deepcopy(ref.metadata["nbgrader"])
            else:  # an instructor's cell: the release's version, whatever the student did to it
                cell = _fresh_copy(ref, cell)
            kept.append(cell)
    for position, gid in enumerate(order):
        if gid in seen:
            continue
        earlier = set(order[:position])
        at = max((i + 1 for i, c in enumerate(kept) if grade_id(c) in earlier), default=0)
        kept.insert(at, _fresh_copy(reference[gid]))
        seen.add(gid)
        repairs.append(f"cell '{gid}' was missing: put back from the release")
    notebook = copy.deepcopy(submitted)
    notebook.cells = kept
    return notebook, repairs


def _fresh_copy(ref, student_cell=None):
    cell = copy.deepcopy(ref)
    if "id" in cell and student_cell is not None and "id" in student_cell:
        cell["id"] = student_cell["id"]
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    return cell


class RestoreCells(NbGraderPreprocessor):
    """nbgrader sanitize step: :func:`restore_cells` against the release notebook of the assignment."""

    release_directory = Unicode(help="Absolute path of the course's release folder.").tag(config=True)

    def preprocess(self, nb, resources):
        name = resources["unique_key"]
        release = os.path.join(self.release_directory, resources["nbgrader"]["assignment"], name + ".ipynb")
        nb, repairs = restore_cells(nb, nbformat.read(release, as_version=nbformat.NO_CONVERT))
        resources.setdefault("outputs", {})[name + REPAIRS_SUFFIX] = json.dumps(repairs).encode()
        for repair in repairs:
            self.log.warning("%s: %s", name, repair)
        return nb, resources


def read_repairs(autograded_folder, notebook: str) -> list[str]:
    """What :class:`RestoreCells` repaired in ``notebook`` (its name without .ipynb) of an autograded folder."""
    path = Path(autograded_folder) / (notebook + REPAIRS_SUFFIX)
    return json.loads(path.read_text()) if path.exists() else []
