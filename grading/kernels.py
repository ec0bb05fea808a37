"""Grading kernels: started in their own folders, one kept booting ahead of the next notebook.

A grading kernel (:mod:`grading.harness` inside bubblewrap, see :mod:`grading.sandbox`) takes about
half a second to start, most of it Python importing ipykernel, NumPy and nnkit. :class:`Spares` keeps,
for each grading thread, one kernel that was started while the previous notebook ran, so a
notebook's kernel is usually up by the time nbgrader gets to it.

A kernel cannot know its student when it starts, so each has a private folder
(:class:`GradingKernel`): the channel to the grader (``inbox``, ``outbox``), its sockets (``ipc``)
and ``work``, its working directory, into which :meth:`GradingKernel.take_in` copies the notebook's
folder just before the first cell runs. A kernel serves one notebook and is then stopped and its
folder removed, as before: nothing carries over from one student to the next.
"""

from __future__ import annotations

import atexit
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from traitlets import Instance

from . import processes
from .channel import Channel
from .sandbox import KERNEL_NAME, Limits, kernel_argv


class OneKernelSpec(KernelSpecManager):
    """A kernel spec manager that knows one spec, built in memory: no kernel spec folder on disk."""

    spec = Instance(KernelSpec)

    def get_kernel_spec(self, kernel_name):
        return self.spec


class ReadyClient(AsyncKernelClient):
    """A kernel client whose ``wait_for_ready`` returns as soon as the kernel answers on both channels.

    jupyter_client's own then waits until IOPub has been silent for 0.2 s, a fixed delay per
    notebook that nothing here needs: nbclient keeps only the messages whose parent is the cell it runs.
    """

    async def wait_for_ready(self, timeout=None):
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # IOPub is connected once it carries a status message
                    await self.iopub_channel.get_msg(timeout=0.2)
                    return
                except Empty:
                    pass
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")


@dataclass
class GradingKernel:
    """A started grading kernel and its folder (``channel.folder``)."""

    channel: Channel
    manager: AsyncKernelManager
    argv: tuple[str, ...]  # the command, less the channel's folders: which spare fits which notebook

    @property
    def workdir(self) -> Path:
        return self.channel.folder / "work"

    def take_in(self, folder) -> None:
        """Copy ``folder`` (the notebook's, with the student's other files) into the working directory.

        Links are copied as links, never followed: a student's link to a course file stays a link,
        which the sandbox resolves inside its own view of the file system.
        """
        if folder and Path(folder).is_dir():
            shutil.copytree(folder, self.workdir, symlinks=True, dirs_exist_ok=True)

    def alive(self) -> bool:
        return bool(run_sync(self.manager.is_alive)())

    def stop(self) -> None:
        """Stop the kernel (if it still runs), release its process bound and remove its folder."""
        try:
            provisioner = self.manager.provisioner
            if provisioner is not None and provisioner.has_process:
                run_sync(provisioner.kill)()  # SIGKILL to the kernel's process group
                provisioner.process.wait(timeout=30)  # at once; jupyter_client would poll every 0.1 s
            if self.manager.has_kernel:
                run_sync(self.manager.shutdown_kernel)(now=True)  # its bookkeeping: the process is gone
        except RuntimeError:  # already gone
            pass
        finally:
            processes.release(self.channel.folder.name)
            shutil.rmtree(self.channel.folder, ignore_errors=True)


def start(limits: Limits | None = None, *, sandbox: bool = True, config=None) -> GradingKernel:
    """Start a grading kernel in a new folder (``limits`` None: :class:`Limits`' defaults); returns at once,
    while the kernel boots."""
    limits = Limits() if limits is None else limits
    channel = Channel.create()
    for name in ("ipc", "work"):
        (channel.folder / name).mkdir()
    argv = kernel_argv(channel.kernel_args(), limits, sandbox=sandbox)
    spec = KernelSpec(argv=argv, display_name="Python 3 (grading)", language="python",
                      interrupt_mode="message")  # bwrap does not pass signals on: interrupt by message
    manager = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=OneKernelSpec(spec=spec),
                                 transport="ipc", ip=str(channel.folder / "ipc" / "kernel"),
                                 client_class="grading.kernels.ReadyClient", config=config)
    kernel = GradingKernel(channel, manager, _fit(limits, sandbox))
    try:
        run_sync(manager.start_kernel)(cwd=str(kernel.workdir))
    except BaseException:
        kernel.stop()
        raise
    return kernel


def _fit(limits: Limits, sandbox: bool) -> tuple[str, ...]:
    """A kernel's command without its folders: two kernels with the same one can serve the same notebook."""
    return tuple(kernel_argv([], limits, sandbox=sandbox))


class Spares:
    """One kernel booting ahead per grading thread (a Dask worker grades on several threads)."""

    def __init__(self):
        self._local = threading.local()
        self._lock = threading.Lock()
        self._kernels: dict[int, GradingKernel] = {}
        atexit.register(self.stop_all)

    def take(self, limits: Limits, *, sandbox: bool, config=None) -> GradingKernel:
        """This thread's spare kernel if it fits ``limits`` and ``sandbox`` and still runs, else a new one."""
        spare = self._pop()
        if spare is not None:
            if spare.argv == _fit(limits, sandbox) and spare.alive():
                return spare
            spare.stop()
        return start(limits, sandbox=sandbox, config=config)

    def prepare(self, limits: Limits, *, sandbox: bool, config=None) -> None:
        """Start this thread's next kernel now, so that it boots while the current notebook runs."""
        old = self._pop()
        if old is not None:
            old.stop()
        kernel = start(limits, sandbox=sandbox, config=config)
        self._local.kernel = kernel
        with self._lock:
            self._kernels[id(kernel)] = kernel

    def peek(self) -> GradingKernel | None:
        """This thread's spare kernel, left in place (None if there is none)."""
        return getattr(self._local, "kernel", None)

    def _pop(self) -> GradingKernel | None:
        kernel = getattr(self._local, "kernel", None)
        self._local.kernel = None
        if kernel is not None:
            with self._lock:
                self._kernels.pop(id(kernel), None)
        return kernel

    def stop_all(self) -> None:
        """Stop every spare (at exit: the last notebook's spare is never used).

        Another thread that still holds one of them finds it stopped, and starts a new one.
        """
        self._local.kernel = None
        with self._lock:
            kernels, self._kernels = list(self._kernels.values()), {}
        for kernel in kernels:
            kernel.stop()


SPARES = Spares()
