/**
 * Live migration on top of the launcher and the QMP client: checking what the running QEMU supports, setting
 * capabilities and parameters on both ends, watching the migration converge (events plus {@code query-migrate}),
 * and the safety rules: the source is torn down only after the destination runs, and every failure or cancel
 * leaves the source running and the destination cleaned up. {@link io.kvmctl.migrate.Migration} is the entry.
 */
package io.kvmctl.migrate;
