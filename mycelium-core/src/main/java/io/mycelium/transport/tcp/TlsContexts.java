package io.mycelium.transport.tcp;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import javax.net.ssl.SSLException;

/** Netty TLS contexts from PEM files; the listener's and the dialer's side of every connection. */
record TlsContexts(SslContext server, SslContext client) {

    static TlsContexts create(TcpTransporterOptions.TlsOptions tls) {
        File cert = tls.certChain().toFile();
        File key = tls.privateKey().toFile();
        try {
            SslContextBuilder server = SslContextBuilder.forServer(cert, key)
                    .clientAuth(tls.mutual() ? ClientAuth.REQUIRE : ClientAuth.NONE);
            SslContextBuilder client = SslContextBuilder.forClient().keyManager(cert, key);
            tls.trustedCerts().ifPresent(trust -> {
                server.trustManager(trust.toFile());
                client.trustManager(trust.toFile());
            });
            return new TlsContexts(server.build(), client.build());
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot load TLS material: " + e.getMessage(), e);
        }
    }
}
