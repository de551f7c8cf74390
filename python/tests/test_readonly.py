"""Input columns are read-only while the core reads them with the GIL
released (no data race with another thread's writes), and writeable again
afterwards, on error too."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pandas as pd
import pytest

import wangshi
from wangshi import _wangshi
from wangshi._readonly import read_only


def test_read_only_freezes_arrays_and_what_they_view_then_restores() -> None:
    base = np.arange(10, dtype=np.int64)
    view = base[::2]
    dates = np.array(["2026-01-01"], dtype="M8[D]")
    as_int = dates.view(np.int64)
    frozen_before = np.zeros(3)
    frozen_before.flags.writeable = False
    with read_only(view, as_int, frozen_before, "not an array", None):
        assert not base.flags.writeable and not view.flags.writeable
        assert not dates.flags.writeable and not as_int.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            base[0] = 1
        with pytest.raises(ValueError, match="read-only"):
            dates[0] = np.datetime64("2027-01-01")
    assert base.flags.writeable and view.flags.writeable and dates.flags.writeable and as_int.flags.writeable
    assert not frozen_before.flags.writeable  # was read-only: stays so
    base[0] = 1


def test_read_only_restores_on_error_and_nests() -> None:
    a = np.zeros(4)
    with pytest.raises(RuntimeError):
        with read_only(a):
            raise RuntimeError("boom")
    assert a.flags.writeable
    # Two calls holding the same column (two threads): the first to finish
    # does not re-open it under the other.
    with read_only(a, a[1:]):
        with read_only(a):
            assert not a.flags.writeable
        assert not a.flags.writeable
    assert a.flags.writeable


def test_read_only_with_two_views_of_one_base_restores_every_view() -> None:
    base = np.zeros(8)
    first, second = base[:4], base[4:]
    with read_only(first, second):
        assert not (base.flags.writeable or first.flags.writeable or second.flags.writeable)
    assert base.flags.writeable and first.flags.writeable and second.flags.writeable


def test_read_only_over_a_writeable_foreign_buffer() -> None:
    raw = bytearray(16)
    arr = np.frombuffer(raw, dtype=np.int64)
    with read_only(arr):
        assert not arr.flags.writeable
    assert arr.flags.writeable
    arr[0] = 7
    assert raw[0] == 7


def test_read_only_leaves_arrays_numpy_could_not_reopen_as_they_are() -> None:
    # An array over a native module's vector: numpy cannot make it
    # writeable again once read-only, so it is not touched.
    offsets = np.array([0, 5, 8], dtype=np.int32)
    native = _wangshi._match_strings(offsets, np.frombuffer(b"greenred", dtype=np.uint8), None, 0, ["green", "red"])
    view = native[1:]
    assert native.flags.writeable and not native.flags.owndata
    with read_only(view):
        assert not view.flags.writeable and native.flags.writeable
    assert view.flags.writeable and native.flags.writeable


def spy(monkeypatch: pytest.MonkeyPatch, name: str, watched: list[np.ndarray]) -> list[list[bool]]:
    """Wrap the native batch function `name`: record, while it runs, whether
    every numpy array it was given is writeable, then the writeable flags of
    `watched`."""
    seen: list[list[bool]] = []
    native = getattr(_wangshi, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = [a for a in (*args, *kwargs.values()) if isinstance(a, np.ndarray)]
        assert given
        seen.append([any(bool(a.flags.writeable) for a in given)] + [bool(w.flags.writeable) for w in watched])
        return native(*args, **kwargs)

    monkeypatch.setattr(_wangshi, name, wrapper)
    return seen


def test_classify_batch_holds_its_numpy_columns_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    item = np.array([0, 1, 2], dtype=np.int64)
    day = np.array(["2026-11-20"] * 3, dtype="M8[D]")
    amount = np.array([0.0, 1.0, 2.0])
    parties = pd.Series([1, 2, 3])
    flags = np.array([0, 1, 0], dtype=np.uint16)
    seen = spy(monkeypatch, "_classify_batch", [day, amount])
    out = wangshi.classify_batch(item, day, amount=amount, parties=parties, flags=flags)
    assert list(out["error"]) == [None, None, None]
    # Nothing the core reads is writeable, the user's columns it reads in
    # place (dates viewed as int64, float64 amounts) included.
    assert seen == [[False, False, False]]
    assert all(a.flags.writeable for a in (item, day, amount, flags))
    day[0] = np.datetime64("2026-11-21")


def test_classify_batch_restores_writeable_when_the_core_raises() -> None:
    item = np.array([0, 1, 2], dtype=np.int64)
    day = np.array(["2026-11-20"] * 2, dtype="M8[D]")
    with pytest.raises(wangshi.RequestError, match="differ in length"):
        wangshi.classify_batch(item, day)
    assert item.flags.writeable and day.flags.writeable


def test_a_write_from_another_thread_during_classify_batch_fails_instead_of_racing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    amount = np.zeros(3)
    outcome: list[str] = []
    native = _wangshi._classify_batch

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # Another thread writes the column while the call is under way.
        def write() -> None:
            try:
                amount[:] = 1e9
                outcome.append("written")
            except ValueError as e:
                outcome.append(str(e))

        t = threading.Thread(target=write)
        t.start()
        t.join()
        return native(*args, **kwargs)

    monkeypatch.setattr(_wangshi, "_classify_batch", wrapper)
    out = wangshi.classify_batch(["CS-01"] * 3, np.array(["2026-11-20"] * 3, "M8[D]"), amount=amount)
    assert outcome == ["assignment destination is read-only"]
    assert list(out["case_class"]) == ["general"] * 3
    assert amount.flags.writeable
