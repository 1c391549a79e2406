package io.kvmctl.web;

import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

/**
 * Where the server meets the console bridges (package {@code io.kvmctl.web.console}, built beside this one):
 * {@code SerialBridge.open(Vm, WebSocketPeer)} and {@code VncBridge.open(Vm, WebSocketPeer)}. Until that package is
 * merged they are looked up by name, so this branch builds and a missing bridge is a clear 501; at the merge, the
 * two lookups become direct calls.
 */
final class ConsoleBridges {
    private ConsoleBridges() {}

    static WebSocketBridge serial(Vm vm, WebSocketPeer peer) throws IOException {
        return open("io.kvmctl.web.console.SerialBridge", vm, peer);
    }

    static WebSocketBridge vnc(Vm vm, WebSocketPeer peer) throws IOException {
        return open("io.kvmctl.web.console.VncBridge", vm, peer);
    }

    private static WebSocketBridge open(String type, Vm vm, WebSocketPeer peer) throws IOException {
        try {
            return (WebSocketBridge) Class.forName(type)
                    .getMethod("open", Vm.class, WebSocketPeer.class)
                    .invoke(null, vm, peer);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new UnsupportedOperationException("this kvmctl was built without the web console bridges");
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }
}
