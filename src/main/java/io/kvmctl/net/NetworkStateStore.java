package io.kvmctl.net;

import io.kvmctl.files.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code net.json} in a VM's runtime directory. Replaced whole ({@link AtomicFile}), so a crash or a full disk
 * leaves the previous record: the list of created taps must survive for the cleanup after a crash.
 */
public final class NetworkStateStore {
    public static final String FILE = "net.json";
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private NetworkStateStore() {}

    public static Path file(Path runtimeDir) {
        return runtimeDir.resolve(FILE);
    }

    public static NetworkState read(Path runtimeDir) throws IOException {
        try {
            return JSON.readValue(Files.readAllBytes(file(runtimeDir)), NetworkState.class);
        } catch (NoSuchFileException e) {
            return NetworkState.EMPTY;
        } catch (JacksonException e) {
            throw new IOException(
                    "the network record " + file(runtimeDir) + " is damaged: " + e.getOriginalMessage(), e);
        }
    }

    public static void write(Path runtimeDir, NetworkState state) throws IOException {
        AtomicFile.write(file(runtimeDir), JSON.writeValueAsBytes(state), "the network record");
    }
}
