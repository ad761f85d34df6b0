package io.gatehouse.directory.testing;

import com.github.tomakehurst.wiremock.WireMockServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server over HTTPS only, on 127.0.0.1, that this JVM trusts. azure-identity accepts only an https
 * authority host, so the server gets a certificate for localhost made with keytool at test time, and the JVM
 * trusts it through the standard {@code javax.net.ssl.trustStore} setting, the same one production uses.
 */
public final class HttpsWireMock {

    private static final String STORE_PASSWORD = "changeit";

    private HttpsWireMock() {
    }

    /** Starts a server (stopped with the JVM); {@code containerThreads} serve requests concurrently. */
    public static WireMockServer start(int containerThreads) {
        Path keystore = trustedCertificate();
        WireMockServer server = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort()
                .bindAddress("127.0.0.1").keystorePath(keystore.toString()).keystoreType("PKCS12")
                .keystorePassword(STORE_PASSWORD).keyManagerPassword(STORE_PASSWORD)
                .containerThreads(containerThreads));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    /** A PKCS12 key store with a self-signed localhost certificate, also made the JVM's trust store. */
    private static Path trustedCertificate() {
        try {
            Path dir = Files.createTempDirectory("graph-double");
            Path keystore = dir.resolve("server.p12");
            Path certificate = dir.resolve("server.pem");
            Path truststore = dir.resolve("trust.p12");
            keytool("-genkeypair", "-alias", "graph", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-keystore", keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "graph", "-file", certificate.toString(),
                    "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
            keytool("-importcert", "-noprompt", "-alias", "graph", "-file", certificate.toString(),
                    "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
            // read when OkHttp builds its trust manager, i.e. when a GraphDirectory is made
            System.setProperty("javax.net.ssl.trustStore", truststore.toString());
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            System.setProperty("javax.net.ssl.trustStorePassword", STORE_PASSWORD);
            return keystore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
