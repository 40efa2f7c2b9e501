package io.mycelium;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable service definition: a name, an optional version, settings, metadata, actions, events and
 * lifecycle hooks. Made with {@code Service.named("math").version(2).action("add", ctx -> ...).build()},
 * or from an annotated class by {@link ServiceBroker#register(Object)}. Thread-safe.
 */
public final class Service {
    private final String name;
    private final Optional<String> version;
    private final boolean numericVersion;
    private final Map<String, Object> settings;
    private final Map<String, Object> metadata;
    private final List<ActionDefinition> actions;
    private final List<EventDefinition> events;
    private final List<LifecycleHook> started;
    private final List<LifecycleHook> stopped;
    private final ActionHooks hooks;

    private Service(Builder b) {
        this.name = b.name;
        this.version = Optional.ofNullable(b.version);
        this.numericVersion = b.numericVersion;
        this.settings = Map.copyOf(b.settings);
        this.metadata = Map.copyOf(b.metadata);
        this.actions = List.copyOf(b.actions);
        this.events = List.copyOf(b.events);
        this.started = List.copyOf(b.started);
        this.stopped = List.copyOf(b.stopped);
        this.hooks = b.hooks.build();
    }

    private Service(Service from, List<ActionDefinition> actions, List<EventDefinition> events) {
        this.name = from.name;
        this.version = from.version;
        this.numericVersion = from.numericVersion;
        this.settings = from.settings;
        this.metadata = from.metadata;
        this.actions = List.copyOf(actions);
        this.events = List.copyOf(events);
        this.started = from.started;
        this.stopped = from.stopped;
        this.hooks = from.hooks;
    }

    /** Starts a definition of the service {@code name}. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** The name without version, e.g. {@code math}. */
    public String name() {
        return name;
    }

    /** The version, if any, as text ({@code "2"} or {@code "staging"}). */
    public Optional<String> version() {
        return version;
    }

    /** True when the version is a number (sent as a JSON number, full name prefixed with {@code v}). */
    public boolean numericVersion() {
        return numericVersion;
    }

    /**
     * The name actions are called by: {@code v2.math} for numeric version 2, {@code staging.math} for the
     * text version {@code staging}, else {@code math} (as Moleculer names them).
     */
    public String fullName() {
        return version.map(v -> (numericVersion ? "v" + v : v) + "." + name).orElse(name);
    }

    /** The settings, announced to the mesh. */
    public Map<String, Object> settings() {
        return settings;
    }

    /** The metadata, announced to the mesh. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The actions. */
    public List<ActionDefinition> actions() {
        return actions;
    }

    /** The event subscriptions. */
    public List<EventDefinition> events() {
        return events;
    }

    /** Hooks run when the service starts, in order. */
    public List<LifecycleHook> started() {
        return started;
    }

    /** Hooks run when the service stops, in order. */
    public List<LifecycleHook> stopped() {
        return stopped;
    }

    /** The before, after and error hooks of the actions; {@link ActionHooks} tells their order. */
    public ActionHooks hooks() {
        return hooks;
    }

    /** This service with one more action; everything else is kept. Throws if it has one of that name. */
    public Service withAction(ActionDefinition action) {
        if (actions.stream().anyMatch(a -> a.name().equals(action.name()))) {
            throw new IllegalArgumentException("duplicate action '" + action.name() + "' in " + fullName());
        }
        List<ActionDefinition> more = new ArrayList<>(actions);
        more.add(action);
        return new Service(this, more, events);
    }

    /** This service without the action {@code name} (short name); the same service when it has none. */
    public Service withoutAction(String name) {
        List<ActionDefinition> less =
                actions.stream().filter(a -> !a.name().equals(name)).toList();
        return less.size() == actions.size() ? this : new Service(this, less, events);
    }

    /** This service with one more event subscription; everything else is kept. */
    public Service withEvent(EventDefinition event) {
        List<EventDefinition> more = new ArrayList<>(events);
        more.add(event);
        return new Service(this, actions, more);
    }

    /**
     * This service without its subscriptions to the event (or pattern) {@code name}, in every group; the
     * same service when it has none.
     */
    public Service withoutEvent(String name) {
        List<EventDefinition> less =
                events.stream().filter(e -> !e.name().equals(name)).toList();
        return less.size() == events.size() ? this : new Service(this, actions, less);
    }

    /** Builds a {@link Service}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private @org.jspecify.annotations.Nullable String version;
        private boolean numericVersion;
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private final List<ActionDefinition> actions = new ArrayList<>();
        private final List<EventDefinition> events = new ArrayList<>();
        private final List<LifecycleHook> started = new ArrayList<>();
        private final List<LifecycleHook> stopped = new ArrayList<>();
        private final ActionHooks.Builder hooks = new ActionHooks.Builder();

        private Builder(String name) {
            if (name.isBlank() || name.contains(" ")) {
                throw new IllegalArgumentException("invalid service name: '" + name + "'");
            }
            this.name = name;
        }

        /** A numeric version: the full name becomes {@code v<version>.<name>}. */
        public Builder version(int version) {
            this.version = Integer.toString(version);
            this.numericVersion = true;
            return this;
        }

        /** A text version: the full name becomes {@code <version>.<name>}. */
        public Builder version(String version) {
            this.version = version;
            this.numericVersion = false;
            return this;
        }

        /** Adds settings (JSON-compatible values). */
        public Builder settings(Map<String, ?> settings) {
            this.settings.putAll(settings);
            return this;
        }

        /** Adds metadata (JSON-compatible values). */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata.putAll(metadata);
            return this;
        }

        /** Adds an action. */
        public Builder action(String name, ActionHandler handler) {
            return action(ActionDefinition.of(name, handler));
        }

        /**
         * Adds an action run by a chain of handlers, in order: each of {@code then} gets the value the handler
         * before it returned, and the last one's value is the answer (see {@link ChainedHandler} and
         * {@link ActionDefinition#then}).
         */
        public Builder action(String name, ActionHandler first, ChainedHandler... then) {
            ActionDefinition action = ActionDefinition.of(name, first);
            for (ChainedHandler next : then) {
                action = action.then(next);
            }
            return action(action);
        }

        /**
         * Adds an action whose params are the record {@code type}: validated with its Jakarta Bean Validation
         * constraints, {@link Default defaults} applied, and a params schema announced in INFO (see
         * {@link ActionDefinition#withParams(Class)}).
         */
        public <P extends Record> Builder action(String name, Class<P> type, TypedActionHandler<P> handler) {
            return action(ActionDefinition.of(name, ctx -> handler.handle(ctx, ctx.params(type)))
                    .withParams(type));
        }

        /** Adds an action. */
        public Builder action(ActionDefinition action) {
            if (actions.stream().anyMatch(a -> a.name().equals(action.name()))) {
                throw new IllegalArgumentException("duplicate action '" + action.name() + "' in " + name);
            }
            actions.add(action);
            return this;
        }

        /** Subscribes to an event in the service's own group. */
        public Builder event(String event, EventHandler handler) {
            return event(EventDefinition.of(event, handler));
        }

        /** Subscribes to an event in the given group. */
        public Builder event(String event, String group, EventHandler handler) {
            return event(EventDefinition.of(event, group, handler));
        }

        /**
         * Subscribes to an event whose data is the record {@code type}: validated before the handler runs, an
         * invalid event dropped, logged and counted (see {@link EventDefinition#withParams(Class)}).
         */
        public <D extends Record> Builder event(String event, Class<D> type, TypedEventHandler<D> handler) {
            return event(EventDefinition.of(event, ctx -> handler.handle(ctx, ctx.params(type)))
                    .withParams(type));
        }

        /** Subscribes to an event. */
        public Builder event(EventDefinition event) {
            events.add(event);
            return this;
        }

        /** Adds a hook run when the service starts. */
        public Builder started(LifecycleHook hook) {
            started.add(hook);
            return this;
        }

        /** Adds a hook run when the service stops. */
        public Builder stopped(LifecycleHook hook) {
            stopped.add(hook);
            return this;
        }

        /** Adds a hook run before the handler of every action (before the action's own before hooks). */
        public Builder before(BeforeHook hook) {
            hooks.before(ActionHooks.ALL, hook);
            return this;
        }

        /** Adds a hook run before the handler of the action {@code action} (short name). */
        public Builder before(String action, BeforeHook hook) {
            hooks.before(action, hook);
            return this;
        }

        /** Adds a hook run after every action succeeded (after the action's own after hooks). */
        public Builder after(AfterHook hook) {
            hooks.after(ActionHooks.ALL, hook);
            return this;
        }

        /** Adds a hook run after the action {@code action} (short name) succeeded. */
        public Builder after(String action, AfterHook hook) {
            hooks.after(action, hook);
            return this;
        }

        /** Adds a hook run when any action fails (after the action's own error hooks). */
        public Builder onError(ErrorHook hook) {
            hooks.onError(ActionHooks.ALL, hook);
            return this;
        }

        /** Adds a hook run when the action {@code action} (short name) fails. */
        public Builder onError(String action, ErrorHook hook) {
            hooks.onError(action, hook);
            return this;
        }

        /** The immutable definition. */
        public Service build() {
            return new Service(this);
        }
    }
}
