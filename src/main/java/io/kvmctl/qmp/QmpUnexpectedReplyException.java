package io.kvmctl.qmp;

/**
 * QEMU answered a command, but not in the shape its schema promises (a member missing or of another JSON type):
 * {@code query-balloon failed: UnexpectedReply: no whole number 'actual' in the reply {"actual": "big"}}. Only
 * that call fails; the connection stays usable.
 */
public class QmpUnexpectedReplyException extends QmpException {
    public static final String ERROR_CLASS = "UnexpectedReply";

    public QmpUnexpectedReplyException(String command, String description) {
        super(command, ERROR_CLASS, description);
    }
}
