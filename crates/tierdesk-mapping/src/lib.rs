//! tierdesk-mapping
