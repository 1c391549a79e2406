/**
 * What a VM shows: screenshots over QMP ({@code screendump}, PNG where QEMU can, else PPM converted here), and the
 * VNC endpoint a running QEMU reports.
 */
package io.kvmctl.display;
