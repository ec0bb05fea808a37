"""What a graded exercise's test cell calls in the student's notebook.

A test cell holds the part's public checks (plain ``assert`` statements with messages a student can act
on) and ends with :func:`public_checks_passed`. The grade itself is decided outside the notebook: the
course's grader calls the student's function on inputs of its own and compares the results with the
reference in its own process (``grading/`` in the course repository).
"""

__all__ = ["public_checks_passed"]


def public_checks_passed(part: str) -> None:
    """The last line of a test cell: the public checks above it passed.

    Says so, and that the grader checks the part again on inputs of its own, outside the notebook.
    """
    print(f"{part}: the public checks pass. When graded, your function is also checked on inputs drawn "
          "at grading time.")
