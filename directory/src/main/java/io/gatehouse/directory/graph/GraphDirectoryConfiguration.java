package io.gatehouse.directory.graph;

import io.gatehouse.directory.Directory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** {@code gatehouse.directory.mode=graph}: the directory is Azure AD, through Microsoft Graph. */
@AutoConfiguration
@ConditionalOnProperty(name = "gatehouse.directory.mode", havingValue = "graph")
@EnableConfigurationProperties(GraphDirectoryProperties.class)
public class GraphDirectoryConfiguration {

    @Bean
    public Directory graphDirectory(GraphDirectoryProperties properties) {
        return new GraphDirectory(properties);
    }
}
