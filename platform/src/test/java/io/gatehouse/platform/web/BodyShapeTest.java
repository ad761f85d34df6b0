package io.gatehouse.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.access.Access;
import io.gatehouse.messaging.Rejection.FieldError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Values of the wrong type are all named before Jackson binds the rest, and dropped so that it can. */
class BodyShapeTest {

    record AddMembers(List<String> directoryObjectIds, Access access, Boolean sendEmail) {
    }

    private final ObjectMapper mapper = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // as Spring Boot

    private List<String> wrongFields(String json) throws Exception {
        JsonNode body = mapper.readTree(json);
        List<FieldError> errors = new ArrayList<>();
        BodyShape.check(body, AddMembers.class, "", false, errors);
        mapper.treeToValue(body, AddMembers.class); // what is left binds
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void everyValueOfTheWrongTypeIsNamed() throws Exception {
        assertThat(wrongFields("{\"directoryObjectIds\":\"abc\",\"access\":\"MANAGER\",\"sendEmail\":1}"))
                .containsExactlyInAnyOrder("directoryObjectIds", "access", "sendEmail");
        assertThat(wrongFields("{\"directoryObjectIds\":[\"a\",42,true],\"access\":{\"roles\":[\"MANAGER\",\"BOSS\"],"
                + "\"permissions\":{\"account\":{\"x\":\"WRITE\"},\"products\":{\"*\":{\"y\":\"READ\"}},\"z\":1}}}"))
                .containsExactlyInAnyOrder("directoryObjectIds[1]", "directoryObjectIds[2]", "access.roles[1]",
                        "access.permissions.account.x", "access.permissions.z");
    }

    @Test
    void aWellTypedBodyIsLeftAlone() throws Exception {
        assertThat(wrongFields("{\"directoryObjectIds\":[\"a\"],\"access\":{\"roles\":[\"MANAGER\"]},\"extra\":1}"))
                .isEmpty();
    }
}
