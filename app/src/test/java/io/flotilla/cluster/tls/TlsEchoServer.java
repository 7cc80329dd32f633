package io.flotilla.cluster.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;

/**
 * A one-thread TLS server for tests: requires a client certificate, answers each byte it reads with
 * the same byte plus one, then closes the connection.
 */
final class TlsEchoServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final Thread acceptor;

    TlsEchoServer(SSLContext context) {
        try {
            socket = (SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        socket.setNeedClientAuth(true);
        acceptor = new Thread(this::serve, "tls-echo-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(5000);
                InputStream in = connection.getInputStream();
                int value = in.read();
                if (value >= 0) {
                    connection.getOutputStream().write(value + 1);
                    connection.getOutputStream().flush();
                }
            } catch (IOException e) {
                // A refused handshake ends that connection only; the next one is served.
            }
        }
    }

    @Override
    public void close() throws Exception {
        socket.close();
        acceptor.join(5000);
    }
}
