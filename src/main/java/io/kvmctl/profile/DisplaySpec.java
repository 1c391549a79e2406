package io.kvmctl.profile;

import java.util.OptionalInt;

/** The guest's screen: none (serial console only) or a VNC server. */
public sealed interface DisplaySpec {

    record None() implements DisplaySpec {}

    /**
     * A VNC server on {@code listen} (an IP literal, 127.0.0.1 by default). {@code display} is the VNC display number
     * (port 5900 + n); empty means "auto": QEMU takes the first free one, found later through QMP {@code query-vnc}.
     * With {@code password}, QEMU refuses clients until a password is set through QMP ({@code change-vnc-password}):
     * a password never goes on a command line, where every local user can read it.
     */
    record Vnc(String listen, OptionalInt display, boolean password) implements DisplaySpec {
        /** The highest display number "auto" tries, i.e. port 5999. */
        public static final int AUTO_LAST_DISPLAY = 99;
    }
}
