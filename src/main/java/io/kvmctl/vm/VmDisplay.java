package io.kvmctl.vm;

import io.kvmctl.display.Screenshots;
import io.kvmctl.display.VncEndpoint;
import io.kvmctl.qapi.QmpCommands;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a VM shows, from {@link Vm#display()}: screenshots and its VNC server. Each call goes over the VM's QMP
 * monitor (connected on first use), so a VM that no longer runs fails with how QEMU ended.
 */
public final class VmDisplay {
    private final Vm vm;

    VmDisplay(Vm vm) {
        this.vm = vm;
    }

    /**
     * Writes the guest's screen to {@code target} as PNG and returns the image. QEMU writes its dump into the VM's
     * runtime directory (where it may write), which is then moved to {@code target} in one step.
     */
    public BufferedImage screenshot(Path target) throws IOException {
        return Screenshots.capture(vm.qmp(), vm.directory().path(), target);
    }

    /** Where the VNC server listens and whether it wants a password; {@code enabled()} is false without one. */
    public VncEndpoint vnc() throws IOException {
        return VncEndpoint.fromQueryVnc(new QmpCommands(vm.qmp()).queryVnc());
    }

    /**
     * Sets the VNC password (QEMU uses its first 8 characters: VNC authentication is DES with an 8-byte key). A
     * VNC server started with {@code password: false} takes none: check {@link VncEndpoint#needsPassword()}.
     */
    public void setVncPassword(String password) throws IOException {
        new QmpCommands(vm.qmp()).changeVncPassword(password);
    }
}
