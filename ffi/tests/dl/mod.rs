//! Loads the `libwangshi.so` that cargo built beside the running test or
//! benchmark binary (`target/<profile>/deps/`) with dlopen, as a C program
//! would, and looks up its functions.

use std::ffi::{CStr, CString, c_char, c_int, c_void};

unsafe extern "C" {
    fn dlopen(filename: *const c_char, flags: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    fn dlerror() -> *const c_char;
}
const RTLD_NOW: c_int = 2;

/// An open `libwangshi.so` (never closed: the process ends first).
pub struct Library(*mut c_void);

impl Library {
    /// Opens the library beside the current executable.
    pub fn open() -> Library {
        let so = std::env::current_exe()
            .unwrap()
            .with_file_name("libwangshi.so");
        assert!(so.exists(), "{} was not built", so.display());
        let path = CString::new(so.to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path.
        let h = unsafe { dlopen(path.as_ptr(), RTLD_NOW) };
        // SAFETY: dlerror's message is NUL-terminated.
        assert!(!h.is_null(), "dlopen: {:?}", unsafe {
            CStr::from_ptr(dlerror())
        });
        Library(h)
    }

    /// The function `name`.
    ///
    /// # Safety
    /// `F` must be the `extern "C" fn` type of that symbol in
    /// include/wangshi.h.
    pub unsafe fn get<F: Copy>(&self, name: &CStr) -> F {
        assert_eq!(size_of::<F>(), size_of::<*mut c_void>());
        // SAFETY: a live handle and a NUL-terminated name.
        let p = unsafe { dlsym(self.0, name.as_ptr()) };
        assert!(!p.is_null(), "dlsym {name:?}");
        // SAFETY: `F` is a function pointer type (the caller's contract).
        unsafe { std::mem::transmute_copy::<*mut c_void, F>(&p) }
    }
}
