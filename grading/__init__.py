"""Instructor tooling around nbgrader: collect, parallel sandboxed autograde, feedback, export, report.

Run ``python -m grading --help``. Students never import this package; nbgrader stays the engine and
its own commands keep working on the same course folder and gradebook.
"""
