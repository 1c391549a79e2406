package io.kvmctl.devices;

import io.kvmctl.qapi.PassedFile;
import io.kvmctl.qapi.QmpCommands;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The image files of a hot-plug plan, opened by kvmctl and handed to QEMU as {@code /dev/fdset/N} ({@link
 * PassedFile}): QEMU, which runs as the unprivileged kvmctl user when kvmctl is root, opens a new disk or CD-ROM
 * medium long after it dropped root, so it may not reach the file by its path. The descriptor carries kvmctl's
 * access, read-only for a read-only disk or a CD-ROM. A backing file named inside a qcow2 image is still opened by
 * QEMU by path (docs/hardening.md). After a plan succeeded the sets stay ({@link #keep()}) so {@code device list}
 * names the file; {@code device del} removes a disk's set with its node. After a failure they go.
 */
final class HandedOverFiles implements AutoCloseable {
    private static final String FDSET_PREFIX = "/dev/fdset/";
    private final QmpCommands qmp;
    private final List<PassedFile> passed = new ArrayList<>();

    HandedOverFiles(QmpCommands qmp) {
        this.qmp = qmp;
    }

    /** {@code step} with its file (if it names one) replaced by a descriptor handed over now. */
    QmpStep handOver(QmpStep step) throws IOException {
        ObjectNode args = step.arguments().deepCopy();
        switch (step.command()) {
            case "blockdev-add" -> {
                if (args.path("file") instanceof ObjectNode file
                        && file.path("driver").asString("").equals("file")) {
                    boolean readOnly = file.path("read-only").asBoolean(false);
                    file.put("filename", pass(file.path("filename").asString(), readOnly));
                }
            }
            case "blockdev-change-medium" -> {
                boolean readOnly = args.path("read-only-mode").asString("").equals("read-only");
                args.put("filename", pass(args.path("filename").asString(), readOnly));
            }
            default -> {
                return step;
            }
        }
        return new QmpStep(step.command(), args);
    }

    private String pass(String file, boolean readOnly) throws IOException {
        PassedFile p = PassedFile.open(
                qmp, Path.of(file), readOnly ? PassedFile.Access.READ_ONLY : PassedFile.Access.READ_WRITE);
        passed.add(p);
        return p.path();
    }

    /**
     * The file a medium is, as the user named it: a handed-over one shows in QEMU as {@code /dev/fdset/N}, whose set
     * carries the path as its opaque text ({@code query-fdsets}, which lists a removed set while QEMU still uses it).
     */
    static String named(String medium, JsonNode fdsets) {
        if (!medium.startsWith(FDSET_PREFIX)) {
            return medium;
        }
        String id = medium.substring(FDSET_PREFIX.length());
        for (JsonNode set : fdsets) {
            if (set.path("fdset-id").asString("").equals(id)) {
                for (JsonNode fd : set.path("fds")) {
                    if (fd.has("opaque")) {
                        return fd.path("opaque").asString();
                    }
                }
            }
        }
        return medium;
    }

    /** The fd set a medium of QEMU's is, if it is one. */
    static java.util.Optional<Integer> fdsetOf(String medium) {
        if (!medium.startsWith(FDSET_PREFIX)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Integer.parseInt(medium.substring(FDSET_PREFIX.length())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** After success: the sets stay in QEMU, kvmctl's copies are closed. */
    void keep() throws IOException {
        for (PassedFile p : passed) {
            p.keep();
        }
    }

    /** Gives up kvmctl's copies; QEMU keeps each descriptor while a block node uses it. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (PassedFile p : passed) {
            try {
                p.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
