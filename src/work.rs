//! A count of the work a search does, so that tests can assert that it stays bounded (so many
//! letter comparisons for so much input) instead of timing it, which a busy machine defeats.
//! The count is per thread, and costs an addition where it is kept.

use std::cell::Cell;

thread_local! {
    static COMPARISONS: Cell<u64> = const { Cell::new(0) };
}

/// Counts `n` comparisons (of letters, words or windows) on this thread.
pub fn count(n: u64) {
    COMPARISONS.with(|c| c.set(c.get().saturating_add(n)));
}

/// The comparisons counted on this thread since the last call, and starts again from zero.
pub fn take() -> u64 {
    COMPARISONS.with(|c| c.replace(0))
}
