/**
 * cloud-init for kvmctl's guests: the NoCloud seed (a small ISO 9660 volume labelled {@code cidata} with
 * {@code meta-data}, {@code user-data} and {@code network-config}) built from a profile's {@code cloud_init:}
 * section and attached read-only.
 */
package io.kvmctl.cloudinit;
