//! Large output and input columns backed by transparent huge pages where
//! the kernel offers them (`madvise(MADV_HUGEPAGE)` before first touch):
//! first-touch page faults on fresh 4 KiB pages are otherwise a large part
//! of a batch's cost beyond the core itself.

/// A zeroed column of `n` values on huge pages where possible.
pub(crate) fn zeroed<T: Copy + Default>(n: usize) -> Vec<T> {
    // `vec![0; n]` of a zeroable type comes from calloc: pages are mapped
    // lazily, so the advice applies before the core first writes them.
    let v = vec![T::default(); n];
    advise(v.as_ptr(), v.capacity());
    v
}

/// An empty vector with room for `n` values on huge pages where possible.
pub(crate) fn with_capacity<T>(n: usize) -> Vec<T> {
    let v = Vec::with_capacity(n);
    advise(v.as_ptr(), v.capacity());
    v
}

#[cfg(target_os = "linux")]
fn advise<T>(ptr: *const T, cap: usize) {
    const PAGE: usize = 4096;
    const HUGE: usize = 2 << 20;
    let bytes = cap.saturating_mul(std::mem::size_of::<T>());
    if bytes < HUGE {
        return;
    }
    let start = ptr as usize;
    let aligned = start.next_multiple_of(PAGE);
    let end = start + bytes;
    if end <= aligned {
        return;
    }
    // SAFETY: madvise(MADV_HUGEPAGE) on whole pages inside an allocation we
    // own only changes how the kernel backs them, never their contents or
    // validity; a failure (EINVAL without THP) is harmless and ignored.
    unsafe {
        libc::madvise(
            aligned as *mut libc::c_void,
            end - aligned,
            libc::MADV_HUGEPAGE,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn advise<T>(_: *const T, _: usize) {}
