package io.flotilla.tasks;

import java.time.Duration;

/**
 * Work that runs every so often on exactly one replica at a time (a recurring db-scheduler task, registered by the
 * task runner for every bean of this type). A run that throws is logged and tried again at the next interval.
 */
public interface PeriodicJob {
    /** The task's name in the scheduler's table; unique and stable across releases. */
    String name();

    /** The delay between the end of one run and the start of the next. */
    Duration interval();

    /** One run. */
    void run();
}
