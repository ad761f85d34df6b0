package io.gatehouse.directory.graph;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.core.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link GraphServiceClient} per tenant, each with its own client-secret credential of the one multi-tenant app
 * registration (a credential, and MSAL's token cache, belong to one tenant). All of them share one OkHttp connection
 * pool, also used for the token endpoint.
 */
class GraphClients {

    private final GraphDirectoryProperties properties;
    private final OkHttpClient graphHttp;
    private final HttpClient tokenHttp;
    private final Map<String, GraphServiceClient> byTenant = new ConcurrentHashMap<>();

    GraphClients(GraphDirectoryProperties properties) {
        if (isBlank(properties.clientId()) || isBlank(properties.clientSecret())) {
            throw new IllegalStateException("gatehouse.directory.mode=graph needs gatehouse.directory.client-id "
                    + "and gatehouse.directory.client-secret");
        }
        if (!"https".equalsIgnoreCase(properties.authorityHost().getScheme())) {
            // azure-identity refuses it too, but only at the first token request
            throw new IllegalStateException("gatehouse.directory.authority-host must be an https URL");
        }
        this.properties = properties;
        // Graph's middleware (retry, redirect, telemetry) with our retry count; no call timeout beyond the
        // connect and read timeouts, so that a configured read timeout is never cut short by the SDK's 100 s
        RequestOption[] options = {new RetryHandlerOption(null, properties.graphMaxRetries(),
                RetryHandlerOption.DEFAULT_DELAY)};
        this.graphHttp = GraphClientFactory.create(GraphClientFactory.createDefaultGraphInterceptors(options))
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .writeTimeout(properties.readTimeout())
                .callTimeout(Duration.ZERO)
                .addInterceptor(GraphClients::withoutForeignErrorBody)
                .build();
        // the token endpoint: same pool and timeouts, none of Graph's middleware
        OkHttpClient.Builder plain = graphHttp.newBuilder();
        plain.interceptors().clear();
        this.tokenHttp = new OkHttpAsyncHttpClientBuilder(plain.build())
                .connectionTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .writeTimeout(properties.readTimeout())
                .responseTimeout(properties.readTimeout())
                .build();
    }

    GraphServiceClient forTenant(String tenantId) {
        return byTenant.computeIfAbsent(tenantId, this::create);
    }

    private GraphServiceClient create(String tenantId) {
        TokenCredential credential = new ClientSecretCredentialBuilder()
                .authorityHost(properties.authorityHost().toString())
                .tenantId(tenantId)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                // an authority that is not Microsoft's (a national cloud, a test double) has no instance metadata
                .disableInstanceDiscovery()
                .httpClient(tokenHttp)
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions()
                        .setMaxRetries(properties.graphMaxRetries())))
                .build();
        // the SDK sends a token only to hosts it allows: Microsoft's clouds by default, so name the configured one
        var authentication = new AzureIdentityAuthenticationProvider(credential,
                new String[] {properties.graphBaseUrl().getHost()}, properties.graphRoot() + "/.default");
        return new GraphServiceClient(new BaseGraphRequestAdapter(authentication, properties.graphBase(), graphHttp));
    }

    /**
     * A gateway's HTML error page makes the SDK fail on the content type, losing the status code; without the body
     * it throws an ApiException with the status, which maps like any other.
     */
    private static Response withoutForeignErrorBody(Interceptor.Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        MediaType type = response.body() == null ? null : response.body().contentType();
        if (response.code() < 400 || type == null || type.subtype().toLowerCase(java.util.Locale.ROOT).endsWith("json")) {
            return response;
        }
        response.close();
        return response.newBuilder().removeHeader("Content-Type")
                .body(ResponseBody.create(new byte[0], null)).build();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
