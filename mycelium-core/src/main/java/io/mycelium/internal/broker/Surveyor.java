package io.mycelium.internal.broker;

import io.mycelium.CallOptions;
import io.mycelium.MyceliumException;
import io.mycelium.RequestTimeoutException;
import io.mycelium.ServiceNotFoundException;
import io.mycelium.SurveyOptions;
import io.mycelium.SurveyReply;
import io.mycelium.SurveyResult;
import io.mycelium.internal.registry.ActionEndpoint;
import io.mycelium.internal.registry.Registry;
import io.mycelium.internal.util.ErrorCodec;
import io.mycelium.internal.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Surveys: the same call sent at once to every node serving the action (one instance per node), each as a
 * targeted call with the survey's deadline as its timeout and no retry. Every call ends by itself (answer,
 * error, timeout, node left), and each is also capped a little after the deadline, so the survey never
 * waits longer than that whatever a transporter does.
 */
final class Surveyor {
    /** How long past the deadline a reply may still arrive before it is counted as a timeout anyway. */
    private static final long GRACE_MILLIS = 250;

    private final Outbound outbound;
    private final Registry registry;

    /** Each node's call goes out through {@code outbound}, so the middlewares see it as a call. */
    Surveyor(Outbound outbound, Registry registry) {
        this.outbound = outbound;
        this.registry = registry;
    }

    CompletableFuture<SurveyResult> survey(
            @Nullable CallContext parent, String action, @Nullable Object params, SurveyOptions opts) {
        Set<String> nodes = new LinkedHashSet<>();
        registry.catalog().action(action).ifPresent(list -> {
            for (ActionEndpoint e : list.all()) {
                nodes.add(e.nodeId());
            }
        });
        if (nodes.isEmpty()) {
            return CompletableFuture.failedFuture(new ServiceNotFoundException(action, null));
        }
        long deadline = opts.deadline().toMillis();
        List<CompletableFuture<SurveyReply>> replies = new ArrayList<>();
        for (String node : nodes) {
            CallOptions call = CallOptions.builder()
                    .nodeId(node)
                    .timeout(opts.deadline())
                    .retries(0)
                    .meta(opts.meta())
                    .headers(opts.headers())
                    .build();
            CompletableFuture<SurveyReply> reply;
            try {
                reply = outbound.call(parent, action, params, call).handle((value, error) -> reply(node, value, error));
            } catch (RuntimeException e) {
                reply = CompletableFuture.completedFuture(reply(node, null, e));
            }
            replies.add(reply.completeOnTimeout(
                    new SurveyReply.Timeout(node), deadline + GRACE_MILLIS, TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
                .thenApply(v -> new SurveyResult(
                        action, replies.stream().map(CompletableFuture::join).toList()));
    }

    private static SurveyReply reply(String node, @Nullable Object value, @Nullable Throwable error) {
        if (error == null) {
            return new SurveyReply.Answer(node, Json.tree(value));
        }
        Throwable cause = ErrorCodec.unwrap(error);
        // raised here (no node id) it is the survey's own deadline; from the node it is the node's failure
        if (cause instanceof RequestTimeoutException t && t.nodeId().isEmpty()) {
            return new SurveyReply.Timeout(node);
        }
        MyceliumException e = cause instanceof MyceliumException me
                ? me
                : new MyceliumException(
                        String.valueOf(cause.getMessage()),
                        500,
                        "",
                        Json.nodes().nullNode(),
                        cause);
        return new SurveyReply.Failure(node, e);
    }
}
