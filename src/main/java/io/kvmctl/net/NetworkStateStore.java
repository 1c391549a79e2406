package io.kvmctl.net;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code net.json} in a VM's runtime directory. Written through a synced temporary file and a rename, so a crash
 * leaves the previous record whole: the list of created taps must survive for the cleanup after a crash.
 */
public final class NetworkStateStore {
    public static final String FILE = "net.json";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

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
            throw new IOException("the network record " + file(runtimeDir) + " is damaged: " + e.getOriginalMessage(), e);
        }
    }

    public static void write(Path runtimeDir, NetworkState state) throws IOException {
        Path target = file(runtimeDir);
        Path temp = target.resolveSibling(FILE + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(state)));
            out.force(true);
        } catch (JacksonException e) {
            throw new IOException("could not write " + target + ": " + e.getOriginalMessage(), e);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
