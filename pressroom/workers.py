"""Worker processes for the stages that use every core, and the memory they hand back."""

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor

_LIBC = ctypes.CDLL(ctypes.util.find_library('c')) if ctypes.util.find_library('c') else None


@contextlib.contextmanager
def workers(count):
    """A pool of worker processes forked from this one, so they start with everything it
    has loaded (what this process freed handed back first, so that they do not copy it).
    Ctrl-C is the main process's to handle: the workers ignore it, and when it (or any
    failure) ends the block, they are stopped at once rather than left to finish work
    nobody will use. They write nothing themselves: this process writes what they make."""
    release()
    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context('fork'),
                               initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN))
    try:
        yield pool
    except BaseException:
        for process in list((pool._processes or {}).values()):     # the pool has no terminate()
            process.terminate()
        # Waited for (the workers are gone, so at once): a pool left to the interpreter's exit
        # may wake its manager thread through a pipe already closed, which prints a traceback.
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()


def release():
    """Give the memory freed since the last call back to the system. Python, lxml, qpdf and
    Pango free into the C library's heap, which glibc keeps for the process unless asked:
    a worker that has laid out a part, or the process that joined the book, would go on
    holding the peak of that work."""
    gc.collect()
    if _LIBC is not None and hasattr(_LIBC, 'malloc_trim'):
        _LIBC.malloc_trim(0)
