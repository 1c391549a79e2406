package io.kvmctl.qemu;

import java.util.List;
import java.util.Optional;

/**
 * QEMU's seccomp system-call filter, {@code -sandbox}: what kvmctl starts QEMU with, and what a recorded argv says
 * it was started with.
 *
 * <p>The default is libvirt 9.0's set: {@code obsolete=deny} (old system calls no modern libc makes),
 * {@code elevateprivileges=deny} (set*uid/set*gid), {@code spawn=deny} (fork, vfork, execve) and
 * {@code resourcecontrol=deny} (sched_setaffinity, setpriority, sched_setscheduler, ...). kvmctl needs none of these
 * inside QEMU: it opens taps and passes their descriptors (no qemu-bridge-helper, no ifup script), refuses
 * {@code exec:} migration, and pins vCPU threads from its own process.
 *
 * <p>One exception: a QEMU told to change its own user ({@code -runas} on 7.2, {@code -run-with user=} since 9.0)
 * calls setgid/setgroups/setuid after the filter is in place, so {@code elevateprivileges=deny} kills it with
 * SIGSYS at start (checked on QEMU 7.2 and 10.0). {@code children} does not help: it also denies set*id in QEMU's
 * own process. Such a QEMU gets {@code elevateprivileges=allow}; libvirt can deny it because it changes the user
 * itself, between fork and exec, before QEMU runs.
 *
 * @param on whether QEMU filters system calls
 * @param options the {@code -sandbox} value ({@code on,obsolete=deny,...}), null when off
 */
public record Sandbox(boolean on, String options) {
    public static final String OPTION = "-sandbox";

    /** QEMU without a filter: the profile said {@code sandbox: false}, or the VM started before kvmctl set one. */
    public static final Sandbox OFF = new Sandbox(false, null);

    /**
     * The filter for a start.
     *
     * @param enabled the profile's {@code sandbox} (true unless it says false)
     * @param qemuChangesUser whether QEMU drops to another user itself ({@code -runas}, {@code -run-with user=})
     */
    public static Sandbox forStart(boolean enabled, boolean qemuChangesUser) {
        if (!enabled) {
            return OFF;
        }
        String privileges = qemuChangesUser ? "allow" : "deny";
        return new Sandbox(
                true, "on,obsolete=deny,elevateprivileges=" + privileges + ",spawn=deny,resourcecontrol=deny");
    }

    /** What a VM was started with, read from its recorded argv (the last {@code -sandbox}, as QEMU takes it). */
    public static Sandbox recordedIn(List<String> argv) {
        Optional<String> value = Optional.empty();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(OPTION)) {
                value = Optional.of(argv.get(i + 1));
            }
        }
        return value.filter(v -> v.equals("on") || v.startsWith("on,"))
                .map(v -> new Sandbox(true, v))
                .orElse(OFF);
    }

    /**
     * Whether an argv makes QEMU change its own user. Read from the argv rather than asked of the caller, so
     * whatever adds {@code -runas} or {@code -run-with user=} before the sandbox is placed is taken into account.
     */
    public static boolean qemuChangesUser(List<String> argv) {
        for (int i = 0; i < argv.size() - 1; i++) {
            String option = argv.get(i);
            String value = argv.get(i + 1);
            if (option.equals("-runas") || (option.equals("-run-with") && hasKey(value, "user"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a QemuOpts value ({@code chroot=/x,user=kvmctl}) sets {@code key}; {@code ,,} is a literal comma. */
    static boolean hasKey(String opts, String key) {
        int start = 0;
        for (int i = 0; i <= opts.length(); i++) {
            if (i == opts.length() || opts.charAt(i) == ',') {
                if (i + 1 < opts.length() && opts.charAt(i + 1) == ',') {
                    i++; // an escaped comma inside a value
                    continue;
                }
                if (opts.startsWith(key + "=", start)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /**
     * Why a migration over {@code uri} cannot work under this filter, or empty. {@code exec:} makes QEMU fork a
     * shell: spawn=deny kills QEMU 7.2 with SIGSYS, and 10.0 fails it with "Failed to fork (Operation not
     * permitted)". Refused before QEMU sees it, so no VM is lost to a migration URI.
     */
    public Optional<String> refusedMigration(String uri) {
        if (!on || !uri.startsWith("exec:")) {
            return Optional.empty();
        }
        return Optional.of("'" + uri + "': an exec: migration makes QEMU start a command, which its seccomp sandbox"
                + " forbids (spawn=deny; QEMU 7.2 would be killed); migrate over tcp: or unix:, or start the VM from a"
                + " profile with `sandbox: false`");
    }

    /** The argv elements: {@code -sandbox VALUE}, or none when off (QEMU's default is no filter). */
    public List<String> argv() {
        return on ? List.of(OPTION, options) : List.of();
    }

    /** For {@code status}: {@code on (obsolete=deny, ...)} or {@code off}. */
    public String describe() {
        if (!on) {
            return "off";
        }
        String rest = options.equals("on") ? "" : options.substring("on,".length());
        return rest.isEmpty() ? "on" : "on (seccomp: " + rest.replace(",", ", ") + ")";
    }
}
