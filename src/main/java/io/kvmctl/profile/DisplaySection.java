package io.kvmctl.profile;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/** The {@code display} field: {@code none}, {@code vnc}, or a VNC mapping with display number, address, password. */
final class DisplaySection {
    private final Problems problems;

    DisplaySection(Problems problems) {
        this.problems = problems;
    }

    DisplaySpec read(YamlObject t) {
        Optional<JsonNode> n = t.node("display");
        if (n.isEmpty()) {
            return new DisplaySpec.None();
        }
        if (n.get().isString()) {
            switch (n.get().asString()) {
                case "none" -> {
                    return new DisplaySpec.None();
                }
                case "vnc" -> {
                    return new DisplaySpec.Vnc("127.0.0.1", OptionalInt.empty(), true);
                }
                default -> {
                    problems.error(
                            "display",
                            "'" + n.get().asString() + "' is not a display",
                            "write none, vnc, or" + " a mapping such as {vnc: auto, listen: 127.0.0.1}");
                    return new DisplaySpec.None();
                }
            }
        }
        return YamlObject.open(n.get(), "display", problems, ProfileKeys.VNC)
                .map(this::vnc)
                .orElse(new DisplaySpec.None());
    }

    private DisplaySpec vnc(YamlObject d) {
        OptionalInt number = OptionalInt.empty();
        Optional<JsonNode> vnc = d.node("vnc");
        if (vnc.isEmpty()) {
            problems.error("display.vnc", "missing", "write vnc: auto or a display number (0 = port 5900)");
        } else if (!(vnc.get().isString() && vnc.get().asString().equals("auto"))) {
            number = d.integer("vnc", 0, DisplaySpec.Vnc.AUTO_LAST_DISPLAY);
        }
        String listen =
                d.string("listen").filter(a -> ipLiteral("display.listen", a)).orElse("127.0.0.1");
        boolean password = d.bool("password").orElse(true);
        return new DisplaySpec.Vnc(listen, number, password);
    }

    private boolean ipLiteral(String field, String text) {
        try {
            if (text.matches("[0-9A-Fa-f:.]+")) {
                InetAddress.ofLiteral(text);
                return true;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.error(
                field,
                "'" + text + "' is not an IP address",
                "write an address such as 127.0.0.1 or ::1" + " (0.0.0.0 listens on every interface)");
        return false;
    }
}
