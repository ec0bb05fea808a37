"""Typical wrong answers for every graded part of every assignment, written as mutations of the solution."""
