//! 我的名字: the name of the person at the desk, asked once and kept in the
//! file's settings. The app acts as that person: every "who" it records —
//! batches, benefit uses, imports, follow-ups, cases, to-dos, points and the
//! 操作日志 — is the actor's user, which [`Api::act_as_desk_person`] sets to
//! the saved name, or to the operating system's user until one is saved.
//! The CLI names `--who` or the OS user instead.

use serde::{Deserialize, Serialize};
use tierdesk_domain::audit::{NewEntry, Source};
use ts_rs::TS;

use crate::{os_user, Api, ApiError, Result};

/// The setting that holds the saved name.
pub const MY_NAME_SETTING: &str = "my_name";

/// The longest name accepted, in characters.
pub const MY_NAME_MAX: usize = 50;

/// The saved name, what it defaults to, and the name in use now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MyName {
    /// `None` until the person has answered once.
    pub saved: Option<String>,
    /// The operating system's user: the suggested answer.
    pub os_user: Option<String>,
    /// The name recorded from now on.
    pub in_use: String,
}

impl Api {
    /// The saved name, the suggestion and the name in use.
    pub fn my_name(&self) -> Result<MyName> {
        Ok(MyName {
            saved: self.saved_name()?,
            os_user: tierdesk_store::os_user(),
            in_use: self.actor().user,
        })
    }

    /// Saves the person's name (trimmed; 1–50 characters) and acts as them
    /// from now on. Recorded as `setting.my_name` with the name before and after.
    /// Refused on a team database, where who acts is the signed-in user (a
    /// 管理员 changes a user's name under 设置 → 用户).
    pub fn set_my_name(&mut self, name: &str) -> Result<MyName> {
        self.allow(crate::domain::Perm::Settings)?;
        if self.is_team() {
            return Err(ApiError::coded(
                crate::ErrorCode::Invalid,
                tierdesk_domain::Msg::new("team.my_name"),
            ));
        }
        let name = name.trim();
        let len = name.chars().count();
        if len == 0 {
            return Err(ApiError::invalid("请填写「我的名字」"));
        }
        if len > MY_NAME_MAX {
            return Err(ApiError::invalid(format!(
                "「我的名字」最多 {MY_NAME_MAX} 字，当前 {} 字",
                tierdesk_domain::text::thousands(len as u64)
            )));
        }
        let entry = NewEntry::new(
            "setting.my_name",
            "setting",
            MY_NAME_SETTING,
            "设置我的名字",
        );
        self.store.set_setting_as(MY_NAME_SETTING, name, entry)?;
        let source = self.actor().source;
        self.set_actor(name, source);
        self.my_name()
    }

    /// Acts as the person at the desk for `source`: the saved name, else the
    /// operating system's user. The app calls it on every file it opens.
    pub fn act_as_desk_person(&mut self, source: Source) {
        // A file whose settings cannot be read still opens; its entries then
        // name the OS user, as before a name was saved.
        let saved = self.saved_name().ok().flatten();
        // On a team database the signed-in user is the person (users.rs).
        let saved = self.store.signed_in().map(|u| u.name).or(saved);
        self.set_actor(saved.as_deref().unwrap_or(""), source);
    }

    fn saved_name(&self) -> Result<Option<String>> {
        Ok(self
            .store
            .setting(MY_NAME_SETTING)?
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty()))
    }
}

/// The person the CLI acts as: `--who` when given, else the OS user.
pub fn cli_person(who: Option<&str>) -> String {
    match who.map(str::trim).filter(|w| !w.is_empty()) {
        Some(w) => w.to_owned(),
        None => os_user("命令行"),
    }
}
