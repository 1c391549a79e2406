/**
 * AF_UNIX stream sockets for talking to QEMU: connect to a path (also paths longer than {@code sun_path}),
 * {@code socketpair}, listen/accept, reads and writes with timeouts, file-descriptor passing (SCM_RIGHTS) and
 * peer credentials. The JDK's own Unix-domain channels cannot pass descriptors, which QMP's {@code getfd} and
 * {@code add-fd} need. The native calls themselves live in {@link io.kvmctl.sys.UnixSocketCalls}.
 */
package io.kvmctl.unix;
