package io.drydock.bench;

/**
 * The clean-up of a trial whose fixtures outlive the JVM (VMs, containers, bridges, DNAT rules), run
 * by a shutdown hook if the fork exits before JMH's {@code @TearDown(Level.Trial)} ran: JMH skips
 * the trial's tear-down when {@code @Setup} or the benchmark method throws, and then ends the fork.
 * The action must be idempotent, since the tear-down and the hook may both run it.
 */
final class TrialCleanup {
    /** What a trial's tear-down does. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private final Thread hook;

    private TrialCleanup(Thread hook) {
        this.hook = hook;
    }

    /** Registers {@code action} to run at JVM exit; {@link #disarm} once the tear-down has run it. */
    static TrialCleanup atExit(String benchmark, Action action) {
        Thread hook = new Thread(() -> {
            try {
                action.run();
            } catch (Exception | Error e) {
                System.err.println(benchmark + ": clean-up at exit failed: " + e);
            }
        }, benchmark + " clean-up");
        Runtime.getRuntime().addShutdownHook(hook);
        return new TrialCleanup(hook);
    }

    /**
     * Runs a trial's {@code start}; if it fails, runs {@code tearDown} on what it made, since JMH
     * runs no {@code @TearDown} after a failed {@code @Setup}, and rethrows.
     */
    static void setUp(Action start, Action tearDown) throws Exception {
        try {
            start.run();
        } catch (Exception | Error e) {
            try {
                tearDown.run();
            } catch (Exception | Error cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw e;
        }
    }

    /** The tear-down ran: the hook is no longer needed. */
    void disarm() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: the hook runs anyway, and the action is idempotent.
        }
    }
}
