package io.kvmctl.store;

/** A define, edit or undefine refused for a reason the user can fix: the message is one line that says how. */
public final class DefinitionException extends Exception {
    private static final long serialVersionUID = 1L;

    public DefinitionException(String message) {
        super(message);
    }
}
