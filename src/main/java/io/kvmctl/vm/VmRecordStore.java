package io.kvmctl.vm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link VmRecord}s. A write goes to a temporary file that is synced and then renamed over the
 * old one, so a crash or a full disk leaves the previous record whole.
 */
public final class VmRecordStore {
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private VmRecordStore() {}

    public static void write(VmDirectory dir, VmRecord record) throws IOException {
        Path target = dir.state();
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            byte[] bytes = JSON.writeValueAsBytes(record);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap(bytes));
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | JacksonException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup); // the write's own failure is what the user needs to see
            }
            throw new IOException("could not record the state of VM " + dir.name() + " in " + target + ": "
                    + e.getMessage() + " (the previous record, if any, is unchanged)", e);
        }
    }

    public static Optional<VmRecord> read(VmDirectory dir) throws IOException {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(dir.state()), VmRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JacksonException e) {
            throw new IOException("the runtime record " + dir.state() + " is damaged (" + e.getOriginalMessage()
                    + "); 'kvmctl down --force " + dir.name() + "' cleans it up", e);
        }
    }
}
