//! Creating a callback: the customer's contact must still be waiting in queue; then a task
//! scheduled after the initial delay, and the customer's contact stopped. Idempotent twice over:
//! in this process, a repeat is answered from memory with no Connect call; across processes,
//! the `ClientToken` (derived from the contact) makes Connect return the same task.
//!
//! A creation runs to its end whatever happens to the request that started it: Connect's calls
//! can take seconds each, and a browser that gives up between `StartTaskContact` and
//! `StopContact` must not leave a callback whose customer is still queued. It runs in a task of
//! its own, holding the contact's slot, and a repeat finds what it made.
//!
//! Before any call: the client's allowance of new contacts and its shares of the operations,
//! and the day's callbacks for the number and for the client (counted once one is created).

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::daily::{DAY, TallyKey};
use super::phone::CallbackNumber;
use super::{CallbackError, Callbacks, Refusal};
use crate::budget::operations::{MAX_WAIT, Operation};
use crate::clients::Allowance;
use crate::source::{ScheduledTask, SourceError};
use crate::token::{Scope, TokenKey};
use crate::unix_now;

/// What the customer's browser gets: the callback contact, a token for it, the number masked.
#[derive(Clone, PartialEq, Eq)]
pub struct Created {
    pub contact_id: String,
    pub token: String,
    pub masked_number: String,
    /// The token's expiry, Unix seconds.
    pub expires_at: u64,
}

impl std::fmt::Debug for Created {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token opens the callback's status: not for logs.
        f.debug_struct("Created")
            .field("contact_id", &self.contact_id)
            .field("masked_number", &self.masked_number)
            .finish_non_exhaustive()
    }
}

/// `StartTaskContact`'s idempotency key for a contact's callback: one contact, one callback,
/// whichever replica asks. Hashed so it has Connect's allowed length and characters whatever
/// the ID's form.
pub fn client_token(contact: &str) -> String {
    let digest = Sha256::digest(format!("waitline-callback-v1\n{contact}"));
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

impl Callbacks {
    /// The callback for `contact` (a UUID), created now if it has none: `(answer, created)`.
    pub async fn request(
        &self,
        contact: &str,
        number: CallbackNumber,
        tokens: &TokenKey,
        allowance: Allowance,
    ) -> Result<(Created, bool), CallbackError> {
        let this = self.clone();
        let contact = contact.to_owned();
        let tokens = tokens.clone();
        let creation = tokio::spawn(async move {
            let slot = this.shared.created.get(&contact);
            let mut slot = slot.lock().await;
            if let Some(created) = slot.as_ref() {
                return Ok((created.clone(), false));
            }
            let created = this.create(&contact, &number, &tokens, &allowance).await?;
            *slot = Some(created.clone());
            this.shared
                .created_total
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let daily = &this.shared.daily;
            daily.add(&TallyKey::number(number.e164())).await;
            if let Some(client) = allowance.client() {
                daily.add(&TallyKey::client(client)).await;
            }
            Ok((created, true))
        });
        creation
            .await
            .map_err(|error| CallbackError::Internal(format!("callback creation: {error}")))?
    }

    /// The number and the client may have another callback today.
    async fn within_the_day(
        &self,
        number: &CallbackNumber,
        allowance: &Allowance,
    ) -> Result<(), CallbackError> {
        let config = &self.shared.config;
        let daily = &self.shared.daily;
        let too_many = CallbackError::TooMany { retry_after: DAY };
        if daily.count(&TallyKey::number(number.e164())).await >= config.per_number_per_day {
            return Err(too_many);
        }
        if let Some(client) = allowance.client()
            && daily.count(&TallyKey::client(client)).await >= config.per_client_per_day
        {
            return Err(too_many);
        }
        Ok(())
    }

    async fn create(
        &self,
        contact: &str,
        number: &CallbackNumber,
        tokens: &TokenKey,
        allowance: &Allowance,
    ) -> Result<Created, CallbackError> {
        let connect = &self.shared.connect;
        let config = &self.shared.config;
        self.within_the_day(number, allowance).await?;
        allowance
            .creation()
            .map_err(|retry_after| CallbackError::Throttled {
                retry_after: retry_after.max(Duration::from_secs(1)),
            })?;
        self.spend(&[Operation::DescribeContact], MAX_WAIT, allowance)
            .await?;
        let view = connect
            .describe_contact(contact)
            .await
            .map_err(|e| self.failed(Operation::DescribeContact, e))?;
        if !view.in_queue() {
            return Err(Refusal::ContactNotInQueue.into());
        }
        // Both writes' calls are taken before the first is made: a spent budget refuses the
        // request whole, rather than leave a callback whose customer is still in queue.
        let writes: &[Operation] = if config.stop_original {
            &[Operation::StartTaskContact, Operation::StopContact]
        } else {
            &[Operation::StartTaskContact]
        };
        self.spend(writes, MAX_WAIT, allowance).await?;
        let delay = f64::from(config.delay_seconds);
        let task = ScheduledTask {
            flow_id: &config.flow_id,
            previous: contact,
            scheduled_at: (self.shared.clock)() + delay,
            e164: number.e164(),
            client_token: &client_token(contact),
        };
        let task_id = connect
            .start_task_contact(&task)
            .await
            .map_err(|error| match error {
                // Connect refusing a well-formed task means the set-up is wrong (the flow ID,
                // the IAM policy): the proxy's problem, not the customer's.
                SourceError::NotFound | SourceError::Invalid => CallbackError::Internal(
                    "StartTaskContact refused the task: is --callback-flow-id a published flow \
                     of this instance, and the proxy's clock right?"
                        .into(),
                ),
                other => self.failed(Operation::StartTaskContact, other),
            })?;
        if config.stop_original {
            match connect.stop_contact(contact).await {
                // Already ended: what stopping it was for.
                Ok(()) | Err(SourceError::NotFound) => {}
                // The callback exists and is answered; the customer may stay in queue too.
                Err(error) => tracing::warn!(
                    ?error,
                    %task_id,
                    "StopContact failed: the customer's contact may still be in queue"
                ),
            }
        }
        let expires_at = unix_now()
            .saturating_add(u64::from(config.delay_seconds))
            .saturating_add(config.token_ttl.as_secs());
        tracing::info!(%task_id, "callback created");
        Ok(Created {
            token: tokens.mint_scoped(&task_id, expires_at, Scope::Callback),
            contact_id: task_id,
            masked_number: number.masked(),
            expires_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_token_is_fixed_per_contact() {
        let a = client_token("9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f");
        assert_eq!(a, client_token("9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f"));
        assert_ne!(a, client_token("9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e50"));
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
