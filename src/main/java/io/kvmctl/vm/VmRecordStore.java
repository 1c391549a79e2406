package io.kvmctl.vm;

import io.kvmctl.files.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link VmRecord}s. A write replaces the record whole ({@link AtomicFile}), so a crash or a full
 * disk leaves the previous record.
 */
public final class VmRecordStore {
    static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private VmRecordStore() {}

    public static void write(VmDirectory dir, VmRecord record) throws IOException {
        AtomicFile.write(dir.state(), JSON.writeValueAsBytes(record), "the state of VM " + dir.name());
    }

    public static Optional<VmRecord> read(VmDirectory dir) throws IOException {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(dir.state()), VmRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JacksonException e) {
            throw new IOException(
                    "the runtime record " + dir.state() + " is damaged (" + e.getOriginalMessage()
                            + "); 'kvmctl down --force " + dir.name() + "' cleans it up",
                    e);
        }
    }
}
