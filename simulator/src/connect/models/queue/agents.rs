//! The agents: each in a routing profile, idle or busy until a known time. The idle ones are
//! kept in order (dispatch offers contacts to them lowest number first), and the busy ones'
//! release times in a min-heap, so the next release is found in O(log n) per event rather
//! than by scanning every agent. An agent freed early (a hang-up) or kept longer leaves its old
//! heap entry behind; entries that no longer match the agent are dropped when they surface.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use super::lines::{ordered, unordered};

#[derive(Debug, Clone)]
pub(super) struct Agents {
    /// When each agent frees up; `None` while idle.
    busy_until: Vec<Option<f64>>,
    profile_of: Vec<usize>,
    idle: BTreeSet<usize>,
    /// (release time as ordered bits, agent), soonest first; may hold stale entries.
    releases: BinaryHeap<Reverse<(u64, usize)>>,
}

impl Agents {
    /// Agents in the given profiles, each busy until the time given, or idle.
    pub(super) fn new(profiles: Vec<usize>, busy_until: Vec<Option<f64>>) -> Self {
        let mut agents = Self {
            idle: BTreeSet::new(),
            releases: BinaryHeap::new(),
            busy_until: vec![None; busy_until.len()],
            profile_of: profiles,
        };
        for (agent, until) in busy_until.into_iter().enumerate() {
            agents.set(agent, until);
        }
        agents
    }

    pub(super) fn len(&self) -> usize {
        self.busy_until.len()
    }

    pub(super) fn profile_of(&self, agent: usize) -> usize {
        self.profile_of[agent]
    }

    pub(super) fn busy_until(&self, agent: usize) -> Option<f64> {
        self.busy_until[agent]
    }

    pub(super) fn is_idle(&self, agent: usize) -> bool {
        self.busy_until[agent].is_none()
    }

    /// Idle agents, lowest number first.
    pub(super) fn idle(&self) -> impl Iterator<Item = usize> + '_ {
        self.idle.iter().copied()
    }

    /// Agent `agent` busy until `until`, or idle with `None`.
    pub(super) fn set(&mut self, agent: usize, until: Option<f64>) {
        self.busy_until[agent] = until;
        match until {
            Some(at) => {
                self.idle.remove(&agent);
                self.releases.push(Reverse((ordered(at), agent)));
            }
            None => {
                self.idle.insert(agent);
            }
        }
    }

    /// Drops release entries that no longer say when their agent frees up.
    pub(super) fn prune(&mut self) {
        while let Some(&Reverse((bits, agent))) = self.releases.peek() {
            if self.busy_until[agent].is_some_and(|until| ordered(until) == bits) {
                break;
            }
            self.releases.pop();
        }
    }

    /// The next agent to free up, and when: the earliest, lowest-numbered at equal times. Call
    /// [`Self::prune`] first.
    pub(super) fn next_release(&self) -> Option<(f64, usize)> {
        self.releases
            .peek()
            .map(|&Reverse((bits, agent))| (unordered(bits), agent))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_come_soonest_first_and_stale_ones_are_skipped() {
        let mut agents = Agents::new(vec![0, 0, 0], vec![Some(30.0), None, Some(10.0)]);
        assert_eq!(agents.idle().collect::<Vec<_>>(), [1]);
        agents.prune();
        assert_eq!(agents.next_release(), Some((10.0, 2)));
        agents.set(2, None); // hung up early
        agents.set(1, Some(30.0));
        agents.prune();
        assert_eq!(
            agents.next_release(),
            Some((30.0, 0)),
            "lowest number first"
        );
        assert_eq!(agents.idle().collect::<Vec<_>>(), [2]);
        agents.set(0, Some(50.0)); // kept longer
        agents.prune();
        assert_eq!(agents.next_release(), Some((30.0, 1)));
    }
}
