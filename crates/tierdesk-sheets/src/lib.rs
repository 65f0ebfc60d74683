//! tierdesk-sheets
