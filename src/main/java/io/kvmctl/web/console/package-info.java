/**
 * The bridges of {@code kvmctl web} between a browser's WebSocket and a VM: the serial console (xterm.js on the
 * page, QEMU's serial socket here) and the VNC screen (noVNC on the page, QEMU's VNC server here, which this side
 * authenticates to so no password reaches the browser). They see the server only as
 * {@link io.kvmctl.web.WebSocketPeer}; docs/design/web-contract.md fixes what they send.
 */
package io.kvmctl.web.console;
