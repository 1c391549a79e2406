package io.kvmctl.cli;

/**
 * Work for the JVM's shutdown (SIGINT, SIGTERM, exit): stopping a foreground VM, cancelling a migration, restoring
 * the terminal. Close it when the work it guards is done, so a later exit does not run it.
 */
final class ShutdownHook implements AutoCloseable {
    private final Thread thread;

    private ShutdownHook(Thread thread) {
        this.thread = thread;
    }

    /** Runs {@code action} on a thread called {@code name} when the JVM shuts down, unless closed before. */
    static ShutdownHook register(Runnable action, String name) {
        Thread thread = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(thread);
        return new ShutdownHook(thread);
    }

    /** Unregisters the hook; once the JVM shuts down the hook runs whatever happens here, so this does nothing. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs already (or is about to)
        }
    }
}
