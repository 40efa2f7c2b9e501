package io.mycelium.cli;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Completes verbs, then action names after {@code call}, event names after {@code emit}/{@code listen}, node IDs after {@code ping}. */
final class ReplCompleter implements Completer {

    private final Session session;
    private final List<String> verbs;

    ReplCompleter(Session session, List<String> verbs) {
        this.session = session;
        this.verbs = verbs;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            verbs.forEach(v -> candidates.add(new Candidate(v)));
            candidates.add(new Candidate("help"));
            candidates.add(new Candidate("exit"));
            return;
        }
        if (line.wordIndex() != 1) {
            return;
        }
        Set<String> names = new TreeSet<>();
        try {
            switch (line.words().get(0)) {
                case "call" ->
                    session.actions().forEach(a -> names.add(a.path("name").asText()));
                case "emit", "listen" ->
                    session.events().forEach(e -> names.add(e.path("name").asText()));
                case "ping" -> names.addAll(session.otherNodes());
                default -> {}
            }
        } catch (RuntimeException e) {
            return; // the registry is unreachable right now: no completion rather than a stack trace at the prompt
        }
        names.stream().filter(n -> !n.isEmpty()).forEach(n -> candidates.add(new Candidate(n)));
    }
}
