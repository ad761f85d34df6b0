package io.gatehouse.directory.local;

import io.gatehouse.directory.Directory;
import io.gatehouse.directory.graph.GraphDirectory;
import io.gatehouse.directory.graph.GraphDirectoryConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Whichever side has the module gets exactly one directory: the local one unless graph mode is asked for. */
class LocalDirectoryConfigurationTest {

    final ApplicationContextRunner context = new ApplicationContextRunner()
            // never connected: making the adapters reads nothing
            .withBean(JdbcTemplate.class,
                    () -> new JdbcTemplate(new DriverManagerDataSource("jdbc:postgresql://nowhere/none")))
            .withConfiguration(AutoConfigurations.of(LocalDirectoryConfiguration.class,
                    GraphDirectoryConfiguration.class));

    @Test
    void bothAdaptersAreAutoConfigurationsOfTheModule() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
                .contains(LocalDirectoryConfiguration.class.getName(), GraphDirectoryConfiguration.class.getName());
    }

    @Test
    void theLocalDirectoryByDefaultAndInLocalMode() {
        context.run(context -> assertThat(context.getBean(Directory.class)).isInstanceOf(LocalDirectory.class));
        context.withPropertyValues("gatehouse.directory.mode=local")
                .run(context -> assertThat(context.getBean(Directory.class)).isInstanceOf(LocalDirectory.class));
    }

    @Test
    void graphModeLeavesTheLocalDirectoryOut() {
        context.withPropertyValues("gatehouse.directory.mode=graph", "gatehouse.directory.client-id=client",
                        "gatehouse.directory.client-secret=s3cret-value")
                .run(context -> {
                    assertThat(context).hasSingleBean(Directory.class).doesNotHaveBean(LocalDirectory.class);
                    assertThat(context.getBean(Directory.class)).isInstanceOf(GraphDirectory.class);
                });
    }
}
