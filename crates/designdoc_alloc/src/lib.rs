//! The allocator of the `designdoc` binary and of the speed gate
//! (`designdoc_repo`'s `gate` example): mimalloc, tuned at start-up.
//! Linking this crate installs it; call [`tune`] first thing in `main`.
//!
//! mimalloc, because the model allocates many small strings and vectors
//! per document, from several threads: glibc's allocator spent about a
//! fifth of a check run there.
//!
//! # Example
//!
//! A binary that links the crate allocates through mimalloc; `tune` is
//! idempotent, so calling it again is harmless:
//!
//! ```
//! designdoc_alloc::tune();
//! let docs: Vec<String> = (0..3).map(|i| format!("{i:04}-doc.md")).collect();
//! assert_eq!(docs[2], "0002-doc.md");
//! ```
#![warn(missing_docs)]

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` in mimalloc v3's `mimalloc.h` (the
/// fifth of `mi_option_e`; libmimalloc-sys names no constant for it in
/// v3). The version is pinned by Cargo.lock, and
/// `tests::the_option_set_is_arena_eager_commit` reads it back by name.
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// The variable mimalloc reads the same option from: when it is set, the
/// user's value stands.
const ARENA_EAGER_COMMIT_VAR: &std::ffi::CStr = c"MIMALLOC_ARENA_EAGER_COMMIT";

/// `mi_option_purge_delay` (the sixteenth of `mi_option_e` in v3):
/// milliseconds before freed pages go back to the system.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Its variable.
const PURGE_DELAY_VAR: &std::ffi::CStr = c"MIMALLOC_PURGE_DELAY";

/// The purge delay designdoc runs with: 1 ms instead of mimalloc's 10.
/// A check run frees each doc's parse as the next is read; held for 10 ms,
/// those pages added 20 MB of resident memory to checking 10,000 docs on
/// two threads (36 MB instead of 56), in the same time.
const PURGE_DELAY_MS: std::ffi::c_long = 1;

unsafe extern "C" {
    /// The C library's `getenv`: it reads the environment without
    /// allocating, which `std::env` cannot promise before the allocator is
    /// tuned.
    fn getenv(name: *const std::ffi::c_char) -> *const std::ffi::c_char;
}

/// Tells mimalloc to commit memory as it is used rather than a whole
/// arena at once, unless `MIMALLOC_ARENA_EAGER_COMMIT` says otherwise. On
/// Linux it commits arenas eagerly by default, and checking 10,000 docs
/// peaked at 61-72 MB of resident memory with it and 33 MB without, in the
/// same time (docs/benchmarks.md).
///
/// It must run before mimalloc reserves its first arena, which the Rust
/// runtime's own allocations do before `main`: on Linux it runs as a
/// constructor of the executable, from `.init_array`, like mimalloc's own
/// initialisation (whichever comes first, mimalloc reads the option when
/// it reserves an arena, and an option set stays set). Elsewhere `main`'s
/// call is the first, and comes after the first arena.
///
/// It also shortens the delay before freed memory goes back to the system
/// ([`PURGE_DELAY_MS`]), unless `MIMALLOC_PURGE_DELAY` is set.
pub fn tune() {
    for (option, var, value) in [
        (ARENA_EAGER_COMMIT, ARENA_EAGER_COMMIT_VAR, 0),
        (PURGE_DELAY, PURGE_DELAY_VAR, PURGE_DELAY_MS),
    ] {
        // SAFETY: a NUL-terminated name; nothing writes the environment at
        // start-up, or in `main` before it starts threads.
        let set_by_user = unsafe { !getenv(var.as_ptr()).is_null() };
        if !set_by_user {
            // SAFETY: sets an option mimalloc reads when it reserves an
            // arena or purges; any value is valid, at any time, from any
            // thread.
            unsafe { libmimalloc_sys::mi_option_set(option, value) }
        }
    }
}

/// [`tune`], before `main`: an entry of the ELF constructor table.
#[cfg(target_os = "linux")]
#[used]
// SAFETY: the table holds plain `extern "C" fn()` pointers, called once
// by the loader; `tune_at_start` neither allocates nor panics.
#[unsafe(link_section = ".init_array")]
static TUNE_AT_START: extern "C" fn() = tune_at_start;

#[cfg(target_os = "linux")]
extern "C" fn tune_at_start() {
    tune();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::{CStr, c_char, c_void};

    // Not declared by libmimalloc-sys: mimalloc v3 prints every option,
    // by name, through a callback.
    unsafe extern "C" {
        fn mi_options_print_out(out: libmimalloc_sys::mi_output_fun, arg: *mut c_void);
    }

    unsafe extern "C" fn collect(msg: *const c_char, arg: *mut c_void) {
        // SAFETY: mimalloc passes a NUL-terminated message, and `arg` is
        // the `String` `printed` lent it, alive for the call.
        unsafe {
            (*arg.cast::<String>()).push_str(&CStr::from_ptr(msg).to_string_lossy());
        }
    }

    /// mimalloc's own account of its options, one `option 'NAME': VALUE`
    /// line each.
    fn printed() -> String {
        let mut out = String::new();
        // SAFETY: `collect` matches `mi_output_fun` and only appends to
        // `out`, which outlives the call.
        unsafe { mi_options_print_out(Some(collect), (&raw mut out).cast()) };
        out
    }

    /// The numbers set are the options meant (a mimalloc update that
    /// renumbered its options would fail here, not silently tune another
    /// one), and the constructor set them before the tests ran. One test:
    /// the options are global, and tests run in parallel.
    #[test]
    fn the_options_set_are_arena_eager_commit_and_purge_delay() {
        let before = printed();
        assert!(
            before.contains("option 'arena_eager_commit': 0"),
            "{before}"
        );
        assert!(before.contains("option 'purge_delay': 1 "), "{before}");
        // SAFETY: sets options; any value is valid.
        unsafe {
            libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 7);
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 10);
        }
        let after = printed();
        assert!(after.contains("option 'arena_eager_commit': 7"), "{after}");
        assert!(after.contains("option 'purge_delay': 10 "), "{after}");
        tune();
        assert_eq!(printed(), before);
    }
}
