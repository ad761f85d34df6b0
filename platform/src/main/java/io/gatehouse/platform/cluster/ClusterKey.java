package io.gatehouse.platform.cluster;

import io.gatehouse.platform.secrets.SecretCipher;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** The key the nodes of a cluster encrypt their messages with. */
final class ClusterKey {

    private ClusterKey() {
    }

    /**
     * {@code gatehouse.cluster.key}; else derived from the one-time store's key ({@code gatehouse.secrets.key}, or
     * its key file), which every node of a cluster must share already: a key of its own for this purpose, so that
     * neither key tells anything of the other.
     */
    static SecretKey of(String clusterKey, String secretsKey, Path secretsKeyFile) {
        if (clusterKey != null && !clusterKey.isBlank()) {
            return new SecretKeySpec(SecretCipher.key("gatehouse.cluster.key", clusterKey, secretsKeyFile), "AES");
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(SecretCipher.key("gatehouse.secrets.key", secretsKey, secretsKeyFile),
                    "HmacSHA256"));
            return new SecretKeySpec(hmac.doFinal("gatehouse cluster key".getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
