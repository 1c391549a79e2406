package io.kvmctl.vm;

import java.io.IOException;

/** There is no VM of that name (for this user). */
public class NoSuchVmException extends IOException {
    public NoSuchVmException(String name, RuntimeRoot root) {
        super("no VM named '" + name + "' (looked in " + root.path() + "); 'kvmctl list' shows the VMs there");
    }
}
