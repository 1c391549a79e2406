/**
 * {@code kvmctl web}: a web console that is one more kvmctl client. An HTTP and WebSocket server (Jetty) serves
 * the VM list, per-VM graphs, the serial console and the VNC screen of VMs in a runtime root, and the actions a
 * user takes on them; VMs outlive it. See docs/web.md.
 */
package io.kvmctl.web;
