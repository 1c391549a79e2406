package io.kvmctl.profile;

import java.util.Optional;

/**
 * The {@code incoming} field: where a migration target receives its state. Only sources that need nothing from
 * kvmctl beyond the argument pass (tcp, unix, rdma, or {@code defer} for migrate-incoming over QMP).
 */
final class IncomingSection {
    private final Problems problems;

    IncomingSection(Problems problems) {
        this.problems = problems;
    }

    Optional<String> read(YamlObject t) {
        return t.string("incoming").flatMap(this::uri);
    }

    private Optional<String> uri(String uri) {
        if (uri.equals("defer")) {
            return Optional.of(uri);
        }
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : "";
        switch (scheme) {
            case "tcp", "unix", "rdma" -> {
                if (uri.length() > scheme.length() + 1) {
                    return Optional.of(uri);
                }
                problems.error("incoming", "'" + uri + "' has no address", "write e.g. tcp:0.0.0.0:4444");
            }
            case "exec" ->
                problems.error(
                        "incoming",
                        "exec: migration runs a shell command",
                        "use incoming: defer" + " and start the migration over QMP (migrate-incoming)");
            case "fd" ->
                problems.error(
                        "incoming",
                        "fd: migration needs an fd kvmctl does not pass",
                        "use incoming:" + " defer and migrate-incoming over QMP");
            default ->
                problems.error(
                        "incoming",
                        "'" + uri + "' is not a migration source",
                        "write defer, or a URI" + " such as tcp:0.0.0.0:4444 or unix:/path/to/socket");
        }
        return Optional.empty();
    }
}
