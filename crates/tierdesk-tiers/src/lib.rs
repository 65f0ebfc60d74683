//! tierdesk-tiers
