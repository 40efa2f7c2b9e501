package io.mycelium.internal.hooks;

import io.mycelium.After;
import io.mycelium.Before;
import io.mycelium.Context;
import io.mycelium.OnError;
import io.mycelium.Service;
import io.mycelium.internal.util.ErrorCodec;
import io.mycelium.internal.util.Json;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * Binds the {@link Before}, {@link After} and {@link OnError} methods of an annotated service as hooks.
 * Accepted shapes: {@code @Before void m([Context])}; {@code @After R m([Context,] T result)} (a
 * {@code void} method keeps the result; the result is converted into {@code T} when it is not one);
 * {@code @OnError R m([Context,] Throwable error)} (return a value to recover, throw to pass the error on).
 */
public final class AnnotatedHooks {
    private static final MethodType GENERIC = MethodType.methodType(Object.class, Object[].class);

    private AnnotatedHooks() {}

    /** True when {@code m} carries a hook annotation (it is then added to {@code builder}). */
    public static boolean bind(Object instance, Method m, Service.Builder builder) {
        Before before = m.getAnnotation(Before.class);
        After after = m.getAnnotation(After.class);
        OnError onError = m.getAnnotation(OnError.class);
        if (before == null && after == null && onError == null) {
            return false;
        }
        Class<?>[] params = m.getParameterTypes();
        boolean takesContext = params.length > 0 && params[0] == Context.class;
        int rest = params.length - (takesContext ? 1 : 0);
        MethodHandle h = handle(instance, m);
        if (before != null) {
            if (rest != 0) {
                throw new IllegalArgumentException("@Before method " + m + " must take nothing or a Context");
            }
            io.mycelium.BeforeHook hook = ctx -> invoke(h, takesContext ? new Object[] {ctx} : new Object[0]);
            for (String action : targets(before.value())) {
                builder.before(action, hook);
            }
        }
        if (after != null) {
            Class<?> resultType = shape(m, rest, takesContext, "@After", "the result");
            boolean keeps = m.getReturnType() == void.class;
            io.mycelium.AfterHook hook = (ctx, result) -> {
                Object arg =
                        result == null || resultType.isInstance(result) ? result : Json.convert(result, resultType);
                Object out = invoke(h, takesContext ? new Object[] {ctx, arg} : new Object[] {arg});
                return keeps ? result : out;
            };
            for (String action : targets(after.value())) {
                builder.after(action, hook);
            }
        }
        if (onError != null) {
            Class<?> errorType = shape(m, rest, takesContext, "@OnError", "the error");
            if (!Throwable.class.isAssignableFrom(errorType)) {
                throw new IllegalArgumentException("@OnError method " + m + " must take a Throwable");
            }
            io.mycelium.ErrorHook hook = (ctx, error) -> {
                if (!errorType.isInstance(error)) {
                    throw rethrow(error);
                }
                return invoke(h, takesContext ? new Object[] {ctx, error} : new Object[] {error});
            };
            for (String action : targets(onError.value())) {
                builder.onError(action, hook);
            }
        }
        return true;
    }

    private static Class<?> shape(Method m, int rest, boolean takesContext, String what, String arg) {
        if (rest != 1) {
            throw new IllegalArgumentException(
                    what + " method " + m + " must take " + arg + " (after an optional Context)");
        }
        return m.getParameterTypes()[takesContext ? 1 : 0];
    }

    private static String[] targets(String[] actions) {
        return actions.length == 0 ? new String[] {io.mycelium.ActionHooks.ALL} : actions;
    }

    private static @Nullable Object invoke(MethodHandle h, Object[] args) throws Exception {
        try {
            return h.invokeExact(args);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Exception rethrow(Throwable error) {
        Throwable t = ErrorCodec.unwrap(error);
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof Exception e ? e : new IllegalStateException(t);
    }

    private static MethodHandle handle(Object instance, Method m) {
        try {
            m.setAccessible(true);
            MethodHandle h = MethodHandles.lookup().unreflect(m).bindTo(instance);
            return h.asSpreader(Object[].class, m.getParameterCount()).asType(GENERIC);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException("cannot bind " + m + ": " + e.getMessage(), e);
        }
    }
}
