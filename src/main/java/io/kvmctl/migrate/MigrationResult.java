package io.kvmctl.migrate;

/**
 * The end of a migration, for the user and for {@code --json}.
 *
 * @param outcome how it ended
 * @param explanation one or two sentences: what happened and where the guest runs now
 * @param vmName the name under which the guest runs now (the destination's after a completed local migration)
 * @param stats QEMU's last {@code query-migrate} figures
 */
public record MigrationResult(MigrationOutcome outcome, String explanation, String vmName, MigrationStats stats) {
    public boolean completed() {
        return outcome == MigrationOutcome.COMPLETED;
    }
}
