package io.kvmctl.cli;

import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * A JSON parse error as a user reads it: what is wrong and where ({@code unexpected end-of-input: expected close
 * marker for Object, at column 12}), without the parser's source description ("[Source: REDACTED
 * (StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION disabled)...]"). Pure.
 */
final class JsonSyntax {
    private JsonSyntax() {}

    static String describe(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "not JSON" : e.getOriginalMessage();
        for (String noise : new String[] {" (start marker at", "\n", " at [Source", " [Source"}) {
            int at = message.indexOf(noise);
            if (at >= 0) {
                message = message.substring(0, at);
            }
        }
        message = message.strip();
        if (!message.isEmpty()) {
            message = message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
        }
        TokenStreamLocation where = e.getLocation();
        if (where != null && where.getColumnNr() > 0) {
            message += (where.getLineNr() > 1 ? ", at line " + where.getLineNr() + " column " : ", at column ")
                    + where.getColumnNr();
        }
        return message;
    }
}
