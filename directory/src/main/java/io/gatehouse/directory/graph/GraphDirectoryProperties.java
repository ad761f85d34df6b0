package io.gatehouse.directory.graph;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * {@code gatehouse.directory.*}: where Graph and its token endpoint are, and the one multi-tenant app registration
 * Gatehouse uses in every associated tenant. {@link #toString()} leaves the client secret out.
 *
 * @param graphMaxRetries how often the SDK itself retries a 429/503/504, sleeping in the caller's thread; 0 by
 *                        default because the saga retries durably, honouring {@code Retry-After}
 * @param connectTimeout  for Graph and the token endpoint
 * @param readTimeout     for Graph and the token endpoint; a write that times out is retried by the saga, which
 *                        first looks up what the timed-out try may have made, and later removes a duplicate that
 *                        landed after that look-up
 */
@ConfigurationProperties("gatehouse.directory")
public record GraphDirectoryProperties(
        @DefaultValue("local") String mode,
        @DefaultValue("https://graph.microsoft.com/v1.0") URI graphBaseUrl,
        @DefaultValue("https://login.microsoftonline.com/") URI authorityHost,
        String clientId,
        String clientSecret,
        @DefaultValue("0") int graphMaxRetries,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout) {

    public GraphDirectoryProperties {
        if (graphMaxRetries < 0 || graphMaxRetries > 10) {
            // the SDK's RetryHandlerOption refuses more than 10
            throw new IllegalArgumentException("gatehouse.directory.graph-max-retries must be 0 to 10");
        }
    }

    /** Graph's root without the version, e.g. {@code https://graph.microsoft.com}: the token audience. */
    public String graphRoot() {
        return graphBaseUrl.getScheme() + "://" + graphBaseUrl.getRawAuthority();
    }

    /** The base URL without a trailing slash, for {@code @odata.id} references. */
    public String graphBase() {
        String base = graphBaseUrl.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public String toString() {
        return "GraphDirectoryProperties[mode=" + mode + ", graphBaseUrl=" + graphBaseUrl + ", authorityHost="
                + authorityHost + ", clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? null : "***")
                + ", graphMaxRetries=" + graphMaxRetries + ", connectTimeout=" + connectTimeout + ", readTimeout="
                + readTimeout + "]";
    }
}
