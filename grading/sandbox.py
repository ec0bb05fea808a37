"""Run a student's kernel inside bubblewrap: no network, no view of the course, resource limits.

nbgrader starts one kernel per notebook. The grading kernel's command (:func:`kernel_argv`, which
:class:`grading.execute.CheckedExecute` hands to jupyter_client as an in-memory kernel spec) starts
this module instead of ``ipykernel``::

    python -m grading.sandbox --memory-mb 2048 ... --inbox DIR --outbox DIR {connection_file}

which sets the resource limits and ``exec``\\ s ``bwrap`` with a new, empty view of the file
system: the system's ``/usr``, Python and the packages a notebook imports (read-only), the student's
own copy of the assignment (the kernel's working directory, read-write), a private ``/tmp``, and
nothing else: not the course folder, not ``solutions/``, not the gradebook, not other students'
work. Inside, the kernel is :mod:`grading.harness` (the only file of this package it sees), which
answers the grader's requests through ``--inbox`` (read-only) and ``--outbox``. The kernel has no
network (``--unshare-net`` leaves only an unconfigured loopback), so it talks to nbgrader
through Unix sockets (ZeroMQ's ``ipc`` transport) in a folder bound into the sandbox.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import processes

KERNEL_NAME = "grading-sandbox"
NOTEBOOK_TIMEOUT = 600  # seconds a whole notebook may run, on top of nbgrader's per-cell timeout
HARNESS = str(Path(__file__).with_name("harness.py"))  # the one file of this package a kernel sees


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create a sandbox on this machine."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one kernel (set with setrlimit before bubblewrap starts)."""

    memory_mb: int = 4096      # address space: a flood fails with MemoryError, not the machine
    file_mb: int = 64          # largest file the kernel may write
    cpu_seconds: int = 900     # CPU time, a backstop behind nbgrader's per-cell timeout
    open_files: int = 256
    processes: int = 64        # tasks (processes and threads) at once: grading.processes

    def argv(self) -> list[str]:
        return [f"--memory-mb={self.memory_mb}", f"--file-mb={self.file_mb}", f"--cpu-seconds={self.cpu_seconds}",
                f"--open-files={self.open_files}", f"--processes={self.processes}"]


def find_bwrap() -> str:
    """Path of a working ``bwrap``; raises :class:`SandboxUnavailable` saying how to get one."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed: install it (Debian/Ubuntu: apt-get install bubblewrap) "
            "or, knowing that student code then runs with your rights, pass --no-sandbox"
        )
    probe = subprocess.run([bwrap, "--ro-bind", "/", "/", "--unshare-all", "--dev", "/dev", "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        raise SandboxUnavailable(
            f"bwrap cannot create a sandbox here ({probe.stderr.strip() or probe.returncode}); unprivileged "
            "user namespaces may be disabled. Fix that, or pass --no-sandbox knowing the risk"
        )
    return bwrap


def kernel_argv(channel_args: list[str], limits: Limits | None = None, *, sandbox: bool = True) -> list[str]:
    """The command of a grading kernel: this module, which sets ``limits`` and starts the harness kernel
    (:mod:`grading.harness`) inside bubblewrap (or unconfined, with ``sandbox=False``).

    ``channel_args`` are the harness's ``--inbox``/``--outbox`` options; ``{connection_file}`` is filled in
    by jupyter_client. ``limits`` None: :class:`Limits`' defaults.
    """
    limits = Limits() if limits is None else limits
    argv = [sys.executable, "-m", "grading.sandbox", *limits.argv(), *channel_args]
    return [*argv, *([] if sandbox else ["--no-sandbox"]), "{connection_file}"]


def import_roots(modules=("nnkit",)) -> list[str]:
    """Folders the kernel needs to import ``modules`` that lie outside Python's own prefixes.

    An editable install (``pip install -e .``) leaves a package in the course folder; only the
    package's own folder is shown to the kernel, never its parent.
    """
    roots = []
    for name in modules:
        try:
            module = __import__(name)
        except ImportError:
            continue
        folder = os.path.dirname(os.path.abspath(module.__file__))
        if not folder.startswith((sys.prefix + os.sep, sys.base_prefix + os.sep)):
            roots.append(folder)
    return roots


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib64", "/lib32"):
        if os.path.islink(top):  # merged /usr: /lib -> usr/lib
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for path in ("/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime", "/etc/ssl"):
        args += ["--ro-bind-try", path, path]
    return args


def bwrap_command(bwrap: str, connection_file: str, workdir: str, kernel_argv: list[str], *, inbox: str,
                  outbox: str) -> list[str]:
    """The bubblewrap command line that runs ``kernel_argv`` confined to ``workdir``.

    Besides the kernel's sockets and ``workdir``, it sees the harness script and the grader's request
    folder ``inbox`` (read-only) and writes its answers to ``outbox``.
    """
    ipc_dir = os.path.dirname(json.loads(Path(connection_file).read_text())["ip"])
    args = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
            *_system_binds(), "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for prefix in dict.fromkeys([sys.base_prefix, sys.prefix]):
        args += ["--ro-bind", prefix, prefix]
    for root in import_roots():
        args += ["--ro-bind", root, root]
    args += ["--bind", ipc_dir, ipc_dir, "--ro-bind", connection_file, connection_file,
             "--ro-bind", HARNESS, HARNESS, "--ro-bind", inbox, inbox, "--bind", outbox, outbox,
             "--bind", workdir, workdir, "--chdir", workdir]
    env = {"PATH": f"{os.path.dirname(sys.executable)}:/usr/bin:/bin", "HOME": workdir, "LANG": "C.UTF-8",
           "MPLBACKEND": "agg", "MPLCONFIGDIR": "/tmp/matplotlib", "OPENBLAS_NUM_THREADS": "1",
           "OMP_NUM_THREADS": "1", "NBGRADER_EXECUTION": os.environ.get("NBGRADER_EXECUTION", "autograde")}
    for key, value in env.items():
        args += ["--setenv", key, value]
    return [*args, *kernel_argv]


def channel_name(inbox: str) -> str:
    """The name of a kernel's channel folder (``<folder>/inbox``): unique, it also names its cgroup."""
    return os.path.basename(os.path.dirname(os.path.abspath(inbox)))


def _set_limits(args) -> None:
    mb = 1024 * 1024
    for limit, value in ((resource.RLIMIT_AS, args.memory_mb * mb), (resource.RLIMIT_FSIZE, args.file_mb * mb),
                         (resource.RLIMIT_CPU, args.cpu_seconds), (resource.RLIMIT_NOFILE, args.open_files)):
        resource.setrlimit(limit, (value, value))


def main(argv=None) -> None:
    """Kernel launcher: set limits, silence the kernel's own stdout, exec the (confined) kernel."""
    parser = argparse.ArgumentParser(prog="python -m grading.sandbox", description=main.__doc__)
    parser.add_argument("connection_file")
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb)
    parser.add_argument("--file-mb", type=int, default=Limits.file_mb)
    parser.add_argument("--cpu-seconds", type=int, default=Limits.cpu_seconds)
    parser.add_argument("--open-files", type=int, default=Limits.open_files)
    parser.add_argument("--processes", type=int, default=Limits.processes)
    parser.add_argument("--inbox", required=True, help="the grader's requests (read-only to the kernel)")
    parser.add_argument("--outbox", required=True, help="the kernel's answers")
    parser.add_argument("--no-sandbox", action="store_true")
    args = parser.parse_args(argv)
    kernel = [sys.executable, HARNESS, f"--inbox={args.inbox}", f"--outbox={args.outbox}", "-f",
              args.connection_file, "--HistoryManager.hist_file=:memory:"]
    if args.no_sandbox:
        command = kernel
    else:
        bwrap = shutil.which("bwrap")  # the grader checked it works (find_bwrap) before starting kernels
        if bwrap is None:
            sys.exit("grading.sandbox: bwrap is not on PATH; refusing to run student code unconfined")
        command = bwrap_command(bwrap, args.connection_file, os.getcwd(), kernel, inbox=args.inbox, outbox=args.outbox)
    _set_limits(args)
    processes.bound(channel_name(args.inbox), args.processes)
    # What the kernel writes to its own stdout/stderr (not to the notebook) would flood the grader's log.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
