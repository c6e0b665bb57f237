//! Background tasks owned by a guard: dropping the guard stops them. Constructors never spawn;
//! whoever builds a service starts its tasks and keeps the guard as long as the service runs.

use std::future::Future;

use tokio::task::AbortHandle;

/// Tasks that stop when this guard is dropped.
#[derive(Debug, Default)]
#[must_use = "dropping the guard stops its tasks"]
pub struct TaskGuard {
    tasks: Vec<AbortHandle>,
}

impl TaskGuard {
    /// Runs `task` until this guard is dropped. Must be called inside a Tokio runtime.
    pub fn spawn(&mut self, task: impl Future<Output = ()> + Send + 'static) {
        self.tasks.push(tokio::spawn(task).abort_handle());
    }

    /// Takes `other`'s tasks: they now stop with this guard.
    pub fn adopt(&mut self, mut other: TaskGuard) {
        self.tasks.append(&mut other.tasks);
    }
}

impl Drop for TaskGuard {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}
