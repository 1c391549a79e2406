package io.kvmctl.unix;

/**
 * A process connected to a listening socket, as {@link SocketClients} finds it.
 *
 * @param socketInode the inode of the client's end of the connection
 * @param pid the process holding that end, 0 when this user cannot see it (another user's process)
 * @param command that process's command name ({@code /proc/PID/comm}), "?" when unknown
 */
public record SocketClient(long socketInode, int pid, String command) {
    /** "pid 1234 (socat)", or what is known of a client this user cannot see. */
    public String describe() {
        return pid > 0
                ? "pid " + pid + " (" + command + ")"
                : "a process this user cannot see (socket inode " + socketInode + "; as root, 'ss -xp' names it)";
    }
}
