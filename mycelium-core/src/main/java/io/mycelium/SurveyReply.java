package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.internal.util.Json;

/**
 * What one node did with a survey: it {@link Answer answered}, {@link Failure failed} (its handler threw,
 * or it could not be reached), or {@link Timeout stayed silent} past the deadline. Immutable.
 */
public sealed interface SurveyReply permits SurveyReply.Answer, SurveyReply.Failure, SurveyReply.Timeout {

    /** The node this reply is about. */
    String nodeId();

    /** The node answered with {@code value} (a JSON tree; {@code NullNode} for a null result). */
    record Answer(String nodeId, JsonNode value) implements SurveyReply {
        /** The value converted with Jackson into {@code type}. */
        public <T> T value(Class<T> type) {
            return Json.convert(value, type);
        }
    }

    /** The node's handler failed, or the node left or could not be reached before answering. */
    record Failure(String nodeId, MyceliumException error) implements SurveyReply {}

    /** The node did not answer within the survey's deadline. */
    record Timeout(String nodeId) implements SurveyReply {}
}
