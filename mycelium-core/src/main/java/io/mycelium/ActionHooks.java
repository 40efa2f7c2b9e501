package io.mycelium;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The before, after and error hooks of a service, for all its actions ({@code "*"}) and per action.
 * Immutable and thread-safe; filled through {@link Service.Builder#before}, {@link Service.Builder#after},
 * {@link Service.Builder#onError} or the {@link Before}, {@link After} and {@link OnError} annotations.
 *
 * <p>Order of one call (validation of record params, when declared, runs first of all):
 * <ol>
 *   <li>service-wide before hooks, then the action's before hooks, each in the order added;
 *   <li>the handler;
 *   <li>the action's after hooks, then the service-wide after hooks, each passing its result to the next;
 *   <li>on a failure in any of the above: the action's error hooks, then the service-wide ones; the first
 *       that returns a value recovers the call (no after hook runs on a recovered value).
 * </ol>
 */
public final class ActionHooks {
    /** The key of hooks that apply to every action of the service. */
    public static final String ALL = "*";

    private static final ActionHooks NONE = new ActionHooks(Map.of(), Map.of(), Map.of());

    private final Map<String, List<BeforeHook>> before;
    private final Map<String, List<AfterHook>> after;
    private final Map<String, List<ErrorHook>> error;

    private ActionHooks(
            Map<String, List<BeforeHook>> before,
            Map<String, List<AfterHook>> after,
            Map<String, List<ErrorHook>> error) {
        this.before = before;
        this.after = after;
        this.error = error;
    }

    /** No hooks. */
    public static ActionHooks none() {
        return NONE;
    }

    /** The before hooks of {@code action} (short name), or of every action for {@link #ALL}. */
    public List<BeforeHook> before(String action) {
        return before.getOrDefault(action, List.of());
    }

    /** The after hooks of {@code action} (short name), or of every action for {@link #ALL}. */
    public List<AfterHook> after(String action) {
        return after.getOrDefault(action, List.of());
    }

    /** The error hooks of {@code action} (short name), or of every action for {@link #ALL}. */
    public List<ErrorHook> onError(String action) {
        return error.getOrDefault(action, List.of());
    }

    /** True when no hook applies to {@code action}. */
    public boolean noneFor(String action) {
        return before(action).isEmpty()
                && before(ALL).isEmpty()
                && after(action).isEmpty()
                && after(ALL).isEmpty()
                && onError(action).isEmpty()
                && onError(ALL).isEmpty();
    }

    /** Collects hooks; not thread-safe. Used by {@link Service.Builder}. */
    static final class Builder {
        private final Map<String, List<BeforeHook>> before = new LinkedHashMap<>();
        private final Map<String, List<AfterHook>> after = new LinkedHashMap<>();
        private final Map<String, List<ErrorHook>> error = new LinkedHashMap<>();

        void before(String action, BeforeHook hook) {
            before.computeIfAbsent(action, k -> new ArrayList<>()).add(hook);
        }

        void after(String action, AfterHook hook) {
            after.computeIfAbsent(action, k -> new ArrayList<>()).add(hook);
        }

        void onError(String action, ErrorHook hook) {
            error.computeIfAbsent(action, k -> new ArrayList<>()).add(hook);
        }

        ActionHooks build() {
            if (before.isEmpty() && after.isEmpty() && error.isEmpty()) {
                return NONE;
            }
            return new ActionHooks(copy(before), copy(after), copy(error));
        }

        private static <H> Map<String, List<H>> copy(Map<String, List<H>> m) {
            Map<String, List<H>> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, List.copyOf(v)));
            return Map.copyOf(out);
        }
    }
}
