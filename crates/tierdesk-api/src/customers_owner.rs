//! A customer's owner (负责人) on a team database: who may give customers to
//! whom, and what 「我的客户」 means for the one signed in.

use std::borrow::Cow;

use tierdesk_domain::{CustomerQuery, Msg, Perm};

use crate::{Api, ApiError, ErrorCode, Result};

impl Api {
    /// The query as the store reads it. On a team database `owner: "mine"`
    /// becomes the signed-in user's id; on a local file, which has no users,
    /// the owner filter is dropped (the list shows everyone, as before).
    pub(crate) fn owner_query<'q>(&self, query: &'q CustomerQuery) -> Cow<'q, CustomerQuery> {
        let Some(owner) = query.owner.as_deref().map(str::trim) else {
            return Cow::Borrowed(query);
        };
        let owner = match (self.is_team(), owner) {
            (false, _) | (true, "" | "all") => None,
            (true, "mine") => self.session_user_id().map(|id| id.to_string()),
            (true, other) => Some(other.to_owned()),
        };
        Cow::Owned(CustomerQuery {
            owner,
            ..query.clone()
        })
    }

    /// Gives customers to a user (`None`: shared, nobody's); needs the
    /// right to apply ratings (主管, 管理员). The user must exist and be
    /// active. Returns how many customers changed hands; each leaves an
    /// entry in the log with the owner's name before and after. A local
    /// file has no users: refused there.
    pub fn set_customer_owner(&mut self, ids: &[i64], owner: Option<i64>) -> Result<usize> {
        self.allow(Perm::Ratings)?;
        if !self.is_team() {
            return Err(ApiError::coded(
                ErrorCode::Invalid,
                Msg::new("auth.not_team"),
            ));
        }
        if let Some(id) = owner {
            match self.store.user_standing(id)? {
                None => {
                    return Err(ApiError::coded(
                        ErrorCode::NotFound,
                        Msg::new("users.not_found").with("id", id),
                    ))
                }
                Some((_, false)) => {
                    let name = self.store.user(id)?.name;
                    return Err(ApiError::coded(
                        ErrorCode::Invalid,
                        Msg::new("customers.owner_inactive").with("name", name),
                    ));
                }
                Some((_, true)) => {}
            }
        }
        Ok(self.store.set_customer_owner(ids, owner)?)
    }
}
