/**
 * Clones of a VM: a new profile with its own name, UUID and MAC addresses, whose disks are qcow2 overlays over
 * the source's images, so the source's images are shared read-only and never copied.
 */
package io.kvmctl.clone;
