//! Two threads on two CPUs: how the stats of a large bank overlap other work on a 2-core machine.

/// Keeps the calling thread on its CPU and sends a helper thread to another one, for as long as it lives:
/// threads start on their parent's CPU and the scheduler is slow to move them, so on a 2-core machine the
/// stats only overlap the search when both are pinned. Best effort: where pinning is not possible, the
/// threads run wherever the scheduler puts them. Dropping it restores the caller's CPUs.
#[cfg(target_os = "linux")]
pub struct Pinned {
    original: Option<rustix::thread::CpuSet>,
    other: Option<usize>,
}

#[cfg(target_os = "linux")]
impl Pinned {
    /// Changes nothing.
    pub fn none() -> Pinned {
        Pinned {
            original: None,
            other: None,
        }
    }

    pub fn split() -> Pinned {
        use rustix::thread::{CpuSet, sched_getaffinity, sched_getcpu, sched_setaffinity};
        let Ok(original) = sched_getaffinity(None) else {
            return Pinned::none();
        };
        let here = sched_getcpu();
        let other = (0..CpuSet::MAX_CPU)
            .map(|step| (here + 1 + step) % CpuSet::MAX_CPU)
            .find(|&cpu| cpu != here && original.is_set(cpu));
        let mut mine = CpuSet::new();
        mine.set(here);
        if other.is_none() || sched_setaffinity(None, &mine).is_err() {
            return Pinned::none();
        }
        Pinned {
            original: Some(original),
            other,
        }
    }

    /// Moves the calling (helper) thread to the other CPU.
    pub fn move_here(&self) {
        if let Some(cpu) = self.other {
            let mut set = rustix::thread::CpuSet::new();
            set.set(cpu);
            let _ = rustix::thread::sched_setaffinity(None, &set);
        }
    }
}

#[cfg(target_os = "linux")]
impl Drop for Pinned {
    fn drop(&mut self) {
        if let Some(original) = &self.original {
            let _ = rustix::thread::sched_setaffinity(None, original);
        }
    }
}

/// Elsewhere the threads run wherever the scheduler puts them.
#[cfg(not(target_os = "linux"))]
pub struct Pinned;

#[cfg(not(target_os = "linux"))]
impl Pinned {
    pub fn none() -> Pinned {
        Pinned
    }

    pub fn split() -> Pinned {
        Pinned
    }

    pub fn move_here(&self) {}
}
