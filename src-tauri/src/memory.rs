//! Listing a large tenant reads megabytes of settings that are dropped at once (only rows and
//! lists are kept); the C allocator keeps such freed memory for later. Giving it back to the
//! system after the listing keeps the app's footprint what it holds, not what it once read.

/// Return freed heap memory to the system (glibc's `malloc_trim`; elsewhere, nothing).
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory the allocator holds free; it has no inputs to
    // get wrong and is safe to call from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}
