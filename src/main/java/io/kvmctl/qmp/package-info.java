/**
 * A QMP (QEMU Machine Protocol) client: greeting and capability negotiation, unique command ids, replies routed
 * by id to any number of threads, events fanned out to bounded subscriber queues and per-command timeouts. It knows
 * the protocol, not QEMU's command vocabulary: typed commands and reply records live in {@code io.kvmctl.qapi}.
 *
 * <p>The protocol core ({@link io.kvmctl.qmp.QmpClient} with {@link io.kvmctl.qmp.QmpHandshake},
 * {@link io.kvmctl.qmp.JsonFramer} and {@link io.kvmctl.qmp.QmpMessage}, which encodes commands and decodes
 * replies and events) only sees a {@link io.kvmctl.qmp.QmpTransport}, so it is tested against an
 * in-process fake server; the transport used with QEMU is an {@link io.kvmctl.unix.UnixSocket}.
 */
package io.kvmctl.qmp;
