"""The README's code example runs and prints what it says it prints."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_example_runs_and_solves_xor():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## nnkit in ten lines\s+```python\n(.*?)```", text, re.S).group(1)
    promised = re.search(r"print\(.*\)\s+# (.*)", block).group(1).strip()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(block, str(README), "exec"), {})
    assert buffer.getvalue().strip() == promised
