"""nbgrader course configuration: instructors write solutions/, students receive exercises/."""

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.root = "."
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
# A course id gives the gradebook its course row: PostgreSQL enforces the foreign keys that point to it.
c.CourseDirectory.course_id = "deep-learning-fundamentals"

# Solution regions and hidden tests use nbgrader's default markers:
#   ### BEGIN SOLUTION / ### END SOLUTION and ### BEGIN HIDDEN TESTS / ### END HIDDEN TESTS
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.Execute.timeout = 60

# The language of what the grader writes to students (verdicts, hints, feedback pages) and of the autograde
# summary: "en" or "ko" (grading/i18n.py; the Korean sentences are in grading/locales/ko/).
c.Grading.language = "en"

# Autograding grades every part outside the student's kernel, in a sandbox (grading/execute.py), after
# putting the submission's cells back into the shape of the release (grading/restore.py). This applies
# to `nbgrader autograde` itself; `python -m grading autograde` runs the same steps on several workers.
from grading.course import harden  # noqa: E402

harden(c)
