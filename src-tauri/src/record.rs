//! Commands for the customer record page (客户详情): the timeline, purchases,
//! contacts and dates that matter. Each one delegates to `tierdesk-api`.

use tauri::State;
use tierdesk_api::domain::record::{
    Contact, ContactDraft, CustomerDate, DateDraft, PurchaseSummary, TimelineCount, TimelinePage,
    TimelineQuery,
};
use tierdesk_api::domain::{OrderLine, Page};
use tierdesk_api::ApiError;

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn record_timeline(
    state: State<'_, AppState>,
    id: i64,
    query: TimelineQuery,
) -> Res<TimelinePage> {
    state.with_api(|api| api.customer_timeline(id, &query))
}

#[tauri::command]
pub async fn record_timeline_counts(
    state: State<'_, AppState>,
    id: i64,
) -> Res<Vec<TimelineCount>> {
    state.with_api(|api| api.timeline_counts(id))
}

#[tauri::command]
pub async fn record_lines(
    state: State<'_, AppState>,
    id: i64,
    page: u32,
    page_size: u32,
) -> Res<Page<OrderLine>> {
    state.with_api(|api| api.record_lines(id, page, page_size))
}

#[tauri::command]
pub async fn record_purchases(state: State<'_, AppState>, id: i64) -> Res<PurchaseSummary> {
    state.with_api(|api| api.purchase_summary(id))
}

#[tauri::command]
pub async fn record_contacts(state: State<'_, AppState>, id: i64) -> Res<Vec<Contact>> {
    state.with_api(|api| api.contacts(id))
}

#[tauri::command]
pub async fn contact_add(
    state: State<'_, AppState>,
    customer_id: i64,
    draft: ContactDraft,
) -> Res<Contact> {
    state.with_api(|api| api.add_contact(customer_id, draft))
}

#[tauri::command]
pub async fn contact_edit(
    state: State<'_, AppState>,
    id: i64,
    draft: ContactDraft,
) -> Res<Contact> {
    state.with_api(|api| api.update_contact(id, draft))
}

#[tauri::command]
pub async fn contact_delete(state: State<'_, AppState>, id: i64) -> Res<()> {
    state.with_api(|api| api.delete_contact(id))
}

/// A contact in full, for a purpose the log keeps (显示完整).
#[tauri::command]
pub async fn contact_reveal(state: State<'_, AppState>, id: i64, purpose: String) -> Res<Contact> {
    state.with_api(|api| api.reveal_contact(id, &purpose))
}

#[tauri::command]
pub async fn record_dates(state: State<'_, AppState>, id: i64) -> Res<Vec<CustomerDate>> {
    state.with_api(|api| api.customer_dates(id))
}

#[tauri::command]
pub async fn date_add(
    state: State<'_, AppState>,
    customer_id: i64,
    draft: DateDraft,
) -> Res<CustomerDate> {
    state.with_api(|api| api.add_customer_date(customer_id, draft))
}

#[tauri::command]
pub async fn date_edit(state: State<'_, AppState>, id: i64, draft: DateDraft) -> Res<CustomerDate> {
    state.with_api(|api| api.update_customer_date(id, draft))
}

#[tauri::command]
pub async fn date_delete(state: State<'_, AppState>, id: i64) -> Res<()> {
    state.with_api(|api| api.delete_customer_date(id))
}
