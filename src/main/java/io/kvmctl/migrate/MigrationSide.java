package io.kvmctl.migrate;

/** Which end of a migration a QEMU is: some capabilities must be set on both, parameters mostly on the source. */
public enum MigrationSide {
    SOURCE,
    DESTINATION
}
