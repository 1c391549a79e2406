package io.kvmctl.migrate;

/** How a migration ended. */
public enum MigrationOutcome {
    /** The destination has the guest (and, for a local migration, runs it); the source is gone. */
    COMPLETED,
    /** QEMU gave up (connection lost, destination died or refused the state); the source runs on. */
    FAILED,
    /** kvmctl or the user cancelled it (Ctrl-C, no progress, no convergence); the source runs on. */
    CANCELLED
}
