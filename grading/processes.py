"""Bound the number of processes (threads included) that one kernel may run.

A notebook that starts processes without end (a fork bomb, ``subprocess`` in a loop) must fail in its
own cell and leave the machine and the other kernels alone. The kernel launcher
(:func:`grading.sandbox.main`) calls :func:`bound` before it starts bubblewrap; everything the kernel
starts inherits the bound:

* as root, a cgroup of its own with the ``pids`` controller (``pids.max``), under
  ``/sys/fs/cgroup[/pids]/grading/<name>``; the grader removes it with :func:`release` once the kernel
  has stopped;
* otherwise, ``RLIMIT_NPROC``: the kernel may run ``limit`` tasks more than the user already runs (the
  kernel counts the limit against all of the user's tasks, and does not apply it to root at all).

:func:`method` says which applies on this machine, so that the grader can say when neither does.
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

V1, V2 = Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup")
GROUP = "grading"


def _cgroup_base() -> Path | None:
    """The pids hierarchy this process may create cgroups in, or None."""
    if os.geteuid() != 0:
        return None
    if (V1 / "cgroup.procs").exists() and os.access(V1, os.W_OK):
        return V1
    controllers = V2 / "cgroup.controllers"
    if controllers.exists() and "pids" in controllers.read_text().split() and os.access(V2, os.W_OK):
        return V2
    return None


def method() -> str:
    """How kernels' processes are bounded here: "cgroup", "rlimit" or "none"."""
    if _cgroup_base() is not None:
        return "cgroup"
    return "rlimit" if os.geteuid() != 0 else "none"


def bound(name: str, limit: int) -> str:
    """Bound this process and its future children to ``limit`` tasks; returns the method used."""
    base = _cgroup_base()
    if base is not None:
        try:
            group = base / GROUP
            if base == V2:  # cgroup v2: a controller must be enabled in each parent's subtree_control
                (base / "cgroup.subtree_control").write_text("+pids")
                group.mkdir(exist_ok=True)
                (group / "cgroup.subtree_control").write_text("+pids")
            own = group / name
            own.mkdir(parents=True, exist_ok=True)
            (own / "pids.max").write_text(str(limit))
            (own / "cgroup.procs").write_text(str(os.getpid()))
            return "cgroup"
        except OSError:
            pass
    if os.geteuid() != 0:
        ceiling = _tasks_of(os.getuid()) + limit
        resource.setrlimit(resource.RLIMIT_NPROC, (ceiling, ceiling))
        return "rlimit"
    return "none"


def release(name: str) -> None:
    """Remove the cgroup of a kernel that has stopped (nothing to do for the other methods).

    Its last tasks may take a moment to go, so this retries for up to a second; groups left behind by
    earlier runs, empty and more than a minute old, go too.
    """
    for base in (V1, V2):
        parent = base / GROUP
        if not parent.is_dir():
            continue
        own = parent / name
        for _ in range(20):
            if not own.is_dir() or _removed(own):
                break
            time.sleep(0.05)
        for group in parent.iterdir():
            if group.is_dir() and time.time() - group.stat().st_mtime > 60:
                _removed(group)


def _removed(group: Path) -> bool:
    try:
        group.rmdir()
        return True
    except OSError:  # tasks still in it
        return False


def _tasks_of(uid: int) -> int:
    """How many tasks (threads) the user ``uid`` runs now, the number RLIMIT_NPROC is compared with."""
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if int(fields.get("Uid", "-1").split()[0]) == uid:
            count += int(fields.get("Threads", "1"))
    return count
