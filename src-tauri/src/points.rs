//! Commands for points (积分): a customer's account, adjusting, redeeming,
//! undoing, and the catalogue. Each one delegates to `tierdesk-api`.

use tauri::State;
use tierdesk_api::domain::points::{CatalogueItem, ItemKind, PointsEntry};
use tierdesk_api::{ApiError, PointsAccount, PointsItemEdit, PointsItemLine, PointsPage};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn points_account(state: State<'_, AppState>, id: i64) -> Res<PointsAccount> {
    state.with_api(|api| api.points_account(id, tierdesk_api::today()))
}

/// The balances of one page of the customer list (its 积分 column).
#[tauri::command]
pub async fn points_page(state: State<'_, AppState>, ids: Vec<i64>) -> Res<PointsPage> {
    state.with_api(|api| api.points_page(&ids, tierdesk_api::today()))
}

#[tauri::command]
pub async fn points_adjust(
    state: State<'_, AppState>,
    id: i64,
    points: i64,
    reason: String,
) -> Res<PointsEntry> {
    state.with_api(|api| api.points_adjust(id, points, &reason, tierdesk_api::today()))
}

/// `item` is the catalogue item's `#id`.
#[tauri::command]
pub async fn points_redeem(
    state: State<'_, AppState>,
    id: i64,
    item: i64,
    qty: i64,
) -> Res<PointsEntry> {
    state.with_api(|api| api.points_redeem(id, &format!("#{item}"), qty, tierdesk_api::today()))
}

#[tauri::command]
pub async fn points_undo(
    state: State<'_, AppState>,
    entry: i64,
    reason: String,
) -> Res<PointsEntry> {
    state.with_api(|api| api.points_undo(entry, &reason, tierdesk_api::today()))
}

#[tauri::command]
pub async fn points_catalogue(state: State<'_, AppState>) -> Res<Vec<PointsItemLine>> {
    state.with_api(|api| api.points_catalogue_lines())
}

#[tauri::command]
pub async fn points_catalogue_add(
    state: State<'_, AppState>,
    name: String,
    kind: ItemKind,
    price: i64,
    stock: Option<i64>,
) -> Res<CatalogueItem> {
    state.with_api(|api| api.points_catalogue_add(&name, kind, price, stock))
}

#[tauri::command]
pub async fn points_catalogue_edit(
    state: State<'_, AppState>,
    id: i64,
    edit: PointsItemEdit,
) -> Res<CatalogueItem> {
    state.with_api(|api| api.points_catalogue_edit(id, &edit))
}
