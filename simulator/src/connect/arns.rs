//! The ARNs of the simulated account's resources, as Connect's answers and contact events carry
//! them: `arn:aws:connect:<region>:<account>:instance/<instance>[/<kind>/<id>]`.

use super::models::{SIMULATED_ACCOUNT, SIMULATED_REGION};

pub fn instance_arn(instance_id: &str) -> String {
    format!("arn:aws:connect:{SIMULATED_REGION}:{SIMULATED_ACCOUNT}:instance/{instance_id}")
}

pub fn contact_arn(instance_id: &str, contact_id: &str) -> String {
    format!("{}/contact/{contact_id}", instance_arn(instance_id))
}

pub fn queue_arn(instance_id: &str, queue_id: &str) -> String {
    format!("{}/queue/{queue_id}", instance_arn(instance_id))
}

pub fn agent_arn(instance_id: &str, agent_id: &str) -> String {
    format!("{}/agent/{agent_id}", instance_arn(instance_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_name_the_instance_then_the_resource() {
        let instance = "00000000-0000-4000-8000-000000000000";
        assert_eq!(
            queue_arn(instance, "q"),
            "arn:aws:connect:us-east-1:000000000000:instance/00000000-0000-4000-8000-000000000000/queue/q"
        );
        assert!(
            contact_arn(instance, "c")
                .ends_with(":instance/00000000-0000-4000-8000-000000000000/contact/c")
        );
        assert!(agent_arn(instance, "a").ends_with("/agent/a"));
    }
}
