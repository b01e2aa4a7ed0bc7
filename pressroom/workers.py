"""Worker processes for the stages that use every core."""

import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor


def workers(count):
    """Worker processes forked from this one, so they start with everything it has loaded.
    Ctrl-C is the main process's to handle: the workers ignore it and end with the pool."""
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context('fork'),
                               initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN))
