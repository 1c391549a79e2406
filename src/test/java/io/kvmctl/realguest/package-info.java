/**
 * Integration tests that boot real operating systems (Debian, built from Debian packages by
 * {@code test-images/build debian installer}) through kvmctl, under TCG: slow (minutes), so each does one thing.
 */
package io.kvmctl.realguest;
