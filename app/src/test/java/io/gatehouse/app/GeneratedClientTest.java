package io.gatehouse.app;

import io.gatehouse.platform.testing.Api;
import io.gatehouse.platform.testing.TestTokens;
import io.gatehouse.platform.testing.TestTokens.Person;
import org.junit.jupiter.api.Test;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Java client generated from the served OpenAPI document runs a scenario of the Users page: if the document
 * lacks an operation, a parameter or an answer's schema, the generated client does not compile or answers null.
 */
class GeneratedClientTest extends GatehouseIntegrationTest {

    private static final String PACKAGE = "io.gatehouse.generated";

    private final Person owner = TestTokens.person("Olivia Owner", TestTokens.newTenant());

    @Test
    void aGeneratedClientAddsAUserChangesItsAccessAndReadsItBack() throws Exception {
        Api.Answer served = api.anonymous().get("/v3/api-docs");
        assertThat(served.status()).as(served.toString()).isEqualTo(200);
        Path run = Files.createDirectories(Path.of("target", "generated-client")).resolve("run-" + System.nanoTime());
        Path document = Files.createDirectories(run).resolve("api-docs.json");
        Files.writeString(document, served.text(), StandardCharsets.UTF_8);

        Generated client = new Generated(compile(generate(document, run.resolve("sources")), run.resolve("classes")),
                "http://localhost:" + port, owner.token());

        Object created = client.call(client.api("AccountsAndTenantsApi"), "create",
                client.model("NewAccount", "displayName", "Contoso Games"), null);
        UUID accountId = UUID.fromString((String) Generated.get(created, "getAccountId"));

        Object directoryUser = client.call(client.api("DirectoryApi"), "put", accountId, "users",
                client.model("NewDirectoryObject", "displayName", "Ada Lovelace",
                        "userPrincipalName", "ada.lovelace@contoso.com"), null);
        String objectId = (String) Generated.get(directoryUser, "getId");
        assertThat(objectId).as("the directory's answer").isNotBlank();

        Object added = client.call(client.api("MembersApi"), "add", accountId, "users",
                client.model("AddMembers", "directoryObjectIds", List.of(objectId),
                        "access", client.roles("DEVELOPER")), null);
        List<?> members = (List<?>) Generated.get(added, "getMembers");
        assertThat(members).hasSize(1);
        assertThat(Generated.get(members.get(0), "getDirectoryObjectId")).isEqualTo(objectId);
        UUID memberId = UUID.fromString((String) Generated.get(members.get(0), "getMemberId"));

        Object changed = client.call(client.api("MembersApi"), "changeAccessWithHttpInfo", accountId, memberId,
                client.roles("MARKETER"), null);
        assertThat(Generated.get(changed, "getStatusCode")).isEqualTo(200);
        assertThat(roles(Generated.get(Generated.get(changed, "getData"), "getAccess"))).containsExactly("MARKETER");
        long position = Long.parseLong(Generated.header(changed, "Gatehouse-Position"));

        Object page = client.call(client.api("UsersListApi"), "members", accountId, null, null, null, null, null,
                null, null, position);
        List<?> items = (List<?>) Generated.get(page, "getItems");
        Object ada = items.stream().filter(item -> memberId.toString().equals(Generated.get(item, "getMemberId")))
                .findFirst().orElseThrow(() -> new AssertionError("Ada is not in the Users list: " + items));
        assertThat(Generated.get(ada, "getDisplayName")).isEqualTo("Ada Lovelace");
        assertThat(Generated.get(ada, "getDirectoryObjectId")).isEqualTo(objectId);
        assertThat(String.valueOf(Generated.get(ada, "getType"))).isEqualTo("user");
        assertThat(String.valueOf(Generated.get(ada, "getStatus"))).isEqualTo("ACTIVE");
        assertThat(roles(Generated.get(ada, "getAccess"))).containsExactly("MARKETER");
    }

    /** The role names of a generated {@code Access}: its enums print their JSON values. */
    private static List<String> roles(Object access) {
        assertThat(access).as("access").isNotNull();
        Collection<?> roles = (Collection<?>) Generated.get(access, "getRoles");
        assertThat(roles).as("roles").isNotNull();
        return roles.stream().map(String::valueOf).toList();
    }

    /**
     * The generated client, called by reflection: it exists only once the test runs. Models are built with their
     * fluent setters; enums from their JSON values.
     */
    private record Generated(ClassLoader loader, Object apiClient) {

        Generated(ClassLoader loader, String baseUri, String token) throws Exception {
            this(loader, loader.loadClass(PACKAGE + ".client.ApiClient").getConstructor().newInstance());
            call(apiClient, "updateBaseUri", baseUri);
            Consumer<HttpRequest.Builder> bearer = request -> request.header("Authorization", "Bearer " + token);
            call(apiClient, "setRequestInterceptor", bearer);
        }

        Object api(String name) throws Exception {
            return loader.loadClass(PACKAGE + ".api." + name).getConstructor(apiClient.getClass())
                    .newInstance(apiClient);
        }

        /** A model with the given properties, set through its fluent setters. */
        Object model(String name, Object... properties) throws Exception {
            Object model = loader.loadClass(PACKAGE + ".model." + name).getConstructor().newInstance();
            for (int i = 0; i < properties.length; i += 2) {
                call(model, (String) properties[i], properties[i + 1]);
            }
            return model;
        }

        /** An {@code Access} of roles, each added through {@code addRolesItem} as the generated enum. */
        Object roles(String... roles) throws Exception {
            Object access = model("Access");
            Method add = method(access.getClass(), "addRolesItem", 1);
            for (String role : roles) {
                Class<?> roleType = add.getParameterTypes()[0];
                add.invoke(access, roleType.getMethod("fromValue", String.class).invoke(null, role));
            }
            return access;
        }

        Object call(Object target, String name, Object... arguments) throws Exception {
            try {
                return method(target.getClass(), name, arguments.length).invoke(target, arguments);
            } catch (InvocationTargetException e) {
                throw new AssertionError(name + ": " + e.getCause(), e.getCause());
            }
        }

        static Object get(Object target, String getter) {
            try {
                return method(target.getClass(), getter, 0).invoke(target);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(getter + " of " + target.getClass().getSimpleName(), e);
            }
        }

        /** A header of a {@code ...WithHttpInfo} answer, by its name in any case. */
        static String header(Object apiResponse, String name) {
            Map<?, ?> headers = (Map<?, ?>) get(apiResponse, "getHeaders");
            return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase((String) e.getKey()))
                    .map(e -> ((List<?>) e.getValue()).get(0).toString()).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " not among " + headers.keySet()));
        }

        private static Method method(Class<?> type, String name, int parameters) {
            return Arrays.stream(type.getMethods())
                    .filter(m -> m.getName().equals(name) && m.getParameterCount() == parameters).findFirst()
                    .orElseThrow(() -> new AssertionError(type.getSimpleName() + " has no " + name + " with "
                            + parameters + " parameters: the document lacks it"));
        }
    }

    private static Path generate(Path document, Path sources) {
        CodegenConfigurator configurator = new CodegenConfigurator()
                .setGeneratorName("java")
                .setLibrary("native")
                .setInputSpec(document.toUri().toString())
                .setOutputDir(sources.toString())
                .setApiPackage(PACKAGE + ".api")
                .setModelPackage(PACKAGE + ".model")
                .setInvokerPackage(PACKAGE + ".client")
                .addAdditionalProperty("useJakartaEe", true)
                .addAdditionalProperty("hideGenerationTimestamp", true)
                // the models' URL query helpers mishandle sets of enums; the scenario sends JSON bodies only
                .addAdditionalProperty("supportUrlQuery", false)
                // named enums: two inline maps of enums in one model would both be called InnerEnum
                .addInlineSchemaOption("RESOLVE_INLINE_ENUMS", "true")
                .addGlobalProperty("apiTests", "false")
                .addGlobalProperty("modelTests", "false")
                .addGlobalProperty("apiDocs", "false")
                .addGlobalProperty("modelDocs", "false");
        DefaultGenerator generator = new DefaultGenerator();
        generator.setGenerateMetadata(false);
        List<File> files = generator.opts(configurator.toClientOptInput()).generate();
        assertThat(files).as("generated files").isNotEmpty();
        return sources.resolve("src/main/java");
    }

    /** Compiles the generated sources against the tests' class path; answers a loader of the classes. */
    private static ClassLoader compile(Path sources, Path classes) throws IOException {
        Files.createDirectories(classes);
        List<File> javaFiles;
        try (Stream<Path> walk = Files.walk(sources)) {
            javaFiles = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            // surefire may start the tests from a manifest-only jar: then the real class path is in this property
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            boolean compiled = javac.getTask(null, files, diagnostics,
                    List.of("-classpath", classPath, "-d", classes.toString(), "-proc:none", "-nowarn",
                            "-encoding", "UTF-8"),
                    null, files.getJavaFileObjectsFromFiles(javaFiles)).call();
            assertThat(compiled).as("the generated client compiles: " + diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR).limit(20).toList()).isTrue();
        }
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, GeneratedClientTest.class.getClassLoader());
    }
}
