-- Secrets a CRM rotates (a HubSpot OAuth refresh token), encrypted (AES-256-GCM, key from the
-- environment, never in the database): a restart continues with the newest one.
--   replaces_sha256  the SHA-256 of the configured secret it replaced: when an admin configures a
--                    new one, the stored one is stale and is not used
create table connector_secret (
    connector       text not null,
    name            text not null,
    ciphertext      text not null,
    replaces_sha256 text not null,
    updated_at      timestamptz not null default now(),
    primary key (connector, name)
);
