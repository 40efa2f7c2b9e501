package io.mycelium;

/**
 * Runs when a service starts (before it is announced to the mesh) or stops (after it stopped taking
 * calls). Called on the thread that starts or stops the broker (or registers the service while the
 * broker runs). An exception thrown while starting fails the start.
 */
@FunctionalInterface
public interface LifecycleHook {

    /** Runs the hook. */
    void run(ServiceBroker broker) throws Exception;
}
