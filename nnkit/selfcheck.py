"""Check a problem-set notebook before submitting it: ``python -m nnkit.selfcheck ps1_forward.ipynb``.

Runs the notebook as the grader does, in a fresh kernel from the first cell to the last, and says for
each part whether its public checks pass, with the message of the first check that fails. It also
finds parts whose test cell was deleted (each part's heading, ``## Part N: ...``, says it has one).
Exits with status 1 if any part fails, 0 if all pass.

Passing the public checks is not a grade: the grader also calls each function on inputs of its own.
The messages are in English, or in Korean with ``--lang ko`` (by default, the notebook's language:
``NNKIT_LANG``, else Korean for a ``LANG`` that starts with ``ko``); the public checks print in it too.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from nnkit.exercise import LANGUAGES, PASSED, catalogue, language, set_language

__all__ = ["SELF_CHECK_CELL", "PartResult", "check_notebook", "main"]

SELF_CHECK_CELL = "self_check"   # the grade_id of the notebook's cell that runs this check: never run within it

# "## Part 1: sigmoid (2 points)", or with the Korean title first:
# "## 문항 1: sigmoid (2점) · Part 1: sigmoid (2 points)"
PART_HEADING = re.compile(r"^#+[^\n]*?\b(Part\s+\d+)\s*:", re.M)

MESSAGES = {
    "en": {
        "running": "Running {name} in a fresh kernel, every cell in order...",
        "passed": "passed",
        "failed": "FAILED",
        "missing": "its test cell is missing: copy it back from the release, unchanged",
        "not_run": "its test cell did not finish (an error above it, or the time limit)",
        "summary_ok": "All {n} parts pass their public checks. The grader also checks them on inputs of its own.",
        "summary_bad": "{bad} of {n} parts do not pass their public checks: fix them before submitting.",
        "no_file": "no notebook at {path}: give the path of your .ipynb file",
        "not_notebook": "{path} is not a notebook that can be read ({error})",
        "no_tools": "the self-check needs nbformat and nbclient (pip install nbclient): {error}",
    },
    "ko": {
        "running": "{name} 노트북을 새 커널에서 첫 셀부터 차례로 실행한다...",
        "passed": "통과",
        "failed": "실패",
        "missing": "이 문항의 테스트 셀이 없다. 배포본에서 그대로 다시 복사해 넣는다",
        "not_run": "테스트 셀이 끝까지 실행되지 않았다(앞선 셀의 오류나 시간 제한 때문이다)",
        "summary_ok": "문항 {n}개가 모두 공개 테스트를 통과했다. 채점기는 자체 입력으로도 다시 확인한다.",
        "summary_bad": "문항 {n}개 가운데 {bad}개가 공개 테스트를 통과하지 못했다. 제출하기 전에 고친다.",
        "no_file": "{path}에 노트북이 없다. .ipynb 파일의 경로를 준다",
        "not_notebook": "{path}: 읽을 수 있는 노트북이 아니다({error})",
        "no_tools": "자체 점검에는 nbformat과 nbclient가 필요하다(pip install nbclient): {error}",
    },
}


@dataclass
class PartResult:
    """One part: its name (``Part 1``), whether its public checks passed, and why not.

    Attributes
    ----------
    part : str
        ``"Part 1"``, ``"Part 2"``, ...
    passed : bool
    reason : str, default ""
        Why not: the first failing check's error, a test cell that is missing or did not finish.
    """

    part: str
    passed: bool
    reason: str = ""


def _say(lang: str, key: str, **values) -> str:
    return MESSAGES[lang][key].format(**values)


def _is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _error_line(outputs) -> str:
    """``Name: message`` of the cell's last error, without traceback or colour codes."""
    errors = [o for o in outputs if o.get("output_type") == "error"]
    if not errors:
        return ""
    text = f"{errors[-1].get('ename', 'Error')}: {errors[-1].get('evalue', '')}"
    return re.sub(r"\x1b\[[0-9;]*m", "", text).strip()


def _part_of(cell) -> str | None:
    match = re.search(r'public_checks_passed\(\s*["\'](Part\s+\d+)', cell.get("source", ""))
    return match.group(1) if match else None


def _runs_this_check(cell) -> bool:
    """The notebook's self-check cell, or any cell that starts this check (it would start itself again)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta.get("grade_id") == SELF_CHECK_CELL or "nnkit.selfcheck" in cell.get("source", "")


def check_notebook(path, timeout: int = 600, lang: str = "en") -> list[PartResult]:
    """Run the notebook at ``path`` in a fresh kernel; one :class:`PartResult` per part, in order.

    Parameters
    ----------
    path : str or pathlib.Path
        The .ipynb file; it is read and run in memory, never changed.
    timeout : int, default 600
        Seconds allowed per cell.
    lang : {"en", "ko"}, default "en"
        The language of the public checks' messages and of the reasons.

    Returns
    -------
    list of PartResult
        One per part, in the notebook's order; a part whose heading is there but whose test cell is not
        comes out failed.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells = [cell for cell in nb.cells if not (cell.cell_type == "code" and _runs_this_check(cell))]
    before = os.environ.get("NNKIT_LANG")
    set_language(lang)  # the kernel, started from here, prints the public checks' messages in it
    try:
        NotebookClient(nb, timeout=timeout, allow_errors=True,
                       resources={"metadata": {"path": str(path.parent.resolve())}}).execute()
        # ": the public checks pass. ..." in either language: the notebook may choose its own (set_language)
        marks = {(PASSED if code == "en" else catalogue(code).get(PASSED, PASSED)).split("{part}", 1)[1]
                 for code in LANGUAGES}
    finally:
        if before is None:
            os.environ.pop("NNKIT_LANG", None)
        else:
            os.environ["NNKIT_LANG"] = before
    headings = [m.group(1) for c in nb.cells if c.cell_type == "markdown"
                for m in PART_HEADING.finditer(c.source)]
    results = {}
    for cell in nb.cells:
        part = _part_of(cell) if _is_test_cell(cell) else None
        if part is None:
            continue
        printed = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
        if any(mark in printed for mark in marks):
            results[part] = PartResult(part, True)
        else:
            results[part] = PartResult(part, False, _error_line(cell.get("outputs", [])) or _say(lang, "not_run"))
    for part in headings:
        results.setdefault(part, PartResult(part, False, _say(lang, "missing")))
    order = list(dict.fromkeys(headings + list(results)))
    return [results[p] for p in order]


def main(argv=None) -> int:
    """The command line: ``python -m nnkit.selfcheck NOTEBOOK [--timeout SECONDS] [--lang {en,ko}]``.

    Parameters
    ----------
    argv : list of str, optional
        The arguments; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        The exit status: 0 if every part passes, 1 if any fails, 2 if the notebook cannot be checked.
    """
    parser = argparse.ArgumentParser(prog="python -m nnkit.selfcheck", description=__doc__.splitlines()[0])
    parser.add_argument("notebook", help="your problem-set notebook, e.g. ps1_forward.ipynb")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default %(default)s)")
    parser.add_argument("--lang", choices=sorted(MESSAGES), default=language(),
                        help="the messages' language (default: NNKIT_LANG, else ko for a Korean LANG, else en)")
    args = parser.parse_args(argv)
    lang, path = args.lang, Path(args.notebook)
    if not path.is_file():
        print(_say(lang, "no_file", path=path), file=sys.stderr)
        return 2
    try:
        import nbclient  # noqa: F401
        import nbformat
    except ImportError as error:
        print(_say(lang, "no_tools", error=error), file=sys.stderr)
        return 2
    try:
        nbformat.read(path, as_version=4)
    except Exception as error:  # noqa: BLE001 - invalid JSON, not a notebook: say so
        print(_say(lang, "not_notebook", path=path, error=f"{type(error).__name__}: {error}"), file=sys.stderr)
        return 2
    print(_say(lang, "running", name=path.name), flush=True)
    results = check_notebook(path, args.timeout, lang)
    for r in results:
        status = _say(lang, "passed") if r.passed else _say(lang, "failed")
        print(f"  {r.part:8s} {status:6s} {r.reason}")
    bad = sum(not r.passed for r in results)
    print(_say(lang, "summary_bad", bad=bad, n=len(results)) if bad else _say(lang, "summary_ok", n=len(results)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
