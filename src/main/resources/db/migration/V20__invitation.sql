-- Invitations for a partner to connect its own CRM: a single-use link that expires, bound to the
-- partner it was made for. Neither the link's token nor the consent's state is kept, only their
-- SHA-256, so the table gives no one a working link.
--   connection   the connection the consent creates (<partner>-<kind> unless given)
--   entities     what the connection syncs, comma-separated
--   settings     the connection's settings the vendor chose (poll-interval, limits, the kind's block), never a secret
--   state_sha256 the OAuth state of the consent under way; cleared when the CRM answers, so a
--                replayed answer finds nothing
--   identity     the CRM account the partner's admin consented in (hubspot:<hub id>): one CRM is
--                never connected for two partners
--   consented_at the CRM answered and the connection exists, paused; live_at: the partner went
--                live (the link is used up); revoked_at: withdrawn by ops
create table invitation (
    id           bigserial primary key,
    token_sha256 text not null unique,
    partner      text not null,
    kind         text not null,
    connection   text not null,
    entities     text not null,
    settings     jsonb not null default '{}',
    created_by   text not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    opened_at    timestamptz,
    state_sha256 text unique,
    consented_at timestamptz,
    identity     text,
    live_at      timestamptz,
    revoked_at   timestamptz
);

create index invitation_identity on invitation (identity) where identity is not null;
