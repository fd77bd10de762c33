/**
 * The sync engine, the same for every connector kind: the poll loop ({@code DuePolls}, leases,
 * {@code IncrementalReads} with its {@code PollWindow} and checkpoints), how pages reach the store
 * (each connector's inbound route to {@code direct:ingest}, then {@code IngestService} with
 * {@code IngestPage}, the domain steps and {@code PageWrites} in one transaction), and how the
 * outbox reaches the CRMs ({@code OutboxRelay}, {@code OutboundDelivery}, each connector's outbound
 * route, the tenant boundary, the kind's writer). Kinds see only {@link io.partnersync.sync.spi}.
 */
package io.partnersync.sync;
