package io.kvmctl.cli;

import java.io.IOException;
import java.nio.file.Path;

/** Where a named VM's sockets are. The launcher owns VM names; until it lands, only {@code --socket} works. */
public final class VmSockets {
    private VmSockets() {}

    /** The QMP socket of the VM called {@code name}. */
    public static Path qmpSocketOf(String name) throws IOException {
        throw new IOException("VM names need the launcher (kvmctl up)");
    }
}
