package io.gatehouse.directory.graph;

import io.gatehouse.directory.Directory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gatehouse.directory.mode=graph} turns Graph on; the client secret stays out of sight. */
class GraphDirectoryConfigurationTest {

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GraphDirectoryConfiguration.class));

    @Test
    void isAnAutoConfigurationOfTheModule() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
                .contains(GraphDirectoryConfiguration.class.getName());
    }

    @Test
    void graphModeMakesGraphTheDirectory() {
        context.withPropertyValues("gatehouse.directory.mode=graph",
                        "gatehouse.directory.graph-base-url=https://graph.microsoft.us/v1.0",
                        "gatehouse.directory.authority-host=https://login.microsoftonline.us/",
                        "gatehouse.directory.client-id=client", "gatehouse.directory.client-secret=s3cret-value",
                        "gatehouse.directory.graph-max-retries=2", "gatehouse.directory.read-timeout=45s")
                .run(context -> {
                    assertThat(context).hasSingleBean(Directory.class);
                    assertThat(context.getBean(Directory.class)).isInstanceOf(GraphDirectory.class);
                    GraphDirectoryProperties properties = context.getBean(GraphDirectoryProperties.class);
                    assertThat(properties.graphBaseUrl()).isEqualTo(URI.create("https://graph.microsoft.us/v1.0"));
                    assertThat(properties.graphRoot()).isEqualTo("https://graph.microsoft.us");
                    assertThat(properties.graphMaxRetries()).isEqualTo(2);
                    assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(properties.toString()).contains("client").doesNotContain("s3cret-value");
                    assertThat(((GraphDirectory) context.getBean(Directory.class)).requestAdapter("tenant-1")
                            .getBaseUrl()).isEqualTo("https://graph.microsoft.us/v1.0");
                });
    }

    /** A side whose own component scan covers this package must still get the directory once. */
    @Test
    void aComponentScanOverThePackageMakesNoSecondDirectory() {
        context.withUserConfiguration(ScanningSync.class)
                .withPropertyValues("gatehouse.directory.mode=graph", "gatehouse.directory.client-id=client",
                        "gatehouse.directory.client-secret=s3cret-value")
                .run(context -> assertThat(context).hasSingleBean(Directory.class));
    }

    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackageClasses = GraphDirectory.class)
    static class ScanningSync {
    }

    @Test
    void defaultsAreMicrosoftsPublicCloudWithoutSdkRetries() {
        context.withPropertyValues("gatehouse.directory.mode=graph", "gatehouse.directory.client-id=client",
                        "gatehouse.directory.client-secret=s3cret-value")
                .run(context -> {
                    GraphDirectoryProperties properties = context.getBean(GraphDirectoryProperties.class);
                    assertThat(properties.graphRoot() + "/.default").isEqualTo("https://graph.microsoft.com/.default");
                    assertThat(properties.authorityHost()).isEqualTo(URI.create("https://login.microsoftonline.com/"));
                    assertThat(properties.graphMaxRetries()).isZero();
                });
    }

    @Test
    void otherModesLeaveGraphOut() {
        context.run(context -> assertThat(context).doesNotHaveBean(Directory.class));
        context.withPropertyValues("gatehouse.directory.mode=local")
                .run(context -> assertThat(context).doesNotHaveBean(Directory.class));
    }

    @Test
    void graphModeWithoutTheAppRegistrationFailsAtStartWithoutShowingTheSecret() {
        context.withPropertyValues("gatehouse.directory.mode=graph", "gatehouse.directory.client-secret=s3cret-value")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("gatehouse.directory.client-id")
                        .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain("s3cret-value")));
    }

    @Test
    void anAuthorityHostWithoutHttpsFailsAtStart() {
        // azure-identity accepts only https authority hosts ("Authority host must use https scheme.")
        context.withPropertyValues("gatehouse.directory.mode=graph", "gatehouse.directory.client-id=client",
                        "gatehouse.directory.client-secret=s3cret-value",
                        "gatehouse.directory.authority-host=http://localhost:8089/")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("authority-host must be an https URL"));
    }

    private static String stackTrace(Throwable e) {
        var out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
