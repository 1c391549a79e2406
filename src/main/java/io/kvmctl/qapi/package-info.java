/**
 * QEMU's QMP vocabulary, typed: the commands kvmctl uses ({@link io.kvmctl.qapi.QmpCommands}) and records for
 * their replies ({@link io.kvmctl.qapi.QmpStatus}, {@link io.kvmctl.qapi.MigrationInfo}, ...), and a QEMU's own description
 * of its commands ({@link io.kvmctl.qapi.QmpIntrospection}, from {@code query-qmp-schema}). The protocol itself
 * (framing, ids, events, timeouts) is {@code io.kvmctl.qmp}; this package only names what is said over it.
 */
package io.kvmctl.qapi;
