//! A kit's batch: the kit's shared questions, and one request per member.
//!
//! Each member's request fixes the kit's answers for it under the user's;
//! the user's shared answers reach a member whose role asks them (unless
//! the kit asks them itself, in which case they arrive through the shared
//! answers); then come the user's `agents.NAME` answers and the member's
//! name. `kit` and `sync` both build their teams here.

use crate::answers::sources::KitKeys;
use crate::answers::{Given, GivenAnswers, TARGETS_KEY, UserAnswers};
use crate::config::Destination;
use crate::error::{Origin, Result};
use crate::kit::{Kit, Member};
use crate::role::Role;
use crate::target::{Overrides, Target};
use crate::value::Raw;

use super::{Batch, Request, Shared, Teammate};

/// What reading the user's answers needs to know about a kit.
pub struct Keys<'a> {
    pub kit: &'a Kit,
    pub shared: &'a Role,
}

impl KitKeys for Keys<'_> {
    fn kit_name(&self) -> &str {
        &self.kit.name
    }

    fn members(&self) -> Vec<&str> {
        self.kit.agents.iter().map(Member::agent_name).collect()
    }

    fn asks(&self, key: &str) -> bool {
        self.kit.knows(key) || self.shared.question(key).is_some()
    }

    fn keys(&self) -> Vec<&str> {
        self.kit.keys()
    }
}

/// The batch of a kit: `shared` is the kit's shared questions as a role
/// (with the plugin's, for `--plugin`).
pub fn batch<'a>(
    kit: &'a Kit,
    shared: &Role,
    user: &UserAnswers,
    targets: &[Target],
    destination: &Destination,
) -> Result<Batch<'a>> {
    let mut shared_given = GivenAnswers::default();
    // Given to the team's own questions, they are this run's answers (and
    // recorded as such); given on to members, they are shared.
    shared_given.layer(
        (user.shared.iter())
            .filter(|g| shared.question(&g.key).is_some())
            .map(|g| Given {
                shared: false,
                ..g.clone()
            }),
    );
    let origin = Origin::Kit {
        kit: kit.name.clone(),
    };
    let requests = kit
        .members()
        .map(|(member, role)| {
            let request = request(kit, member, role, user, &origin)?;
            Ok(Request {
                targets: targets.to_vec(),
                destination: destination.clone(),
                ..request
            })
        })
        .collect::<Result<_>>()?;
    let team = kit
        .members()
        .map(|(member, role)| Teammate {
            name: member.agent_name().to_owned(),
            role: role.name.clone(),
            handoff: role.handoff.clone(),
        })
        .collect();
    Ok(Batch {
        shared: Some(Shared {
            role: shared.clone(),
            given: shared_given,
            origin,
        }),
        requests,
        team,
        detected: Vec::new(),
    })
}

/// One member's request: the kit's answers for it, the user's shared
/// answers its role asks (the kit's own questions arrive as shared
/// answers), the user's answers for this agent, and its name.
fn request<'a>(
    kit: &Kit,
    member: &Member,
    role: &'a Role,
    user: &UserAnswers,
    origin: &Origin,
) -> Result<Request<'a>> {
    let name = member.agent_name();
    let fixed = (member.answers().iter())
        .filter(|(key, _)| key != TARGETS_KEY)
        .map(|(key, raw)| Given::new(key.clone(), raw.clone(), origin.clone()))
        .collect();
    let mut given = GivenAnswers::default();
    given.layer(
        (user.shared.iter())
            .filter(|g| {
                role.question(&g.key).is_some() && kit.questions.iter().all(|q| q.key != g.key)
            })
            .cloned(),
    );
    if let Some(own) = user.agents.get(name) {
        given.layer(own.iter().cloned());
    }
    given.layer([Given::new(
        "name",
        Raw::Str(name.to_owned()),
        origin.clone(),
    )]);
    Ok(Request {
        role,
        label: Some(name.to_owned()),
        fixed,
        given,
        overrides: overrides(member, user, origin)?,
        targets: Vec::new(),
        destination: Destination::Stdout,
    })
}

/// A member's per-target fields: the kit's, then the user's shared ones,
/// then the user's for this agent.
fn overrides(member: &Member, user: &UserAnswers, origin: &Origin) -> Result<Overrides> {
    let mut overrides = Overrides::default();
    if let Some((_, raw)) = member.answers().iter().find(|(k, _)| k == TARGETS_KEY) {
        overrides.layer(Overrides::parse(raw, origin)?);
    }
    overrides.layer(user.shared_targets.clone());
    if let Some(own) = user.agent_targets.get(member.agent_name()) {
        overrides.layer(own.clone());
    }
    Ok(overrides)
}
