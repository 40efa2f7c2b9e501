package io.mycelium.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UrlOptionsTest {

    private static final Set<String> KNOWN =
            Set.of("connectTimeout", "maxPayload", "tls", "servers", "sendQueue", "host");

    private static UrlOptions parse(String url) {
        return UrlOptions.parse(URI.create(url), KNOWN, Map.of("maxOutgoingMessages", "sendQueue"));
    }

    @Test
    void durationsReadWithTheirUnitAndBareNumbersAreMilliseconds() {
        assertThat(UrlOptions.parseDuration("d", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(UrlOptions.parseDuration("d", "2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(UrlOptions.parseDuration("d", "0.5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(UrlOptions.parseDuration("d", "1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(UrlOptions.parseDuration("d", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(UrlOptions.parseDuration("d", " 2S ")).isEqualTo(Duration.ofSeconds(2));
        assertThat(UrlOptions.parseDuration("d", "2")).isEqualTo(Duration.ofMillis(2));
        assertThat(UrlOptions.parseDuration("d", "0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void sizesReadInBytesWithBinaryAndDecimalUnits() {
        assertThat(UrlOptions.parseSize("s", "65536")).isEqualTo(65536);
        assertThat(UrlOptions.parseSize("s", "64KiB")).isEqualTo(64 * 1024);
        assertThat(UrlOptions.parseSize("s", "1MiB")).isEqualTo(1 << 20);
        assertThat(UrlOptions.parseSize("s", "1gib")).isEqualTo(1L << 30);
        assertThat(UrlOptions.parseSize("s", "1kB")).isEqualTo(1000);
        assertThat(UrlOptions.parseSize("s", "2MB")).isEqualTo(2_000_000);
        assertThat(UrlOptions.parseSize("s", "10B")).isEqualTo(10);
    }

    @Test
    void booleansAndListsRead() {
        for (String yes : List.of("true", "yes", "on", "1", "TRUE")) {
            assertThat(UrlOptions.parseBoolean("b", yes)).as(yes).isTrue();
        }
        for (String no : List.of("false", "no", "off", "0")) {
            assertThat(UrlOptions.parseBoolean("b", no)).as(no).isFalse();
        }
        assertThat(UrlOptions.parseList(" a, b ,,c ")).containsExactly("a", "b", "c");
        UrlOptions o = parse("nats://h:1?tls&servers=nats://x:1,nats://y:2");
        assertThat(o.bool("tls")).contains(true);
        assertThat(o.list("servers")).contains(List.of("nats://x:1", "nats://y:2"));
    }

    @Test
    void typedReadersUseTheGrammarAndFallBackWhenAbsent() {
        UrlOptions o = parse("redis://h:1?connectTimeout=2s&maxPayload=1MiB&sendQueue=10");
        assertThat(o.duration("connectTimeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.size("maxPayload", 0, 1, Integer.MAX_VALUE)).isEqualTo(1 << 20);
        assertThat(o.integer("sendQueue", 0, 1, 100)).isEqualTo(10);
        assertThat(o.duration("missing", Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(9));
        assertThat(o.text("host")).isEqualTo(Optional.empty());
    }

    @Test
    void anOldSpellingReadsAsTheCanonicalName() {
        UrlOptions o = parse("nats://h:1?maxOutgoingMessages=77");
        assertThat(o.has("sendQueue")).isTrue();
        assertThat(o.integer("sendQueue", 0, 1, 1000)).isEqualTo(77);
    }

    @Test
    void anUnknownOptionIsRefusedWithTheKnownOnes() {
        UrlOptionException e =
                catchThrowableOfType(UrlOptionException.class, () -> parse("nats://user:secret@h:1?conectTimeout=2s"));
        assertThat(e.option()).isEqualTo("conectTimeout");
        assertThat(e.known()).contains("connectTimeout", "maxPayload", "maxOutgoingMessages");
        assertThat(e.getMessage())
                .contains("Unknown option 'conectTimeout'", "known options: connectTimeout")
                .doesNotContain("secret");
    }

    @Test
    void badValuesFailTypedNamingOptionValueAndForm() {
        UrlOptions o = parse("nats://h:1?connectTimeout=2x&maxPayload=lots&tls=maybe&sendQueue=0&host=h");
        UrlOptionException d = catchThrowableOfType(UrlOptionException.class, () -> o.duration("connectTimeout"));
        assertThat(d.option()).isEqualTo("connectTimeout");
        assertThat(d.value()).isEqualTo("2x");
        assertThat(d.getMessage()).contains("'2x' is not a duration", "500ms, 2s", "nats://h:1");
        assertThat(catchThrowableOfType(UrlOptionException.class, () -> o.size("maxPayload", 1, 10))
                        .getMessage())
                .contains("'lots' is not a size", "1MiB");
        assertThat(catchThrowableOfType(UrlOptionException.class, () -> o.bool("tls"))
                        .getMessage())
                .contains("'maybe' is not a boolean");
        assertThat(catchThrowableOfType(UrlOptionException.class, () -> o.integer("sendQueue", 1, 10))
                        .getMessage())
                .contains("sendQueue", "between 1 and 10");
        assertThat(catchThrowableOfType(UrlOptionException.class, () -> UrlOptions.parseDuration("d", "-1s")))
                .isNotNull();
        assertThat(catchThrowableOfType(UrlOptionException.class, () -> UrlOptions.parseSize("s", "-1")))
                .isNotNull();
        assertThat(catchThrowableOfType(UrlOptionException.class, () -> UrlOptions.parseSize("s", "1TiB")))
                .isNotNull();
        assertThat(catchThrowableOfType(UrlOptionException.class, () -> UrlOptions.parseInteger("i", "1.5")))
                .isNotNull();
    }
}
