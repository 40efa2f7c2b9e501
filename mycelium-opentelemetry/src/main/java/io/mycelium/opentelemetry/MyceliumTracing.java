package io.mycelium.opentelemetry;

import io.mycelium.ActionDefinition;
import io.mycelium.ActionHandler;
import io.mycelium.CallOptions;
import io.mycelium.Context;
import io.mycelium.EmitOptions;
import io.mycelium.EventDefinition;
import io.mycelium.EventHandler;
import io.mycelium.MyceliumException;
import io.mycelium.spi.Middleware;
import io.mycelium.spi.OutgoingCall;
import io.mycelium.spi.OutgoingEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry tracing as a {@link Middleware}: a {@link SpanKind#CLIENT} span per outgoing call, a
 * {@link SpanKind#SERVER} span per handled request and a {@link SpanKind#CONSUMER} span per handled event,
 * named and tagged as Moleculer's tracer names and tags its spans ({@code action 'math.add'},
 * {@code event 'user.created' in 'mail'}; {@code callingLevel}, {@code remoteCall}, {@code callerNodeID},
 * {@code nodeID}, {@code requestID}, ...).
 *
 * <p>The trace travels in the packet fields Moleculer uses: {@code requestID} is the trace, {@code parentID}
 * the span that made the call, {@code tracing} whether it is sampled; a W3C {@code traceparent} header
 * goes along for other tools. {@link TraceIds} maps Moleculer's ids to OpenTelemetry's, so a trace started
 * by a Moleculer node continues here and goes on to the next Moleculer node as one trace.
 *
 * <p>Register it like any middleware: {@code ServiceBroker.builder().middleware(MyceliumTracing.builder(otel).build())}.
 * The spans go wherever the given {@link OpenTelemetry}'s tracer provider sends them (an OTLP exporter, for
 * instance). Thread-safe.
 */
public final class MyceliumTracing implements Middleware {
    /** The W3C trace context header. */
    static final String TRACEPARENT = "traceparent";

    private static final AttributeKey<Long> CALLING_LEVEL = AttributeKey.longKey("callingLevel");
    private static final AttributeKey<String> ACTION_NAME = AttributeKey.stringKey("action.name");
    private static final AttributeKey<String> ACTION_RAW_NAME = AttributeKey.stringKey("action.rawName");
    private static final AttributeKey<Boolean> REMOTE_CALL = AttributeKey.booleanKey("remoteCall");
    private static final AttributeKey<String> CALLER_NODE_ID = AttributeKey.stringKey("callerNodeID");
    private static final AttributeKey<String> NODE_ID = AttributeKey.stringKey("nodeID");
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("requestID");
    private static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey("event.name");
    private static final AttributeKey<String> EVENT_GROUP = AttributeKey.stringKey("event.group");
    private static final AttributeKey<String> EVENT_NAME_FIRED = AttributeKey.stringKey("eventName");
    private static final AttributeKey<String> PARAMS = AttributeKey.stringKey("params");
    private static final AttributeKey<Long> TIMEOUT = AttributeKey.longKey("options.timeout");
    private static final AttributeKey<Long> RETRIES = AttributeKey.longKey("options.retries");
    private static final AttributeKey<String> TARGET_NODE = AttributeKey.stringKey("options.nodeID");
    private static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    private static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    private static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    private static final AttributeKey<String> ERROR_NAME = AttributeKey.stringKey("error.name");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<Long> ERROR_CODE = AttributeKey.longKey("error.code");

    private final Tracer tracer;
    private final boolean captureParams;
    private final boolean actions;
    private final boolean events;
    private final boolean calls;
    /**
     * The span of each handler running now, by its context: a call made from the handler (even on another
     * thread, where OpenTelemetry's current context is lost) becomes that span's child.
     */
    private final Map<Context, Span> running = new ConcurrentHashMap<>();

    private @Nullable String nodeId;

    private MyceliumTracing(Builder b) {
        var tracerBuilder = b.openTelemetry.tracerBuilder(b.instrumentationName);
        if (b.instrumentationVersion != null) {
            tracerBuilder.setInstrumentationVersion(b.instrumentationVersion);
        }
        this.tracer = tracerBuilder.build();
        this.captureParams = b.captureParams;
        this.actions = b.actions;
        this.events = b.events;
        this.calls = b.calls;
    }

    /** A builder of the middleware tracing with {@code openTelemetry}'s tracer provider. */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    @Override
    public String name() {
        return "Tracing";
    }

    @Override
    public void started(io.mycelium.ServiceBroker broker) {
        this.nodeId = broker.nodeId();
    }

    // ---- outgoing calls: a CLIENT span, and its ids in the request ----

    @Override
    public OutgoingCall.Next call(OutgoingCall.Next next) {
        if (!calls) {
            return next;
        }
        return call -> {
            CallOptions options = call.options();
            io.opentelemetry.context.Context parent =
                    parentOf(call.parent(), options.requestId(), options.parentId(), options.tracing());
            SpanBuilder builder = tracer.spanBuilder("call '" + call.action() + "'")
                    .setSpanKind(SpanKind.CLIENT)
                    .setParent(parent)
                    .setAttribute(ACTION_NAME, call.action())
                    .setAttribute(
                            CALLING_LEVEL,
                            (long) call.parent().map(Context::level).orElse(0) + 1)
                    .setAttribute(RPC_SYSTEM, "moleculer")
                    .setAttribute(RPC_SERVICE, serviceOf(call.action()))
                    .setAttribute(RPC_METHOD, methodOf(call.action()));
            String here = nodeId;
            if (here != null) {
                builder.setAttribute(CALLER_NODE_ID, here);
            }
            options.timeout().ifPresent(t -> builder.setAttribute(TIMEOUT, t.toMillis()));
            options.retries().ifPresent(r -> builder.setAttribute(RETRIES, (long) r));
            options.nodeId().ifPresent(n -> builder.setAttribute(TARGET_NODE, n));
            if (captureParams && call.params() != null) {
                builder.setAttribute(PARAMS, String.valueOf(call.params()));
            }
            Span span = builder.startSpan();
            SpanContext sc = span.getSpanContext();
            if (!sc.isValid()) {
                return next.proceed(call); // a no-op tracer: nothing to carry
            }
            CallOptions.Builder traced = options.toBuilder()
                    .parentId(sc.getSpanId())
                    .tracing(sc.isSampled())
                    .header(TRACEPARENT, traceparent(sc));
            requestIdFor(call.parent(), options.requestId(), sc).ifPresent(traced::requestId);
            CompletableFuture<Object> result;
            try (Scope ignored = span.makeCurrent()) {
                result = next.proceed(call.withOptions(traced.build()));
            } catch (RuntimeException | Error e) {
                fail(span, e);
                span.end();
                throw e;
            }
            return result.whenComplete((value, error) -> {
                if (error != null) {
                    fail(span, error);
                }
                span.end();
            });
        };
    }

    // ---- outgoing events: the emitter's span as their parent ----

    @Override
    public OutgoingEvent.Next emit(OutgoingEvent.Next next) {
        if (!events) {
            return next;
        }
        return event -> {
            if (event.event().startsWith("$")) {
                return next.proceed(event);
            }
            EmitOptions options = event.options();
            SpanContext sc = Span.fromContext(
                            parentOf(event.parent(), options.requestId(), options.parentId(), options.tracing()))
                    .getSpanContext();
            if (!sc.isValid()) {
                return next.proceed(event);
            }
            EmitOptions.Builder traced = event.options().toBuilder()
                    .parentId(sc.getSpanId())
                    .tracing(sc.isSampled())
                    .header(TRACEPARENT, traceparent(sc));
            requestIdFor(event.parent(), options.requestId(), sc).ifPresent(traced::requestId);
            return next.proceed(event.withOptions(traced.build()));
        };
    }

    // ---- handled requests and events: a SERVER or CONSUMER span, child of the caller's ----

    @Override
    public ActionHandler localAction(String fullName, ActionDefinition action, ActionHandler next) {
        if (!actions) {
            return next;
        }
        String spanName = "action '" + fullName + "'";
        String service = serviceOf(fullName);
        String method = methodOf(fullName);
        return ctx -> {
            SpanBuilder builder = tracer.spanBuilder(spanName)
                    .setSpanKind(SpanKind.SERVER)
                    .setParent(extract(ctx))
                    .setAllAttributes(common(ctx))
                    .setAttribute(ACTION_NAME, fullName)
                    .setAttribute(ACTION_RAW_NAME, method)
                    .setAttribute(RPC_SYSTEM, "moleculer")
                    .setAttribute(RPC_SERVICE, service)
                    .setAttribute(RPC_METHOD, method);
            if (captureParams) {
                builder.setAttribute(PARAMS, ctx.params().toString());
            }
            return run(builder.startSpan(), ctx, () -> next.handle(ctx));
        };
    }

    @Override
    public EventHandler localEvent(String service, EventDefinition event, EventHandler next) {
        if (!events || event.name().startsWith("$")) {
            return next; // the broker's own events ($node.connected, ...) are no one's trace
        }
        String group = event.group().orElse(service);
        return ctx -> {
            String name = ctx.eventName().orElse(event.name());
            SpanBuilder builder = tracer.spanBuilder("event '" + name + "' in '" + service + "'")
                    .setSpanKind(SpanKind.CONSUMER)
                    .setParent(extract(ctx))
                    .setAllAttributes(common(ctx))
                    .setAttribute(EVENT_NAME, event.name())
                    .setAttribute(EVENT_GROUP, group)
                    .setAttribute(EVENT_NAME_FIRED, name);
            if (captureParams) {
                builder.setAttribute(PARAMS, ctx.params().toString());
            }
            run(builder.startSpan(), ctx, () -> {
                next.handle(ctx);
                return null;
            });
        };
    }

    @FunctionalInterface
    private interface Body {
        @Nullable
        Object run() throws Exception;
    }

    /** Runs a handler in {@code span}, ending it when the handler's result (or its stage) is there. */
    private @Nullable Object run(Span span, Context ctx, Body body) throws Exception {
        running.put(ctx, span);
        Object result;
        try (Scope ignored = span.makeCurrent()) {
            result = body.run();
        } catch (Exception | Error e) {
            running.remove(ctx);
            fail(span, e);
            span.end();
            throw e;
        }
        if (result instanceof CompletionStage<?> stage) {
            return stage.whenComplete((value, error) -> {
                running.remove(ctx);
                if (error != null) {
                    fail(span, error);
                }
                span.end();
            });
        }
        running.remove(ctx);
        span.end();
        return result;
    }

    private Attributes common(Context ctx) {
        AttributesBuilder a = Attributes.builder()
                .put(CALLING_LEVEL, (long) ctx.level())
                .put(CALLER_NODE_ID, ctx.nodeId())
                .put(NODE_ID, ctx.broker().nodeId())
                .put(REMOTE_CALL, !ctx.nodeId().equals(ctx.broker().nodeId()))
                .put(REQUEST_ID, ctx.requestId());
        return a.build();
    }

    /**
     * The OpenTelemetry context a call or event made from {@code from} (a handler's context, or none) is a
     * child of: the current span when it is in the handler's trace (a span the handler made itself), else
     * the handler's span, else the handler's context as Moleculer sees it (its id is its span), else the
     * current context. A call made outside any handler with a {@code requestId} in its options (a caller
     * continuing a Moleculer trace it was handed) continues that trace when no span is current.
     */
    private io.opentelemetry.context.Context parentOf(
            Optional<Context> from, Optional<String> requestId, Optional<String> parentId, Optional<Boolean> tracing) {
        io.opentelemetry.context.Context current = io.opentelemetry.context.Context.current();
        if (from.isEmpty()) {
            if (requestId.isPresent()
                    && !Span.fromContext(current).getSpanContext().isValid()) {
                SpanContext given = SpanContext.createFromRemoteParent(
                        TraceIds.traceId(requestId.get()),
                        TraceIds.spanId(parentId.orElse(requestId.get())),
                        tracing.orElse(true) ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                        TraceState.getDefault());
                return io.opentelemetry.context.Context.root().with(Span.wrap(given));
            }
            return current;
        }
        Context ctx = from.get();
        Span handler = running.get(ctx);
        SpanContext now = Span.fromContext(current).getSpanContext();
        if (handler != null) {
            if (now.isValid()
                    && now.getTraceId().equals(handler.getSpanContext().getTraceId())) {
                return current;
            }
            return io.opentelemetry.context.Context.root().with(handler);
        }
        if (now.isValid()) {
            return current;
        }
        SpanContext remote = SpanContext.createFromRemoteParent(
                TraceIds.traceId(ctx.requestId()), TraceIds.spanId(ctx.id()), flags(ctx), TraceState.getDefault());
        return io.opentelemetry.context.Context.root().with(Span.wrap(remote));
    }

    /**
     * The caller's span as a handled call or event names it: the {@code traceparent} header when it belongs to
     * the trace of the packet's {@code requestID}, else {@code requestID} and {@code parentID} mapped by
     * {@link TraceIds}. A call with no {@code parentID} (its caller traced nothing) still continues the trace
     * of its {@code requestID}, under the request itself as parent, so every node agrees on the trace id.
     */
    static io.opentelemetry.context.Context extract(Context ctx) {
        String traceId = TraceIds.traceId(ctx.requestId());
        Object header = ctx.headers().get(TRACEPARENT);
        if (header instanceof String value) {
            SpanContext carried = parseTraceparent(value);
            if (carried != null && carried.getTraceId().equals(traceId)) {
                return io.opentelemetry.context.Context.root().with(Span.wrap(carried));
            }
        }
        String parentSpan = TraceIds.spanId(ctx.parentId().orElse(ctx.requestId()));
        SpanContext remote =
                SpanContext.createFromRemoteParent(traceId, parentSpan, flags(ctx), TraceState.getDefault());
        return io.opentelemetry.context.Context.root().with(Span.wrap(remote));
    }

    /** Sampled unless the caller said it is not ({@code tracing: false}); no flag means no decision. */
    private static TraceFlags flags(Context ctx) {
        return ctx.tracing().orElse(true) ? TraceFlags.getSampled() : TraceFlags.getDefault();
    }

    /**
     * The {@code requestID} an outgoing call or event must carry: none (the inherited one) when the caller's
     * already maps to the span's trace, so a Moleculer trace keeps its id; else the trace id itself.
     */
    private static Optional<String> requestIdFor(Optional<Context> parent, Optional<String> given, SpanContext sc) {
        Optional<String> inherited = given.or(() -> parent.map(Context::requestId));
        if (inherited.isPresent() && TraceIds.traceId(inherited.get()).equals(sc.getTraceId())) {
            return Optional.empty();
        }
        return Optional.of(sc.getTraceId());
    }

    static String traceparent(SpanContext sc) {
        return "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-"
                + sc.getTraceFlags().asHex();
    }

    /** A W3C {@code traceparent} ({@code 00-<trace>-<span>-<flags>}), or null when malformed. */
    static @Nullable SpanContext parseTraceparent(String value) {
        String[] parts = value.trim().split("-");
        if (parts.length < 4 || parts[0].length() != 2 || "ff".equals(parts[0]) || parts[3].length() != 2) {
            return null;
        }
        byte flags;
        try {
            flags = (byte) Integer.parseInt(parts[3], 16);
        } catch (NumberFormatException e) {
            return null;
        }
        SpanContext sc = SpanContext.createFromRemoteParent(
                parts[1], parts[2], TraceFlags.fromByte(flags), TraceState.getDefault());
        return sc.isValid() ? sc : null;
    }

    private static void fail(Span span, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        span.recordException(cause);
        span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
        if (cause instanceof MyceliumException m) {
            span.setAttribute(ERROR_NAME, m.name());
            span.setAttribute(ERROR_TYPE, m.type());
            span.setAttribute(ERROR_CODE, (long) m.code());
        } else {
            span.setAttribute(ERROR_NAME, cause.getClass().getSimpleName());
        }
    }

    private static String serviceOf(String action) {
        int dot = action.lastIndexOf('.');
        return dot < 0 ? action : action.substring(0, dot);
    }

    private static String methodOf(String action) {
        int dot = action.lastIndexOf('.');
        return dot < 0 ? action : action.substring(dot + 1);
    }

    /** Builds {@link MyceliumTracing}; not thread-safe. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private String instrumentationName = "io.mycelium";
        private @Nullable String instrumentationVersion;
        private boolean captureParams;
        private boolean actions = true;
        private boolean events = true;
        private boolean calls = true;

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = openTelemetry;
        }

        /** The instrumentation scope of the spans; {@code io.mycelium} by default. */
        public Builder instrumentationName(String name, @Nullable String version) {
            this.instrumentationName = name;
            this.instrumentationVersion = version;
            return this;
        }

        /**
         * Records the params (or event data) as a {@code params} attribute, as Moleculer does by default; off
         * by default here, since params may hold personal data and make spans large.
         */
        public Builder captureParams(boolean capture) {
            this.captureParams = capture;
            return this;
        }

        /** Whether handled requests get a span (Moleculer's {@code tracing.actions}); on by default. */
        public Builder actions(boolean on) {
            this.actions = on;
            return this;
        }

        /** Whether handled events get a span and emitted events carry the trace (Moleculer's {@code tracing.events}); on by default. */
        public Builder events(boolean on) {
            this.events = on;
            return this;
        }

        /** Whether outgoing calls get a CLIENT span and carry the trace; on by default. */
        public Builder calls(boolean on) {
            this.calls = on;
            return this;
        }

        /** The middleware; register it with {@code ServiceBroker.Builder#middleware}. */
        public MyceliumTracing build() {
            return new MyceliumTracing(this);
        }
    }
}
