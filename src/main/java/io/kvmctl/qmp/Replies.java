package io.kvmctl.qmp;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads members of QMP replies without trusting their JSON types. Jackson 3's no-argument accessors
 * ({@code asString()}, {@code asInt()}, {@code asLong()}, {@code asBoolean()}) throw an unchecked
 * {@code JsonNodeException} on a value of another type; a reply from a broken or hostile QEMU must fail the one
 * call with a {@link QmpUnexpectedReplyException} instead (strict readers), or fall back (lenient readers).
 */
public final class Replies {
    private Replies() {}

    /** {@code reply.field} as a string, or a {@link QmpUnexpectedReplyException} naming {@code command}. */
    public static String string(String command, JsonNode reply, String field) throws QmpUnexpectedReplyException {
        JsonNode v = reply == null ? null : reply.get(field);
        if (v == null || !v.isString()) {
            throw unexpected(command, "no string '" + field + "'", reply);
        }
        return v.stringValue();
    }

    /** {@code reply.field} as a whole number that fits a long. */
    public static long wholeNumber(String command, JsonNode reply, String field) throws QmpUnexpectedReplyException {
        JsonNode v = reply == null ? null : reply.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw unexpected(command, "no whole number '" + field + "'", reply);
        }
        return v.longValue();
    }

    /** {@code reply.field} as a whole number that fits an int. */
    public static int intNumber(String command, JsonNode reply, String field) throws QmpUnexpectedReplyException {
        JsonNode v = reply == null ? null : reply.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw unexpected(command, "no whole number '" + field + "'", reply);
        }
        return v.intValue();
    }

    /** {@code reply.field} as true or false. */
    public static boolean bool(String command, JsonNode reply, String field) throws QmpUnexpectedReplyException {
        JsonNode v = reply == null ? null : reply.get(field);
        if (v == null || !v.isBoolean()) {
            throw unexpected(command, "no true or false '" + field + "'", reply);
        }
        return v.booleanValue();
    }

    /** The string {@code node} holds; {@code fallback} when it is missing, null or of another type. */
    public static String stringOr(JsonNode node, String fallback) {
        return node != null && node.isString() ? node.stringValue() : fallback;
    }

    /** The string {@code node} holds, if it is one. */
    public static Optional<String> optionalString(JsonNode node) {
        return Optional.ofNullable(stringOr(node, null));
    }

    /** A whole number that fits a long; {@code fallback} otherwise. */
    public static long longOr(JsonNode node, long fallback) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : fallback;
    }

    /** A whole number that fits an int; {@code fallback} otherwise. */
    public static int intOr(JsonNode node, int fallback) {
        return node != null && node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : fallback;
    }

    /** A boolean; {@code fallback} otherwise. */
    public static boolean boolOr(JsonNode node, boolean fallback) {
        return (node != null && node.isBoolean()) ? node.booleanValue() : fallback;
    }

    static QmpUnexpectedReplyException unexpected(String command, String what, JsonNode reply) {
        return new QmpUnexpectedReplyException(
                command, what + " in the reply " + QmpMessage.abbreviate(String.valueOf(reply)));
    }
}
