package io.kvmctl.agent;

import io.kvmctl.unix.UnixSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection to qemu-ga. Its protocol looks like QMP but is not: no greeting, no capabilities, no ids, and the
 * channel outlives both ends, so a reply left over from an earlier client (or a command half-written when that
 * client died) may sit in it. Every connection therefore starts with {@code guest-sync-delimited}: the 0xFF byte
 * sent first makes the agent drop any partial input, and its reply is preceded by a 0xFF byte, before which
 * everything is stale; the reply carries back the random id sent, which tells this sync's answer from an older one.
 *
 * <p>When no agent runs in the guest the channel still accepts bytes and never answers, so the first sync is the
 * timeout that tells "no agent" apart; kvmctl uses a short one there and falls back to what works without it.
 */
public final class GuestAgent implements AutoCloseable {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int DELIMITER = 0xFF;

    private final UnixSocket socket;
    private final byte[] buffer = new byte[8192];
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int bufferStart;
    private int bufferEnd;

    private GuestAgent(UnixSocket socket) {
        this.socket = socket;
    }

    /** Connects to the agent's channel at {@code socket} and synchronises with the agent within {@code timeout}. */
    public static GuestAgent connect(Path socket, Duration timeout) throws IOException {
        return over(UnixSocket.connect(socket, timeout), timeout);
    }

    /** Takes over a connected socket (closed if the sync fails) and synchronises within {@code timeout}. */
    public static GuestAgent over(UnixSocket socket, Duration timeout) throws IOException {
        GuestAgent agent = new GuestAgent(socket);
        try {
            agent.sync(timeout);
            return agent;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void sync(Duration timeout) throws IOException {
        long id = RANDOM.nextLong(1, Long.MAX_VALUE >> 12); // within a double's exact range: the agent parses JSON
        ObjectNode command = JSON.createObjectNode().put("execute", "guest-sync-delimited");
        command.putObject("arguments").put("id", id);
        byte[] line = (JSON.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] withReset = new byte[line.length + 1];
        withReset[0] = (byte) DELIMITER;
        System.arraycopy(line, 0, withReset, 1, line.length);
        socket.write(withReset, 0, withReset.length, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            skipPastDelimiter(remaining(deadline, "guest-sync-delimited"));
            JsonNode reply = readLine(remaining(deadline, "guest-sync-delimited"), "guest-sync-delimited");
            if (reply.path("return").asLong(-1) == id) {
                return;
            }
            // an older client's sync answer: keep looking for ours
        }
    }

    /**
     * Runs {@code command} with {@code arguments} (may be null) and returns its {@code return} value.
     *
     * @throws GuestAgentException for an error reply, a timeout or a closed channel
     */
    public JsonNode execute(String command, ObjectNode arguments, Duration timeout) throws IOException {
        send(command, arguments, timeout);
        JsonNode reply = readLine(timeout, command);
        if (reply.has("error")) {
            JsonNode error = reply.get("error");
            throw new GuestAgentException(
                    "guest agent: " + command + " failed: " + error.path("desc").asString(error.toString()));
        }
        return reply.path("return");
    }

    /** Whether the agent answers {@code guest-ping} within {@code timeout}. */
    public void ping(Duration timeout) throws IOException {
        execute("guest-ping", null, timeout);
    }

    /** The guest's network interfaces and their addresses ({@code guest-network-get-interfaces}). */
    public List<GuestAddress> addresses(Duration timeout) throws IOException {
        return GuestAddresses.parse(execute("guest-network-get-interfaces", null, timeout));
    }

    /**
     * Asks the guest to power off ({@code guest-shutdown}, mode {@code powerdown}). The agent sends no reply when it
     * succeeds, so this returns once the command is written; the caller waits for QEMU to exit.
     */
    public void shutdown(Duration timeout) throws IOException {
        ObjectNode arguments = JSON.createObjectNode().put("mode", "powerdown");
        send("guest-shutdown", arguments, timeout);
    }

    /** Freezes the guest's file systems; returns how many were frozen. Thaw with {@link #thaw}. */
    public int freeze(Duration timeout) throws IOException {
        return execute("guest-fsfreeze-freeze", null, timeout).asInt();
    }

    /** Thaws what {@link #freeze} froze; returns how many file systems were thawed. */
    public int thaw(Duration timeout) throws IOException {
        return execute("guest-fsfreeze-thaw", null, timeout).asInt();
    }

    private void send(String command, ObjectNode arguments, Duration timeout) throws IOException {
        ObjectNode message = JSON.createObjectNode().put("execute", command);
        if (arguments != null) {
            message.set("arguments", arguments);
        }
        byte[] line = (JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        socket.write(line, 0, line.length, timeout);
    }

    private void skipPastDelimiter(Duration timeout) throws IOException {
        while (true) {
            if (bufferStart == bufferEnd) {
                fill(timeout, "guest-sync-delimited");
            }
            while (bufferStart < bufferEnd) {
                if ((buffer[bufferStart++] & 0xff) == DELIMITER) {
                    return;
                }
            }
        }
    }

    private JsonNode readLine(Duration timeout, String command) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        pending.reset();
        while (true) {
            while (bufferStart < bufferEnd) {
                byte b = buffer[bufferStart++];
                if (b == '\n') {
                    String text = pending.toString(StandardCharsets.UTF_8).strip();
                    pending.reset();
                    if (text.isEmpty()) {
                        continue;
                    }
                    try {
                        return JSON.readTree(text);
                    } catch (JacksonException e) {
                        throw new GuestAgentException("guest agent: " + command + ": the reply is not JSON: "
                                + (text.length() > 80 ? text.substring(0, 80) + "..." : text));
                    }
                }
                pending.write(b);
            }
            fill(remaining(deadline, command), command);
        }
    }

    private void fill(Duration timeout, String command) throws IOException {
        int n;
        try {
            n = socket.read(buffer, 0, buffer.length, timeout);
        } catch (SocketTimeoutException e) {
            throw new GuestAgentException(
                    "guest agent: no answer to " + command + " in " + timeout.toMillis() + " ms: is qemu-ga running "
                            + "in the guest (package qemu-guest-agent) and the guest up?",
                    e);
        }
        if (n < 0) {
            throw new GuestAgentException("guest agent: the channel closed during " + command);
        }
        bufferStart = 0;
        bufferEnd = n;
    }

    private static Duration remaining(long deadline, String command) throws GuestAgentException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new GuestAgentException("guest agent: no answer to " + command + " in time: is qemu-ga running "
                    + "in the guest (package qemu-guest-agent) and the guest up?");
        }
        return Duration.ofNanos(left);
    }

    @Override
    public void close() {
        socket.close();
    }
}
