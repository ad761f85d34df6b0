package io.gatehouse.platform.cluster;

import io.gatehouse.platform.secrets.SecretCipher;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.file.Path;

/** The key the nodes of a cluster encrypt their messages with. */
final class ClusterKey {

    private ClusterKey() {
    }

    /** {@code gatehouse.cluster.key}; else derived from the one-time store's key ({@link SecretCipher#derivedKey}). */
    static SecretKey of(String clusterKey, String secretsKey, Path secretsKeyFile) {
        if (clusterKey != null && !clusterKey.isBlank()) {
            return new SecretKeySpec(SecretCipher.key("gatehouse.cluster.key", clusterKey, secretsKeyFile), "AES");
        }
        return new SecretKeySpec(SecretCipher.derivedKey(secretsKey, secretsKeyFile, "gatehouse cluster key"), "AES");
    }
}
