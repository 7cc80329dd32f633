package io.flotilla.config.tls;

import io.flotilla.cluster.tls.Pem;
import io.micronaut.context.exceptions.ConfigurationException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Reads the instance certificate IT configured: PEM certificate and key files, or a key store. */
final class ConfiguredInstanceCertificate {
    private ConfiguredInstanceCertificate() {
    }

    /** Whether {@code config} names a certificate (else the appliance generates one). */
    static boolean configured(InstanceTlsConfig config) {
        return config.getCertificateFile() != null || config.getKeyFile() != null || config.getKeyStore() != null;
    }

    /** The configured certificate; ConfigurationException with a sentence IT can act on when it cannot be read. */
    static InstanceCertificate load(InstanceTlsConfig config) {
        if (config.getKeyStore() != null) {
            if (config.getCertificateFile() != null || config.getKeyFile() != null) {
                throw new ConfigurationException("Set either flotilla.instance-tls.key-store or flotilla.instance-tls.certificate-file"
                        + " and key-file, not both.");
            }
            return fromKeyStore(config.getKeyStore(), config.getKeyStoreType(), config.getKeyStorePassword());
        }
        if (config.getCertificateFile() == null || config.getKeyFile() == null) {
            throw new ConfigurationException("flotilla.instance-tls.certificate-file and flotilla.instance-tls.key-file go together:"
                    + " set both (PEM files), or neither to let the appliance generate its certificate.");
        }
        return fromPem(config.getCertificateFile(), config.getKeyFile());
    }

    private static InstanceCertificate fromPem(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(certificateFile)))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("Cannot read the instance TLS certificate " + certificateFile + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new ConfigurationException("The instance TLS certificate file " + certificateFile + " holds no PEM certificate.");
        }
        PrivateKey key;
        try {
            key = Pem.privateKey(Files.readString(keyFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("Cannot read the instance TLS key " + keyFile
                    + " (an unencrypted PEM private key is expected): " + e.getMessage(), e);
        }
        requireMatch(chain.get(0), key, certificateFile.toString());
        return new InstanceCertificate(key, chain, "file " + certificateFile);
    }

    private static InstanceCertificate fromKeyStore(Path path, String type, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, secret);
            for (String alias : Collections.list(store.aliases())) {
                Key key = store.isKeyEntry(alias) ? store.getKey(alias, secret) : null;
                if (key instanceof PrivateKey privateKey) {
                    Certificate[] chain = store.getCertificateChain(alias);
                    List<X509Certificate> certificates = Arrays.stream(chain).map(X509Certificate.class::cast).toList();
                    requireMatch(certificates.get(0), privateKey, path.toString());
                    return new InstanceCertificate(privateKey, certificates, "key store " + path);
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("Cannot read the instance TLS key store " + path + " (type " + type
                    + ", flotilla.instance-tls.key-store-password): " + e.getMessage(), e);
        }
        throw new ConfigurationException("The instance TLS key store " + path + " holds no private key entry.");
    }

    /** The key must be the certificate's: a signature made with it verifies with the certificate's public key. */
    private static void requireMatch(X509Certificate leaf, PrivateKey key, String where) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "flotilla instance tls".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("The instance TLS key in " + where + " cannot be checked against its certificate: "
                    + e.getMessage(), e);
        }
        throw new ConfigurationException("The instance TLS key does not belong to the certificate in " + where + ".");
    }
}
