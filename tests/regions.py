"""nbgrader's solution and hidden-test regions of a source notebook, for the tests that look for leaks."""

import re

SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION\n?", re.S)
HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS\n?", re.S)


def region_lines(cells, regions=(SOLUTION_REGION, HIDDEN_REGION), min_length=1) -> set[str]:
    """The stripped lines, at least ``min_length`` characters long, inside ``regions`` of the cells' sources."""
    return {line.strip() for cell in cells for pattern in regions for region in pattern.findall(cell.source)
            for line in region.splitlines() if len(line.strip()) >= min_length}
