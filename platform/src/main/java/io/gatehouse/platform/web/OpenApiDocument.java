package io.gatehouse.platform.web;

import io.gatehouse.platform.eventstore.EventPositions;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.Map;

/**
 * What every operation of the OpenAPI document shares, written once (API.md, "Conventions"): the bearer token, the
 * RFC 9457 problem answers, {@code Idempotency-Key} on POST, {@code If-Match} and the member's {@code ETag},
 * {@code Gatehouse-Position} on writes and {@code Gatehouse-Min-Position} on reads.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiDocument {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    public OpenAPI gatehouseOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Gatehouse").version("1")
                        .description("Who may use a Microsoft Partner Center account: the Users page as an API."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("An Azure AD (Entra ID) access token"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    public GlobalOpenApiCustomizer gatehouseConventions() {
        return openApi -> {
            if (openApi.getComponents() != null) {
                openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            }
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, operation) -> conventions(path, method, operation)));
        };
    }

    private static void conventions(String path, PathItem.HttpMethod method, Operation operation) {
        boolean read = method == PathItem.HttpMethod.GET;
        boolean ofOneThing = path.contains("{memberId}") || path.contains("{invitationId}")
                || path.contains("{credentialsId}") || path.contains("{tenantId}") || path.contains("{keyId}");
        boolean toAMember = !read && path.contains("{memberId}");
        // writes of the Users page store events; the local directory's and the operators' writes do not
        boolean storesEvents = !read && path.startsWith("/api/v1/accounts") && !path.contains("/directory/");
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponses responses = operation.getResponses();
        problem(responses, "400", "Bad input: one errors entry per bad field; nothing was changed");
        problem(responses, "401", "No valid bearer token");
        problem(responses, "403", "Not allowed, or another account's data");
        if (ofOneThing) {
            problem(responses, "404", "No such member, invitation, key or credentials in this account");
        }
        if (read) {
            parameter(operation, EventPositions.MIN_POSITION_HEADER, new IntegerSchema().format("int64"),
                    "Answer only once the projection has processed this position (waits up to 5 s, then 503)");
            problem(responses, "503", "The projection has not reached Gatehouse-Min-Position in time; see Retry-After");
        } else {
            problem(responses, "409", "The rules of the account refuse the write (a conflict), or a concurrent write got there first");
            problem(responses, "503", "The node that handles the write is unreachable; nothing was written; see Retry-After");
            responses.forEach((status, response) -> {
                if (status.startsWith("2") && storesEvents) {
                    response.addHeaderObject(EventPositions.POSITION_HEADER, new Header()
                            .description("The global position of the last event the write stored")
                            .schema(new IntegerSchema().format("int64")));
                    if (toAMember && !"204".equals(status)) {
                        response.addHeaderObject("ETag", new Header().description("The member's new version")
                                .schema(new StringSchema()));
                    }
                }
            });
        }
        if (method == PathItem.HttpMethod.POST) {
            parameter(operation, "Idempotency-Key", new StringSchema().maxLength(255),
                    "A retry with the same key and body within 24 h answers the first answer and has no second effect");
            problem(responses, "422", "The Idempotency-Key was used with another body");
        }
        if (toAMember && operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> "If-Match".equals(p.getName()))) {
            operation.getParameters().stream().filter(p -> "If-Match".equals(p.getName())).findFirst().orElseThrow()
                    .description("The member's ETag as read: the write answers 412 if the member has moved on");
            problem(responses, "412", "The member changed since the version given in If-Match");
        }
        if (read && path.endsWith("/members/{memberId}")) {
            ApiResponse ok = responses.get("200");
            if (ok != null) {
                ok.addHeaderObject("ETag", new Header().description("The member's version, for If-Match")
                        .schema(new StringSchema()));
            }
        }
    }

    private static void parameter(Operation operation, String name, Schema<?> schema, String description) {
        if (operation.getParameters() == null) {
            operation.setParameters(new ArrayList<>());
        }
        if (operation.getParameters().stream().noneMatch(p -> name.equals(p.getName()))) {
            Parameter header = new HeaderParameter().name(name).required(false).schema(schema).description(description);
            operation.addParametersItem(header);
        }
    }

    private static void problem(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description)
                    .content(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        ObjectSchema error = new ObjectSchema();
        error.properties(Map.of("field", new StringSchema().description("the bad field or list item, e.g. emails[1]"),
                "message", new StringSchema()));
        Schema problem = new ObjectSchema().description("An RFC 9457 problem document");
        problem.addProperty("type", new StringSchema().format("uri"));
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("instance", new StringSchema());
        problem.addProperty("errors", new ArraySchema().items(error)
                .description("one entry per bad field or list item (400)"));
        return problem;
    }
}
