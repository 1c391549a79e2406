package io.kvmctl.vm;

/**
 * How QEMU ended, as a shell reports it: an exit code, or 128 + the number of the signal that killed it.
 */
public record ExitStatus(int shellCode) {
    public boolean killedBySignal() {
        return shellCode > 128;
    }

    public int signal() {
        return killedBySignal() ? shellCode - 128 : 0;
    }

    /** {@code "exited with status 1"} or {@code "was killed by SIGKILL (signal 9)"}. */
    public String describe() {
        if (!killedBySignal()) {
            return "exited with status " + shellCode;
        }
        String name = switch (signal()) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            case 31 -> "SIGSYS";
            default -> "signal";
        };
        String why = signal() == 31
                // QEMU's seccomp filter kills the process on a forbidden call and QEMU writes nothing: say why here.
                ? ": a system call its seccomp sandbox forbids (a fork, exec or set*id, e.g. from an extra_args option"
                        + " or an exec: migration); the profile's `sandbox: false` turns the sandbox off"
                : "";
        return "was killed by " + name + " (signal " + signal() + ")" + why;
    }

    static ExitStatus parse(String text) {
        try {
            return new ExitStatus(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
