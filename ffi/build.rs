//! Gives libwangshi.so its SONAME, `libwangshi.so.<major>`, so that programs
//! linked against it record the major version they need and an installed
//! library (`libwangshi.so.<major>.<minor>.<patch>` with the symlinks
//! `scripts/install.sh` makes) can be upgraded in place within a major.

fn main() {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").expect("cargo sets the version");
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    // ELF platforms only (macOS uses -install_name, Windows has no SONAME).
    if !matches!(target_os.as_str(), "macos" | "ios" | "windows") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libwangshi.so.{major}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
