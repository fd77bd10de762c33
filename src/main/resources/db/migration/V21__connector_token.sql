-- The OAuth access token each connector uses now, shared by every instance, so that one refresh
-- serves them all: an instance that needs a new token takes the connector's lock, uses the stored
-- token if another instance refreshed it meanwhile, and refreshes itself otherwise. The token is
-- encrypted like the other secrets (AES-256-GCM, key from the environment, "token/<connector>" as
-- authenticated data); without that key nothing is stored here and the lock alone keeps refreshes
-- one at a time.
create table connector_token (
    connector    text primary key,
    ciphertext   text not null,
    expires_at   timestamptz not null,
    refreshed_at timestamptz not null default now(),
    refreshed_by text not null
);
