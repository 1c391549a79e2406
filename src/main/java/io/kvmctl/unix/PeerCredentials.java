package io.kvmctl.unix;

/** Who is on the other end of a Unix socket, as the kernel recorded it when the connection was made. */
public record PeerCredentials(int pid, int uid, int gid) {}
