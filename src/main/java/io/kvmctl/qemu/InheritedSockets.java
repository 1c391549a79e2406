package io.kvmctl.qemu;

/**
 * Listening sockets that the launcher bound and QEMU inherits at these descriptor numbers, in place of socket
 * paths that QEMU would bind itself. The launcher can then set their mode before QEMU exists and learn that QEMU
 * is ready (or dead) from one blocking read, with no waiting for a file to appear.
 *
 * @param qmpFd the QMP monitor of the process that started the VM
 * @param controlFd a QMP monitor for short commands from other kvmctl processes
 * @param userMonitorFd a second QMP monitor for long user sessions (qmp-shell, events, scripts)
 * @param serialFd the serial console
 * @param firstOutsideFd the first of the monitors for outside tools (the profile's {@code qmp_sockets}, in order,
 *     at consecutive descriptors); unused when the profile lists none. The guest agent's channel follows them
 *     ({@link #agentFd}), and the NICs' descriptors come after ({@link #firstFreeFd}).
 */
public record InheritedSockets(int qmpFd, int controlFd, int userMonitorFd, int serialFd, int firstOutsideFd) {
    public static final String CONTROL_CHARDEV = "kvmctl-control";
    public static final String USER_MONITOR_CHARDEV = "kvmctl-monitor";
    /** Chardev ids of the outside tools' monitors: {@code kvmctl-qmp-NAME}. */
    public static final String OUTSIDE_CHARDEV_PREFIX = "kvmctl-qmp-";

    /** Without monitors for outside tools. */
    public InheritedSockets(int qmpFd, int controlFd, int userMonitorFd, int serialFd) {
        this(qmpFd, controlFd, userMonitorFd, serialFd, -1);
    }

    /** The guest agent's channel ({@code agent: true}): right after the outside tools' monitors. */
    public int agentFd(io.kvmctl.profile.Profile p) {
        return firstOutsideFd + p.qmpSockets().size();
    }

    /** The first descriptor after all of kvmctl's sockets for {@code p}: where the NICs' descriptors start. */
    public int firstFreeFd(io.kvmctl.profile.Profile p) {
        return agentFd(p) + (p.agent() ? 1 : 0);
    }
}
