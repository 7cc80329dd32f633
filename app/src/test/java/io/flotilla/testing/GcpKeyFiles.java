package io.flotilla.testing;

import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Real-looking service-account key files (a fresh RSA key, the fields Google's key files have), for tests. */
public final class GcpKeyFiles {
    private GcpKeyFiles() {
    }

    /** A key file's JSON for {@code clientEmail}, with a new 2048-bit RSA key and a random key id; tokens from {@code tokenUri}. */
    public static String keyJson(String clientEmail, String tokenUri) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("type", "service_account");
            key.put("project_id", clientEmail.substring(clientEmail.indexOf('@') + 1, clientEmail.indexOf('.')));
            key.put("private_key_id", UUID.randomUUID().toString().replace("-", "") + "0a1b2c3d");
            key.put("private_key", pem);
            key.put("client_email", clientEmail);
            key.put("client_id", "1049" + Math.abs(clientEmail.hashCode()) + "7725");
            key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
            key.put("token_uri", tokenUri);
            key.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
            key.put("universe_domain", "googleapis.com");
            return ObjectMapper.getDefault().writeValueAsString(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base64 body of the key's PEM (the part that must never leak), without line breaks. */
    public static String privateKeyBody(String keyJson) {
        try {
            String pem = (String) ObjectMapper.getDefault().readValue(keyJson, Map.class).get("private_key");
            return pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "").replace("\n", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
