package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.testing.Api;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document against API.md: every operation there is here, and every operation says how it is
 * called (the bearer token) and how it answers trouble (problem documents), with the contract's headers.
 */
class OpenApiDocumentTest extends GatehouseIntegrationTest {

    private JsonNode document;

    @BeforeEach
    void served() {
        Api.Answer answer = api.anonymous().get("/v3/api-docs");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        document = answer.json();
    }

    @Test
    void everyOperationOfTheContractIsInTheDocument() throws IOException {
        Path contract = Stream.of(Path.of("../shared/API.md"), Path.of("../../shared/API.md"))
                .filter(Files::exists).findFirst().orElse(null);
        Assumptions.assumeTrue(contract != null, "API.md beside the repository");
        Matcher operations = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/api/[^`?]+)[^`]*`")
                .matcher(Files.readString(contract));
        List<String> missing = new ArrayList<>();
        int checked = 0;
        while (operations.find()) {
            String method = operations.group(1);
            for (String path : alternatives(operations.group(2))) {
                checked++;
                if (!served(method, path)) {
                    missing.add(method + " " + operations.group(2));
                }
            }
        }
        assertThat(checked).isGreaterThan(25);
        assertThat(missing).as("operations of API.md the document lacks").isEmpty();
    }

    @Test
    void everyOperationNeedsTheBearerTokenAndAnswersTroubleAsProblemDocuments() {
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/security/0").has("bearer")).isTrue();
        assertThat(document.at("/components/schemas/Problem/properties/errors/items/properties").has("field")).isTrue();
        forEachOperation((method, path, operation) -> {
            JsonNode responses = operation.get("responses");
            String name = method + " " + path;
            for (String status : List.of("400", "401", "403")) {
                assertThat(responses.at("/" + status + "/content/application~1problem+json/schema/$ref").asText())
                        .as(name + " " + status).endsWith("/Problem");
            }
            boolean read = method.equals("get");
            assertThat(responses.has("503")).as(name + " 503").isTrue();
            if (read) {
                assertThat(parameters(operation)).as(name).contains("Gatehouse-Min-Position");
            } else {
                assertThat(responses.has("409")).as(name + " 409").isTrue();
                Iterator<Map.Entry<String, JsonNode>> answers = responses.fields();
                while (answers.hasNext()) {
                    Map.Entry<String, JsonNode> answer = answers.next();
                    if (answer.getKey().startsWith("2") && path.startsWith("/api/v1/accounts")
                            && !path.contains("/directory/")) {
                        assertThat(answer.getValue().at("/headers").has("Gatehouse-Position"))
                                .as(name + " " + answer.getKey() + " Gatehouse-Position").isTrue();
                    }
                }
            }
            if (method.equals("post")) {
                assertThat(parameters(operation)).as(name).contains("Idempotency-Key");
                assertThat(responses.has("422")).as(name + " 422").isTrue();
            }
            if (parameters(operation).contains("If-Match")) {
                assertThat(responses.has("412")).as(name + " 412").isTrue();
            }
        });
        JsonNode changeAccess = document.at("/paths/~1api~1v1~1accounts~1{accountId}~1members~1{memberId}~1access/put");
        assertThat(parameters(changeAccess)).contains("If-Match");
        assertThat(changeAccess.at("/responses/200/headers").has("ETag")).isTrue();
        assertThat(document.at("/paths/~1api~1v1~1accounts~1{accountId}~1members~1{memberId}/get/responses/200/headers")
                .has("ETag")).isTrue();
    }

    /**
     * What a client generator reads: the document parses without a message, and no operation takes or answers
     * a free-form object (an object without properties), so every client gets types to work with. The NDJSON
     * stream of the history is a stream of the same items, not a document; history details differ by event.
     */
    @Test
    void aRealParserReadsTheDocumentAndNoRequestOrAnswerIsFreeForm() {
        String served = api.anonymous().get("/v3/api-docs").text();
        ParseOptions options = new ParseOptions();
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(served, null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        OpenAPI openApi = result.getOpenAPI();
        assertThat(openApi.getPaths()).hasSizeGreaterThan(20);
        List<String> freeForm = new ArrayList<>();
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            if (operation.getRequestBody() != null) {
                freeForm.addAll(freeForm(name + " request", operation.getRequestBody().getContent(), openApi));
            }
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("2")) {
                    freeForm.addAll(freeForm(name + " " + status, response.getContent(), openApi));
                }
            });
        }));
        assertThat(freeForm).as("requests and answers without a schema of their own").isEmpty();
    }

    private static List<String> freeForm(String name, Content content, OpenAPI openApi) {
        List<String> found = new ArrayList<>();
        if (content == null) {
            return found;
        }
        content.forEach((mediaType, media) -> {
            if (!mediaType.contains("json") || mediaType.contains("ndjson")) {
                return; // the NDJSON stream: lines of the paged items
            }
            if (isFreeForm(media.getSchema(), openApi)) {
                found.add(name + " " + mediaType);
            }
        });
        return found;
    }

    @SuppressWarnings("rawtypes")
    private static boolean isFreeForm(Schema schema, OpenAPI openApi) {
        if (schema == null) {
            return true;
        }
        if (schema.get$ref() != null) {
            String component = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            return isFreeForm(openApi.getComponents().getSchemas().get(component), openApi);
        }
        if (schema.getAllOf() != null || schema.getOneOf() != null || schema.getAnyOf() != null) {
            return false;
        }
        String type = schema.getType() != null ? schema.getType()
                : schema.getTypes() != null && schema.getTypes().size() == 1 ? (String) schema.getTypes().iterator().next()
                : null;
        if ("array".equals(type)) {
            return isFreeForm(schema.getItems(), openApi);
        }
        if (type != null && !"object".equals(type)) {
            return false; // a string, number or boolean
        }
        boolean hasProperties = schema.getProperties() != null && !schema.getProperties().isEmpty();
        boolean typedMap = schema.getAdditionalProperties() instanceof Schema values && !isFreeForm(values, openApi);
        return !hasProperties && !typedMap;
    }

    private boolean served(String method, String path) {
        Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            String pattern = entry.getKey().replaceAll("\\{[^}]+}", "[^/]+");
            if (path.matches(pattern) && entry.getValue().has(method.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** A path of API.md as concrete paths: {a|b} gives one per alternative, {name} a sample segment. */
    private static List<String> alternatives(String path) {
        Matcher choice = Pattern.compile("\\{([a-z]+(\\|[a-z]+)+)}").matcher(path);
        if (choice.find()) {
            List<String> all = new ArrayList<>();
            for (String option : choice.group(1).split("\\|")) {
                all.addAll(alternatives(path.substring(0, choice.start()) + option + path.substring(choice.end())));
            }
            return all;
        }
        return List.of(path.replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000"));
    }

    private static List<String> parameters(JsonNode operation) {
        return operation.path("parameters").findValuesAsText("name");
    }

    /** A table row of API.md that names its answer's status (`| `POST /api/...` | body | 201 ...`): the document says that one. */
    @Test
    void eachWriteIsDescribedWithTheStatusTheContractGives() throws IOException {
        Path contract = Stream.of(Path.of("../shared/API.md"), Path.of("../../shared/API.md"))
                .filter(Files::exists).findFirst().orElse(null);
        Assumptions.assumeTrue(contract != null, "API.md beside the repository");
        Matcher rows = Pattern.compile("(?m)^\\| `(GET|POST|PUT|PATCH|DELETE) (/api/[^`?]+)[^`]*` \\|(?:[^|]*\\|)?\\s*([1-5]\\d\\d)\\b")
                .matcher(Files.readString(contract));
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        while (rows.find()) {
            for (String path : alternatives(rows.group(2))) {
                JsonNode operation = operation(rows.group(1), path);
                List<String> successes = new ArrayList<>();
                operation.path("responses").fieldNames().forEachRemaining(code -> {
                    if (code.startsWith("2")) successes.add(code);
                });
                checked++;
                if (!successes.equals(List.of(rows.group(3)))) {
                    wrong.add(rows.group(1) + " " + rows.group(2) + ": " + successes + ", API.md " + rows.group(3));
                }
            }
        }
        assertThat(checked).isGreaterThan(15);
        assertThat(wrong).as("writes described with another status than API.md's").isEmpty();
    }

    /** The document's operation for a concrete path: the most specific of the paths that match it. */
    private JsonNode operation(String method, String path) {
        JsonNode best = null;
        int bestLiteral = -1;
        Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            String pattern = entry.getKey().replaceAll("\\{[^}]+}", "[^/]+");
            int literal = entry.getKey().replaceAll("\\{[^}]+}", "").length();
            JsonNode operation = entry.getValue().get(method.toLowerCase(Locale.ROOT));
            if (path.matches(pattern) && operation != null && literal > bestLiteral) {
                best = operation;
                bestLiteral = literal;
            }
        }
        assertThat(best).as(method + " " + path + " in the document").isNotNull();
        return best;
    }

    @Test
    void answersAreDescribedAsJsonAndSpringsErrorPathIsNoOperation() {
        assertThat(document.get("paths").has("/error")).as("/error in the document").isFalse();
        forEachOperation((method, path, operation) -> operation.path("responses").fields().forEachRemaining(answer ->
                assertThat(answer.getValue().path("content").has("*/*"))
                        .as(method + " " + path + " " + answer.getKey() + " says */*").isFalse()));
    }

    @Test
    void customPermissionsAreTheirAreasOnlyNotWhetherThereAreAny() {
        JsonNode properties = document.at("/components/schemas/CustomPermissions/properties");

        assertThat(properties.isObject()).as("CustomPermissions in the document").isTrue();
        assertThat(properties.has("empty")).as("CustomPermissions.empty").isFalse();
        assertThat(properties.has("account")).isTrue();
    }

    interface OperationCheck {
        void check(String method, String path, JsonNode operation);
    }

    private void forEachOperation(OperationCheck check) {
        Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        int operations = 0;
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                    check.check(method.getKey(), path.getKey(), method.getValue());
                    operations++;
                }
            }
        }
        assertThat(operations).isGreaterThan(25);
    }
}
