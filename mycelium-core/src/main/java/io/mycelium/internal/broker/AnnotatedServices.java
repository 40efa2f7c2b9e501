package io.mycelium.internal.broker;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.Action;
import io.mycelium.ActionDefinition;
import io.mycelium.Context;
import io.mycelium.Event;
import io.mycelium.EventDefinition;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceName;
import io.mycelium.Started;
import io.mycelium.Stopped;
import io.mycelium.internal.hooks.AnnotatedHooks;
import io.mycelium.internal.util.Json;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Turns an object of a {@link ServiceName} class into a {@link Service}. Reflection happens here, once:
 * each method becomes a spreading {@link MethodHandle} bound to the object, and per call only the
 * arguments are prepared.
 */
final class AnnotatedServices {
    private static final MethodType GENERIC = MethodType.methodType(Object.class, Object[].class);

    private AnnotatedServices() {}

    static Service from(Object instance) {
        Class<?> type = instance.getClass();
        ServiceName name = type.getAnnotation(ServiceName.class);
        if (name == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @ServiceName");
        }
        Service.Builder builder = Service.named(name.value());
        if (!name.version().isEmpty()) {
            if (name.version().chars().allMatch(Character::isDigit)) {
                builder.version(Integer.parseInt(name.version()));
            } else {
                builder.version(name.version());
            }
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isBridge() || m.isSynthetic() || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                Action action = m.getAnnotation(Action.class);
                Event event = m.getAnnotation(Event.class);
                if (action != null) {
                    Invocation inv = invocation(instance, m);
                    ActionDefinition def =
                            ActionDefinition.of(action.name().isEmpty() ? m.getName() : action.name(), inv::invoke);
                    if (action.timeout() > 0) {
                        def = def.withTimeout(Duration.ofMillis(action.timeout()));
                    }
                    Class<? extends Record> record = recordParams(m);
                    if (record != null) {
                        def = def.withParams(record);
                    }
                    builder.action(def);
                } else if (event != null) {
                    Invocation inv = invocation(instance, m);
                    io.mycelium.EventHandler handler = ctx -> await(inv.invoke(ctx));
                    EventDefinition def = event.group().isEmpty()
                            ? EventDefinition.of(event.value(), handler)
                            : EventDefinition.of(event.value(), event.group(), handler);
                    Class<? extends Record> record = recordParams(m);
                    if (record != null) {
                        def = def.withParams(record);
                    }
                    if (event.fromService().length > 0) {
                        def = def.fromService(event.fromService());
                    }
                    if (event.fromNode().length > 0) {
                        def = def.fromNode(event.fromNode());
                    }
                    builder.event(def);
                } else if (AnnotatedHooks.bind(instance, m, builder)) {
                    continue;
                } else if (m.isAnnotationPresent(Started.class) || m.isAnnotationPresent(Stopped.class)) {
                    MethodHandle h = lifecycle(instance, m);
                    boolean takesBroker = m.getParameterCount() == 1;
                    io.mycelium.LifecycleHook hook = broker -> {
                        try {
                            await(h.invokeExact(takesBroker ? new Object[] {broker} : new Object[0]));
                        } catch (Exception | Error e) {
                            throw e;
                        } catch (Throwable t) {
                            throw new IllegalStateException(t);
                        }
                    };
                    if (m.isAnnotationPresent(Started.class)) {
                        builder.started(hook);
                    } else {
                        builder.stopped(hook);
                    }
                }
            }
        }
        return builder.build();
    }

    /** The record a handler method takes as its params, if it takes one: it is then validated. */
    private static @Nullable Class<? extends Record> recordParams(Method m) {
        for (Class<?> p : m.getParameterTypes()) {
            if (p.isRecord()) {
                return p.asSubclass(Record.class);
            }
        }
        return null;
    }

    private static void await(@Nullable Object value) throws Exception {
        if (value instanceof java.util.concurrent.CompletionStage<?> stage) {
            stage.toCompletableFuture().get();
        }
    }

    /** How to build the arguments of one handler method from a context. */
    private record Invocation(MethodHandle handle, Object[] kinds) {
        @Nullable
        Object invoke(Context ctx) throws Exception {
            Object[] args = new Object[kinds.length];
            for (int i = 0; i < kinds.length; i++) {
                Object k = kinds[i];
                if (k == Context.class) {
                    args[i] = ctx;
                } else if (k == JsonNode.class) {
                    args[i] = ctx.params();
                } else {
                    args[i] = ((CallContext) ctx).params((JavaType) k);
                }
            }
            try {
                return handle.invokeExact(args);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    private static Invocation invocation(Object instance, Method m) {
        var params = m.getParameterTypes();
        var generic = m.getGenericParameterTypes();
        Object[] kinds = new Object[params.length];
        int paramArgs = 0;
        for (int i = 0; i < params.length; i++) {
            if (params[i] == Context.class) {
                kinds[i] = Context.class;
            } else if (params[i] == JsonNode.class) {
                kinds[i] = JsonNode.class;
                paramArgs++;
            } else {
                kinds[i] = Json.MAPPER.getTypeFactory().constructType(generic[i]);
                paramArgs++;
            }
        }
        if (paramArgs > 1) {
            throw new IllegalArgumentException(
                    m + " takes more than one params argument; use one record, map or JsonNode (and a Context)");
        }
        return new Invocation(handle(instance, m), kinds);
    }

    private static MethodHandle lifecycle(Object instance, Method m) {
        var params = m.getParameterTypes();
        if (params.length > 1 || (params.length == 1 && params[0] != ServiceBroker.class)) {
            throw new IllegalArgumentException(m + " must take no argument or the ServiceBroker");
        }
        return handle(instance, m);
    }

    private static MethodHandle handle(Object instance, Method m) {
        try {
            m.setAccessible(true);
            MethodHandle h = MethodHandles.lookup().unreflect(m).bindTo(instance);
            int n = m.getParameterCount();
            return h.asSpreader(Object[].class, n).asType(GENERIC);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException("cannot bind " + m + ": " + e.getMessage(), e);
        }
    }
}
