/**
 * Integration tests of the guests built by {@code test-images/build}: they boot them with bare QEMU (no kvmctl
 * code) so that a failure here points at the images, not at the launcher or the QMP client built on them.
 */
package io.kvmctl.testimages;
