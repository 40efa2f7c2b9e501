package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a survey: one {@link SurveyReply} per node that served the action when the survey
 * started, in the order they were asked. Partial results are results: failures and timeouts sit beside
 * the answers. Immutable and thread-safe.
 *
 * @param action the action surveyed
 * @param replies one reply per node
 */
public record SurveyResult(String action, List<SurveyReply> replies) {

    public SurveyResult {
        replies = List.copyOf(replies);
    }

    /** The answers by node id, in the order asked. */
    public Map<String, JsonNode> answers() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (SurveyReply r : replies) {
            if (r instanceof SurveyReply.Answer a) {
                out.put(a.nodeId(), a.value());
            }
        }
        return out;
    }

    /** The answers by node id, converted into {@code type}. */
    public <T> Map<String, T> answers(Class<T> type) {
        Map<String, T> out = new LinkedHashMap<>();
        for (SurveyReply r : replies) {
            if (r instanceof SurveyReply.Answer a) {
                out.put(a.nodeId(), a.value(type));
            }
        }
        return out;
    }

    /** The errors by node id. */
    public Map<String, MyceliumException> failures() {
        Map<String, MyceliumException> out = new LinkedHashMap<>();
        for (SurveyReply r : replies) {
            if (r instanceof SurveyReply.Failure f) {
                out.put(f.nodeId(), f.error());
            }
        }
        return out;
    }

    /** The nodes that did not answer in time. */
    public List<String> timedOut() {
        return replies.stream()
                .filter(r -> r instanceof SurveyReply.Timeout)
                .map(SurveyReply::nodeId)
                .toList();
    }

    /** True when every node asked answered. */
    public boolean complete() {
        return replies.stream().allMatch(r -> r instanceof SurveyReply.Answer);
    }
}
