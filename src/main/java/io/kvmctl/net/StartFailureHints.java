package io.kvmctl.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns QEMU's network start-up errors into one line that says what is wrong and how to fix it. */
public final class StartFailureHints {
    private static final Pattern HOSTFWD = Pattern.compile("[Cc]ould not set up host forwarding rule '([^']*)'");

    private StartFailureHints() {}

    public static Optional<String> forQemuOutput(String output) {
        Matcher m = HOSTFWD.matcher(output);
        if (m.find()) {
            return Optional.of("host port in use: QEMU could not listen for the forward " + m.group(1)
                    + " (another program has that port); choose another host_port, or 'host_port: auto' to let the"
                    + " kernel pick a free one");
        }
        return Optional.empty();
    }

    public static Optional<String> forQemuLog(Path log) {
        try {
            return forQemuOutput(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
