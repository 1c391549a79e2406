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
            default -> "signal";
        };
        return "was killed by " + name + " (signal " + signal() + ")";
    }

    static ExitStatus parse(String text) {
        try {
            return new ExitStatus(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
