package io.mycelium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which token admits what: the HTTP API and the mesh feed take any known token, a client ID only its own. */
class CredentialsTest {

    @Test
    void withNoTokenConfiguredEverythingIsAdmitted() {
        Credentials c = GatewayOptions.builder().build().credentials();
        assertThat(c.required()).isFalse();
        assertThat(c.admitsAny(null)).isTrue();
        assertThat(c.admitsClient("anyone", null)).isTrue();
    }

    @Test
    void theHttpApiAndTheFeedTakeTheSharedTokenOrAnyClientsOwn() {
        Credentials c = GatewayOptions.builder()
                .token("shared")
                .clientToken("alice", "a-key")
                .build()
                .credentials();
        assertThat(c.required()).isTrue();
        assertThat(c.admitsAny("shared")).isTrue();
        assertThat(c.admitsAny("a-key")).isTrue();
        assertThat(c.admitsAny("nope")).isFalse();
        assertThat(c.admitsAny(null)).isFalse();
    }

    @Test
    void aClientTokenAloneMakesTokensRequired() {
        Credentials c =
                GatewayOptions.builder().clientToken("alice", "a-key").build().credentials();
        assertThat(c.required()).isTrue();
        assertThat(c.admitsAny(null)).isFalse();
        assertThat(c.admitsClient("alice", "a-key")).isTrue();
        assertThat(c.admitsClient("bob", "a-key")).isFalse();
    }
}
