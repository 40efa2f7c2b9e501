package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.mycelium.MyceliumException;

/**
 * The errors the HTTP side answers with itself, named and coded as moleculer-web names them
 * ({@code UnAuthorizedError} 401, {@code ForbiddenError} 403, {@code NotFoundError} 404,
 * {@code PayloadTooLarge} 413, {@code RateLimitExceeded} 429, {@code BadRequestError} 400). An
 * {@link HttpAuthorizer} throws {@link #unauthorized} or {@link #forbidden} to refuse a call.
 */
public final class HttpError extends MyceliumException {
    private static final long serialVersionUID = 1L;

    private HttpError(String name, String message, int code, String type, JsonNode data) {
        super(name, message, code, type, data, false);
    }

    /** 401: no credentials, or wrong ones ({@code type} e.g. {@code NO_TOKEN}, {@code INVALID_TOKEN}). */
    public static HttpError unauthorized(String type) {
        return new HttpError("UnAuthorizedError", "Unauthorized", 401, type, NullNode.getInstance());
    }

    /** 403: the caller is known but may not do this ({@code type} e.g. {@code ORIGIN_NOT_ALLOWED}). */
    public static HttpError forbidden(String type) {
        return new HttpError("ForbiddenError", "Forbidden", 403, type, NullNode.getInstance());
    }

    static HttpError notFound() {
        return new HttpError("NotFoundError", "Not found", 404, "NOT_FOUND", NullNode.getInstance());
    }

    static HttpError badRequest(String type, String message) {
        return new HttpError("BadRequestError", message, 400, type, NullNode.getInstance());
    }

    static HttpError payloadTooLarge(long limit) {
        return new HttpError(
                "PayloadTooLarge",
                "Payload too large",
                413,
                "PAYLOAD_TOO_LARGE",
                Json.object().put("limit", limit));
    }

    static HttpError rateLimited() {
        return new HttpError(
                "RateLimitExceeded", "Rate limit exceeded", 429, "RATE_LIMIT_EXCEEDED", NullNode.getInstance());
    }
}
