//! Rules in Chinese and the rule builder: thin delegates to `tierdesk-api`.

use tauri::State;
use tierdesk_api::engine::{RuleCheck, RuleFigure, RuleNode, TomlProblem};
use tierdesk_api::ApiError;

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn check_rule(state: State<'_, AppState>, text: String) -> Res<RuleCheck> {
    state.with_api(|api| api.check_rule(&text))
}

#[tauri::command]
pub async fn rule_from_tree(state: State<'_, AppState>, tree: RuleNode) -> Res<RuleCheck> {
    state.with_api(|api| api.rule_from_tree(tree))
}

#[tauri::command]
pub async fn rule_figures(state: State<'_, AppState>) -> Res<Vec<RuleFigure>> {
    state.with_api(|api| api.rule_figures())
}

#[tauri::command]
pub async fn scheme_text_problem(
    state: State<'_, AppState>,
    toml: String,
) -> Res<Option<TomlProblem>> {
    state.with_api(|api| api.scheme_text_problem(&toml))
}
