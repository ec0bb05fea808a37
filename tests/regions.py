"""nbgrader's solution and hidden-test regions of a source notebook, for the tests that look for leaks."""

import json
import re

import nbformat

SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION\n?", re.S)
HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS\n?", re.S)


def region_lines(cells, regions=(SOLUTION_REGION, HIDDEN_REGION), min_length=1) -> set[str]:
    """The stripped lines, at least ``min_length`` characters long, inside ``regions`` of the cells' sources."""
    return {line.strip() for cell in cells for pattern in regions for region in pattern.findall(cell.source)
            for line in region.splitlines() if len(line.strip()) >= min_length}


def mutate(solution: nbformat.NotebookNode, grade_id: str, code: str) -> nbformat.NotebookNode:
    """The solution with the solution region of cell `grade_id` replaced by `code`."""
    nb = nbformat.from_dict(json.loads(json.dumps(solution)))
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    region = SOLUTION_REGION.search(cell.source)
    indent = re.match(r"[ \t]*", cell.source[cell.source.rfind("\n", 0, region.start()) + 1:]).group(0)
    body = "".join(f"{indent}{line}\n" for line in code.splitlines())
    cell.source = cell.source[:region.start()] + "### BEGIN SOLUTION\n" + body + f"{indent}### END SOLUTION\n" + \
        cell.source[region.end():]
    return nb
