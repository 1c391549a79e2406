package io.kvmctl.qmp;

import tools.jackson.databind.JsonNode;

/** A QEMU version as QMP reports it ({@code {"qemu": {"major": 7, "minor": 2, "micro": 22}, "package": "..."}}). */
public record QemuVersion(int major, int minor, int micro, String pkg) implements Comparable<QemuVersion> {
    public static QemuVersion fromJson(JsonNode version) {
        JsonNode qemu = version.path("qemu");
        JsonNode pkg = version.path("package");
        return new QemuVersion(
                number(qemu.path("major")),
                number(qemu.path("minor")),
                number(qemu.path("micro")),
                pkg.isString() ? pkg.stringValue().strip() : "");
    }

    /** A version part; 0 when it is not a whole number that fits (a broken greeting is not worth failing on). */
    private static int number(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 0 ? n.intValue() : 0;
    }

    /** True when this version is at least {@code major.minor}. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    @Override
    public int compareTo(QemuVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(micro, o.micro);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + micro + (pkg.isEmpty() ? "" : " (" + pkg + ")");
    }
}
