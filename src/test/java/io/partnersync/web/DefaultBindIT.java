package io.partnersync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** Without a setting, the page, the API and the webhooks listen on loopback only. */
@IntegrationTest
@DisplayName("Where the service listens by default")
class DefaultBindIT extends StoreTest {

    @LocalServerPort int port;
    @Autowired WebServerApplicationContext context;

    @Test
    @DisplayName("Tomcat is bound to 127.0.0.1: the port answers on loopback and is closed on every other address of this host")
    void loopbackOnly() throws IOException {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        Object address = server.getTomcat().getConnector().getProperty("address");
        assertThat(address).isInstanceOf(InetAddress.class);
        assertThat(((InetAddress) address).isLoopbackAddress()).as("bound to " + address).isTrue();

        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            assertThat(loopback.isConnected()).isTrue();
        }
        for (InetAddress other : otherAddresses()) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(other, port), 2_000);
                }
            }).as("port %d on %s", port, other).isInstanceOf(IOException.class);
        }
    }

    private static List<InetAddress> otherAddresses() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .toList();
    }
}
