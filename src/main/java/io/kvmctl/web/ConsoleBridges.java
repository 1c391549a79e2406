package io.kvmctl.web;

import io.kvmctl.vm.Vm;
import io.kvmctl.web.console.SerialBridge;
import io.kvmctl.web.console.VncBridge;
import java.io.IOException;

/**
 * Where the server meets the console bridges (package {@code io.kvmctl.web.console}): each WebSocket at
 * {@code /ws/vm/NAME/serial} or {@code /vnc} gets its own bridge on the server's handle of the VM, whose QMP
 * connection is the server's own (the VNC bridge sets its per-connection password through it).
 */
final class ConsoleBridges {
    private ConsoleBridges() {}

    static WebSocketBridge serial(Vm vm, WebSocketPeer peer) throws IOException {
        return SerialBridge.open(vm, peer);
    }

    static WebSocketBridge vnc(Vm vm, WebSocketPeer peer) throws IOException {
        return VncBridge.open(vm, peer);
    }
}
