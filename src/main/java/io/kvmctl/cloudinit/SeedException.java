package io.kvmctl.cloudinit;

/** A cloud-init document or setting kvmctl cannot make a seed of; the message names it and says how to fix it. */
public final class SeedException extends Exception {
    private static final long serialVersionUID = 1L;

    public SeedException(String message) {
        super(message);
    }
}
