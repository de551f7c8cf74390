"""Input columns held read-only while the native module reads them.

The batch functions hand numpy buffers to the Rust core and release the GIL
while it runs. Another Python thread could otherwise write those buffers in
the meantime: a data race (undefined behaviour in Rust's model, and in
practice a torn or mixed result). :func:`read_only` clears numpy's
``writeable`` flag of every input array and of the arrays it views (its
``base`` chain) for the duration of the call, so that such a write raises
``ValueError: assignment destination is read-only`` in the writing thread
instead; the flags are restored afterwards, on error too.

What it cannot stop (numpy offers no way to): a write through *another* view
of the same memory made before the call (``v = a[:]`` then ``v[...] = x``),
a write into a buffer that numpy does not own through that buffer itself
(a ``bytearray`` or ``mmap`` under ``np.frombuffer``, written directly),
a write into an array numpy could not make writeable again (one over
memory that does not export a writable buffer: left as it is), and a numpy
write that had already started, with the GIL released, when the call
began. Do not write a column while a batch call that reads it runs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

__all__ = ["read_only"]

_lock = threading.Lock()
#: id(array) -> (array, number of calls holding it read-only). Only the first
#: call clears the flag and only the last one sets it again, so that two
#: threads reading the same column do not re-open it under each other.
_held: dict[int, tuple[np.ndarray, int]] = {}


def _chain(arr: np.ndarray) -> Iterator[np.ndarray]:
    """The array and every ndarray it views, itself first."""
    a: Any = arr
    while isinstance(a, np.ndarray):
        yield a
        a = a.base


def _reopenable(a: np.ndarray) -> bool:
    """Whether numpy would let `a` become writeable again (its own test):
    it owns its data or views an array, or the object it views exports a
    writable buffer. (An array over memory numpy cannot vouch for, such as
    a native module's vector, cannot be re-opened, so it is left alone.)"""
    if a.flags.owndata or a.base is None or isinstance(a.base, np.ndarray):
        return True
    try:
        with memoryview(a.base) as view:
            return not view.readonly
    except TypeError:
        return False


@contextmanager
def read_only(*columns: Any) -> Iterator[None]:
    """Hold the numpy arrays among ``columns`` (others are ignored) and the
    arrays they view read-only inside the ``with`` block."""
    frozen: list[np.ndarray] = []
    with _lock:
        for col in columns:
            if not isinstance(col, np.ndarray):
                continue
            for a in _chain(col):
                held = _held.get(id(a))
                if held is not None:
                    _held[id(a)] = (a, held[1] + 1)
                elif a.flags.writeable and _reopenable(a):
                    a.flags.writeable = False
                    _held[id(a)] = (a, 1)
                else:
                    continue
                frozen.append(a)
    try:
        yield
    finally:
        with _lock:
            reopen: list[np.ndarray] = []
            for a in frozen:
                arr, count = _held[id(a)]
                if count > 1:
                    _held[id(a)] = (arr, count - 1)
                else:
                    del _held[id(a)]
                    reopen.append(arr)
            # Bases first: numpy lets a view become writeable again only
            # when what it views is.
            for arr in sorted(reopen, key=lambda a: sum(1 for _ in _chain(a))):
                arr.flags.writeable = True
