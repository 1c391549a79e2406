package io.kvmctl.create;

/** A {@code create} that cannot go ahead; the message says what is wrong and how to fix it. Nothing was created. */
public final class CreateException extends Exception {
    private static final long serialVersionUID = 1L;

    public CreateException(String message) {
        super(message);
    }
}
