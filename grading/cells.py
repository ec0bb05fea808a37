"""What a notebook cell is to nbgrader, read from its ``metadata.nbgrader`` (with nbgrader's own tests)."""

from __future__ import annotations

from nbgrader.utils import is_grade, is_solution

__all__ = ["grade_id", "is_test_cell", "is_solution"]


def grade_id(cell) -> str | None:
    """The cell's nbgrader ``grade_id``, or None for a cell nbgrader does not track (or whose nbgrader
    metadata is not a dict at all)."""
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


def is_test_cell(cell) -> bool:
    """An autograded test: a code cell worth points that is not a student's answer."""
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)

