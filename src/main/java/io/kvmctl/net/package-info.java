/**
 * Guest networking and display around QEMU: taps kvmctl creates (and removes), port forwards whose host ports the
 * kernel picks, the per-VM network record ({@code net.json}), NIC hot-plug over QMP, and the NICs of a running VM.
 */
package io.kvmctl.net;
